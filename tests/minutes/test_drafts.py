"""Nothing typed into a minute is lost when the session ends: what was sent is kept on the
server, and shown again (not yet saved) to the same person when they sign in again."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from governors.agendas import services as agendas
from governors.extensions import db
from governors.minutes.models import Minute, MinuteDraft
from governors.people import services as people
from tests import factories
from tests.conftest import TEST_PASSWORD, make_app
from tests.meetings.helpers import path

pytestmark = pytest.mark.clock(datetime(2027, 5, 5, 12, 0, tzinfo=UTC))
TYPED = "Governors asked how the waiting list for memory clinics will be cut by March."


@pytest.fixture
def csrf_app(app: Flask, database_url: str, tmp_path: Path) -> Flask:
    return make_app(database_url, tmp_path, WTF_CSRF_ENABLED=True)


def _hidden(page: str, name: str) -> str:
    found = re.search(rf'name="{name}"(?: type="hidden")? value="([^"]*)"', page)
    assert found, f"no {name} on the page"
    return found.group(1)


def _sign_in(client, person) -> None:
    page = client.get("/account/sign-in").get_data(as_text=True)
    response = client.post(
        "/account/sign-in",
        data={
            "email": person.email,
            "password": TEST_PASSWORD,
            "csrf_token": _hidden(page, "csrf_token"),
        },
    )
    assert response.status_code == 302


@pytest.fixture
def item(app):
    secretary = factories.secretary()
    meeting = factories.MeetingFactory(starts_at=datetime(2027, 5, 5, 10, 0, tzinfo=UTC))
    item = agendas.add_item(secretary, meeting, part="public", title="Memory clinic waits")
    db.session.commit()
    return secretary, item


def _open_minute(client, item) -> tuple[str, dict[str, str]]:
    url = path("governors.minutes.edit", meeting_id=item.meeting_id, item_id=item.id)
    page = client.get(url).get_data(as_text=True)
    form = {
        "csrf_token": _hidden(page, "csrf_token"),
        "draft_key": _hidden(page, "draft_key"),
        "revision": "",
        "discussion": TYPED,
        "presented_by": "Dr Asha Patel",
    }
    return url, form


def test_a_minute_sent_after_the_session_cookie_is_gone_is_kept_and_restored(csrf_app, item, clock):
    secretary, item = item
    client = csrf_app.test_client()
    _sign_in(client, secretary)
    url, form = _open_minute(client, item)
    # Hours later the session has gone: the browser no longer sends its cookie.
    clock.move_to(datetime(2027, 5, 5, 21, 0, tzinfo=UTC))
    client.delete_cookie("governors_session")
    response = client.post(url, data=form)
    assert response.status_code == 302
    assert "/account/sign-in" in response.headers["Location"]
    assert "next=" in response.headers["Location"]
    kept = db.session.scalar(sa.select(MinuteDraft))
    assert kept.user_id == secretary.id and kept.fields["discussion"] == TYPED

    # Signing in again leads back to the item, with what was typed, not yet saved.
    sign_in_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "What you typed is kept" in sign_in_page
    _sign_in(client, secretary)
    page = client.get(url).get_data(as_text=True)
    assert "What you typed is back, but not saved yet" in page
    assert TYPED in page and "Dr Asha Patel" in page
    assert db.session.scalar(sa.select(Minute)) is None

    # Saving it saves the minute and forgets the kept copy.
    form = {**form, "csrf_token": _hidden(page, "csrf_token")}
    response = client.post(url, data=form)
    assert response.status_code == 302
    assert db.session.scalar(sa.select(Minute.discussion)) == TYPED
    assert db.session.scalar(sa.select(MinuteDraft)) is None


def test_a_minute_sent_after_signing_out_elsewhere_is_kept(csrf_app, item):
    """The session cookie is still sent (so the CSRF check passes) but no longer counts."""
    secretary, item = item
    client = csrf_app.test_client()
    _sign_in(client, secretary)
    url, form = _open_minute(client, item)
    people.sign_out(secretary)  # signing out on another device ends every session
    db.session.commit()
    response = client.post(url, data=form)
    assert response.status_code == 302 and "/account/sign-in" in response.headers["Location"]
    assert db.session.scalar(sa.select(MinuteDraft.fields))["discussion"] == TYPED


def test_only_the_person_who_typed_it_gets_it_back(csrf_app, item):
    secretary, item = item
    colleague = factories.secretary()
    client = csrf_app.test_client()
    _sign_in(client, secretary)
    url, form = _open_minute(client, item)
    client.delete_cookie("governors_session")
    client.post(url, data=form)
    assert db.session.scalar(sa.select(MinuteDraft.user_id)) == secretary.id

    other = csrf_app.test_client()
    _sign_in(other, colleague)
    page = other.get(url).get_data(as_text=True)
    assert "Memory clinic waits" in page
    assert TYPED not in page and "not saved yet" not in page


def test_a_form_without_a_key_of_ours_is_not_kept(csrf_app, item):
    secretary, item = item
    client = csrf_app.test_client()
    _sign_in(client, secretary)
    url, form = _open_minute(client, item)
    client.delete_cookie("governors_session")
    response = client.post(url, data={**form, "draft_key": "forged." + form["draft_key"]})
    assert response.status_code == 400
    assert "This page has timed out" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MinuteDraft)) == 0


def test_what_was_kept_can_be_discarded(csrf_app, item):
    secretary, item = item
    client = csrf_app.test_client()
    _sign_in(client, secretary)
    url, form = _open_minute(client, item)
    client.delete_cookie("governors_session")
    client.post(url, data=form)
    _sign_in(client, secretary)
    page = client.get(url).get_data(as_text=True)
    assert "not saved yet" in page and TYPED in page
    discard = path("governors.minutes.discard_draft", meeting_id=item.meeting_id, item_id=item.id)
    response = client.post(
        discard, data={"csrf_token": _hidden(page, "csrf_token")}, follow_redirects=True
    )
    assert "What was kept has been discarded" in response.get_data(as_text=True)
    assert TYPED not in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MinuteDraft)) == 0
