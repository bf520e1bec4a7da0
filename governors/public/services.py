"""The queries behind the public pages. Read-only: the public change nothing.

Everything here is what anyone may see without signing in: meetings held in public (never
a governors' pre-meeting, never a committee that meets in private), the public part of
their latest published agenda, approved minutes, and governors' names and constituencies.
Each page runs a fixed number of queries, however many meetings, versions or governors.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from governors.agendas.models import AgendaVersion
from governors.agendas.services import latest_versions
from governors.extensions import db
from governors.meetings import services as meetings
from governors.meetings.models import Meeting
from governors.minutes.models import MinutesRecord, MinutesStatus
from governors.minutes.services import approved_minutes
from governors.people.models import GovernorProfile, User
from governors.permissions import Permission, can, visible_meetings
from governors.public import rules

# How many meetings the front page lists under "Agendas and minutes".
RECENT_LIMIT = 6


def _public() -> sa.ColumnElement[bool]:
    """Meetings anyone may see: held in public, by the one policy."""
    return visible_meetings(None, Permission.PUBLIC_VIEW)


def next_public_meeting(today: date) -> Meeting | None:
    """The next meeting held in public that is going ahead, on ``today`` or later."""
    return meetings.next_meeting(today, visible=_public())


def public_meeting(meeting_id: int) -> Meeting | None:
    """The meeting, if it is held in public; None for any other (or none at all), so a
    private meeting's page is as not-found as one that does not exist."""
    return db.session.scalar(sa.select(Meeting).where(Meeting.id == meeting_id, _public()))


def public_versions(meeting_list: Iterable[Meeting]) -> dict[int, AgendaVersion]:
    """Each meeting's latest published agenda version, where the public may read it (it
    was published while the meeting was held in public). One query."""
    versions = latest_versions(meeting.id for meeting in meeting_list).values()
    return {
        version.meeting_id: version
        for version in versions
        if can(None, Permission.PUBLIC_VIEW, version)
    }


@dataclass(frozen=True)
class Published:
    """A meeting with what the public may read about it."""

    meeting: Meeting
    version: AgendaVersion | None
    minutes: bool


def recent_papers(limit: int = RECENT_LIMIT) -> list[Published]:
    """The latest meetings held in public with a published agenda or approved minutes,
    latest first: what the front page lists. Cancelled meetings are left out."""
    has_agenda = sa.exists().where(AgendaVersion.meeting_id == Meeting.id)
    has_minutes = sa.exists().where(
        MinutesRecord.meeting_id == Meeting.id,
        MinutesRecord.status == MinutesStatus.APPROVED.value,
    )
    found = db.session.scalars(
        sa.select(Meeting)
        .where(_public(), Meeting.cancelled_at.is_(None), sa.or_(has_agenda, has_minutes))
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        .limit(limit)
    ).all()
    versions = public_versions(found)
    minutes = approved_minutes(found)
    listed = [
        Published(meeting, versions.get(meeting.id), meeting.id in minutes) for meeting in found
    ]
    return [entry for entry in listed if entry.version is not None or entry.minutes]


@dataclass(frozen=True)
class ListedProfile:
    """The two parts of a governor's profile the public list shows."""

    constituency: str
    area: str | None


@dataclass(frozen=True)
class ListedGovernor:
    """What the public list needs of a governor in office: shaped as a ``User`` with its
    ``governor_profile``, for ``rules.governors_by_constituency``."""

    id: int
    name: str
    governor_profile: ListedProfile


def governors_in_office(today: date) -> list[ListedGovernor]:
    """Active governors whose term runs on ``today``: only the columns the public list
    shows, in one query (a large council's whole records and roles, loaded as ``User``
    objects, took most of the front page's time)."""
    rows = db.session.execute(
        sa.select(User.id, User.name, GovernorProfile.constituency, GovernorProfile.area)
        .join(User.governor_profile)
        .where(
            User.active.is_(True),
            GovernorProfile.term_start <= today,
            GovernorProfile.term_end >= today,
        )
        .order_by(User.name, User.id)
    )
    return [
        ListedGovernor(row.id, row.name, ListedProfile(row.constituency, row.area)) for row in rows
    ]


def governor_groups(today: date) -> list[rules.ConstituencyGroup]:
    return rules.governors_by_constituency(governors_in_office(today))


@dataclass(frozen=True)
class MeetingPage:
    """What a public meeting's page shows, beyond the meeting itself."""

    version: AgendaVersion | None
    entries: list[dict[str, Any]]
    has_private_part: bool
    minutes: bool
    questions: list[Any]


def meeting_page(meeting: Meeting) -> MeetingPage:
    """The public part of the meeting's latest agenda, its approved minutes and the public
    answers to governors' questions about it."""
    from governors.questions.services import published_questions

    version = public_versions([meeting]).get(meeting.id)
    frozen = version.frozen if version is not None else None
    return MeetingPage(
        version=version,
        entries=frozen.public_items if frozen is not None else [],
        has_private_part=frozen.has_private_part if frozen is not None else False,
        minutes=meeting.id in approved_minutes([meeting]),
        questions=published_questions(meeting),
    )
