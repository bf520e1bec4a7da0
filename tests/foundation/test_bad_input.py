"""Bad input gets a clear answer, never a server error.

Replays what a probe of every route found: NUL bytes and other control characters in any
field, ids too big for the database (or 0, -1, ``²``) in any address, ``page=²`` and
page numbers too big for the database, impossible day, month and year values, and the
error page itself failing after a failed transaction.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_wtf import FlaskForm
from werkzeug.routing import Rule
from wtforms.fields.core import UnboundField

from governors import Governors, web
from governors.buddying import services as buddying
from governors.converters import MAX_ID, IdConverter, parse_id
from governors.council.models import CouncilSettings
from governors.extensions import db, limiter
from governors.forms import DATE_PARTS, DateInputField, Form, has_control_characters
from governors.meetings import services as meetings
from governors.meetings.models import Meeting
from tests import factories
from tests.meetings.helpers import meeting_form, page_text

ROLES = (
    "anonymous",
    "proposer",
    "governor",
    "lead_governor",
    "chair",
    "ned",
    "officer",
    "secretary",
)
# Ids no record can have: too big for a 64-bit or a 32-bit integer, zero, negative, a
# superscript digit, a leading zero.
BAD_IDS = (str(2**63), str(MAX_ID + 1), "99999999999999999999", "0", "-1", "%C2%B2", "007")
BAD_PAGES = ("%C2%B2", "99999999999999999999", str(2**63), "-1", "0", "two")
NUL = "Budget\x00report"
CONTROL_ERROR = "must not contain control characters: remove them and try again"
# Each error status and the words our own page for it says.
BRANDED = {
    400: "There is a problem with that request",
    403: "You do not have permission to see this page",
    404: "Page not found",
    405: "There is a problem with that request",
}
PAGED = ("governors.meetings.calendar", "governors.requests.queue", "governors.audit.log")

pytestmark = pytest.mark.clock(datetime(2027, 1, 3, 12, 0, tzinfo=UTC))


@pytest.fixture
def world(app: Flask) -> dict[str, object]:
    """One of each kind of record, and one person in each role."""
    world = factories.one_of_each_record(part="public")
    people, meeting, request = world["people"], world["meeting"], world["request"]
    item, paper, unsent = world["item"], world["paper"], world["message"]
    token_owner = factories.governor()
    meetings.new_calendar_token(token_owner, token_owner)
    period = factories.UnavailabilityFactory(user=people["governor"], note="Private")
    need = _cover_need(world, period)
    db.session.commit()
    return {
        "people": people,
        "values": {
            "meeting_id": str(meeting.id),
            "item_id": str(item.id),
            "request_id": str(request.id),
            # Someone the probes may deactivate without ending the signed-in session.
            "person_id": str(factories.governor().id),
            "document_id": str(paper.id),
            "message_id": str(unsent.id),
            "number": "1",
            "token": token_owner.calendar_token,
            "filename": "governors.css",
            "body_id": str(world["body"].id),
            "seat_id": str(world["seat"].id),
            "membership_id": str(world["membership"].id),
            "deputy_id": str(world["deputy"].id),
            "join_id": str(world["join"].id),
            "entry_id": str(world["entry"].id),
            "declaration_id": str(world["declaration"].id),
            "interest_id": str(world["interest"].id),
            "question_id": str(world["question"].id),
            "action_id": str(world["action"].id),
            "risk_id": str(world["risk"].id),
            "term_id": str(world["term"].id),
            "period_id": str(period.id),
            "need_id": str(need.id),
            "pair_id": str(
                factories.BuddyPairFactory(governor=people["governor"], buddy=people["ned"]).id
            ),
            "buddy_request_id": str(
                buddying.ask_for_buddy(people["proposer"], purpose="support", notify=False).id
            ),
        },
    }


def _cover_need(world: dict[str, object], period: object) -> object:
    """Cover for the seat holder at the committee's meeting, in a period of their own (the
    governor's is ended early by one of the routes tried)."""
    from governors.cover.models import CoverNeed

    holder = world["membership"].user
    own = factories.UnavailabilityFactory(user=holder, note=None)
    need = CoverNeed(
        unavailability_id=own.id,
        meeting_id=world["committee_meeting"].id,
        absent_id=holder.id,
        seat_id=world["seat"].id,
    )
    db.session.add(need)
    db.session.flush()
    return need


