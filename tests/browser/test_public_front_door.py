"""A member of the public, not signed in, finds how to come to the next meeting from the
home page, and every public page reads well at 320 CSS pixels and passes axe."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from axe_playwright_python.sync_playwright import Axe
from flask import Flask

from governors.council.demo import CONTACT
from governors.extensions import db
from governors.meetings import demo as meetings_demo
from governors.meetings.models import Meeting
from governors.minutes.models import MinutesRecord
from governors.public import services
from governors.timeutil import local_today
from tests.browser.conftest import LiveServer
from tests.browser.test_accessibility import SERIOUS, next_meeting, submit_empty

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 640}


def _next(app: Flask) -> Meeting:
    """The next public meeting of the demo council: a Council or a public committee's."""
    with app.app_context():
        meeting = services.next_public_meeting(local_today())
        assert meeting is not None, "the demo council has no public meeting ahead"
        db.session.expunge(meeting)
        return meeting


def _next_public(app: Flask) -> dict[str, int]:
    return {"meeting_id": _next(app).id}


def _approved(app: Flask) -> dict[str, int]:
    """A public meeting whose minutes are approved."""
    with app.app_context():
        found = db.session.scalar(
            sa.select(MinutesRecord.meeting_id)
            .where(MinutesRecord.status == "approved")
            .order_by(MinutesRecord.meeting_id)
            .limit(1)
        )
    assert found is not None, "the demo council has no approved minutes"
    return {"meeting_id": found}


def _annual_members(app: Flask) -> dict[str, int]:
    """The annual members' meeting: streamed, with its own access words."""
    with app.app_context():
        found = db.session.scalar(sa.select(Meeting.id).where(Meeting.kind == "annual_members"))
    return {"meeting_id": found}


def test_a_visitor_finds_how_to_come_to_the_next_meeting_from_home(
    page, live_server: LiveServer
) -> None:
    meeting = _next(live_server.app)
    page.goto(live_server.url("governors.home"))
    assert page.url == live_server.url("governors.home"), "the home page asked to sign in"

    section = page.get_by_role("region", name="Come to our next meeting")
    assert section.is_visible()
    details = section.locator("dl")
    assert (meeting.place or "Online only") in details.inner_text()
    assert "step-free access" in details.inner_text()
    assert "Email us by noon the day before" in details.inner_text()
    assert "ask the governors a question" in details.inner_text()
    # Signing in stays one step away.
    assert page.get_by_role("link", name="Sign in").first.is_visible()

    section.get_by_role("link", name="See the agenda and details for this meeting").click()
    page.wait_for_load_state()

    assert page.url == live_server.url("governors.public.meeting", meeting_id=meeting.id)
    assert page.get_by_role("heading", name="How to come").is_visible()
    assert page.get_by_role("heading", name="Agenda", exact=True).is_visible()
    text = page.locator("main").inner_text()
    assert (meeting.place or "Online only") in text
    assert CONTACT["contact_email"] in text
    # Nothing for members only: not the members' video link, nor their notes.
    assert meetings_demo.TEAMS_LINK not in page.content()
    assert "Tea and coffee from 13:30" not in text
    assert not meeting.notes or meeting.notes not in text


def test_the_annual_members_meeting_shows_its_live_stream(page, live_server: LiveServer) -> None:
    """The demo's annual members' meeting is the September one nearest today: ahead, it
    says how to watch and its own access words; past, that it has taken place."""
    page.goto(live_server.url("governors.public.meeting", **_annual_members(live_server.app)))
    text = page.locator("main").inner_text()
    if "How to come" in text:
        link = page.get_by_role("link", name="Watch or join this meeting online")
        assert link.get_attribute("href") == meetings_demo.LIVE_STREAM
        assert "British Sign Language" in text
    else:
        assert "This meeting has taken place." in text
    assert meetings_demo.TEAMS_LINK not in page.content()


PAGES: list[tuple[str, Callable[[Flask], dict[str, Any]] | None]] = [
    ("governors.home", None),
    ("governors.public.front", None),
    ("governors.public.meeting", _next_public),
    ("governors.public.meeting", _approved),
    ("governors.public.meeting", _annual_members),
]


@pytest.mark.parametrize(("endpoint", "values"), PAGES, ids=lambda v: getattr(v, "__name__", v))
def test_public_pages_do_not_scroll_sideways_at_320_pixels(
    browser, live_server: LiveServer, endpoint, values
) -> None:
    context = browser.new_context(viewport=NARROW)
    try:
        page = context.new_page()
        page.goto(live_server.url(endpoint, **(values(live_server.app) if values else {})))
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= NARROW["width"], f"{page.url} is {width} pixels wide at 320"
    finally:
        context.close()


def _fill_bad_public_link(page: Any) -> None:
    page.get_by_label("Link for the public to watch or join online (optional)").fill("www.x.org")
    page.locator("main form").last.locator("button").last.click()
    page.wait_for_load_state()
    assert page.title().startswith("Error: ")


def _check_id(role: str | None, endpoint: str, values: Any, then: Any) -> str:
    parts = (role or "public", endpoint.removeprefix("governors."))
    extra = tuple(getattr(step, "__name__", "").strip("_") for step in (values, then) if step)
    return "-".join(parts + extra)


AXE_CHECKS = [
    (None, "governors.home", None, None),
    (None, "governors.public.front", None, None),
    (None, "governors.public.meeting", _next_public, None),
    (None, "governors.public.meeting", _approved, None),
    (None, "governors.public.meeting", _annual_members, None),
    (None, "governors.meetings.public_list", None, None),
    ("secretary", "governors.public.front", None, None),
    ("secretary", "governors.council.edit", None, None),
    ("secretary", "governors.meetings.edit", next_meeting, None),
    ("secretary", "governors.meetings.edit", next_meeting, _fill_bad_public_link),
    ("secretary", "governors.meetings.schedule", None, submit_empty),
]


@pytest.mark.parametrize(
    ("role", "endpoint", "values", "then"),
    AXE_CHECKS,
    ids=[_check_id(*check) for check in AXE_CHECKS],
)
def test_public_and_changed_pages_have_no_serious_accessibility_problems(
    browser, live_server: LiveServer, role_state, role, endpoint, values, then
) -> None:
    context = browser.new_context(bypass_csp=True, storage_state=role_state(role) if role else None)
    try:
        page = context.new_page()
        response = page.goto(
            live_server.url(endpoint, **(values(live_server.app) if values else {}))
        )
        assert response is not None and response.status == 200, page.url
        if then:
            then(page)
        results = Axe().run(page)
        serious = [v for v in results.response["violations"] if v["impact"] in SERIOUS]
        assert not serious, "\n".join(
            f"{v['impact']}: {v['id']}: {v['help']} on {page.url}: "
            + "; ".join(node["target"][0] for node in v["nodes"][:5])
            for v in serious
        )
    finally:
        context.close()
