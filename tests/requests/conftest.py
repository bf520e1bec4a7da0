"""Shared set-up for the request and document tests: a Council meeting on Thursday
21 January 2027, and a clock to move."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
import time_machine

from governors.meetings.models import Meeting
from governors.timeutil import LONDON
from tests import factories

MEETING_START = datetime(2027, 1, 21, 14, 0, tzinfo=LONDON)


def at(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    """A Europe/London wall-clock moment."""
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def meeting(app) -> Meeting:
    return factories.MeetingFactory(starts_at=MEETING_START)


@pytest.fixture
def later_meeting(app) -> Meeting:
    return factories.MeetingFactory(starts_at=at(2027, 3, 18, 14))


@pytest.fixture
def travel() -> Iterator[object]:
    """Move the clock: ``travel(at(2027, 1, 3, 14, 2))``; undone after the test."""
    travellers: list[time_machine.travel] = []

    def go(moment: datetime) -> None:
        if travellers:
            travellers.pop().stop()
        traveller = time_machine.travel(moment, tick=False)
        traveller.start()
        travellers.append(traveller)

    yield go
    for traveller in travellers:
        traveller.stop()
