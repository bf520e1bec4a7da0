"""Proposing an item: the form, the receipt and what is recorded."""

from __future__ import annotations

import re
from datetime import time

import pytest
import sqlalchemy as sa

from governors.audit.models import AuditEntry
from governors.council.models import DEFAULTS, CouncilSettings
from governors.documents.models import Document
from governors.extensions import db
from governors.outbox.models import OutboxMessage
from governors.requests import services
from governors.requests.clear_days import ClearDaysRule
from governors.requests.models import RECEIPT_FIELDS, AgendaRequest
from tests import factories
from tests.requests import samples
from tests.requests.conftest import at

GOOD = {
    "title": "Waiting times for community mental health assessments",
    "purpose": "discuss",
    "session": "public",
    "private_reason": "",
    "supporting_info": "Service users in the east of the county wait over 18 weeks.",
}


def _form(meeting, **changes):
    return GOOD | {"meeting_id": str(meeting.id)} | changes


def _text(response) -> str:
    return response.get_data(as_text=True)


def test_page_leads_with_the_deadline_and_the_rule(client, sign_in, meeting, clock):
    clock.move_to(at(2027, 1, 3, 14, 2))
    sign_in(factories.governor())
    page = _text(client.get("/requests/new"))
    # The same words as the meeting's own page and the home page.
    assert "Send requests by Sunday 10 January 2027 — 7 days left" in page
    assert "at least 10 clear days (every day counts) before the meeting" in page
    assert "It goes to the chair, marked late" in page
    # The deadline comes before the form.
    assert page.index("Send requests by") < page.index('<form method="post" enctype')
    assert 'enctype="multipart/form-data"' in page


def test_in_time_request_is_received_with_a_plain_receipt(client, sign_in, meeting, clock):
    clock.move_to(at(2027, 1, 3, 14, 2))
    governor = factories.governor(name="Sam Okafor")
    sign_in(governor)
    response = client.post("/requests/new", data=_form(meeting))
    assert response.status_code == 302
    request = db.session.scalar(sa.select(AgendaRequest))
    assert response.headers["Location"].endswith(f"/requests/{request.id}/received")

    sentence = (
        "We received your request on Sunday 3 January 2027 at 14:02. That is 17 clear days "
        "before the meeting on Thursday 21 January 2027, so it is in time."
    )
    page = _text(client.get(response.headers["Location"]))
    assert sentence in page
    assert "You will get an answer by Sunday 17 January 2027" in page

    assert request.proposer_id == governor.id
    assert request.clear_days == 17
    assert request.in_time is True
    assert str(request.deadline) == "2027-01-10"
    assert str(request.response_due) == "2027-01-17"
    assert (request.rule_days, request.rule_counting, request.rule_nation) == (
        10,
        "calendar",
        "england",
    )
    assert [e.status for e in request.events] == ["submitted"]

    email = db.session.scalar(sa.select(OutboxMessage))
    assert email.to_address == governor.email
    assert sentence in email.body_text
    assert db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "request.submitted"))


def test_late_request_is_taken_and_marked_for_the_chair(client, sign_in, meeting, clock):
    clock.move_to(at(2027, 1, 16, 9, 15))
    sign_in(factories.governor())
    response = client.post("/requests/new", data=_form(meeting))
    assert response.status_code == 302
    page = _text(client.get(response.headers["Location"]))
    assert (
        "We received your request on Saturday 16 January 2027 at 09:15. That is 4 clear days "
        "before the meeting on Thursday 21 January 2027. The rule asks for 10 clear days, "
        "so the chair will decide whether to include it."
    ) in page
    request = db.session.scalar(sa.select(AgendaRequest))
    assert request.in_time is False
    assert request.status == "submitted"


def test_summer_time_receipt_is_shown_in_london_time(client, sign_in, clock):
    summer = factories.MeetingFactory(starts_at=at(2027, 7, 15, 14))
    clock.move_to(at(2027, 6, 30, 23, 30))  # 22:30 UTC, but already 30 June in London
    sign_in(factories.governor())
    response = client.post("/requests/new", data=_form(summer))
    page = _text(client.get(response.headers["Location"]))
    assert "We received your request on Wednesday 30 June 2027 at 23:30." in page
    assert "That is 14 clear days" in page


def test_the_next_open_meeting_is_chosen_unless_another_is_asked_for(
    client, sign_in, meeting, later_meeting, clock
):
    clock.move_to(at(2027, 1, 12))  # past the deadline for 21 January, in time for March
    sign_in(factories.governor())
    page = _text(client.get("/requests/new"))
    selected = re.search(r'<option value="(\d+)" selected', page)
    assert selected and int(selected.group(1)) == later_meeting.id
    assert "(deadline 10 Jan 2027 passed: late)" in page
    assert "(send by 7 Mar 2027)" in page
    asked = _text(client.get(f"/requests/new?meeting_id={meeting.id}"))
    selected = re.search(r'<option value="(\d+)" selected', asked)
    assert int(selected.group(1)) == meeting.id


