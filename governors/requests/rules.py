"""Pure rules about agenda requests: plain values in, plain values out.

No Flask and no database here, so each rule can be tested on its own. A request's statuses
and its receipt (when it arrived, the rule in force, the verdict) are worked out only here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any, Protocol

from governors.requests.clear_days import (
    ClearDaysRule,
    Counting,
    agenda_deadline,
    clear_days_between,
    receipt_day,
    received_in_time,
)
from governors.timeutil import format_date, format_datetime, format_time, to_local


class RequestStatus(StrEnum):
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    DEFERRED = "deferred"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return _STATUS_TAGS[self][0]

    @property
    def colour(self) -> str:
        """The colour of its NHS tag."""
        return _STATUS_TAGS[self][1]


_STATUS_TAGS = {
    RequestStatus.SUBMITTED: ("Awaiting decision", "blue"),
    RequestStatus.ACCEPTED: ("Accepted", "green"),
    RequestStatus.DECLINED: ("Declined", "red"),
    RequestStatus.DEFERRED: ("Deferred", "yellow"),
    RequestStatus.WITHDRAWN: ("Withdrawn", "grey"),
}

# A deferred request waits for a fresh decision at the meeting it was deferred to.
AWAITING = frozenset({RequestStatus.SUBMITTED, RequestStatus.DEFERRED})

LATE_TAG = "Late \N{EN DASH} chair's discretion"
OVERDUE_TAG = "Answer overdue"


def awaiting_decision(status: str) -> bool:
    return status in AWAITING


def is_overdue(status: str, response_due: date, today: date) -> bool:
    """An answer is overdue when a submitted request is still unanswered after its due date.

    Derived every time from the due date, never stored. A deferral is an answer, so a
    deferred request is not overdue.
    """
    return status == RequestStatus.SUBMITTED and today > response_due


def is_late_undecided(status: str, in_time: bool) -> bool:
    """A late request still waiting for the chair's discretionary decision."""
    return status == RequestStatus.SUBMITTED and not in_time


@dataclass(frozen=True)
class Receipt:
    """What is fixed when a request arrives: when, the rule in force, and its verdict.

    ``counted_day`` is the local day it counts as received (the next day after a cut-off);
    ``response_due`` is the last day for the chair's answer.
    """

    received_at: datetime
    rule: ClearDaysRule
    counted_day: date
    deadline: date
    clear_days: int
    in_time: bool
    response_due: date

    def columns(self) -> dict[str, Any]:
        """The agenda request's receipt columns, by name."""
        return {
            "received_at": self.received_at,
            "rule_days": self.rule.days,
            "rule_counting": self.rule.counting,
            "rule_nation": self.rule.nation,
            "rule_cutoff": self.rule.cutoff,
            "deadline": self.deadline,
            "clear_days": self.clear_days,
            "in_time": self.in_time,
            "response_due": self.response_due,
        }


def receipt(
    received_at: datetime, meeting_day: date, rule: ClearDaysRule, response_days: int
) -> Receipt:
    """The receipt of a request received at ``received_at`` (aware) for a meeting held on
    the local day ``meeting_day``, under ``rule``, with ``response_days`` for an answer.

    The one place a receipt is worked out: the service and the test factories both ask it.
    """
    counted = receipt_day(received_at, rule)
    return Receipt(
        received_at=received_at,
        rule=rule,
        counted_day=counted,
        deadline=agenda_deadline(meeting_day, rule),
        clear_days=clear_days_between(counted, meeting_day, rule),
        in_time=received_in_time(received_at, meeting_day, rule),
        response_due=to_local(received_at).date() + timedelta(days=response_days),
    )


def days_phrase(count: int, counting: str) -> str:
    """'17 clear days', '1 clear working day'."""
    kind = "clear working" if counting == Counting.WORKING else "clear"
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
