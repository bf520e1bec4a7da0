"""Who may do what with requests, and that a private item's title reaches nobody else."""

from __future__ import annotations

import html
import io

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from governors.agendas import services as agendas
from governors.documents.services import check_upload, store_checked
from governors.extensions import db
from governors.outbox.models import OutboxMessage
from governors.people.models import Role
from governors.requests import services
from governors.requests.models import RequestPaper
from tests import factories
from tests.requests import samples
from tests.requests.conftest import at

PRIVATE_TITLE = "Closure of the Ward 7 therapy garden"


def submit(proposer, meeting, **changes):
    values = {
        "title": "Car parking charges for carers",
        "purpose": "discuss",
        "session": "public",
        "note_to_chair": "Carers who visit every day pay the full charge.",
        "received_at": at(2027, 1, 3),
    } | changes
    request = services.submit_request(proposer, meeting=meeting, **values)
    db.session.commit()
    return request


# (role, propose, mine, queue, decide, view another's request)
MATRIX = [
    ("secretary", 200, 200, 200, 200, 200),
    ("chair", 200, 200, 200, 200, 200),
    ("lead_governor", 200, 200, 200, 403, 200),
    ("governor", 200, 200, 403, 403, 403),
    ("ned", 403, 403, 403, 403, 403),
    ("officer", 403, 403, 403, 403, 403),
]


@pytest.mark.parametrize(("role", "propose", "mine", "queue", "decide", "view"), MATRIX)
def test_access_by_role(client, sign_in, meeting, clock, role, propose, mine, queue, decide, view):
    request = submit(factories.governor(), meeting)
    clock.move_to(at(2027, 1, 5))
    sign_in(factories.one_in_each_role()[role])
    assert client.get("/requests/new").status_code == propose
    assert client.get("/requests/mine").status_code == mine
    assert client.get("/requests/queue").status_code == queue
    assert client.get(f"/requests/{request.id}/decide").status_code == decide
    assert client.get(f"/requests/{request.id}").status_code == view
    assert client.get(f"/requests/{request.id}/received").status_code == view


def test_a_governor_cannot_decide_or_withdraw_someone_elses_request(
    client, sign_in, meeting, clock
):
    request = submit(factories.governor(), meeting)
    clock.move_to(at(2027, 1, 5))
    sign_in(factories.governor())
    response = client.post(
        f"/requests/{request.id}/decide",
        data={"decision": "accept", "minutes_allowed": "15", "part": "public"},
    )
    assert response.status_code == 403
    assert client.post(f"/requests/{request.id}/withdraw").status_code == 403
    assert client.get(f"/requests/{request.id}/withdraw").status_code == 403
    db.session.expire_all()
    assert db.session.get(type(request), request.id).status == "submitted"


def test_officers_and_neds_cannot_propose_even_by_posting(client, sign_in, meeting, clock):
    clock.move_to(at(2027, 1, 5))
    sign_in(factories.UserFactory(roles=[Role.OFFICER]))
    response = client.post(
        "/requests/new",
        data={
            "title": "An item",
            "purpose": "note",
            "session": "public",
            "note_to_chair": "Text",
            "meeting_id": str(meeting.id),
        },
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "/requests/new",
        "/requests/mine",
        "/requests/queue",
        "/requests/{id}",
        "/requests/{id}/received",
        "/requests/{id}/decide",
        "/requests/{id}/withdraw",
    ],
)
def test_anonymous_visitors_are_sent_to_sign_in(client, meeting, path):
    request = submit(factories.governor(), meeting)
    response = client.get(path.format(id=request.id))
    assert response.status_code == 302
    assert "/account/sign-in" in response.headers["Location"]


def test_missing_requests_are_not_found(client, sign_in):
    sign_in(factories.chair())
    assert client.get("/requests/999999").status_code == 404
    assert client.get("/requests/999999/decide").status_code == 404


def test_a_private_request_title_reaches_no_one_without_private_access(
    app, client, sign_in, meeting, clock
):
    governor = factories.governor()
    chair = factories.chair()
    paper = store_checked(governor, check_upload(_file(samples.PDF, "garden.pdf")))
    request = submit(
        governor,
        meeting,
        title=PRIVATE_TITLE,
        session="private",
        private_reason="Staff consultation is still going on",
    )
    request.papers.append(RequestPaper(document=paper, may_publish=True))
    agendas.add_standing_items(chair, meeting)
    services.accept_request(chair, request, part="private", at=at(2027, 1, 5))
    agendas.publish(factories.secretary(), meeting, notify=False)
    services.send_digest()
    db.session.commit()
    clock.move_to(at(2027, 1, 6))

    officer = factories.UserFactory(roles=[Role.OFFICER], email="officer@example.org")
    public_pages = [
        "/meetings/public",
        f"/agendas/{meeting.id}/public",
        "/meetings/public/calendar.ics",
    ]
    member_pages = [
        "/",
        "/meetings/",
        f"/meetings/{meeting.id}",
        f"/agendas/{meeting.id}",
        "/requests/queue",
        "/requests/mine",
        f"/requests/{request.id}",
        f"/documents/{paper.id}",
    ]
    for path in public_pages:
        response = client.get(path)
        assert PRIVATE_TITLE not in _readable(response), f"anonymous: {path}"
    assert client.get(f"/documents/{paper.id}").status_code == 302
    pdf = client.get(f"/agendas/{meeting.id}/agenda-public.pdf")
    if pdf.status_code == 200:
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
        assert "Ward 7" not in text

    sign_in(officer)
    for path in public_pages + member_pages:
        response = client.get(path)
        assert PRIVATE_TITLE not in _readable(response), f"officer: {path}"
    assert client.get(f"/documents/{paper.id}").status_code == 403
    assert client.get(f"/requests/{request.id}").status_code == 403

    # Email only ever went to people who may see private items.
    for message in db.session.scalars(sa.select(OutboxMessage)):
        if PRIVATE_TITLE in message.body_text or PRIVATE_TITLE in message.subject:
            assert message.to_address != officer.email
    subjects = [m.subject for m in db.session.scalars(sa.select(OutboxMessage))]
    assert all(PRIVATE_TITLE not in subject for subject in subjects)


def _file(data: bytes, name: str):
    from werkzeug.datastructures import FileStorage

    return FileStorage(stream=io.BytesIO(data), filename=name)


def _readable(response) -> str:
    if response.mimetype == "application/pdf":
        return "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    return html.unescape(response.get_data(as_text=True))
