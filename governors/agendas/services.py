"""Changes to agendas: the only place agenda items and versions are written."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from governors.agendas import rules
from governors.agendas.models import AgendaItem, AgendaVersion
from governors.audit.services import record
from governors.documents.models import Document
from governors.extensions import db
from governors.meetings.models import Meeting
from governors.outbox.services import absolute_url, queue_email
from governors.people.models import User, UserRole
from governors.permissions import GRANTS, Action
from governors.requests.models import AgendaRequest
from governors.timeutil import format_date

# The items every Council meeting opens and closes with, in order, with minutes allowed.
STANDING_OPENING = (
    "Welcome and apologies for absence",
    "Declarations of interest",
    "Minutes of the last meeting",
    "Matters arising and action log",
)
STANDING_CLOSING = (rules.CLOSING_TITLE,)
STANDING_MINUTES = {
    "Welcome and apologies for absence": 5,
    "Declarations of interest": 5,
    "Minutes of the last meeting": 5,
    "Matters arising and action log": 10,
    rules.CLOSING_TITLE: 10,
}

# What the audit log keeps about an item before and after a change.
AUDITED = ["part", "position", "title", "purpose", "presenter", "minutes_allowed", "description"]


class AgendaError(ValueError):
    """A change the agenda rules do not allow; the message is shown to the secretary."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Row:
    """An item as the pages show it: its number and start time in the agenda as it stands."""

    item: AgendaItem
    number: str
    starts_at: datetime
    can_move_up: bool
    can_move_down: bool
    closing: bool


# Reading -------------------------------------------------------------------------------


def items_for(meeting: Meeting) -> list[AgendaItem]:
    """The meeting's items with their papers and source requests, public part first."""
    return list(
        db.session.scalars(
            sa.select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting.id)
            .options(
                selectinload(AgendaItem.papers),
                joinedload(AgendaItem.request).joinedload(AgendaRequest.proposer),
            )
            .order_by(AgendaItem.part.desc(), AgendaItem.position, AgendaItem.id)
        )
        .unique()
        .all()
    )


def _by_part(items: Iterable[AgendaItem]) -> dict[str, list[AgendaItem]]:
    parts: dict[str, list[AgendaItem]] = {part: [] for part in rules.PARTS}
    for item in items:
        parts[item.part].append(item)
    for part_items in parts.values():
        part_items.sort(key=lambda item: (item.position, item.id))
    return parts


def _closing_id(part_items: Sequence[AgendaItem]) -> int | None:
    if part_items and rules.is_closing(part_items[-1].title, part_items[-1].standing):
        return part_items[-1].id
    return None


def layout(meeting: Meeting, items: Iterable[AgendaItem]) -> dict[str, list[Row]]:
    """Number and time each item, and say which way each may move."""
    parts = _by_part(items)
    ordered = parts[rules.PUBLIC] + parts[rules.PRIVATE]
    times = iter(rules.start_times(meeting.local_start, [i.minutes_allowed for i in ordered]))
    result: dict[str, list[Row]] = {}
    for part in rules.PARTS:
        order = [item.id for item in parts[part]]
        pinned = _closing_id(parts[part]) if part == rules.PUBLIC else None
        result[part] = [
            Row(
                item=item,
                number=rules.item_number(part, index),
                starts_at=next(times),
                can_move_up=rules.can_move(order, item.id, -1, pinned),
                can_move_down=rules.can_move(order, item.id, 1, pinned),
                closing=item.id == pinned,
            )
            for index, item in enumerate(parts[part], start=1)
        ]
    return result


def expected_end(meeting: Meeting, items: Iterable[AgendaItem]) -> datetime:
    return rules.end_time(meeting.local_start, [item.minutes_allowed for item in items])


def current_snapshot(meeting: Meeting, items: Iterable[AgendaItem] | None = None) -> list[dict]:
    """The agenda as it stands, in the frozen form a version keeps."""
    if items is None:
        items = items_for(meeting)
    return rules.build_snapshot(
        meeting.local_start,
        (
            {
                "id": item.id,
                "part": item.part,
                "title": item.title,
                "purpose": item.purpose,
                "presenter": item.presenter,
                "minutes_allowed": item.minutes_allowed,
                "description": item.description,
                "standing": item.standing,
                "request_id": item.request_id,
                "papers": [{"id": doc.id, "filename": doc.filename} for doc in item.papers],
            }
            for part_items in _by_part(items).values()
            for item in part_items
        ),
    )


def latest_version(meeting: Meeting) -> AgendaVersion | None:
    return db.session.scalar(
        sa.select(AgendaVersion)
        .where(AgendaVersion.meeting_id == meeting.id)
        .order_by(AgendaVersion.number.desc())
        .limit(1)
    )


