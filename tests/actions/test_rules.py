"""The action log's pure rules: overdue, where a due date stands, the days an owner is
reminded, what their digest lists, the week of a weekly summary, and cells safe for a
spreadsheet. Hand-worked cases and properties (Hypothesis). No Flask, no database."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from governors.actions.rules import (
    ActionStatus,
    DuePeriod,
    csv_safe,
    digest,
    due_period,
    is_overdue,
    is_working_day,
    reminder_due,
    week_of,
)

# Modest so the suite stays quick; no example database of past failures.
property_settings = settings(max_examples=300, deadline=None, database=None)

OPEN, IN_PROGRESS, DONE, DROPPED = (
    ActionStatus.OPEN,
    ActionStatus.IN_PROGRESS,
    ActionStatus.DONE,
    ActionStatus.DROPPED,
)
# Christmas and Boxing Day 2026 (a Friday and a Saturday, so Monday 28 December is the
# substitute) and New Year's Day 2027 (a Friday), in England.
CHRISTMAS_2026 = frozenset({date(2026, 12, 25), date(2026, 12, 28), date(2027, 1, 1)})
# Good Friday and Easter Monday 2027.
EASTER_2027 = frozenset({date(2027, 3, 26), date(2027, 3, 29)})

days = st.dates(min_value=date(2025, 1, 1), max_value=date(2030, 12, 31))
statuses = st.sampled_from(list(ActionStatus))
# A few holidays, never a run long enough to hide a whole week of working days.
some_holidays = st.frozensets(days, max_size=3)


def reminded(due_on: date, start: date, end: date, holidays=frozenset(), status=OPEN):
    """The days from ``start`` to ``end`` on which an owner is reminded of the action."""
    found, day = [], start
    while day <= end:
        if reminder_due(due_on, status, day, holidays):
            found.append(day)
        day += timedelta(days=1)
    return found


# Overdue and due periods --------------------------------------------------------------


@pytest.mark.parametrize(
    ("due_on", "status", "today", "overdue"),
    [
        (date(2027, 1, 20), OPEN, date(2027, 1, 21), True),
        (date(2027, 1, 20), IN_PROGRESS, date(2027, 1, 21), True),
        (date(2027, 1, 21), OPEN, date(2027, 1, 21), False),  # due today is not late yet
        (date(2027, 1, 22), OPEN, date(2027, 1, 21), False),
        (date(2027, 1, 1), DONE, date(2027, 1, 21), False),
        (date(2027, 1, 1), DROPPED, date(2027, 1, 21), False),
        (date(2027, 1, 31), "open", date(2027, 2, 1), True),  # by the status's value too
    ],
)
def test_an_action_is_overdue_once_its_due_date_has_passed_while_still_to_be_done(
    due_on, status, today, overdue
):
    assert is_overdue(due_on, status, today) is overdue


@given(due_on=days, today=days)
@property_settings
def test_an_open_action_is_overdue_exactly_when_its_due_date_is_before_today(due_on, today):
    assert is_overdue(due_on, OPEN, today) is (due_on < today)
    assert is_overdue(due_on, IN_PROGRESS, today) is (due_on < today)
    assert not is_overdue(due_on, DONE, today)
    assert not is_overdue(due_on, DROPPED, today)


@pytest.mark.parametrize(
    ("due_on", "today", "period"),
    [
        (date(2027, 1, 30), date(2027, 2, 1), DuePeriod.OVERDUE),
        (date(2027, 2, 1), date(2027, 2, 1), DuePeriod.TODAY),
        (date(2027, 2, 2), date(2027, 2, 1), DuePeriod.WITHIN_A_WEEK),
        (date(2027, 2, 8), date(2027, 2, 1), DuePeriod.WITHIN_A_WEEK),  # 7 days ahead
        (date(2027, 2, 9), date(2027, 2, 1), DuePeriod.LATER),  # 8 days ahead
        # Across the end of January: 31 January to 28 February, and a leap year's 29th.
        (date(2027, 2, 28), date(2027, 1, 31), DuePeriod.LATER),
        (date(2027, 2, 7), date(2027, 1, 31), DuePeriod.WITHIN_A_WEEK),
        (date(2028, 2, 29), date(2028, 2, 22), DuePeriod.WITHIN_A_WEEK),
        (date(2028, 2, 29), date(2028, 3, 1), DuePeriod.OVERDUE),
        (date(2027, 3, 1), date(2027, 2, 28), DuePeriod.WITHIN_A_WEEK),
    ],
)
def test_where_a_due_date_stands_from_today(due_on, today, period):
    assert due_period(due_on, today) is period


@given(due_on=days, today=days)
@property_settings
def test_every_due_date_stands_in_exactly_the_period_its_distance_says(due_on, today):
    ahead = (due_on - today).days
    expected = (
        DuePeriod.OVERDUE
        if ahead < 0
        else DuePeriod.TODAY
        if ahead == 0
        else DuePeriod.WITHIN_A_WEEK
        if ahead <= 7
        else DuePeriod.LATER
    )
    assert due_period(due_on, today) is expected


# Reminders ---------------------------------------------------------------------------


def test_an_action_due_on_a_thursday_is_reminded_a_week_before_on_the_day_after_and_weekly():
    due = date(2027, 1, 21)  # a Thursday
    assert reminded(due, date(2027, 1, 1), date(2027, 2, 10)) == [
        date(2027, 1, 14),  # a week before
        date(2027, 1, 21),  # the day it is due
        date(2027, 1, 22),  # the first working day after it was missed
        date(2027, 1, 25),  # then each Monday while it stays overdue
        date(2027, 2, 1),
        date(2027, 2, 8),
    ]


@pytest.mark.parametrize("due", [date(2027, 2, 13), date(2027, 2, 14)], ids=["saturday", "sunday"])
def test_an_action_due_at_a_weekend_is_reminded_on_the_friday_before(due):
    found = reminded(due, date(2027, 2, 1), date(2027, 2, 16))
    # A week ahead falls at a weekend too: the Monday after it, still within the week.
    assert found == [date(2027, 2, 8), date(2027, 2, 12), date(2027, 2, 15)]
    assert date(2027, 2, 12).strftime("%A") == "Friday"
    assert not reminder_due(due, OPEN, due)


def test_a_due_date_at_the_end_of_january_is_reminded_across_the_month_end():
    # Due Sunday 31 January 2027: a week ahead is Sunday 24th (so Monday 25th), due on the
    # Friday 29th, missed on Monday 1 February, then each Monday of February.
    assert reminded(date(2027, 1, 31), date(2027, 1, 18), date(2027, 2, 28)) == [
        date(2027, 1, 25),
        date(2027, 1, 29),
        date(2027, 2, 1),
        date(2027, 2, 8),
        date(2027, 2, 15),
        date(2027, 2, 22),
    ]
    # Moved a month on from 31 January, to the last day of February (and of a leap year's).
    assert reminded(date(2027, 2, 28), date(2027, 2, 15), date(2027, 3, 2)) == [
        date(2027, 2, 22),
        date(2027, 2, 26),
        date(2027, 3, 1),
    ]
    assert reminded(date(2028, 2, 29), date(2028, 2, 15), date(2028, 3, 2)) == [
        date(2028, 2, 22),
        date(2028, 2, 29),
        date(2028, 3, 1),
    ]


def test_holidays_passed_in_move_the_reminders_to_working_days():
    # Due Monday 28 December 2026, a bank holiday: reminded on Thursday 24th, the last
    # working day before (Friday 25th is Christmas Day); missed, on Tuesday 29th.
    found = reminded(date(2026, 12, 28), date(2026, 12, 14), date(2027, 1, 6), CHRISTMAS_2026)
    assert found == [date(2026, 12, 21), date(2026, 12, 24), date(2026, 12, 29), date(2027, 1, 4)]
    # Without the holidays, the same action is reminded on the day itself.
    assert date(2026, 12, 28) in reminded(date(2026, 12, 28), date(2026, 12, 14), date(2027, 1, 6))
    # Overdue over Easter: the week's reminder moves from Easter Monday to the Tuesday.
    easter = reminded(date(2027, 3, 17), date(2027, 3, 18), date(2027, 4, 6), EASTER_2027)
    assert easter == [date(2027, 3, 18), date(2027, 3, 22), date(2027, 3, 30), date(2027, 4, 5)]
    # A week ahead that falls on Good Friday moves to the next working day, the Tuesday.
    assert reminded(date(2027, 4, 2), date(2027, 3, 22), date(2027, 4, 2), EASTER_2027) == [
        date(2027, 3, 30),
        date(2027, 4, 2),
    ]


def test_a_closed_action_is_never_reminded():
    for status in (DONE, DROPPED):
        assert reminded(date(2027, 1, 21), date(2027, 1, 1), date(2027, 3, 1), status=status) == []


@given(due_on=days, today=days, status=statuses, holidays=some_holidays)
@property_settings
def test_no_reminder_falls_at_a_weekend_on_a_holiday_or_for_a_closed_action(
    due_on, today, status, holidays
):
    if reminder_due(due_on, status, today, holidays):
        assert today.weekday() < 5
        assert today not in holidays
        assert ActionStatus(status).is_open


@given(due_on=days, today=days, holidays=some_holidays)
@property_settings
def test_every_reminder_lists_the_action_it_is_about(due_on, today, holidays):
    """The digest sent on a reminder day has the action in it: overdue, due today or due
    within 7 days."""
    if reminder_due(due_on, OPEN, today, holidays):
        groups = digest([("the action", due_on, OPEN)], today)
        assert any("the action" in found for found in groups.values())


@given(due_on=days, holidays=some_holidays)
@property_settings
def test_an_open_action_is_reminded_before_it_is_due_and_after_it_is_missed(due_on, holidays):
    found = reminded(due_on, due_on - timedelta(days=10), due_on + timedelta(days=10), holidays)
    assert any(day <= due_on for day in found), "not reminded before it was due"
    assert any(day > due_on for day in found), "not reminded once it was missed"
    # Overdue, at least once in every week.
    late = [day for day in found if day > due_on]
    assert all((b - a).days <= 7 + len(holidays) + 2 for a, b in pairwise(late))
    assert all(is_working_day(day, holidays) for day in found)


# The digest --------------------------------------------------------------------------


def test_the_digest_groups_open_actions_overdue_due_today_and_within_a_week_in_order():
    today = date(2027, 2, 1)
    actions = [
        ("late", date(2027, 1, 29), IN_PROGRESS),
        ("done late", date(2027, 1, 20), DONE),
        ("today", date(2027, 2, 1), OPEN),
        ("Friday", date(2027, 2, 5), OPEN),
        ("week", date(2027, 2, 8), OPEN),
        ("later", date(2027, 2, 9), OPEN),
        ("dropped soon", date(2027, 2, 3), DROPPED),
        ("later late", date(2027, 1, 31), OPEN),
    ]
    assert digest(actions, today) == {
        DuePeriod.OVERDUE: ["late", "later late"],
        DuePeriod.TODAY: ["today"],
        DuePeriod.WITHIN_A_WEEK: ["Friday", "week"],
    }


def test_the_digest_on_the_friday_before_a_weekend_due_date_lists_it_within_the_week():
    friday = date(2027, 2, 12)
    assert digest([("Saturday", date(2027, 2, 13), OPEN)], friday)[DuePeriod.WITHIN_A_WEEK] == [
        "Saturday"
    ]
    # On 31 January, an action due on 28 February is not in it; one due on 7 February is.
    groups = digest(
        [("end of February", date(2027, 2, 28), OPEN), ("7th", date(2027, 2, 7), OPEN)],
        date(2027, 1, 31),
    )
    assert groups[DuePeriod.WITHIN_A_WEEK] == ["7th"]
    assert digest([], friday) == {
        DuePeriod.OVERDUE: [],
        DuePeriod.TODAY: [],
        DuePeriod.WITHIN_A_WEEK: [],
    }


@given(
    actions=st.lists(st.tuples(st.integers(), days, statuses), max_size=20),
    today=days,
)
@property_settings
def test_the_digest_holds_each_open_action_due_within_a_week_once_and_nothing_closed(
    actions, today
):
    groups = digest(actions, today)
    listed = [entry for found in groups.values() for entry in found]
    expected = [
        action
        for action, due_on, status in actions
        if ActionStatus(status).is_open and due_on <= today + timedelta(days=7)
    ]
    assert sorted(listed) == sorted(expected)


# The week of a weekly summary -------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "week"),
    [
        (date(2026, 12, 28), "2026-W53"),  # 2026 began on a Thursday: it has 53 weeks
        (date(2026, 12, 29), "2026-W53"),
        (date(2027, 1, 1), "2026-W53"),  # New Year's Day 2027 is still in 2026's last week
        (date(2027, 1, 3), "2026-W53"),
        (date(2027, 1, 4), "2027-W01"),
        (date(2027, 1, 18), "2027-W03"),
        (date(2025, 12, 29), "2026-W01"),  # and 29 December 2025 is in 2026's first
        (date(2024, 12, 30), "2025-W01"),
    ],
)
def test_the_week_of_a_summary_is_the_iso_week_across_a_year_end(day, week):
    assert week_of(day) == week


@given(day=days)
@property_settings
def test_the_seven_days_of_an_iso_week_share_its_name_and_the_next_monday_does_not(day):
    monday = day - timedelta(days=day.weekday())
    assert {week_of(monday + timedelta(days=n)) for n in range(7)} == {week_of(day)}
    assert week_of(monday + timedelta(days=7)) != week_of(day)


# Cells safe for a spreadsheet --------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        (
            '=HYPERLINK("http://evil.example","Click")',
            '\'=HYPERLINK("http://evil.example","Click")',
        ),
        ("+44 1234 567890", "'+44 1234 567890"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Send the plan", "Send the plan"),
        ("2027-01-21", "2027-01-21"),
        ("", ""),
        (" =1+1", " =1+1"),
        ("'quoted", "'quoted"),
        ("A = B", "A = B"),
    ],
)
def test_a_cell_that_a_spreadsheet_would_run_gets_a_quote_in_front(value, safe):
    assert csv_safe(value) == safe


@given(value=st.text())
@property_settings
def test_no_safe_cell_starts_as_a_formula_and_nothing_else_changes(value):
    safe = csv_safe(value)
    assert not safe.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert safe in (value, "'" + value)
    assert csv_safe(safe) == safe
