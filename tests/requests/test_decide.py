"""Deciding on requests, withdrawing them, and what the proposer sees afterwards."""

from __future__ import annotations

import html

import pytest
import sqlalchemy as sa

from governors.agendas.models import AgendaItem
from governors.audit.models import AuditEntry
from governors.extensions import db
from governors.people.models import Role
from governors.requests import services
from governors.requests.models import AgendaRequest
from governors.requests.rules import LATE_TAG
from tests import factories
from tests.requests.conftest import at, emails_to


def submit(proposer, meeting, received_at, **changes) -> AgendaRequest:
    values = {
        "title": "Car parking charges for carers",
        "purpose": "discuss",
        "session": "public",
        "note_to_chair": "Carers who visit every day pay the full charge.",
    } | changes
    request = services.submit_request(proposer, meeting=meeting, received_at=received_at, **values)
    db.session.commit()
    return request


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_chair_accepts_onto_the_agenda_and_the_governor_is_told(client, sign_in, meeting, clock):
    governor = factories.governor(name="Helen Carter")
    request = submit(governor, meeting, at(2027, 1, 3, 14, 2))
    clock.move_to(at(2027, 1, 5))
    sign_in(factories.chair(name="Caroline Ashdown"))
    page = _text(client.get(f"/requests/{request.id}/decide"))
    assert "Car parking charges for carers" in page
    assert "17 clear days before the meeting" in page
    # The governor's note is shown to the chair, marked as not published.
    assert "Note to the chair (not published)" in page
    assert "Carers who visit every day pay the full charge." in page
    response = client.post(
        f"/requests/{request.id}/decide",
        data={
            "decision": "accept",
            "minutes_allowed": "15",
            "part": "public",
            "description": "Parking charges for carers who visit every day.",
        },
    )
    assert response.status_code == 302

    db.session.expire_all()
    request = db.session.get(AgendaRequest, request.id)
    assert request.status == "accepted"
    item = db.session.scalar(sa.select(AgendaItem).where(AgendaItem.request_id == request.id))
    assert (
        item.meeting_id,
        item.part,
        item.title,
        item.presenter,
        item.purpose,
        item.minutes_allowed,
    ) == (meeting.id, "public", "Car parking charges for carers", "Helen Carter", "discuss", 15)
    # What the agenda says is what the chair wrote, never the governor's note.
    assert item.description == "Parking charges for carers who visit every day."
    assert [e.status for e in request.events] == ["submitted", "accepted"]
    assert request.events[-1].actor.name == "Caroline Ashdown"
    email = emails_to(governor.email)[-1]
    assert "has been accepted by Caroline Ashdown" in email.body_text
    assert "in the public part" in email.body_text
    assert db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "request.accepted"))


def test_the_chair_may_move_a_request_into_the_private_part(client, sign_in, meeting, clock):
    request = submit(factories.governor(), meeting, at(2027, 1, 3))
    clock.move_to(at(2027, 1, 5))
    sign_in(factories.chair())
    client.post(
        f"/requests/{request.id}/decide",
        data={"decision": "accept", "minutes_allowed": "15", "part": "private"},
    )
    item = db.session.scalar(sa.select(AgendaItem).where(AgendaItem.request_id == request.id))
    assert item.part == "private"


def test_decision_page_offers_the_requested_part_first(client, sign_in, meeting, clock):
    request = submit(
        factories.governor(),
        meeting,
        at(2027, 1, 3),
        session="private",
        private_reason="Names a member of staff",
    )
    clock.move_to(at(2027, 1, 5))
    sign_in(factories.secretary())
    page = _text(client.get(f"/requests/{request.id}/decide"))
    assert 'value="private" checked' in page
    assert "Names a member of staff" in page


