"""Through the real pages with JavaScript off: the lead governor narrows the action log to
what is overdue and chases the owners of one action."""

from __future__ import annotations

import pytest

from tests.browser.conftest import DEMO_SIGN_INS, LiveServer, sign_in

pytestmark = pytest.mark.browser


def test_the_lead_governor_filters_to_overdue_actions_and_chases_one(
    browser, live_server: LiveServer
) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(java_script_enabled=False)
    try:
        context.set_default_timeout(10_000)
        page = context.new_page()
        sign_in(page, live_server, DEMO_SIGN_INS["lead_governor"])
        expect(page.locator("#overdue-actions-heading")).to_be_visible()

        page.get_by_role("link", name="Action log", exact=True).first.click()
        page.get_by_label("Due").select_option(label="Overdue")
        page.get_by_role("button", name="Show actions").click()
        page.wait_for_load_state()
        rows = page.locator("#actions tbody tr")
        expect(rows.first).to_be_visible()
        count = rows.count()
        for n in range(count):
            expect(rows.nth(n)).to_contain_text("Overdue")
        expect(page.locator("#found")).to_contain_text(f"{count} action")

        rows.first.get_by_role("link").first.click()
        page.wait_for_load_state()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        page.get_by_label("A note to the owners (optional)").fill(
            "The Council meets soon: can you send an update before then?"
        )
        page.get_by_role("button", name="Chase the owners").click()
        page.wait_for_load_state()
        expect(page.get_by_text("Chased: an email is on its way")).to_be_visible()
        expect(page.locator("#chases + ul")).to_contain_text("can you send an update")
    finally:
        context.close()
