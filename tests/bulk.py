"""Many people, requests and held meetings at once, with bulk inserts, for the tests that
check a page costs the same number of queries past the 500 rows where SQLAlchemy splits its
IN lists."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from governors.agendas.models import AgendaItem, AgendaVersion
from governors.agendas.rules import Part, Purpose
from governors.attendance.models import AttendanceRecord, Presence
from governors.bodies.models import Body
from governors.extensions import db
from governors.meetings.kinds import MeetingKind, StandingItem, meaning_of
from governors.meetings.models import Meeting
from governors.minutes.models import Approval, Minute, MinutesRecord, MinutesStatus
from governors.people.models import GovernorProfile, Role, User, UserRole
from governors.requests.clear_days import ClearDaysRule
from governors.requests.models import AgendaRequest
from governors.requests.rules import receipt
from governors.timeutil import utcnow

RULE = ClearDaysRule()


def governors(count: int, prefix: str = "Bulk governor") -> list[int]:
    """``count`` active governors, each with a role and a profile; returns their ids."""
    now = utcnow()
    ids = db.session.scalars(
        sa.insert(User).returning(User.id, sort_by_parameter_order=True),
        [
            {
                "email": f"{prefix.lower().replace(' ', '.')}.{n}@example.org",
                "name": f"{prefix} {n:04d}",
                "active": True,
                "created_at": now,
            }
            for n in range(count)
        ],
    ).all()
    db.session.execute(
        sa.insert(UserRole), [{"user_id": i, "role": Role.GOVERNOR.value} for i in ids]
    )
    db.session.execute(
        sa.insert(GovernorProfile),
        [
            {
                "user_id": i,
                "constituency": ("public", "staff", "carer")[n % 3],
                "area": f"Area {n % 12}",
                "route": "elected",
                "term_start": date(2025, 4, 1),
                "term_end": date(2028, 3, 31),
            }
            for n, i in enumerate(ids)
        ],
    )
    return list(ids)


def request_row(
    meeting: Meeting,
    proposer_id: int,
    title: str,
    status: str = "submitted",
    received_at: datetime | None = None,
    deferred_to: Meeting | None = None,
) -> dict:
    """One agenda request's columns, its receipt worked out under the default rule."""
    received_at = received_at or meeting.starts_at - timedelta(days=20)
    decided = status != "submitted"
    return {
        "meeting_id": meeting.id,
        "proposer_id": proposer_id,
        "title": title,
        "purpose": "discuss",
        "session": "public",
        "note_to_chair": "",
        **receipt(received_at, meeting.day, RULE, 14).columns(),
        "status": status,
        "decided_at": received_at + timedelta(days=3) if decided else None,
        "decision_reason": "Covered elsewhere" if status in {"declined", "deferred"} else None,
        "deferred_to_id": deferred_to.id if deferred_to is not None else None,
    }


def requests(rows: Sequence[dict]) -> None:
    db.session.execute(sa.insert(AgendaRequest), list(rows))


def insert(model: type, rows: Sequence[dict[str, Any]], batch: int = 2000) -> list[int]:
    """Insert ``rows`` of ``model`` in batches; returns their ids, in the order given."""
    ids: list[int] = []
    for start in range(0, len(rows), batch):
        ids += db.session.scalars(
            sa.insert(model).returning(model.id, sort_by_parameter_order=True),
            list(rows[start : start + batch]),
        ).all()
    return ids


# Held meetings ---------------------------------------------------------------------------

# Where each held meeting's minutes stand, in turn: approved, circulated, then still a draft.
MINUTES_CYCLE = (MinutesStatus.APPROVED, MinutesStatus.CIRCULATED, MinutesStatus.DRAFT)


@dataclass(frozen=True)
class History:
    """What a body's held meetings are given, besides their dates.

    ``approved_at``: the later meeting of the same body that approved the approved minutes,
    as one backlog. ``attendees``: the people on every register (the first sends apologies).
    The snapshots are copied into every published agenda and every circulated or approved
    record: the pages that list meetings read whether there is one, not what it says.
    """

    body: Body
    secretary_id: int
    attendees: Sequence[int]
    approved_at: Meeting
    agenda_snapshot: dict[str, Any]
    circulated_snapshot: dict[str, Any]
    approved_snapshot: dict[str, Any]


def _item(
    meeting_id: int,
    part: Part,
    position: int,
    title: str,
    purpose: Purpose,
    minutes: int,
    *,
    standing: bool = False,
    report_body_id: int | None = None,
    report_meeting_id: int | None = None,
) -> dict[str, Any]:
    return {
        "meeting_id": meeting_id,
        "part": part.value,
        "position": position,
        "title": title,
        "purpose": purpose.value,
        "standing": standing,
        "minutes_allowed": minutes,
        "report_body_id": report_body_id,
        "report_meeting_id": report_meeting_id,
    }