def test_late_request_needs_a_reason_to_accept_and_the_governor_sees_it(
    client, sign_in, meeting, clock
):
    governor = factories.governor()
    request = submit(governor, meeting, at(2027, 1, 16, 9, 15))
    clock.move_to(at(2027, 1, 17))
    sign_in(factories.chair())
    response = client.post(
        f"/requests/{request.id}/decide",
        data={"decision": "accept", "minutes_allowed": "15", "part": "public"},
    )
    page = _text(response)
    assert response.status_code == 200
    assert "Enter a reason for accepting this late request" in page
    assert db.session.get(AgendaRequest, request.id).status == "submitted"

    reason = "The contract is renewed before the next meeting."
    response = client.post(
        f"/requests/{request.id}/decide",
        data={"decision": "accept", "minutes_allowed": "15", "part": "public", "reason": reason},
    )
    assert response.status_code == 302
    email = emails_to(governor.email)[-1]
    assert (
        "Your request arrived after the deadline. The chair chose to include it." in email.body_text
    )
    assert reason in email.body_text

    client.post("/account/sign-out")
    sign_in(governor)
    page = _text(client.get(f"/requests/{request.id}"))
    # Decided: the late tag has done its job; the page says what the chair chose.
    assert LATE_TAG not in page
    assert "It arrived after the deadline, so the chair chose to include it." in page
    assert f"Reason: {reason}" in page
    assert "4 clear days before the meeting" in page


def test_decline_needs_a_reason_which_the_governor_sees(client, sign_in, meeting, clock):
    governor = factories.governor()
    request = submit(governor, meeting, at(2027, 1, 3))
    clock.move_to(at(2027, 1, 5))
    sign_in(factories.chair())
    page = _text(client.post(f"/requests/{request.id}/decide", data={"decision": "decline"}))
    assert "Enter a reason for declining the request" in page
    assert "There is a problem" in page
    reason = "Mileage rates follow the national rate."
    client.post(f"/requests/{request.id}/decide", data={"decision": "decline", "reason": reason})
    db.session.expire_all()
    request = db.session.get(AgendaRequest, request.id)
    assert (request.status, request.decision_reason) == ("declined", reason)
    assert reason in emails_to(governor.email)[-1].body_text
    assert db.session.scalar(sa.select(sa.func.count(AgendaItem.id))) == 0

    client.post("/account/sign-out")
    sign_in(governor)
    page = _text(client.get("/requests/mine"))
    assert "Declined" in page
    detail = _text(client.get(f"/requests/{request.id}"))
    assert f"Reason: {reason}" in detail


def test_defer_needs_a_reason_and_a_later_meeting(client, sign_in, meeting, later_meeting, clock):
    governor = factories.governor()
    earlier = factories.MeetingFactory(starts_at=at(2027, 1, 7, 14))
    request = submit(governor, meeting, at(2027, 1, 3))
    clock.move_to(at(2027, 1, 5))
    sign_in(factories.chair())
    page = _text(client.get(f"/requests/{request.id}/decide"))
    assert f'<option value="{later_meeting.id}"' in page
    assert f'<option value="{earlier.id}"' not in page  # not after this meeting

    page = _text(
        client.post(
            f"/requests/{request.id}/decide",
            data={"decision": "defer", "defer_to": str(later_meeting.id)},
        )
    )
    assert "Enter a reason for moving the request" in page
    page = _text(
        client.post(
            f"/requests/{request.id}/decide",
            data={"decision": "defer", "defer_to": str(earlier.id), "reason": "Later"},
        )
    )
    assert "Select a later meeting from the list" in page

    reason = "The board reviews parking charges next month."
    client.post(
        f"/requests/{request.id}/decide",
        data={"decision": "defer", "defer_to": str(later_meeting.id), "reason": reason},
    )
    db.session.expire_all()
    request = db.session.get(AgendaRequest, request.id)
    assert request.status == "deferred"
    assert request.deferred_to_id == later_meeting.id
    body = emails_to(governor.email)[-1].body_text
    assert "has been moved by" in body and "Thursday 18 March 2027" in body and reason in body


