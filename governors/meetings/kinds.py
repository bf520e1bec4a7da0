"""Kinds of meeting and what each kind means, written once for every page, query and rule.

Everything that depends on the kind of a meeting asks ``meaning_of(kind, open_to_public=...)``
(or ``meeting.meaning``) rather than listing kinds of its own. The Council's own kinds of
meeting mean the same whatever else is true; a meeting of a committee (or any other body
under the Council) means what its body's openness makes it. A new kind is one more row in
``MEANINGS``.
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
    # A committee's own members (the secretary supports every body).
    BODY_MEMBERS = "body_members"


@dataclass(frozen=True)
class StandingItem:
    """An item a meeting always has, with the minutes it is given."""

    title: str
    minutes: int


# The standing item under which a body's open actions come back to each meeting.
ACTION_LOG_TITLE = "Matters arising and action log"
# What every Council meeting opens and closes with, in order.
COUNCIL_STANDING_ITEMS = (
    StandingItem("Welcome and apologies for absence", 5),
    StandingItem("Declarations of interest", 5),
    StandingItem("Minutes of the last meeting", 5),
    StandingItem(ACTION_LOG_TITLE, 10),
    StandingItem(CLOSING_TITLE, 10),
)
# What a committee's meeting opens and closes with: the same business, briefer.
COMMITTEE_STANDING_ITEMS = (
    StandingItem("Welcome and apologies for absence", 5),
    StandingItem("Declarations of interest", 5),
    StandingItem("Minutes of the last meeting", 5),
    StandingItem(ACTION_LOG_TITLE, 5),
    StandingItem(CLOSING_TITLE, 5),
)


@dataclass(frozen=True)
class KindMeaning:
    """What one kind of meeting means.

    label: its name on pages, emails, calendars and PDFs (with ``named_by_body``, what
        follows the body's name: "Membership and Engagement Committee meeting").
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
    named_by_body: bool = False

    def title(self, body_name: str) -> str:
        return f"{body_name} {self.label}" if self.named_by_body else self.label


class MeetingKind(StrEnum):
    ORDINARY = "ordinary"
    EXTRAORDINARY = "extraordinary"
    ANNUAL_MEMBERS = "annual_members"
    PRE_MEETING = "pre_meeting"
    # A meeting of a committee, sub-committee, working group or panel.
    COMMITTEE = "committee"

    @property
    def for_council(self) -> bool:
        """A kind of meeting the Council itself holds (every other body holds COMMITTEE)."""
        return self is not MeetingKind.COMMITTEE

    @property
    def meaning(self) -> KindMeaning:
        """What a Council kind means; a committee meeting's meaning needs its body's
        openness, so ask ``meaning_of``."""
        if not self.for_council:
            raise ValueError("A committee meeting's meaning depends on its body: use meaning_of")
        return MEANINGS[self]

    @property
    def label(self) -> str:
        return MEANINGS[self].label if self.for_council else "Committee meeting"

    @classmethod
    def council_kinds(cls) -> tuple[MeetingKind, ...]:
        return tuple(kind for kind in cls if kind.for_council)

    @classmethod
    def where(cls, test: Callable[[KindMeaning], bool]) -> tuple[MeetingKind, ...]:
        """The Council's kinds whose meaning passes ``test``, in the order declared."""
        return tuple(kind for kind in cls.council_kinds() if test(kind.meaning))

    @classmethod
    def taking_requests(cls) -> tuple[MeetingKind, ...]:
        """Meetings of the Council itself: they take agenda requests and lead the home page."""
        return cls.where(lambda meaning: meaning.takes_requests)


def meaning_of(kind: MeetingKind | str, *, open_to_public: bool) -> KindMeaning:
    """What a meeting of ``kind`` means, held by a body that is (or is not) open to the
    public. The body's openness matters only to committee meetings."""
    kind = MeetingKind(kind)
    return MEANINGS[kind] if kind.for_council else COMMITTEE_MEANINGS[open_to_public]


def variants() -> list[tuple[MeetingKind, bool | None, KindMeaning]]:
    """Every meaning a meeting can have: (kind, the body's openness or None when it does
    not matter, meaning). What lists of meetings are filtered by."""
    found: list[tuple[MeetingKind, bool | None, KindMeaning]] = [
        (kind, None, MEANINGS[kind]) for kind in MeetingKind.council_kinds()
    ]
    found += [(MeetingKind.COMMITTEE, open_, COMMITTEE_MEANINGS[open_]) for open_ in (True, False)]
    return found


@dataclass(frozen=True)
class MeetingFacts:
    """What the permissions policy needs to know about a meeting, from a ``Meeting`` or a
    row: its kind, its body and whether that body holds its meetings in public."""

    kind: str
    body_id: int
    open_to_public: bool
    chair_builds_agenda: bool = False

    @property
    def meaning(self) -> KindMeaning:
        return meaning_of(self.kind, open_to_public=self.open_to_public)

    @property
    def for_council(self) -> bool:
        return MeetingKind(self.kind).for_council


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


def _committee_meeting(open_to_public: bool) -> KindMeaning:
    """A meeting of a body under the Council. Its private part is for its own members; its
    public part is for anyone when the body meets in public, else for the Council."""
    return KindMeaning(
        label="meeting",
        description="A meeting of one of the Council's committees, sub-committees, working "
        "groups or panels",
        takes_requests=False,
        public=open_to_public,
        attended_by=Audience.EVERY_MEMBER if open_to_public else Audience.COUNCIL,
        private_part_for=Audience.BODY_MEMBERS,
        standing_items=COMMITTEE_STANDING_ITEMS,
        named_by_body=True,
    )


COMMITTEE_MEANINGS: dict[bool, KindMeaning] = {
    True: _committee_meeting(True),
    False: _committee_meeting(False),
}
