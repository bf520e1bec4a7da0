"""Kinds of meeting and what each kind means, written once for every page, query and rule.

Everything that depends on the kind of a meeting asks ``MeetingKind(kind).meaning`` (or
``meeting.meaning``) rather than listing kinds of its own. A new kind, or (later) a body
with kinds of its own, is one more row in ``MEANINGS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from governors.agendas.rules import CLOSING_TITLE


class Audience(StrEnum):
    """Who a meeting, or its private part, is for. Which roles make up each audience is
    the permissions policy's to say (``governors.permissions.AUDIENCES``)."""

    EVERY_MEMBER = "every_member"
    # Governors attend the private part of Council meetings, with the chair, the directors
    # and the secretary; trust officers are invited to items, not to the private part.
    COUNCIL = "council"
    # A governors' pre-meeting is for governors (the secretary supports it): no directors,
    # not the chair, no trust officers.
    GOVERNORS = "governors"


@dataclass(frozen=True)
class StandingItem:
    """An item a meeting always has, with the minutes it is given."""

    title: str
    minutes: int


# What every Council meeting opens and closes with, in order.
COUNCIL_STANDING_ITEMS = (
    StandingItem("Welcome and apologies for absence", 5),
    StandingItem("Declarations of interest", 5),
    StandingItem("Minutes of the last meeting", 5),
    StandingItem("Matters arising and action log", 10),
    StandingItem(CLOSING_TITLE, 10),
)


@dataclass(frozen=True)
class KindMeaning:
    """What one kind of meeting means.

    label: its name on pages, emails, calendars and PDFs.
    description: one line that tells the secretary when to choose it.
    takes_requests: governors may ask for items on its agenda under the clear-days rule.
    public: open to the public: the meeting, its public part and its published public
        agenda and papers may be shown without signing in.
    attended_by: who may see the meeting and its public part when signed in.
    private_part_for: who attends, and so may see, its private part (private items,
        their papers, the full agenda and PDF, the publish email).
    standing_items: the items a new meeting of this kind starts with.
    """

    label: str
    description: str
    takes_requests: bool
    public: bool
    attended_by: Audience
    private_part_for: Audience
    standing_items: tuple[StandingItem, ...] = ()


class MeetingKind(StrEnum):
    ORDINARY = "ordinary"
    EXTRAORDINARY = "extraordinary"
    ANNUAL_MEMBERS = "annual_members"
    PRE_MEETING = "pre_meeting"

    @property
    def meaning(self) -> KindMeaning:
        return MEANINGS[self]

    @property
    def label(self) -> str:
        return self.meaning.label

    @classmethod
    def where(cls, test: Callable[[KindMeaning], bool]) -> tuple[MeetingKind, ...]:
        """The kinds whose meaning passes ``test``, in the order they are declared."""
        return tuple(kind for kind in cls if test(kind.meaning))

    @classmethod
    def taking_requests(cls) -> tuple[MeetingKind, ...]:
        """Meetings of the Council itself: they take agenda requests and lead the home page."""
        return cls.where(lambda meaning: meaning.takes_requests)

    @classmethod
    def held_in_public(cls) -> tuple[MeetingKind, ...]:
        return cls.where(lambda meaning: meaning.public)


def _council_meeting(label: str, description: str) -> KindMeaning:
    """A meeting of the Council itself: held in public, with a private part for the Council,
    taking governors' agenda requests, opening and closing with the standing items."""
    return KindMeaning(
        label=label,
        description=description,
        takes_requests=True,
        public=True,
        attended_by=Audience.EVERY_MEMBER,
        private_part_for=Audience.COUNCIL,
        standing_items=COUNCIL_STANDING_ITEMS,
    )


MEANINGS: dict[MeetingKind, KindMeaning] = {
    MeetingKind.ORDINARY: _council_meeting(
        "Council of Governors meeting",
        "The Council's regular meeting, held in public with a private part",
    ),
    MeetingKind.EXTRAORDINARY: _council_meeting(
        "Extraordinary Council of Governors meeting",
        "Called for urgent business outside the usual cycle",
    ),
    MeetingKind.ANNUAL_MEMBERS: KindMeaning(
        label="Annual members' meeting",
        description="Held in public for the trust's members",
        takes_requests=False,
        public=True,
        attended_by=Audience.EVERY_MEMBER,
        private_part_for=Audience.COUNCIL,
    ),
    MeetingKind.PRE_MEETING: KindMeaning(
        label="Governors' pre-meeting",
        description="For governors only, not held in public",
        takes_requests=False,
        public=False,
        attended_by=Audience.GOVERNORS,
        private_part_for=Audience.GOVERNORS,
    ),
}
