"""Through the real pages with JavaScript off: the secretary keeps a committee meeting's
register, records a declaration that takes a member out of an item (so it is no longer
quorate), minutes two items with a vote, circulates the minutes, and the next meeting
approves them with an amendment."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from governors.agendas import services as agendas
from governors.extensions import db
from governors.people.models import User
from tests import factories
from tests.browser.conftest import DEMO_SIGN_INS, LiveServer, sign_in

pytestmark = pytest.mark.browser

COMMITTEE = "Carers' Voice Working Group"
MEMBERS = ("Imogen Thackeray", "Rufus Pennington", "Delphine Osei")
SURVEY = "Carers' survey results"
GRANT = "Grant to the carers' centre"


def hold_meetings(live_server: LiveServer) -> tuple[int, int]:
    """A working group of three (quorum: 3) that met a week ago and again this morning."""
    with live_server.app.app_context():
        factories.bind(db.session)
        secretary = db.session.query(User).filter_by(email=DEMO_SIGN_INS["secretary"]).one()
        body = factories.BodyFactory(name=COMMITTEE, kind="working_group", quorum_minimum=3)
        for n, name in enumerate(MEMBERS):
            person = factories.governor(name=name, email=f"carers.voice.{n}@example.org")
            factories.MembershipFactory(body=body, user=person)
        now = datetime.now(UTC)
        earlier = factories.MeetingFactory(body=body, starts_at=now - timedelta(days=7))
        later = factories.MeetingFactory(body=body, starts_at=now - timedelta(hours=2))
        for meeting in (earlier, later):
            agendas.add_standing_items(secretary, meeting)
        for title in (SURVEY, GRANT):
            agendas.add_item(secretary, earlier, part="public", title=title, minutes_allowed=15)
        db.session.commit()
        ids = earlier.id, later.id
        db.session.remove()
        return ids


def test_the_secretary_takes_a_meeting_from_register_to_approved_minutes(
    browser, live_server: LiveServer
) -> None:
    from playwright.sync_api import expect

    earlier, later = hold_meetings(live_server)

    def click(page, role: str, name: str | re.Pattern) -> None:
        page.get_by_role(role, name=name, exact=isinstance(name, str)).first.click()
        page.wait_for_load_state()

    context = browser.new_context(java_script_enabled=False)
    try:
        context.set_default_timeout(10_000)
        page = context.new_page()
        sign_in(page, live_server, DEMO_SIGN_INS["secretary"])

        # The register: everyone came.
        page.goto(live_server.url("governors.meetings.detail", meeting_id=earlier))
        click(page, "link", "Keep the register, declarations and quorum")
        click(page, "button", "Record the other 3 as present")
        expect(page.locator("#quorum-at-start")).to_contain_text("Quorate: 3 present")

        # A declaration: Rufus leaves for the grant, so it is no longer quorate.
        click(page, "button", "Record a declaration")
        page.get_by_label("Who declared it?").select_option(label=MEMBERS[1])
        items = page.get_by_label("On which item?")
        items.select_option(
            items.evaluate(
                "(select, title) => [...select.options].find(o => o.text.includes(title)).value",
                GRANT,
            )
        )
        page.get_by_label("The interest", exact=True).fill("Trustee of the carers' centre")
        page.get_by_label("Left the meeting for the item").check()
        click(page, "button", "Record declaration")
        expect(page.get_by_text(f"{MEMBERS[1]}, Trustee of the carers' centre")).to_be_visible()
        grant_row = page.get_by_role("row").filter(has_text=GRANT)
        expect(grant_row).to_contain_text("Not quorate: 2 present")

        # The minutes: a vote on the survey; none can be carried on the grant.
        page.goto(live_server.url("governors.minutes.index", meeting_id=earlier))
        click(page, "link", re.compile(SURVEY))
        page.get_by_label("Summary of the discussion").fill("The group read 212 replies.")
        page.get_by_label("A vote was taken").check()
        page.get_by_label("Votes for").fill("2")
        page.get_by_label("Votes against").fill("1")
        page.get_by_label("Abstentions").fill("0")
        click(page, "button", "Save minute")
        expect(page.get_by_role("row").filter(has_text=SURVEY)).to_contain_text("carried")

        click(page, "link", re.compile(GRANT))
        page.get_by_label("Summary of the discussion").fill("Deferred: not quorate.")
        page.get_by_label("A vote was taken").check()
        page.get_by_label("Votes for").fill("2")
        page.get_by_label("Votes against").fill("0")
        click(page, "button", "Save minute")
        expect(page.get_by_text("so no vote can be carried").first).to_be_visible()
        # What was typed is still there; saved without the vote.
        expect(page.get_by_label("Summary of the discussion")).to_have_value(
            "Deferred: not quorate."
        )
        page.get_by_label("A vote was taken").uncheck()
        click(page, "button", "Save minute")

        # Circulated to the group for comment.
        click(page, "button", "Circulate the draft minutes to members")
        expect(page.locator("#minutes-status")).to_contain_text("Circulated")

        # This morning's meeting approves them, with an amendment.
        page.goto(live_server.url("governors.minutes.index", meeting_id=later))
        page.get_by_label("Approved with amendments").check()
        page.get_by_label("The amendments agreed (if any)").fill("212 replies, not 221.")
        click(page, "button", "Record the approval")
        page.goto(live_server.url("governors.minutes.index", meeting_id=earlier))
        expect(page.locator("#minutes-status")).to_contain_text("Approved with amendments")
        expect(page.get_by_text("Amendments agreed: 212 replies, not 221.")).to_be_visible()
        # Locked: the item's link now leads to an amendment, not an edit.
        click(page, "link", re.compile(SURVEY))
        expect(page.get_by_role("heading", level=1)).to_contain_text("Amend item")
    finally:
        context.close()
