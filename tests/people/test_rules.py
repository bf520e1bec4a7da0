"""Pure rules about people: no Flask, no database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest

from governors.people.models import Constituency
from governors.people.rules import (
    TERM_WARNING_DAYS,
    TermStatus,
    by_name,
    group_by_constituency,
    password_problem,
    term_status,
    warning_window,
)

TODAY = date(2027, 1, 21)
START = date(2024, 4, 1)


@pytest.mark.parametrize(
    ("term_end", "status", "warning"),
    [
        (date(2027, 1, 21), TermStatus.ENDING_SOON, "Term ends today"),
        (date(2027, 1, 22), TermStatus.ENDING_SOON, "Term ends in 1 day"),
        (date(2027, 3, 31), TermStatus.ENDING_SOON, "Term ends in 69 days"),
        # 90 days is still inside the warning window; 91 is not.
        (date(2027, 4, 21), TermStatus.ENDING_SOON, "Term ends in 90 days"),
        (date(2027, 4, 22), TermStatus.CURRENT, None),
        (date(2029, 3, 31), TermStatus.CURRENT, None),
        (date(2027, 1, 20), TermStatus.ENDED, "Term ended"),
    ],
)
def test_a_term_ending_within_90_days_is_flagged(term_end, status, warning):
    term = term_status(START, term_end, TODAY)
    assert term.status is status
    assert term.warning == warning


def test_a_term_that_has_not_started_says_so():
    term = term_status(date(2027, 4, 1), date(2030, 3, 31), TODAY)
    assert term.status is TermStatus.NOT_STARTED
    assert term.warning == "Term not started"


def test_the_warning_window_is_today_to_90_days_ahead():
    assert TERM_WARNING_DAYS == 90
    assert warning_window(TODAY) == (TODAY, date(2027, 4, 21))
    assert warning_window(TODAY, within=30) == (TODAY, date(2027, 2, 20))


@dataclass
class Profile:
    constituency: str


@dataclass
class Person:
    id: int
    name: str
    governor_profile: Profile | None = field(default=None)


def test_governors_are_grouped_in_constituency_order_with_names_sorted():
    people = [
        Person(1, "zara Lane", Profile("public")),
        Person(2, "Ann Bell", Profile("appointed")),
        Person(3, "Ben Carr", Profile("service_user")),
        Person(4, "Amy Dunn", Profile("public")),
    ]
    groups = group_by_constituency(people)
    assert [c for c, _ in groups] == [
        Constituency.PUBLIC,
        Constituency.SERVICE_USER,
        Constituency.APPOINTED,
    ]
    assert [p.name for p in groups[0][1]] == ["Amy Dunn", "zara Lane"]


def test_names_sort_without_regard_to_case():
    assert [p.name for p in by_name([Person(1, "bob"), Person(2, "Alice")])] == ["Alice", "bob"]


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short", "Password must be 12 characters or more"),
        ("elevenchars", "Password must be 12 characters or more"),
        ("x" * 129, "Password must be 128 characters or fewer"),
        (" " * 12, "Password must not be only spaces"),
        ("twelve chars", None),
        ("correct horse battery staple", None),
    ],
)
def test_passwords_need_length_not_symbols(password, problem):
    assert password_problem(password) == problem
