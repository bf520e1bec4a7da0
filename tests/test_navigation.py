"""The header menu: each role sees the links it may use, and every page marks one as current.

A menu entry is shown to whoever passes the check its page makes (``governors.web.MENU``
reads it from the view), so a link never leads to a refusal. Every page that belongs to
an entry marks exactly that one with ``aria-current="page"``, never two.
"""

from __future__ import annotations

from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
from flask import url_for
from flask.testing import FlaskClient
from flask_login import AnonymousUserMixin

from governors.permissions import can
from governors.web import MENU, menu_entries
from tests import factories

# The records are dated around the Council meeting of Thursday 21 January 2027.
pytestmark = pytest.mark.clock(datetime(2027, 1, 3, 12, 0, tzinfo=UTC))

ROLES = (
    "anonymous",
    "governor",
    "su_governor",
    "lead_governor",
    "chair",
    "secretary",
    "ned",
    "officer",
)


class _Menu(HTMLParser):
    """The links of the header menu (``<nav aria-label="Menu">``), and which are current."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, str | None]] = []
        self._depth = 0
        self._href: str | None = None
        self._current: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "nav" and found.get("aria-label") == "Menu":
            self._depth = 1
        elif self._depth and tag == "nav":
            self._depth += 1
        if self._depth and tag == "a":
            self._href, self._current, self._text = found.get("href"), found.get("aria-current"), []

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._href is not None and tag == "a":
            self.links.append((" ".join("".join(self._text).split()), self._href, self._current))
            self._href = None
        if self._depth and tag == "nav":
            self._depth -= 1


def menu(client: FlaskClient, url: str) -> list[tuple[str, str, str | None]]:
    """(label, address, aria-current) of each menu link on the page at ``url``."""
    response = client.get(url)
    assert response.status_code == 200, url
    parser = _Menu()
    parser.feed(response.get_data(as_text=True))
    return parser.links


@pytest.fixture
def council(app):
    records = factories.one_of_each_record(part="public")
    people = dict(records["people"])
    people["su_governor"] = factories.governor(constituency="service_user")
    return records | {"people": people}


@pytest.fixture
def as_role(client, sign_in, council):
    def signed_in(role: str) -> FlaskClient:
        if role == "anonymous":
            client.post("/account/sign-out")
            return client
        return sign_in(council["people"][role])

    return signed_in


def _start(role: str) -> str:
    return url_for("governors.meetings.public_list" if role == "anonymous" else "governors.home")


@pytest.mark.parametrize("role", ROLES)
def test_every_menu_link_shown_answers(as_role, role):
    client = as_role(role)
    links = menu(client, _start(role))

    assert links, f"{role} sees no menu"
    for label, href, _ in links:
        response = client.get(href, follow_redirects=True)
        assert response.status_code == 200, f"{role}: {label} ({href}) gives {response.status_code}"


def _opens(client: FlaskClient, endpoint: str) -> bool:
    """Does the page at ``endpoint`` answer, after any redirect, other than with sign-in?"""
    response = client.get(url_for(endpoint), follow_redirects=True)
    sign_in = url_for("governors.auth.sign_in", _external=False)
    return response.status_code == 200 and response.request.path != sign_in


@pytest.mark.parametrize("role", ROLES)
def test_an_entry_is_shown_exactly_when_its_page_lets_them_in(as_role, council, role):
    client = as_role(role)
    person = council["people"].get(role, AnonymousUserMixin())
    shown = menu_entries(person)

    for entry in MENU:
        replaced = entry.instead is not None and can(person, entry.instead)
        expected = _opens(client, entry.endpoint) and not replaced
        assert (entry in shown) == expected, (
            f"{role}: {entry.label} ({entry.endpoint}) shown: {entry in shown}"
        )


def test_the_lead_governor_sees_the_request_list_only_if_its_page_lets_them_in(as_role):
    client = as_role("lead_governor")
    labels = {label: href for label, href, _ in menu(client, url_for("governors.home"))}
    status = client.get(url_for("governors.requests.queue")).status_code

    assert ("Requests to decide" in labels) == (status == 200)


# (who looks, the page, the entry marked as current)
CURRENT = [
    ("anonymous", "governors.meetings.public_list", {}, "Meetings"),
    ("anonymous", "governors.meetings.archive", {}, "Meetings"),
    ("anonymous", "governors.agendas.public", {"meeting_id": "meeting"}, "Meetings"),
    ("governor", "governors.home", {}, "Home"),
    ("governor", "governors.meetings.calendar", {}, "Meetings"),
    ("governor", "governors.meetings.detail", {"meeting_id": "meeting"}, "Meetings"),
    ("governor", "governors.agendas.show", {"meeting_id": "meeting"}, "Meetings"),
    ("governor", "governors.meetings.subscription", {}, "Meetings"),
    ("governor", "governors.bodies.index", {}, "Committees"),
    ("governor", "governors.bodies.detail", {"body_id": "body"}, "Committees"),
    ("governor", "governors.requests.mine", {}, "My requests"),
    ("governor", "governors.requests.propose", {}, "My requests"),
    ("governor", "governors.questions.mine", {}, "Questions"),
    ("governor", "governors.questions.ask", {}, "Questions"),
    ("governor", "governors.people.directory", {}, "People"),
    ("governor", "governors.actions.mine", {}, "Home"),
    ("proposer", "governors.requests.detail", {"request_id": "request"}, "My requests"),
    ("chair", "governors.requests.queue", {}, "Requests to decide"),
    ("chair", "governors.requests.decide", {"request_id": "request"}, "Requests to decide"),
    ("chair", "governors.requests.mine", {}, "My requests"),
    ("chair", "governors.requests.propose", {}, "My requests"),
    ("lead_governor", "governors.requests.queue", {}, "Requests to decide"),
    ("lead_governor", "governors.actions.log", {}, "Action log"),
    ("lead_governor", "governors.actions.detail", {"action_id": "action"}, "Action log"),
    ("secretary", "governors.requests.queue", {}, "Requests to decide"),
    ("secretary", "governors.requests.detail", {"request_id": "request"}, "Requests to decide"),
    ("secretary", "governors.agendas.edit", {"meeting_id": "meeting"}, "Meetings"),
    ("secretary", "governors.attendance.register", {"meeting_id": "meeting"}, "Meetings"),
    ("secretary", "governors.minutes.index", {"meeting_id": "meeting"}, "Meetings"),
    ("secretary", "governors.questions.index", {}, "Questions"),
    ("secretary", "governors.cover.index", {}, "Cover"),
    ("secretary", "governors.people.directory", {}, "People"),
    ("secretary", "governors.council.edit", {}, "Settings"),
    ("secretary", "governors.audit.log", {}, "Audit log"),
    ("secretary", "governors.outbox.unsent", {}, "Home"),
]


@pytest.mark.parametrize(
    ("role", "endpoint", "values", "label"),
    CURRENT,
    ids=[f"{role}-{endpoint.removeprefix('governors.')}" for role, endpoint, _, _ in CURRENT],
)
def test_the_page_marks_one_menu_entry_as_current(as_role, council, role, endpoint, values, label):
    client = as_role(role)
    url = url_for(endpoint, **{name: council[key].id for name, key in values.items()})
    links = menu(client, url)

    current = [(text, marked) for text, _, marked in links if marked]
    assert current == [(label, "page")], f"{role} on {endpoint}: {current}"


@pytest.mark.parametrize("role", ROLES)
def test_each_menu_page_marks_its_own_entry(as_role, role):
    client = as_role(role)
    for label, href, _ in menu(client, _start(role)):
        response = client.get(href)
        if response.status_code == 302:
            href = response.headers["Location"]
        current = [text for text, _, marked in menu(client, href) if marked]
        assert current == [label], f"{role} on {href}: {current}"
