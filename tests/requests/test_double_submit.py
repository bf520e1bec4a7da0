"""The request form's one-time key: the same form sent twice is one request."""

from __future__ import annotations

import re

import sqlalchemy as sa

from governors.audit.models import AuditEntry
from governors.documents.models import Document
from governors.extensions import db
from governors.outbox.models import OutboxMessage
from governors.requests import services
from governors.requests.forms import well_formed_key
from governors.requests.models import AgendaRequest
from tests import factories
from tests.requests import samples
from tests.requests.conftest import PROPOSAL, at, emails_to

_KEY = re.compile(r'<input id="submission_key" name="submission_key" type="hidden" value="([^"]*)"')


def _key_on(page: str) -> str:
    found = _KEY.search(page)
    assert found, "the form carries no submission key"
    return found.group(1)


def _form(meeting, key: str | None, **changes) -> dict[str, str]:
    data = PROPOSAL | {"meeting_id": str(meeting.id)} | changes
    return data if key is None else data | {"submission_key": key}


def _requests() -> list[AgendaRequest]:
    return list(db.session.scalars(sa.select(AgendaRequest).order_by(AgendaRequest.id)))


def _audit_entries(request: AgendaRequest) -> list[AuditEntry]:
    return list(
        db.session.scalars(
            sa.select(AuditEntry).where(
                AuditEntry.action == "request.submitted", AuditEntry.record_id == request.id
            )
        )
    )


def test_each_showing_of_a_new_form_carries_its_own_key(client, sign_in, meeting, clock):
    clock.move_to(at(2027, 1, 3, 14))
    sign_in(factories.governor())
    first = _key_on(client.get("/requests/new").get_data(as_text=True))
    second = _key_on(client.get("/requests/new").get_data(as_text=True))
    assert well_formed_key(first) and well_formed_key(second)
    assert len(first) == 43
    assert first != second


def test_a_form_shown_again_with_a_problem_keeps_its_key(client, sign_in, meeting, clock):
    clock.move_to(at(2027, 1, 3, 14))
    sign_in(factories.governor())
    key = _key_on(client.get("/requests/new").get_data(as_text=True))
    page = client.post("/requests/new", data=_form(meeting, key, title="")).get_data(as_text=True)
    assert "Enter a title for the item" in page
    assert _key_on(page) == key
    response = client.post("/requests/new", data=_form(meeting, key))
    assert response.status_code == 302
    [request] = _requests()
    assert request.submission_key == key


def test_the_same_form_sent_twice_is_one_request_with_one_receipt(client, sign_in, meeting, clock):
    # Sent just before the deadline (Sunday 10 January), and again just after it.
    clock.move_to(at(2027, 1, 10, 23, 59))
    governor = factories.governor()
    sign_in(governor)
    key = _key_on(client.get("/requests/new").get_data(as_text=True))
    first = client.post("/requests/new", data=_form(meeting, key))
    clock.advance(minutes=2)
    second = client.post("/requests/new", data=_form(meeting, key))

    [request] = _requests()
    assert first.status_code == second.status_code == 302
    assert second.headers["Location"] == first.headers["Location"]
    assert first.headers["Location"].endswith(f"/requests/{request.id}/received")
    # The answer to the second send is the receipt of the first: in time, no error.
    page = client.get(second.headers["Location"]).get_data(as_text=True)
    assert "We received your request on Sunday 10 January 2027 at 23:59." in page
    assert "so it is in time" in page
    assert "There is a problem" not in page
    assert request.in_time is True
    assert [e.status for e in request.events] == ["submitted"]
    assert len(_audit_entries(request)) == 1
    [receipt] = emails_to(governor.email)
    assert receipt.subject.startswith("We received your agenda request")


def test_a_form_sent_twice_with_papers_stores_them_once(client, sign_in, meeting, clock):
    clock.move_to(at(2027, 1, 3, 14))
    sign_in(factories.governor())
    key = _key_on(client.get("/requests/new").get_data(as_text=True))

    def send():
        data = _form(meeting, key, papers_public="yes")
        data["documents"] = samples.upload(samples.PDF, "waiting-times.pdf")
        return client.post("/requests/new", data=data, content_type="multipart/form-data")

    assert send().status_code == 302
    assert send().status_code == 302
    [request] = _requests()
    assert [d.filename for d in request.documents] == ["waiting-times.pdf"]
    assert db.session.scalar(sa.select(sa.func.count(Document.id))) == 1


