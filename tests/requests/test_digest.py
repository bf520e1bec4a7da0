"""The daily digest of overdue and late requests, and its command."""

from __future__ import annotations

import sqlalchemy as sa

from governors.extensions import db
from governors.outbox.models import OutboxMessage
from governors.people.models import Role
from governors.requests import services
from tests import factories
from tests.requests.conftest import at


def submit(proposer, meeting, received_at, title, **changes):
    return services.submit_request(
        proposer,
        meeting=meeting,
        title=title,
        purpose="discuss",
        session=changes.pop("session", "public"),
        note_to_chair="Details",
        received_at=received_at,
        notify=False,
        **changes,
    )


def _digests() -> list[OutboxMessage]:
    return list(
        db.session.scalars(
            sa.select(OutboxMessage)
            .where(OutboxMessage.subject.like("Agenda requests needing an answer%"))
            .order_by(OutboxMessage.to_address)
        )
    )


def test_command_emails_the_chair_secretary_and_lead_governor(app, meeting, clock):
    chair = factories.chair(email="chair@example.org")
    secretary = factories.secretary(email="secretary@example.org")
    lead = factories.governor(roles=(Role.LEAD_GOVERNOR,), email="lead@example.org")
    factories.chair(email="former.chair@example.org", active=False)
    factories.governor(email="governor@example.org")
    factories.UserFactory(roles=[Role.NED], email="ned@example.org")
    governor = factories.governor(name="Helen Carter")
    submit(governor, meeting, at(2027, 1, 2), "Waiting times for assessments")
    submit(
        governor,
        meeting,
        at(2027, 1, 16),
        "Closure of the Ward 7 therapy garden",
        session="private",
        private_reason="Consultation",
    )
    submit(governor, meeting, at(2027, 1, 8), "Fresh and in time")
    db.session.commit()

    clock.move_to(at(2027, 1, 17, 7))  # the first answer was due 16 January
    result = app.test_cli_runner().invoke(args=["governors", "digest"])
    assert result.exit_code == 0, result.output
    assert "Queued the digest for 3 people: 1 overdue, 1 late" in result.output

    messages = _digests()
    assert [m.to_address for m in messages] == [
        chair.email,
        lead.email,
        secretary.email,
    ]
    body = messages[0].body_text
    assert messages[0].subject == "Agenda requests needing an answer: 1 overdue and 1 late"
    assert "Answers overdue (1)" in body
    assert "- Waiting times for assessments" in body
    assert "Answer was due by Saturday 16 January 2027" in body
    assert "Late requests waiting for the chair's decision (1)" in body
    assert "- Closure of the Ward 7 therapy garden (private part)" in body
    assert "Fresh and in time" not in body
    assert "http://localhost/requests/queue" in body


def test_command_sends_nothing_when_nothing_is_overdue_or_late(app, meeting, clock):
    factories.chair()
    submit(factories.governor(), meeting, at(2027, 1, 2), "In time and not yet due")
    db.session.commit()
    clock.move_to(at(2027, 1, 10))
    result = app.test_cli_runner().invoke(args=["governors", "digest"])
    assert result.exit_code == 0
    assert "no digest sent" in result.output
    assert _digests() == []


def test_decided_requests_leave_the_digest(app, meeting, clock):
    chair = factories.chair()
    request = submit(factories.governor(), meeting, at(2027, 1, 2), "Answered late")
    services.decline_request(chair, request, reason="Covered elsewhere", notify=False)
    db.session.commit()
    clock.move_to(at(2027, 1, 20))
    result = services.send_digest()
    assert (result.overdue, result.late, result.recipients) == (0, 0, [])
    assert _digests() == []
