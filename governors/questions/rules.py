"""Pure rules of questions to the board: when an answer is due, whether it is late, and
what state a question is in. No Flask, no database.

The answer is due a number of calendar days (a council setting) after the day the board
secretary routes the question: weekends and bank holidays count like any other day.
Late is never stored: it follows from the due date, the day of the answer and today.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

# The council's standing answer time, and the range the secretary may set it in.
DEFAULT_ANSWER_DAYS = 20
MIN_ANSWER_DAYS = 1
MAX_ANSWER_DAYS = 90
TEXT_MAX = 2000
ANSWER_MAX = 4000
COMMENT_MAX = 1000
NAME_MAX = 120


class QuestionStatus(StrEnum):
    ASKED = "asked"
    ROUTED = "routed"
    ANSWERED = "answered"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    QuestionStatus.ASKED: "Waiting to be passed on",
    QuestionStatus.ROUTED: "Waiting for an answer",
    QuestionStatus.ANSWERED: "Answered",
}


class AnswerState(StrEnum):
    """Where a question stands today, late or not: for tags and lists."""

    WAITING_TO_BE_ROUTED = "waiting_to_be_routed"
    WAITING_FOR_ANSWER = "waiting_for_answer"
    LATE = "late"
    ANSWERED = "answered"
    ANSWERED_LATE = "answered_late"

    @property
    def label(self) -> str:
        return ANSWER_STATES[self][0]

    @property
    def colour(self) -> str:
        return ANSWER_STATES[self][1]


ANSWER_STATES = {
    AnswerState.WAITING_TO_BE_ROUTED: ("Waiting to be passed on", "grey"),
    AnswerState.WAITING_FOR_ANSWER: ("Waiting for an answer", "blue"),
    AnswerState.LATE: ("Answer late", "red"),
    AnswerState.ANSWERED: ("Answered", "green"),
    AnswerState.ANSWERED_LATE: ("Answered late", "orange"),
}


def answer_due_on(routed_on: date, days: int) -> date:
    """The last day for the answer: ``days`` calendar days after the day the question was
    routed (routed on Friday 29 January with 20 days: due Thursday 18 February)."""
    if days < 0:
        raise ValueError("days must not be negative")
    return routed_on + timedelta(days=days)


def is_late(due_on: date | None, answered: date | bool | None, today: date) -> bool:
    """Whether the answer is (or was) late.

    ``answered`` is the day the answer was given, or None (or False) while there is none;
    True means answered, on a day not known here, and so not late now. Without a due date
    (not yet routed) nothing is late. An answer given on the due day is in time.
    """
    if due_on is None or answered is True:
        return False
    if isinstance(answered, date):
        return answered > due_on
    return today > due_on


def days_late(due_on: date | None, answered: date | None, today: date) -> int:
    """How many days past the due date the answer is (or was); 0 when in time."""
    if due_on is None:
        return 0
    end = answered if answered is not None else today
    return max((end - due_on).days, 0)


def answer_state(
    status: QuestionStatus | str, due_on: date | None, answered: date | None, today: date
) -> AnswerState:
    status = QuestionStatus(status)
    late = is_late(due_on, answered if status is QuestionStatus.ANSWERED else None, today)
    if status is QuestionStatus.ANSWERED:
        return AnswerState.ANSWERED_LATE if late else AnswerState.ANSWERED
    if status is QuestionStatus.ASKED:
        return AnswerState.WAITING_TO_BE_ROUTED
    return AnswerState.LATE if late else AnswerState.WAITING_FOR_ANSWER


def can_be_public(from_private_item: bool) -> bool:
    """A question asked from an item of a meeting's private part is never published."""
    return not from_private_item
