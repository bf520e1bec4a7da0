"""Test harness: the schema built by migrations, each test in a rolled-back transaction."""

from __future__ import annotations

import contextlib
import os
import smtplib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask
from flask.globals import _cv_app
from flask.testing import FlaskClient
from flask_sqlalchemy.session import Session

from governors import create_app
from governors.extensions import db
from tests import factories
from tests.clock import MARKER, Clock, LiveClock, SessionClock, as_moment
from tests.databases import fresh_database

TEST_PASSWORD = factories.TEST_PASSWORD
_session_clock = SessionClock()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"{MARKER}(moment): the test's frozen clock starts at this moment"
    )
    _session_clock.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    _session_clock.stop()


@pytest.fixture(autouse=True)
def clock(request: pytest.FixtureRequest) -> Iterator[Clock | LiveClock]:
    """The frozen clock of every test (see tests/clock.py): ``clock.move_to(moment)``."""
    if "live_server" in request.fixturenames:
        yield LiveClock()
        return
    marker = request.node.get_closest_marker(MARKER)
    start = as_moment(marker.args[0]) if marker else datetime.now(UTC)
    with Clock(start).running() as frozen:
        yield frozen


def _database_url(tmp_path_factory: pytest.TempPathFactory, worker: str) -> Iterator[str]:
    """A fresh database per test process: SQLite file, or a new PostgreSQL database."""
    with fresh_database(
        os.environ.get("TEST_DATABASE_URL"),
        tmp_path_factory.mktemp("db") / "test.sqlite3",
        f"governors_test_{worker}",
    ) as url:
        yield url


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Iterator[str]:
    yield from _database_url(tmp_path_factory, worker_id)


class FreshGlobalsClient(FlaskClient):
    """Gives every request its own ``g``, as a real server does.

    Tests keep an app context open (for the rolled-back session), and Flask reuses an open
    app context for requests, so without this every request in a test would share ``g``:
    the signed-in user Flask-Login caches there, the CSRF token and the CSP nonce.
    """

    def open(self, *args: object, **kwargs: object):  # type: ignore[override]
        context = _cv_app.get(None)
        if context is None or context.app is not self.application:
            return super().open(*args, **kwargs)
        kept = context.g
        context.g = self.application.app_ctx_globals_class()
        try:
            return super().open(*args, **kwargs)
        finally:
            context.g = kept


def make_app(database_url: str, instance_path: Path, **overrides: object) -> Flask:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_SECURE": False,
        "UPLOAD_FOLDER": str(instance_path / "uploads"),
        "SERVER_NAME": "localhost",
        "GOVERNORS_BASE_URL": "http://localhost",
    } | overrides
    app = create_app(config)
    app.test_client_class = FreshGlobalsClient
    return app


@pytest.fixture(scope="session")
def app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    from flask_migrate import upgrade

    app = make_app(database_url, tmp_path_factory.mktemp("instance"))
    with app.app_context():
        upgrade()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def fresh_app(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Iterator[Flask]:
    """An app on a new, empty database of the kind under test (never the shared one)."""
    fresh = contextlib.contextmanager(_database_url)
    with fresh(tmp_path_factory, f"fresh_{worker_id}") as url:
        app = make_app(url, tmp_path_factory.mktemp("instance"))
        with app.app_context():
            try:
                yield app
            finally:
                db.session.remove()
                db.engine.dispose()


class _ConnectionSession(Session):
    """Uses the test's connection. Flask-SQLAlchemy's session picks the app's engine for
    every mapped table and ignores a session-wide ``bind``, which would let commits out."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        return bind if bind is not None else self.bind


@pytest.fixture(autouse=True)
def _isolated_transaction(request: pytest.FixtureRequest) -> Iterator[None]:
    """Wrap each test using the database in a transaction that is rolled back afterwards.

    Code under test may commit: with ``create_savepoint`` its commits release savepoints
    inside the outer transaction, so nothing outlives the test. SQLite's driver starts no
    transaction before a SAVEPOINT (releasing it would commit), so it gets an explicit BEGIN.
    """
    if "app" not in request.fixturenames:
        yield
        return
    app: Flask = request.getfixturevalue("app")
    with app.app_context():
        connection = db.engine.connect()
        outer = connection.begin()
        raw = connection.connection.dbapi_connection
        if connection.dialect.name == "sqlite" and not raw.in_transaction:
            connection.exec_driver_sql("BEGIN")
        original = db.session
        db.session = db._make_scoped_session(
            {
                "class_": _ConnectionSession,
                "bind": connection,
                "join_transaction_mode": "create_savepoint",
            }
        )
        factories.bind(db.session)
        try:
            yield
        finally:
            db.session.remove()
            db.session = original
            outer.rollback()
            connection.close()


@pytest.fixture(autouse=True)
def _no_real_email(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any test that tries to reach a real mail server fails."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a test tried to send real email; use the outbox instead")

    monkeypatch.setattr(smtplib.SMTP, "__init__", refuse)
    monkeypatch.setattr(smtplib.SMTP_SSL, "__init__", refuse)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


class SignIn:
    """Signs a test client in through the real sign-in form."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def __call__(self, user: object, password: str = TEST_PASSWORD) -> FlaskClient:
        # Whoever was signed in signs out first: the sign-in page sends a signed-in person
        # home without asking, so the next person would never be signed in.
        self.client.post("/account/sign-out")
        response = self.client.post(
            "/account/sign-in", data={"email": user.email, "password": password}
        )
        assert response.status_code == 302, "sign-in failed in test set-up"
        return self.client


@pytest.fixture
def sign_in(client: FlaskClient) -> SignIn:
    return SignIn(client)
