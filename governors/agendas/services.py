"""Changes to agendas: the only place agenda items are written."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from governors.agendas.models import AgendaItem
from governors.audit.services import record
from governors.extensions import db
from governors.meetings.models import Meeting

# The items every Council meeting opens and closes with, in order.
STANDING_OPENING = (
    "Welcome and apologies for absence",
    "Declarations of interest",
    "Minutes of the last meeting",
    "Matters arising and action log",
)
STANDING_CLOSING = ("Any other business",)


def _next_position(meeting: Meeting, part: str) -> int:
    highest = db.session.scalar(
        sa.select(sa.func.max(AgendaItem.position)).where(
            AgendaItem.meeting_id == meeting.id, AgendaItem.part == part
        )
    )
    return (highest or 0) + 1


def add_item(
    actor: Any,
    meeting: Meeting,
    *,
    part: str,
    title: str,
    purpose: str = "note",
    presenter: str | None = None,
    minutes_allowed: int | None = None,
    description: str | None = None,
    request: Any = None,
    standing: bool = False,
) -> AgendaItem:
    """Add an item at the end of a part (before any other business in the public part)."""
    position = _next_position(meeting, part)
    item = AgendaItem(
        meeting=meeting,
        part=part,
        position=position,
        title=title,
        purpose=purpose,
        presenter=presenter,
        minutes_allowed=minutes_allowed,
        description=description,
        request=request,
        standing=standing,
    )
    db.session.add(item)
    db.session.flush()
    record(actor, "agenda.item_added", item, f"Added '{title}' to the {part} part")
    return item


def add_standing_items(actor: Any, meeting: Meeting) -> list[AgendaItem]:
    """Give a new Council meeting its standing items."""
    items = [
        add_item(actor, meeting, part="public", title=title, purpose="standing", standing=True)
        for title in (*STANDING_OPENING, *STANDING_CLOSING)
    ]
    return items
