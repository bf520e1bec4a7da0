"""List pages cost the same number of queries whatever the number of requests."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from governors.extensions import db
from governors.people.models import Role
from tests import bulk, factories
from tests.conftest import TEST_PASSWORD
from tests.queries import counting_queries
from tests.requests.conftest import at

STATES = ["submitted", "accepted", "declined", "deferred", "withdrawn"]


def make_requests(count: int, proposer, meetings) -> None:
    for n in range(count):
        status = STATES[n % len(STATES)]
        meeting = meetings[n % 2]
        extra = {}
        if status == "deferred":
            extra = {"deferred_to": meetings[2], "decision_reason": "Next meeting"}
        if status == "declined":
            extra = {"decision_reason": "Covered elsewhere"}
        if n % 7 == 3:
            extra |= {"session": "private", "private_reason": "Names staff"}
        factories.AgendaRequestFactory(
            meeting=meeting,
            proposer=proposer if proposer is not None else factories.governor(),
            status=status,
            received_at=at(2027, 1, 2 + n % 10),
            **extra,
        )


def queries_for(client, path: str, count: int, mine: bool) -> int:
    governor = factories.governor()
    meetings = [
        factories.MeetingFactory(starts_at=at(2027, 1, 21, 14)),
        factories.MeetingFactory(starts_at=at(2027, 2, 18, 14)),
        factories.MeetingFactory(starts_at=at(2027, 3, 18, 14)),
    ]
    make_requests(count, governor if mine else None, meetings)
    viewer = governor if mine else factories.UserFactory(roles=[Role.SECRETARY])
    client.post("/account/sign-in", data={"email": viewer.email, "password": TEST_PASSWORD})
    db.session.expire_all()
    with counting_queries() as statements:
        response = client.get(path)
    assert response.status_code == 200
    # Every request (or, on the home page, every open one) is really on the page.
    assert response.get_data(as_text=True).count("nhsuk-tag") >= (2 if path == "/" else 3)
    client.post("/account/sign-out")
    return len(statements)


def test_queue_costs_the_same_for_3_or_30_requests(app, clock):
    clock.move_to(at(2027, 1, 15))
    small = queries_for(app.test_client(), "/requests/queue", 3, mine=False)
    large = queries_for(app.test_client(), "/requests/queue", 30, mine=False)
    assert small == large


def test_my_requests_costs_the_same_for_3_or_30_requests(app, clock):
    clock.move_to(at(2027, 1, 15))
    small = queries_for(app.test_client(), "/requests/mine", 3, mine=True)
    large = queries_for(app.test_client(), "/requests/mine", 30, mine=True)
    assert small == large


def test_home_costs_the_same_for_3_or_30_open_requests(app, clock):
    clock.move_to(at(2027, 1, 15))
    small = queries_for(app.test_client(), "/", 3, mine=True)
    large = queries_for(app.test_client(), "/", 30, mine=True)
    assert small == large


# Past 500 rows SQLAlchemy splits a selectin load into a second IN query: the large sizes
# below go beyond that, each request from a different governor.
LARGE = 520


def _count(client, path: str) -> tuple[int, str]:
    db.session.expire_all()
    with counting_queries() as statements:
        response = client.get(path)
    assert response.status_code == 200
    return len(statements), response.get_data(as_text=True)


def _queue_requests(count: int, meetings) -> list[dict]:
    """``count`` requests in every state, for past and coming meetings."""
    december, january, march = meetings
    # (meeting, status, deferred to): awaiting after the meeting, decided before and after it.
    kinds = [
        (january, "submitted", None),
        (december, "accepted", None),
        (march, "declined", None),
        (january, "deferred", march),
        (december, "withdrawn", None),
        (march, "submitted", None),
    ]
    rows = []
    for n, proposer in enumerate(bulk.governors(count, prefix=f"Proposer {count}")):
        meeting, status, deferred_to = kinds[n % len(kinds)]
        rows.append(
            bulk.request_row(meeting, proposer, f"Item {count}-{n}", status, None, deferred_to)
        )
    bulk.requests(rows)
    return rows


@pytest.mark.parametrize("role", [Role.CHAIR, Role.LEAD_GOVERNOR])
def test_queue_costs_the_same_for_3_or_780_requests(client, sign_in, clock, role):
    clock.move_to(at(2027, 2, 1))
    meetings = [
        factories.MeetingFactory(starts_at=at(2026, 12, 17, 14)),
        factories.MeetingFactory(starts_at=at(2027, 1, 21, 14)),
        factories.MeetingFactory(starts_at=at(2027, 3, 18, 14)),
    ]
    sign_in(factories.governor(roles=(role,)))
    rows = _queue_requests(3, meetings)
    small, _ = _count(client, "/requests/queue")
    # Two in three requests are on the first page: over 500 of them, from as many people.
    rows += _queue_requests(LARGE * 3 // 2, meetings)
    large, page = _count(client, "/requests/queue")
    assert large == small
    # Every request awaiting a decision is listed, with those decided for March and the
    # first 25 decided for past meetings.
    awaiting = sum(1 for row in rows if row["status"] in {"submitted", "deferred"})
    for_march = sum(1 for row in rows if row["status"] == "declined")
    assert f"{awaiting} requests await a decision." in page
    assert awaiting + for_march > 500
    assert len(re.findall(r">Item \d+-\d+<", page)) == awaiting + for_march + 25
    page_two, _ = _count(client, "/requests/queue?page=2")
    assert page_two <= large


def test_lead_governors_home_costs_the_same_for_3_or_520_overdue_answers(client, sign_in, clock):
    clock.move_to(at(2027, 2, 1))
    march = factories.MeetingFactory(starts_at=at(2027, 3, 18, 14))
    sign_in(factories.governor(roles=(Role.LEAD_GOVERNOR,)))

    def overdue(count: int) -> None:
        received = at(2027, 1, 2)
        bulk.requests(
            bulk.request_row(
                march, p, f"Overdue {count}-{n}", "submitted", received + timedelta(minutes=n)
            )
            for n, p in enumerate(bulk.governors(count, prefix=f"Asker {count}"))
        )

    overdue(3)
    small, page = _count(client, "/")
    assert "3 requests have not been answered in time:" in page
    assert "more:" not in page
    overdue(LARGE)
    large, page = _count(client, "/")
    assert large == small
    assert (
        f"{LARGE + 3} requests have not been answered in time. The 10 that have waited longest:"
        in page
    )
    assert len(re.findall(r">Overdue \d+-\d+<", page)) == 10
    assert f"And {LARGE + 3 - 10} more:" in page


@pytest.mark.clock(at(2027, 1, 5))
def test_the_decide_page_costs_the_same_whatever_the_agenda_and_queue(client, sign_in):
    from governors.agendas import services as agendas

    meeting = factories.MeetingFactory(starts_at=at(2027, 1, 21, 14))
    secretary = factories.secretary()
    chair = factories.chair()

    def count(items: int, waiting: int) -> tuple[int, str]:
        for n in range(items):
            agendas.add_item(
                secretary, meeting, part="public", title=f"Item {n}", minutes_allowed=5
            )
        for _ in range(waiting):
            factories.AgendaRequestFactory(meeting=meeting, received_at=at(2027, 1, 2))
        request = factories.AgendaRequestFactory(meeting=meeting, received_at=at(2027, 1, 3))
        db.session.commit()
        sign_in(chair)
        db.session.expire_all()
        with counting_queries() as statements:
            response = client.get(f"/requests/{request.id}/decide")
        assert response.status_code == 200
        return len(statements), response.get_data(as_text=True)

    small, _ = count(2, 1)
    large, page = count(40, 60)
    assert "Item 39 (5 minutes)" in page
    assert large == small
