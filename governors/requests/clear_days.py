"""When is a governor's agenda request in time?

The trust constitution says:

    "A governor desiring a matter to be included on the agenda shall make the
    request in writing to the chair at least 10 Clear Days before the meeting.
    Requests made less than 10 Clear Days before may be included at the chair's
    discretion."

Clear days are the whole days strictly between the day a request is received
and the day of the meeting: neither the day of receipt nor the meeting day
counts. How many days, which days count (every day, or only working days in a
UK nation) and an optional end-of-day cut-off are a council setting, held here
as a :class:`ClearDaysRule`.

Everything is judged on the Europe/London calendar, whatever zone a timestamp
arrives in. The deadline is the last local date on which a request is still in
time; :func:`received_in_time` is defined as "received on or before the
deadline" so the two can never disagree.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo

import holidays

LONDON = ZoneInfo("Europe/London")


class Counting(StrEnum):
    """Which days count as clear days."""

    CALENDAR = "calendar"
    WORKING = "working"

    @property
    def label(self) -> str:
        return _COUNTINGS[self][0]

    @property
    def hint(self) -> str:
        return _COUNTINGS[self][1]


_COUNTINGS = {
    Counting.CALENDAR: (
        "Every day (calendar days)",
        "Every day between the request and the meeting counts, including weekends "
        "and bank holidays.",
    ),
    Counting.WORKING: (
        "Working days only",
        "Only Monday to Friday count, and not bank holidays.",
    ),
}


class Nation(StrEnum):
    """The UK nation whose bank holidays are not working days."""

    ENGLAND = "england"
    WALES = "wales"
    SCOTLAND = "scotland"
    NORTHERN_IRELAND = "northern-ireland"

    @property
    def label(self) -> str:
        return _NATIONS[self][0]

    @property
    def subdivision(self) -> str:
        """Its code in the `holidays` package's calendar for the UK ("GB")."""
        return _NATIONS[self][1]


_NATIONS = {
    Nation.ENGLAND: ("England", "ENG"),
    Nation.WALES: ("Wales", "WLS"),
    Nation.SCOTLAND: ("Scotland", "SCT"),
    Nation.NORTHERN_IRELAND: ("Northern Ireland", "NIR"),
}

COUNTINGS = tuple(counting.value for counting in Counting)
NATIONS = tuple(nation.value for nation in Nation)


def _allowed(values: tuple[str, ...]) -> str:
    quoted = [repr(v) for v in values]
    return ", ".join(quoted[:-1]) + f" or {quoted[-1]}"


@dataclass(frozen=True)
class ClearDaysRule:
    """The council's clear-days setting.

    days: how many clear days a request needs (the constitution says 10).
    counting: "calendar" (every day counts) or "working" (Saturdays, Sundays
        and the nation's bank holidays, including substitute days, don't count).
    nation: whose bank holidays apply when counting working days.
    cutoff: a naive Europe/London wall-clock time. A request received at or
        after it counts as received the next day; one received before it counts
        as received that day. So with a 17:00 cut-off, 16:59:59 is the same day
        and 17:00:00 exactly is the next day. None means the whole day counts.
    """

    days: int = 10
    counting: str = "calendar"
    nation: str = "england"
    cutoff: dt.time | None = None

    def __post_init__(self) -> None:
        # bool is a subclass of int; True clear days is a bug, not a setting.
        if isinstance(self.days, bool) or not isinstance(self.days, int):
            raise ValueError(f"days must be a whole number of 0 or more, not {self.days!r}")
        if self.days < 0:
            raise ValueError(f"days must be 0 or more, not {self.days}")
        if self.counting not in COUNTINGS:
            raise ValueError(f"counting must be {_allowed(COUNTINGS)}, not {self.counting!r}")
        if self.nation not in NATIONS:
            raise ValueError(f"nation must be {_allowed(NATIONS)}, not {self.nation!r}")
        if self.cutoff is not None:
            if not isinstance(self.cutoff, dt.time):
                raise ValueError(
                    f"cutoff must be a datetime.time (Europe/London wall clock) or None, "
                    f"not {self.cutoff!r}"
                )
            if self.cutoff.tzinfo is not None:
                raise ValueError(
                    "cutoff must be a naive datetime.time, read as Europe/London "
                    f"wall-clock time, not one with tzinfo {self.cutoff.tzinfo!r}"
                )
            # Every time of day is at or after midnight, so a midnight cut-off
            # would silently push every request back a day.
            if self.cutoff == dt.time(0, 0):
                raise ValueError(
                    "cutoff must be later than 00:00 (midnight would move every request "
                    "to the next day); use None for no cut-off"
                )

    def describe(self) -> str:
        """The setting in plain English, for settings pages and notices."""
        noun = "day" if self.days == 1 else "days"
        if self.counting == Counting.CALENDAR:
            text = f"{self.days} clear {noun} (weekends and bank holidays count)"
        else:
            text = (
                f"{self.days} clear working {noun} "
                f"(weekends and bank holidays in {Nation(self.nation).label} do not count)"
            )
        if self.cutoff is not None:
            shown = f"{self.cutoff:%H:%M:%S}" if self.cutoff.second else f"{self.cutoff:%H:%M}"
            text += f", requests at or after {shown} count as received the next day"
        return text


