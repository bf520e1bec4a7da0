"""The public front door: a signed-out visitor at ``/`` finds how to come to the next
meeting, and each public meeting has its own page. Nothing private ever shows."""

from __future__ import annotations

from datetime import UTC, date, datetime
from io import BytesIO

import pytest
from werkzeug.datastructures import FileStorage

from governors.agendas import services as agendas
from governors.council.models import DEFAULTS, CouncilSettings
from governors.documents import services as documents
from governors.extensions import db
from governors.minutes import services as minutes
from governors.minutes.services import MinuteText
from tests import factories
from tests.meetings.helpers import page_text, path

# Tuesday 5 January 2027, noon in London.
NOW = datetime(2027, 1, 5, 12, 0, tzinfo=UTC)
# Planted in everything the public must never see.
CANARY = "CANARY-7f3a"
PLACE = "Boardroom, Trust Headquarters, 1 Riverside Way, Northshire NS1 4RW"
ACCESS = "Step-free entrance by the car park. The room has a hearing loop."
CONTACT = {
    "contact_email": "governors@northshire.example.org",
    "contact_phone": "01632 960 123",
    "postal_address": "Governors' Office\nTrust Headquarters\nNorthshire NS1 4RW",
    "access_info": "The usual access words.",
    "joining_online": "Email us by noon the day before and we will send you the link.",
    "asking_questions": "Send us your question three working days before the meeting.",
}

pytestmark = pytest.mark.clock(NOW)


def _settings(**values: object) -> CouncilSettings:
    settings = CouncilSettings(id=1, **(DEFAULTS | CONTACT | values))
    db.session.add(settings)
    db.session.flush()
    return settings


def _paper(secretary, name: str):
    return documents.store_upload(
        secretary, FileStorage(stream=BytesIO(b"%PDF-1.4\n%%EOF\n"), filename=name)
    )


@pytest.fixture
def world(app) -> dict[str, object]:
    """A Council meeting on Thursday 21 January 2027 with a published agenda (a public item
    with a paper, and a private item), and before it: a governors' pre-meeting, a closed
    committee's meeting and a cancelled public meeting, all marked with the canary."""
    _settings()
    secretary = factories.secretary()
    meeting = factories.MeetingFactory(
        starts_at=datetime(2027, 1, 21, 14, 0, tzinfo=UTC),
        place=PLACE,
        video_link=f"https://teams.microsoft.com/l/meetup-join/{CANARY}",
        notes=f"Members' notes {CANARY}",
        access_info=ACCESS,
    )
    agendas.add_item(
        secretary,
        meeting,
        part="public",
        title="Quality and safety report",
        presenter="Dr Asha Patel, Medical Director",
        papers=[_paper(secretary, "Quality report.pdf")],
    )
    agendas.add_item(
        secretary,
        meeting,
        part="private",
        title=f"Contract award {CANARY}",
        papers=[_paper(secretary, f"Private {CANARY}.pdf")],
    )
    agendas.publish(secretary, meeting, notify=False)
    pre = factories.MeetingFactory(
        kind="pre_meeting",
        starts_at=datetime(2027, 1, 14, 10, 0, tzinfo=UTC),
        place=f"Room {CANARY}",
        notes=f"Pre-meeting {CANARY}",
    )
    closed = factories.BodyFactory(name=f"Remuneration {CANARY} Committee", open_to_public=False)
    committee = factories.MeetingFactory(
        body=closed, starts_at=datetime(2027, 1, 12, 10, 0, tzinfo=UTC)
    )
    cancelled = factories.MeetingFactory(
        starts_at=datetime(2027, 1, 7, 14, 0, tzinfo=UTC),
        cancelled_at=datetime(2027, 1, 2, 9, 0, tzinfo=UTC),
    )
    db.session.commit()
    return {
        "secretary": secretary,
        "meeting": meeting,
        "pre": pre,
        "committee": committee,
        "cancelled": cancelled,
    }


