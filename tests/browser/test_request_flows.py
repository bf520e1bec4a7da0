"""Through the real pages in Chromium: a service user governor proposes an item with a
paper, makes a mistake and fixes it without choosing the file again, changes the request
the next day and knows which meeting it is for and what will be public; the chair
decides one request after another without going back to the queue."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from governors.extensions import db
from governors.meetings.models import Meeting
from governors.requests.models import AgendaRequest
from governors.timeutil import utcnow
from tests.browser.conftest import DEMO_SIGN_INS, sign_in
from tests.requests import samples

pytestmark = pytest.mark.browser

TITLE = "Peer support in the community mental health teams"


def test_a_governor_keeps_their_paper_across_a_mistake_and_changes_the_request(
    page, live_server, tmp_path
):
    paper = tmp_path / "Peer support survey results.pdf"
    paper.write_bytes(samples.PDF)
    sign_in(page, live_server, DEMO_SIGN_INS["su_governor"])
    page.get_by_role("link", name=re.compile(r"^Propose an item for the meeting on")).first.click()
    page.wait_for_load_state()
    # The page says which meeting the request is for before anything is typed.
    meeting_words = page.locator("#chosen-meeting, .nhsuk-warning-callout").first.inner_text()
    assert re.search(r"for the .+ on \w+day \d+ \w+ \d{4}", meeting_words)

    # A mistake: no title. The paper is chosen once.
    page.get_by_label("To discuss").check()
    page.get_by_label("The public part of the meeting").check()
    page.get_by_label("Your note to the chair").fill(
        "People tell us peer support workers help them most. There are only two."
    )
    page.get_by_label("I would like support to present it").check()
    page.locator("input[type=file]").set_input_files(str(paper))
    page.get_by_label("Yes, they can be published with the agenda").check()
    page.get_by_role("button", name="Send request").click()
    page.wait_for_load_state()
    assert page.title().startswith("Error: ")
    assert page.get_by_role("link", name="Enter a title for the item").is_visible()
    # Nothing typed or chosen is lost: the paper is already attached.
    assert page.get_by_role("heading", name="Papers already attached").is_visible()
    assert page.get_by_text("May Peer support survey results.pdf be published").is_visible()
    assert page.get_by_label("Your note to the chair").input_value().startswith("People tell us")
    assert "Choose your files again" not in page.content()

    page.get_by_label("Title of the item").fill(TITLE)
    page.get_by_role("button", name="Send request").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Request sent").is_visible()
    assert page.get_by_text(re.compile(r"^For the .+ on ")).is_visible()
    assert page.get_by_text(
        "You agreed these papers may be published with the agenda: Peer support survey results.pdf."
    ).is_visible()
    assert page.get_by_text("Your note to the chair is not published.").is_visible()

    with live_server.app.app_context():
        request = db.session.scalar(sa.select(AgendaRequest).where(AgendaRequest.title == TITLE))
        request_id = request.id
        assert [(p.document.filename, p.may_publish) for p in request.papers] == [
            ("Peer support survey results.pdf", True)
        ]
        db.session.remove()

    # Later: the governor changes their mind about publishing the paper.
    page.goto(live_server.url("governors.requests.detail", request_id=request_id))
    page.get_by_role("link", name="Change this request").click()
    page.wait_for_load_state()
    page.get_by_label("Title of the item").fill(TITLE + " and crisis care")
    page.locator("fieldset", has_text="May Peer support survey results.pdf").get_by_label(
        "No"
    ).check()
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_load_state()
    assert page.get_by_text("Your request has been changed.").is_visible()
    assert page.get_by_text("Changed the title and the papers.").is_visible()
    assert page.get_by_text("Not for publishing").is_visible()


def test_the_chair_goes_from_one_request_to_the_next(browser, live_server, role_state):
    context = browser.new_context(storage_state=role_state("chair"))
    page = context.new_page()
    with live_server.app.app_context():
        # A request waiting for a meeting still to come, from the queue's order.
        waiting = db.session.scalar(
            sa.select(AgendaRequest)
            .join(Meeting, Meeting.id == AgendaRequest.meeting_id)
            .where(AgendaRequest.status == "submitted", Meeting.starts_at > utcnow())
            .order_by(Meeting.starts_at, AgendaRequest.received_at)
        )
        first_title, first_id = waiting.title, waiting.id
        db.session.remove()
    page.goto(live_server.url("governors.requests.queue"))
    page.locator(f"main table a[href$='/requests/{first_id}/decide']").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name=first_title).is_visible()
    # The agenda is in view, with the time it has used and what is left.
    assert page.get_by_role("heading", name=re.compile(r"^The draft agenda for")).is_visible()
    assert re.search(
        r"The meeting has \d+ minutes\. Items use \d+", page.locator("#time-budget").inner_text()
    )

    page.get_by_label("Ask the governor for more information first").check()
    page.get_by_label("Reason, or your question for the governor").fill(
        "Which teams have you heard this from?"
    )
    page.get_by_role("button", name="Record decision").click()
    page.wait_for_load_state()
    # Straight to the next request waiting, not back to the top of the queue.
    assert page.get_by_text("Your question has been sent.").is_visible()
    assert "/decide" in page.url
    assert page.get_by_role("heading", level=1).inner_text().strip() != first_title
    context.close()
