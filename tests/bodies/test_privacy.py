"""A committee's private business reaches its members and the secretary only, by every
route: pages, PDFs, calendar feeds, emails and papers. Checked with planted canary texts."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader
from werkzeug.datastructures import FileStorage

from governors.agendas import services as agendas
from governors.documents import services as documents
from governors.extensions import db
from governors.meetings import services as meetings
from governors.outbox.models import OutboxMessage
from governors.people.models import Role
from tests import factories
from tests.meetings.helpers import page_text, path

pytestmark = pytest.mark.clock(datetime(2027, 1, 4, 10, 0, tzinfo=UTC))

CANARY = "Canary shortlist: candidate B withdrew for health reasons"
PAPER = "Canary interview scores.pdf"
PUBLIC_ITEM = "Timetable for the recruitment"


@pytest.fixture
def panel(app):
    """A closed recruitment panel with a private item and paper on its published agenda."""
    people = {
        "secretary": factories.secretary(),
        "member": factories.governor(constituency="service_user"),
        "officer_member": factories.UserFactory(roles=[Role.OFFICER]),
        "other_governor": factories.governor(),
        "lead_governor": factories.governor(roles=(Role.LEAD_GOVERNOR,)),
        "chair": factories.chair(),
        "ned": factories.UserFactory(roles=[Role.NED]),
        "officer": factories.UserFactory(roles=[Role.OFFICER]),
    }
    body = factories.BodyFactory(name="Recruitment Panel", kind="panel", open_to_public=False)
    factories.MembershipFactory(body=body, user=people["member"], role="chair")
    factories.MembershipFactory(body=body, user=people["officer_member"], role="in_attendance")
    meeting = factories.MeetingFactory(
        body=body, starts_at=datetime(2027, 2, 10, 10, 0, tzinfo=UTC)
    )
    secretary = people["secretary"]
    paper = documents.store_upload(
        secretary, FileStorage(stream=io.BytesIO(b"%PDF-1.4\n%%EOF\n"), filename=PAPER)
    )
    agendas.add_item(secretary, meeting, part="public", title=PUBLIC_ITEM, minutes_allowed=10)
    agendas.add_item(
        secretary, meeting, part="private", title=CANARY, minutes_allowed=30, papers=[paper]
    )
    agendas.publish(secretary, meeting)
    meetings.new_calendar_token(people["other_governor"], people["other_governor"])
    meetings.new_calendar_token(people["member"], people["member"])
    db.session.flush()
    return people, body, meeting, paper


def _routes(body, meeting, paper):
    return {
        "meeting page": path("governors.meetings.detail", meeting_id=meeting.id),
        "agenda": path("governors.agendas.show", meeting_id=meeting.id),
        "version 1": path("governors.agendas.version", meeting_id=meeting.id, number=1),
        "full PDF": path("governors.agendas.pdf_full", meeting_id=meeting.id),
        "public PDF": path("governors.agendas.pdf_public", meeting_id=meeting.id),
        "public agenda": path("governors.agendas.public", meeting_id=meeting.id),
        "paper": path("governors.documents.download", document_id=paper.id),
        "calendar file": path("governors.meetings.download", meeting_id=meeting.id),
        "body page": path("governors.bodies.detail", body_id=body.id),
        "body feed": path("governors.bodies.feed", body_id=body.id),
        "calendar": path("governors.meetings.calendar"),
        "home": path("governors.home"),
        "public meetings": path("governors.meetings.public_list"),
        "public feed": path("governors.meetings.public_feed"),
    }


def _leaks(client, routes) -> dict[str, int]:
    found = {}
    for name, url in routes.items():
        response = client.get(url)
        response.close()
        text = response.get_data(as_text=response.mimetype != "application/pdf")
        if response.mimetype == "application/pdf":
            text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(text)).pages)
        if CANARY in text or PAPER in text:
            found[name] = response.status_code
    return found


@pytest.mark.parametrize(
    "who", ["other_governor", "lead_governor", "chair", "ned", "officer", None]
)
def test_no_one_off_the_panel_learns_its_private_business_by_any_route(panel, client, sign_in, who):
    people, body, meeting, paper = panel
    if who is not None:
        sign_in(people[who])
    routes = _routes(body, meeting, paper)
    assert _leaks(client, routes) == {}
    # The full PDF and the private paper are refused outright.
    for name in ("full PDF", "paper"):
        # (Someone not signed in is sent to sign in.)
        refused = client.get(routes[name])
        refused.close()
        assert refused.status_code in (302, 403, 404), name
    if who in ("other_governor", "lead_governor", "chair", "ned"):
        # Governors and directors may see that the panel meets, and its public part.
        agenda = page_text(client.get(routes["agenda"]))
        assert PUBLIC_ITEM in agenda
        assert "Recruitment Panel meeting" in page_text(client.get(routes["meeting page"]))
    else:
        # Officers who are not on it, and the public, see nothing of a closed panel.
        assert client.get(routes["agenda"]).status_code in (302, 403, 404)
        assert client.get(routes["public agenda"]).status_code == 404


def test_the_panels_members_and_the_secretary_see_its_private_part(panel, client, sign_in):
    people, _, meeting, paper = panel
    for who in ("member", "officer_member", "secretary"):
        sign_in(people[who])
        assert CANARY in page_text(
            client.get(path("governors.agendas.show", meeting_id=meeting.id))
        )
        download = client.get(path("governors.documents.download", document_id=paper.id))
        assert download.status_code == 200
        download.close()
        client.post(path("governors.auth.sign_out"))


def test_the_publish_email_goes_to_the_panel_and_the_secretary_only(panel):
    people, _, _, _ = panel
    addressed = {m.to_address for m in db.session.query(OutboxMessage)}
    assert addressed == {people[w].email for w in ("member", "officer_member", "secretary")}
    for message in db.session.query(OutboxMessage):
        assert CANARY not in message.subject


def test_personal_feeds_carry_the_panel_for_its_members_only(panel, client):
    people, _, _, _ = panel
    member_feed = client.get(
        path("governors.meetings.personal_feed", token=people["member"].calendar_token)
    ).get_data(as_text=True)
    other_feed = client.get(
        path("governors.meetings.personal_feed", token=people["other_governor"].calendar_token)
    ).get_data(as_text=True)
    assert "Recruitment Panel meeting" in member_feed
    assert "Recruitment Panel meeting" not in other_feed
    assert CANARY not in member_feed


def test_a_committee_open_to_the_public_shows_its_public_part_to_anyone(app, client):
    secretary = factories.secretary()
    body = factories.BodyFactory(name="Membership and Engagement Committee", open_to_public=True)
    meeting = factories.MeetingFactory(body=body, starts_at=datetime(2027, 2, 3, 14, 0, tzinfo=UTC))
    agendas.add_item(
        secretary, meeting, part="public", title="Annual members' survey", minutes_allowed=20
    )
    agendas.add_item(secretary, meeting, part="private", title=CANARY, minutes_allowed=10)
    agendas.publish(secretary, meeting, notify=False)
    public = page_text(client.get(path("governors.agendas.public", meeting_id=meeting.id)))
    assert "Annual members' survey" in public
    assert CANARY not in public
    listing = page_text(client.get(path("governors.meetings.public_list")))
    assert "Membership and Engagement Committee meeting" in listing
    feed = client.get(path("governors.meetings.public_feed")).get_data(as_text=True)
    assert "Membership and Engagement Committee meeting" in feed
    body_feed = client.get(path("governors.bodies.feed", body_id=body.id)).get_data(as_text=True)
    assert "Membership and Engagement Committee meeting" in body_feed
    pdf = client.get(path("governors.agendas.pdf_public", meeting_id=meeting.id))
    assert pdf.status_code == 200
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.get_data())).pages)
    assert "Annual members' survey" in text
    assert CANARY not in text
