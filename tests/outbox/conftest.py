"""Fixtures shared with the people tests, and a real mail server for the outage tests."""

from __future__ import annotations

import smtplib
from collections.abc import Iterator

import pytest
from flask import Flask

from tests.outbox.mailserver import MailServer
from tests.people.conftest import as_secretary, secretary  # noqa: F401

# Kept before any test runs, when nothing has replaced them yet.
_REAL_SMTP = {cls: cls.__dict__["__init__"] for cls in (smtplib.SMTP, smtplib.SMTP_SSL)}


@pytest.fixture
def real_smtp(_no_real_email: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Lets this test's email reach a real mail server (its own, on 127.0.0.1): undoes the
    suite's guard for this test only."""
    for cls, init in _REAL_SMTP.items():
        monkeypatch.setattr(cls, "__init__", init)


@pytest.fixture
def mail_server() -> Iterator[MailServer]:
    """A real SMTP server, accepting to begin with; see tests/outbox/mailserver.py."""
    server = MailServer().set("accept")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def mailing_app(
    app: Flask, real_smtp: None, mail_server: MailServer, monkeypatch: pytest.MonkeyPatch
) -> Flask:
    """The app sending its email to ``mail_server``, waiting at most half a second for it."""
    monkeypatch.setitem(app.config, "MAIL_SERVER", mail_server.host)
    monkeypatch.setitem(app.config, "MAIL_PORT", mail_server.port)
    monkeypatch.setitem(app.config, "MAIL_TIMEOUT", 0.5)
    monkeypatch.setitem(app.config, "MAIL_USE_TLS", False)
    monkeypatch.setitem(app.config, "MAIL_USE_SSL", False)
    monkeypatch.setitem(app.config, "MAIL_USERNAME", None)
    return app
