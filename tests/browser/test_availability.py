"""On a phone-sized screen, a governor says they are not available: from the link in the
header of the home page, in two steps (fill in, then check and confirm), to the period's
page with their private note; then says they are available again in one step. axe checks
the form and the period page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe

from governors.timeutil import local_today
from tests.browser.conftest import DEMO_SIGN_INS, LiveServer, sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 667}
NOTE = "Back on the ward for a few days. Please call rather than email."
SERIOUS = {"serious", "critical"}


def _no_serious_problems(page) -> None:
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in SERIOUS]
    assert not serious, "\n".join(
        f"{v['impact']}: {v['id']}: {v['help']} on {page.url}: "
        + "; ".join(node["target"][0] for node in v["nodes"][:5])
        for v in serious
    )


def _date_words(day) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def test_a_governor_on_a_phone_says_they_are_not_available(
    browser, live_server: LiveServer
) -> None:
    from playwright.sync_api import expect

    # axe is injected into the page: our Content-Security-Policy would rightly refuse it.
    context = browser.new_context(viewport=PHONE, bypass_csp=True)
    try:
        context.set_default_timeout(10_000)
        page = context.new_page()
        sign_in(page, live_server, DEMO_SIGN_INS["governor"])
        page.goto(live_server.url("governors.home"))

        link = page.get_by_role("link", name="Not available?")
        expect(link).to_be_visible()
        link.click()
        page.wait_for_load_state()
        expect(page.get_by_role("heading", level=1)).to_have_text("Tell us you are not available")
        expect(page.get_by_text("You do not need to give a reason.")).to_be_visible()
        _no_serious_problems(page)

        # Away from yesterday to the day after tomorrow; the first day starts as today.
        today = local_today()
        first, last = today - timedelta(days=1), today + timedelta(days=2)
        starts = page.get_by_role("group", name="First day you are not available")
        expect(starts.get_by_label("Day")).to_have_value(str(today.day))
        starts.get_by_label("Day").fill(str(first.day))
        starts.get_by_label("Month").fill(str(first.month))
        starts.get_by_label("Year").fill(str(first.year))
        page.get_by_label("On a day I know").check()
        ends = page.get_by_role("group", name="Last day")
        expect(ends).to_be_visible()
        ends.get_by_label("Day").fill(str(last.day))
        ends.get_by_label("Month").fill(str(last.month))
        ends.get_by_label("Year").fill(str(last.year))
        page.get_by_label("Private note (optional)").fill(NOTE)
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()

        expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
        expect(page.get_by_text(_date_words(first))).to_be_visible()
        expect(page.get_by_text(_date_words(last))).to_be_visible()
        expect(page.get_by_text(NOTE)).to_be_visible()
        page.get_by_role("button", name="Confirm").click()
        page.wait_for_load_state()

        expect(page.get_by_text("Thank you. You are recorded as not available")).to_be_visible()
        expect(
            page.get_by_text("Private: only you and the board secretary can see this.")
        ).to_be_visible()
        expect(page.locator("#note-text")).to_have_text(NOTE)
        _no_serious_problems(page)
        period_url = page.url

        page.get_by_role("button", name="I am available again").click()
        page.wait_for_load_state()
        assert page.url == period_url
        expect(
            page.get_by_text(f"You are available again from today, {_date_words(today)}.")
        ).to_be_visible()
        expect(page.get_by_role("button", name="I am available again")).to_have_count(0)
        expect(page.locator(".nhsuk-tag", has_text="Ended early")).to_be_visible()
    finally:
        context.close()