def versions_for(meeting: Meeting) -> list[AgendaVersion]:
    """Every published version, newest first, with who published it."""
    return list(
        db.session.scalars(
            sa.select(AgendaVersion)
            .where(AgendaVersion.meeting_id == meeting.id)
            .options(joinedload(AgendaVersion.published_by))
            .order_by(AgendaVersion.number.desc())
        )
    )


def requesters(entries: Iterable[dict[str, Any]]) -> dict[int, str]:
    """The name of the governor behind each requested item, in one query."""
    request_ids = {entry["request_id"] for entry in entries if entry.get("request_id")}
    if not request_ids:
        return {}
    rows = db.session.execute(
        sa.select(AgendaRequest.id, User.name)
        .join(User, User.id == AgendaRequest.proposer_id)
        .where(AgendaRequest.id.in_(request_ids))
    )
    return {row.id: row.name for row in rows}


# Writing -------------------------------------------------------------------------------


def _part_items(meeting: Meeting, part: str, exclude: AgendaItem | None = None) -> list[AgendaItem]:
    items = db.session.scalars(
        sa.select(AgendaItem)
        .where(AgendaItem.meeting_id == meeting.id, AgendaItem.part == part)
        .order_by(AgendaItem.position, AgendaItem.id)
    ).all()
    return [item for item in items if item is not exclude]


def _renumber(items: Sequence[AgendaItem]) -> None:
    """Keep positions contiguous: 1, 2, 3 … in the order given."""
    for position, item in enumerate(items, start=1):
        if item.position != position:
            item.position = position


def _checked_title(part: str, purpose: str, minutes: int | None, title: str | None) -> str:
    """Check an item's details before anything changes; the title comes back trimmed."""
    if part not in rules.PARTS:
        raise AgendaError("Choose the public part or the private part", field="part")
    if purpose not in rules.PURPOSE_LABELS:
        raise AgendaError("Choose the purpose of the item", field="purpose")
    if minutes is not None and not rules.MINUTES_MIN <= minutes <= rules.MINUTES_MAX:
        raise AgendaError(
            f"Time allowed must be between {rules.MINUTES_MIN} and {rules.MINUTES_MAX} minutes",
            field="minutes_allowed",
        )
    title = (title or "").strip()
    if not title:
        raise AgendaError("Enter a title for the item", field="title")
    return title


def _clean(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None


def _facts(item: AgendaItem) -> dict[str, Any]:
    facts = {name: getattr(item, name) for name in AUDITED}
    facts["papers"] = sorted(doc.filename for doc in item.papers)
    return facts


def _place(item: AgendaItem, part_items: list[AgendaItem]) -> None:
    """Put ``item`` at the end of its part, before any other business."""
    closing = [rules.is_closing(other.title, other.standing) for other in part_items]
    part_items.insert(rules.insertion_index(closing), item)
    _renumber(part_items)


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
    papers: Sequence[Document] = (),
) -> AgendaItem:
    """Add an item at the end of a part (before any other business in the public part)."""
    title = _checked_title(part, purpose, minutes_allowed, title)
    if request is not None and not papers:
        # A governor's supporting documents go with their item onto the agenda.
        papers = list(request.documents)
    part_items = _part_items(meeting, part)
    item = AgendaItem(
        meeting=meeting,
        part=part,
        position=len(part_items) + 1,
        title=title,
        purpose=purpose,
        presenter=_clean(presenter),
        minutes_allowed=minutes_allowed,
        description=_clean(description),
        request=request,
        standing=standing,
        papers=list(papers),
    )
    db.session.add(item)
    _place(item, part_items)
    db.session.flush()
    record(
        actor,
        "agenda.item_added",
        item,
        f"Added '{title}' to the {part} part of the agenda for meeting {meeting.id}",
        after=_facts(item),
    )
    return item


def add_standing_items(actor: Any, meeting: Meeting) -> list[AgendaItem]:
    """Give a new Council meeting its standing items."""
    return [
        add_item(
            actor,
            meeting,
            part=rules.PUBLIC,
            title=title,
            purpose="standing",
            minutes_allowed=STANDING_MINUTES[title],
            standing=True,
        )
        for title in (*STANDING_OPENING, *STANDING_CLOSING)
    ]


def update_item(
    actor: Any,
    item: AgendaItem,
    *,
    part: str,
    title: str,
    purpose: str,
    presenter: str | None,
    minutes_allowed: int | None,
    description: str | None,
    add_papers: Sequence[Document] = (),
    remove_paper_ids: Iterable[int] = (),
) -> AgendaItem:
    """Change an item's details; a change of part moves it to the end of the other part."""
    title = _checked_title(part, purpose, minutes_allowed, title)
    before = _facts(item)
    old_part = item.part
    item.title = title
    item.purpose = purpose
    item.presenter = _clean(presenter)
    item.minutes_allowed = minutes_allowed
    item.description = _clean(description)
    dropped = set(remove_paper_ids)
    item.papers = [doc for doc in item.papers if doc.id not in dropped] + list(add_papers)
    if part != old_part:
        _change_part(item, part)
    db.session.flush()
    after = _facts(item)
    changed = [name for name in after if before[name] != after[name]]
    record(
        actor,
        "agenda.item_changed",
        item,
        f"Changed '{title}' ({', '.join(changed) or 'nothing'})",
        before={name: before[name] for name in changed},
        after={name: after[name] for name in changed},
    )
    return item


