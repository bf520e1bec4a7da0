"""Helpers for the people, council, audit, outbox and foundation tests.

The other folders import these fixtures from here.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
import sqlalchemy as sa

from governors.extensions import db
from governors.outbox.models import OutboxMessage
from tests import factories


def outbox() -> list[OutboxMessage]:
    return list(db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))


def link_in(message: OutboxMessage) -> str:
    """The first web address in an email's text."""
    found = re.search(r"https?://\S+", message.body_text)
    assert found, "the email has no link"
    return found.group(0)


def page_text(response) -> str:
    """A page's visible text with the markup and extra spaces taken out."""
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", html)
    text = text.replace("&#39;", "'").replace("&amp;", "&").replace("&quot;", '"')
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r" ([,.;:])", r"\1", text)


@pytest.fixture
def secretary(app) -> object:
    return factories.secretary(name="Sam Okafor", email="sam.okafor@example.org")


@pytest.fixture
def as_secretary(client, sign_in, secretary) -> Callable:
    sign_in(secretary)
    return client
