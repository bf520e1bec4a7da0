"""Changes to agendas: the only place agenda items and versions are written."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from governors.actions.services import action_entry, carried_to
from governors.agendas import pdf, rules
from governors.agendas.models import AgendaItem, AgendaVersion
from governors.agendas.rules import Part, Purpose
from governors.agendas.snapshot import (
    CouncilNames,
    MeetingHeader,
    entry_texts,
    freeze,
    glossary_json,
)
from governors.agendas.snapshot import read as read_snapshot
from governors.audit.services import private_name, record
from governors.bodies.models import Body
from governors.council.models import current_settings
from governors.documents.models import Document
from governors.errors import Refused
from governors.extensions import db
from governors.glossary.rules import terms_in
from governors.meetings.kinds import ACTION_LOG_TITLE
from governors.meetings.models import Meeting
from governors.outbox.services import absolute_url, queue_email
from governors.permissions import Permission, can, people_who_may
from governors.requests.models import AgendaRequest
from governors.timeutil import format_date, utcnow

# What the audit log keeps about an item before and after a change.
AUDITED = [
    "part",
    "position",
    "title",
    "purpose",
    "presenter",
    "minutes_allowed",
    "description",
    "report_body_id",
    "report_meeting_id",
]


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
    """The meeting's items with their papers, source requests and cover sheets, public
    part first."""
    return list(
        db.session.scalars(
            sa.select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting.id)
            .options(
                selectinload(AgendaItem.papers),
                joinedload(AgendaItem.request).joinedload(AgendaRequest.proposer),
                selectinload(AgendaItem.report_body),
                # The cover sheet (one to one) comes in the same query.
                joinedload(AgendaItem.cover_sheet),
            )
            .order_by(AgendaItem.part.desc(), AgendaItem.position, AgendaItem.id)
        )
        .unique()
        .all()
    )


def _by_part(items: Iterable[AgendaItem]) -> dict[str, list[AgendaItem]]:
    parts: dict[str, list[AgendaItem]] = {part: [] for part in Part}
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
    ordered = parts[Part.PUBLIC] + parts[Part.PRIVATE]
    times = iter(rules.start_times(meeting.local_start, [i.minutes_allowed for i in ordered]))
    result: dict[str, list[Row]] = {}
    for part in Part:
        order = [item.id for item in parts[part]]
        pinned = _closing_id(parts[part]) if part == Part.PUBLIC else None
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


def meeting_header(meeting: Meeting) -> MeetingHeader:
    """The meeting as it stands, in the form a version keeps."""
    return MeetingHeader(
        kind=meeting.kind,
        title=meeting.kind_label,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        place=meeting.place,
        video_link=meeting.video_link,
        open_to_public=meeting.meaning.public,
        cancelled=meeting.is_cancelled,
    )


def council_names() -> CouncilNames:
    settings = current_settings()
    return CouncilNames(council_name=settings.council_name, trust_name=settings.trust_name)


def current_snapshot(meeting: Meeting, items: Iterable[AgendaItem] | None = None) -> dict[str, Any]:
    """The agenda as it stands, meeting and council included, in the frozen form a version
    keeps (see ``agendas/snapshot.py``)."""
    items = items_for(meeting) if items is None else list(items)
    return _snapshot(meeting, items, _action_log(meeting, items))


@dataclass(frozen=True)
class Extras:
    """What a snapshot adds to the items from other areas: each item's cover sheet, and
    its linked risks as the snapshot keeps them, by item id."""

    cover_sheets: dict[int, dict[str, Any]]
    risks: dict[int, list[dict[str, Any]]]


def risk_entry(risk: Any, thresholds: Any = None) -> dict[str, Any]:
    """A risk as a published version keeps it: plain values, its band by the council's
    thresholds now (``thresholds``, looked up once by the caller, or here)."""
    from governors.risks.rules import risk_band
    from governors.risks.services import thresholds as current_thresholds

    score = risk.score
    return {
        "id": risk.id,
        "title": risk.title,
        "summary": risk.summary,
        "detail": risk.detail or None,
        "likelihood": risk.likelihood,
        "impact": risk.impact,
        "score": score,
        "band": str(risk_band(score, thresholds or current_thresholds())),
        "owner": risk.owner.name if risk.owner is not None else None,
        "review_on": risk.review_on.isoformat() if risk.review_on else None,
        "status": str(risk.status),
    }


def snapshot_extras(items: Iterable[AgendaItem]) -> Extras:
    """The cover sheets and linked risks of these items (of any number of meetings): one
    query for the cover sheets, one for the risks and their owners."""
    from governors.papers.models import CoverSheet
    from governors.risks.services import risks_for_items, thresholds

    items = list(items)
    ids = sorted({item.id for item in items})
    if not ids:
        return Extras(cover_sheets={}, risks={})
    if all("cover_sheet" not in sa.inspect(item).unloaded for item in items):
        # Loaded with the items (``items_for``): no query.
        sheets = [item.cover_sheet for item in items if item.cover_sheet is not None]
    else:
        sheets = list(db.session.scalars(sa.select(CoverSheet).where(CoverSheet.item_id.in_(ids))))
    linked = risks_for_items(ids)
    bands = thresholds() if linked else None
    return Extras(
        cover_sheets={
            sheet.item_id: {"asks": sheet.asks, "questions": sheet.questions or None}
            for sheet in sheets
        },
        risks={
            item_id: [risk_entry(risk, bands) for risk in risks]
            for item_id, risks in linked.items()
        },
    )


def _snapshot(
    meeting: Meeting,
    items: list[AgendaItem],
    log: list[dict[str, Any]],
    names: CouncilNames | None = None,
    extras: Extras | None = None,
) -> dict[str, Any]:
    """The frozen form of ``items``. ``extras``: their cover sheets and risks, when the
    caller has fetched them for many meetings at once (``snapshot_extras``). The glossary
    is added when a version is published (``with_glossary``): comparisons leave it out."""
    extras = snapshot_extras(items) if extras is None else extras
    entries = rules.build_snapshot(
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
                "requested_by": item.request.proposer.name if item.request else None,
                "report_from": item.report_body.name if item.report_body else None,
                "report_body_id": item.report_body_id,
                "papers": [{"id": doc.id, "filename": doc.filename} for doc in item.papers],
                "actions": log if item.standing and item.title == ACTION_LOG_TITLE else None,
                "cover_sheet": extras.cover_sheets.get(item.id),
                "risks": extras.risks.get(item.id),
            }
            for part_items in _by_part(items).values()
            for item in part_items
        ),
    )
    return freeze(meeting_header(meeting), names or council_names(), entries)


def with_glossary(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The snapshot with the glossary's meanings of the terms its words use (titles,
    descriptions, cover sheets, risks), as a version keeps them. One query, once a request."""
    from governors.glossary.services import entries as glossary_entries

    texts = (text for entry in snapshot["items"] for text in entry_texts(entry))
    return {**snapshot, "glossary": glossary_json(terms_in(texts, glossary_entries()))}


