"""Meetings as iCalendar (RFC 5545), through the ``icalendar`` package.

Two audiences: members, who may see the video link, and the public, who see only what a
meeting held in public shows anyway. Notes never go into a calendar: feeds are copied
into other companies' calendar services, and notes may be internal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, timedelta

from icalendar import Calendar, Event, vDuration

from governors.meetings.models import Meeting
from governors.timeutil import format_date

PRODID = "-//Council of Governors//Governors meetings calendar//EN"
# How often calendar apps should fetch a subscribed feed again: RFC 7986 REFRESH-INTERVAL,
# and X-PUBLISHED-TTL (the same duration) for the apps that read only that.
REFRESH = timedelta(hours=1)
REFRESH_TTL = "PT1H"
# The right-hand side of every event's UID. Fixed, not the site's address: moving the
# site to a new BASE_URL must not make calendar apps see every meeting as a new one.
UID_DOMAIN = "governors.invalid"

# Control characters have no place in a calendar line; a lone carriage return would end
# the line early in some readers. Line breaks are kept (as "\n") only in the description.
_BREAKS = re.compile(r"\r\n|\r|\n")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Audience:
    """Who will read the calendar: ``members`` may see the video link."""

    members: bool


MEMBERS = Audience(members=True)
PUBLIC = Audience(members=False)


def one_line_text(text: str) -> str:
    """``text`` for a one-line calendar value: line breaks become spaces, controls go."""
    return _CONTROLS.sub("", _BREAKS.sub(" ", text))


def multi_line_text(text: str) -> str:
    """``text`` for a calendar value that may have several lines: breaks become "\n"."""
    return _CONTROLS.sub("", _BREAKS.sub("\n", text))


def meeting_uid(meeting: Meeting) -> str:
    """Stable for the life of the meeting, so calendar apps update rather than duplicate.

    Made only of what never changes: the meeting's number and the moment it was created
    (which also keeps two installations' meeting 12 apart), never the site's address.
    """
    created = meeting.created_at.astimezone(UTC)
    return f"meeting-{meeting.id}-{created:%Y%m%dT%H%M%SZ}@{UID_DOMAIN}"


def meeting_event(
    meeting: Meeting,
    *,
    url: str,
    deadline: date | None,
    audience: Audience,
) -> Event:
    """One VEVENT for a meeting, holding only what ``audience`` may see.

    ``deadline`` is the last day for governors' agenda requests, for meetings that take them.
    """
    event = Event()
    event.add("uid", meeting_uid(meeting))
    # The last change, not the moment of the download: the same meetings give the same
    # bytes, so a feed's ETag changes only when something in it does.
    event.add("dtstamp", meeting.updated_at)
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("created", meeting.created_at)
    event.add("last-modified", meeting.updated_at)
    event.add("sequence", meeting.sequence)
    summary = meeting.kind_label
    if meeting.is_cancelled:
        # Many calendar apps ignore STATUS, so the title says it too.
        summary = f"Cancelled: {summary}"
    event.add("summary", one_line_text(summary))
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    location = one_line_text(meeting.place or "").strip() or "Online"
    event.add("location", location)
    event.add("url", one_line_text(url))
    event.add("description", multi_line_text(_description(meeting, url, deadline, audience)))
    event.add("transp", "OPAQUE")
    return event


def _description(meeting: Meeting, url: str, deadline: date | None, audience: Audience) -> str:
    lines = [f"{meeting.kind_label}."]
    if meeting.is_cancelled:
        lines.append("This meeting has been cancelled.")
        # The reason is the secretary's words to members; the public feed leaves it out.
        if audience.members and meeting.cancel_reason:
            lines.append(f"Why: {one_line_text(meeting.cancel_reason)}")
    elif deadline is not None:
        lines.append(f"Deadline for governors' agenda requests: {format_date(deadline)}.")
    if audience.members and meeting.video_link:
        lines.append(f"Join online: {one_line_text(meeting.video_link)}")
    lines.append(f"Details: {one_line_text(url)}")
    return "\n".join(lines)


def calendar_bytes(events: Iterable[Event], *, name: str, feed: bool) -> bytes:
    """A whole VCALENDAR, CRLF line endings, ready to send as ``text/calendar``."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", one_line_text(name))
    if feed:
        refresh = vDuration(REFRESH)
        refresh.params["VALUE"] = "DURATION"
        calendar.add("refresh-interval", refresh)
        calendar.add("x-published-ttl", REFRESH_TTL)
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()
