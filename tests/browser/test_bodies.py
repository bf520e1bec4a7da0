"""Through the real pages with JavaScript off: the secretary sets up a panel, gives it a
seat, a chair and a deputy, schedules its meeting and publishes the meeting's agenda."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from governors.extensions import db
from governors.timeutil import local_today
from tests import factories
from tests.browser.conftest import DEMO_SIGN_INS, LiveServer, sign_in

pytestmark = pytest.mark.browser

# The demo council already has a "Recruitment Panel: Non-executive Director (Finance)".
PANEL = "Recruitment Panel: Non-executive Director (Quality)"
CHAIR = "Ottoline Wickersham"
DEPUTY = "Barnaby Quillfeather"
ITEM = "Shortlisting the candidates"


def make_people(live_server: LiveServer) -> None:
    """The panel's chair and its deputy, committed so the live server sees them."""
    with live_server.app.app_context():
        factories.bind(db.session)
        factories.governor(name=CHAIR, email="ottoline.wickersham@example.org")
        factories.governor(
            constituency="service_user", name=DEPUTY, email="barnaby.quillfeather@example.org"
        )
        db.session.commit()
        db.session.remove()


def test_the_secretary_sets_up_a_panel_and_publishes_its_agenda(
    browser, live_server: LiveServer
) -> None:
    from playwright.sync_api import expect

    make_people(live_server)

    def click(page, role: str, name: str) -> None:
        page.get_by_role(role, name=name, exact=True).click()
        page.wait_for_load_state()

    secretary = browser.new_context(java_script_enabled=False)
    try:
        secretary.set_default_timeout(10_000)
        page = secretary.new_page()
        sign_in(page, live_server, DEMO_SIGN_INS["secretary"])

        # Set the panel up.
        click(page, "link", "Committees")
        assert page.url.endswith("/bodies/")
        click(page, "button", "Set up a committee, group or panel")
        page.get_by_label("Name", exact=True).fill(PANEL)
        page.get_by_label("Panel", exact=True).check()
        expect(page.get_by_label("Who does it report to?")).to_have_value(re.compile(r"\d+"))
        assert "Council of Governors" in page.get_by_label("Who does it report to?").evaluate(
            "select => select.selectedOptions[0].textContent"
        )
        page.get_by_label("Terms of reference", exact=True).fill(
            "To shortlist, interview and recommend a non-executive director with finance "
            "experience to the Council of Governors."
        )
        page.get_by_role("radio", name=re.compile(r"^No: ")).check()
        click(page, "button", "Set it up")
        expect(page.get_by_role("heading", level=1)).to_contain_text(PANEL)
        body_url = page.url

        # A seat for a service user governor: empty, and flagged.
        click(page, "button", "Add a seat")
        page.get_by_label("Service user governor", exact=True).check()
        expect(page.get_by_label("How many people does it need?")).to_have_value("1")
        click(page, "button", "Add seat")
        expect(page.get_by_text("The service user governor seat is empty").first).to_be_visible()

        # Its chair.
        click(page, "button", "Add a member")
        page.get_by_label("Person", exact=True).select_option(label=CHAIR)
        page.get_by_label("Chair", exact=True).check()
        click(page, "button", "Add member")
        expect(page.get_by_text(f"{CHAIR} added as chair")).to_be_visible()
        expect(page.locator("main")).to_contain_text(CHAIR)

        # A deputy for the seat.
        seat_card = page.locator(".nhsuk-card").filter(has_text="service user governor")
        seat_card.get_by_role("button", name="Add a deputy").click()
        page.wait_for_load_state()
        page.get_by_label("Deputy", exact=True).select_option(label=DEPUTY)
        click(page, "button", "Add deputy")
        expect(page.get_by_text(f"Agreed deputies, in order: {DEPUTY}")).to_be_visible()

        # Its meeting, a few weeks from now.
        day = local_today() + timedelta(weeks=4)
        click(page, "button", "Schedule a meeting")
        page.locator("#day-day").fill(str(day.day))
        page.locator("#day-month").fill(str(day.month))
        page.locator("#day-year").fill(str(day.year))
        page.get_by_label("Start time").fill("10:00")
        page.get_by_label("End time").fill("12:00")
        page.get_by_label("Place").fill("Room 2, Trust Headquarters")
        click(page, "button", "Schedule meeting")
        expect(page.get_by_role("link", name=PANEL)).to_be_visible()
        meeting_id = int(re.search(r"/meetings/(\d+)", page.url).group(1))

        # Its agenda: one item, then publish.
        click(page, "link", "See the agenda for this meeting")
        click(page, "link", "Build and publish the agenda")
        assert page.url.endswith(f"/agendas/{meeting_id}/edit")
        expect(page.get_by_role("heading", name="Build the agenda")).to_be_visible()
        click(page, "link", "Add an item")
        page.get_by_label("Title", exact=True).fill(ITEM)
        page.get_by_label("To decide").check()
        page.get_by_label("Time allowed, in minutes").fill("30")
        click(page, "button", "Add item")
        expect(page.get_by_text(f"Added “{ITEM}” to the agenda.")).to_be_visible()
        click(page, "button", "Publish agenda")

        page.goto(live_server.url("governors.agendas.show", meeting_id=meeting_id))
        expect(page.locator("main")).to_contain_text(ITEM)
        # Its meetings are not open to the public: no public agenda, nor its PDF.
        assert page.get_by_role("link", name="Download the public agenda (PDF)").count() == 0
        full = page.get_by_role("link", name=re.compile(r"^Download the full agenda"))
        # The session cookie is Secure: Chromium sends it to 127.0.0.1, Playwright's own
        # requests over plain http do not, so the request carries it by hand.
        cookie = "; ".join(f"{c['name']}={c['value']}" for c in secretary.cookies())
        response = page.request.get(
            live_server.base_url + full.get_attribute("href"), headers={"Cookie": cookie}
        )
        assert response.status == 200
        assert response.headers["content-type"] == "application/pdf"
        public = page.request.get(
            live_server.url("governors.agendas.pdf_public", meeting_id=meeting_id)
        )
        assert public.status == 404

        page.goto(body_url)
        expect(page.locator("#meetings ~ ul").first).to_contain_text(day.strftime("%B %Y"))

        # Cancel it, so the other browser tests' "latest published agenda" stays a demo
        # meeting open to the public.
        page.goto(live_server.url("governors.meetings.detail", meeting_id=meeting_id))
        click(page, "button", "Cancel this meeting")
        page.get_by_label("Why is the meeting cancelled?").fill("The panel met early instead.")
        click(page, "button", "Yes, cancel this meeting")
        expect(page.get_by_role("heading", name="This meeting has been cancelled")).to_be_visible()
    finally:
        secretary.close()
