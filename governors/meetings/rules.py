"""Pure rules for meetings: the agenda deadline in words, local clock times, video links.

Plain functions of plain values, free of Flask and the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from enum import StrEnum
from urllib.parse import urlsplit

from governors.requests.clear_days import ClearDaysRule, agenda_deadline
from governors.timeutil import LONDON, format_date, local_to_utc

# The longest a meeting may run, as the database allows.
MAX_DURATION_MINUTES = 720


class DeadlineState(StrEnum):
    OPEN = "open"  # two or more days before the deadline, or the day before it
    LAST_DAY = "last_day"  # today is the deadline
    PASSED = "passed"  # after the deadline, up to and including the meeting day
    HELD = "held"  # the meeting day has gone


@dataclass(frozen=True)
class DeadlineNotice:
    """The agenda deadline for one meeting, as a governor reads it today."""

    deadline: date
    days_left: int
    state: DeadlineState
    text: str
    status: str

    @property
    def in_time(self) -> bool:
        return self.state in (DeadlineState.OPEN, DeadlineState.LAST_DAY)


def deadline_notice(meeting_day: date, today: date, rule: ClearDaysRule) -> DeadlineNotice:
    """The deadline for agenda requests for a meeting on ``meeting_day``, in words.

    ``today`` is the local (Europe/London) date. Days left count whole days to the
    deadline, so on the deadline itself it is the last day.
    """
    deadline = agenda_deadline(meeting_day, rule)
    days_left = (deadline - today).days
    when = format_date(deadline)
    by = f"by {when}"
    if rule.cutoff is not None:
        # Requests at or after the cut-off count as received the next day.
        by = f"before {rule.cutoff:%H:%M} on {when}"
    if today > meeting_day:
        return DeadlineNotice(
            deadline, days_left, DeadlineState.HELD, f"The deadline was {when}.", "Meeting held"
        )
    if days_left < 0:
        return DeadlineNotice(
            deadline,
            days_left,
            DeadlineState.PASSED,
            f"The deadline was {when}. You can still send a request. "
            "The chair will decide if it goes on the agenda.",
            "Deadline passed",
        )
    if days_left == 0:
        return DeadlineNotice(
            deadline,
            0,
            DeadlineState.LAST_DAY,
            f"Send requests {by}. Today is the last day.",
            "Last day today",
        )
    left = "1 day left" if days_left == 1 else f"{days_left} days left"
    return DeadlineNotice(
        deadline, days_left, DeadlineState.OPEN, f"Send requests {by}. {left.capitalize()}.", left
    )


def local_time_exists(day: date, at: time) -> bool:
    """False for the wall-clock hour skipped when the clocks go forward (GMT to BST)."""
    wall = datetime.combine(day, at)
    round_trip = wall.replace(tzinfo=LONDON).astimezone(UTC).astimezone(LONDON)
    return round_trip.replace(tzinfo=None) == wall


def elapsed_minutes(day: date, start: time, end: time) -> int:
    """Real minutes from ``start`` to ``end`` on a local day (a clock change counts)."""
    return int((local_to_utc(day, end) - local_to_utc(day, start)).total_seconds() // 60)


def meeting_times(day: date, start: time, end: time) -> tuple[datetime, int]:
    """The UTC start and the length in minutes of a meeting held on a local day."""
    for at in (start, end):
        if not local_time_exists(day, at):
            raise ValueError(f"{at:%H:%M} does not exist on {format_date(day)} (clocks go forward)")
    minutes = elapsed_minutes(day, start, end)
    if minutes <= 0:
        raise ValueError("the meeting must end after it starts")
    if minutes > MAX_DURATION_MINUTES:
        raise ValueError("a meeting may last at most 12 hours")
    return local_to_utc(day, start), minutes


def is_https_url(text: str) -> bool:
    """A full https web address with a host name, and nothing a browser would choke on."""
    if not text or any(ch.isspace() for ch in text):
        return False
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:
        return False
    return parts.scheme.lower() == "https" and bool(host) and "." in host