def _action_log(meeting: Meeting, items: Iterable[AgendaItem]) -> list[dict[str, Any]]:
    """The actions the meeting's action log item lists, as the snapshot keeps them."""
    if not any(item.standing and item.title == ACTION_LOG_TITLE for item in items):
        return []
    return [action_entry(action, meeting.day) for action in carried_to(meeting)]


@dataclass(frozen=True)
class Report:
    """A body's report on another body's agenda, as its page lists it."""

    item: AgendaItem
    meeting: Meeting
    published: bool


def reports_from(body: Body, user: Any, *, about: Meeting | None = None) -> list[Report]:
    """The reports ``body`` has sent to other bodies' meetings that ``user`` may know of
    (only those reporting on the meeting ``about``, when given): once published, in a part
    of a meeting they may see; drafts too for those who build that meeting's agenda.
    Latest first, in three queries."""
    from governors.permissions import can

    query = (
        sa.select(AgendaItem)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(AgendaItem.report_body_id == body.id)
        .options(joinedload(AgendaItem.meeting))
        .order_by(Meeting.starts_at.desc(), AgendaItem.id)
    )
    if about is not None:
        query = query.where(AgendaItem.report_meeting_id == about.id)
    items = db.session.scalars(query).all()
    published = _published_item_ids({item.meeting_id for item in items})
    found = []
    for item in items:
        part = Permission.PRIVATE_VIEW if item.is_private else Permission.MEETINGS_VIEW
        shown = item.id in published
        if (shown and can(user, part, item.meeting)) or can(
            user, Permission.AGENDAS_EDIT, item.meeting
        ):
            found.append(Report(item=item, meeting=item.meeting, published=shown))
    return found


