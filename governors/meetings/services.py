"""Meetings: the only place they are written, and the queries the pages share.

Every change takes the acting user, writes its audit entry and flushes; the view commits.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

import sqlalchemy as sa

from governors.agendas.models import AgendaItem, AgendaVersion
from governors.agendas.services import add_standing_items
from governors.audit.services import changes, record, snapshot
from governors.bodies.models import Body
from governors.bodies.services import council
from governors.errors import Refused
from governors.extensions import db
from governors.meetings.kinds import MeetingKind
from governors.meetings.models import Meeting
from governors.meetings.rules import is_https_url, meeting_times
from governors.people.models import User
from governors.requests.models import AgendaRequest
from governors.timeutil import format_date, format_datetime, local_to_utc, to_local, utcnow

# What a change to a meeting may touch, as the audit log records it.
AUDITED_FIELDS = [
    "body_id",
    "kind",
    "starts_at",
    "duration_minutes",
    "place",
    "video_link",
    "notes",
    "access_info",
    "public_link",
]


@dataclass(frozen=True)
class MeetingDetails:
    """What the secretary says about a meeting, in local (Europe/London) terms."""

    kind: MeetingKind
    day: date
    start: time
    end: time
    place: str | None = None
    video_link: str | None = None
    notes: str | None = None
    # For the public: how to get in and get help, and where to watch or join online.
    access_info: str | None = None
    public_link: str | None = None


def _blank_to_none(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None


def _apply(meeting: Meeting, details: MeetingDetails, body: Body) -> None:
    # Check everything before touching the meeting, so a refusal changes nothing.
    kind = MeetingKind(details.kind)
    if kind.for_council != body.is_council:
        raise Refused(
            "Select the type of meeting"
            if body.is_council
            else f"{body.name} holds its own meetings",
            field="kind",
        )
    try:
        starts_at, minutes = meeting_times(details.day, details.start, details.end)
    except ValueError as error:
        reason = str(error)
        raise Refused(reason[:1].upper() + reason[1:], field="end") from error
    place, video_link = _blank_to_none(details.place), _blank_to_none(details.video_link)
    if place is None and video_link is None:
        raise Refused("Enter a place or a video link, or both", field="place")
    public_link = _blank_to_none(details.public_link)
    if public_link is not None and not is_https_url(public_link):
        raise Refused(
            "Link for the public must be a full web address starting https://",
            field="public_link",
        )
    meeting.kind = kind.value
    meeting.body = body
    meeting.starts_at = starts_at
    meeting.duration_minutes = minutes
    meeting.place = place
    meeting.video_link = video_link
    meeting.notes = _blank_to_none(details.notes)
    meeting.access_info = _blank_to_none(details.access_info)
    meeting.public_link = public_link


def _has_standing_items(meeting: Meeting) -> bool:
    return bool(
        db.session.scalar(
            sa.select(sa.func.count(AgendaItem.id)).where(
                AgendaItem.meeting_id == meeting.id, AgendaItem.standing.is_(True)
            )
        )
    )


def schedule_meeting(actor: Any, details: MeetingDetails, body: Body | None = None) -> Meeting:
    """Put a new meeting of ``body`` (the Council unless named) in the calendar, with the
    standing items its kind starts with."""
    meeting = Meeting()
    _apply(meeting, details, body if body is not None else council())
    now = utcnow()
    meeting.created_at = now
    meeting.updated_at = now
    meeting.sequence = 0
    db.session.add(meeting)
    db.session.flush()
    record(
        actor,
        "meeting.scheduled",
        meeting,
        f"Scheduled {meeting.kind_label} on {format_datetime(meeting.starts_at)}",
        after=changes(meeting, AUDITED_FIELDS, {})[1],
    )
    add_standing_items(actor, meeting)
    db.session.flush()
    return meeting


def update_meeting(actor: Any, meeting: Meeting, details: MeetingDetails) -> bool:
    """Change a meeting's details. Returns False when nothing changed."""
    old = snapshot(meeting, AUDITED_FIELDS)
    _apply(meeting, details, meeting.body)
    before, after = changes(meeting, AUDITED_FIELDS, old)
    if not after:
        return False
    meeting.updated_at = utcnow()
    meeting.sequence += 1
    record(
        actor,
        "meeting.updated",
        meeting,
        f"Changed {meeting.kind_label} on {format_datetime(meeting.starts_at)}",
        before=before,
        after=after,
    )
    # A meeting that becomes a kind with standing items (a Council meeting) gets them once.
    if meeting.meaning.standing_items and not _has_standing_items(meeting):
        add_standing_items(actor, meeting)
    db.session.flush()
    return True


# Longest reason for a cancellation: a few sentences for an email.
CANCEL_REASON_MAX = 1000


