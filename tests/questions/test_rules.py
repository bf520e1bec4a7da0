"""The pure rules of questions to the board: the due date counts calendar days, weekends
and month ends included; late follows from the due date, the answer and today."""

from __future__ import annotations

from datetime import date

import pytest

from governors.questions.rules import (
    AnswerState,
    QuestionStatus,
    answer_due_on,
    answer_state,
    can_be_public,
    days_late,
    is_late,
)


@pytest.mark.parametrize(
    ("routed_on", "days", "due_on"),
    [
        # Friday 29 January 2027, 20 days: Thursday 18 February.
        (date(2027, 1, 29), 20, date(2027, 2, 18)),
        # Weekends count: routed on a Friday, 1 day, due on the Saturday.
        (date(2027, 1, 29), 1, date(2027, 1, 30)),
        # Routed on a Saturday, 2 days: due on the Monday.
        (date(2027, 1, 30), 2, date(2027, 2, 1)),
        # A due date on a Sunday stays on the Sunday.
        (date(2027, 1, 17), 14, date(2027, 1, 31)),
        # Month ends: 31 January plus 20 days is Saturday 20 February.
        (date(2027, 1, 31), 20, date(2027, 2, 20)),
        # February has 28 days in 2027 and 29 in 2028.
        (date(2027, 2, 9), 20, date(2027, 3, 1)),
        (date(2028, 2, 9), 20, date(2028, 2, 29)),
        # Over the new year (bank holidays count too).
        (date(2026, 12, 20), 20, date(2027, 1, 9)),
        (date(2027, 3, 31), 30, date(2027, 4, 30)),
        # The day it is routed does not count: 0 days means that same day.
        (date(2027, 1, 4), 0, date(2027, 1, 4)),
        (date(2027, 1, 4), 90, date(2027, 4, 4)),
    ],
)
def test_the_answer_is_due_a_number_of_calendar_days_after_routing(routed_on, days, due_on):
    assert answer_due_on(routed_on, days) == due_on


def test_a_negative_number_of_days_is_refused():
    with pytest.raises(ValueError):
        answer_due_on(date(2027, 1, 4), -1)


# Due on Saturday 20 February 2027.
DUE = date(2027, 2, 20)


@pytest.mark.parametrize(
    ("answered", "today", "late"),
    [
        # Not answered: in time up to and including the due day, even a Saturday.
        (None, date(2027, 2, 19), False),
        (None, DUE, False),
        (None, date(2027, 2, 21), True),
        (None, date(2027, 3, 1), True),
        (False, date(2027, 2, 21), True),
        # Answered on the due day: in time, however long ago that is.
        (date(2027, 2, 20), date(2027, 6, 1), False),
        # Answered the Monday after a Saturday due date: late, for ever.
        (date(2027, 2, 22), date(2027, 2, 22), True),
        (date(2027, 2, 22), date(2028, 1, 1), True),
        # Answered early.
        (date(2027, 2, 1), date(2027, 2, 25), False),
        # Answered, on a day not known: not late now.
        (True, date(2027, 3, 1), False),
    ],
)
def test_late_follows_from_the_due_date_the_answer_and_today(answered, today, late):
    assert is_late(DUE, answered, today) is late


def test_nothing_is_late_before_it_is_routed():
    assert is_late(None, None, date(2030, 1, 1)) is False
    assert days_late(None, None, date(2030, 1, 1)) == 0


def test_how_many_days_late():
    assert days_late(DUE, None, date(2027, 2, 20)) == 0
    assert days_late(DUE, None, date(2027, 2, 23)) == 3
    # Over the end of the month.
    assert days_late(DUE, None, date(2027, 3, 2)) == 10
    assert days_late(DUE, date(2027, 2, 21), date(2027, 5, 1)) == 1
    assert days_late(DUE, date(2027, 2, 1), date(2027, 5, 1)) == 0


@pytest.mark.parametrize(
    ("status", "due_on", "answered", "today", "state"),
    [
        ("asked", None, None, date(2027, 2, 1), AnswerState.WAITING_TO_BE_ROUTED),
        ("routed", DUE, None, DUE, AnswerState.WAITING_FOR_ANSWER),
        ("routed", DUE, None, date(2027, 2, 21), AnswerState.LATE),
        ("answered", DUE, DUE, date(2027, 3, 1), AnswerState.ANSWERED),
        ("answered", DUE, date(2027, 2, 21), date(2027, 2, 21), AnswerState.ANSWERED_LATE),
    ],
)
def test_the_state_of_a_question(status, due_on, answered, today, state):
    assert answer_state(status, due_on, answered, today) is state
    assert state.label and state.colour


def test_every_status_has_words():
    assert [status.label for status in QuestionStatus] == [
        "Waiting to be passed on",
        "Waiting for an answer",
        "Answered",
    ]


def test_a_question_from_a_private_item_is_never_public():
    assert can_be_public(from_private_item=False)
    assert not can_be_public(from_private_item=True)
