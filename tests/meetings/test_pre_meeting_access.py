"""A governors' pre-meeting is for governors only, by every route: pages, PDFs, papers,
calendars, emails, lists and the home page. Non-executive directors and trust officers
are refused it, and governors get all of it."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from icalendar import Calendar
from pypdf import PdfReader
from werkzeug.datastructures import FileStorage

from governors.agendas import services as agendas
from governors.documents import services as documents
from governors.extensions import db
from governors.outbox.models import OutboxMessage
from governors.people.models import Role
from tests import factories
from tests.meetings.helpers import NOTES, TODAY, VIDEO, page_text, path

pytestmark = pytest.mark.clock(TODAY)

PUBLIC_TITLE = "Questions for the non-executive directors"
PRIVATE_TITLE = "Governors' views on the chair's appraisal"


@pytest.fixture
def pre_meeting(app):
    """Thursday 14 January 2027 at 10:00, online, with its agenda published."""
    secretary = factories.secretary()
    meeting = factories.MeetingFactory(
        kind="pre_meeting",
        starts_at=datetime(2027, 1, 14, 10, 0, tzinfo=UTC),
        duration_minutes=90,
        place=None,
        video_link=VIDEO,
        notes=NOTES,
    )
    paper = documents.store_upload(
        secretary,
        FileStorage(stream=io.BytesIO(b"%PDF-1.4\n%%EOF\n"), filename="Questions.pdf"),
    )
    agendas.add_item(secretary, meeting, part="public", title=PUBLIC_TITLE, papers=[paper])
    agendas.add_item(secretary, meeting, part="private", title=PRIVATE_TITLE)
    agendas.publish(secretary, meeting, notify=False)
    db.session.commit()
    return meeting, paper


def _routes(meeting, paper) -> dict[str, str]:
    return {
        "meeting page": path("governors.meetings.detail", meeting_id=meeting.id),
        "calendar file": path("governors.meetings.download", meeting_id=meeting.id),
        "agenda": path("governors.agendas.show", meeting_id=meeting.id),
        "agenda version 1": path("governors.agendas.version", meeting_id=meeting.id, number=1),
        "full PDF": path("governors.agendas.pdf_full", meeting_id=meeting.id),
        "paper": path("governors.documents.download", document_id=paper.id),
    }


def _ned():
    return factories.UserFactory(roles=[Role.NED], name="Nadia Director")


def _officer():
    return factories.UserFactory(roles=[Role.OFFICER], name="Owen Officer")


def test_a_director_is_refused_the_pre_meetings_agenda_full_pdf_and_paper(
    client, sign_in, pre_meeting
):
    meeting, paper = pre_meeting
    sign_in(_ned())
    for url in (
        path("governors.agendas.show", meeting_id=meeting.id),
        path("governors.agendas.pdf_full", meeting_id=meeting.id),
        path("governors.documents.download", document_id=paper.id),
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "You do not have permission to see this page" in page_text(response)
        assert PRIVATE_TITLE.encode() not in response.data


def test_an_officer_is_refused_the_pre_meetings_paper_page_and_calendar_file(
    client, sign_in, pre_meeting
):
    meeting, paper = pre_meeting
    sign_in(_officer())
    for url in (
        path("governors.documents.download", document_id=paper.id),
        path("governors.meetings.detail", meeting_id=meeting.id),
        path("governors.meetings.download", meeting_id=meeting.id),
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "You do not have permission to see this page" in page_text(response)
        assert VIDEO.encode() not in response.data
        assert NOTES.encode() not in response.data


@pytest.mark.parametrize("person", [_ned, _officer])
def test_directors_and_officers_are_refused_every_pre_meeting_route(
    client, sign_in, pre_meeting, person
):
    meeting, paper = pre_meeting
    sign_in(person())
    for name, url in _routes(meeting, paper).items():
        with client.get(url) as response:
            assert response.status_code == 403, name


@pytest.mark.parametrize(
    "roles", [(), (Role.LEAD_GOVERNOR,), (Role.NED,)], ids=["governor", "lead", "also a director"]
)
def test_governors_get_every_pre_meeting_route(client, sign_in, pre_meeting, roles):
    meeting, paper = pre_meeting
    sign_in(factories.governor(roles=roles))
    routes = _routes(meeting, paper)
    for name, url in routes.items():
        with client.get(url) as response:
            assert response.status_code == 200, name
    page = client.get(routes["meeting page"])
    assert "Governors' pre-meeting" in page_text(page)
    assert VIDEO in page.get_data(as_text=True)
    assert NOTES in page_text(page)
    agenda = page_text(client.get(routes["agenda"]))
    assert PUBLIC_TITLE in agenda and PRIVATE_TITLE in agenda
    full_pdf = client.get(routes["full PDF"])
    assert full_pdf.mimetype == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(full_pdf.data)).pages)
    assert "appraisal" in text
    calendar = Calendar.from_ical(client.get(routes["calendar file"]).data)
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Governors' pre-meeting"
    assert VIDEO in str(event["DESCRIPTION"])
    with client.get(routes["paper"]) as paper_response:
        assert "Questions.pdf" in paper_response.headers["Content-Disposition"]


def test_the_public_gets_no_pre_meeting_page_at_all(client, pre_meeting):
    meeting, paper = pre_meeting
    for url in (
        path("governors.agendas.public", meeting_id=meeting.id),
        path("governors.agendas.pdf_public", meeting_id=meeting.id),
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Page not found" in page_text(response)
    for name, url in _routes(meeting, paper).items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert path("governors.auth.sign_in") in response.headers["Location"]


def test_publishing_a_pre_meetings_agenda_emails_governors_only(app):
    secretary = factories.secretary()
    governor = factories.governor(name="Gill Governor")
    lead = factories.governor(roles=(Role.LEAD_GOVERNOR,))
    ned = _ned()
    officer = _officer()
    meeting = factories.MeetingFactory(kind="pre_meeting")
    agendas.add_item(secretary, meeting, part="private", title=PRIVATE_TITLE)
    agendas.publish(secretary, meeting)
    messages = {m.to_address: m for m in db.session.scalars(sa.select(OutboxMessage))}
    assert governor.email in messages and lead.email in messages
    assert messages[governor.email].subject.startswith("Agenda published: Governors' pre-meeting")
    assert ned.email not in messages
    assert officer.email not in messages


@pytest.mark.parametrize("person", [_ned, _officer])
def test_meeting_lists_home_page_and_feed_leave_the_pre_meeting_out(
    client, sign_in, pre_meeting, person
):
    council = factories.MeetingFactory(starts_at=datetime(2027, 1, 21, 14, 0, tzinfo=UTC))
    someone = person()
    db.session.commit()
    sign_in(someone)
    calendar = client.get(path("governors.meetings.calendar"))
    assert calendar.status_code == 200
    assert path("governors.meetings.detail", meeting_id=council.id) in calendar.text
    assert "Governors' pre-meeting" not in page_text(calendar)
    home = client.get(path("governors.home"))
    assert home.status_code == 200
    assert "Council of Governors meeting" in page_text(home)
    assert "Governors' pre-meeting" not in page_text(home)
    client.post(path("governors.meetings.subscription_new"))
    db.session.refresh(someone)
    feed = client.get(path("governors.meetings.personal_feed", token=someone.calendar_token))
    summaries = [str(e["SUMMARY"]) for e in Calendar.from_ical(feed.data).walk("VEVENT")]
    assert summaries == ["Council of Governors meeting"]


def test_a_governors_lists_home_page_and_feed_show_the_pre_meeting(client, sign_in, pre_meeting):
    meeting, _ = pre_meeting
    factories.MeetingFactory(starts_at=datetime(2027, 1, 21, 14, 0, tzinfo=UTC))
    governor = factories.governor()
    db.session.commit()
    sign_in(governor)
    calendar = client.get(path("governors.meetings.calendar"))
    assert path("governors.meetings.detail", meeting_id=meeting.id) in calendar.text
    assert "Governors' pre-meeting" in page_text(calendar)
    assert "Governors' pre-meeting" in page_text(client.get(path("governors.home")))
    client.post(path("governors.meetings.subscription_new"))
    db.session.refresh(governor)
    feed = client.get(path("governors.meetings.personal_feed", token=governor.calendar_token))
    summaries = [str(e["SUMMARY"]) for e in Calendar.from_ical(feed.data).walk("VEVENT")]
    assert summaries == ["Governors' pre-meeting", "Council of Governors meeting"]