def test_a_signed_out_visitor_at_home_finds_how_to_come_to_the_next_meeting(client, world):
    response = client.get("/")
    assert response.status_code == 200
    text = page_text(response)
    assert "Come to our next meeting" in text
    assert "Council of Governors meeting" in text
    assert "Date Thursday 21 January 2027" in text
    assert "Time 14:00 to 16:30" in text
    assert f"Place {PLACE}" in text
    assert f"Access {ACCESS}" in text
    assert f"Join online {CONTACT['joining_online']}" in text
    assert f"Ask a question {CONTACT['asking_questions']}" in text
    html = response.get_data(as_text=True)
    assert path("governors.public.meeting", meeting_id=world["meeting"].id) in html
    assert path("governors.auth.sign_in") in html


def test_the_front_page_lists_agendas_governors_and_the_contact(client, world):
    factories.governor(name="Ada Lovelace")
    su = factories.governor(name="Sam Okoro", constituency="service_user")
    su.governor_profile.area = f"Ward {CANARY}"
    db.session.commit()
    response = client.get(path("governors.public.front"))
    text = page_text(response)
    html = response.get_data(as_text=True)
    assert path("governors.agendas.public", meeting_id=world["meeting"].id) in html
    assert path("governors.agendas.pdf_public", meeting_id=world["meeting"].id) in html
    assert "Public governors" in text and "Ada Lovelace, Northshire" in text
    assert "Service user governors Sam Okoro" in text
    assert "Email: governors@northshire.example.org" in text
    assert 'href="mailto:governors@northshire.example.org"' in html
    assert 'href="tel:01632960123"' in html
    assert "Governors&#39; Office<br>Trust Headquarters<br>Northshire NS1 4RW" in html


def test_signed_in_people_keep_their_own_home_page(client, sign_in, world):
    sign_in(factories.governor(name="Alex Governor"))
    text = page_text(client.get("/"))
    assert "Welcome, Alex Governor" in text
    assert "Come to our next meeting" not in text
    # The public page is still there for them to check.
    assert "Come to our next meeting" in page_text(client.get(path("governors.public.front")))


def test_nothing_private_reaches_the_public_pages(client, world):
    su = factories.governor(name="Sam Okoro", constituency="service_user")
    su.governor_profile.area = f"Ward {CANARY}"
    gone = factories.governor(name=f"Left {CANARY}")
    gone.active = False
    ended = factories.governor(name=f"Ended {CANARY}")
    ended.governor_profile.term_start = date(2021, 4, 1)
    ended.governor_profile.term_end = date(2024, 3, 31)
    db.session.commit()
    pages = [
        client.get("/"),
        client.get(path("governors.public.front")),
        client.get(path("governors.public.meeting", meeting_id=world["meeting"].id)),
        client.get(path("governors.meetings.public_list")),
    ]
    for response in pages:
        assert response.status_code == 200
        body = response.get_data(as_text=True)
        assert CANARY not in body, response.request.path
        assert "Governors' pre-meeting" not in body
        assert "teams.microsoft.com" not in body


def test_a_public_meetings_page_shows_how_to_come_and_its_public_agenda(client, world):
    meeting = world["meeting"]
    response = client.get(path("governors.public.meeting", meeting_id=meeting.id))
    assert response.status_code == 200
    text = page_text(response)
    assert text.startswith("Council of Governors meeting, 21 Jan 2027")
    assert "Thursday 21 January 2027, 14:00 to 16:30" in text
    assert f"Place {PLACE}" in text and f"Access {ACCESS}" in text
    assert f"Join online {CONTACT['joining_online']}" in text
    assert "This is version 1." in text
    assert "Quality and safety report" in text
    assert "Led by Dr Asha Patel, Medical Director." in text
    assert "The meeting also has a private part. It is closed to the public." in text
    html = response.get_data(as_text=True)
    assert "<h3>" in html and "Quality and safety report</h3>" in html
    assert "Paper: Quality report.pdf" in text
    paper = next(
        paper
        for entry in agendas.latest_version(meeting).frozen.public_items
        for paper in entry["papers"]
    )
    assert path("governors.documents.download", document_id=paper["id"]) in html
    # The paper really is open to the public.
    download = client.get(path("governors.documents.download", document_id=paper["id"]))
    assert download.status_code == 200
    download.close()


