"""What each person's home page says about agenda requests."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, time, timedelta

from governors.extensions import db
from governors.people.models import Role
from governors.requests import services
from tests import bulk, factories
from tests.requests.conftest import at


def submit(proposer, meeting, received_at, title):
    request = services.submit_request(
        proposer,
        meeting=meeting,
        title=title,
        purpose="discuss",
        session="public",
        note_to_chair="Details",
        received_at=received_at,
        notify=False,
    )
    db.session.commit()
    return request


def home(client, sign_in, person) -> str:
    sign_in(person)
    return html.unescape(client.get("/").get_data(as_text=True))


def test_governor_is_offered_the_route_and_sees_open_requests(client, sign_in, meeting, clock):
    governor = factories.governor()
    submit(governor, meeting, at(2027, 1, 2), "Waiting times for assessments")
    declined = submit(governor, meeting, at(2027, 1, 2), "Already answered")
    services.decline_request(factories.chair(), declined, reason="No", notify=False)
    db.session.commit()
    clock.move_to(at(2027, 1, 4))
    page = home(client, sign_in, governor)
    assert "Propose an item for the meeting on Thursday 21 January 2027" in page
    assert f"/requests/new?meeting_id={meeting.id}" in page
    assert "Send requests by Sunday 10 January 2027. 6 days left." in page
    assert "Waiting times for assessments" in page
    assert "Already answered" not in page


def test_chair_sees_how_many_await_a_decision_and_are_overdue(client, sign_in, meeting, clock):
    governor = factories.governor()
    submit(governor, meeting, at(2027, 1, 2), "Overdue one")
    submit(governor, meeting, at(2027, 1, 10), "Recent one")
    clock.move_to(at(2027, 1, 17))  # the first was due 16 January
    page = home(client, sign_in, factories.chair())
    assert "2 requests await a decision, and 1 answer is overdue." in page
    assert "Go to requests to decide" in page
    assert "Overdue one" not in page


def test_lead_governor_sees_overdue_answers(client, sign_in, meeting, clock):
    submit(factories.governor(name="Helen Carter"), meeting, at(2027, 1, 2), "Overdue one")
    submit(factories.governor(), meeting, at(2027, 1, 10), "Recent one")
    clock.move_to(at(2027, 1, 17))
    page = home(client, sign_in, factories.governor(roles=(Role.LEAD_GOVERNOR,)))
    assert "Overdue answers to agenda requests" in page
    assert "Overdue one</a> from Helen Carter, answer due by Saturday 16 January 2027" in page
    assert "Recent one" not in page


def test_officer_sees_nothing_about_requests(client, sign_in, meeting, clock):
    submit(factories.governor(), meeting, at(2027, 1, 2), "Overdue one")
    clock.move_to(at(2027, 1, 17))
    page = home(client, sign_in, factories.UserFactory(name="Olu Officer", roles=[Role.OFFICER]))
    assert "Welcome, Olu Officer" in page
    assert "Propose an item" not in page
    assert "Overdue one" not in page
    assert "await a decision" not in page


def test_governor_sees_their_ten_newest_open_requests_and_how_many_more(
    client, sign_in, meeting, clock
):
    governor = factories.governor()
    bulk.requests(
        bulk.request_row(
            meeting, governor.id, f"Open item {n:02d}", "submitted", at(2027, 1, 1 + n)
        )
        for n in range(12)
    )
    clock.move_to(at(2027, 1, 14))
    page = home(client, sign_in, governor)
    shown = re.findall(r"Open item \d\d", page)
    assert shown == [f"Open item {n:02d}" for n in range(11, 1, -1)]
    assert "And 2 more waiting." in page
    assert "See all your requests and their answers" in page


def test_the_lead_governor_is_told_how_many_answers_came_late(client, sign_in, meeting, clock):
    """Once a late answer is given there is nothing overdue, but the page does not claim
    that every request was answered in time."""
    clock.move_to(at(2027, 1, 4))
    governor, chair = factories.governor(), factories.chair()
    lead = factories.governor(roles=(Role.LEAD_GOVERNOR,))
    late = submit(governor, meeting, at(2027, 1, 2), "Parking for carers")
    on_time = submit(governor, meeting, at(2027, 1, 2), "Interpreters in clinics")
    services.decline_request(chair, on_time, reason="Covered in March", notify=False)
    db.session.commit()
    assert "In the last 12 months, every answer came in time." in home(client, sign_in, lead)

    # Five weeks after its answer was due, the chair answers the other one.
    clock.move_to(datetime.combine(late.response_due + timedelta(weeks=5), time(12), UTC))
    services.decline_request(chair, late, reason="Raised with the estates team", notify=False)
    db.session.commit()
    page = home(client, sign_in, lead)
    assert "No agenda request is waiting past the date its answer was due" in page
    assert "In the last 12 months, 1 answer came late." in page
    assert "every answer came in time" not in page