# Buttons that end what the other routes need (a cancelled meeting cannot be edited): last.
ENDINGS = (
    "cancel",
    "deactivate",
    "remove_item",
    "withdraw",
    "subscription_revoke",
    "end_member",
    "remove_seat",
    "remove_deputy",
    "remove_entry",
    "remove_declaration",
    "remove",
)
# The forms the secretary reaches, each of which must name a field with a control character.
SECRETARY_FORMS = {
    "governors.auth.forgot_password",
    "governors.meetings.schedule",
    "governors.meetings.edit",
    "governors.people.invite",
    "governors.people.edit",
    "governors.council.edit",
    "governors.agendas.add_item",
    "governors.agendas.edit_item",
    "governors.agendas.publish",
    "governors.requests.propose",
    "governors.requests.decide",
    "governors.bodies.new",
    "governors.bodies.edit",
    "governors.bodies.add_member",
    "governors.bodies.add_seat",
    "governors.bodies.answer",
    "governors.attendance.record",
    "governors.attendance.in_attendance",
    "governors.attendance.declare",
    "governors.minutes.edit",
    "governors.interests.add",
    "governors.interests.edit",
    "governors.questions.ask",
    "governors.questions.route",
    "governors.questions.answer",
    "governors.actions.new",
    "governors.actions.raise_on_item",
    "governors.actions.edit",
    "governors.actions.update",
    "governors.availability.record",
    "governors.cover.need",
    "governors.buddying.answer",
    "governors.buddying.new_pair",
    "governors.buddying.add_note",
}


def _ours(app: Flask) -> list[Rule]:
    """Our routes (static files aside), the ones that end something last."""
    return sorted(
        (
            rule
            for rule in app.url_map.iter_rules()
            if rule.endpoint.startswith("governors.") and rule.endpoint != "governors.static"
        ),
        key=lambda rule: (rule.endpoint.rsplit(".", 1)[1] in ENDINGS, rule.rule),
    )


def _fill(rule: Rule, values: dict[str, str]) -> str:
    """The rule's address with each ``<converter:name>`` replaced by ``values[name]``."""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", lambda match: values[match.group(1)], rule.rule)


def _id_arguments(rule: Rule) -> list[str]:
    return [
        name for name, converter in rule._converters.items() if isinstance(converter, IdConverter)
    ]


def _subclasses(cls: type) -> Iterator[type]:
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


def _field_names() -> set[str]:
    """The name of every field of every form of ours, date parts as the browser sends them."""
    names: set[str] = set()
    for form in _subclasses(Form):
        for name in dir(form):
            field = getattr(form, name, None)
            if not isinstance(field, UnboundField):
                continue
            if issubclass(field.field_class, DateInputField):
                names.update(f"{name}-{part}" for part in DATE_PARTS)
            else:
                names.add(name)
    return names


def _has_a_form(response) -> bool:
    """Whether the page has a form to fill in (the header's sign-out button aside)."""
    html = re.sub(
        r'<form class="nhsuk-header__account-form".*?</form>', "", response.get_data(as_text=True)
    )
    return 'method="post"' in html


def _sign_in(client: FlaskClient, sign_in, world: dict[str, object], role: str) -> None:
    if role != "anonymous":
        sign_in(world["people"][role])


def _problem(method: str, url: str, response) -> str | None:
    """What is wrong with the answer to a bad request, or None when it is a clear answer."""
    status = response.status_code
    if status >= 500:
        return f"{method} {url} -> {status}"
    if status in BRANDED and BRANDED[status] not in page_text(response):
        return f"{method} {url} -> {status} without our error page"
    return None


def _server_errors_reported(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """Let a server error come back as a 500 response (tests re-raise it by default)."""
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)


