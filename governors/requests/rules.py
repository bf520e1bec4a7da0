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
    # The chair asked the governor for more before deciding; the answer's clock still runs.
    MORE_INFO = "more_info"
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
    RequestStatus.SUBMITTED: ("Waiting for a decision", "blue"),
    RequestStatus.MORE_INFO: ("Chair asked for more", "orange"),
    RequestStatus.ACCEPTED: ("Accepted", "green"),
    RequestStatus.DECLINED: ("Declined", "red"),
    RequestStatus.DEFERRED: ("Moved to a later meeting", "yellow"),
    RequestStatus.WITHDRAWN: ("Withdrawn", "grey"),
}

# A deferred request waits for a fresh decision at the meeting it was deferred to.
AWAITING = frozenset({RequestStatus.SUBMITTED, RequestStatus.MORE_INFO, RequestStatus.DEFERRED})
# Not answered yet: the clock for the chair's answer still runs.
UNANSWERED = frozenset({RequestStatus.SUBMITTED, RequestStatus.MORE_INFO})
# What counts as the chair's answer, for whether answers come in time.
ANSWERS = frozenset(
    {
        RequestStatus.MORE_INFO,
        RequestStatus.ACCEPTED,
        RequestStatus.DECLINED,
        RequestStatus.DEFERRED,
    }
)

LATE_TAG = "Sent late: the chair decides"
LATE_EXPLAINED = (
    "It arrived after the deadline. The chair may still put it on the agenda, "
    "and says why if they do."
)
OVERDUE_TAG = "Answer overdue"
MEETING_PASSED_TAG = "Meeting held without it"
SUPPORT_ARRANGED = "Arranged support to present."


def awaiting_decision(status: str) -> bool:
    return status in AWAITING


def is_overdue(status: str, response_due: date, today: date) -> bool:
    """An answer is overdue when a request is still unanswered after its due date.

    Derived every time from the due date, never stored. A deferral is an answer, so a
    deferred request is not overdue; asking the governor for more is not, so the clock
    keeps running.
    """
    return status in UNANSWERED and today > response_due


def is_late_undecided(status: str, in_time: bool) -> bool:
    """A late request still waiting for the chair's discretionary decision: accepting it
    needs a recorded reason.

    Once deferred it is not late any more: the chair has already used their discretion
    and decides it once, at the meeting it was moved to.
    """
    return status in UNANSWERED and not in_time


class Presenter(StrEnum):
    """Who the governor would like to present their item."""

    SELF = "self"
    CHAIR = "chair"
    OTHER = "other"
    SUPPORT = "support"

    @property
    def label(self) -> str:
        return _PRESENTERS[self]


_PRESENTERS = {
    Presenter.SELF: "I will present it",
    Presenter.CHAIR: "The chair of the meeting",
    Presenter.OTHER: "Someone else",
    Presenter.SUPPORT: "I would like support to present it",
}


def presenter_name(choice: str, proposer: str, other: str | None, chair: str | None) -> str:
    """Who the agenda names as presenting, from the governor's choice."""
    if choice == Presenter.CHAIR:
        return chair or "The chair"
    if choice == Presenter.OTHER and other:
        return other
    if choice == Presenter.SUPPORT:
        return f"{proposer}, with support"
    return proposer


# What a governor may change in their request, in the words its history uses.
CHANGEABLE = {
    "title": "the title",
    "purpose": "what they ask the Council to do",
    "session": "the part of the meeting",
    "private_reason": "the reason for private",
    "note_to_chair": "the note to the chair",
    "presenter": "who presents",
    "meeting_id": "the meeting",
    "papers": "the papers",
}


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """The names (from ``CHANGEABLE``) whose values differ, in ``CHANGEABLE``'s order."""
    return [name for name in CHANGEABLE if before.get(name) != after.get(name)]


def changes_sentence(names: Sequence[str]) -> str:
    """'Changed the title and the papers.'"""
    words = [CHANGEABLE[name] for name in names]
    if not words:
        return "Saved with no changes."
    if len(words) == 1:
        return f"Changed {words[0]}."
    return f"Changed {', '.join(words[:-1])} and {words[-1]}."


def next_after(order: Sequence[int], current: int) -> int | None:
    """The id after ``current`` in ``order`` (wrapping to the start), or None if none."""
    others = [value for value in order if value != current]
    if not others:
        return None
    if current in order:
        index = order.index(current)
        later = [value for value in order[index + 1 :] if value != current]
        if later:
            return later[0]
    return others[0]


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
    """Index of the meeting to offer first: the next one, whether or not its deadline has
    passed. Every page, form and email offers the same meeting, and says plainly whether a
    request for it would be late (``open_alternative`` names the next one still open).
    """
    return 0 if options else None


def open_alternative(options: Sequence[_Dated], today: date) -> int | None:
    """When the next meeting's deadline has passed: the index of the next meeting still
    open for requests in time, if there is one."""
    if not options or options[0].deadline >= today:
        return None
    for index, option in enumerate(options):
        if option.deadline >= today:
            return index
    return None


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


@dataclass(frozen=True)
class TimeBudget:
    """How a meeting's time is used by its agenda's items, in minutes."""

    length: int
    used: int
    untimed: int

    @property
    def left(self) -> int:
        return self.length - self.used


def time_budget(length: int, minutes: Iterable[int | None]) -> TimeBudget:
    """The meeting's ``length`` against the items' ``minutes`` (None for an untimed item)."""
    allowed = list(minutes)
    return TimeBudget(
        length=length,
        used=sum(m for m in allowed if m is not None),
        untimed=sum(1 for m in allowed if m is None),
    )