def cancel_meeting(actor: Any, meeting: Meeting, reason: str | None) -> None:
    """Mark a meeting cancelled, saying why, and tell everyone expected at it.

    It stays in the calendar, with its requests and agenda; calendar apps see it marked
    cancelled (its sequence goes up). A meeting that has ended cannot be cancelled.
    """
    if meeting.cancelled_at is not None:
        return
    reason = _blank_to_none(reason)
    now = utcnow()
    if meeting.ends_at <= now:
        raise Refused("This meeting has ended, so you cannot cancel it")
    if reason is None:
        raise Refused("Enter why the meeting is cancelled", field="reason")
    if len(reason) > CANCEL_REASON_MAX:
        raise Refused(
            f"The reason must be {CANCEL_REASON_MAX:,} characters or fewer", field="reason"
        )
    meeting.cancelled_at = now
    meeting.cancel_reason = reason
    meeting.updated_at = now
    meeting.sequence += 1
    record(
        actor,
        "meeting.cancelled",
        meeting,
        f"Cancelled {meeting.kind_label} on {format_datetime(meeting.starts_at)}",
        after={"cancel_reason": reason},
    )
    db.session.flush()
    _tell_cancelled(meeting)


def expected_at(meeting: Meeting) -> list[User]:
    """Everyone expected at a meeting: the body's members, those asked to attend, and
    those who attend its private part; only those who may see the meeting at all (so a
    governors' pre-meeting reaches no director, officer or chair)."""
    from governors.attendance.models import AttendanceRecord
    from governors.attendance.services import members_for
    from governors.permissions import Permission, can, people_who_may

    people: dict[int, User] = {member.user.id: member.user for member in members_for(meeting)}
    for person in people_who_may(Permission.PRIVATE_VIEW, meeting):
        people.setdefault(person.id, person)
    invited = db.session.scalars(
        sa.select(User)
        .join(AttendanceRecord, AttendanceRecord.user_id == User.id)
        .where(AttendanceRecord.meeting_id == meeting.id)
    ).all()
    for person in invited:
        people.setdefault(person.id, person)
    return sorted(
        (
            person
            for person in people.values()
            if person.active and person.email and can(person, Permission.MEETINGS_VIEW, meeting)
        ),
        key=lambda person: person.id,
    )


def _tell_cancelled(meeting: Meeting) -> None:
    """Email the cancellation and its reason, with a calendar file that marks the meeting
    cancelled in the calendar it was added to."""
    from governors.council.models import current_settings
    from governors.meetings import ical
    from governors.outbox.services import absolute_url, queue_email

    link = absolute_url("governors.meetings.detail", meeting_id=meeting.id)
    event = ical.meeting_event(meeting, url=link, deadline=None, audience=ical.MEMBERS)
    calendar = ical.calendar_bytes(
        [event], name=f"{current_settings().council_name} meetings", feed=False
    )
    attachment = (f"meeting-{meeting.day:%Y-%m-%d}.ics", "text/calendar", calendar)
    subject = f"Cancelled: {meeting.kind_label}, {format_date(meeting.starts_at)}"
    for person in expected_at(meeting):
        queue_email(
            person.email,
            subject,
            "governors/email/meeting_cancelled.txt",
            attachment=attachment,
            person=person,
            meeting=meeting,
            link=link,
        )


def reinstate_meeting(actor: Any, meeting: Meeting) -> None:
    """Undo a cancellation made by mistake; the reason goes with it."""
    if meeting.cancelled_at is None:
        return
    before = {"cancel_reason": meeting.cancel_reason}
    meeting.cancelled_at = None
    meeting.cancel_reason = None
    meeting.updated_at = utcnow()
    meeting.sequence += 1
    record(
        actor,
        "meeting.reinstated",
        meeting,
        f"Reinstated {meeting.kind_label} on {format_datetime(meeting.starts_at)}",
        before=before,
    )
    db.session.flush()


# Personal calendar feeds ---------------------------------------------------------------


def new_calendar_token(actor: Any, user: User) -> str:
    """Give ``user`` a new secret feed address; any old one stops working at once."""
    replacing = user.calendar_token is not None
    user.calendar_token = secrets.token_urlsafe(32)
    record(
        actor,
        "calendar.token_replaced" if replacing else "calendar.token_created",
        user,
        "Made a new calendar feed address" if replacing else "Turned on the calendar feed",
    )
    db.session.flush()
    return user.calendar_token


def revoke_calendar_token(actor: Any, user: User) -> None:
    if user.calendar_token is None:
        return
    user.calendar_token = None
    record(actor, "calendar.token_revoked", user, "Turned off the calendar feed")
    db.session.flush()


def user_for_feed(token: str) -> User | None:
    """The active user whose feed this is, or None for an unknown or revoked token."""
    if not token or len(token) > 64:
        return None
    user = db.session.scalar(sa.select(User).where(User.calendar_token == token))
    if user is None or not user.is_active:
        return None
    return user


# Queries the pages share -----------------------------------------------------------------


def _start_of(day: date) -> datetime:
    return local_to_utc(day, time(0, 0))


def _of_kinds(
    query: sa.Select, kinds: Iterable[str] | None, visible: sa.ColumnElement[bool] | None
) -> sa.Select:
    """Only meetings of ``kinds``, and only those ``visible`` (``permissions.visible_meetings``)."""
    if kinds is not None:
        query = query.where(Meeting.kind.in_(list(kinds)))
    if visible is not None:
        query = query.where(visible)
    return query