def test_every_form_of_ours_refuses_control_characters(app):
    forms = [form for form in _subclasses(FlaskForm) if form.__module__.startswith("governors.")]
    assert len(forms) >= 10
    assert [form.__name__ for form in forms if not issubclass(form, Form)] == []


def test_what_counts_as_a_control_character():
    assert has_control_characters("Budget\x00report")
    assert has_control_characters("Board\rroom")
    assert has_control_characters("Board\nroom")
    assert has_control_characters("Tab\tbetween")
    assert has_control_characters("Escape \x1b[31m")
    assert has_control_characters("Delete \x7f")
    assert has_control_characters("Next line \x85")
    # A text area keeps its line breaks (browsers send CR LF) and tabs; nothing else.
    assert not has_control_characters("First line\r\nSecond\tline\n", multiline=True)
    assert has_control_characters("Budget\x00report", multiline=True)
    assert not has_control_characters("Café, 21 January, 2027 ✓ (£5)")


def test_what_can_be_a_record_id():
    assert parse_id("1") == 1
    assert parse_id(str(MAX_ID)) == MAX_ID
    for bad in (
        None,
        "",
        "0",
        "-1",
        "+1",
        " 1",
        "01",
        "²",
        "١٢",
        "1.0",
        str(MAX_ID + 1),
        "9" * 5000,
    ):
        assert parse_id(bad) is None, bad


def test_a_version_number_that_cannot_be_is_not_found(client, sign_in, world):
    sign_in(world["people"]["secretary"])
    url = f"/agendas/{world['values']['meeting_id']}/agenda-full.pdf"
    for bad in ("%C2%B2", "0", "99999999999999999999", "two"):
        response = client.get(f"{url}?version={bad}")
        assert response.status_code == 404, bad
        assert "Page not found" in page_text(response)
    with client.get(f"{url}?version=1") as response:
        assert response.status_code == 200
        assert response.data.startswith(b"%PDF")


@pytest.mark.parametrize("role", ("anonymous", "secretary"))
def test_ids_that_no_record_can_have_are_not_found(app, client, sign_in, world, role):
    _sign_in(client, sign_in, world, role)
    tried, wrong = 0, []
    for rule in _ours(app):
        if rule.endpoint == "governors.auth.sign_out":
            continue
        method = "GET" if "GET" in rule.methods else "POST"
        for name in _id_arguments(rule):
            for bad in BAD_IDS:
                url = _fill(rule, {**world["values"], name: bad})
                response = client.open(url, method=method)
                tried += 1
                if response.status_code != 404 or "Page not found" not in page_text(response):
                    wrong.append(f"{method} {url} -> {response.status_code}")
    assert tried > 150
    assert wrong == []


def test_the_biggest_id_the_database_holds_is_looked_up_and_not_found(client, sign_in, world):
    sign_in(world["people"]["secretary"])
    response = client.get(f"/meetings/{MAX_ID}")
    assert response.status_code == 404
    assert "Page not found" in page_text(response)
    response = client.get(f"/meetings/{world['values']['meeting_id']}")
    assert response.status_code == 200
    assert "Council of Governors meeting" in page_text(response)