def test_a_deferred_request_reappears_under_its_new_meeting_and_is_decided_again(
    client, sign_in, meeting, later_meeting, clock
):
    request = submit(factories.governor(), meeting, at(2027, 1, 3))
    clock.move_to(at(2027, 1, 5))
    chair = factories.chair()
    sign_in(chair)
    client.post(
        f"/requests/{request.id}/decide",
        data={"decision": "defer", "defer_to": str(later_meeting.id), "reason": "Next time"},
    )
    clock.move_to(at(2027, 2, 1))
    sign_in(chair)  # a new day, so a new sign-in
    page = _text(client.get("/requests/queue"))
    march = page.index("Thursday 18 March 2027")
    assert page.index("Car parking charges for carers") > march
    assert "Thursday 21 January 2027" not in page  # nothing left under the old meeting

    response = client.post(
        f"/requests/{request.id}/decide",
        data={"decision": "accept", "minutes_allowed": "15", "part": "public"},
    )
    assert response.status_code == 302
    item = db.session.scalar(sa.select(AgendaItem).where(AgendaItem.request_id == request.id))
    assert item.meeting_id == later_meeting.id
    db.session.expire_all()
    statuses = [e.status for e in db.session.get(AgendaRequest, request.id).events]
    assert statuses == ["submitted", "deferred", "accepted"]


def test_a_decided_request_cannot_be_decided_again(client, sign_in, meeting, clock):
    request = submit(factories.governor(), meeting, at(2027, 1, 3))
    clock.move_to(at(2027, 1, 5))
    sign_in(factories.chair())
    client.post(f"/requests/{request.id}/decide", data={"decision": "decline", "reason": "No"})
    page = _text(
        client.post(
            f"/requests/{request.id}/decide",
            data={"decision": "accept", "minutes_allowed": "15", "part": "public"},
        )
    )
    assert "This request has been declined" in page
    assert db.session.scalar(sa.select(sa.func.count(AgendaItem.id))) == 0


def test_after_the_meeting_a_request_can_only_be_deferred_or_declined(
    client, sign_in, meeting, later_meeting, clock
):
    request = submit(factories.governor(), meeting, at(2027, 1, 3))
    clock.move_to(at(2027, 1, 22))
    sign_in(factories.chair())
    page = _text(client.get(f"/requests/{request.id}/decide"))
    assert "has already taken place" in page
    assert 'value="accept"' not in page
    page = _text(
        client.post(
            f"/requests/{request.id}/decide",
            data={"decision": "accept", "minutes_allowed": "15", "part": "public"},
        )
    )
    assert (
        "Select what you decide: ask the governor for more information first, decline, "
        "move it to a later meeting" in page
    )


def test_governor_withdraws_their_own_request(client, sign_in, meeting, clock):
    governor = factories.governor()
    request = submit(governor, meeting, at(2027, 1, 3))
    clock.move_to(at(2027, 1, 4))
    sign_in(governor)
    page = _text(client.get(f"/requests/{request.id}/withdraw"))
    assert "Are you sure you want to withdraw your request?" in page
    assert _text(client.get(f"/requests/{request.id}")).count("Withdraw this request") == 1
    response = client.post(f"/requests/{request.id}/withdraw")
    assert response.status_code == 302
    db.session.expire_all()
    request = db.session.get(AgendaRequest, request.id)
    assert request.status == "withdrawn"
    assert [e.status for e in request.events] == ["submitted", "withdrawn"]
    assert "You withdrew your request" in emails_to(governor.email)[-1].body_text
    assert db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "request.withdrawn"))
    detail = _text(client.get(f"/requests/{request.id}"))
    assert "Withdraw this request" not in detail
    assert f"{governor.name} withdrew it." in detail


def test_a_decided_request_cannot_be_withdrawn(client, sign_in, meeting, clock):
    governor = factories.governor()
    request = submit(governor, meeting, at(2027, 1, 3))
    services.decline_request(factories.chair(), request, reason="Covered elsewhere")
    db.session.commit()
    clock.move_to(at(2027, 1, 5))
    sign_in(governor)
    response = client.post(f"/requests/{request.id}/withdraw", follow_redirects=True)
    assert "can no longer be withdrawn" in _text(response)
    assert db.session.get(AgendaRequest, request.id).status == "declined"


