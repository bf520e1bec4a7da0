"""The demo council's registers: the last Council meeting in full, a committee meeting with
a deputy and an item that lost its quorum, another with one apology, and an apology with a
note for the next Council meeting."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from governors.attendance import services
from governors.attendance.models import AttendanceRecord, DeclarationAction, Presence
from governors.bodies import services as bodies
from governors.bodies.models import Body
from governors.demo import load_demo
from governors.extensions import db
from governors.meetings.models import Meeting
from governors.outbox.models import OutboxMessage
from governors.timeutil import utcnow

TODAY = date(2027, 3, 15)
NOMINATIONS = "Nominations and Remuneration Committee"
EXPERIENCE = "Service User and Carer Experience Committee"


def _meetings(body: Body, *, past: bool) -> list[Meeting]:
    now = utcnow()
    query = sa.select(Meeting).where(Meeting.body_id == body.id, Meeting.kind != "pre_meeting")
    if past:
        query = query.where(Meeting.starts_at < now).order_by(Meeting.starts_at.desc())
    else:
        query = query.where(Meeting.starts_at >= now).order_by(Meeting.starts_at)
    return list(db.session.scalars(query))


def _statuses(register: services.Register) -> list[str]:
    return [line.record.status for line in register.lines if line.record is not None]


@pytest.mark.clock("2027-03-15 10:00:00+00:00")
def test_the_demo_keeps_registers_of_recent_meetings(app):
    load_demo(today=TODAY)
    council = bodies.council()
    by_name = {body.name: body for body in bodies.all_bodies()}

    # The last Council meeting: a full register.
    last = next(m for m in _meetings(council, past=True) if m.kind == "ordinary")
    register = services.register_for(last)
    statuses = _statuses(register)
    assert statuses.count(Presence.PRESENT) > len(register.lines) // 2
    assert statuses.count(Presence.APOLOGIES) == 4
    assert statuses.count(Presence.ABSENT) == 1
    assert register.unrecorded == 0
    [chair] = [line for line in register.lines if line.member.role == "Chair"]
    assert chair.record.status == Presence.PRESENT
    attending = [r for r in register.others if r.status == Presence.IN_ATTENDANCE]
    directors = [r for r in attending if r.user is not None]
    assert len(directors) == 2 and all(r.role_text for r in directors)
    assert "Director of" in " ".join(r.role_text for r in directors)
    [named] = [r for r in attending if r.user is None]
    assert (named.name, named.role_text) == ("Jo Baker", "Healthwatch Northshire, observing")
    assert last.public_count == 6
    items = register.items
    [late] = [
        line.record for line in register.lines if line.record and line.record.arrived_for_item_id
    ]
    assert late.arrived_for_item_id == items[2].id and late.status == Presence.PRESENT
    [early] = [
        line.record for line in register.lines if line.record and line.record.left_after_item_id
    ]
    assert early.left_after_item_id == items[4].id and early.user_id != late.user_id
    # A staff governor's declaration, and the service user governor's sensitive one, both
    # from their registers of interests.
    staff, sensitive = sorted(register.declarations, key=lambda d: d.sensitive)
    assert staff.action == DeclarationAction.STAYED and not staff.item.standing
    assert staff.interest_id is not None and not staff.sensitive
    assert sensitive.sensitive and sensitive.user.email == "su.governor@example.org"
    assert sensitive.interest_id is not None
    assert all(q.met for _, q in register.quorum)

    # The nominations committee: a deputy for a member who sent apologies, and one item
    # inquorate once a member left for it.
    nominations = _meetings(by_name[NOMINATIONS], past=True)[0]
    register = services.register_for(nominations)
    member_ids = {line.member.user.id for line in register.lines}
    [deputy] = [r for r in register.others if r.status == Presence.DEPUTY]
    assert deputy.user.is_governor and deputy.user_id not in member_ids
    stood_in_for = next(
        line for line in register.lines if line.member.user.id == deputy.deputy_for_id
    )
    assert stood_in_for.record.status == Presence.APOLOGIES
    [left] = register.declarations
    assert left.action == DeclarationAction.LEFT and not left.item.standing
    inquorate = [(item, q) for item, q in register.quorum if not q.met]
    assert [item.id for item, _ in inquorate] == [left.item_id]
    assert inquorate[0][1].statement.startswith("Not quorate")
    assert register.at_start.met

    # The service user and carer experience committee: everyone came but one.
    experience = _meetings(by_name[EXPERIENCE], past=True)[0]
    register = services.register_for(experience)
    statuses = _statuses(register)
    assert statuses.count(Presence.APOLOGIES) == 1
    assert statuses.count(Presence.ABSENT) == 0
    assert register.unrecorded == 0
    assert all(q.met for _, q in register.quorum)

    # The next Council meeting: an apology with a private note for the secretary (the
    # others there were recorded for governors who are not available, without a note).
    following = next(m for m in _meetings(council, past=False) if m.kind == "ordinary")
    [apology] = db.session.scalars(
        sa.select(AttendanceRecord).where(
            AttendanceRecord.meeting_id == following.id, AttendanceRecord.message.is_not(None)
        )
    ).all()
    assert apology.status == Presence.APOLOGIES and apology.message
    assert apology.user.email == "governor@example.org"

    # This made-up history queues no email.
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 0
