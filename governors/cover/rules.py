"""The rules of cover, without Flask or a database: who is proposed to stand in for a
governor who is not available, in what order and why, and when a body's notice rule for
substitutes runs out.

Substitutes are proposed in this order: the seat's pre-agreed deputies first (in their
agreed order), then everyone else who fits, those who have covered least in the last
12 months first, so the load is shared. Nobody is proposed who does not fit the seat, is
not available themselves, is already committed at that time, is the absent member, or has
already been asked for this meeting and said no (or did not answer in time).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from governors.bodies.rules import PersonFacts, Requirement, fits, number_words
from governors.requests.clear_days import LONDON, ClearDaysRule, Counting, is_counted_day

# Covers are counted over this many days back, to share the load.
LOAD_WINDOW = dt.timedelta(days=365)
NOON = dt.time(12, 0)


@dataclass(frozen=True)
class Candidate:
    """Someone who might stand in, and what the rule needs to know about them."""

    user_id: int
    name: str
    facts: PersonFacts
    # Their place among the seat's pre-agreed deputies (1 is the first choice); None if not one.
    deputy_position: int | None = None
    unavailable: bool = False
    # What they are already committed to at that time ("the Audit Committee at 10:00").
    clash: str | None = None
    # How many times they stood in during the last 12 months.
    covers_last_year: int = 0
    # Why they have already been passed over for this meeting ("declined on 3 December").
    already_asked: str | None = None


@dataclass(frozen=True)
class Proposal:
    user_id: int
    name: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class PassedOver:
    user_id: int
    name: str
    why: str
    # False: passed over only because they do not fit the seat (most people, usually).
    fits: bool = True


@dataclass(frozen=True)
class Ranking:
    proposed: tuple[Proposal, ...] = ()
    passed_over: tuple[PassedOver, ...] = field(default=())

    @property
    def passed_over_though_fitting(self) -> tuple[PassedOver, ...]:
        """Those who fit the seat but were passed over: away, busy or already asked."""
        return tuple(p for p in self.passed_over if p.fits)

    @property
    def not_fitting(self) -> tuple[PassedOver, ...]:
        return tuple(p for p in self.passed_over if not p.fits)

    @property
    def no_suitable_substitute(self) -> bool:
        return not self.proposed

    @property
    def first(self) -> Proposal | None:
        return self.proposed[0] if self.proposed else None


def _covers(count: int) -> str:
    if count == 0:
        return "Has not stood in for anyone in the last 12 months"
    times = "once" if count == 1 else f"{number_words(count)} times"
    return f"Has stood in {times} in the last 12 months"


def _why_not(requirement: Requirement | None, person: Candidate) -> str | None:
    if requirement is not None and not fits(requirement, person.facts):
        return f"Is not a {requirement.singular}"
    if person.unavailable:
        return "Is not available then"
    if person.clash:
        # "already a member of this committee" reads on its own.
        if person.clash.startswith("already "):
            return f"Is {person.clash}"
        return f"Is already committed then: {person.clash}"
    if person.already_asked:
        return person.already_asked
    return None


def rank_substitutes(
    requirement: Requirement | str | None,
    candidates: Iterable[Candidate],
    *,
    absent_id: int | None = None,
) -> Ranking:
    """Who to propose, in order, to stand in for a seat needing ``requirement`` (None: a
    place with no particular requirement), with the reasons; and who was passed over, and
    why. ``absent_id`` (the member who is away) is never proposed."""
    needs = Requirement(requirement) if requirement is not None else None
    proposed: list[tuple[tuple[int, int, int, str, int], Proposal]] = []
    passed: list[PassedOver] = []
    seen: set[int] = set()
    for person in candidates:
        if person.user_id == absent_id or person.user_id in seen:
            continue
        seen.add(person.user_id)
        if person.covers_last_year < 0:
            raise ValueError(f"{person.name} cannot have stood in {person.covers_last_year} times")
        why = _why_not(needs, person)
        if why is not None:
            fit = needs is None or fits(needs, person.facts)
            passed.append(PassedOver(person.user_id, person.name, why, fit))
            continue
        reasons = []
        if person.deputy_position is not None:
            reasons.append(
                "First pre-agreed deputy for this seat"
                if person.deputy_position == 1
                else f"Pre-agreed deputy for this seat (choice {person.deputy_position})"
            )
        if needs is not None:
            reasons.append(f"Is a {needs.singular}, as the seat needs")
        reasons.append("Is available and has nothing else on at that time")
        reasons.append(_covers(person.covers_last_year))
        is_deputy = person.deputy_position is not None
        key = (
            0 if is_deputy else 1,
            person.deputy_position or 0,
            person.covers_last_year,
            person.name.casefold(),
            person.user_id,
        )
        proposed.append((key, Proposal(person.user_id, person.name, tuple(reasons))))
    proposed.sort(key=lambda pair: pair[0])
    passed.sort(key=lambda p: (p.name.casefold(), p.user_id))
    return Ranking(tuple(p for _, p in proposed), tuple(passed))


# Notice rules -----------------------------------------------------------------------------


class NoticeRule(StrEnum):
    """By when a body must be told who stands in for a member."""

    ANY_TIME = "any_time"
    NOON_PREVIOUS_WORKING_DAY = "noon_previous_working_day"
    NOON_TWO_WORKING_DAYS = "noon_two_working_days"

    @property
    def label(self) -> str:
        return NOTICE_LABELS[self]


NOTICE_LABELS = {
    NoticeRule.ANY_TIME: "Any time before the meeting starts, even on the day",
    NoticeRule.NOON_PREVIOUS_WORKING_DAY: "By noon on the working day before the meeting",
    NoticeRule.NOON_TWO_WORKING_DAYS: "By noon two working days before the meeting",
}
_WORKING_DAYS_BEFORE = {
    NoticeRule.NOON_PREVIOUS_WORKING_DAY: 1,
    NoticeRule.NOON_TWO_WORKING_DAYS: 2,
}


def notice_deadline(
    rule: NoticeRule | str, starts_at: dt.datetime, nation: str = "england"
) -> dt.datetime:
    """The last moment (aware, UTC) a substitute may be named under ``rule`` for a meeting
    starting at ``starts_at`` (aware). Working days skip weekends and the bank holidays of
    ``nation``; every rule ends, at the latest, when the meeting starts."""
    rule = NoticeRule(rule)
    if starts_at.tzinfo is None:
        raise ValueError("starts_at must be an aware datetime")
    if rule is NoticeRule.ANY_TIME:
        return starts_at.astimezone(dt.UTC)
    working = ClearDaysRule(days=0, counting=Counting.WORKING, nation=nation)
    day = starts_at.astimezone(LONDON).date()
    left = _WORKING_DAYS_BEFORE[rule]
    while left:
        day -= dt.timedelta(days=1)
        if is_counted_day(day, working):
            left -= 1
    return dt.datetime.combine(day, NOON, tzinfo=LONDON).astimezone(dt.UTC)


def within_notice(
    rule: NoticeRule | str, starts_at: dt.datetime, at: dt.datetime, nation: str = "england"
) -> bool:
    """Is naming a substitute at ``at`` within the body's notice rule?"""
    return at <= notice_deadline(rule, starts_at, nation)


# Periods -----------------------------------------------------------------------------------


def note_erase_after(ends_on: dt.date | None, months: int) -> dt.date | None:
    """The day after which a period's private note is erased: ``months`` after the period
    ends (None while it runs until further notice)."""
    if months < 1:
        raise ValueError("A note must be kept for at least a month")
    if ends_on is None:
        return None
    month = ends_on.month - 1 + months
    year, month = ends_on.year + month // 12, month % 12 + 1
    for day in (ends_on.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover - the 28th always exists
