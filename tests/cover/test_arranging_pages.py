"""Arranging cover through the pages: the secretary's list and need page, the notice
rule, a vacant seat, and the substitute's answer from the email's link."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from governors.bodies import services as bodies
from governors.cover.models import CoverNeed, CoverOffer, CoverStatus
from governors.cover.services import record_unavailability
from governors.extensions import db
from governors.outbox.models import OutboxMessage
from tests import factories
from tests.cover.test_arranging import NOTE, NOW, TODAY, make_world
from tests.meetings.helpers import page_text, path

pytestmark = pytest.mark.clock(NOW)


@pytest.fixture
def world(app):
    return make_world()


@pytest.fixture
def away(world):
    record_unavailability(
        world["secretary"],
        world["absent"],
        starts_on=TODAY,
        ends_on=TODAY + timedelta(days=30),
        note=NOTE,
        consent_noted=True,
    )
    db.session.commit()
    need = db.session.scalars(
        sa.select(CoverNeed).where(CoverNeed.meeting_id == world["today"].id)
    ).one()
    return need


def _links(person) -> dict[str, str]:
    body = db.session.scalars(
        sa.select(OutboxMessage.body_text)
        .where(OutboxMessage.to_address == person.email)
        .order_by(OutboxMessage.id.desc())
    ).first()
    found = dict(re.findall(r"https?://[^/\s]+(/cover/answer/\S+\?answer=(accept|decline))", body))
    return {answer: url for url, answer in found.items()}


def test_the_secretary_asks_the_first_proposal_in_one_step(world, away, sign_in):
    client = sign_in(world["secretary"])
    listing = page_text(client.get(path("governors.cover.index")))
    assert "Leon Wright: not available" in listing
    assert "Needs a substitute" in listing
    page = page_text(client.get(path("governors.cover.need", need_id=away.id)))
    assert "Leon Wright is not available for the" in page
    assert "Service user governor seat" in page
    assert "At least two service user governors" in page
    assert "Any time before the meeting starts, even on the day" in page
    assert "First pre-agreed deputy for this seat" in page
    assert "Ask Niamh Gallagher" in page
    assert "Dev Patel: Is not a service user governor" in page
    assert "Chloe Bennett: Is already a member of this committee" in page
    assert NOTE not in page
    response = client.post(
        path("governors.cover.need", need_id=away.id),
        data={"candidate": str(world["first"].id), "answer_hours": "2"},
    )
    assert response.status_code == 302
    page = page_text(client.get(response.headers["Location"]))
    assert "Niamh Gallagher has been asked by email" in page
    assert "Niamh Gallagher: Waiting for an answer" in page
    assert set(_links(world["first"])) == {"accept", "decline"}


def test_the_notice_rule_refuses_without_the_chairs_agreement_keeping_the_choice(
    world, away, sign_in
):
    world["body"].substitute_notice = "noon_previous_working_day"
    db.session.commit()
    client = sign_in(world["secretary"])
    page = page_text(client.get(path("governors.cover.need", need_id=away.id)))
    assert "The notice rule has passed" in page
    assert "By noon on the working day before the meeting" in page
    refused = client.post(
        path("governors.cover.need", need_id=away.id),
        data={"candidate": str(world["second"].id), "answer_hours": "1"},
    )
    assert refused.status_code == 200
    text = page_text(refused)
    assert "There is a problem" in text
    assert "Tick the box to say the chair agreed to a late substitute" in text
    assert re.search(rf'value="{world["second"].id}"[^>]*checked', refused.get_data(as_text=True))
    agreed = client.post(
        path("governors.cover.need", need_id=away.id),
        data={"candidate": str(world["second"].id), "answer_hours": "1", "late_agreed": "y"},
    )
    assert agreed.status_code == 302
    assert db.session.get(CoverNeed, away.id).late_agreed


def test_bad_choices_are_refused_on_the_form(world, away, sign_in):
    client = sign_in(world["secretary"])
    for data, message in (
        ({"answer_hours": "1"}, "Choose who to ask"),
        ({"candidate": str(world["public"].id), "answer_hours": "1"}, "Choose one of the people"),
        ({"candidate": "x²", "answer_hours": "1"}, "Choose one of the people"),
        ({"candidate": str(world["first"].id), "answer_hours": "5"}, "how long they have"),
    ):
        response = client.post(path("governors.cover.need", need_id=away.id), data=data)
        assert response.status_code == 200
        assert message in page_text(response)
    assert client.get(path("governors.cover.need", need_id=999_999)).status_code == 404


def test_the_substitute_declines_from_the_link_and_the_next_accepts(world, away, client, sign_in):
    secretary = sign_in(world["secretary"])
    secretary.post(
        path("governors.cover.need", need_id=away.id),
        data={"candidate": str(world["first"].id), "answer_hours": "2"},
    )
    secretary.get(path("governors.auth.sign_out"))
    phone = client.application.test_client()
    decline = _links(world["first"])["decline"]
    page = phone.get(decline)
    assert page.status_code == 200
    text = page_text(page)
    assert "Can you stand in for Leon Wright?" in text
    assert "Leon Wright, who is not available" in text
    assert NOTE not in text
    token = decline.split("/")[3].split("?")[0]
    done = phone.post(path("governors.cover.answer", token=token), data={"answer": "decline"})
    assert "We will ask someone else" in page_text(done)
    again = phone.get(decline)
    assert "You have already said no" in page_text(again)

    accept = _links(world["second"])["accept"]
    page = phone.get(accept)
    assert "Yes, I can stand in" in page_text(page)
    token = accept.split("/")[3].split("?")[0]
    done = phone.post(path("governors.cover.answer", token=token), data={"answer": "accept"})
    assert "You are standing in for Leon Wright" in page_text(done)
    need = db.session.get(CoverNeed, away.id)
    assert need.status == CoverStatus.COVERED and need.deputy_id == world["second"].id

    client = sign_in(world["secretary"])
    register = page_text(
        client.get(path("governors.attendance.register", meeting_id=world["today"].id))
    )
    assert "present as deputy for leon wright" in register.lower()
    meeting_page = page_text(
        client.get(path("governors.meetings.detail", meeting_id=world["today"].id))
    )
    assert "Donna Price is standing in for Leon Wright, who is not available" in meeting_page
    assert NOTE not in meeting_page
    for message in db.session.scalars(sa.select(OutboxMessage)):
        assert "Canary" not in message.body_text


def test_an_expired_or_unknown_link_says_so(world, away, sign_in, client, clock):
    secretary = sign_in(world["secretary"])
    secretary.post(
        path("governors.cover.need", need_id=away.id),
        data={"candidate": str(world["first"].id), "answer_hours": "1"},
    )
    offer = db.session.scalars(sa.select(CoverOffer)).one()
    phone = client.application.test_client()
    clock.move_to(NOW + timedelta(hours=2))
    page = page_text(phone.get(path("governors.cover.answer", token=offer.token, answer="accept")))
    assert "The time to answer has passed" in page
    assert "Yes, I can stand in" not in page
    assert phone.get("/cover/answer/not-a-real-token").status_code == 404
    assert phone.get("/cover/answer/" + "a" * 80).status_code == 404


def test_no_suitable_substitute_shows_plainly_and_the_seat_is_vacant_on_the_meeting(world, sign_in):
    for person in (world["first"], world["second"]):
        record_unavailability(person, person, starts_on=TODAY, plan=False)
    record_unavailability(
        world["secretary"], world["absent"], starts_on=TODAY, note=NOTE, consent_noted=True
    )
    db.session.commit()
    need = db.session.scalars(
        sa.select(CoverNeed).where(CoverNeed.meeting_id == world["today"].id)
    ).one()
    client = sign_in(world["secretary"])
    page = page_text(client.get(path("governors.cover.need", need_id=need.id)))
    assert "No suitable substitute" in page
    assert "The service user governor seat is vacant for this meeting" in page
    home = page_text(client.get(path("governors.home")))
    assert "the service user governor seat is vacant" in home
    member = sign_in(world["chair"])
    meeting_page = page_text(
        member.get(path("governors.meetings.detail", meeting_id=world["today"].id))
    )
    assert "The service user governor seat is vacant for this meeting" in meeting_page
    assert NOTE not in meeting_page
    agenda = member.get(path("governors.agendas.show", meeting_id=world["today"].id))
    assert "The service user governor seat is vacant for this meeting" in page_text(agenda)


def test_the_secretary_marks_a_seat_vacant_and_the_chair_is_told(world, away, sign_in):
    client = sign_in(world["secretary"])
    response = client.post(path("governors.cover.vacant", need_id=away.id))
    assert response.status_code == 302
    assert db.session.get(CoverNeed, away.id).status == CoverStatus.VACANT
    told = db.session.scalars(
        sa.select(OutboxMessage.subject).where(OutboxMessage.to_address == world["chair"].email)
    ).all()
    assert any("seat is vacant" in subject for subject in told)


def test_others_may_not_arrange_cover(world, away, sign_in):
    client = sign_in(world["chair"])
    assert client.get(path("governors.cover.index")).status_code == 403
    assert client.get(path("governors.cover.need", need_id=away.id)).status_code == 403


def test_the_secretary_sets_a_bodys_notice_rule_and_it_shows_on_its_page(world, sign_in):
    body = world["body"]
    client = sign_in(world["secretary"])
    form = page_text(client.get(path("governors.bodies.edit", body_id=body.id)))
    assert "By when must it be told who stands in for a member?" in form
    data = {
        "name": body.name,
        "kind": "committee",
        "parent_id": str(bodies.council().id),
        "remit": body.remit,
        "open_to_public": "no",
        "quorum_share": "1/3",
        "quorum_minimum": "0",
        "quorum_elected_minimum": "0",
        "chair_casting_vote": "y",
        "substitute_notice": "noon_two_working_days",
    }
    response = client.post(path("governors.bodies.edit", body_id=body.id), data=data)
    assert response.status_code == 302, page_text(response)
    assert db.session.get(type(body), body.id).substitute_notice == "noon_two_working_days"
    page = page_text(client.get(path("governors.bodies.detail", body_id=body.id)))
    assert "Substitutes must be named By noon two working days before the meeting" in page
    refused = client.post(
        path("governors.bodies.edit", body_id=body.id), data={**data, "substitute_notice": "x"}
    )
    assert "Choose by when the body must be told who stands in" in page_text(refused)


def test_the_period_page_lists_what_it_touches_with_links_for_the_secretary(world, away, sign_in):
    factories.BuddyPairFactory(governor=world["absent"], buddy=world["public"])
    db.session.commit()
    period = away.period
    client = sign_in(world["secretary"])
    page = client.get(path("governors.availability.period", period_id=period.id))
    text = page_text(page)
    assert "What this affects" in text
    assert "Council of Governors meeting" in text and "The Council takes no substitutes" in text
    assert "The service user governor seat on the Experience Committee (a required seat)" in text
    assert "Meetings with Dev Patel" in text
    assert path("governors.cover.need", need_id=away.id) in page.get_data(as_text=True)
    own = sign_in(world["absent"])
    page = own.get(path("governors.availability.period", period_id=period.id))
    assert "What this affects" in page_text(page)
    assert "/cover/needs/" not in page.get_data(as_text=True)
