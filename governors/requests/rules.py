"""Pure rules about agenda requests: plain values in, plain values out.

No Flask and no database here, so each rule can be tested on its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, Protocol

from governors.timeutil import format_date, format_datetime, format_time, to_local

SUBMITTED = "submitted"
ACCEPTED = "accepted"
DECLINED = "declined"
DEFERRED = "deferred"
WITHDRAWN = "withdrawn"

# A deferred request waits for a fresh decision at the meeting it was deferred to.
AWAITING = frozenset({SUBMITTED, DEFERRED})

STATUS_LABELS = {
    SUBMITTED: "Awaiting decision",
    ACCEPTED: "Accepted",
    DECLINED: "Declined",
    DEFERRED: "Deferred",
    WITHDRAWN: "Withdrawn",
}
STATUS_COLOURS = {
    SUBMITTED: "blue",
    ACCEPTED: "green",
    DECLINED: "red",
    DEFERRED: "yellow",
    WITHDRAWN: "grey",
}
LATE_TAG = "Late \N{EN DASH} chair's discretion"
OVERDUE_TAG = "Answer overdue"

PURPOSE_HINTS = {
    "note": "The Council is told about something. No discussion or decision is needed.",
    "discuss": "Governors talk about it, share views and may ask for more information.",
    "decide": "The Council makes a decision, for example to agree a view or ask for action.",
}


def awaiting_decision(status: str) -> bool:
    return status in AWAITING


def is_overdue(status: str, response_due: date, today: date) -> bool:
    """An answer is overdue when a submitted request is still unanswered after its due date.

    Derived every time from the due date, never stored. A deferral is an answer, so a
    deferred request is not overdue.
    """
    return status == SUBMITTED and today > response_due


def is_late_undecided(status: str, in_time: bool) -> bool:
    """A late request still waiting for the chair's discretionary decision."""
    return status == SUBMITTED and not in_time


def days_phrase(count: int, counting: str) -> str:
    """'17 clear days', '1 clear working day'."""
    kind = "clear working" if counting == "working" else "clear"
    noun = "day" if count == 1 else "days"
    return f"{count} {kind} {noun}"


def receipt_sentence(
    *,
    received_at: datetime,
    counted_day: date,
    meeting_day: date,
    clear_days: int,
    in_time: bool,
    rule_days: int,
    counting: str,
    cutoff: time | None = None,
    subject: str = "your request",
) -> str:
    """When a request was received and whether it was in time, in plain words.

    ``counted_day`` is the day the request counts as received (the next day after a
    cut-off time); ``received_at`` is the server's clock at receipt.
    """
    text = f"We received {subject} on {format_datetime(received_at)}."
    if counted_day != to_local(received_at).date():
        after = f"at or after {format_time(cutoff)}" if cutoff is not None else "late in the day"
        text += (
            f" Requests received {after} count as received the next day, "
            f"so it counts as received on {format_date(counted_day)}."
        )
    meeting = f"the meeting on {format_date(meeting_day)}"
    if clear_days == 0:
        text += f" That leaves no clear days before {meeting}"
    else:
        text += f" That is {days_phrase(clear_days, counting)} before {meeting}"
    if in_time:
        return text + ", so it is in time."
    return (
        text + f". The rule asks for {days_phrase(rule_days, counting)}, "
        "so the chair will decide whether to include it."
    )


def deadline_sentence(deadline: date, today: date) -> str:
    """'Send requests by Sunday 10 January 2027 (12 days left).'"""
    left = (deadline - today).days
    when = format_date(deadline)
    if left > 1:
        return f"Send requests by {when} ({left} days left)."
    if left == 1:
        return f"Send requests by {when} (1 day left)."
    if left == 0:
        return f"Send requests by {when}: today is the last day."
    return f"The deadline was {when}. Requests sent now are late and go to the chair to decide."


class _Dated(Protocol):
    deadline: date


def default_choice(options: Sequence[_Dated], today: date) -> int | None:
    """Index of the meeting to offer first: the next one still open, else the next one.

    ``options`` are upcoming meetings in date order, each with its agenda ``deadline``.
    """
    if not options:
        return None
    for index, option in enumerate(options):
        if option.deadline >= today:
            return index
    return 0


@dataclass(frozen=True)
class Digest:
    """What the daily digest lists: unanswered requests past their due date, and late
    requests still waiting for the chair (those already overdue are listed once)."""

    overdue: list[Any]
    late: list[Any]

    def __bool__(self) -> bool:
        return bool(self.overdue or self.late)


def digest_selection(requests: Iterable[Any], today: date) -> Digest:
    """Pick the requests for the daily digest from objects with ``status``, ``in_time``
    and ``response_due``; the oldest due date first."""
    overdue: list[Any] = []
    late: list[Any] = []
    for request in sorted(requests, key=lambda r: (r.response_due, r.id)):
        if is_overdue(request.status, request.response_due, today):
            overdue.append(request)
        elif is_late_undecided(request.status, request.in_time):
            late.append(request)
    return Digest(overdue=overdue, late=late)
