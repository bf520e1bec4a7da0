"""Cover sheets through a real browser with JavaScript off: the secretary adds an item
with a paper, writes its cover sheet with a key risk, publishes, and the published agenda
leads that item with the cover sheet and the risk's summary, before the paper."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from governors.extensions import db
from governors.meetings.models import Meeting
from governors.risks.models import Risk
from governors.timeutil import utcnow
from tests.browser.conftest import DEMO_SIGN_INS, LiveServer, sign_in

pytestmark = pytest.mark.browser

TITLE = "Patient transport review"
ASKS = "Governors are asked to talk about the new transport plan. It should cut missed visits."
QUESTION = "How will patients who live far away get to hospital?"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _next_meeting_and_a_risk(live_server: LiveServer) -> tuple[int, str, str]:
    with live_server.app.app_context():
        meeting_id = db.session.scalar(
            sa.select(Meeting.id)
            .where(Meeting.kind == "ordinary", Meeting.starts_at > utcnow())
            .order_by(Meeting.starts_at)
            .limit(1)
        )
        risk = db.session.scalars(
            sa.select(Risk).where(Risk.status == "open").order_by(Risk.id)
        ).first()
        return meeting_id, risk.title, risk.summary


def test_the_secretary_writes_a_cover_sheet_and_the_published_agenda_leads_with_it(
    browser, live_server: LiveServer, tmp_path
) -> None:
    from playwright.sync_api import expect

    meeting_id, risk_title, risk_summary = _next_meeting_and_a_risk(live_server)
    paper = tmp_path / f"{TITLE}.pdf"
    paper.write_bytes(PDF)

    def submit(page, name: str) -> None:
        page.get_by_role("button", name=name).click()
        page.wait_for_load_state()

    secretary = browser.new_context(java_script_enabled=False)
    try:
        page = secretary.new_page()
        sign_in(page, live_server, DEMO_SIGN_INS["secretary"])
        page.goto(live_server.url("governors.agendas.add_item", meeting_id=meeting_id))
        page.get_by_label("Title").fill(TITLE)
        page.get_by_label("To discuss").check()
        page.get_by_label("Time allowed, in minutes").fill("10")
        page.locator("input[type=file]").set_input_files(str(paper))
        submit(page, "Add item")

        row = page.locator("tr", has_text=TITLE)
        expect(row).to_contain_text("No cover sheet")
        row.get_by_role("link", name=re.compile(r"^Write a cover sheet for")).click()
        page.wait_for_load_state()
        expect(page.get_by_role("heading", name="Write the cover sheet")).to_be_visible()
        expect(page.locator("#item-facts")).to_contain_text("To discuss")

        page.get_by_label("What are governors asked to do?").fill(ASKS)
        page.get_by_label(re.compile(re.escape(risk_title))).check()
        page.get_by_label("What governors may want to ask (optional)").fill(QUESTION)
        submit(page, "Save cover sheet")
        expect(page.get_by_text(f"Saved the cover sheet for “{TITLE}”")).to_be_visible()
        expect(page.locator("tr", has_text=TITLE)).not_to_contain_text("No cover sheet")

        page.get_by_label("What has changed?").fill("Added the patient transport review")
        submit(page, "Publish version")
        expect(page.get_by_text("Published version")).to_be_visible()
    finally:
        secretary.close()

    governor = browser.new_context(java_script_enabled=False)
    try:
        page = governor.new_page()
        sign_in(page, live_server, DEMO_SIGN_INS["governor"])
        page.goto(live_server.url("governors.agendas.show", meeting_id=meeting_id))
        text = page.locator("tr", has_text=TITLE).inner_text()
        asks, risk, question, paper_at = (
            text.index(ASKS),
            text.index(risk_summary),
            text.index(QUESTION),
            text.index(f"{TITLE}.pdf"),
        )
        assert text.index("Cover sheet") < asks < risk < question < paper_at
        assert re.search(r"(Low|Moderate|High|Extreme) risk, score \d+", text)
        # The detail waits behind "More about this risk", which works without JavaScript.
        expect(
            page.locator("tr", has_text=TITLE).get_by_text("More about this risk")
        ).to_be_visible()
    finally:
        governor.close()