@functools.lru_cache(maxsize=256)
def _bank_holidays(nation: str, year: int) -> frozenset[dt.date]:
    # One year at a time, on demand: the `holidays` data is offline, but
    # building it is slow enough to be worth caching per (nation, year).
    return frozenset(
        holidays.country_holidays("GB", subdiv=Nation(nation).subdivision, years=year).keys()
    )


def _check_rule(rule: object) -> None:
    if not isinstance(rule, ClearDaysRule):
        raise ValueError(f"rule must be a ClearDaysRule, not {type(rule).__name__}")


def _check_day(value: object, name: str) -> None:
    # datetime is a subclass of date; a datetime here usually means someone
    # skipped the Europe/London conversion, so refuse rather than truncate.
    if isinstance(value, dt.datetime):
        raise ValueError(
            f"{name} must be a date, not a datetime; convert to the Europe/London date first"
        )
    if not isinstance(value, dt.date):
        raise ValueError(f"{name} must be a date, not {type(value).__name__}")


def is_counted_day(day: dt.date, rule: ClearDaysRule) -> bool:
    """Whether `day` counts towards the clear days under `rule`."""
    _check_day(day, "day")
    _check_rule(rule)
    if rule.counting == Counting.CALENDAR:
        return True
    if day.weekday() >= 5:  # Saturday, Sunday
        return False
    return day not in _bank_holidays(rule.nation, day.year)


def agenda_deadline(meeting_day: dt.date, rule: ClearDaysRule) -> dt.date:
    """The last local date on which a request for `meeting_day` is in time.

    Walk back from the day before the meeting counting the days that count;
    the deadline is the day before the earliest of the `rule.days` counted
    days. It may itself be a weekend or bank holiday: receipt can happen on
    any day, only the days in between must count. With 0 days the deadline is
    the day before the meeting.
    """
    _check_day(meeting_day, "meeting_day")
    _check_rule(rule)
    if rule.counting == Counting.CALENDAR:
        return meeting_day - dt.timedelta(days=rule.days + 1)
    earliest = meeting_day
    counted = 0
    while counted < rule.days:
        earliest -= dt.timedelta(days=1)
        if is_counted_day(earliest, rule):
            counted += 1
    return earliest - dt.timedelta(days=1)


def receipt_day(received_at: dt.datetime, rule: ClearDaysRule) -> dt.date:
    """The Europe/London date a request counts as received.

    At or after the rule's cut-off time it counts as received the next day.
    """
    if not isinstance(received_at, dt.datetime):
        raise ValueError(
            f"received_at must be a timezone-aware datetime, not {type(received_at).__name__}"
        )
    if received_at.tzinfo is None or received_at.utcoffset() is None:
        raise ValueError(
            "received_at must be timezone-aware (e.g. UTC); a naive datetime is "
            "ambiguous across GMT and BST"
        )
    _check_rule(rule)
    local = received_at.astimezone(LONDON)
    day = local.date()
    # local.time() is the naive wall-clock time, comparable with the cutoff.
    if rule.cutoff is not None and local.time() >= rule.cutoff:
        day += dt.timedelta(days=1)
    return day


def clear_days_between(received_day: dt.date, meeting_day: dt.date, rule: ClearDaysRule) -> int:
    """How many counted days lie strictly between receipt and the meeting.

    0 (never negative) when the request is received the day before the
    meeting, on the meeting day or later.
    """
    _check_day(received_day, "received_day")
    _check_day(meeting_day, "meeting_day")
    _check_rule(rule)
    if received_day >= meeting_day:
        return 0
    if rule.counting == Counting.CALENDAR:
        return (meeting_day - received_day).days - 1
    return sum(
        1
        for offset in range(1, (meeting_day - received_day).days)
        if is_counted_day(received_day + dt.timedelta(days=offset), rule)
    )


def received_in_time(received_at: dt.datetime, meeting_day: dt.date, rule: ClearDaysRule) -> bool:
    """Whether a request received at `received_at` has enough clear days.

    Defined against :func:`agenda_deadline` so the deadline shown to governors
    and the in-time decision always agree. A request received on or after the
    meeting day is never in time (the deadline is always before it).
    """
    _check_day(meeting_day, "meeting_day")
    return receipt_day(received_at, rule) <= agenda_deadline(meeting_day, rule)
