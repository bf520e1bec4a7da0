"""The demo council's cover: a service user governor not available, cover arranged for his
seat (the first deputy declined, the next accepted), and a carer seat left vacant."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from governors.attendance.models import AttendanceRecord, Presence
from governors.cover.demo import NOTE
from governors.cover.models import CoverNeed, CoverStatus, OfferStatus, Unavailability
from governors.demo import load_demo
from governors.extensions import db
from governors.outbox.models import OutboxMessage
from governors.people.models import User

TODAY = date(2027, 3, 15)


def _user(name: str) -> User:
    return db.session.scalars(sa.select(User).where(User.name == name)).one()


@pytest.mark.clock("2027-03-15 10:00:00+00:00")
def test_the_demo_has_cover_arranged_and_a_seat_vacant(app):
    load_demo(today=TODAY)
    leon = _user("Leon Wright")
    period = db.session.scalars(
        sa.select(Unavailability).where(Unavailability.user_id == leon.id)
    ).one()
    assert period.note == NOTE and period.consent_noted
    need = db.session.scalars(
        sa.select(CoverNeed).where(CoverNeed.absent_id == leon.id).order_by(CoverNeed.id)
    ).first()
    assert need.status == CoverStatus.COVERED
    assert need.deputy.name == "Donna Price"
    assert [(o.candidate.name, o.status) for o in need.offers] == [
        ("Niamh Gallagher", OfferStatus.DECLINED),
        ("Donna Price", OfferStatus.ACCEPTED),
    ]
    entry = db.session.scalars(
        sa.select(AttendanceRecord).where(
            AttendanceRecord.meeting_id == need.meeting_id,
            AttendanceRecord.user_id == need.deputy_id,
        )
    ).one()
    assert entry.status == Presence.DEPUTY and entry.deputy_for_id == leon.id

    vacant = db.session.scalars(
        sa.select(CoverNeed).where(CoverNeed.status == CoverStatus.VACANT)
    ).all()
    assert [(n.absent.name, n.seat.name, n.meeting_id) for n in vacant] == [
        ("Susan Clarke", "carer governor", need.meeting_id)
    ]
    for message in db.session.scalars(sa.select(OutboxMessage)):
        assert NOTE not in message.body_text
