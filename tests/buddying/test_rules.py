"""The pure rules of buddying: who is new, years served, and the ranking of buddies."""

from __future__ import annotations

from datetime import date

import pytest

from governors.buddying.rules import BuddyCandidate, is_new_governor, rank_buddies, years_served

TODAY = date(2027, 1, 4)


def _person(user_id: int, name: str, years: float, **kwargs) -> BuddyCandidate:
    return BuddyCandidate(user_id, name, "Public governor", years, **kwargs)


@pytest.mark.parametrize(
    ("term_start", "new"),
    [
        (date(2026, 7, 5), True),
        (date(2026, 7, 4), False),
        (TODAY, True),
        (date(2027, 1, 5), False),
        (None, False),
    ],
)
def test_a_governor_is_new_for_six_months(term_start, new):
    assert is_new_governor(term_start, TODAY) is new


def test_years_served_count_from_the_first_term():
    assert years_served(date(2024, 1, 4), TODAY) == 3.0
    assert years_served(None, TODAY) == 0.0
    assert years_served(date(2027, 2, 1), TODAY) == 0.0


def test_the_preference_comes_first_then_years_then_shared_committees():
    ranked = rank_buddies(
        [
            _person(1, "Newest", 0.5, preferred=True),
            _person(2, "Veteran", 8.0),
            _person(3, "Sharer", 3.0, shared_bodies=2),
            _person(4, "Loner", 3.0),
            _person(5, "Away", 12.0, unavailable=True),
            _person(6, "Themselves", 4.0),
        ],
        governor_id=6,
    )
    assert [s.name for s in ranked] == ["Newest", "Veteran", "Sharer", "Loner"]
    assert ranked[0].reasons == (
        "The governor asked for them",
        "Public governor: In their first year",
    )
    assert ranked[2].reasons == ("Public governor: 3 years served", "Shares 2 committees or panels")


def test_no_record_of_time_served_is_said_plainly():
    [director] = rank_buddies(
        [BuddyCandidate(7, "A Director", "Non-executive director", 0.0, years_known=False)]
    )
    assert director.reasons == ("Non-executive director: time served not recorded",)
