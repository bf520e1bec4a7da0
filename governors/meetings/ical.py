"""Meetings as iCalendar (RFC 5545), through the ``icalendar`` package.

Two audiences: members, who may see the video link, and the public, who see only what a
meeting held in public shows anyway. Notes never go into a calendar: feeds are copied
into other companies' calendar services, and notes may be internal.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from icalendar import Calendar, Event

from governors.meetings.models import Meeting
from governors.timeutil import format_date

PRODID = "-//Council of Governors//Governors meetings calendar//EN"
# How often calendar apps should fetch a subscribed feed again (an RFC 5545 duration).
REFRESH_TTL = "PT1H"


@dataclass(frozen=True)
class Audience:
    """Who will read the calendar: ``members`` may see the video link."""

    members: bool


MEMBERS = Audience(members=True)
PUBLIC = Audience(members=False)


def meeting_uid(meeting: Meeting, host: str) -> str:
    """Stable for the life of the meeting, so calendar apps update rather than duplicate."""
    return f"meeting-{meeting.id}@{host}"


def meeting_event(
    meeting: Meeting,
    *,
    host: str,
    url: str,
    deadline: date | None,
    audience: Audience,
    now: datetime,
) -> Event:
    """One VEVENT for a meeting, holding only what ``audience`` may see.

    ``deadline`` is the last day for governors' agenda requests, for meetings that take them.
    """
    event = Event()
    event.add("uid", meeting_uid(meeting, host))
    event.add("dtstamp", now)
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("created", meeting.created_at)
    event.add("last-modified", meeting.updated_at)
    event.add("sequence", meeting.sequence)
    summary = meeting.kind_label
    if meeting.is_cancelled:
        # Many calendar apps ignore STATUS, so the title says it too.
        summary = f"Cancelled: {summary}"
    event.add("summary", summary)
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    location = meeting.place or "Online"
    event.add("location", location)
    event.add("url", url)
    event.add("description", _description(meeting, url, deadline, audience))
    event.add("transp", "OPAQUE")
    return event


def _description(meeting: Meeting, url: str, deadline: date | None, audience: Audience) -> str:
    lines = [f"{meeting.kind_label}."]
    if meeting.is_cancelled:
        lines.append("This meeting has been cancelled.")
    if deadline is not None:
        lines.append(f"Deadline for governors' agenda requests: {format_date(deadline)}.")
    if audience.members and meeting.video_link:
        lines.append(f"Join online: {meeting.video_link}")
    lines.append(f"Details: {url}")
    return "\n".join(lines)


def calendar_bytes(events: Iterable[Event], *, name: str, feed: bool) -> bytes:
    """A whole VCALENDAR, CRLF line endings, ready to send as ``text/calendar``."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    if feed:
        calendar.add("x-published-ttl", REFRESH_TTL)
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()
