"""Quorum: how many members must be present for a body's meeting to do business.

Pure: no Flask and no database. Each body keeps its rule as data (``governors.bodies``);
these functions judge it.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import ceil
from numbers import Rational, Real


@dataclass(frozen=True)
class QuorumRule:
    """A body's quorum rule.

    fraction: the share of members in office who must be present, rounded up.
    minimum: the fewest members who must be present, whatever the fraction gives.
    elected_minimum: the fewest elected governors among those present.
    elected_majority: elected governors must be more than half of those present.
    """

    fraction: Fraction = Fraction(1, 3)
    minimum: int = 0
    elected_minimum: int = 0
    elected_majority: bool = False


def _fraction(value: object) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ValueError(f"The quorum fraction must be a number from 0 to 1, not {value!r}")
    fraction = Fraction(value) if isinstance(value, Rational) else Fraction(str(value))
    if not 0 <= fraction <= 1:
        raise ValueError(f"The quorum fraction must be from 0 to 1, not {fraction}")
    return fraction


def _count(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be a whole number, not {value!r}")
    if value < 0:
        raise ValueError(f"{name} cannot be negative ({value})")
    return value


def _checked(rule: QuorumRule) -> Fraction:
    _count("The minimum", rule.minimum)
    _count("The minimum of elected governors", rule.elected_minimum)
    return _fraction(rule.fraction)


def quorum_needed(rule: QuorumRule, members_in_office: int) -> int:
    """How many must be present: the larger of the rule's minimum and its fraction of the
    members in office, rounded up."""
    fraction = _checked(rule)
    members = _count("Members in office", members_in_office)
    return max(rule.minimum, ceil(fraction * members))


def quorum_met(
    rule: QuorumRule, *, members_in_office: int, present: int, elected_present: int
) -> bool:
    """Is the meeting quorate with ``present`` members there, ``elected_present`` of them
    elected governors?"""
    needed = quorum_needed(rule, members_in_office)
    _count("Members present", present)
    _count("Elected governors present", elected_present)
    if present > members_in_office:
        raise ValueError(
            f"{present} members present is more than the {members_in_office} in office"
        )
    if elected_present > present:
        raise ValueError(
            f"{elected_present} elected governors present is more than the {present} present"
        )
    if present < needed or elected_present < rule.elected_minimum:
        return False
    # With an elected majority, elected governors outnumber everyone else present.
    return not rule.elected_majority or elected_present > present - elected_present


CASTING_VOTES = ("for", "against")


def vote_carried(votes_for: int, votes_against: int, *, casting_vote: str | None = None) -> bool:
    """Is a motion carried, by more than half of those present and voting?

    Abstentions do not count. On a tie the motion falls, unless the chair's casting vote
    (where the body's rules give the chair one) is ``"for"``.
    """
    _count("Votes for", votes_for)
    _count("Votes against", votes_against)
    if casting_vote is not None and casting_vote not in CASTING_VOTES:
        raise ValueError(f"A casting vote is 'for' or 'against', not {casting_vote!r}")
    if votes_for != votes_against:
        return votes_for > votes_against
    return casting_vote == "for"


# Who counts for each item ------------------------------------------------------------


@dataclass(frozen=True)
class Attendee:
    """Someone on a meeting's register, as the quorum for each item sees them.

    counts: a member in office, or a deputy in a member's place (not those in attendance).
    elected: an elected governor.
    first, last: the items (by their place in the agenda, from 0) they were there for;
    None for from the start, or to the end.
    """

    key: int
    counts: bool
    elected: bool = False
    first: int | None = None
    last: int | None = None

    def there_for(self, index: int) -> bool:
        return (self.first is None or self.first <= index) and (
            self.last is None or index <= self.last
        )


@dataclass(frozen=True)
class ItemQuorum:
    """The quorum for one item: who counted, how many were needed, and whether it was met."""

    present: int
    elected_present: int
    needed: int
    met: bool

    @property
    def statement(self) -> str:
        """ "Quorate: 14 present, 9 elected governors; 11 needed"."""
        word = "Quorate" if self.met else "Not quorate"
        elected = "elected governor" if self.elected_present == 1 else "elected governors"
        return (
            f"{word}: {self.present} present, {self.elected_present} {elected}; "
            f"{self.needed} needed"
        )


def item_quorum(
    rule: QuorumRule,
    members_in_office: int,
    attendees: list[Attendee],
    index: int,
    withdrew: frozenset[int] = frozenset(),
) -> ItemQuorum:
    """The quorum for the item at ``index``: the members (and deputies) there for it, less
    those who withdrew from it because of a declared interest."""
    counted = [
        person
        for person in attendees
        if person.counts and person.there_for(index) and person.key not in withdrew
    ]
    # More deputies and members than places cannot count beyond the members in office.
    present = min(len(counted), members_in_office)
    elected = min(sum(person.elected for person in counted), present)
    return ItemQuorum(
        present=present,
        elected_present=elected,
        needed=quorum_needed(rule, members_in_office),
        met=quorum_met(
            rule, members_in_office=members_in_office, present=present, elected_present=elected
        ),
    )
