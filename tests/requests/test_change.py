"""A governor changes their request until it is decided; the chair asks for more; the
secretary arranges support to present; only agreed papers are published."""

from __future__ import annotations

import html

import sqlalchemy as sa

from governors.agendas import services as agendas
from governors.agendas.models import AgendaItem
from governors.audit.models import AuditEntry
from governors.extensions import db
from governors.requests import services
from governors.requests.models import RECEIPT_FIELDS, AgendaRequest
from tests import factories
from tests.requests import samples
from tests.requests.conftest import at, emails_to

GOOD = {
    "title": "Car parking charges for carers",
    "purpose": "discuss",
    "session": "public",
    "private_reason": "",
    "note_to_chair": "Carers who visit every day pay the full charge.",
    "presenter_choice": "self",
}


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _send(client, meeting, **changes):
    data = GOOD | {"meeting_id": str(meeting.id)} | changes
    response = client.post("/requests/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 302, _text(response)
    return db.session.scalar(sa.select(AgendaRequest).order_by(AgendaRequest.id.desc()))


def test_the_governor_changes_text_papers_and_meeting_and_the_receipt_stays(
    client, sign_in, meeting, later_meeting, clock
):
    clock.move_to(at(2027, 1, 3, 14, 2))
    governor = factories.governor(name="Chloe Mensah")
    sign_in(governor)
    request = _send(
        client,
        meeting,
        papers_public="no",
        documents=[samples.upload(samples.PDF, "figures.pdf")],
    )
    receipt = {name: getattr(request, name) for name in RECEIPT_FIELDS}
    paper = request.papers[0]

    # The next day: a better title, the paper may be published after all, a new paper,
    # and the later meeting.
    clock.move_to(at(2027, 1, 4, 9))
    sign_in(governor)
    page = _text(client.get(f"/requests/{request.id}/change"))
    assert "Change your request" in page
    assert 'value="Car parking charges for carers"' in page
    assert "May figures.pdf be published with the agenda?" in page
    response = client.post(
        f"/requests/{request.id}/change",
        data=GOOD
        | {
            "title": "Parking charges for carers who visit every day",
            "meeting_id": str(later_meeting.id),
            f"publish-{paper.document_id}": "yes",
            "papers_public": "no",
            "documents": [samples.upload(samples.PDF, "letters.pdf")],
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    db.session.expire_all()
    request = db.session.get(AgendaRequest, request.id)
    assert request.title == "Parking charges for carers who visit every day"
    assert request.meeting_id == later_meeting.id
    assert [(p.document.filename, p.may_publish) for p in request.papers] == [
        ("figures.pdf", True),
        ("letters.pdf", False),
    ]
    # When it came and whether it was in time are those of the first receipt.
    assert {name: getattr(request, name) for name in RECEIPT_FIELDS} == receipt

    detail = _text(client.get(f"/requests/{request.id}"))
    assert "Chloe Mensah: Changed the title, the meeting and the papers." in detail
    assert "We received your request on Sunday 3 January 2027 at 14:02." in detail
    email = emails_to(governor.email)[-1]
    assert "You changed your request" in email.body_text
    assert (
        "It is for the Council of Governors meeting on Thursday 18 March 2027." in email.body_text
    )
    assert db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "request.changed"))


def test_an_in_time_request_cannot_move_to_a_meeting_it_is_late_for(
    client, sign_in, meeting, clock
):
    clock.move_to(at(2027, 1, 3))
    governor = factories.governor()
    sign_in(governor)
    soon = factories.MeetingFactory(starts_at=at(2027, 1, 8, 14))
    request = _send(client, meeting)
    page = _text(
        client.post(f"/requests/{request.id}/change", data=GOOD | {"meeting_id": str(soon.id)})
    )
    assert "which is after the deadline for the meeting on Friday 8 January 2027" in page
    assert 'value="Car parking charges for carers"' in page
    assert db.session.get(AgendaRequest, request.id).meeting_id == meeting.id


def test_a_decided_request_cannot_be_changed_and_only_its_proposer_may(
    client, sign_in, meeting, clock
):
    clock.move_to(at(2027, 1, 3))
    governor = factories.governor()
    sign_in(governor)
    request = _send(client, meeting)
    sign_in(factories.governor())
    assert client.get(f"/requests/{request.id}/change").status_code == 403
    services.decline_request(factories.chair(), request, reason="Covered in March")
    db.session.commit()
    sign_in(governor)
    response = client.get(f"/requests/{request.id}/change")
    assert response.status_code == 302
    page = _text(client.get(response.headers["Location"]))
    assert "This request has been declined, so it can no longer be changed." in page


def test_the_chair_asks_for_more_and_the_governors_answer_goes_back(
    client, sign_in, meeting, clock
):
    clock.move_to(at(2027, 1, 3))
    governor = factories.governor(name="Sam Okafor")
    chair = factories.chair(name="Caroline Ashdown")
    sign_in(governor)
    request = _send(client, meeting)
    sign_in(chair)
    question = "Which car parks do carers use most?"
    response = client.post(
        f"/requests/{request.id}/decide", data={"decision": "more_info", "reason": question}
    )
    assert response.status_code == 302
    assert db.session.get(AgendaRequest, request.id).status == "more_info"
    email = emails_to(governor.email)[-1]
    assert question in email.body_text
    assert f"/requests/{request.id}/change" in email.body_text

    # The clock for the answer keeps running, and the chair sees it.
    page = _text(client.get(f"/requests/{request.id}/decide"))
    assert "An answer is due by Sunday 17 January 2027: 14 days left." in page
    assert f"You asked the governor: {question}" in page

    sign_in(governor)
    detail = _text(client.get(f"/requests/{request.id}"))
    assert "The chair asked for more:" in detail
    assert question in detail
    no_answer = _text(
        client.post(f"/requests/{request.id}/change", data=GOOD | {"meeting_id": str(meeting.id)})
    )
    assert "Enter your answer to the chair's question" in no_answer
    answer = "The multi-storey by the main entrance."
    client.post(
        f"/requests/{request.id}/change",
        data=GOOD | {"meeting_id": str(meeting.id), "reply": answer},
    )
    db.session.expire_all()
    request = db.session.get(AgendaRequest, request.id)
    assert request.status == "submitted"
    assert answer in emails_to(chair.email)[-1].body_text
    history = _text(client.get(f"/requests/{request.id}"))
    assert "Caroline Ashdown asked the governor for more information." in history
    assert f"Question: {question}" in history
    assert "Sam Okafor answered the chair's question." in history
    assert f"Answer: {answer}" in history


def test_support_to_present_reaches_the_secretary_as_a_task(client, sign_in, meeting, clock):
    clock.move_to(at(2027, 1, 3))
    governor = factories.governor(name="Chloe Mensah")
    secretary = factories.secretary(name="Priya Shah")
    sign_in(governor)
    request = _send(client, meeting, presenter_choice="support")
    asked = emails_to(secretary.email)[-1]
    assert "Chloe Mensah would like support to present" in asked.body_text

    sign_in(secretary)
    home = _text(client.get("/"))
    assert "Governors who would like support to present" in home
    assert f"/requests/{request.id}/support" in home
    empty = _text(client.post(f"/requests/{request.id}/support", data={"note": ""}))
    assert "Enter what support has been arranged" in empty
    note = "A practice run with the secretary on 18 January, and slides made for her."
    assert client.post(f"/requests/{request.id}/support", data={"note": note}).status_code == 302
    assert "Governors who would like support to present" not in _text(client.get("/"))
    assert note in emails_to(governor.email)[-1].body_text

    # Only the secretary arranges it.
    sign_in(factories.chair())
    assert client.get(f"/requests/{request.id}/support").status_code in (302, 403)


def test_only_papers_the_governor_agreed_to_are_published_and_the_note_never_is(
    client, sign_in, meeting, clock
):
    clock.move_to(at(2027, 1, 3))
    governor = factories.governor()
    sign_in(governor)
    request = _send(
        client,
        meeting,
        note_to_chair="CANARY-NOTE I would like the Council to hear this.",
        papers_public="yes",
        documents=[samples.upload(samples.PDF, "public.pdf")],
    )
    sign_in(governor)
    client.post(
        "/requests/new",
        data=GOOD
        | {
            "meeting_id": str(meeting.id),
            "title": "Second",
            "papers_public": "no",
            "documents": [samples.upload(samples.PDF, "private-figures.pdf")],
        },
        content_type="multipart/form-data",
    )
    second = db.session.scalar(sa.select(AgendaRequest).where(AgendaRequest.title == "Second"))
    chair = factories.chair()
    sign_in(chair)
    for req in (request, second):
        client.post(
            f"/requests/{req.id}/decide",
            data={"decision": "accept", "part": "public", "minutes_allowed": "10"},
        )
    agendas.publish(factories.secretary(), meeting, notify=False)
    db.session.commit()
    items = {i.title: i for i in db.session.scalars(sa.select(AgendaItem))}
    assert [p.filename for p in items[request.title].papers] == ["public.pdf"]
    assert items["Second"].papers == []
    assert items[request.title].description is None

    client.post("/account/sign-out")
    public = _text(client.get(f"/agendas/{meeting.id}/public"))
    assert request.title in public
    assert "public.pdf" in public
    assert "CANARY-NOTE" not in public
    assert "private-figures.pdf" not in public
    unpublished = second.papers[0].document_id
    assert client.get(f"/documents/{unpublished}").status_code in (403, 404, 302)


def test_the_decide_page_shows_the_agenda_and_places_the_item_where_the_chair_says(
    client, sign_in, meeting, clock
):
    clock.move_to(at(2027, 1, 3))
    secretary = factories.secretary()
    for title, minutes in (("Welcome", 5), ("Quality report", 30), ("Finance report", 25)):
        agendas.add_item(secretary, meeting, part="public", title=title, minutes_allowed=minutes)
    governor = factories.governor()
    sign_in(governor)
    first = _send(client, meeting, title="Parking for carers")
    second = _send(client, meeting, title="Interpreters in clinics")
    db.session.commit()

    sign_in(factories.chair())
    page = _text(client.get(f"/requests/{first.id}/decide"))
    assert "The draft agenda for Thursday 21 January 2027" in page
    meeting_minutes = meeting.duration_minutes
    assert (
        f"The meeting has {meeting_minutes} minutes. Items use 60, so "
        f"{meeting_minutes - 60} minutes are left." in page
    )
    assert "2. Quality report (30 minutes)" in page
    response = client.post(
        f"/requests/{first.id}/decide",
        data={
            "decision": "accept",
            "part": "public",
            "position": "2",
            "minutes_allowed": "20",
            "presenter": "Sam Okafor, public governor",
            "description": "Charges for carers who visit every day.",
        },
    )
    # Straight on to the next request waiting, not back to the top of the queue.
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/requests/{second.id}/decide")
    item = db.session.scalar(sa.select(AgendaItem).where(AgendaItem.request_id == first.id))
    assert (item.position, item.minutes_allowed, item.presenter) == (
        2,
        20,
        "Sam Okafor, public governor",
    )
    titles = [
        i.title
        for i in db.session.scalars(
            sa.select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting.id, AgendaItem.part == "public")
            .order_by(AgendaItem.position)
        )
    ]
    assert titles[:4] == ["Welcome", "Parking for carers", "Quality report", "Finance report"]
    page = _text(client.get(response.headers["Location"]))
    assert "Request accepted. It is item 2 on the agenda." in page
    assert "Items use 80" in page

    bad = _text(
        client.post(
            f"/requests/{second.id}/decide",
            data={"decision": "accept", "part": "public", "minutes_allowed": "lots"},
        )
    )
    assert "Minutes must be a whole number from 1 to" in bad
    # The last one decided: back to the queue, told there are no more.
    response = client.post(
        f"/requests/{second.id}/decide", data={"decision": "decline", "reason": "Done in March"}
    )
    assert response.headers["Location"].endswith("/requests/queue")


