"""The availability pages run the same number of queries however many periods there are
and however many meetings a period touches: no query per row."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from governors.bodies.rules import MemberRole
from governors.bodies.services import add_member
from governors.cover import services
from governors.cover.models import CoverNeed
from governors.extensions import db
from tests import factories
from tests.meetings.helpers import path
from tests.queries import counting_queries

pytestmark = pytest.mark.clock(datetime(2027, 1, 4, 10, 0, tzinfo=UTC))
TODAY = date(2027, 1, 4)


def _grow(secretary, committee, count: int, start: int) -> None:
    """More people away, and more meetings of the committee in the governor's period."""
    for n in range(count):
        factories.UnavailabilityFactory(
            user=factories.governor(), starts_on=TODAY, ends_on=TODAY + timedelta(days=9 + n)
        )
        factories.MeetingFactory(
            body=committee,
            starts_at=datetime(2027, 1, 11, 14, 0, tzinfo=UTC) + timedelta(days=start + n),
        )
    db.session.commit()


def _count(client, url: str) -> int:
    db.session.expire_all()
    with counting_queries() as statements:
        response = client.get(url)
        assert response.status_code == 200, url
    return len(statements)


def test_the_availability_pages_do_not_grow_with_the_data(app, client, sign_in):
    secretary = factories.secretary()
    governor = factories.governor()
    committee = factories.BodyFactory()
    db.session.flush()
    add_member(secretary, committee, user=governor, role=MemberRole.MEMBER, notify=False)
    period = services.record_unavailability(
        governor, governor, starts_on=TODAY, ends_on=date(2027, 3, 31), note="Resting", plan=False
    )
    _grow(secretary, committee, 2, 0)
    client = sign_in(secretary)
    urls = [
        path("governors.availability.everyone"),
        path("governors.availability.period", period_id=period.id),
    ]
    before = [_count(client, url) for url in urls]
    _grow(secretary, committee, 6, 10)
    after = [_count(client, url) for url in urls]
    assert after == before
    page = client.get(urls[1]).get_data(as_text=True)
    assert page.count("Apologies sent.") == 8


def _away_with_cover(secretary, committee, count: int) -> None:
    """More governors on the committee, each away for its next meeting, with cover needed."""
    for _ in range(count):
        member = factories.governor()
        add_member(secretary, committee, user=member, role=MemberRole.MEMBER, notify=False)
        services.record_unavailability(
            secretary, member, starts_on=TODAY, ends_on=date(2027, 1, 31), consent_noted=True
        )
        factories.governor(constituency="service_user")
    db.session.commit()


def test_the_cover_pages_do_not_grow_with_the_data(app, client, sign_in):
    secretary = factories.secretary()
    committee = factories.BodyFactory()
    factories.MeetingFactory(body=committee, starts_at=datetime(2027, 1, 20, 14, 0, tzinfo=UTC))
    db.session.flush()
    _away_with_cover(secretary, committee, 2)
    need = db.session.scalars(sa.select(CoverNeed).order_by(CoverNeed.id)).first()
    client = sign_in(secretary)
    urls = [path("governors.cover.index"), path("governors.cover.need", need_id=need.id)]
    before = [_count(client, url) for url in urls]
    _away_with_cover(secretary, committee, 6)
    after = [_count(client, url) for url in urls]
    assert after == before
    assert client.get(urls[0]).get_data(as_text=True).count("/cover/needs/") >= 8
