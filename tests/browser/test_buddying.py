"""Through the real pages with JavaScript off: a new governor asks for a buddy, naming the
one she would like; the secretary accepts from the request page; the governor sees the
pair. Also the records the accessibility checks open on the buddying pages."""

from __future__ import annotations

import re
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from governors.buddying.models import BuddyPair, BuddyRequest
from governors.extensions import db
from governors.people.models import User
from tests.browser.conftest import DEMO_SIGN_INS, LiveServer, sign_in

pytestmark = pytest.mark.browser

# New in the demo council (his term began about five months ago), with no buddy.
NEW_GOVERNOR = "kevin.doyle@example.org"
WANTED = "Margaret Ellis"


def _first(app: Flask, query: sa.Select) -> int:
    with app.app_context():
        found = db.session.scalars(query.limit(1)).first()
    assert found is not None, f"the demo council has no record for: {query}"
    return found


def waiting_buddy_request(app: Flask) -> dict[str, Any]:
    """The demo's request for a buddy waiting for the secretary (Priya Nair's)."""
    query = sa.select(BuddyRequest.id).where(BuddyRequest.status == "waiting")
    return {"buddy_request_id": _first(app, query.order_by(BuddyRequest.id))}


def governors_buddy_pair(app: Flask) -> dict[str, Any]:
    """The demo governor's pair: she is a new governor's induction buddy."""
    buddy = sa.select(User.id).filter_by(email=DEMO_SIGN_INS["governor"]).scalar_subquery()
    query = sa.select(BuddyPair.id).where(BuddyPair.buddy_id == buddy)
    return {"pair_id": _first(app, query)}


def a_new_governor(app: Flask) -> dict[str, Any]:
    """A new governor without a buddy, for the secretary's pairing page."""
    from governors.buddying.services import new_governors_without_buddy

    with app.app_context():
        return {"governor": new_governors_without_buddy()[0].user.id}


def test_a_new_governor_gets_the_buddy_she_asked_for(browser, live_server: LiveServer) -> None:
    from playwright.sync_api import expect

    def click(page, role: str, name: str) -> None:
        page.get_by_role(role, name=name, exact=True).click()
        page.wait_for_load_state()

    governor = browser.new_context(java_script_enabled=False)
    secretary = browser.new_context(java_script_enabled=False)
    try:
        governor.set_default_timeout(10_000)
        secretary.set_default_timeout(10_000)

        # The new governor asks, from her home page, naming the buddy she would like.
        page = governor.new_page()
        sign_in(page, live_server, NEW_GOVERNOR)
        click(page, "link", "Ask for a buddy")
        expect(page.get_by_role("heading", level=1)).to_have_text("Ask for a buddy")
        page.get_by_label("Induction", exact=True).check()
        preferred = page.get_by_label("Who would you like as your buddy? (optional)")
        preferred.select_option(label=f"{WANTED}, public governor")
        page.get_by_label("Anything else the board secretary should know? (optional)").fill(
            "I would like help with reading the papers."
        )
        click(page, "button", "Send request")
        expect(page.get_by_text("Request sent.")).to_be_visible()
        expect(page.get_by_text("Waiting for the secretary")).to_be_visible()

        # The secretary sees it on her home page and accepts it from the request page.
        office = secretary.new_page()
        sign_in(office, live_server, DEMO_SIGN_INS["secretary"])
        click(office, "link", "Kevin Doyle asks for a buddy")
        expect(office.get_by_role("heading", level=1)).to_have_text("Kevin Doyle asks for a buddy")
        first = office.locator("#suggestions > li").first
        expect(first).to_contain_text(WANTED)
        expect(first).to_contain_text("The governor asked for them")
        expect(office.get_by_label("Their buddy")).to_have_value(
            re.compile(r"\d+")  # the preference is chosen already
        )
        assert WANTED in office.get_by_label("Their buddy").evaluate(
            "select => select.selectedOptions[0].textContent"
        )
        office.get_by_label("Pair them with a buddy", exact=True).check()
        click(office, "button", "Send answer")
        expect(office.get_by_role("heading", level=1)).to_have_text(
            f"Buddies: Kevin Doyle and {WANTED}"
        )
        expect(office.get_by_text("Both have been emailed.")).to_be_visible()

        # The governor sees her buddy.
        page.goto(live_server.url("governors.buddying.index"))
        expect(page.get_by_text("Buddy arranged")).to_be_visible()
        page.get_by_role("link", name=WANTED, exact=True).first.click()
        page.wait_for_load_state()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            f"Buddies: Kevin Doyle and {WANTED}"
        )
        expect(page.get_by_role("button", name="Add note")).to_be_visible()
    finally:
        governor.close()
        secretary.close()
