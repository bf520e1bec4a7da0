"""The register and the minutes pages cost the same number of queries whatever the size of
the body, the register and the agenda."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from governors.agendas import services as agendas
from governors.attendance import services as attendance
from governors.extensions import db
from governors.minutes.services import MinuteText, save_minute
from tests import factories
from tests.meetings.helpers import path
from tests.queries import counting_queries

pytestmark = pytest.mark.clock(datetime(2027, 2, 3, 12, 0, tzinfo=UTC))


def _grow(secretary, body, meeting, members: int, items: int) -> None:
    """Members present (one in two declaring on an item and leaving it), minuted items."""
    for n in range(items):
        item = agendas.add_item(secretary, meeting, part="public", title=f"Item {n}")
        save_minute(secretary, item, MinuteText(discussion=f"Discussed {n}"), revision=None)
    added = agendas.items_for(meeting)
    for n in range(members):
        person = factories.governor()
        factories.MembershipFactory(body=body, user=person)
        attendance.record_attendance(secretary, meeting, person, "present")
        if n % 2:
            attendance.record_declaration(
                secretary, added[n % len(added)], person, "A trustee", "left"
            )
    db.session.flush()


def _count(client, url: str) -> int:
    # Nothing left over in the session from setting up: each page loads what it shows.
    db.session.expire_all()
    with counting_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def test_register_and_minutes_pages_do_not_grow_with_the_meeting(app, client, sign_in):
    secretary = factories.secretary()
    body = factories.BodyFactory()
    meeting = factories.MeetingFactory(body=body, starts_at=datetime(2027, 2, 3, 10, 0, tzinfo=UTC))
    _grow(secretary, body, meeting, members=4, items=3)
    urls = [
        path("governors.attendance.register", meeting_id=meeting.id),
        path("governors.minutes.index", meeting_id=meeting.id),
        path("governors.meetings.detail", meeting_id=meeting.id),
    ]
    sign_in(secretary)
    small = {url: _count(client, url) for url in urls}
    _grow(secretary, body, meeting, members=40, items=30)
    assert {url: _count(client, url) for url in urls} == small
