"""Shared set-up for the meetings tests: a Council meeting with members-only details."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from governors.meetings.models import Meeting
from tests import factories
from tests.meetings.helpers import NOTES, VIDEO


@pytest.fixture
def meeting(app) -> Meeting:
    """Thursday 21 January 2027 at 14:00 (GMT), with notes and a video link for members."""
    return factories.MeetingFactory(
        starts_at=datetime(2027, 1, 21, 14, 0, tzinfo=UTC), notes=NOTES, video_link=VIDEO
    )
