"""The one clock of the test suite.

Every test runs on a frozen clock, sign-in included. It stands at the moment named by the
test's ``clock`` marker, or else at the suite's starting moment: the real time, moved by
``GOVERNORS_TEST_CLOCK`` when that is set (CI runs one suite a long way ahead, so a test that
only passes before some date fails the day it is written). A test moves the clock with
``clock.move_to(moment)`` or ``clock.advance(days=1)``.

The clock never moves back past a sign-in: the signed session would then be dated in the
future and refused. Put the moment on the test's marker instead, so sign-in happens there.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

import time_machine
from flask_login import user_logged_in

from governors.timeutil import LONDON

SETTING = "GOVERNORS_TEST_CLOCK"
MARKER = "clock"


def parse_setting(value: str, now: datetime) -> datetime:
    """``GOVERNORS_TEST_CLOCK``: a whole number of days to move (``500``, ``-30``) or a date
    or moment to start from (``2029-02-28``, ``2029-02-28T09:00``, London time if naive)."""
    text = value.strip()
    try:
        return now + timedelta(days=int(text))
    except ValueError:
        pass
    try:
        return as_moment(datetime.fromisoformat(text))
    except ValueError:
        raise ValueError(
            f"{SETTING}={value!r}: give a number of days (500) or a date (2029-02-28)"
        ) from None


def as_moment(value: datetime | date | str) -> datetime:
    """An aware moment from a marker's argument: naive times and dates are London's."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day, 12, 0)
    if value.tzinfo is None:
        value = value.replace(tzinfo=LONDON)
    return value


class SessionClock:
    """Moves the whole test run's clock once, for ``GOVERNORS_TEST_CLOCK``; it ticks on."""

    def __init__(self) -> None:
        self._traveller: time_machine.travel | None = None

    def start(self) -> None:
        value = os.environ.get(SETTING, "").strip()
        if not value:
            return
        self._traveller = time_machine.travel(parse_setting(value, datetime.now(UTC)), tick=True)
        self._traveller.start()

    def stop(self) -> None:
        if self._traveller is not None:
            self._traveller.stop()
            self._traveller = None


class Clock:
    """A frozen clock for one test."""

    def __init__(self, start: datetime) -> None:
        self._now = start
        self._signed_in_at: datetime | None = None
        self._traveller = time_machine.travel(start, tick=False)

    @property
    def now(self) -> datetime:
        return self._now

    def move_to(self, moment: datetime | date | str) -> datetime:
        moment = as_moment(moment)
        if self._signed_in_at is not None and moment < self._signed_in_at:
            raise AssertionError(
                f"the clock cannot move back to {moment:%Y-%m-%d %H:%M %Z} after a sign-in at "
                f"{self._signed_in_at:%Y-%m-%d %H:%M %Z}: mark the test "
                f"@pytest.mark.clock(...) so it signs in at that moment"
            )
        self._coordinates.move_to(moment)
        self._now = moment
        return moment

    def advance(self, **delta: float) -> datetime:
        """Moves on by a ``timedelta``'s keywords: ``clock.advance(days=13)``."""
        return self.move_to(self._now + timedelta(**delta))

    def _noticed_sign_in(self, sender: Any, **extra: Any) -> None:
        self._signed_in_at = self._now

    @contextmanager
    def running(self) -> Iterator[Clock]:
        self._coordinates = self._traveller.start()
        user_logged_in.connect(self._noticed_sign_in)
        try:
            yield self
        finally:
            user_logged_in.disconnect(self._noticed_sign_in)
            self._traveller.stop()


class LiveClock:
    """Browser tests share one live server and its sign-ins across tests: real time (moved
    by ``GOVERNORS_TEST_CLOCK``), never frozen or moved by a test."""

    @property
    def now(self) -> datetime:
        return datetime.now(UTC)

    def move_to(self, moment: object) -> datetime:
        raise AssertionError("browser tests run on the live server's clock, which cannot move")

    advance = move_to
