"""What the public page says about coming to a meeting. Pure: no Flask, no database.

Each answer comes from the meeting's own words first, then the council's usual words, then
a plain sentence of our own, so the page never has a gap where someone needs to know what
to do.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from governors.people.models import Constituency

# When the council has said nothing of its own.
ACCESS_FALLBACK = (
    "Tell us before the day if you need help to take part. "
    "For example, you may need step-free access or a hearing loop."
)
QUESTIONS_FALLBACK = (
    "You can ask the governors a question. Send it to us before the meeting. "
    "We will tell you when it will be answered."
)
ONLINE_ON_REQUEST = "You can join this meeting online. Contact us and we will send you the link."
IN_PERSON_ONLY = "This meeting is in person only. You cannot join it online."


@dataclass(frozen=True)
class JoinOnline:
    """How the public join a meeting online: a link to follow, or words to read."""

    text: str
    link: str | None = None


def _given(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None


def access_words(meeting_access: str | None, council_access: str | None) -> str:
    """Access at the meeting: its own words, else the council's usual words, else ours."""
    return _given(meeting_access) or _given(council_access) or ACCESS_FALLBACK


def question_words(council_questions: str | None) -> str:
    """How a member of the public asks a question."""
    return _given(council_questions) or QUESTIONS_FALLBACK


def joining_online(
    *, public_link: str | None, members_online: bool, council_words: str | None
) -> JoinOnline:
    """How the public join online.

    ``members_online``: the meeting has a video link for its members (never shown to the
    public). With no public link and no members' link, the meeting is in person only.
    """
    link = _given(public_link)
    if link:
        return JoinOnline(text="Watch or join this meeting online", link=link)
    if not members_online:
        return JoinOnline(text=IN_PERSON_ONLY)
    return JoinOnline(text=_given(council_words) or ONLINE_ON_REQUEST)


def paragraphs(text: str | None) -> list[list[str]]:
    """Typed text as paragraphs (split at blank lines), each a list of its lines."""
    found: list[list[str]] = []
    current: list[str] = []
    for line in (text or "").splitlines():
        line = line.strip()
        if line:
            current.append(line)
        elif current:
            found.append(current)
            current = []
    if current:
        found.append(current)
    return found


def phone_link(phone: str | None) -> str | None:
    """A ``tel:`` address for a phone number as people write it: digits and a leading +."""
    phone = (phone or "").strip()
    digits = "".join(ch for ch in phone if ch.isascii() and ch.isdigit())
    if not digits:
        return None
    return "tel:" + ("+" if phone.startswith("+") else "") + digits


def in_office(term_start: date, term_end: date, today: date) -> bool:
    """A governor whose term has begun and not yet ended: the ones the public see."""
    return term_start <= today <= term_end


# The constituencies whose area (a place, or the organisation that appoints) is published.
# Another constituency's area could say which service someone uses: it stays private.
AREA_SHOWN = frozenset({Constituency.PUBLIC, Constituency.APPOINTED})


@dataclass(frozen=True)
class PublicGovernor:
    """A governor as the public see them: name and constituency, nothing else."""

    name: str
    area: str | None = None


@dataclass(frozen=True)
class ConstituencyGroup:
    constituency: Constituency
    governors: list[PublicGovernor]

    @property
    def heading(self) -> str:
        """ "Public governors", "Service user governors"."""
        return f"{self.constituency.label} governors"


def governors_by_constituency(governors: Iterable[Any]) -> list[ConstituencyGroup]:
    """Governors (each a ``User`` with a ``governor_profile``) in the constitution's order
    of constituencies, by name, as the public see them; empty groups are left out."""
    groups: dict[Constituency, list[PublicGovernor]] = {c: [] for c in Constituency}
    for person in sorted(governors, key=lambda person: (person.name.casefold(), person.id)):
        profile = person.governor_profile
        constituency = Constituency(profile.constituency)
        area = _given(profile.area) if constituency in AREA_SHOWN else None
        groups[constituency].append(PublicGovernor(name=person.name, area=area))
    return [ConstituencyGroup(c, members) for c, members in groups.items() if members]
