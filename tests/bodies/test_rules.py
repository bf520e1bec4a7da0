"""The seat, review and quorum rules, on their own: no Flask, no database."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from governors.attendance.rules import QuorumRule, quorum_met, quorum_needed
from governors.bodies.rules import (
    PersonFacts,
    Requirement,
    SeatStatus,
    describe_quorum,
    fits,
    join_blocked,
    review_due,
    seat_flag,
    seat_status,
)

SERVICE_USER = PersonFacts(constituency="service_user", route="elected")
PUBLIC = PersonFacts(constituency="public", route="elected")
APPOINTED = PersonFacts(constituency="appointed", route="appointed")
NED = PersonFacts(ned=True)
NED_AND_GOVERNOR = PersonFacts(constituency="public", route="elected", ned=True)


@pytest.mark.parametrize(
    ("requirement", "fitting", "not_fitting"),
    [
        (Requirement.SERVICE_USER_GOVERNOR, [SERVICE_USER], [PUBLIC, APPOINTED, NED]),
        (Requirement.PUBLIC_GOVERNOR, [PUBLIC, NED_AND_GOVERNOR], [SERVICE_USER, NED]),
        (Requirement.ELECTED_GOVERNOR, [SERVICE_USER, PUBLIC], [APPOINTED, NED]),
        (Requirement.GOVERNOR, [SERVICE_USER, PUBLIC, APPOINTED], [NED]),
        (Requirement.NED, [NED, NED_AND_GOVERNOR], [SERVICE_USER, PUBLIC]),
    ],
)
def test_who_fits_a_seat(requirement, fitting, not_fitting):
    assert [fits(requirement, person) for person in fitting] == [True] * len(fitting)
    assert [fits(requirement, person) for person in not_fitting] == [False] * len(not_fitting)


def test_a_seat_is_empty_short_unavailable_or_filled():
    assert seat_status(1, []) is SeatStatus.EMPTY
    assert seat_status(2, [7]) is SeatStatus.SHORT
    assert seat_status(1, [7], unavailable=[7]) is SeatStatus.UNAVAILABLE
    assert seat_status(2, [7, 8], unavailable=[8]) is SeatStatus.UNAVAILABLE
    assert seat_status(1, [7, 8], unavailable=[8]) is SeatStatus.FILLED
    assert seat_status(1, [7], unavailable=[9]) is SeatStatus.FILLED
    # The same person twice is still one holder.
    assert seat_status(2, [7, 7]) is SeatStatus.SHORT
    with pytest.raises(ValueError):
        seat_status(0, [7])


def test_the_flags_say_what_is_wrong_in_plain_words():
    name = "service user governor"
    assert seat_flag(name, 1, SeatStatus.EMPTY, 0, 0) == "The service user governor seat is empty"
    assert (
        seat_flag(name, 1, SeatStatus.UNAVAILABLE, 1, 0)
        == "The service user governor seat's only holder is not available"
    )
    assert seat_flag("public governor", 2, SeatStatus.SHORT, 1, 1) == (
        "The public governor seat needs two people but has 1"
    )
    assert seat_flag(name, 1, SeatStatus.FILLED, 1, 1) is None
    assert Requirement.PUBLIC_GOVERNOR.describe(2) == "At least two public governors"
    assert Requirement.NED.describe(1) == "At least one non-executive director"


def test_a_review_is_flagged_a_month_ahead():
    assert review_due(date(2027, 3, 31), date(2027, 3, 1))
    assert review_due(date(2027, 3, 31), date(2027, 4, 20))
    assert not review_due(date(2027, 3, 31), date(2027, 2, 27))
    assert not review_due(None, date(2027, 3, 1))


def test_the_council_is_joined_by_election_and_nobody_asks_twice():
    assert join_blocked("council", is_member=False, waiting=False) is not None
    assert join_blocked("committee", is_member=True, waiting=False) == "You are already a member"
    assert "already asked" in join_blocked("panel", is_member=False, waiting=True)
    assert join_blocked("committee", is_member=False, waiting=False) is None


def test_the_quorum_in_plain_words():
    rule = QuorumRule(elected_minimum=8, elected_majority=True)
    assert describe_quorum(rule, 31, "governors") == (
        "At least 11 of 31 governors, of whom at least 8 elected governors, "
        "and elected governors must be most of those present"
    )
    assert describe_quorum(QuorumRule(minimum=3), 5) == "At least 3 of 5 members"


def test_quorum_needed_is_the_larger_of_the_minimum_and_the_fraction_rounded_up():
    assert quorum_needed(QuorumRule(), 31) == 11
    assert quorum_needed(QuorumRule(), 30) == 10
    assert quorum_needed(QuorumRule(fraction=Fraction(1, 2), minimum=5), 6) == 5
    assert quorum_needed(QuorumRule(fraction=Fraction(0)), 12) == 0


def test_quorum_met_counts_elected_governors():
    rule = QuorumRule(elected_minimum=8, elected_majority=True)
    assert quorum_met(rule, members_in_office=31, present=14, elected_present=9)
    assert not quorum_met(rule, members_in_office=31, present=14, elected_present=7)
    # Half elected is not a majority.
    assert not quorum_met(rule, members_in_office=31, present=16, elected_present=8)
    assert not quorum_met(QuorumRule(), members_in_office=31, present=10, elected_present=10)


@pytest.mark.parametrize(
    "call",
    [
        lambda: quorum_needed(QuorumRule(), -1),
        lambda: quorum_needed(QuorumRule(fraction=Fraction(3, 2)), 10),
        lambda: quorum_needed(QuorumRule(fraction=Fraction(-1, 3)), 10),
        lambda: quorum_met(QuorumRule(), members_in_office=5, present=6, elected_present=0),
        lambda: quorum_met(QuorumRule(), members_in_office=5, present=3, elected_present=4),
        lambda: quorum_met(QuorumRule(), members_in_office=5, present=-1, elected_present=0),
    ],
)
def test_impossible_input_is_refused(call):
    with pytest.raises(ValueError):
        call()