def test_a_meeting_held_without_a_decision_says_what_happens_now(
    client, sign_in, meeting, later_meeting, clock
):
    clock.move_to(at(2027, 1, 3))
    governor = factories.governor()
    sign_in(governor)
    request = _send(client, meeting)
    clock.move_to(at(2027, 1, 22))
    sign_in(governor)
    page = _text(client.get(f"/requests/{request.id}"))
    assert "took place before the chair decided" in page
    assert "move it to a later meeting yourself" in page
    assert "Answer overdue" not in page
    response = client.post(
        f"/requests/{request.id}/change", data=GOOD | {"meeting_id": str(later_meeting.id)}
    )
    assert response.status_code == 302
    assert db.session.get(AgendaRequest, request.id).meeting_id == later_meeting.id


def test_a_deferred_late_request_is_decided_once_without_a_second_late_reason(
    client, sign_in, meeting, later_meeting, clock
):
    clock.move_to(at(2027, 1, 16))
    governor = factories.governor()
    sign_in(governor)
    request = _send(client, meeting)
    assert request.in_time is False
    chair = factories.chair()
    sign_in(chair)
    client.post(
        f"/requests/{request.id}/decide",
        data={"decision": "defer", "defer_to": str(later_meeting.id), "reason": "Too late"},
    )
    sign_in(governor)
    page = _text(client.get(f"/requests/{request.id}"))
    assert "Sent late: the chair decides" not in page
    assert "To be decided for the meeting on Thursday 18 March 2027" in page
    sign_in(chair)
    response = client.post(
        f"/requests/{request.id}/decide",
        data={"decision": "accept", "part": "public", "minutes_allowed": "10"},
    )
    assert response.status_code == 302
    assert db.session.get(AgendaRequest, request.id).status == "accepted"
