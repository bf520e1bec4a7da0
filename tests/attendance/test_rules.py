"""The quorum and vote rules, with hand-worked cases and properties (Hypothesis)."""

from __future__ import annotations

from fractions import Fraction
from math import ceil

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governors.attendance.rules import QuorumRule, quorum_met, quorum_needed, vote_carried

fractions = st.fractions(min_value=0, max_value=1, max_denominator=12)
counts = st.integers(min_value=0, max_value=200)


@st.composite
def rules_and_meetings(draw):
    rule = QuorumRule(
        fraction=draw(fractions),
        minimum=draw(st.integers(0, 50)),
        elected_minimum=draw(st.integers(0, 50)),
        elected_majority=draw(st.booleans()),
    )
    in_office = draw(counts)
    present = draw(st.integers(0, in_office))
    elected = draw(st.integers(0, present))
    return rule, in_office, present, elected


@given(fractions, st.integers(0, 50), counts)
def test_needed_is_the_larger_of_the_minimum_and_the_share_rounded_up(fraction, minimum, members):
    needed = quorum_needed(QuorumRule(fraction=fraction, minimum=minimum), members)
    assert needed == max(minimum, ceil(fraction * members))
    assert needed >= minimum
    # Rounded up: the share itself is never more than what is needed.
    assert needed >= fraction * members


@given(rules_and_meetings())
def test_met_means_enough_present_enough_elected_and_a_majority_when_asked(case):
    rule, in_office, present, elected = case
    met = quorum_met(rule, members_in_office=in_office, present=present, elected_present=elected)
    expected = (
        present >= quorum_needed(rule, in_office)
        and elected >= rule.elected_minimum
        and (not rule.elected_majority or elected > present - elected)
    )
    assert met is expected


@given(rules_and_meetings())
def test_one_more_member_present_never_loses_a_quorum_without_an_elected_majority(case):
    rule, in_office, present, elected = case
    rule = QuorumRule(rule.fraction, rule.minimum, rule.elected_minimum, False)
    if present < in_office and quorum_met(
        rule, members_in_office=in_office, present=present, elected_present=elected
    ):
        assert quorum_met(
            rule, members_in_office=in_office, present=present + 1, elected_present=elected
        )


def test_the_councils_quorum_worked_by_hand():
    # One third of 31 governors is 10⅓, so 11; at least 8 of them elected, and a majority.
    rule = QuorumRule(fraction=Fraction(1, 3), elected_minimum=8, elected_majority=True)
    assert quorum_needed(rule, 31) == 11
    assert quorum_met(rule, members_in_office=31, present=14, elected_present=9)
    assert not quorum_met(rule, members_in_office=31, present=10, elected_present=9)
    assert not quorum_met(rule, members_in_office=31, present=14, elected_present=7)


@given(st.integers(0, 100), st.integers(0, 100), st.sampled_from([None, "for", "against"]))
def test_carried_by_more_for_than_against_and_on_a_tie_only_by_the_casting_vote(
    votes_for, votes_against, casting
):
    carried = vote_carried(votes_for, votes_against, casting_vote=casting)
    if votes_for != votes_against:
        assert carried is (votes_for > votes_against)
    else:
        assert carried is (casting == "for")


def test_votes_worked_by_hand():
    assert vote_carried(7, 6)
    assert not vote_carried(6, 7)
    assert not vote_carried(5, 5)
    assert vote_carried(5, 5, casting_vote="for")
    assert not vote_carried(5, 5, casting_vote="against")
    # Nobody voting: a tie at nought.
    assert not vote_carried(0, 0)
    # A casting vote matters only on a tie.
    assert not vote_carried(3, 4, casting_vote="for")


@pytest.mark.parametrize(
    "call",
    [
        lambda: vote_carried(-1, 3),
        lambda: vote_carried(3, -1),
        lambda: vote_carried(3, 3, casting_vote="maybe"),
        lambda: quorum_needed(QuorumRule(minimum=-1), 10),
        lambda: quorum_needed(QuorumRule(fraction=Fraction(5, 4)), 10),
        lambda: quorum_met(QuorumRule(), members_in_office=-1, present=0, elected_present=0),
        lambda: quorum_met(QuorumRule(), members_in_office=10, present=11, elected_present=0),
        lambda: quorum_met(QuorumRule(), members_in_office=10, present=5, elected_present=6),
        lambda: quorum_met(QuorumRule(), members_in_office=10, present=5, elected_present=-1),
    ],
)
def test_impossible_input_raises_value_error(call):
    with pytest.raises(ValueError):
        call()
