"""Through the real pages with JavaScript off: a governor asks a non-executive director a
question; the board secretary passes it on; the director answers it on the record; the
governor says it answered the question, and anyone can read it on the public page."""

from __future__ import annotations

import pytest

from tests.browser.conftest import DEMO_SIGN_INS, LiveServer, sign_in

pytestmark = pytest.mark.browser

NED = "Richard Penrose"
NED_EMAIL = "richard.penrose@example.org"
QUESTION = "How will the board know whether the new discharge lounge shortens waits on wards?"
ANSWER = "The board will see the time from decision to discharge each month, ward by ward."


def test_a_governors_question_is_answered_on_the_record(browser, live_server: LiveServer) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(java_script_enabled=False)
    try:
        context.set_default_timeout(10_000)
        page = context.new_page()

        sign_in(page, live_server, DEMO_SIGN_INS["governor"])
        page.goto(live_server.url("governors.questions.ask"))
        page.get_by_label("Your question").fill(QUESTION)
        page.get_by_label("Who is it for?").select_option(label=f"{NED}, non-executive director")
        page.get_by_role(
            "group", name="May your question and its answer be published?"
        ).get_by_label("Yes").check()
        page.get_by_role("button", name="Send your question").click()
        page.wait_for_load_state()
        expect(page.get_by_text(QUESTION)).to_be_visible()
        question_url = page.url
        context.clear_cookies()

        sign_in(page, live_server, DEMO_SIGN_INS["secretary"])
        page.goto(question_url)
        page.get_by_role("link", name="Pass this question on").click()
        page.get_by_label("Pass it to").select_option(label=f"{NED}, non-executive director")
        page.get_by_role("button", name="Pass it on").click()
        page.wait_for_load_state()
        context.clear_cookies()

        sign_in(page, live_server, NED_EMAIL)
        page.goto(question_url)
        page.get_by_role("button", name="Answer this question").click()
        page.get_by_label("The answer").fill(ANSWER)
        page.get_by_role("button", name="Send the answer").click()
        page.wait_for_load_state()
        expect(page.get_by_text(ANSWER)).to_be_visible()
        context.clear_cookies()

        sign_in(page, live_server, DEMO_SIGN_INS["governor"])
        page.goto(question_url)
        expect(page.get_by_text(ANSWER)).to_be_visible()
        page.get_by_role("group", name="Did the answer answer your question?").get_by_label(
            "Yes"
        ).check()
        page.get_by_role("button", name="Send").click()
        page.wait_for_load_state()
        context.clear_cookies()

        page.goto(live_server.url("governors.questions.public"))
        expect(page.get_by_text(QUESTION)).to_be_visible()
        expect(page.get_by_text(ANSWER)).to_be_visible()
    finally:
        context.close()