def reported_to(meeting: Meeting, user: Any) -> list[Report]:
    """Where this meeting's body reported on its business, for the meeting's page."""
    return reports_from(meeting.body, user, about=meeting)


def latest_versions(meeting_ids: Iterable[int]) -> dict[int, AgendaVersion]:
    """Each of these meetings' latest published agenda version, by meeting id. One query."""
    ids = sorted(set(meeting_ids))
    if not ids:
        return {}
    latest = (
        sa.select(AgendaVersion.meeting_id, sa.func.max(AgendaVersion.number).label("number"))
        .where(AgendaVersion.meeting_id.in_(ids))
        .group_by(AgendaVersion.meeting_id)
        .subquery()
    )
    versions = db.session.scalars(
        sa.select(AgendaVersion).join(
            latest,
            sa.and_(
                AgendaVersion.meeting_id == latest.c.meeting_id,
                AgendaVersion.number == latest.c.number,
            ),
        )
    ).all()
    return {version.meeting_id: version for version in versions}


def _published_item_ids(meeting_ids: set[int]) -> set[int]:
    """The items the latest published versions of these meetings show."""
    versions = latest_versions(meeting_ids).values()
    return {entry["item_id"] for version in versions for entry in version.frozen.items}


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


@dataclass(frozen=True)
class PublishedPaper:
    """A paper as a published version shows it: in which part, and whether that version
    is the meeting's latest."""

    meeting_id: int
    number: int
    part: str
    latest: bool


def published_papers(document_id: int, meeting_ids: Iterable[int]) -> list[PublishedPaper]:
    """Every place the published versions of these meetings' agendas show a document."""
    ids = sorted(set(meeting_ids))
    if not ids:
        return []
    versions = db.session.execute(
        sa.select(AgendaVersion.meeting_id, AgendaVersion.number, AgendaVersion.snapshot).where(
            AgendaVersion.meeting_id.in_(ids)
        )
    ).all()
    latest: dict[int, int] = {}
    for version in versions:
        latest[version.meeting_id] = max(latest.get(version.meeting_id, 0), version.number)
    return [
        PublishedPaper(
            meeting_id=version.meeting_id,
            number=version.number,
            part=entry["part"],
            latest=version.number == latest[version.meeting_id],
        )
        for version in sorted(versions, key=lambda v: (v.meeting_id, v.number))
        for entry in read_snapshot(version.snapshot).items
        if any(paper["id"] == document_id for paper in entry["papers"])
    ]


def pdf_bytes(version: AgendaVersion, *, full: bool) -> bytes:
    """A version's stored PDF, public or full edition.

    A version published before PDFs were kept has its PDF made from its snapshot on first
    download, and kept: the update only fills an empty column, so two first downloads at
    once still keep one file. The caller commits.
    """
    column = AgendaVersion.pdf_full if full else AgendaVersion.pdf_public
    data = getattr(version, column.key)
    if data is not None:
        return data
    made = pdf.agenda_pdf(version, full=full)
    db.session.execute(
        sa.update(AgendaVersion)
        .where(AgendaVersion.id == version.id, column.is_(None))
        .values({column.key: made})
        .execution_options(synchronize_session=False)
    )
    db.session.expire(version, [column.key])
    return getattr(version, column.key)


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
    if part not in set(Part):
        raise Refused("Choose the public part or the private part", field="part")
    if purpose not in set(Purpose):
        raise Refused("Choose the purpose of the item", field="purpose")
    if minutes is not None and not rules.MINUTES_MIN <= minutes <= rules.MINUTES_MAX:
        raise Refused(
            f"Time allowed must be between {rules.MINUTES_MIN} and {rules.MINUTES_MAX} minutes",
            field="minutes_allowed",
        )
    title = (title or "").strip()
    if not title:
        raise Refused("Enter a title for the item", field="title")
    return title


