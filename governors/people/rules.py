"""Pure rules about people: terms of office, the directory's order, passwords.

Plain functions of plain values, so they are tested without Flask or a database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from governors.people.models import Constituency

# A governor whose term ends this soon needs re-election or replacement arranged now.
TERM_WARNING_DAYS = 90
PASSWORD_MIN_LENGTH = 12
PASSWORD_MAX_LENGTH = 128


class TermStatus(StrEnum):
    NOT_STARTED = "not_started"
    CURRENT = "current"
    ENDING_SOON = "ending_soon"
    ENDED = "ended"


@dataclass(frozen=True)
class Term:
    status: TermStatus
    days_left: int

    @property
    def warning(self) -> str | None:
        """Words for a warning tag, or None when nothing needs saying."""
        if self.status is TermStatus.ENDING_SOON:
            if self.days_left == 0:
                return "Term ends today"
            noun = "day" if self.days_left == 1 else "days"
            return f"Term ends in {self.days_left} {noun}"
        if self.status is TermStatus.ENDED:
            return "Term ended"
        if self.status is TermStatus.NOT_STARTED:
            return "Term not started"
        return None


def warning_window(today: date, within: int = TERM_WARNING_DAYS) -> tuple[date, date]:
    """The first and last term end dates (inclusive) that count as ending soon."""
    return today, today + timedelta(days=within)


def term_status(
    term_start: date, term_end: date, today: date, within: int = TERM_WARNING_DAYS
) -> Term:
    """Where a governor's term stands on ``today`` (a Europe/London date).

    The term includes its last day, so a term ending today has 0 days left and is
    still ending soon rather than ended.
    """
    days_left = (term_end - today).days
    if days_left < 0:
        return Term(TermStatus.ENDED, days_left)
    if today < term_start:
        return Term(TermStatus.NOT_STARTED, days_left)
    first, last = warning_window(today, within)
    if first <= term_end <= last:
        return Term(TermStatus.ENDING_SOON, days_left)
    return Term(TermStatus.CURRENT, days_left)


def by_name(people: Iterable[Any]) -> list[Any]:
    """People in the order a reader scans a list: by name, ignoring case."""
    return sorted(people, key=lambda person: (person.name.casefold(), person.id))


def group_by_constituency(governors: Iterable[Any]) -> list[tuple[Constituency, list[Any]]]:
    """Governors grouped in the constitution's order of constituencies, names sorted.

    Each item needs ``governor_profile.constituency``; empty groups are left out.
    """
    groups: dict[Constituency, list[Any]] = {c: [] for c in Constituency}
    for person in governors:
        groups[Constituency(person.governor_profile.constituency)].append(person)
    return [(c, by_name(members)) for c, members in groups.items() if members]


def password_problem(password: str) -> str | None:
    """What is wrong with a new password, in words for the form, or None if it will do.

    Length is what makes a password strong; we do not ask for symbols or digits.
    """
    if len(password) < PASSWORD_MIN_LENGTH:
        return f"Password must be {PASSWORD_MIN_LENGTH} characters or more"
    if len(password) > PASSWORD_MAX_LENGTH:
        return f"Password must be {PASSWORD_MAX_LENGTH} characters or fewer"
    if not password.strip():
        return "Password must not be only spaces"
    return None
