"""What each kind of meeting means, written once and asked everywhere."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from governors.agendas import rules as agenda_rules
from governors.meetings.kinds import (
    COMMITTEE_STANDING_ITEMS,
    COUNCIL_STANDING_ITEMS,
    MEANINGS,
    Audience,
    MeetingKind,
    meaning_of,
    variants,
)
from governors.meetings.services import MeetingDetails, schedule_meeting
from governors.people.models import Role
from governors.permissions import AUDIENCES
from tests import factories


def test_every_kind_has_a_meaning():
    assert set(MEANINGS) == set(MeetingKind.council_kinds())
    assert {kind for kind, _, _ in variants()} == set(MeetingKind)
    for kind in MeetingKind.council_kinds():
        assert kind.meaning.label and kind.meaning.description
        assert kind.label == kind.meaning.label
    with pytest.raises(ValueError, match="meaning_of"):
        _ = MeetingKind.COMMITTEE.meaning


def test_only_meetings_of_the_council_take_requests():
    assert MeetingKind.taking_requests() == (MeetingKind.ORDINARY, MeetingKind.EXTRAORDINARY)
    for kind in MeetingKind.council_kinds():
        assert bool(kind.meaning.standing_items) is kind.meaning.takes_requests
    for open_to_public in (True, False):
        committee = meaning_of(MeetingKind.COMMITTEE, open_to_public=open_to_public)
        assert not committee.takes_requests
        assert committee.standing_items == COMMITTEE_STANDING_ITEMS
        assert committee.title("Recovery Sub-committee") == "Recovery Sub-committee meeting"
    titles = [item.title for item in COUNCIL_STANDING_ITEMS]
    assert titles[0] == "Welcome and apologies for absence"
    # Any other business closes the public part, so it is the last standing item.
    assert titles[-1] == agenda_rules.CLOSING_TITLE


def test_a_governors_pre_meeting_is_the_one_council_kind_not_held_in_public():
    assert MeetingKind.where(lambda meaning: meaning.public) == (
        MeetingKind.ORDINARY,
        MeetingKind.EXTRAORDINARY,
        MeetingKind.ANNUAL_MEMBERS,
    )
    assert not MeetingKind.PRE_MEETING.meaning.public


def test_a_committee_meeting_is_public_only_when_its_body_meets_in_public():
    assert meaning_of("committee", open_to_public=True).public
    closed = meaning_of("committee", open_to_public=False)
    assert not closed.public
    # Governors and directors may see that a closed committee meets; only its members
    # (and the secretary) its private part.
    assert closed.attended_by == Audience.COUNCIL
    assert closed.private_part_for == Audience.BODY_MEMBERS
    assert AUDIENCES[Audience.BODY_MEMBERS] == {Role.SECRETARY}


@pytest.mark.parametrize("kind", list(MeetingKind.council_kinds()))
def test_who_attends_the_private_part(kind):
    private = AUDIENCES[kind.meaning.private_part_for]
    assert {Role.SECRETARY, Role.GOVERNOR, Role.LEAD_GOVERNOR} <= private
    # Trust officers are invited to items, never to the private part as a whole.
    assert Role.OFFICER not in private
    # No one may see the private part of a meeting they may not attend.
    assert private <= AUDIENCES[kind.meaning.attended_by]


def test_a_governors_pre_meeting_is_for_governors_only():
    meaning = MeetingKind.PRE_MEETING.meaning
    assert meaning.attended_by == meaning.private_part_for == Audience.GOVERNORS
    governors = AUDIENCES[Audience.GOVERNORS]
    assert governors == {Role.SECRETARY, Role.LEAD_GOVERNOR, Role.GOVERNOR}
    council = MeetingKind.ORDINARY.meaning
    assert {Role.NED, Role.CHAIR} <= AUDIENCES[council.private_part_for]
    assert AUDIENCES[council.attended_by] == frozenset(Role)


def test_a_meeting_asks_its_kind(app):
    meeting = factories.MeetingFactory(kind="pre_meeting")
    assert meeting.meaning is MeetingKind.PRE_MEETING.meaning
    assert meeting.kind_label == "Governors' pre-meeting"


@pytest.mark.parametrize(
    ("kind", "standing"),
    [
        (MeetingKind.ORDINARY, len(COUNCIL_STANDING_ITEMS)),
        (MeetingKind.EXTRAORDINARY, len(COUNCIL_STANDING_ITEMS)),
        (MeetingKind.ANNUAL_MEMBERS, 0),
        (MeetingKind.PRE_MEETING, 0),
    ],
)
def test_a_new_meeting_starts_with_its_kinds_standing_items(app, kind, standing):
    secretary = factories.secretary()
    start = datetime(2027, 1, 21, 14, 0, tzinfo=UTC)
    meeting = schedule_meeting(
        secretary,
        MeetingDetails(
            kind=kind,
            day=start.date(),
            start=start.time(),
            end=start.replace(hour=16).time(),
            place="Boardroom",
        ),
    )
    assert [(item.title, item.minutes_allowed, item.purpose) for item in meeting.items] == [
        (item.title, item.minutes, "standing") for item in kind.meaning.standing_items
    ]
    assert len(meeting.items) == standing
