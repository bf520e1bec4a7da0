"""The builder through a real browser with JavaScript off: add, reorder, publish, read."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from governors.extensions import db
from governors.meetings.models import Meeting
from governors.timeutil import utcnow
from tests.browser.conftest import DEMO_SIGN_INS, LiveServer, sign_in

pytestmark = pytest.mark.browser

PRIVATE_TITLE = "Chief executive's remuneration review"


def next_council_meeting(live_server: LiveServer) -> int:
    with live_server.app.app_context():
        return db.session.scalar(
            sa.select(Meeting.id)
            .where(Meeting.kind == "ordinary", Meeting.starts_at > utcnow())
            .order_by(Meeting.starts_at)
            .limit(1)
        )


def test_the_secretary_builds_and_publishes_and_governors_and_the_public_read_it(
    browser, live_server: LiveServer
) -> None:
    from playwright.sync_api import expect

    meeting_id = next_council_meeting(live_server)

    def submit(page, name: str) -> None:
        page.get_by_role("button", name=name).click()
        page.wait_for_load_state()

    secretary = browser.new_context(java_script_enabled=False)
    try:
        page = secretary.new_page()
        sign_in(page, live_server, DEMO_SIGN_INS["secretary"])
        page.goto(live_server.url("governors.agendas.edit", meeting_id=meeting_id))
        expect(page.get_by_role("heading", name="Build the agenda")).to_be_visible()

        # A mistake first: the error summary names the field and what was typed stays.
        page.get_by_role("link", name="Add an item to the private part").click()
        page.wait_for_load_state()
        page.get_by_label("Title").fill(PRIVATE_TITLE)
        page.get_by_label("To decide").check()
        page.get_by_label("Time allowed, in minutes").fill("ninety")
        submit(page, "Add item")
        expect(page).to_have_title(re.compile(r"^Error: "))
        expect(page.get_by_role("alert")).to_contain_text(
            "Time allowed must be a whole number of minutes"
        )
        expect(page.get_by_label("Title")).to_have_value(PRIVATE_TITLE)
        page.get_by_label("Time allowed, in minutes").fill("20")
        submit(page, "Add item")
        expect(page.get_by_text(f"Added “{PRIVATE_TITLE}” to the agenda.")).to_be_visible()

        # Move it up, with a plain form button: no JavaScript needed.
        rows = page.locator("#private-part + table tbody tr")
        last = rows.count()
        expect(rows.nth(last - 1)).to_contain_text(PRIVATE_TITLE)
        submit(page, f"Move up item P{last}: {PRIVATE_TITLE}")
        expect(page.locator("#private-part + table tbody tr").nth(last - 2)).to_contain_text(
            PRIVATE_TITLE
        )

        expect(page.get_by_role("heading", name="Changes not published")).to_be_visible()
        page.get_by_label("What has changed?").fill("Added the remuneration review")
        submit(page, "Publish version")
        expect(page.get_by_text("Published version")).to_be_visible()
    finally:
        secretary.close()

    governor = browser.new_context()
    try:
        page = governor.new_page()
        sign_in(page, live_server, DEMO_SIGN_INS["governor"])
        page.goto(live_server.url("governors.agendas.show", meeting_id=meeting_id))
        expect(page.get_by_role("heading", name="What changed in version")).to_be_visible()
        expect(page.get_by_text("Added the remuneration review")).to_be_visible()
        expect(page.locator("main")).to_contain_text(PRIVATE_TITLE)
    finally:
        governor.close()

    public = browser.new_context()
    try:
        page = public.new_page()
        page.goto(live_server.url("governors.agendas.public", meeting_id=meeting_id))
        expect(page.get_by_role("heading", name="Agenda", exact=True)).to_be_visible()
        text = page.content()
        assert "Chief executive" in text
        assert "remuneration" not in text.lower()
    finally:
        public.close()
