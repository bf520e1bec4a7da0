"""A published version is frozen: moving the meeting or renaming the council changes none of
its pages or PDFs, and a PDF download is the file stored at publishing."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time

import pytest
import sqlalchemy as sa
import weasyprint

from governors.agendas import services
from governors.agendas.models import AgendaVersion
from governors.council.models import DEFAULTS
from governors.council.services import save_settings
from governors.extensions import db
from governors.meetings.models import MeetingKind
from governors.meetings.services import MeetingDetails, update_meeting
from tests import factories
from tests.agendas.conftest import add
from tests.agendas.test_pdf import read, text_of
from tests.agendas.test_viewing import PRIVATE_TITLE, build_and_publish, publish

BEFORE_PUBLISHING = datetime(2027, 1, 5, 12, 0, tzinfo=UTC)
# The notice on a version's page when the meeting has moved since it was published.
MOVED = "of this meeting has changed since"

OLD = {
    "date": "Thursday 21 January 2027",
    "place": "Boardroom, Trust Headquarters",
    # The chief executive's report follows the four standing items (25 minutes).
    "item time": "14:25",
    "council": "Northshire Council of Governors",
}
NEW = {
    "date": "Thursday 28 January 2027",
    "place": "Seminar room 2, Northshire Hospital",
    "item time": "10:25",
    "council": "Westshire Council of Governors",
}


def name_council(secretary, council_name: str) -> None:
    trust = council_name.replace("Council of Governors", "NHS Foundation Trust")
    save_settings(secretary, DEFAULTS | {"council_name": council_name, "trust_name": trust})
    db.session.commit()


def move(secretary, meeting, **changes) -> None:
    details = {
        "kind": MeetingKind(meeting.kind),
        "day": date(2027, 1, 28),
        "start": time(10, 0),
        "end": time(12, 30),
        "place": NEW["place"],
    } | changes
    assert update_meeting(secretary, meeting, MeetingDetails(**details))
    db.session.commit()


def main_of(response) -> str:
    """The page's own content, without the site's header and footer (which name the council
    as it is now, as every page of the site does)."""
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    return page[page.index('id="maincontent"') : page.index("</main>")]


def assert_shows(text: str, expected: dict[str, str], absent: dict[str, str]) -> None:
    for name, value in expected.items():
        assert value in text, name
    for name, value in absent.items():
        assert value not in text, name


def pdf_text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    return text_of(read(response.data))


@pytest.mark.clock(BEFORE_PUBLISHING)
def test_moving_the_meeting_and_renaming_the_council_leave_version_1_as_published(
    client, sign_in, secretary, meeting
):
    name_council(secretary, OLD["council"])
    build_and_publish(secretary, meeting)
    move(secretary, meeting)
    name_council(secretary, NEW["council"])
    public_pdf = f"/agendas/{meeting.id}/agenda-public.pdf"
    full_pdf = f"/agendas/{meeting.id}/agenda-full.pdf"

    public_page = main_of(client.get(f"/agendas/{meeting.id}/public"))
    assert_shows(public_page, OLD, NEW)
    assert MOVED in public_page
    assert_shows(pdf_text(client, public_pdf), OLD | {"times": "14:00 to 16:30"}, NEW)

    sign_in(factories.governor())
    member_page = main_of(client.get(f"/agendas/{meeting.id}"))
    assert_shows(member_page, OLD | {"private item": PRIVATE_TITLE}, NEW)
    assert MOVED in member_page
    full_text = pdf_text(client, full_pdf)
    assert_shows(full_text, OLD | {"private item": PRIVATE_TITLE}, NEW)

    publish(secretary, meeting, "Moved to 28 January in the seminar room")

    public_page = main_of(client.get(f"/agendas/{meeting.id}/public"))
    assert_shows(public_page, NEW, OLD)
    assert MOVED not in public_page
    assert_shows(pdf_text(client, public_pdf), NEW | {"times": "10:00 to 12:30"}, OLD)
    assert_shows(pdf_text(client, full_pdf), NEW | {"version": "Agenda version 2"}, OLD)

    # The latest version shows the new details, and says what changed from the old ones.
    latest = main_of(client.get(f"/agendas/{meeting.id}"))
    assert_shows(latest, NEW, {})
    assert MOVED not in latest
    assert "Date changed from Thursday 21 January 2027 to Thursday 28 January 2027" in latest
    assert "Start time changed from 14:00 to 10:00" in latest
    assert "End time changed from 16:30 to 12:30" in latest
    assert f"Place changed from {OLD['place']} to {NEW['place']}" in latest
    assert f"Council name changed from {OLD['council']} to {NEW['council']}" in latest

    # Version 1 is still there as it was published, page and PDF.
    assert_shows(main_of(client.get(f"/agendas/{meeting.id}/versions/1")), OLD, NEW)
    assert_shows(pdf_text(client, f"{full_pdf}?version=1"), OLD, NEW)


@pytest.mark.clock(BEFORE_PUBLISHING)
def test_a_changed_video_link_is_told_to_members_but_not_to_the_public(
    client, sign_in, secretary, meeting
):
    meeting.video_link = "https://meet.example.org/council-room-1"
    db.session.commit()
    build_and_publish(secretary, meeting)
    move(
        secretary,
        meeting,
        day=date(2027, 1, 21),
        start=time(14, 0),
        end=time(16, 30),
        place=OLD["place"],
        video_link="https://meet.example.org/council-room-2",
    )

    public_page = main_of(client.get(f"/agendas/{meeting.id}/public"))
    assert OLD["date"] in public_page
    assert MOVED not in public_page
    assert "council-room" not in public_page

    sign_in(factories.governor())
    member_page = main_of(client.get(f"/agendas/{meeting.id}"))
    assert "council-room-1" in member_page and "council-room-2" not in member_page
    assert MOVED in member_page


@pytest.mark.clock(BEFORE_PUBLISHING)
def test_a_new_place_alone_can_be_published_as_the_next_version(
    client, sign_in, secretary, meeting
):
    build_and_publish(secretary, meeting)
    move(secretary, meeting, day=date(2027, 1, 21), start=time(14, 0), end=time(16, 30))
    latest = services.latest_version(meeting)
    sign_in(secretary)
    builder = main_of(client.get(f"/agendas/{meeting.id}/edit"))
    assert "Changes not published" in builder
    assert f"Place changed from {OLD['place']} to {NEW['place']}" in builder
    assert services.rules.has_unpublished_changes(
        services.current_snapshot(meeting), latest.snapshot
    )

    version = publish(secretary, meeting, "New room")

    assert version.number == 2
    assert version.frozen.meeting.place == NEW["place"]
    assert latest.frozen.meeting.place == OLD["place"]


@pytest.mark.clock(BEFORE_PUBLISHING)
def test_a_public_pdf_download_is_the_stored_file_and_makes_no_pdf(
    client, sign_in, secretary, meeting, monkeypatch
):
    version = build_and_publish(secretary, meeting)

    def no_pdf_making(*args, **kwargs):
        raise AssertionError("a download must not make a PDF")

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", no_pdf_making)
    response = client.get(f"/agendas/{meeting.id}/agenda-public.pdf")

    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert response.data == version.pdf_public
    assert response.headers["Content-Length"] == str(len(response.data))
    assert response.headers["Content-Disposition"] == (
        'inline; filename="agenda-council-of-governors-meeting-2027-01-21-v1-public.pdf"'
    )
    assert response.headers["Cache-Control"] == "public, no-cache"
    etag = response.headers["ETag"]
    assert etag == f'"{hashlib.sha256(response.data).hexdigest()}"'

    again = client.get(f"/agendas/{meeting.id}/agenda-public.pdf", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""

    sign_in(factories.governor())
    full = client.get(f"/agendas/{meeting.id}/agenda-full.pdf")
    assert full.status_code == 200
    assert full.mimetype == "application/pdf"
    assert full.data == version.pdf_full
    assert full.headers["Cache-Control"] == "private, no-store"
    assert "ETag" not in full.headers
    assert full.headers["Content-Disposition"].endswith('-v1-full-confidential.pdf"')


@pytest.mark.clock(BEFORE_PUBLISHING)
def test_the_stored_public_pdf_holds_no_private_item(secretary, meeting):
    build_and_publish(secretary, meeting)
    db.session.expire_all()
    version = db.session.scalars(sa.select(AgendaVersion)).one()

    assert PRIVATE_TITLE.encode() not in version.pdf_public
    public_text = text_of(read(version.pdf_public))
    assert "Quality and safety report" in public_text
    assert PRIVATE_TITLE not in public_text and "CONFIDENTIAL" not in public_text
    assert PRIVATE_TITLE in text_of(read(version.pdf_full))


@pytest.mark.clock(BEFORE_PUBLISHING)
def test_a_version_published_before_pdfs_were_kept_gets_each_made_once_and_kept(
    client, sign_in, secretary, meeting, monkeypatch
):
    version = build_and_publish(secretary, meeting)
    db.session.execute(
        sa.update(AgendaVersion)
        .where(AgendaVersion.id == version.id)
        .values(pdf_public=None, pdf_full=None)
    )
    db.session.commit()
    db.session.expire_all()

    first = client.get(f"/agendas/{meeting.id}/agenda-public.pdf")
    assert first.status_code == 200
    assert "Quality and safety report" in text_of(read(first.data))
    db.session.expire_all()
    stored = db.session.get(AgendaVersion, version.id)
    assert stored.pdf_public == first.data
    assert stored.pdf_full is None

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", lambda *a, **k: pytest.fail("made again"))
    second = client.get(f"/agendas/{meeting.id}/agenda-public.pdf")
    assert second.status_code == 200
    assert second.data == first.data


@pytest.mark.clock(BEFORE_PUBLISHING)
def test_a_version_published_for_a_pre_meeting_stays_private_when_the_meeting_is_made_public(
    client, sign_in, secretary
):
    meeting = factories.MeetingFactory(
        kind="pre_meeting", starts_at=datetime(2027, 1, 21, 12, 0, tzinfo=UTC)
    )
    add(secretary, meeting, "Questions for the non-executive directors")
    publish(secretary, meeting)
    move(secretary, meeting, kind=MeetingKind.ORDINARY)

    assert client.get(f"/agendas/{meeting.id}/public").status_code == 404
    assert client.get(f"/agendas/{meeting.id}/agenda-public.pdf").status_code == 404

    publish(secretary, meeting, "Now a Council meeting")
    page = main_of(client.get(f"/agendas/{meeting.id}/public"))
    assert "Questions for the non-executive directors" in page
    assert NEW["date"] in page
