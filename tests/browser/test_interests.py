"""Through the real pages with JavaScript off: a member's register of interests names an
organisation that an item of the coming meeting is about; the meeting page asks her to
check the agenda, and she says she will declare it. At the meeting the secretary records,
from her answer, that she left for the item, and the item is no longer quorate."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from governors.agendas import services as agendas
from governors.extensions import db
from governors.meetings.models import Meeting
from governors.people.models import User
from tests import factories
from tests.browser.conftest import DEMO_SIGN_INS, LiveServer, sign_in

pytestmark = pytest.mark.browser

COMMITTEE = "Volunteering Working Group"
MEMBERS = ("Ottilie Marchbanks", "Hamish Drummond", "Priyanka Rao")
CENTRE = "Northshire Volunteer Centre"
GRANT = f"Grant to the {CENTRE}"


def arrange(live_server: LiveServer) -> tuple[int, str]:
    """A working group of three (quorum: 3) meeting tomorrow; one member is a trustee of
    the centre its grant item is about."""
    with live_server.app.app_context():
        factories.bind(db.session)
        secretary = db.session.query(User).filter_by(email=DEMO_SIGN_INS["secretary"]).one()
        body = factories.BodyFactory(name=COMMITTEE, kind="working_group", quorum_minimum=3)
        people = []
        for n, name in enumerate(MEMBERS):
            person = factories.governor(name=name, email=f"volunteering.{n}@example.org")
            factories.MembershipFactory(body=body, user=person)
            people.append(person)
        factories.InterestFactory(
            user=people[0], organisation=CENTRE, description="Unpaid trustee since 2022"
        )
        meeting = factories.MeetingFactory(
            body=body, starts_at=datetime.now(UTC) + timedelta(days=1)
        )
        agendas.add_standing_items(secretary, meeting)
        agendas.add_item(
            secretary,
            meeting,
            part="public",
            title=GRANT,
            description="A grant of £4,000 towards training volunteer befrienders.",
        )
        agendas.publish(secretary, meeting, notify=False)
        db.session.commit()
        found = meeting.id, people[0].email
        db.session.remove()
        return found


def meeting_day_arrives(live_server: LiveServer, meeting_id: int) -> None:
    with live_server.app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        meeting.starts_at = datetime.now(UTC) - timedelta(hours=1)
        db.session.commit()
        db.session.remove()


def test_a_member_declares_before_the_meeting_and_the_item_loses_its_quorum(
    browser, live_server: LiveServer
) -> None:
    from playwright.sync_api import expect

    from tests.factories import TEST_PASSWORD

    meeting_id, trustee = arrange(live_server)

    def click(page, role: str, name: str) -> None:
        page.get_by_role(role, name=name, exact=True).first.click()
        page.wait_for_load_state()

    context = browser.new_context(java_script_enabled=False)
    try:
        context.set_default_timeout(10_000)
        page = context.new_page()
        sign_in(page, live_server, trustee, TEST_PASSWORD)
        page.goto(live_server.url("governors.meetings.detail", meeting_id=meeting_id))
        expect(page.locator("#interests + p")).to_contain_text(GRANT)
        click(page, "button", "Check the agenda against your interests")
        expect(page.get_by_role("heading", level=2).first).to_contain_text(GRANT)
        # Sent with no answer: the error names the item and keeps the page.
        click(page, "button", "Send my answers")
        expect(page.locator(".nhsuk-error-summary")).to_contain_text(
            "Select whether you will declare an interest on item"
        )
        page.get_by_label("I will declare an interest on this item").check()
        expect(page.get_by_label("If you will declare it: what is the interest?")).to_have_value(
            f"Interest in {CENTRE}: Unpaid trustee since 2022"
        )
        click(page, "button", "Send my answers")
        expect(page.get_by_text("The board secretary can see your answers")).to_be_visible()
        context.clear_cookies()

        meeting_day_arrives(live_server, meeting_id)
        sign_in(page, live_server, DEMO_SIGN_INS["secretary"])
        page.goto(live_server.url("governors.attendance.register", meeting_id=meeting_id))
        click(page, "button", "Record the other 3 as present")
        grant_row = page.get_by_role("row").filter(has_text=GRANT)
        expect(grant_row).to_contain_text("Quorate: 3 present")
        expect(page.locator("#advance + ul")).to_contain_text(MEMBERS[0])
        page.locator("#advance + ul").get_by_role("link").first.click()
        page.wait_for_load_state()
        expect(page.get_by_label("The interest", exact=True)).to_have_value(
            f"Interest in {CENTRE}: Unpaid trustee since 2022"
        )
        page.get_by_label("Left the meeting for the item").check()
        click(page, "button", "Record declaration")
        expect(page.locator("#declarations + ul")).to_contain_text(MEMBERS[0])
        expect(page.get_by_role("row").filter(has_text=GRANT)).to_contain_text(
            "Not quorate: 2 present"
        )
    finally:
        context.close()
