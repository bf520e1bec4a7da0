"""The secretary sets up a body in a few steps; governors read it and ask to join."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from governors.bodies import services
from governors.bodies.models import Body, JoinRequest, Membership
from governors.extensions import db
from governors.meetings.models import Meeting
from governors.outbox.models import OutboxMessage
from tests import factories
from tests.meetings.helpers import page_text, path

pytestmark = pytest.mark.clock(datetime(2027, 1, 4, 10, 0, tzinfo=UTC))

PANEL = {
    "name": "Recruitment Panel: Non-executive Director (Finance)",
    "kind": "panel",
    "remit": "To shortlist and interview candidates and recommend an appointment.",
    "open_to_public": "no",
    "quorum_share": "1/2",
    "quorum_minimum": "3",
    "quorum_elected_minimum": "1",
}


def _set_up_panel(client) -> Body:
    council = services.council()
    response = client.post(path("governors.bodies.new"), data={**PANEL, "parent_id": council.id})
    assert response.status_code == 302, page_text(client.get(path("governors.bodies.new")))
    return db.session.query(Body).filter_by(name=PANEL["name"]).one()


def test_the_secretary_sets_up_a_panel_with_a_service_user_seat_and_sees_it_flagged(app, sign_in):
    secretary = factories.secretary()
    service_user = factories.governor(constituency="service_user", name="Chloe Bennett")
    public = factories.governor(name="Rajesh Patel")
    client = sign_in(secretary)
    panel = _set_up_panel(client)

    response = client.post(
        path("governors.bodies.add_seat", body_id=panel.id),
        data={"requirement": "service_user_governor", "required": "1"},
    )
    assert response.status_code == 302
    seat = panel.seats[0]
    page = page_text(client.get(path("governors.bodies.detail", body_id=panel.id)))
    assert "At least one service user governor" in page
    assert "The service user governor seat is empty" in page
    assert "At least 3 of 0 members, of whom at least 1 elected governor" in page

    # A public governor cannot hold the service user seat: the form says so and why.
    refused = client.post(
        path("governors.bodies.add_member", body_id=panel.id),
        data={"user_id": public.id, "role": "chair", "seat_id": seat.id},
    )
    assert refused.status_code == 200
    assert "Rajesh Patel is not a service user governor" in page_text(refused)
    client.post(
        path("governors.bodies.add_member", body_id=panel.id),
        data={"user_id": public.id, "role": "chair"},
    )
    client.post(
        path("governors.bodies.add_deputy", seat_id=seat.id), data={"user_id": service_user.id}
    )
    page = page_text(client.get(path("governors.bodies.detail", body_id=panel.id)))
    assert "Agreed deputies, in order: Chloe Bennett" in page
    assert "Chair Rajesh Patel" in page
    assert "The service user governor seat is empty" in page
    home = page_text(client.get(path("governors.home")))
    assert f"{PANEL['name']}: The service user governor seat is empty" in home

    client.post(
        path("governors.bodies.add_member", body_id=panel.id),
        data={"user_id": service_user.id, "role": "member", "seat_id": seat.id},
    )
    page = page_text(client.get(path("governors.bodies.detail", body_id=panel.id)))
    assert "The service user governor seat is empty" not in page
    assert "Held by: Chloe Bennett" in page


def test_a_governor_asks_to_join_and_gets_a_recorded_answer(app, client, sign_in):
    secretary = factories.secretary()
    governor = factories.governor(name="Helen Carter")
    committee = factories.BodyFactory(name="Nominations and Remuneration Committee")
    sign_in(governor)
    detail = page_text(client.get(path("governors.bodies.detail", body_id=committee.id)))
    assert "Ask to join" in detail
    empty = client.post(path("governors.bodies.join", body_id=committee.id), data={"reason": " "})
    assert "Say why you would like to join" in page_text(empty)
    client.post(
        path("governors.bodies.join", body_id=committee.id),
        data={"reason": "I chaired a charity's remuneration committee for six years."},
    )
    join = db.session.query(JoinRequest).filter_by(user_id=governor.id).one()
    assert "You asked to join" in page_text(
        client.get(path("governors.bodies.detail", body_id=committee.id))
    )
    client.post(path("governors.auth.sign_out"))

    sign_in(secretary)
    answer_page = page_text(client.get(path("governors.bodies.answer", join_id=join.id)))
    assert "I chaired a charity's remuneration committee" in answer_page
    no_reason = client.post(
        path("governors.bodies.answer", join_id=join.id), data={"decision": "accept"}
    )
    assert "Give a reason for your answer" in page_text(no_reason)
    client.post(
        path("governors.bodies.answer", join_id=join.id),
        data={
            "decision": "accept",
            "minutes_allowed": "15",
            "answer": "Welcome: your experience fits the remit.",
        },
    )
    assert join.status == "accepted"
    assert join.answered_by_id == secretary.id
    membership = db.session.query(Membership).filter_by(user_id=governor.id).one()
    assert membership.role == "member"
    email = db.session.query(OutboxMessage).filter_by(to_address=governor.email).one()
    assert "accepted" in email.subject
    assert "Welcome: your experience fits the remit." in email.body_text


def test_the_council_is_a_body_whose_members_are_its_governors(app, client, sign_in):
    factories.governor()
    factories.governor(constituency="appointed")
    sign_in(factories.governor())
    council = services.council()
    page = page_text(client.get(path("governors.bodies.detail", body_id=council.id)))
    assert "Council of Governors" in page
    assert "Every governor is a member of the Council of Governors: 3 governors" in page
    assert "At least 1 of 3 governors" in page
    assert "Ask to join" not in page


@pytest.mark.parametrize("allowed", [True, False])
def test_a_committee_chair_builds_its_agenda_only_when_the_secretary_allows(
    app, client, sign_in, allowed
):
    secretary = factories.secretary()
    chair = factories.governor(constituency="service_user", name="Chloe Bennett")
    member = factories.governor()
    committee = factories.BodyFactory(chair_builds_agenda=allowed)
    factories.MembershipFactory(body=committee, user=chair, role="chair")
    factories.MembershipFactory(body=committee, user=member)
    meeting = factories.MeetingFactory(
        body=committee, starts_at=datetime(2027, 2, 10, 10, 0, tzinfo=UTC)
    )
    sign_in(chair)
    builder = client.get(path("governors.agendas.edit", meeting_id=meeting.id))
    added = client.post(
        path("governors.agendas.add_item", meeting_id=meeting.id),
        data={
            "part": "public",
            "title": "Service user survey",
            "purpose": "discuss",
            "minutes_allowed": "20",
        },
    )
    if allowed:
        assert builder.status_code == 200
        assert added.status_code == 302
        assert (
            client.post(path("governors.agendas.publish", meeting_id=meeting.id)).status_code == 302
        )
        assert "Service user survey" in page_text(
            client.get(path("governors.agendas.show", meeting_id=meeting.id))
        )
    else:
        assert (builder.status_code, added.status_code) == (403, 403)
        assert "Build and publish the agenda" not in page_text(
            client.get(path("governors.agendas.show", meeting_id=meeting.id))
        )
    client.post(path("governors.auth.sign_out"))
    # A member who does not chair never builds it; the secretary always may.
    sign_in(member)
    assert client.get(path("governors.agendas.edit", meeting_id=meeting.id)).status_code == 403
    client.post(path("governors.auth.sign_out"))
    sign_in(secretary)
    assert client.get(path("governors.agendas.edit", meeting_id=meeting.id)).status_code == 200


def test_a_committee_meeting_is_scheduled_from_its_page_with_its_standing_items(
    app, client, sign_in
):
    committee = factories.BodyFactory(name="Recovery Sub-committee", kind="sub_committee")
    sign_in(factories.secretary())
    form = page_text(client.get(path("governors.meetings.schedule", body_id=committee.id)))
    assert "Schedule a meeting of the Recovery Sub-committee" in form
    assert "Type of meeting" not in form
    response = client.post(
        path("governors.meetings.schedule", body_id=committee.id),
        data={
            "day-day": "10",
            "day-month": "2",
            "day-year": "2027",
            "start": "10:00",
            "end": "12:00",
            "place": "Recovery College",
        },
    )
    assert response.status_code == 302
    meeting = db.session.query(Meeting).filter_by(body_id=committee.id).one()
    assert meeting.kind == "committee"
    assert meeting.kind_label == "Recovery Sub-committee meeting"
    assert [item.title for item in meeting.items][:2] == [
        "Welcome and apologies for absence",
        "Declarations of interest",
    ]
    page = page_text(client.get(path("governors.bodies.detail", body_id=committee.id)))
    assert "Recovery Sub-committee meeting, Wednesday 10 February 2027" in page


def test_someone_who_has_left_no_longer_fills_a_seat(app, client, sign_in):
    secretary = factories.secretary()
    holder = factories.governor(constituency="service_user", name="Tom Harrison")
    committee = factories.BodyFactory()
    seat = services.add_seat(secretary, committee, "service_user_governor")
    services.add_member(secretary, committee, user=holder, seat=seat, notify=False)
    sign_in(secretary)
    page = page_text(client.get(path("governors.bodies.detail", body_id=committee.id)))
    assert "Held by: Tom Harrison" in page
    holder.active = False
    db.session.flush()
    page = page_text(client.get(path("governors.bodies.detail", body_id=committee.id)))
    assert "The service user governor seat is empty" in page
    assert "Held by: nobody" in page
