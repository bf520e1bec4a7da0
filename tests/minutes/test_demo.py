"""The demo council's minutes: the last Council meeting minuted in full, one item revised,
and a committee vote carried by the chair's casting vote beside an item left without a
vote because it was not quorate."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from governors.agendas.services import items_for
from governors.attendance.services import register_for
from governors.bodies import services as bodies
from governors.demo import load_demo
from governors.extensions import db
from governors.meetings.models import Meeting
from governors.minutes import services
from governors.timeutil import utcnow

TODAY = date(2027, 3, 15)


def _last(body, kind: str | None = None) -> Meeting:
    query = sa.select(Meeting).where(Meeting.body_id == body.id, Meeting.starts_at < utcnow())
    if kind:
        query = query.where(Meeting.kind == kind)
    return db.session.scalars(query.order_by(Meeting.starts_at.desc())).first()


@pytest.mark.clock("2027-03-15 10:00:00+00:00")
def test_the_demo_has_minutes_with_revisions_and_votes(app):
    load_demo(today=TODAY)
    council_meeting = _last(bodies.council(), "ordinary")
    minutes = services.minutes_for(council_meeting)
    assert set(minutes) == {item.id for item in items_for(council_meeting)}
    # One substantive item was corrected; the standing item recorded an approval too.
    revised = [m for m in minutes.values() if m.revision == 2 and not m.item.standing]
    assert len(revised) == 1
    assert len(services.revisions_of(revised[0])) == 2

    by_name = {body.name: body for body in bodies.all_bodies()}
    nominations = _last(by_name["Nominations and Remuneration Committee"])
    quorum = {item.id: q for item, q in register_for(nominations).quorum}
    minutes = services.minutes_for(nominations)
    [voted] = [m for m in minutes.values() if m.voted]
    assert (voted.votes_for, voted.votes_against, voted.casting_vote) == (1, 1, "for")
    assert voted.carried is True
    [inquorate] = [m for m in minutes.values() if not quorum[m.item_id].met]
    assert not inquorate.voted
    assert "not quorate" in inquorate.discussion


@pytest.mark.clock("2027-03-15 10:00:00+00:00")
def test_the_demo_has_minutes_in_every_state(app):
    load_demo(today=TODAY)
    council_meetings = db.session.scalars(
        sa.select(Meeting)
        .where(Meeting.kind == "ordinary", Meeting.starts_at < utcnow())
        .order_by(Meeting.starts_at.desc())
    ).all()
    last, before = council_meetings[0], council_meetings[1]
    approved = services.record_of(before)
    assert approved.locked and approved.approved_at_meeting_id == last.id
    assert approved.amendments
    assert len(services.amendments_for(before)) == 1
    circulated = services.record_of(last)
    assert circulated.status == "circulated"
    responses = services.responses_to(circulated)
    assert [r.no_comments for r in responses] == [False, True]
    by_name = {body.name: body for body in bodies.all_bodies()}
    nominations = _last(by_name["Nominations and Remuneration Committee"])
    assert services.status_of(nominations) == "draft"
