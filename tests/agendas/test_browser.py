"""The builder through a real browser with JavaScript off: add, reorder, publish, read."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from governors.extensions import db
from governors.meetings.models import Meeting
from governors.timeutil import utcnow
from tests.browser.conftest import DEMO_SIGN_INS, LiveServer, sign_in

pytestmark = pytest.mark.browser

PRIVATE_TITLE = "Chief executive's remuneration review"


def next_council_meeting(agenda_server: LiveServer) -> int:
    with agenda_server.app.app_context():
        return db.session.scalar(
            sa.select(Meeting.id)
            .where(Meeting.kind == "ordinary", Meeting.starts_at > utcnow())
            .order_by(Meeting.starts_at)
            .limit(1)
        )


def test_the_secretary_builds_and_publishes_and_governors_and_the_public_read_it(
    browser, agenda_server: LiveServer
) -> None:
    meeting_id = next_council_meeting(agenda_server)
    secretary = browser.new_context(java_script_enabled=False)
    try:
        page = secretary.new_page()
        sign_in(page, agenda_server, DEMO_SIGN_INS["secretary"])
        page.goto(agenda_server.url("governors.agendas.edit", meeting_id=meeting_id))
        assert page.get_by_role("heading", name="Build the agenda").is_visible()

        # A mistake first: the error summary names the field and what was typed stays.
        page.get_by_role("link", name="Add an item to the private part").click()
        page.get_by_label("Title").fill(PRIVATE_TITLE)
        page.get_by_label("To decide").check()
        page.get_by_label("Time allowed, in minutes").fill("ninety")
        page.get_by_role("button", name="Add item").click()
        assert page.title().startswith("Error: ")
        assert "Time allowed must be a whole number of minutes" in (
            page.get_by_role("alert").inner_text()
        )
        assert page.get_by_label("Title").input_value() == PRIVATE_TITLE
        page.get_by_label("Time allowed, in minutes").fill("20")
        page.get_by_role("button", name="Add item").click()
        assert page.get_by_text(f"Added “{PRIVATE_TITLE}” to the agenda.").is_visible()

        # Move it up, with a plain form button.
        rows = page.locator("#private-part + table tbody tr")
        before = rows.count()
        page.get_by_role("button", name=f"Move up item P{before}: {PRIVATE_TITLE}").click()
        assert (
            page.locator("#private-part + table tbody tr")
            .nth(before - 2)
            .inner_text()
            .count(PRIVATE_TITLE)
        )

        assert page.get_by_role("heading", name="Changes not published").is_visible()
        page.get_by_label("What has changed?").fill("Added the remuneration review")
        page.get_by_role("button", name="Publish version").click()
        assert page.get_by_text("Published version").is_visible()
    finally:
        secretary.close()

    governor = browser.new_context()
    try:
        page = governor.new_page()
        sign_in(page, agenda_server, DEMO_SIGN_INS["governor"])
        page.goto(agenda_server.url("governors.agendas.show", meeting_id=meeting_id))
        assert page.get_by_role("heading", name="What changed in version").is_visible()
        assert page.get_by_text("Added the remuneration review").is_visible()
        assert PRIVATE_TITLE in page.locator("main").inner_text()
    finally:
        governor.close()

    public = browser.new_context()
    try:
        page = public.new_page()
        page.goto(agenda_server.url("governors.agendas.public", meeting_id=meeting_id))
        text = page.content()
        assert "Chief executive" in text
        assert "remuneration" not in text.lower()
    finally:
        public.close()