def _clean(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None


def _audit_name(item: AgendaItem, private: bool) -> str:
    """An item as the audit log names it: by number only while it is in the private part."""
    return private_name("agenda item", item.id) if private else f"'{item.title}'"


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
    purpose: str = Purpose.NOTE,
    presenter: str | None = None,
    minutes_allowed: int | None = None,
    description: str | None = None,
    request: Any = None,
    standing: bool = False,
    papers: Sequence[Document] = (),
    report_body: Body | None = None,
    report_meeting: Meeting | None = None,
) -> AgendaItem:
    """Add an item at the end of a part (before any other business in the public part).

    ``report_body``: the item is that body's report to this meeting (from its
    ``report_meeting``, when there is one), linked both ways."""
    if report_meeting is not None:
        report_body = report_meeting.body
    if report_body is not None and report_body.id == meeting.body_id:
        raise Refused("A body's report goes to another body's meeting", field="report_body_id")
    title = _checked_title(part, purpose, minutes_allowed, title)
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
        report_body=report_body,
        report_meeting=report_meeting,
    )
    db.session.add(item)
    _place(item, part_items)
    db.session.flush()
    private = part == Part.PRIVATE
    record(
        actor,
        "agenda.item_added",
        item,
        f"Added {_audit_name(item, private)} to the {part} part of the agenda for meeting "
        f"{meeting.id}",
        after=_facts(item),
        private=private,
    )
    return item