def test_with_every_deadline_passed_the_next_meeting_is_chosen(client, sign_in, meeting, clock):
    clock.move_to(at(2027, 1, 19))
    sign_in(factories.governor())
    page = _text(client.get("/requests/new"))
    assert re.search(rf'<option value="{meeting.id}" selected', page)
    assert "The deadline has passed (Sunday 10 January 2027)" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "   "}, "Enter a title for the item"),
        ({"title": "x" * 201}, "Title must be 200 characters or fewer"),
        ({"purpose": ""}, "Select what you are asking the Council to do"),
        ({"purpose": "complain"}, "Select what you are asking the Council to do"),
        ({"session": ""}, "Select whether the item is for the public or private part"),
        ({"session": "private"}, "Enter why the item needs to be discussed in private"),
        ({"supporting_info": ""}, "Enter supporting information about the item"),
        ({"supporting_info": "x" * 10_001}, "Supporting information must be 10,000 characters"),
        ({"meeting_id": ""}, "Select the meeting the item is for"),
        ({"meeting_id": "999999"}, "Select a meeting from the list"),
        ({"meeting_id": "next"}, "Select the meeting the item is for"),
    ],
)
def test_bad_input_is_named_and_what_was_typed_is_kept(
    client, sign_in, meeting, clock, changes, message
):
    clock.move_to(at(2027, 1, 3))
    sign_in(factories.governor())
    data = _form(meeting, **changes)
    response = client.post("/requests/new", data=data)
    page = _text(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert page.count(message) >= 2  # in the summary and by the field
    assert "<title>Error: " in page
    if "title" not in changes:
        assert 'value="Waiting times for community mental health assessments"' in page
    if "supporting_info" not in changes:
        assert "Service users in the east of the county wait over 18 weeks." in page
    assert db.session.scalar(sa.select(sa.func.count(AgendaRequest.id))) == 0


def test_a_past_meeting_cannot_be_chosen(client, sign_in, clock):
    past = factories.MeetingFactory(starts_at=at(2026, 11, 19, 14))
    clock.move_to(at(2027, 1, 3))
    sign_in(factories.governor())
    page = _text(client.post("/requests/new", data=_form(past)))
    assert "Select a meeting from the list" in page
    assert f'<option value="{past.id}"' not in page


def test_a_cancelled_meeting_is_not_offered(client, sign_in, meeting, later_meeting, clock):
    clock.move_to(at(2027, 1, 3))
    meeting.cancelled_at = at(2027, 1, 1)
    db.session.flush()
    sign_in(factories.governor())
    page = _text(client.post("/requests/new", data=_form(meeting)))
    assert "Select a meeting from the list" in page
    assert f'<option value="{meeting.id}"' not in page


def test_private_request_needs_and_keeps_its_reason(client, sign_in, meeting, clock):
    clock.move_to(at(2027, 1, 3))
    sign_in(factories.governor())
    response = client.post(
        "/requests/new",
        data=_form(
            meeting,
            title="Closure of the Ward 7 therapy garden",
            session="private",
            private_reason="Staff consultation is still going on",
        ),
    )
    assert response.status_code == 302
    request = db.session.scalar(sa.select(AgendaRequest))
    assert request.session == "private"
    assert request.private_reason == "Staff consultation is still going on"


def test_documents_are_checked_by_content_and_stored_privately(
    app, client, sign_in, meeting, clock
):
    clock.move_to(at(2027, 1, 3))
    sign_in(factories.governor())
    data = _form(meeting) | {
        "documents": [
            samples.upload(samples.PDF, "Waiting list figures.pdf"),
            samples.upload(samples.docx(), "briefing.docx"),
            samples.upload(samples.odt(), "notes.odt"),
        ]
    }
    response = client.post("/requests/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    request = db.session.scalar(sa.select(AgendaRequest))
    kinds = sorted(d.content_type for d in request.documents)
    assert kinds == [
        "application/pdf",
        "application/vnd.oasis.opendocument.text",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ]
    static_folder = app.blueprints["governors"].static_folder
    for document in request.documents:
        assert len(document.storage_key) == 64
        assert document.storage_key not in document.filename
        stored = app.config["UPLOAD_FOLDER"] + "/" + document.storage_key
        assert not stored.startswith(static_folder)
        with open(stored, "rb") as handle:
            import hashlib

            assert hashlib.sha256(handle.read()).hexdigest() == document.sha256


def test_a_program_renamed_pdf_is_refused_and_files_must_be_chosen_again(
    client, sign_in, meeting, clock
):
    clock.move_to(at(2027, 1, 3))
    sign_in(factories.governor())
    data = _form(meeting) | {"documents": [samples.upload(samples.EXE, "minutes.pdf")]}
    response = client.post("/requests/new", data=data, content_type="multipart/form-data")
    page = _text(response)
    assert "The selected file must be a PDF, Word or OpenDocument file (minutes.pdf)" in page
    assert "Choose your files again" in page
    assert db.session.scalar(sa.select(sa.func.count(Document.id))) == 0


@pytest.mark.parametrize(
    "data",
    [samples.plain_zip(), samples.spreadsheet_zip(), b"Just some text\n"],
    # Named ids: the archives carry the time they were made, which differs between workers.
    ids=["zip", "spreadsheet", "text"],
)
def test_other_files_are_refused_whatever_their_name(client, sign_in, meeting, clock, data):
    clock.move_to(at(2027, 1, 3))
    sign_in(factories.governor())
    form = _form(meeting) | {"documents": [samples.upload(data, "report.docx")]}
    page = _text(client.post("/requests/new", data=form, content_type="multipart/form-data"))
    assert "must be a PDF, Word or OpenDocument file" in page


def test_a_too_large_file_is_refused(app, client, sign_in, meeting, clock, monkeypatch):
    # Kept small: the test client spools bigger bodies to a file it never closes.
    monkeypatch.setitem(app.config, "GOVERNORS_MAX_UPLOAD_BYTES", 100 * 1024)
    clock.move_to(at(2027, 1, 3))
    sign_in(factories.governor())
    big = samples.PDF + b"0" * (100 * 1024)
    form = _form(meeting) | {"documents": [samples.upload(big, "big.pdf")]}
    page = _text(client.post("/requests/new", data=form, content_type="multipart/form-data"))
    assert "The selected file must be smaller than 100 KB (big.pdf)" in page


def test_an_empty_file_is_refused(client, sign_in, meeting, clock):
    clock.move_to(at(2027, 1, 3))
    sign_in(factories.governor())
    form = _form(meeting) | {"documents": [samples.upload(b"", "empty.pdf")]}
    page = _text(client.post("/requests/new", data=form, content_type="multipart/form-data"))
    assert "The selected file is empty (empty.pdf)" in page


def test_good_files_must_be_chosen_again_when_another_field_fails(client, sign_in, meeting, clock):
    clock.move_to(at(2027, 1, 3))
    sign_in(factories.governor())
    form = _form(meeting, title="") | {"documents": [samples.upload(samples.PDF, "a.pdf")]}
    page = _text(client.post("/requests/new", data=form, content_type="multipart/form-data"))
    assert "Enter a title for the item" in page
    assert "Choose your files again" in page
    assert db.session.scalar(sa.select(sa.func.count(Document.id))) == 0


def test_with_no_meetings_scheduled_the_governor_is_told(client, sign_in, clock):
    clock.move_to(at(2027, 1, 3))
    sign_in(factories.governor())
    page = _text(client.get("/requests/new"))
    assert "There are no Council meetings scheduled yet" in page
    assert '<form method="post" enctype' not in page


@pytest.mark.clock(at(2027, 1, 3, 14, 2))
def test_the_deadline_names_the_cut_off_in_the_same_words_as_the_meeting_page(
    client, sign_in, meeting
):
    db.session.add(CouncilSettings(id=1, **(DEFAULTS | {"cutoff": time(17, 0)})))
    db.session.flush()
    sign_in(factories.governor())
    words = "Send requests by Sunday 10 January 2027 (before 17:00) — 7 days left"
    response = client.get("/requests/new")
    assert response.status_code == 200
    assert words in _text(response)
    meeting_page = client.get(f"/meetings/{meeting.id}")
    assert meeting_page.status_code == 200
    assert words in _text(meeting_page)


@pytest.mark.clock(at(2027, 1, 3, 14, 2))
def test_the_factory_works_out_a_receipt_as_the_service_does(meeting):
    rule = ClearDaysRule(days=10, counting="working", cutoff=time(13, 0))
    working = {"counting": "working", "cutoff": rule.cutoff}
    db.session.add(CouncilSettings(id=1, **(DEFAULTS | working)))
    db.session.flush()
    proposer = factories.governor()
    submitted = services.submit_request(
        proposer,
        meeting=meeting,
        title="Parking for carers",
        purpose="discuss",
        session="public",
        supporting_info="Carers cannot park near the wards.",
        notify=False,
    )
    built = factories.AgendaRequestFactory(
        meeting=meeting, received_at=submitted.received_at, rule=rule, proposer=proposer
    )
    names = [*RECEIPT_FIELDS, "response_due"]
    assert {name: getattr(built, name) for name in names} == {
        name: getattr(submitted, name) for name in names
    }
    # 14:02 on Sunday is after the 13:00 cut-off: it counts as received on Monday 4 January,
    # 12 working days before the meeting.
    assert (submitted.clear_days, submitted.in_time) == (12, True)
