"""The easy-read page in a real browser: large type, reflows at 320px, and the meanings
open without JavaScript."""

from __future__ import annotations

from tests.browser.test_accessibility import published_meeting


def test_the_easy_read_page_reflows_and_explains_words_without_javascript(
    browser, live_server, role_state
) -> None:
    context = browser.new_context(
        storage_state=role_state("governor"),
        java_script_enabled=False,
        viewport={"width": 320, "height": 800},
    )
    try:
        page = context.new_page()
        page.goto(live_server.url("governors.easyread.show", **published_meeting(live_server.app)))
        assert page.locator("h1").inner_text() == "What this meeting is about"
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        body_size = page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('.app-easy-read p')).fontSize)"
        )
        assert body_size >= 24
        words = page.get_by_text("What these words mean")
        meaning = page.locator(".app-glossary-words dd").first
        assert not meaning.is_visible()
        words.click()
        assert meaning.is_visible()
    finally:
        context.close()
