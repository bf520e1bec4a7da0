"""The secretary is prompted and protected, through Chromium with JavaScript off: add
items one after another, move item 13 to number 5 in one go, publish after checking a
governor's words, cancel a meeting with a reason. Then axe checks the new pages."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from axe_playwright_python.sync_playwright import Axe

from governors.agendas import services as agendas
from governors.extensions import db
from governors.outbox.models import OutboxMessage
from governors.people.models import User
from governors.timeutil import utcnow
from tests import factories
from tests.browser.conftest import DEMO_SIGN_INS, LiveServer, sign_in

pytestmark = pytest.mark.browser

GOVERNORS_TITLE = "Parking for carers at the main hospital"
GOVERNORS_WORDS = "Carers tell us they cannot park near the wards at visiting time."
REASON = "Too few governors can come, so the meeting would not be quorate."


def a_meeting_to_build(live_server: LiveServer, days_ahead: int) -> int:
    """A Council meeting far enough ahead to be nobody else's "next meeting", with its
    standing items and an item a governor asked for, with no time set yet."""
    with live_server.app.app_context():
        factories.bind(db.session)
        secretary = db.session.query(User).filter_by(email=DEMO_SIGN_INS["secretary"]).one()
        governor = db.session.query(User).filter_by(email=DEMO_SIGN_INS["governor"]).one()
        meeting = factories.MeetingFactory(starts_at=utcnow() + timedelta(days=days_ahead))
        agendas.add_standing_items(secretary, meeting)
        request = factories.AgendaRequestFactory(
            meeting=meeting, proposer=governor, title=GOVERNORS_TITLE, status="accepted"
        )
        agendas.add_item(
            secretary,
            meeting,
            part="public",
            title=GOVERNORS_TITLE,
            purpose="discuss",
            presenter=governor.name,
            description=GOVERNORS_WORDS,
            request=request,
        )
        db.session.commit()
        meeting_id = meeting.id
        db.session.remove()
        return meeting_id


def click(page, role: str, name: str | re.Pattern) -> None:
    page.get_by_role(role, name=name, exact=isinstance(name, str)).first.click()
    page.wait_for_load_state()


def test_the_secretary_adds_moves_publishes_and_cancels_without_javascript(
    browser, live_server: LiveServer
) -> None:
    from playwright.sync_api import expect

    meeting_id = a_meeting_to_build(live_server, 230)
    context = browser.new_context(java_script_enabled=False)
    try:
        context.set_default_timeout(10_000)
        page = context.new_page()
        sign_in(page, live_server, DEMO_SIGN_INS["secretary"])
        page.goto(live_server.url("governors.agendas.edit", meeting_id=meeting_id))

        # Add seven items one after another, then an eighth: item 13 of the public part.
        page.get_by_role("link", name="Add an item to the public part").click()
        page.wait_for_load_state()
        for n in range(1, 9):
            page.get_by_label("Title").fill(f"Report {n}")
            page.locator("input[name=purpose][value=note]").check()
            page.get_by_label("Time allowed, in minutes").fill("10")
            if n < 8:
                click(page, "button", "Save and add another")
                expect(page.get_by_role("alert")).to_contain_text(
                    f"Added “Report {n}” to the agenda. Add another item below."
                )
                expect(page.get_by_label("Title")).to_have_value("")
            else:
                click(page, "button", "Add item")
        expect(page.get_by_role("heading", name="Build the agenda")).to_be_visible()

        rows = page.locator("#public-part + table tbody tr")
        expect(rows).to_have_count(14)  # 4 standing, the governor's, 8 reports, any other
        expect(rows.nth(12)).to_contain_text("Report 8")

        # Item 13 to number 5 in one step, not eight.
        page.get_by_label(re.compile(r"^Move to number, item 13: Report 8")).select_option("5")
        click(page, "button", re.compile(r"^Move item 13: Report 8"))
        expect(page.get_by_role("alert")).to_have_text(
            re.compile(r"Item “Report 8” is now number 5 in the public part\.")
        )
        rows = page.locator("#public-part + table tbody tr")
        expect(rows.nth(4)).to_contain_text("Report 8")
        expect(rows.nth(13)).to_contain_text("Any other business")

        # Before publishing: what becomes public, with the governor's words flagged.
        section = page.locator("#becoming-public ~ ul.app-becoming-public")
        expect(section).to_contain_text(GOVERNORS_WORDS)
        expect(section).to_contain_text("Check: from a governor")

        # Publishing asks for a check, and will not go on without the box ticked.
        click(page, "button", "Publish agenda")
        expect(page.get_by_role("heading", name="Check before you publish")).to_be_visible()
        expect(page.locator("#untimed-list")).to_contain_text(GOVERNORS_TITLE)
        expect(page.locator("#check-list")).to_contain_text(GOVERNORS_WORDS)
        click(page, "button", "Publish agenda")
        expect(page).to_have_title(re.compile(r"^Error: "))
        expect(page.locator(".nhsuk-error-summary")).to_contain_text(
            "Tick the box to say you have checked these items"
        )
        page.get_by_label("I have checked these items and they can be published").check()
        click(page, "button", "Publish agenda")
        expect(page.get_by_text("Published version 1 of the agenda.")).to_be_visible()

        # Cancelling asks why, and tells everyone expected.
        page.goto(live_server.url("governors.meetings.cancel", meeting_id=meeting_id))
        click(page, "button", "Yes, cancel this meeting")
        expect(page.locator(".nhsuk-error-summary")).to_contain_text(
            "Enter why the meeting is cancelled"
        )
        page.get_by_label("Why is the meeting cancelled?").fill(REASON)
        click(page, "button", "Yes, cancel this meeting")
        expect(
            page.get_by_text("We have sent an email to everyone who was due to come.")
        ).to_be_visible()
    finally:
        context.close()

    with live_server.app.app_context():
        bodies = db.session.scalars(
            sa.select(OutboxMessage.body_text).where(OutboxMessage.subject.startswith("Cancelled:"))
        ).all()
        db.session.remove()
    # Other browser tests cancel meetings of their own: only this meeting's emails count.
    ours = [body for body in bodies if f"/meetings/{meeting_id}\n" in body]
    assert ours and all(REASON in body for body in ours)


def _no_serious_problems(page) -> None:
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in {"serious", "critical"}]
    assert not serious, "\n".join(
        f"{v['impact']}: {v['id']}: {v['help']} on {page.url}: "
        + "; ".join(node["target"][0] for node in v["nodes"][:5])
        for v in serious
    )


def test_the_new_and_changed_pages_pass_axe(browser, live_server: LiveServer, role_state) -> None:
    meeting_id = a_meeting_to_build(live_server, 260)
    # axe is injected into the page: our Content-Security-Policy would rightly refuse it.
    context = browser.new_context(bypass_csp=True, storage_state=role_state("secretary"))
    try:
        context.set_default_timeout(10_000)
        page = context.new_page()

        page.goto(live_server.url("governors.home"))
        assert page.get_by_role("heading", name="Agendas to prepare and publish").is_visible()
        _no_serious_problems(page)

        page.goto(live_server.url("governors.agendas.edit", meeting_id=meeting_id))
        _no_serious_problems(page)  # the numbers to move to, and what becomes public

        page.goto(live_server.url("governors.agendas.add_item", meeting_id=meeting_id))
        page.get_by_label("Title").fill("Finance report")
        page.locator("input[name=purpose][value=note]").check()
        page.get_by_label("Time allowed, in minutes").fill("10")
        click(page, "button", "Save and add another")
        _no_serious_problems(page)

        page.goto(live_server.url("governors.agendas.edit", meeting_id=meeting_id))
        click(page, "button", "Publish agenda")
        _no_serious_problems(page)  # the check before publishing
        click(page, "button", "Publish agenda")
        assert page.title().startswith("Error: ")
        _no_serious_problems(page)

        page.goto(live_server.url("governors.meetings.cancel", meeting_id=meeting_id))
        _no_serious_problems(page)
        click(page, "button", "Yes, cancel this meeting")
        assert page.title().startswith("Error: ")
        _no_serious_problems(page)
    finally:
        context.close()