def test_a_token_that_cannot_be_one_is_not_found(app, client, world, monkeypatch):
    _server_errors_reported(app, monkeypatch)
    for url in (
        "/meetings/feed/abc%00def.ics",
        "/meetings/feed/abc%C2%B2def.ics",
        "/account/reset-password/abc%00def",
        "/account/invitation/abc%0Ddef",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Page not found" in page_text(response)
    feed = client.get(f"/meetings/feed/{world['values']['token']}.ics")
    assert feed.status_code == 200
    assert b"BEGIN:VCALENDAR" in feed.data


@pytest.mark.parametrize("endpoint", PAGED)
@pytest.mark.parametrize("page", BAD_PAGES)
def test_a_page_number_that_cannot_be_is_not_found(app, client, sign_in, world, endpoint, page):
    sign_in(world["people"]["secretary"])
    [rule] = app.url_map.iter_rules(endpoint)
    response = client.get(f"{rule.rule}?page={page}")
    assert response.status_code == 404
    assert "Page not found" in page_text(response)
    first = client.get(f"{rule.rule}?page=1")
    assert first.status_code == 200
    assert "There is a problem" not in page_text(first)


@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_bad_input_clearly(app, client, sign_in, world, role, monkeypatch):
    """Every route, as every role: odd page numbers, NUL bytes in every field a form of ours
    has (posted, and in the query string), and never a server error."""
    _server_errors_reported(app, monkeypatch)
    _sign_in(client, sign_in, world, role)
    nul_fields = dict.fromkeys(_field_names(), NUL)
    assert {"title", "place", "day-year", "email", "change_note"} <= set(nul_fields)
    wrong: list[str | None] = []
    field_errors: set[str] = set()
    for rule in _ours(app):
        if rule.endpoint == "governors.auth.sign_out":
            continue  # would end this test's sign-in
        url = _fill(rule, world["values"])
        if "GET" in rule.methods:
            for query in ("page=%C2%B2", "page=99999999999999999999"):
                with client.get(f"{url}?{query}") as response:
                    wrong.append(_problem("GET", f"{url}?{query}", response))
            with client.get(url, query_string=nul_fields) as response:
                wrong.append(_problem("GET", f"{url}?<NUL in every field>", response))
        if "POST" in rule.methods:
            response = client.post(url, data=nul_fields)
            response.close()
            wrong.append(_problem("POST", url, response))
            if response.status_code == 200 and _has_a_form(response):
                # A form shown again must say which field is wrong and how to put it right.
                text = page_text(response)
                if CONTROL_ERROR not in text or "There is a problem" not in text:
                    wrong.append(f"POST {url} -> 200 without the field error")
                field_errors.add(rule.endpoint)
    assert [problem for problem in wrong if problem] == []
    # Anyone may ask for a password reset; the secretary reaches every kind of form.
    assert "governors.auth.forgot_password" in field_errors
    if role == "secretary":
        assert SECRETARY_FORMS - field_errors == set()


@pytest.mark.parametrize(
    ("typed", "message", "part"),
    [
        ({"day-year": "99999999999999999999"}, "must have a year from 2000 to 2100", "year"),
        ({"day-year": "1999"}, "must have a year from 2000 to 2100", "year"),
        ({"day-day": "9" * 30}, "must have a day from 1 to 31", "day"),
        ({"day-day": "40"}, "must have a day from 1 to 31", "day"),
        ({"day-month": "%C2%B2"}, "must have a month from 1 to 12", "month"),
        ({"day-month": "²"}, "must have a month from 1 to 12", "month"),
        ({"day-month": "-1"}, "must have a month from 1 to 12", "month"),
        ({"day-day": "31", "day-month": "2"}, "must be a real date, like 21 1 2027", "day"),
        ({"day-day": "2\x00"}, CONTROL_ERROR, "day"),
    ],
)
def test_impossible_dates_get_a_field_error(client, sign_in, world, typed, message, part):
    sign_in(world["people"]["secretary"])
    response = client.post("/meetings/new", data=meeting_form(**typed))
    assert response.status_code == 200
    text = page_text(response)
    assert f"Date of the meeting {message}" in text
    assert "There is a problem" in text
    # The error summary links to the box to correct.
    assert f'href="#day-{part}"' in response.get_data(as_text=True)


@pytest.mark.parametrize("typed", ["99999999999999999999:00", "14:99999999999999", "²:30"])
def test_impossible_times_get_a_field_error(client, sign_in, world, typed):
    sign_in(world["people"]["secretary"])
    response = client.post("/meetings/new", data=meeting_form(start=typed))
    assert response.status_code == 200
    assert "Start time must be a real time in 24-hour format, like 14:30" in page_text(response)


def test_huge_dates_in_the_audit_filters_get_a_field_error(client, sign_in, world):
    sign_in(world["people"]["secretary"])
    response = client.get(
        "/audit/",
        query_string={
            "date_from-day": "1",
            "date_from-month": "1",
            "date_from-year": "9" * 40,
            "record_id": "99999999999999999999",
        },
    )
    assert response.status_code == 200
    text = page_text(response)
    assert "Date from must have a year from 2000 to 2100" in text
    assert "There is a problem" in text


@pytest.mark.parametrize(
    ("field", "value"),
    [("place", "Board\rroom"), ("place", "Board\x00room"), ("video_link", "https://x.test/\n")],
)
def test_control_characters_in_a_meeting_are_refused(client, sign_in, world, field, value):
    sign_in(world["people"]["secretary"])
    response = client.post("/meetings/new", data=meeting_form(**{field: value}))
    assert response.status_code == 200
    label = {"place": "Place", "video_link": "Video link"}[field]
    assert f"{label} {CONTROL_ERROR}" in page_text(response)
    assert f'href="#{field}"' in response.get_data(as_text=True)


def test_line_breaks_and_tabs_in_a_text_area_are_kept(client, sign_in, world):
    sign_in(world["people"]["secretary"])
    notes = "Park in the staff car park.\r\n\tBring the papers."
    response = client.post("/meetings/new", data=meeting_form(notes=notes))
    assert response.status_code == 302
    meeting = db.session.scalars(sa.select(Meeting).order_by(Meeting.id.desc())).first()
    assert meeting.notes.replace("\r\n", "\n") == "Park in the staff car park.\n\tBring the papers."


def test_sign_in_with_a_nul_byte_says_what_to_fix(client):
    response = client.post("/account/sign-in", data={"email": NUL, "password": NUL})
    assert response.status_code == 200
    text = page_text(response)
    assert f"Email address {CONTROL_ERROR}" in text
    assert f"Password {CONTROL_ERROR}" in text


def _fail_a_flush() -> str:
    # The settings table holds one row: a second one fails the flush, and the session then
    # refuses every query (PendingRollbackError) until it is rolled back.
    db.session.add(CouncilSettings(id=2, council_name="Second council"))
    db.session.flush()
    return "unreachable"


def test_the_error_page_is_drawn_after_a_failed_transaction(app, client, world, monkeypatch):
    _server_errors_reported(app, monkeypatch)
    monkeypatch.setitem(app.view_functions, "governors.meetings.public_list", _fail_a_flush)
    response = client.get("/meetings/public")
    assert response.status_code == 500
    text = page_text(response)
    assert "Sorry, there is a problem with the service" in text
    assert "Council of Governors" in text
    assert "nhsuk-header" in response.get_data(as_text=True)
    # The session is usable again: the next page reads the database as usual.
    monkeypatch.undo()
    after = client.get("/meetings/public")
    assert after.status_code == 200
    assert "Public meetings" in page_text(after)


def test_the_error_page_falls_back_to_plain_words_when_it_cannot_be_drawn(app, client, monkeypatch):
    _server_errors_reported(app, monkeypatch)

    def broken_template(*args: object, **kwargs: object) -> str:
        raise RuntimeError("the templates are unreadable")

    monkeypatch.setitem(app.view_functions, "governors.meetings.public_list", _fail_a_flush)
    monkeypatch.setattr(web, "render_template", broken_template)
    response = client.get("/meetings/public")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in page_text(response)
    assert "Try again later. Nothing you saved has been lost." in page_text(response)


def test_a_host_app_gets_the_id_converter(tmp_path: Path):
    enabled = limiter.enabled
    host = Flask("host_site", root_path=str(tmp_path), instance_path=str(tmp_path / "instance"))
    host.config.update(
        SECRET_KEY="the-host-secret",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'host.sqlite3'}",
        RATELIMIT_ENABLED=False,
    )
    try:
        Governors().init_app(host, url_prefix="/council")
        assert host.url_map.converters["governors_id"] is IdConverter
        # The host's own converters keep their names and meanings.
        assert host.url_map.converters["int"] is not IdConverter
        client = host.test_client()
        for bad in BAD_IDS:
            assert client.get(f"/council/meetings/{bad}").status_code == 404
        with host.test_request_context():
            from flask import url_for

            assert url_for("governors.meetings.detail", meeting_id=12) == "/council/meetings/12"
    finally:
        limiter.enabled = enabled
        with host.app_context():
            db.engine.dispose()
