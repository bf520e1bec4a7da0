"""Pure rules of the action log: statuses, what overdue means, and when an owner is
reminded. No Flask, no database: dates in, answers out.

Reminders fall on working days (Monday to Friday, leaving out the ``holidays`` given): an
owner hears a week before an action is due (on the next working day, when that falls on a
weekend or holiday, so the action is within the 7 days their digest lists), on the day it
is due (on the last working day before, when it falls on a weekend or holiday), on the
first working day after it was missed, and each week (the first working day of the week)
while it stays overdue.

Exports to spreadsheets pass every cell through ``csv_safe``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from enum import StrEnum

NO_HOLIDAYS: frozenset[date] = frozenset()
WEEK = timedelta(days=7)


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]

    @property
    def is_open(self) -> bool:
        """Still to be done: on every agenda, and can be overdue."""
        return self in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


STATUS_LABELS = {
    ActionStatus.OPEN: "Open",
    ActionStatus.IN_PROGRESS: "In progress",
    ActionStatus.DONE: "Done",
    ActionStatus.DROPPED: "Dropped",
}


def is_overdue(due_on: date, status: ActionStatus | str, today: date) -> bool:
    """An action still to be done whose due date has passed. Never stored."""
    return ActionStatus(status).is_open and due_on < today


class DuePeriod(StrEnum):
    OVERDUE = "overdue"
    TODAY = "today"
    WITHIN_A_WEEK = "week"
    LATER = "later"

    @property
    def label(self) -> str:
        return DUE_PERIOD_LABELS[self]


DUE_PERIOD_LABELS = {
    DuePeriod.OVERDUE: "Overdue",
    DuePeriod.TODAY: "Due today",
    DuePeriod.WITHIN_A_WEEK: "Due within 7 days",
    DuePeriod.LATER: "Due later",
}


def due_period(due_on: date, today: date) -> DuePeriod:
    """Where a due date stands from ``today``, whatever the action's status."""
    if due_on < today:
        return DuePeriod.OVERDUE
    if due_on == today:
        return DuePeriod.TODAY
    if due_on <= today + WEEK:
        return DuePeriod.WITHIN_A_WEEK
    return DuePeriod.LATER


def is_working_day(day: date, holidays: frozenset[date] = NO_HOLIDAYS) -> bool:
    return day.weekday() < 5 and day not in holidays


def working_day_on_or_before(day: date, holidays: frozenset[date] = NO_HOLIDAYS) -> date:
    while not is_working_day(day, holidays):
        day -= timedelta(days=1)
    return day


def working_day_on_or_after(day: date, holidays: frozenset[date] = NO_HOLIDAYS) -> date:
    while not is_working_day(day, holidays):
        day += timedelta(days=1)
    return day


def working_day_after(day: date, holidays: frozenset[date] = NO_HOLIDAYS) -> date:
    day += timedelta(days=1)
    while not is_working_day(day, holidays):
        day += timedelta(days=1)
    return day


def first_working_day_of_week(today: date, holidays: frozenset[date] = NO_HOLIDAYS) -> date:
    """The first working day of ``today``'s week (Monday to Sunday)."""
    monday = today - timedelta(days=today.weekday())
    day = monday
    while not is_working_day(day, holidays) and day < monday + timedelta(days=6):
        day += timedelta(days=1)
    return day


def reminder_due(
    due_on: date,
    status: ActionStatus | str,
    today: date,
    holidays: frozenset[date] = NO_HOLIDAYS,
) -> bool:
    """Whether ``today`` is a day its owners are reminded of this action."""
    if not ActionStatus(status).is_open or not is_working_day(today, holidays):
        return False
    if today == working_day_on_or_after(due_on - WEEK, holidays) and today <= due_on:
        return True
    if due_on >= today and today == working_day_on_or_before(due_on, holidays):
        return True
    if due_on < today:
        if today == working_day_after(due_on, holidays):
            return True
        return today == first_working_day_of_week(today, holidays)
    return False


def digest(
    actions: Iterable[tuple[object, date, ActionStatus | str]], today: date
) -> dict[DuePeriod, list[object]]:
    """An owner's digest: their open actions that are overdue, due today and due within 7
    days, each list in the order given. ``actions`` are (action, due date, status)."""
    groups: dict[DuePeriod, list[object]] = {
        DuePeriod.OVERDUE: [],
        DuePeriod.TODAY: [],
        DuePeriod.WITHIN_A_WEEK: [],
    }
    for action, due_on, status in actions:
        if not ActionStatus(status).is_open:
            continue
        period = due_period(due_on, today)
        if period in groups:
            groups[period].append(action)
    return groups


def week_of(today: date) -> str:
    """The ISO week ``today`` is in, as ``2027-W03``: the period of a weekly summary."""
    year, week, _ = today.isocalendar()
    return f"{year}-W{week:02d}"


# Characters that make a spreadsheet read a cell as a formula (or, for tab and carriage
# return, that some spreadsheets skip before reading one).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: str) -> str:
    """A cell for a CSV export that a spreadsheet shows as text and never runs as a formula:
    a value starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
    single quote in front. Anything else is kept as it is."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value
