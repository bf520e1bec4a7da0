"""Shared set-up for the request and document tests: a Council meeting on Thursday
21 January 2027, and London wall-clock moments for the clock."""

from __future__ import annotations

from datetime import datetime

import pytest
import sqlalchemy as sa

from governors.extensions import db
from governors.meetings.models import Meeting
from governors.outbox.models import OutboxMessage
from governors.timeutil import LONDON
from tests import factories

MEETING_START = datetime(2027, 1, 21, 14, 0, tzinfo=LONDON)
# What a governor fills in on the "propose an item" form, without the meeting.
PROPOSAL = {
    "title": "Waiting times for community mental health assessments",
    "purpose": "discuss",
    "session": "public",
    "private_reason": "",
    "note_to_chair": "Service users in the east of the county wait over 18 weeks.",
    "presenter_choice": "self",
}


def at(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    """A Europe/London wall-clock moment."""
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def meeting(app) -> Meeting:
    return factories.MeetingFactory(starts_at=MEETING_START)


@pytest.fixture
def later_meeting(app) -> Meeting:
    return factories.MeetingFactory(starts_at=at(2027, 3, 18, 14))


def emails_to(address: str) -> list[OutboxMessage]:
    """The emails queued for ``address``, oldest first."""
    return list(
        db.session.scalars(
            sa.select(OutboxMessage)
            .where(OutboxMessage.to_address == address)
            .order_by(OutboxMessage.id)
        )
    )
