"""The bodies pages, the home page and the calendar cost the same number of queries with
5 bodies as with 500: no query per body, member or seat."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from governors.bodies.models import Body, Membership, Seat
from governors.bodies.services import council
from governors.extensions import db
from tests import factories
from tests.meetings.helpers import path
from tests.queries import counting_queries

pytestmark = pytest.mark.clock(datetime(2027, 1, 4, 10, 0, tzinfo=UTC))


def _add_bodies(start: int, stop: int, people: list) -> None:
    """Committees ``start`` to ``stop``, each with two members (one in a seat), an empty
    second seat and a meeting."""
    parent = council()
    for n in range(start, stop):
        body = Body(name=f"Committee {n}", kind="committee", parent=parent, remit="To advise.")
        held = Seat(body=body, requirement="public_governor", required=1)
        Seat(body=body, requirement="service_user_governor", required=1)
        db.session.add(body)
        first, second = people[n % len(people)], people[(n + 1) % len(people)]
        db.session.add_all(
            [
                Membership(body=body, user=first, role="chair", starts_on=date(2026, 4, 1)),
                Membership(
                    body=body, user=second, role="member", seat=held, starts_on=date(2026, 4, 1)
                ),
            ]
        )
        factories.MeetingFactory(
            body=body, starts_at=datetime(2027, 2, 1 + n % 27, 10, 0, tzinfo=UTC)
        )
    db.session.flush()


def _queries(client, url: str) -> int:
    with counting_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(statements)


def test_pages_cost_the_same_with_5_bodies_as_with_500(app, client, sign_in):
    secretary = factories.secretary()
    people = [factories.governor() for _ in range(5)]
    _add_bodies(0, 5, people)
    one = db.session.query(Body).filter_by(name="Committee 1").one()
    urls = [
        path("governors.bodies.index"),
        path("governors.bodies.detail", body_id=one.id),
        path("governors.home"),
        path("governors.meetings.calendar"),
    ]
    sign_in(secretary)
    small = {url: _queries(client, url) for url in urls}
    _add_bodies(5, 500, people)
    large = {url: _queries(client, url) for url in urls}
    assert large == small
    page = client.get(path("governors.bodies.index")).get_data(as_text=True)
    assert "Committee 499" in page
    assert "The service user governor seat is empty" in page

    # A governor who sits on a hundred of them: their home page and calendar too.
    client.post(path("governors.auth.sign_out"))
    sign_in(people[0])
    member_urls = [path("governors.home"), path("governors.meetings.calendar")]
    counts = {url: _queries(client, url) for url in member_urls}
    _add_bodies(500, 520, people)
    assert {url: _queries(client, url) for url in member_urls} == counts