@pytest.mark.clock(at(2027, 1, 4))
def test_a_deferred_request_can_still_be_withdrawn(client, sign_in, meeting, later_meeting, clock):
    governor = factories.governor()
    request = submit(governor, meeting, at(2027, 1, 3))
    services.defer_request(
        factories.chair(), request, to_meeting=later_meeting, reason="Next meeting"
    )
    db.session.commit()
    clock.move_to(at(2027, 1, 5))
    sign_in(governor)
    assert client.post(f"/requests/{request.id}/withdraw").status_code == 302
    assert db.session.get(AgendaRequest, request.id).status == "withdrawn"


def test_my_requests_shows_every_state_with_its_history(
    client, sign_in, meeting, later_meeting, clock
):
    governor = factories.governor()
    chair = factories.chair(name="Caroline Ashdown")
    accepted = submit(governor, meeting, at(2027, 1, 2), title="Service user panels")
    services.accept_request(chair, accepted, part="public", at=at(2027, 1, 4))
    declined = submit(governor, meeting, at(2027, 1, 2), title="Volunteer mileage")
    services.decline_request(chair, declined, reason="Set nationally", at=at(2027, 1, 4))
    deferred = submit(governor, meeting, at(2027, 1, 2), title="Digital letters")
    services.defer_request(
        chair, deferred, to_meeting=later_meeting, reason="Pilot results", at=at(2027, 1, 4)
    )
    withdrawn = submit(governor, meeting, at(2027, 1, 2), title="Ward visits")
    services.withdraw_request(governor, withdrawn, at=at(2027, 1, 3))
    submit(governor, meeting, at(2027, 1, 2), title="Leaflets")
    submit(factories.governor(), meeting, at(2027, 1, 2), title="Someone else's item")
    db.session.commit()
    clock.move_to(at(2027, 1, 5))
    sign_in(governor)
    page = _text(client.get("/requests/mine"))
    for title in ("Service user panels", "Volunteer mileage", "Digital letters", "Ward visits"):
        assert title in page
    for label in (
        "Accepted",
        "Declined",
        "Moved to a later meeting",
        "Withdrawn",
        "Waiting for a decision",
    ):
        assert label in page
    assert "Someone else's item" not in page

    history = _text(client.get(f"/requests/{deferred.id}"))
    assert f"{governor.name} sent it for the meeting on Thursday 21 January 2027." in history
    assert (
        "Caroline Ashdown moved it to the meeting on Thursday 18 March 2027. It is decided "
        "for that meeting." in history
    )
    # Its state goes forward with it: no old answer date, to be decided at that meeting.
    assert "To be decided for the meeting on Thursday 18 March 2027" in history
    assert "Answer due by" not in history
    assert "Reason: Pilot results" in history
    assert "Monday 4 January 2027 at 12:00" in history


def test_lead_governor_sees_the_queue_without_decision_buttons(client, sign_in, meeting, clock):
    request = submit(factories.governor(), meeting, at(2027, 1, 3))
    clock.move_to(at(2027, 1, 20))  # answer was due 17 January
    sign_in(factories.governor(roles=(Role.LEAD_GOVERNOR,)))
    page = _text(client.get("/requests/queue"))
    assert "Car parking charges for carers" in page
    assert "Answer overdue" in page
    assert f"/requests/{request.id}/decide" not in page
    assert f'href="/requests/{request.id}"' in page
    assert "The chair and the board secretary make the decisions" in page
    assert client.get(f"/requests/{request.id}/decide").status_code == 403
    assert client.get(f"/requests/{request.id}").status_code == 200


def test_queue_puts_requests_awaiting_a_decision_first_and_marks_late_ones(
    client, sign_in, meeting, clock
):
    governor = factories.governor()
    decided = submit(governor, meeting, at(2027, 1, 2), title="Already decided")
    services.decline_request(factories.chair(), decided, reason="No", at=at(2027, 1, 3))
    submit(governor, meeting, at(2027, 1, 16), title="Sent late")
    db.session.commit()
    clock.move_to(at(2027, 1, 17))
    sign_in(factories.secretary())
    page = _text(client.get("/requests/queue"))
    assert page.index("Sent late") < page.index("Already decided")
    assert LATE_TAG in page
    assert "1 request awaits a decision." in page
