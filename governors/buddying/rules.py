"""The rules of buddying, without Flask or a database: what a pairing is for, which
governors are new and need a buddy, and who to suggest as one.

Suggestions put the governor's own choice first, then the most experienced (years served),
then those who sit on the most of the same committees; nobody who is not available is ever
suggested, nor the governor themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

# A governor whose term began within this long ago is new, and should have a buddy.
NEW_FOR_MONTHS = 6


class Purpose(StrEnum):
    INDUCTION = "induction"
    SUPPORT = "support"
    INFLUENCE = "influence"

    @property
    def label(self) -> str:
        return PURPOSE_LABELS[self][0]

    @property
    def hint(self) -> str:
        return PURPOSE_LABELS[self][1]


PURPOSE_LABELS = {
    Purpose.INDUCTION: ("Induction", "Help in the first months: how meetings and papers work."),
    Purpose.SUPPORT: ("Support", "Someone to talk things over with, before and after meetings."),
    Purpose.INFLUENCE: (
        "Influence",
        "Help to raise issues so they are heard, from someone who knows the ropes.",
    ),
}


class RequestStatus(StrEnum):
    WAITING = "waiting"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return REQUEST_STATUS_LABELS[self]


REQUEST_STATUS_LABELS = {
    RequestStatus.WAITING: "Waiting for the secretary",
    RequestStatus.ACCEPTED: "Buddy arranged",
    RequestStatus.DECLINED: "Answered: not arranged",
    RequestStatus.WITHDRAWN: "Withdrawn",
}


def _months_before(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 - months
    year, month = day.year + month // 12, month % 12 + 1
    for number in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, number)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover - the 28th always exists


def new_since(today: dt.date) -> dt.date:
    """A governor whose term began after this day (and by ``today``) is new."""
    return _months_before(today, NEW_FOR_MONTHS)


def is_new_governor(term_start: dt.date | None, today: dt.date) -> bool:
    """Did this governor's term begin within the last six months (and not in the future)?"""
    if term_start is None:
        return False
    return new_since(today) < term_start <= today


def years_served(first_term_start: dt.date | None, today: dt.date) -> float:
    """Whole and part years since the person first took up office (0 if not yet)."""
    if first_term_start is None or first_term_start > today:
        return 0.0
    return round((today - first_term_start).days / 365.25, 1)


@dataclass(frozen=True)
class BuddyCandidate:
    user_id: int
    name: str
    # "Public governor", "Non-executive director".
    described_as: str
    years_served: float
    # How many committees and panels they share with the governor.
    shared_bodies: int = 0
    unavailable: bool = False
    # The governor asked for this person.
    preferred: bool = False
    # False when no record says how long they have served (a director's start date, say).
    years_known: bool = True


@dataclass(frozen=True)
class BuddySuggestion:
    user_id: int
    name: str
    reasons: tuple[str, ...]


def _years(years: float) -> str:
    if years < 1:
        return "In their first year"
    whole = int(years)
    return f"{whole} year{'s' if whole != 1 else ''} served"


def rank_buddies(
    candidates: Iterable[BuddyCandidate], *, governor_id: int | None = None
) -> list[BuddySuggestion]:
    """Who to suggest as a buddy, best first, each with the reasons; never someone who is
    not available, nor the governor (``governor_id``) themselves."""
    ranked: list[tuple[tuple[int, float, int, str, int], BuddySuggestion]] = []
    seen: set[int] = set()
    for person in candidates:
        if person.user_id == governor_id or person.user_id in seen or person.unavailable:
            continue
        seen.add(person.user_id)
        if person.years_served < 0 or person.shared_bodies < 0:
            raise ValueError(f"{person.name}: years and committees cannot be negative")
        reasons = []
        if person.preferred:
            reasons.append("The governor asked for them")
        served = _years(person.years_served) if person.years_known else "time served not recorded"
        reasons.append(f"{person.described_as}: {served}")
        if person.shared_bodies:
            plural = "s" if person.shared_bodies != 1 else ""
            reasons.append(f"Shares {person.shared_bodies} committee{plural} or panel{plural}")
        key = (
            0 if person.preferred else 1,
            -person.years_served,
            -person.shared_bodies,
            person.name.casefold(),
            person.user_id,
        )
        ranked.append((key, BuddySuggestion(person.user_id, person.name, tuple(reasons))))
    ranked.sort(key=lambda pair: pair[0])
    return [suggestion for _, suggestion in ranked]