def upcoming_meetings(
    today: date,
    *,
    kinds: Iterable[str] | None = None,
    visible: sa.ColumnElement[bool] | None = None,
    include_cancelled: bool = True,
    limit: int | None = None,
    body: Body | None = None,
) -> Sequence[Meeting]:
    """Meetings on ``today`` (local) or later, soonest first."""
    query = _of_kinds(
        sa.select(Meeting).where(Meeting.starts_at >= _start_of(today)), kinds, visible
    )
    if body is not None:
        query = query.where(Meeting.body_id == body.id)
    if not include_cancelled:
        query = query.where(Meeting.cancelled_at.is_(None))
    query = query.order_by(Meeting.starts_at, Meeting.id).limit(limit)
    return db.session.scalars(query).all()


def past_meetings(
    today: date,
    *,
    kinds: Iterable[str] | None = None,
    visible: sa.ColumnElement[bool] | None = None,
    offset: int = 0,
    limit: int = 10,
    since: date | None = None,
    body: Body | None = None,
) -> tuple[Sequence[Meeting], int]:
    """Meetings before ``today`` (local), latest first, one page of them and how many in all."""
    where = [Meeting.starts_at < _start_of(today)]
    if since is not None:
        where.append(Meeting.starts_at >= _start_of(since))
    if body is not None:
        where.append(Meeting.body_id == body.id)
    base = _of_kinds(sa.select(Meeting).where(*where), kinds, visible)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(base.subquery())) or 0
    page = db.session.scalars(
        base.order_by(Meeting.starts_at.desc(), Meeting.id.desc()).offset(offset).limit(limit)
    ).all()
    return page, total


def next_meeting(
    today: date,
    *,
    kinds: Iterable[str] | None = None,
    visible: sa.ColumnElement[bool] | None = None,
) -> Meeting | None:
    """The next meeting that is going ahead, on ``today`` or later."""
    found = upcoming_meetings(today, kinds=kinds, visible=visible, include_cancelled=False, limit=1)
    return found[0] if found else None


def feed_meetings(
    since: date,
    *,
    visible: sa.ColumnElement[bool] | None = None,
    bodies: Iterable[int] | sa.Select | None = None,
) -> Sequence[Meeting]:
    """Meetings for a calendar feed: from ``since`` onwards, cancelled ones included;
    only those ``visible``, and only those of ``bodies`` when named."""
    query = _of_kinds(
        sa.select(Meeting).where(Meeting.starts_at >= _start_of(since)), None, visible
    )
    if bodies is not None:
        query = query.where(
            Meeting.body_id.in_(bodies if isinstance(bodies, sa.Select) else list(bodies))
        )
    return db.session.scalars(query.order_by(Meeting.starts_at, Meeting.id)).all()


def published_agenda_ids(meetings: Iterable[Meeting]) -> set[int]:
    """Which of these meetings have a published agenda, in one query."""
    ids = [meeting.id for meeting in meetings]
    if not ids:
        return set()
    return set(
        db.session.scalars(
            sa.select(AgendaVersion.meeting_id).where(AgendaVersion.meeting_id.in_(ids)).distinct()
        )
    )


def request_count(meeting: Meeting) -> int:
    """How many agenda requests name this meeting (withdrawn ones too)."""
    return (
        db.session.scalar(
            sa.select(sa.func.count(AgendaRequest.id)).where(AgendaRequest.meeting_id == meeting.id)
        )
        or 0
    )


# The archive of past meetings ------------------------------------------------------------


def archive_years(visible: sa.ColumnElement[bool], before: date) -> list[int]:
    """The years (local) that have past meetings ``visible``, latest first."""
    starts = db.session.scalars(
        sa.select(Meeting.starts_at).where(visible, Meeting.starts_at < _start_of(before))
    ).all()
    return sorted({to_local(moment).year for moment in starts}, reverse=True)


def archive_bodies(visible: sa.ColumnElement[bool], before: date) -> list[Body]:
    """The bodies with past meetings ``visible``, the Council first."""
    ids = sa.select(Meeting.body_id).where(visible, Meeting.starts_at < _start_of(before))
    bodies = db.session.scalars(sa.select(Body).where(Body.id.in_(ids))).all()
    return sorted(bodies, key=lambda body: (not body.is_council, body.name))


def archive_meetings(
    visible: sa.ColumnElement[bool], year: int, before: date, body: Body | None = None
) -> Sequence[Meeting]:
    """The past meetings ``visible`` in ``year`` (local), by body then date."""
    where = [
        visible,
        Meeting.starts_at >= _start_of(date(year, 1, 1)),
        Meeting.starts_at < _start_of(min(date(year + 1, 1, 1), before)),
    ]
    if body is not None:
        where.append(Meeting.body_id == body.id)
    return db.session.scalars(
        sa.select(Meeting).where(*where).order_by(Meeting.starts_at, Meeting.id)
    ).all()
