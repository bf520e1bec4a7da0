"""Minutes PDFs: made from the frozen snapshot; the public edition has nothing of the
private part, the full edition has it and is marked confidential; the standing of the
minutes is on every page."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from governors.agendas import services as agendas
from governors.attendance import services as attendance
from governors.extensions import db
from governors.minutes import services
from governors.minutes.services import MinuteText
from governors.minutes.snapshot import SENSITIVE_INTEREST
from tests import factories
from tests.meetings.helpers import path

pytestmark = pytest.mark.clock(datetime(2027, 5, 5, 12, 0, tzinfo=UTC))
PRIVATE_TITLE = "Canary item: chief executive's severance terms"
PRIVATE_TEXT = "Canary minute: settlement of two years' salary"
PRIVATE_DECLARED = "Canary interest: brother-in-law of the chief executive"
APOLOGY_NOTE = "Canary note: my cancer treatment starts that week"


def _text(response) -> list[str]:
    reader = PdfReader(io.BytesIO(response.get_data()))
    return [page.extract_text() for page in reader.pages]


@pytest.fixture
def circulated(app):
    secretary = factories.secretary()
    ann, bola = factories.governor(name="Ann Able"), factories.governor(name="Bola Brown")
    carys = factories.governor(name="Carys Cole")
    meeting = factories.MeetingFactory(starts_at=datetime(2027, 5, 5, 10, 0, tzinfo=UTC))
    public = agendas.add_item(secretary, meeting, part="public", title="Annual members' survey")
    private = agendas.add_item(secretary, meeting, part="private", title=PRIVATE_TITLE)
    for person in (ann, bola):
        attendance.record_attendance(secretary, meeting, person, "present")
    entry = attendance.record_attendance(secretary, meeting, carys, "apologies")
    entry.message = APOLOGY_NOTE
    attendance.record_declaration(secretary, private, bola, PRIVATE_DECLARED, "left")
    services.save_minute(
        secretary, public, MinuteText(discussion="421 members replied."), revision=None
    )
    services.save_minute(secretary, private, MinuteText(discussion=PRIVATE_TEXT), revision=None)
    services.circulate(secretary, meeting, notify=False)
    db.session.commit()
    return secretary, ann, meeting


def test_the_public_minutes_have_no_private_material(circulated, client, sign_in):
    _, ann, meeting = circulated
    sign_in(ann)
    pages = _text(client.get(path("governors.minutes.pdf_public", meeting_id=meeting.id)))
    text = " ".join(pages)
    assert "421 members replied." in text and "Carys Cole" in text
    for secret in (PRIVATE_TITLE, PRIVATE_TEXT, PRIVATE_DECLARED, APOLOGY_NOTE, "CONFIDENTIAL"):
        assert secret not in text
    assert all("Draft \N{EN DASH} not yet approved" in page for page in pages)


def test_the_full_minutes_have_the_private_part_marked_confidential(circulated, client, sign_in):
    _, ann, meeting = circulated
    sign_in(ann)
    page = client.get(path("governors.meetings.detail", meeting_id=meeting.id)).get_data(
        as_text=True
    )
    assert "Download the full minutes" in page and "Read and comment on the draft" in page
    pages = _text(client.get(path("governors.minutes.pdf_full", meeting_id=meeting.id)))
    text = " ".join(pages)
    for shown in (PRIVATE_TITLE, PRIVATE_TEXT, PRIVATE_DECLARED):
        assert shown in text
    assert APOLOGY_NOTE not in text
    assert all("CONFIDENTIAL" in page for page in pages)


def test_the_public_gets_the_minutes_only_once_approved(circulated, client, sign_in):
    secretary, _, meeting = circulated
    url = path("governors.minutes.pdf_public", meeting_id=meeting.id)
    assert client.get(url).status_code == 302  # to sign in: still a draft
    later = factories.MeetingFactory(starts_at=datetime(2027, 5, 5, 11, 0, tzinfo=UTC))
    agendas.add_standing_items(secretary, later)
    services.approve(secretary, meeting, later, "true_record")
    db.session.commit()
    response = client.get(url)
    assert response.status_code == 200
    pages = _text(response)
    assert all("Approved as a true record by the Council of Governors meeting" in p for p in pages)
    assert client.get(path("governors.minutes.pdf_full", meeting_id=meeting.id)).status_code == 302
    # The public meetings page leads to them.
    public_page = client.get(path("governors.meetings.public_list")).get_data(as_text=True)
    assert url in public_page and "Approved minutes (PDF)" in public_page


SENSITIVE_DETAIL = "Canary sensitive: receives care from the community mental health team"


def test_a_sensitive_declaration_is_in_the_full_minutes_only(app, client, sign_in):
    secretary = factories.secretary()
    ann, chloe = factories.governor(name="Ann Able"), factories.governor(name="Chloe Bennett")
    meeting = factories.MeetingFactory(starts_at=datetime(2027, 5, 5, 10, 0, tzinfo=UTC))
    item = agendas.add_item(secretary, meeting, part="public", title="Mental health strategy")
    for person in (ann, chloe):
        attendance.record_attendance(secretary, meeting, person, "present")
    entry = factories.InterestFactory(
        user=chloe,
        organisation="Northshire Community Mental Health Team",
        description=SENSITIVE_DETAIL,
        sensitive=True,
    )
    declaration = attendance.record_declaration(
        secretary, item, chloe, SENSITIVE_DETAIL, "stayed", entry=entry
    )
    assert declaration.sensitive and declaration.interest_id == entry.id
    services.save_minute(
        secretary, item, MinuteText(discussion="The strategy was supported."), revision=None
    )
    services.circulate(secretary, meeting, notify=False)
    db.session.commit()
    sign_in(ann)

    public = " ".join(
        _text(client.get(path("governors.minutes.pdf_public", meeting_id=meeting.id)))
    )
    flat = " ".join(public.split())
    assert "Chloe Bennett" in flat and "The strategy was supported." in flat
    assert SENSITIVE_INTEREST in flat
    assert "Canary" not in public and "community mental health team" not in flat

    full = " ".join(_text(client.get(path("governors.minutes.pdf_full", meeting_id=meeting.id))))
    flat = " ".join(full.split())
    assert SENSITIVE_DETAIL in flat
    assert SENSITIVE_INTEREST not in flat
