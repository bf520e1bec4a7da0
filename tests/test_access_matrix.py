"""Every route of the product against every role: who gets the page, who is refused.

The table names every endpoint, so a new route cannot be added without deciding who may
use it. POST-only routes are tried with an empty form: what matters here is that the
policy stops the wrong people before anything is looked at.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from flask import Flask, current_app, url_for
from werkzeug.datastructures import FileStorage

from governors.agendas import services as agendas
from governors.documents import services as documents
from governors.extensions import db
from governors.requests import services as requests
from tests import factories

ROLES = (
    "anonymous",
    "governor",
    "proposer",
    "lead_governor",
    "chair",
    "ned",
    "officer",
    "secretary",
)
MEMBERS = ROLES[1:]
PRIVATE_READERS = ("governor", "proposer", "lead_governor", "chair", "ned", "secretary")
GOVERNING = ("governor", "proposer", "lead_governor", "chair", "secretary")
OVERSEERS = ("lead_governor", "chair", "secretary")
EVERYONE = ROLES

# endpoint -> the roles allowed; everyone else is refused (403, or sign-in if anonymous).
ALLOWED: dict[str, tuple[str, ...]] = {
    "governors.home": MEMBERS,
    "governors.auth.sign_in": EVERYONE,
    "governors.auth.sign_out": EVERYONE,
    "governors.auth.forgot_password": EVERYONE,
    "governors.auth.reset_link_sent": EVERYONE,
    "governors.auth.reset_password": EVERYONE,
    "governors.auth.accept_invitation": EVERYONE,
    "governors.people.directory": MEMBERS,
    "governors.people.detail": MEMBERS,
    "governors.people.invite": ("secretary",),
    "governors.people.edit": ("secretary",),
    "governors.people.deactivate": ("secretary",),
    "governors.people.reactivate": ("secretary",),
    "governors.people.resend_invitation": ("secretary",),
    "governors.council.edit": ("secretary",),
    "governors.audit.log": ("secretary",),
    "governors.meetings.calendar": MEMBERS,
    "governors.meetings.detail": MEMBERS,
    "governors.meetings.download": EVERYONE,
    "governors.meetings.schedule": ("secretary",),
    "governors.meetings.edit": ("secretary",),
    "governors.meetings.cancel": ("secretary",),
    "governors.meetings.reinstate": ("secretary",),
    "governors.meetings.subscription": MEMBERS,
    "governors.meetings.subscription_new": MEMBERS,
    "governors.meetings.subscription_revoke": MEMBERS,
    "governors.meetings.public_list": EVERYONE,
    "governors.meetings.public_feed": EVERYONE,
    "governors.meetings.personal_feed": (),  # a wrong token is simply not found
    "governors.requests.propose": GOVERNING,
    "governors.requests.mine": GOVERNING,
    "governors.requests.queue": OVERSEERS,
    "governors.requests.decide": ("chair", "secretary"),
    "governors.requests.detail": ("proposer", *OVERSEERS),
    "governors.requests.received": ("proposer", *OVERSEERS),
    "governors.requests.withdraw": ("proposer",),
    "governors.agendas.show": MEMBERS,
    "governors.agendas.version": MEMBERS,
    "governors.agendas.public": EVERYONE,
    "governors.agendas.pdf_public": EVERYONE,
    "governors.agendas.pdf_full": PRIVATE_READERS,
    "governors.agendas.edit": ("secretary",),
    "governors.agendas.add_item": ("secretary",),
    "governors.agendas.edit_item": ("secretary",),
    "governors.agendas.remove_item": ("secretary",),
    "governors.agendas.move_item": ("secretary",),
    "governors.agendas.publish": ("secretary",),
    "governors.documents.download": PRIVATE_READERS,
    "governors.static": EVERYONE,
}


# Every route is tried on Sunday 3 January 2027, before the shared Council meeting.
pytestmark = pytest.mark.clock(datetime(2027, 1, 3, 12, 0, tzinfo=UTC))


def test_the_table_covers_every_route(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints == set(ALLOWED), "decide who may use each new route in ALLOWED"


@pytest.fixture
def world(app: Flask) -> dict[str, object]:
    """One of each kind of record, and one person in each role."""
    people = {"proposer": factories.governor(), **factories.one_in_each_role()}
    secretary = people["secretary"]
    meeting = factories.MeetingFactory(starts_at=datetime(2027, 1, 21, 14, 0, tzinfo=UTC))
    request = requests.submit_request(
        people["proposer"],
        meeting=meeting,
        title="Car parking charges for carers",
        purpose="discuss",
        session="public",
        notify=False,
    )
    paper = documents.store_upload(
        secretary,
        FileStorage(stream=io.BytesIO(b"%PDF-1.4\n%%EOF\n"), filename="Contract award.pdf"),
    )
    item = agendas.add_item(
        secretary, meeting, part="private", title="Contract award", papers=[paper]
    )
    agendas.publish(secretary, meeting, notify=False)
    db.session.commit()
    return {"people": people, "meeting": meeting, "request": request, "item": item, "paper": paper}


def _url(endpoint: str, world: dict[str, object]) -> str:
    values = {
        "meeting_id": world["meeting"].id,
        "item_id": world["item"].id,
        "request_id": world["request"].id,
        "person_id": world["people"]["governor"].id,
        "document_id": world["paper"].id,
        "number": 1,
        "token": "not-a-real-token",
        "filename": "governors.css",
    }
    rule = next(iter(current_app.url_map.iter_rules(endpoint)))
    return url_for(endpoint, **{name: values[name] for name in rule.arguments})


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_what_the_policy_allows(app, client, sign_in, world, role):
    if role != "anonymous":
        sign_in(world["people"][role])
    wrong: list[str] = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint):
        if rule.endpoint == "governors.auth.sign_out":
            continue  # would end this test's sign-in
        url = _url(rule.endpoint, world)
        method = "GET" if "GET" in rule.methods else "POST"
        response = client.open(url, method=method)
        status = response.status_code
        to_sign_in = status == 302 and "/account/sign-in" in response.headers["Location"]
        allowed = role in ALLOWED[rule.endpoint]
        if rule.endpoint == "governors.meetings.personal_feed":
            ok = status == 404
        elif allowed:
            # 400: an empty POST to a button-only form (the policy let it through).
            ok = status in (200, 302, 303, 400) and not (to_sign_in and role != "anonymous")
            if role == "anonymous" and rule.endpoint not in {
                "governors.auth.sign_in",
                "governors.auth.sign_out",
            }:
                ok = ok and not to_sign_in
        elif role == "anonymous":
            ok = to_sign_in
        else:
            ok = status == 403
        if not ok:
            wrong.append(f"{method} {url} -> {status}")
        response.close()
    assert not wrong, f"{role} got the wrong answer from:\n" + "\n".join(wrong)