def _agenda(
    meeting_id: int, n: int, standing: Sequence[StandingItem], report: tuple[int, int] | None
) -> list[dict[str, Any]]:
    """A held meeting's items: its standing items (with a committee's report before any
    other business, when ``report`` names the body and its meeting) and a private item."""
    public = [(s.title, Purpose.STANDING, s.minutes, True) for s in standing]
    if report is not None and public:
        public.insert(len(public) - 1, ("Report of the committee", Purpose.NOTE, 10, False))
    items = [
        _item(
            meeting_id,
            Part.PUBLIC,
            position,
            title,
            purpose,
            minutes,
            standing=is_standing,
            report_body_id=None if is_standing or report is None else report[0],
            report_meeting_id=None if is_standing or report is None else report[1],
        )
        for position, (title, purpose, minutes, is_standing) in enumerate(public, start=1)
    ]
    items.append(_item(meeting_id, Part.PRIVATE, 1, f"Contract award {n}", Purpose.DECIDE, 15))
    return items


def held_meetings(
    history: History,
    starts: Sequence[datetime],
    *,
    kinds: Sequence[str] | None = None,
    reports_from: Sequence[int] = (),
    reporting_body: Body | None = None,
) -> list[int]:
    """Past meetings of ``history.body`` starting at ``starts``, each with its standing
    items and a private item, a register and a minute, its minutes in turn approved,
    circulated or a draft (``MINUTES_CYCLE``), and a published agenda for one in two of
    those held in public. ``reports_from``: meetings of ``reporting_body``, one reported to
    each of these meetings in turn. Returns the meetings' ids, in the order of ``starts``."""
    body = history.body
    default = (MeetingKind.ORDINARY if body.is_council else MeetingKind.COMMITTEE).value
    kinds = list(kinds) if kinds is not None else [default] * len(starts)
    ids = insert(
        Meeting,
        [
            {
                "body_id": body.id,
                "kind": kind,
                "starts_at": start,
                "duration_minutes": 150,
                "place": "Boardroom, Trust Headquarters",
                "public_count": n % 20 if n % 3 == 0 else None,
                "sequence": 0,
                "created_at": start - timedelta(days=60),
                "updated_at": start - timedelta(days=60),
            }
            for n, (kind, start) in enumerate(zip(kinds, starts, strict=True))
        ],
    )
    held = list(zip(ids, starts, kinds, strict=True))
    meanings = {kind: meaning_of(kind, open_to_public=body.open_to_public) for kind in kinds}
    items = []
    for n, (meeting_id, _, kind) in enumerate(held):
        report = None
        if reports_from and reporting_body is not None:
            report = (reporting_body.id, reports_from[n % len(reports_from)])
        items += _agenda(meeting_id, n, meanings[kind].standing_items, report)
    first_item: dict[int, int] = {}
    for item_id, item in zip(insert(AgendaItem, items), items, strict=True):
        first_item.setdefault(item["meeting_id"], item_id)
    insert(
        AgendaVersion,
        [
            {
                "meeting_id": meeting_id,
                "number": 1,
                "published_at": start - timedelta(days=7),
                "published_by_id": history.secretary_id,
                "snapshot": history.agenda_snapshot,
            }
            for n, (meeting_id, start, kind) in enumerate(held)
            if meanings[kind].public and n % 2 == 0
        ],
    )
    insert(
        AttendanceRecord,
        [
            {
                "meeting_id": meeting_id,
                "user_id": user_id,
                "status": (Presence.APOLOGIES if place == 0 else Presence.PRESENT).value,
                "recorded_by_id": history.secretary_id,
                "updated_at": start,
            }
            for meeting_id, start, _ in held
            for place, user_id in enumerate(history.attendees)
        ],
    )
    insert(
        Minute,
        [
            {
                "meeting_id": meeting_id,
                "item_id": first_item[meeting_id],
                "discussion": "The chair welcomed members.",
                "revision": 1,
                "updated_by_id": history.secretary_id,
                "updated_at": start + timedelta(hours=3),
            }
            for meeting_id, start, _ in held
        ],
    )
    records = []
    for n, (meeting_id, start, _) in enumerate(held):
        status = MINUTES_CYCLE[n % len(MINUTES_CYCLE)]
        if status is MinutesStatus.DRAFT:
            continue
        approved = status is MinutesStatus.APPROVED
        records.append(
            {
                "meeting_id": meeting_id,
                "status": status.value,
                "circulated_at": start + timedelta(days=7),
                "circulated_by_id": history.secretary_id,
                "approved_at": history.approved_at.starts_at if approved else None,
                "approved_at_meeting_id": history.approved_at.id if approved else None,
                "approval": Approval.TRUE_RECORD.value if approved else None,
                "snapshot": history.approved_snapshot if approved else history.circulated_snapshot,
            }
        )
    insert(MinutesRecord, records)
    return ids