def test_a_public_link_is_shown_in_place_of_the_councils_words(client, world):
    world["meeting"].public_link = "https://www.youtube.com/@northshire/live"
    db.session.commit()
    response = client.get(path("governors.public.meeting", meeting_id=world["meeting"].id))
    html = response.get_data(as_text=True)
    assert 'href="https://www.youtube.com/@northshire/live"' in html
    assert "Watch or join this meeting online" in page_text(response)
    assert CONTACT["joining_online"] not in page_text(response)


def test_a_meeting_only_in_person_says_so(client, world):
    world["meeting"].video_link = None
    db.session.commit()
    text = page_text(client.get(path("governors.public.meeting", meeting_id=world["meeting"].id)))
    assert "Join online This meeting is in person only." in text


@pytest.mark.parametrize("which", ["pre", "committee"])
def test_a_meeting_not_held_in_public_is_not_found(client, sign_in, world, which):
    meeting = world[which]
    response = client.get(path("governors.public.meeting", meeting_id=meeting.id))
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert "Page not found" in body and CANARY not in body
    unknown = client.get(path("governors.public.meeting", meeting_id=999_999))
    assert unknown.status_code == 404
    # The same for a member who may see the meeting elsewhere: this page is the public's.
    sign_in(world["secretary"])
    assert client.get(path("governors.public.meeting", meeting_id=meeting.id)).status_code == 404


def test_a_cancelled_meeting_says_so_and_is_not_the_next_one(client, world):
    cancelled = world["cancelled"]
    text = page_text(client.get(path("governors.public.meeting", meeting_id=cancelled.id)))
    assert "This meeting is cancelled" in text
    assert "How to come" not in text
    front = page_text(client.get("/"))
    assert "Date Thursday 21 January 2027" in front
    assert "Thursday 7 January 2027" not in front


def test_with_no_meeting_ahead_the_page_says_so_and_the_contact_stays(client, app):
    _settings(contact_email=None, contact_phone=None, postal_address=None)
    text = page_text(client.get("/"))
    assert "We have not set a date for the next public meeting yet." in text
    assert "We will add our contact details here soon." in text
    assert "No agendas or minutes are out yet." in text


def test_without_settings_saved_the_page_uses_plain_defaults(client, app):
    factories.MeetingFactory(starts_at=datetime(2027, 1, 21, 14, 0, tzinfo=UTC), place=PLACE)
    db.session.commit()
    text = page_text(client.get("/"))
    assert "Tell us before the day if you need help to take part." in text
    assert "You can ask the governors a question." in text


def _minute_and_approve(secretary, earlier, later) -> None:
    for meeting in (earlier, later):
        agendas.add_standing_items(secretary, meeting)
    for item in agendas.items_for(earlier)[:2]:
        minutes.save_minute(
            secretary, item, MinuteText(discussion="Discussed.", decisions="Noted."), revision=None
        )
    minutes.circulate(secretary, earlier, notify=False)
    minutes.approve(secretary, earlier, later, "true_record")


def test_approved_minutes_are_linked_from_the_meeting_and_the_front_page(client, world):
    secretary = world["secretary"]
    earlier = factories.MeetingFactory(starts_at=datetime(2026, 11, 19, 14, 0, tzinfo=UTC))
    later = factories.MeetingFactory(starts_at=datetime(2026, 12, 17, 14, 0, tzinfo=UTC))
    _minute_and_approve(secretary, earlier, later)
    db.session.commit()
    pdf = path("governors.minutes.pdf_public", meeting_id=earlier.id)
    response = client.get(path("governors.public.meeting", meeting_id=earlier.id))
    assert "This meeting has taken place." in page_text(response)
    assert pdf in response.get_data(as_text=True)
    assert pdf in client.get("/").get_data(as_text=True)
    waiting = page_text(client.get(path("governors.public.meeting", meeting_id=later.id)))
    assert "The minutes are not ready yet." in waiting


def test_the_public_list_links_to_each_meetings_page(client, world):
    html = client.get(path("governors.meetings.public_list")).get_data(as_text=True)
    assert path("governors.public.meeting", meeting_id=world["meeting"].id) in html
    assert path("governors.public.meeting", meeting_id=world["cancelled"].id) in html
