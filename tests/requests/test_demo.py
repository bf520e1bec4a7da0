"""The demo council's requests: every state, consistent with the meetings' dates."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from governors.demo import DemoCouncil, load_demo
from governors.extensions import db
from governors.requests import demo, rules
from governors.requests.models import AgendaRequest
from governors.timeutil import utcnow
from tests.requests.conftest import at


def test_demo_requests_cover_every_state_and_fit_the_meetings(app, clock):
    clock.move_to(at(2026, 11, 23, 9))
    council = load_demo(today=date(2026, 11, 23))
    requests = list(db.session.scalars(sa.select(AgendaRequest).order_by(AgendaRequest.id)))
    today = date(2026, 11, 23)

    assert {r.status for r in requests} == set(rules.RequestStatus)
    proposers = {r.proposer.email for r in requests}
    assert {"governor@example.org", "su.governor@example.org"} <= proposers

    late_accepted = [r for r in requests if r.status == "accepted" and not r.in_time]
    assert late_accepted and all(r.decision_reason for r in late_accepted)
    assert any(rules.is_overdue(r.status, r.response_due, today) for r in requests)
    assert all(r.decision_reason for r in requests if r.status in ("declined", "deferred"))
    deferred = [r for r in requests if r.deferred_to_id]
    assert deferred and all(r.deferred_to.starts_at > r.meeting.starts_at for r in deferred)
    private = [r for r in requests if r.is_private]
    assert private and all(r.private_reason for r in private)

    now = utcnow()
    for request in requests:
        assert request.received_at < request.meeting.starts_at
        assert request.received_at <= now
        assert request.events[0].occurred_at == request.received_at
        if request.decided_at is not None:
            assert request.received_at < request.decided_at <= now
        assert [e.occurred_at for e in request.events] == sorted(
            e.occurred_at for e in request.events
        )
    assert council.people


def test_without_meetings_the_demo_makes_no_requests(app):
    demo.load(DemoCouncil(today=date(2026, 11, 23)))
    assert db.session.scalar(sa.select(sa.func.count(AgendaRequest.id))) == 0
