"""Shared set-up for the meetings tests: a clock that stands still and a Council meeting."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import time_machine

from governors.meetings.models import Meeting
from tests import factories
from tests.meetings.helpers import NOTES, TODAY, VIDEO


@pytest.fixture
def frozen_clock() -> Iterator[None]:
    """The clock stands at ``TODAY`` for the whole test (modules opt in with usefixtures)."""
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def meeting(app) -> Meeting:
    """Thursday 21 January 2027 at 14:00 (GMT), with notes and a video link for members."""
    return factories.MeetingFactory(
        starts_at=datetime(2027, 1, 21, 14, 0, tzinfo=UTC), notes=NOTES, video_link=VIDEO
    )
