"""The demo council's bodies: committees with chairs, seats that need attention, deputies,
a year of committee meetings with published agendas, and a committee report to Council."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from governors.agendas.models import AgendaItem, AgendaVersion
from governors.bodies import services
from governors.bodies.models import Body, JoinRequest, JoinStatus, SeatDeputy
from governors.bodies.rules import BodyKind, SeatStatus
from governors.demo import load_demo
from governors.extensions import db
from governors.meetings.kinds import MeetingKind
from governors.meetings.models import Meeting
from governors.outbox.models import OutboxMessage
from governors.timeutil import utcnow

TODAY = date(2027, 3, 15)
COMMITTEES = (
    "Nominations and Remuneration Committee",
    "Membership and Engagement Committee",
    "Service User and Carer Experience Committee",
    "Recovery Sub-committee",
)
PANEL = "Recruitment Panel: Non-executive Director (Finance)"


@pytest.mark.clock("2027-03-15 10:00:00+00:00")
def test_the_demo_sets_up_committees_a_panel_and_a_year_of_their_meetings(app):
    load_demo(today=TODAY)
    now = utcnow()
    bodies = {body.name: body for body in services.all_bodies()}
    views = {view.body.name: view for view in services.body_views(list(bodies.values()))}

    # Four committees, each with a chair; one chaired by a service user governor.
    committees = [views[name] for name in COMMITTEES]
    assert all(view.body.parent is not None for view in committees)
    assert all(len(view.chairs) == 1 for view in committees)
    assert views["Recovery Sub-committee"].body.kind == BodyKind.SUB_COMMITTEE
    assert views["Recovery Sub-committee"].body.parent.name == COMMITTEES[2]
    assert views["Nominations and Remuneration Committee"].chairs == ["Caroline Ashdown"]
    assert not views["Nominations and Remuneration Committee"].body.open_to_public
    assert views["Membership and Engagement Committee"].body.open_to_public
    chaired_by_service_user = [
        view.body.name
        for view in committees
        for m in view.members
        if m.role == "chair"
        and m.user.governor_profile is not None
        and m.user.governor_profile.constituency == "service_user"
    ]
    assert COMMITTEES[2] in chaired_by_service_user
    assert all(view.body.remit and view.body.remit_review_on for view in committees)
    roles = {m.role for view in views.values() for m in view.members}
    assert roles == {"chair", "vice_chair", "member", "deputy", "in_attendance"}
    adviser = [m for m in views[PANEL].members if m.user is None]
    assert [m.description for m in adviser] == ["Independent HR adviser"]

    # The panel's service user seat is empty, and the secretary is told.
    attention = {view.body.name: flags for view, flags in services.needing_attention(TODAY)}
    assert "The service user governor seat is empty" in attention[PANEL]
    [empty] = [s for s in views[PANEL].seats if s.status is SeatStatus.EMPTY]
    assert empty.deputies and not empty.holders
    assert "The carer governor seat's only holder is not available" in attention[COMMITTEES[2]]
    assert db.session.scalar(sa.select(sa.func.count(SeatDeputy.id))) >= 4

    # A year of committee meetings; the most recent and next of each are published.
    for name in COMMITTEES:
        meetings = db.session.scalars(
            sa.select(Meeting).where(Meeting.body_id == bodies[name].id).order_by(Meeting.starts_at)
        ).all()
        assert meetings and all(m.kind == MeetingKind.COMMITTEE for m in meetings)
        assert meetings[0].day < TODAY - timedelta(days=200)
        assert TODAY + timedelta(days=90) < meetings[-1].day <= TODAY + timedelta(days=140)
        assert all(m.day.weekday() < 5 for m in meetings)
        published = [m for m in meetings if m.versions]
        assert len(published) == 2, name
        last, following = published
        assert last.starts_at < now <= following.starts_at
        assert not [m for m in meetings if last.starts_at < m.starts_at < following.starts_at]
        for meeting in published:
            [version] = meeting.versions
            assert version.published_at <= now
            substantive = [e for e in version.entries if not e["standing"]]
            assert 2 <= len(substantive) <= 4
    private = {
        m.body.name
        for m in db.session.scalars(sa.select(Meeting).where(Meeting.kind == "committee"))
        for item in m.items
        if item.part == "private"
    }
    assert {"Nominations and Remuneration Committee", PANEL} <= private

    # The next Council meeting's agenda carries the committee's report.
    council_meeting = db.session.scalars(
        sa.select(Meeting)
        .where(Meeting.kind.in_(MeetingKind.taking_requests()), Meeting.starts_at >= now)
        .order_by(Meeting.starts_at)
    ).first()
    notes = db.session.scalars(
        sa.select(AgendaVersion.change_note).where(AgendaVersion.meeting_id == council_meeting.id)
    ).all()
    assert "Committee report added" in notes
    latest = db.session.scalars(
        sa.select(AgendaVersion)
        .where(AgendaVersion.meeting_id == council_meeting.id)
        .order_by(AgendaVersion.number.desc())
    ).first()
    assert latest.published_at <= now
    [report] = [e for e in latest.entries if e["title"] == f"Report from the {COMMITTEES[1]}"]
    assert report["part"] == "public" and report["purpose"] == "note"
    item = db.session.get(AgendaItem, report["item_id"])
    assert item.report_body.name == COMMITTEES[1]
    assert item.report_meeting.body.name == COMMITTEES[1]
    assert item.report_meeting.starts_at < now
    assert [v.published_at for v in council_meeting.versions] == sorted(
        v.published_at for v in council_meeting.versions
    )

    # Join requests: the demo governor waits for one answer and has had another.
    requests = db.session.scalars(sa.select(JoinRequest)).all()
    helens = {j.status: j for j in requests if j.user.email == "governor@example.org"}
    assert helens[JoinStatus.WAITING].body.name == "Nominations and Remuneration Committee"
    assert helens[JoinStatus.WAITING].reason
    assert helens[JoinStatus.DECLINED].answer
    [accepted] = [j for j in requests if j.status == JoinStatus.ACCEPTED]
    assert accepted.user.id in services.member_ids(accepted.body_id)

    # This made-up history queues no email.
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 0
    assert db.session.get(Body, bodies[PANEL].id).kind == BodyKind.PANEL

    # What the published Council agenda says the item is: the committee's report.
    assert report["report_from"] == COMMITTEES[1]