def test_the_key_is_each_governors_own(client, sign_in, meeting, clock):
    clock.move_to(at(2027, 1, 3, 14))
    key = "k" * 43
    for governor in (factories.governor(), factories.governor()):
        sign_in(governor)
        assert client.post("/requests/new", data=_form(meeting, key)).status_code == 302
    requests = _requests()
    assert len(requests) == 2
    assert len({r.proposer_id for r in requests}) == 2
    assert [r.submission_key for r in requests] == [key, key]


def test_a_form_without_a_key_or_with_a_strange_one_is_still_taken(client, sign_in, meeting, clock):
    # A hand-made form, or a page opened before the key existed: the request is what
    # matters, so each is taken with a key made by the server.
    clock.move_to(at(2027, 1, 3, 14))
    governor = factories.governor()
    sign_in(governor)
    sent = [
        None,
        "",
        "short",
        "x" * 65,
        "has spaces in it and is long enough",
        "bad\x00key-with-a-nul-in-the-middle",
    ]
    for number, key in enumerate(sent):
        response = client.post("/requests/new", data=_form(meeting, key, title=f"Item {number}"))
        assert response.status_code == 302, key
    requests = _requests()
    assert [r.title for r in requests] == [f"Item {n}" for n in range(len(sent))]
    assert all(well_formed_key(r.submission_key) for r in requests)
    assert len({r.submission_key for r in requests}) == len(sent)
    assert len(emails_to(governor.email)) == len(sent)


def test_a_form_without_a_key_shown_again_carries_a_new_one(client, sign_in, meeting, clock):
    clock.move_to(at(2027, 1, 3, 14))
    sign_in(factories.governor())
    page = client.post("/requests/new", data=_form(meeting, None, title="")).get_data(as_text=True)
    assert "Enter a title for the item" in page
    key = _key_on(page)
    assert well_formed_key(key)
    assert "Submission" not in page  # the hidden field never shows as a problem
    client.post("/requests/new", data=_form(meeting, key))
    client.post("/requests/new", data=_form(meeting, key))
    [request] = _requests()
    assert request.submission_key == key


def test_a_send_that_loses_the_race_answers_with_the_winners_request(
    app, meeting, clock, monkeypatch
):
    # Two workers at the same moment: both look and find nothing, then both insert. The
    # database's unique key stops the second, which finds and returns the first.
    clock.move_to(at(2027, 1, 3, 14))
    governor = factories.governor()
    key = "r" * 43
    winner = services.submit_request(governor, meeting=meeting, **PROPOSAL, submission_key=key)
    looked = []
    real = services.request_with_key

    def late_look(actor, submission_key):
        looked.append(submission_key)
        return None if len(looked) == 1 else real(actor, submission_key)

    monkeypatch.setattr(services, "request_with_key", late_look)
    clock.advance(seconds=30)
    loser = services.submit_request(governor, meeting=meeting, **PROPOSAL, submission_key=key)
    db.session.commit()

    assert loser is winner
    assert looked == [key, key]
    assert _requests() == [winner]
    assert winner.received_at == at(2027, 1, 3, 14)
    assert len(_audit_entries(winner)) == 1
    assert len(emails_to(governor.email)) == 1
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 1


def test_without_a_key_the_service_stores_every_request(app, meeting, clock):
    clock.move_to(at(2027, 1, 3, 14))
    governor = factories.governor()
    services.submit_request(governor, meeting=meeting, **PROPOSAL)
    services.submit_request(governor, meeting=meeting, **PROPOSAL)
    requests = _requests()
    assert len(requests) == 2
    assert [r.submission_key for r in requests] == [None, None]


def test_changing_a_request_carries_no_key(client, sign_in, meeting, clock):
    clock.move_to(at(2027, 1, 3, 14))
    governor = factories.governor()
    request = services.submit_request(
        governor, meeting=meeting, **PROPOSAL, submission_key="c" * 43
    )
    sign_in(governor)
    page = client.get(f"/requests/{request.id}/change").get_data(as_text=True)
    assert "Change your request" in page
    assert 'name="submission_key"' not in page
    changed = client.post(
        f"/requests/{request.id}/change",
        data=_form(meeting, None, title="Waiting times in the east of the county"),
    )
    assert changed.status_code == 302
    assert request.title == "Waiting times in the east of the county"
    assert request.submission_key == "c" * 43