def _change_part(item: AgendaItem, part: str) -> None:
    meeting = item.meeting
    _renumber(_part_items(meeting, item.part, exclude=item))
    item.part = part
    _place(item, _part_items(meeting, part, exclude=item))


def remove_item(actor: Any, item: AgendaItem) -> None:
    """Take an item off the agenda; published versions keep their own copy of it."""
    meeting = item.meeting
    facts = _facts(item)
    record(
        actor,
        "agenda.item_removed",
        item,
        f"Removed '{item.title}' from the {item.part} part of the agenda for meeting {meeting.id}",
        before=facts,
    )
    db.session.delete(item)
    db.session.flush()
    _renumber(_part_items(meeting, facts["part"]))
    db.session.flush()


def move_item(actor: Any, item: AgendaItem, direction: str) -> bool:
    """Move an item up or down within its part, or into the other part.

    ``direction`` is "up", "down", "public" or "private". Returns False when the move is not
    possible (already first or last, or it would pass any other business).
    """
    meeting = item.meeting
    before = {"part": item.part, "position": item.position}
    if direction in rules.PARTS:
        if direction == item.part:
            return False
        _change_part(item, direction)
    elif direction in ("up", "down"):
        part_items = _part_items(meeting, item.part)
        order = [other.id for other in part_items]
        pinned = _closing_id(part_items) if item.part == rules.PUBLIC else None
        new_order = rules.move(order, item.id, -1 if direction == "up" else 1, pinned)
        if new_order == order:
            return False
        by_id = {other.id: other for other in part_items}
        _renumber([by_id[item_id] for item_id in new_order])
    else:
        raise AgendaError("Choose up, down, or a part to move the item to")
    db.session.flush()
    record(
        actor,
        "agenda.item_moved",
        item,
        f"Moved '{item.title}' {direction}",
        before=before,
        after={"part": item.part, "position": item.position},
    )
    return True


def publish(
    actor: Any, meeting: Meeting, change_note: str | None = None, *, notify: bool = True
) -> AgendaVersion:
    """Freeze the agenda as the next numbered version and tell the governors.

    The first version needs no note; each later one says what has changed.
    """
    items = items_for(meeting)
    if not items:
        raise AgendaError("Add at least one item before you publish the agenda")
    snapshot = current_snapshot(meeting, items)
    latest = latest_version(meeting)
    note = _clean(change_note)
    if latest is not None:
        if not rules.has_unpublished_changes(snapshot, latest.snapshot):
            raise AgendaError(
                f"Nothing has changed since version {latest.number} was published",
                field="change_note",
            )
        if note is None:
            raise AgendaError("Enter what has changed since the last version", field="change_note")
    version = AgendaVersion(
        meeting=meeting,
        number=(latest.number if latest else 0) + 1,
        published_by_id=actor.id,
        change_note=note,
        snapshot=snapshot,
    )
    db.session.add(version)
    db.session.flush()
    record(
        actor,
        "agenda.published",
        version,
        f"Published version {version.number} of the agenda for meeting {meeting.id}",
        after={"number": version.number, "items": len(snapshot), "change_note": note},
    )
    if notify:
        _notify_published(meeting, version)
    db.session.flush()
    return version


def private_readers() -> list[User]:
    """Active people who attend the private part: everyone a published agenda goes to."""
    roles = [role.value for role in GRANTS[Action.PRIVATE_VIEW]]
    return list(
        db.session.scalars(
            sa.select(User)
            .where(
                User.active.is_(True),
                User.id.in_(sa.select(UserRole.user_id).where(UserRole.role.in_(roles))),
            )
            .order_by(User.id)
        )
    )


def _notify_published(meeting: Meeting, version: AgendaVersion) -> None:
    link = absolute_url("governors.agendas.show", meeting_id=meeting.id)
    when = format_date(meeting.starts_at)
    if version.number == 1:
        subject = f"Agenda published: {meeting.kind_label}, {when}"
    else:
        subject = f"Agenda updated (version {version.number}): {meeting.kind_label}, {when}"
    for person in private_readers():
        queue_email(
            person.email,
            subject,
            "governors/agendas/email/published.txt",
            person=person,
            meeting=meeting,
            version=version,
            link=link,
        )
