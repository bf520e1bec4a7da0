"""List pages cost the same number of queries whatever the number of requests."""

from __future__ import annotations

from governors.extensions import db
from governors.people.models import Role
from tests import factories
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


def test_queue_costs_the_same_for_3_or_30_requests(app, travel):
    travel(at(2027, 1, 15))
    small = queries_for(app.test_client(), "/requests/queue?past=1", 3, mine=False)
    large = queries_for(app.test_client(), "/requests/queue?past=1", 30, mine=False)
    assert small == large


def test_my_requests_costs_the_same_for_3_or_30_requests(app, travel):
    travel(at(2027, 1, 15))
    small = queries_for(app.test_client(), "/requests/mine", 3, mine=True)
    large = queries_for(app.test_client(), "/requests/mine", 30, mine=True)
    assert small == large


def test_home_costs_the_same_for_3_or_30_open_requests(app, travel):
    travel(at(2027, 1, 15))
    small = queries_for(app.test_client(), "/", 3, mine=True)
    large = queries_for(app.test_client(), "/", 30, mine=True)
    assert small == large
