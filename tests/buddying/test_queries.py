"""The secretary's buddying pages run the same number of queries however many governors,
pairs and requests there are: no query per row."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from governors.bodies.rules import MemberRole
from governors.bodies.services import add_member
from governors.buddying import services
from governors.extensions import db
from tests import factories
from tests.buddying.helpers import director, governor_since
from tests.meetings.helpers import path
from tests.queries import counting_queries

pytestmark = pytest.mark.clock(datetime(2027, 1, 4, 10, 0, tzinfo=UTC))
TODAY = date(2027, 1, 4)


def _grow(secretary, committee, count: int) -> None:
    """New governors (one in two asking for a buddy), and paired governors on the committee,
    with directors as their buddies."""
    for n in range(count):
        new = governor_since(date(2026, 10, 1))
        if n % 2:
            services.ask_for_buddy(new, purpose="induction", notify=False)
        paired = governor_since(date(2022, 4, 1))
        add_member(secretary, committee, user=paired, role=MemberRole.MEMBER, notify=False)
        services.create_pair(
            secretary, paired, director(), purpose="support", starts_on=TODAY, notify=False
        )
        factories.UnavailabilityFactory(user=director(), starts_on=TODAY, ends_on=None)
    db.session.commit()


def _count(client, url: str) -> int:
    db.session.expire_all()
    with counting_queries() as statements:
        response = client.get(url)
        assert response.status_code == 200, url
    return len(statements)


def test_the_secretarys_pages_do_not_grow_with_the_council(app, client, sign_in):
    secretary = factories.secretary()
    governor = governor_since(date(2026, 11, 1))
    committee = factories.BodyFactory()
    db.session.flush()
    add_member(secretary, committee, user=governor, role=MemberRole.MEMBER, notify=False)
    asked = services.ask_for_buddy(governor, purpose="support", notify=False)
    _grow(secretary, committee, 2)
    client = sign_in(secretary)
    urls = [
        path("governors.home"),
        path("governors.buddying.all_pairs"),
        path("governors.buddying.answer", buddy_request_id=asked.id),
        path("governors.buddying.new_pair", governor=governor.id),
    ]
    before = [_count(client, url) for url in urls]
    _grow(secretary, committee, 6)
    after = [_count(client, url) for url in urls]
    assert after == before
