"""Reads for the secretary's home page: which upcoming agendas need preparing or
publishing, their untimed items and the requests waiting for them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from governors.agendas import rules
from governors.agendas.models import AgendaItem
from governors.agendas.rules import Part
from governors.agendas.services import (
    _by_part,
    _snapshot,
    council_names,
    latest_versions,
    snapshot_extras,
)
from governors.extensions import db
from governors.meetings.models import Meeting
from governors.requests.models import AgendaRequest


@dataclass(frozen=True)
class AgendaPrompt:
    """An upcoming meeting whose agenda needs something from the secretary."""

    meeting: Meeting
    state: rules.AgendaState
    papers_due: Any
    latest_number: int | None
    untimed: list[str]
    waiting: int
    # Items that are not standing items: none means the agenda is still to be written.
    business: int = 0

    @property
    def needs_something(self) -> bool:
        return self.state != rules.AgendaState.READY or bool(self.untimed or self.waiting)


def _waiting_requests(meeting_ids: list[int]) -> dict[int, int]:
    """How many requests await a decision for each meeting (where they are now for)."""
    from governors.requests.rules import AWAITING

    if not meeting_ids:
        return {}
    target = sa.func.coalesce(AgendaRequest.deferred_to_id, AgendaRequest.meeting_id)
    rows = db.session.execute(
        sa.select(target, sa.func.count(AgendaRequest.id))
        .where(AgendaRequest.status.in_(sorted(AWAITING)), target.in_(meeting_ids))
        .group_by(target)
    ).all()
    return {meeting_id: count for meeting_id, count in rows}


def secretary_prompts(meetings: Sequence[Meeting], today: Any) -> list[AgendaPrompt]:
    """For each of these upcoming meetings: whether its agenda needs preparing or
    publishing, its untimed items and the requests waiting for it. The same few queries
    however many meetings and items there are (the action log's actions are left out of
    the comparison, as they would need a query per meeting)."""
    ids = [meeting.id for meeting in meetings]
    if not ids:
        return []
    items = (
        db.session.scalars(
            sa.select(AgendaItem)
            .where(AgendaItem.meeting_id.in_(ids))
            .options(
                selectinload(AgendaItem.papers),
                joinedload(AgendaItem.request).joinedload(AgendaRequest.proposer),
                selectinload(AgendaItem.report_body),
            )
            .order_by(AgendaItem.part.desc(), AgendaItem.position, AgendaItem.id)
        )
        .unique()
        .all()
    )
    by_meeting: dict[int, list[AgendaItem]] = {meeting_id: [] for meeting_id in ids}
    for item in items:
        by_meeting[item.meeting_id].append(item)
    # Every meeting's cover sheets and linked risks at once, not a query per meeting.
    extras = snapshot_extras(items)
    latest = latest_versions(ids)
    waiting = _waiting_requests(ids)
    names = council_names()
    prompts = []
    for meeting in meetings:
        own = by_meeting[meeting.id]
        parts = _by_part(own)
        business = sum(1 for item in own if not item.standing)
        version = latest.get(meeting.id)
        changed = version is not None and rules.has_unpublished_changes(
            rules.without_actions(_snapshot(meeting, own, [], names, extras)),
            rules.without_actions(version.snapshot),
        )
        prompts.append(
            AgendaPrompt(
                meeting=meeting,
                state=rules.agenda_state(
                    meeting_day=meeting.day,
                    today=today,
                    business_items=business,
                    published=version is not None,
                    changed=changed,
                ),
                papers_due=rules.papers_due(meeting.day),
                latest_number=version.number if version is not None else None,
                untimed=[
                    item.title
                    for item in parts[Part.PUBLIC] + parts[Part.PRIVATE]
                    if item.minutes_allowed is None
                ],
                waiting=waiting.get(meeting.id, 0),
                business=business,
            )
        )
    return prompts
