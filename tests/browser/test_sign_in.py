"""Each demo role signs in through the real page and reaches their own home page."""

from __future__ import annotations

import pytest

from tests.browser.conftest import DEMO_SIGN_INS, LiveServer, sign_in

pytestmark = pytest.mark.browser

# What a person in each role sees in the header navigation, and what they must not see.
NAVIGATION = {
    "secretary": (["Home", "Meetings", "People", "Settings", "Audit log"], []),
    "chair": (["Home", "Meetings", "Requests to decide"], ["Settings", "Audit log"]),
    "lead_governor": (["Home", "My requests", "Requests to decide"], ["Settings", "Audit log"]),
    "governor": (["Home", "Meetings", "My requests"], ["Requests to decide", "Settings"]),
    "su_governor": (["Home", "Meetings", "My requests"], ["Requests to decide", "Audit log"]),
}


@pytest.mark.parametrize("role", DEMO_SIGN_INS)
def test_each_demo_role_signs_in_and_reaches_their_home_page(
    page, live_server: LiveServer, role: str
) -> None:
    sign_in(page, live_server, DEMO_SIGN_INS[role])

    assert page.url == live_server.url("governors.home")
    navigation = page.get_by_role("navigation", name="Menu")
    # Entries that do not fit on one line go under the header's "More" button: open it.
    more = navigation.locator("button.nhsuk-header__menu-toggle")
    if more.is_visible():
        more.click()
    shown, hidden = NAVIGATION[role]
    for label in shown:
        assert navigation.get_by_role("link", name=label, exact=True).count() == 1, label
    for label in hidden:
        assert navigation.get_by_role("link", name=label, exact=True).count() == 0, label
    assert page.get_by_role("button", name="Sign out").is_visible()


def test_wrong_password_shows_the_error_summary(page, live_server: LiveServer) -> None:
    sign_in(page, live_server, DEMO_SIGN_INS["governor"], password="not the password")

    assert page.title().startswith("Error: ")
    summary = page.get_by_role("alert")
    assert "Enter a correct email address and password" in summary.inner_text()


def test_sign_out_ends_the_session(page, live_server: LiveServer) -> None:
    sign_in(page, live_server, DEMO_SIGN_INS["governor"])

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()

    assert page.url.startswith(live_server.url("governors.auth.sign_in"))
    assert page.get_by_text("You have signed out.").is_visible()
    page.goto(live_server.url("governors.meetings.calendar"))
    assert page.url.startswith(live_server.url("governors.auth.sign_in"))


def test_signing_in_and_out_works_without_javascript(browser, live_server: LiveServer) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in(page, live_server, DEMO_SIGN_INS["su_governor"])
        assert page.url == live_server.url("governors.home")
        navigation = page.get_by_role("navigation", name="Menu")
        assert navigation.get_by_role("link", name="My requests").count() == 1

        page.get_by_role("button", name="Sign out").click()
        page.wait_for_load_state()
        assert page.get_by_text("You have signed out.").is_visible()
    finally:
        context.close()