def add_standing_items(actor: Any, meeting: Meeting) -> list[AgendaItem]:
    """Give a new meeting the standing items its kind starts with (none for some kinds)."""
    return [
        add_item(
            actor,
            meeting,
            part=Part.PUBLIC,
            title=standing.title,
            purpose=Purpose.STANDING,
            minutes_allowed=standing.minutes,
            standing=True,
        )
        for standing in meeting.meaning.standing_items
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
    private = Part.PRIVATE in (old_part, item.part)
    record(
        actor,
        "agenda.item_changed",
        item,
        f"Changed {_audit_name(item, private)} ({', '.join(changed) or 'nothing'})",
        before={name: before[name] for name in changed},
        after={name: after[name] for name in changed},
        private=private,
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
    private = item.part == Part.PRIVATE
    record(
        actor,
        "agenda.item_removed",
        item,
        f"Removed {_audit_name(item, private)} from the {item.part} part of the agenda for "
        f"meeting {meeting.id}",
        before=facts,
        private=private,
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
    if direction in set(Part):
        if direction == item.part:
            return False
        _change_part(item, direction)
    elif direction in ("up", "down"):
        part_items = _part_items(meeting, item.part)
        order = [other.id for other in part_items]
        pinned = _closing_id(part_items) if item.part == Part.PUBLIC else None
        new_order = rules.move(order, item.id, -1 if direction == "up" else 1, pinned)
        if new_order == order:
            return False
        by_id = {other.id: other for other in part_items}
        _renumber([by_id[item_id] for item_id in new_order])
    else:
        raise Refused("Choose up, down, or a part to move the item to")
    db.session.flush()
    private = Part.PRIVATE in (before["part"], item.part)
    record(
        actor,
        "agenda.item_moved",
        item,
        f"Moved {_audit_name(item, private)} {direction}",
        before=before,
        after={"part": item.part, "position": item.position},
        private=private,
    )
    return True


def move_item_to(actor: Any, item: AgendaItem, position: int) -> None:
    """Move an item straight to ``position`` (1 is the first) within its part.

    Refused, naming the ``position`` field, for a number outside the part, or for any other
    business, which stays last in the public part. Moving to where it already is changes
    nothing and records nothing.
    """
    part_items = _part_items(item.meeting, item.part)
    order = [other.id for other in part_items]
    pinned = _closing_id(part_items) if item.part == Part.PUBLIC else None
    if item.id == pinned:
        raise Refused(f"“{item.title}” stays last in the public part", field="position")
    highest = rules.allowed_positions(len(order), pinned is not None)
    if isinstance(position, bool) or not isinstance(position, int) or not 1 <= position <= highest:
        raise Refused(f"Enter a number from 1 to {highest}", field="position")
    new_order = rules.move_to(order, item.id, position, pinned)
    if new_order == order:
        return
    before = {"part": item.part, "position": item.position}
    by_id = {other.id: other for other in part_items}
    _renumber([by_id[item_id] for item_id in new_order])
    db.session.flush()
    private = item.part == Part.PRIVATE
    record(
        actor,
        "agenda.item_moved",
        item,
        f"Moved {_audit_name(item, private)} to position {item.position}",
        before=before,
        after={"part": item.part, "position": item.position},
        private=private,
    )


def publish_warnings(meeting: Meeting, items: Iterable[AgendaItem] | None = None) -> Any:
    """The untimed items and the governors' words to check before publishing, against the
    last published version (``rules.publish_warnings``)."""
    snapshot = current_snapshot(meeting, items)
    latest = latest_version(meeting)
    published = list(latest.frozen.items) if latest is not None else None
    return rules.publish_warnings(snapshot["items"], published)


def _publishable(
    meeting: Meeting, change_note: str | None
) -> tuple[dict[str, Any], AgendaVersion | None, str | None]:
    items = items_for(meeting)
    if not items:
        raise Refused("Add at least one item before you publish the agenda")
    snapshot = current_snapshot(meeting, items)
    latest = latest_version(meeting)
    note = _clean(change_note)
    if latest is not None:
        if not rules.has_unpublished_changes(snapshot, latest.snapshot):
            raise Refused(
                f"Nothing has changed since version {latest.number} was published",
                field="change_note",
            )
        if note is None:
            raise Refused("Enter what has changed since the last version", field="change_note")
    return snapshot, latest, note


def check_publishable(meeting: Meeting, change_note: str | None) -> None:
    """Refuse, as ``publish`` would, before the secretary is asked to confirm anything."""
    _publishable(meeting, change_note)


def publish(
    actor: Any,
    meeting: Meeting,
    change_note: str | None = None,
    *,
    notify: bool = True,
    at: datetime | None = None,
) -> AgendaVersion:
    """Freeze the agenda as the next numbered version, make its two PDFs, and tell the
    governors.

    The version keeps the meeting, the council's names and the items as they are now, and
    both PDFs made from them, so later changes to any of these leave it as it was. The first
    version needs no note; each later one says what has changed. ``at`` is when it was
    published: now, unless the demo loader gives a moment in its history.
    """
    snapshot, latest, note = _publishable(meeting, change_note)
    snapshot = with_glossary(snapshot)
    version = AgendaVersion(
        number=(latest.number if latest else 0) + 1,
        published_at=at or utcnow(),
        published_by_id=actor.id,
        change_note=note,
        snapshot=snapshot,
    )
    # Made before the version joins the session, so nothing waits on the database meanwhile.
    version.pdf_public = pdf.agenda_pdf(version, full=False)
    version.pdf_full = pdf.agenda_pdf(version, full=True)
    version.meeting = meeting
    db.session.add(version)
    db.session.flush()
    record(
        actor,
        "agenda.published",
        version,
        f"Published version {version.number} of the agenda for meeting {meeting.id}",
        after={"number": version.number, "items": len(snapshot["items"]), "change_note": note},
    )
    if notify:
        _notify_published(meeting, version, latest)
    db.session.flush()
    return version


def _pdf_link(meeting: Meeting, version: AgendaVersion, *, full: bool) -> str | None:
    """The PDF a reader may open: the full one for those who attend the private part, the
    public one for others when the meeting is held in public, else none."""
    if full:
        return absolute_url(
            "governors.agendas.pdf_full", meeting_id=meeting.id, version=version.number
        )
    if can(None, Permission.PUBLIC_VIEW, version):
        return absolute_url("governors.agendas.pdf_public", meeting_id=meeting.id)
    return None


def _notify_published(
    meeting: Meeting, version: AgendaVersion, previous: AgendaVersion | None = None
) -> None:
    """Email the new version, naming what changed since ``previous`` and linking its PDF.

    Each reader hears only of what they may see: private items and the video link only
    for those who attend the private part.
    """
    link = absolute_url("governors.agendas.show", meeting_id=meeting.id)
    when = format_date(meeting.starts_at)
    if version.number == 1:
        subject = f"Agenda published: {meeting.kind_label}, {when}"
    else:
        subject = f"Agenda updated (version {version.number}): {meeting.kind_label}, {when}"
    changes: dict[bool, list[str]] = {}
    # Everyone who may read the whole agenda of this meeting: its private part included.
    for person in people_who_may(Permission.PRIVATE_VIEW, meeting):
        full = can(person, Permission.PRIVATE_VIEW, meeting)
        if previous is not None and full not in changes:
            changes[full] = rules.version_changes(previous.snapshot, version.snapshot, full=full)
        queue_email(
            person.email,
            subject,
            "governors/agendas/email/published.txt",
            person=person,
            meeting=meeting,
            version=version,
            link=link,
            changes=changes.get(full, []),
            pdf_link=_pdf_link(meeting, version, full=full),
        )
