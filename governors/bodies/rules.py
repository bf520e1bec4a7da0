"""What bodies, memberships and seats mean, and when a body needs the secretary's attention.

Pure: no Flask and no database, so every rule is tested on its own.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from fractions import Fraction

from governors.attendance.rules import QuorumRule, quorum_needed

# How long before a review date a body is flagged.
REVIEW_WARNING = timedelta(days=30)

_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def number_words(count: int) -> str:
    """Small numbers in words, as people write them: "one", "two"; "12" from ten on."""
    return _NUMBER_WORDS[count] if 0 <= count < len(_NUMBER_WORDS) else str(count)


class BodyKind(StrEnum):
    COUNCIL = "council"
    COMMITTEE = "committee"
    SUB_COMMITTEE = "sub_committee"
    WORKING_GROUP = "working_group"
    PANEL = "panel"

    @property
    def label(self) -> str:
        return BODY_KIND_LABELS[self]


BODY_KIND_LABELS = {
    BodyKind.COUNCIL: "Council of Governors",
    BodyKind.COMMITTEE: "Committee",
    BodyKind.SUB_COMMITTEE: "Sub-committee",
    BodyKind.WORKING_GROUP: "Working group",
    BodyKind.PANEL: "Panel",
}
# The kinds the secretary can create: there is one Council, made when the product is set up.
CREATED_KINDS = tuple(kind for kind in BodyKind if kind is not BodyKind.COUNCIL)


class MemberRole(StrEnum):
    CHAIR = "chair"
    VICE_CHAIR = "vice_chair"
    MEMBER = "member"
    DEPUTY = "deputy"
    IN_ATTENDANCE = "in_attendance"

    @property
    def label(self) -> str:
        return MEMBER_ROLE_LABELS[self]

    @property
    def in_office(self) -> bool:
        """Counts among the members in office (for quorum): not deputies, not those who
        attend without being members."""
        return self in IN_OFFICE

    @property
    def chairs(self) -> bool:
        return self in CHAIRING


MEMBER_ROLE_LABELS = {
    MemberRole.CHAIR: "Chair",
    MemberRole.VICE_CHAIR: "Vice-chair",
    MemberRole.MEMBER: "Member",
    MemberRole.DEPUTY: "Deputy member",
    MemberRole.IN_ATTENDANCE: "In attendance",
}
IN_OFFICE = frozenset({MemberRole.CHAIR, MemberRole.VICE_CHAIR, MemberRole.MEMBER})
CHAIRING = frozenset({MemberRole.CHAIR, MemberRole.VICE_CHAIR})


class Requirement(StrEnum):
    """Who may hold a seat."""

    SERVICE_USER_GOVERNOR = "service_user_governor"
    CARER_GOVERNOR = "carer_governor"
    PUBLIC_GOVERNOR = "public_governor"
    STAFF_GOVERNOR = "staff_governor"
    APPOINTED_GOVERNOR = "appointed_governor"
    ELECTED_GOVERNOR = "elected_governor"
    GOVERNOR = "governor"
    NED = "ned"

    @property
    def singular(self) -> str:
        return REQUIREMENT_NAMES[self][0]

    @property
    def plural(self) -> str:
        return REQUIREMENT_NAMES[self][1]

    def describe(self, count: int) -> str:
        """ "At least one service user governor", "At least two public governors"."""
        noun = self.singular if count == 1 else self.plural
        return f"At least {number_words(count)} {noun}"


REQUIREMENT_NAMES = {
    Requirement.SERVICE_USER_GOVERNOR: ("service user governor", "service user governors"),
    Requirement.CARER_GOVERNOR: ("carer governor", "carer governors"),
    Requirement.PUBLIC_GOVERNOR: ("public governor", "public governors"),
    Requirement.STAFF_GOVERNOR: ("staff governor", "staff governors"),
    Requirement.APPOINTED_GOVERNOR: ("appointed governor", "appointed governors"),
    Requirement.ELECTED_GOVERNOR: ("elected governor", "elected governors"),
    Requirement.GOVERNOR: ("governor", "governors"),
    Requirement.NED: ("non-executive director", "non-executive directors"),
}
# The constituency each constituency seat needs (``people.models.Constituency`` values).
_CONSTITUENCY = {
    Requirement.SERVICE_USER_GOVERNOR: "service_user",
    Requirement.CARER_GOVERNOR: "carer",
    Requirement.PUBLIC_GOVERNOR: "public",
    Requirement.STAFF_GOVERNOR: "staff",
    Requirement.APPOINTED_GOVERNOR: "appointed",
}


@dataclass(frozen=True)
class PersonFacts:
    """What the seat rules need to know about a person: for governors, their constituency
    and how they came to the Council (``people.models.Constituency`` and ``Route`` values);
    whether they are a non-executive director."""

    constituency: str | None = None
    route: str | None = None
    ned: bool = False

    @property
    def is_governor(self) -> bool:
        return self.constituency is not None

    @property
    def is_elected_governor(self) -> bool:
        return self.is_governor and self.route == "elected"


def fits(requirement: Requirement | str, person: PersonFacts) -> bool:
    """May ``person`` hold a seat with ``requirement``?"""
    requirement = Requirement(requirement)
    if requirement is Requirement.NED:
        return person.ned
    if not person.is_governor:
        return False
    if requirement is Requirement.GOVERNOR:
        return True
    if requirement is Requirement.ELECTED_GOVERNOR:
        return person.is_elected_governor
    return person.constituency == _CONSTITUENCY[requirement]


class SeatStatus(StrEnum):
    FILLED = "filled"
    # Nobody holds it.
    EMPTY = "empty"
    # Held, but by fewer people than it needs.
    SHORT = "short"
    # Held by enough people, but too few of them are available.
    UNAVAILABLE = "unavailable"

    @property
    def needs_attention(self) -> bool:
        return self is not SeatStatus.FILLED


def seat_status(
    required: int, holders: Collection[int], unavailable: Collection[int] = ()
) -> SeatStatus:
    """How a seat needing ``required`` people stands, held by ``holders`` (people's ids),
    some of whom may be ``unavailable``."""
    if isinstance(required, bool) or not isinstance(required, int) or required < 1:
        raise ValueError(f"A seat needs at least one person, not {required!r}")
    held = set(holders)
    if not held:
        return SeatStatus.EMPTY
    if len(held) < required:
        return SeatStatus.SHORT
    available = held - set(unavailable)
    if len(available) < required:
        return SeatStatus.UNAVAILABLE
    return SeatStatus.FILLED


def seat_flag(
    name: str, required: int, status: SeatStatus, holders: int, available: int
) -> str | None:
    """What the secretary is told about a seat that needs attention, in plain words;
    None for a seat that is filled. ``name`` is the seat's name ("Service user governor")."""
    if status is SeatStatus.FILLED:
        return None
    if status is SeatStatus.EMPTY:
        return f"The {name} seat is empty"
    if status is SeatStatus.SHORT:
        return f"The {name} seat needs {number_words(required)} people but has {holders}"
    if holders == 1:
        return f"The {name} seat's only holder is not available"
    return (
        f"The {name} seat needs {number_words(required)} people but only "
        f"{number_words(available)} of its {holders} holders are available"
    )


def review_due(review_on: date | None, today: date) -> bool:
    """A review is due from a month before its date (and overdue after it)."""
    return review_on is not None and today >= review_on - REVIEW_WARNING


def current(starts_on: date, ends_on: date | None, today: date) -> bool:
    """Is a membership (or anything else with from and to dates) in force on ``today``?"""
    return starts_on <= today and (ends_on is None or today <= ends_on)


def quorum_rule(
    numerator: int, denominator: int, minimum: int, elected_minimum: int, elected_majority: bool
) -> QuorumRule:
    """A body's stored quorum rule, as the attendance rules judge it."""
    return QuorumRule(
        fraction=Fraction(numerator, denominator),
        minimum=minimum,
        elected_minimum=elected_minimum,
        elected_majority=elected_majority,
    )


def describe_quorum(rule: QuorumRule, members_in_office: int, members: str = "members") -> str:
    """The rule in plain words, for the body's page: "At least 11 of 31 governors, of whom
    at least 8 elected governors, and elected governors must be most of those present"."""
    needed = quorum_needed(rule, members_in_office)
    words = [f"At least {needed} of {members_in_office} {members}"]
    if rule.elected_minimum:
        noun = "elected governor" if rule.elected_minimum == 1 else "elected governors"
        words.append(f", of whom at least {rule.elected_minimum} {noun}")
    if rule.elected_majority:
        words.append(", and elected governors must be most of those present")
    return "".join(words)


def describe_fraction(fraction: Fraction) -> str:
    """ "one third", "half", "two thirds": how constitutions write the share."""
    names = {
        Fraction(1, 2): "half",
        Fraction(1, 3): "one third",
        Fraction(2, 3): "two thirds",
        Fraction(1, 4): "one quarter",
        Fraction(3, 4): "three quarters",
        Fraction(1): "all",
        Fraction(0): "none",
    }
    return names.get(fraction, f"{fraction.numerator}/{fraction.denominator}")


def join_blocked(body_kind: BodyKind | str, *, is_member: bool, waiting: bool) -> str | None:
    """Why a person may not ask to join a body now, or None if they may."""
    if BodyKind(body_kind) is BodyKind.COUNCIL:
        return "Governors are members of the Council by election or appointment"
    if is_member:
        return "You are already a member"
    if waiting:
        return "You have already asked to join. The secretary will answer."
    return None
