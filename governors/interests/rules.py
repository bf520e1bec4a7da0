"""Pure rules of the register of interests: when the yearly return is due, and whether an
agenda item mentions an organisation someone listed. No Flask, no database."""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from datetime import date, timedelta
from enum import StrEnum
from typing import TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

# A first return is due this many days after someone starts to sit on a body.
FIRST_RETURN_DAYS = 28
# Reminders start this many days before a return is due.
DUE_SOON_DAYS = 30

# Words that say what kind of organisation it is, not which one.
_LEGAL_FORMS = frozenset({"ltd", "limited", "plc", "llp", "llc", "inc", "cic", "cio", "the"})
_WORD = re.compile(r"[a-z0-9]+")
# "Age UK's report" names Age UK.
_POSSESSIVE = re.compile(r"['\u2019]s\b")


def _words(text: str, *, possessive: bool = False) -> list[str]:
    """The words of ``text`` that tell one name from another: "Ltd", "plc" and the like
    left out, wherever they stand; with ``possessive``, a final "'s" too."""
    folded = text.casefold()
    if possessive:
        folded = _POSSESSIVE.sub("", folded)
    folded = folded.replace("'", "").replace("\u2019", "")
    return [
        word for word in _WORD.findall(folded.replace("&", " and ")) if word not in _LEGAL_FORMS
    ]


def _contains(words: list[str], name: list[str]) -> bool:
    size = len(name)
    return any(words[i : i + size] == name for i in range(len(words) - size + 1))


def mentions(text: str, organisation: str) -> bool:
    """Whether ``text`` names ``organisation``: its words, in order, as whole words, in any
    case and punctuation, leaving out "Ltd", "plc" and the like. A name of only short or
    legal-form words (fewer than three letters in all) matches nothing."""
    name = _words(organisation)
    if sum(len(word) for word in name) < 3:
        return False
    return _contains(_words(text), name) or _contains(_words(text, possessive=True), name)


def matching(
    texts: Iterable[tuple[K, str]], organisations: Iterable[tuple[V, str]]
) -> dict[K, list[V]]:
    """For each text (by key) that mentions any of the organisations, those organisations'
    values, in the order given. Texts that mention none are left out."""
    names = list(organisations)
    found: dict[K, list[V]] = {}
    for key, text in texts:
        hits = [value for value, name in names if mentions(text, name)]
        if hits:
            found[key] = hits
    return found


class ReturnState(StrEnum):
    UP_TO_DATE = "up_to_date"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return RETURN_STATES[self]


RETURN_STATES = {
    ReturnState.UP_TO_DATE: "Up to date",
    ReturnState.DUE_SOON: "Due soon",
    ReturnState.OVERDUE: "Overdue",
}


def one_year_after(day: date) -> date:
    """The same day a year later; 29 February gives 28 February."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def return_due_on(last_made_on: date | None, started_on: date) -> date:
    """The next yearly return is due a year after the last one, or, for someone who has
    never made one, ``FIRST_RETURN_DAYS`` after they started."""
    if last_made_on is None:
        return started_on + timedelta(days=FIRST_RETURN_DAYS)
    return one_year_after(last_made_on)


def return_state(due_on: date, today: date) -> ReturnState:
    if today > due_on:
        return ReturnState.OVERDUE
    if today >= due_on - timedelta(days=DUE_SOON_DAYS):
        return ReturnState.DUE_SOON
    return ReturnState.UP_TO_DATE
