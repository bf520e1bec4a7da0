"""Through the real pages in Chromium: a governor proposes an item, the chair accepts it,
the secretary publishes the agenda, and the governor finds the item on it."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from governors.extensions import db
from governors.requests.models import AgendaRequest
from tests.browser.conftest import DEMO_SIGN_INS, sign_in
from tests.requests import samples

pytestmark = pytest.mark.browser

TITLE = "Night-time pharmacy cover on the wards"


def test_a_proposed_item_reaches_the_published_agenda(browser, live_server, tmp_path):
    paper = tmp_path / "Pharmacy cover figures.pdf"
    paper.write_bytes(samples.PDF)

    governor = browser.new_context()
    page = governor.new_page()
    sign_in(page, live_server, DEMO_SIGN_INS["governor"])
    page.get_by_role("link", name=re.compile(r"^Propose an item for the meeting on")).first.click()
    page.wait_for_load_state()
    assert page.get_by_text(re.compile(r"Send requests by .+\. \d+ days? left")).count()
    page.get_by_label("Title of the item").fill(TITLE)
    page.get_by_label("To discuss").check()
    page.get_by_label("The public part of the meeting").check()
    page.get_by_label("Your note to the chair").fill(
        "Patients admitted at night wait until morning for some medicines."
    )
    page.get_by_label("I will present it").check()
    page.locator("input[type=file]").set_input_files(str(paper))
    page.get_by_label("Yes, they can be published with the agenda").check()
    page.get_by_role("button", name="Send request").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Request sent").is_visible()
    receipt = page.locator("#receipt").inner_text()
    assert receipt.startswith("We received your request on ")
    assert receipt.endswith("so it is in time.")

    with live_server.app.app_context():
        request = db.session.scalar(sa.select(AgendaRequest).where(AgendaRequest.title == TITLE))
        meeting_id, request_id = request.meeting_id, request.id
        db.session.remove()

    chair = browser.new_context()
    chair_page = chair.new_page()
    sign_in(chair_page, live_server, DEMO_SIGN_INS["chair"])
    chair_page.goto(live_server.url("governors.requests.queue"))
    chair_page.get_by_role("link", name=TITLE).click()
    chair_page.wait_for_load_state()
    assert chair_page.get_by_text("Pharmacy cover figures.pdf").is_visible()
    chair_page.get_by_label("Accept: put it on the agenda").check()
    chair_page.get_by_label("If accepting, how many minutes does it need?").fill("15")
    chair_page.get_by_role("button", name="Record decision").click()
    chair_page.wait_for_load_state()
    assert chair_page.get_by_text(re.compile(r"Request accepted\. It is item \d+")).is_visible()
    chair.close()

    secretary = browser.new_context()
    secretary_page = secretary.new_page()
    sign_in(secretary_page, live_server, DEMO_SIGN_INS["secretary"])
    secretary_page.goto(live_server.url("governors.agendas.edit", meeting_id=meeting_id))
    note = secretary_page.get_by_label("What has changed?")
    if note.count():
        note.fill("Added a governor's item on pharmacy cover")
    secretary_page.get_by_role("button", name=re.compile(r"^Publish")).click()
    # A governor's words and paper go public only once the secretary says they have
    # checked them: the check page names the item and its paper.
    secretary_page.get_by_role("heading", name="Check before you publish").wait_for()
    assert secretary_page.get_by_text("Paper: Pharmacy cover figures.pdf").is_visible()
    secretary_page.get_by_label(re.compile(r"I have checked")).check()
    secretary_page.get_by_role("button", name=re.compile(r"^Publish")).click()
    secretary_page.get_by_text(re.compile(r"Published version \d+")).wait_for()
    assert secretary_page.get_by_text(re.compile(r"Published version \d+")).is_visible()
    secretary.close()

    page.goto(live_server.url("governors.agendas.show", meeting_id=meeting_id))
    assert page.get_by_text(TITLE).first.is_visible()
    page.goto(live_server.url("governors.requests.detail", request_id=request_id))
    assert page.get_by_text("Accepted", exact=True).first.is_visible()
    assert page.get_by_text(re.compile(r"It is item \d+ on the agenda for ")).is_visible()
    governor.close()
