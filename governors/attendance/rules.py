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
