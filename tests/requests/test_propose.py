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
from governors.storage import storage
from tests import factories
from tests.requests import samples
from tests.requests.conftest import PROPOSAL, at


def _form(meeting, **changes):
    return PROPOSAL | {"meeting_id": str(meeting.id)} | changes


def _text(response) -> str:
    return response.get_data(as_text=True)


def test_page_leads_with_the_deadline_and_the_rule(client, sign_in, meeting, clock):
    clock.move_to(at(2027, 1, 3, 14, 2))
    sign_in(factories.governor())
    page = _text(client.get("/requests/new"))
    # The same words as the meeting's own page and the home page.
    assert "Send requests by Sunday 10 January 2027. 7 days left." in page
    assert "at least 10 clear days (weekends and bank holidays count) before the meeting" in page
    assert (
        "This request is for the Council of Governors meeting on Thursday 21 January 2027." in page
    )
    assert "If you miss the deadline, send it anyway. The chair then decides." in page
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


def test_the_next_meeting_is_chosen_and_said_to_be_late_with_the_open_one_named(
    client, sign_in, meeting, later_meeting, clock
):
    clock.move_to(at(2027, 1, 12))  # past the deadline for 21 January, in time for March
    sign_in(factories.governor())
    page = _text(client.get("/requests/new"))
    # The form offers the meeting the home page names, and says plainly it will be late.
    selected = re.search(r'<option value="(\d+)" selected', page)
    assert selected and int(selected.group(1)) == meeting.id
    assert "This request will be late" in page
    assert "To be in time, choose the meeting on Thursday 18 March 2027 below." in page
    assert "(deadline 10 Jan 2027 passed: late)" in page
    assert "(send by 7 Mar 2027)" in page
    asked = _text(client.get(f"/requests/new?meeting_id={later_meeting.id}"))
    selected = re.search(r'<option value="(\d+)" selected', asked)
    assert int(selected.group(1)) == later_meeting.id
    assert (
        "This request is for the Council of Governors meeting on Thursday 18 March 2027." in asked
    )
    assert "This request will be late" not in asked


def test_with_every_deadline_passed_the_next_meeting_is_chosen(client, sign_in, meeting, clock):
    clock.move_to(at(2027, 1, 19))
    sign_in(factories.governor())
    page = _text(client.get("/requests/new"))
    assert re.search(rf'<option value="{meeting.id}" selected', page)
    assert "The deadline was Sunday 10 January 2027. You can still send a request." in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "   "}, "Enter a title for the item"),
        ({"title": "x" * 201}, "Title must be 200 characters or fewer"),
        ({"purpose": ""}, "Select what you are asking the Council to do"),
        ({"purpose": "complain"}, "Select what you are asking the Council to do"),
        ({"session": ""}, "Select whether the item is for the public or private part"),
        ({"session": "private"}, "Enter why the item needs to be discussed in private"),
        ({"note_to_chair": ""}, "Enter a note to the chair about the item"),
        ({"note_to_chair": "x" * 10_001}, "Note to the chair must be 10,000 characters"),
        ({"presenter_choice": ""}, "Select who will present the item"),
        ({"presenter_choice": "other"}, "Enter the name of the person who will present the item"),
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
    if "note_to_chair" not in changes:
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
    meeting.cancel_reason = "Too few could come"
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
    data = _form(meeting, papers_public="no") | {
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
    # The governor said no: none of them is to be published with the agenda.
    assert [paper.may_publish for paper in request.papers] == [False, False, False]
    static_folder = app.blueprints["governors"].static_folder
    for document in request.documents:
        assert len(document.storage_key) == 64
        assert document.storage_key not in document.filename
        stored = str(storage().path(document.storage_key))
        assert stored.startswith(app.config["UPLOAD_FOLDER"])
        assert not stored.startswith(static_folder)
        with open(stored, "rb") as handle:
            import hashlib

            assert hashlib.sha256(handle.read()).hexdigest() == document.sha256


def test_a_program_renamed_pdf_is_refused_and_nothing_of_it_is_kept(
    client, sign_in, meeting, clock
):
    clock.move_to(at(2027, 1, 3))
    sign_in(factories.governor())
    data = _form(meeting, papers_public="yes") | {
        "documents": [samples.upload(samples.EXE, "minutes.pdf")]
    }
    response = client.post("/requests/new", data=data, content_type="multipart/form-data")
    page = _text(response)
    assert "The selected file must be a PDF, Word or OpenDocument file (minutes.pdf)" in page
    assert "Papers already attached" not in page
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


def test_good_files_are_kept_when_another_field_fails_and_go_with_the_request(
    client, sign_in, meeting, clock
):
    clock.move_to(at(2027, 1, 3))
    sign_in(factories.governor())
    form = _form(meeting, title="", papers_public="yes") | {
        "documents": [samples.upload(samples.PDF, "a.pdf")]
    }
    page = _text(client.post("/requests/new", data=form, content_type="multipart/form-data"))
    assert "Enter a title for the item" in page
    assert "Papers already attached" in page
    assert "May a.pdf be published with the agenda?" in page
    held = db.session.scalar(sa.select(Document))
    assert held.filename == "a.pdf"
    assert f'name="held" value="{held.id}"' in page

    # Fixed, and sent without choosing the file again: the held file goes with it.
    fixed = _form(meeting) | {"held": str(held.id), f"publish-{held.id}": "yes"}
    response = client.post("/requests/new", data=fixed)
    assert response.status_code == 302
    request = db.session.scalar(sa.select(AgendaRequest))
    assert [(p.document.filename, p.may_publish) for p in request.papers] == [("a.pdf", True)]


def test_a_held_file_can_be_removed_and_no_one_else_can_use_it(client, sign_in, meeting, clock):
    clock.move_to(at(2027, 1, 3))
    sign_in(factories.governor())
    form = _form(meeting, title="", papers_public="no") | {
        "documents": [samples.upload(samples.PDF, "a.pdf")]
    }
    client.post("/requests/new", data=form, content_type="multipart/form-data")
    held = db.session.scalar(sa.select(Document))

    # Someone else naming that file gets nothing of it.
    sign_in(factories.governor())
    client.post("/requests/new", data=_form(meeting) | {"held": str(held.id)})
    theirs = db.session.scalar(sa.select(AgendaRequest))
    assert theirs.papers == []

    # Its owner removes it: the request goes without it.
    db.session.delete(theirs)
    db.session.flush()
    sign_in(db.session.get(type(held.uploaded_by), held.uploaded_by_id))
    data = _form(meeting) | {"held": str(held.id), f"remove-{held.id}": "1"}
    assert client.post("/requests/new", data=data).status_code == 302
    mine = db.session.scalar(sa.select(AgendaRequest).order_by(AgendaRequest.id.desc()))
    assert mine.title == PROPOSAL["title"]
    assert mine.papers == []


def test_a_new_paper_needs_an_answer_on_publishing(client, sign_in, meeting, clock):
    clock.move_to(at(2027, 1, 3))
    sign_in(factories.governor())
    form = _form(meeting) | {"documents": [samples.upload(samples.PDF, "a.pdf")]}
    page = _text(client.post("/requests/new", data=form, content_type="multipart/form-data"))
    assert page.count("Select whether the papers you add may be published") >= 2
    assert "Papers already attached" in page


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
    words = "Send requests before 17:00 on Sunday 10 January 2027. 7 days left."
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
        note_to_chair="Carers cannot park near the wards.",
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
