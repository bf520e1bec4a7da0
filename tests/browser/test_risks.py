"""Through the real pages with JavaScript off: the board secretary adds a risk with a hard
summary, is shown the plain-language advice with its figure, rewrites it and saves; the
heat map then counts it."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import DEMO_SIGN_INS, LiveServer, sign_in

pytestmark = pytest.mark.browser

HARD = (
    "Notwithstanding substantive contractual obligations articulated within the overarching "
    "commissioning framework, the organisation's operational capacity to deliver "
    "comprehensive multidisciplinary interventions is considerably jeopardised."
)
PLAIN = (
    "Because the new contract pays less, there is a risk that we cannot keep every clinic "
    "open. That would mean longer journeys for some patients."
)
CELL = 'svg [data-likelihood="1"][data-impact="5"]'


def test_the_secretary_rewrites_a_hard_summary_and_the_heat_map_counts_it(
    browser, live_server: LiveServer
) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(java_script_enabled=False)
    try:
        context.set_default_timeout(10_000)
        page = context.new_page()
        sign_in(page, live_server, DEMO_SIGN_INS["secretary"])
        page.goto(live_server.url("governors.risks.overview"))
        before = int(page.locator(CELL).get_attribute("data-count"))

        page.goto(live_server.url("governors.risks.register"))
        page.get_by_role("button", name="Add a risk").click()
        page.wait_for_load_state()
        expect(
            page.get_by_text("Because…, there is a risk that…, which would mean…")
        ).to_be_visible()
        page.get_by_label("Title").fill("Community clinic contract")
        page.get_by_label("Summary in plain words").fill(HARD)
        page.get_by_label("Owner").select_option(label="Emma Sutton")
        page.get_by_label("Overseen by").select_option(label="Council of Governors")
        page.get_by_role("group", name="How likely is it now?").get_by_label("1: Rare").check()
        page.get_by_role("group", name="How bad would it be now?").get_by_label(
            "5: Catastrophic"
        ).check()
        page.get_by_role(
            "group", name="How likely should it be, once the work is done?"
        ).get_by_label("1: Rare").check()
        page.get_by_role("group", name="How bad should it be, once the work is done?").get_by_label(
            "3: Moderate"
        ).check()
        page.locator("#review_on-day").fill("30")
        page.locator("#review_on-month").fill("6")
        page.locator("#review_on-year").fill("2030")
        page.get_by_role("button", name="Save", exact=True).click()
        page.wait_for_load_state()

        advice = page.locator("#summary-advice")
        expect(advice).to_contain_text("The summary may be hard to read")
        expect(advice).to_contain_text(re.compile(r"scores -?\d+(\.\d)? for reading ease"))
        expect(page.get_by_role("button", name="Save anyway")).to_be_visible()
        # What was typed is kept.
        expect(page.get_by_label("Title")).to_have_value("Community clinic contract")
        expect(page.get_by_label("Summary in plain words")).to_have_value(HARD)

        page.get_by_label("Summary in plain words").fill(PLAIN)
        page.get_by_role("button", name="Save", exact=True).click()
        page.wait_for_load_state()
        expect(page.get_by_text("The risk is on the register.")).to_be_visible()
        expect(page.locator("#summary")).to_have_text(PLAIN)
        expect(page.locator("#score")).to_contain_text("Moderate risk, score 5")

        page.goto(live_server.url("governors.risks.overview"))
        expect(page.locator(CELL)).to_have_attribute("data-count", str(before + 1))
        expect(
            page.locator('#heat-map-table td[data-likelihood="1"][data-impact="5"]')
        ).to_contain_text(str(before + 1))
    finally:
        context.close()
