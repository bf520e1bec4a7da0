"""The public pages cost the same number of queries however many meetings, agendas, items
and governors there are."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from governors.agendas import services as agendas
from governors.agendas.models import AgendaVersion
from governors.extensions import db
from tests import bulk, factories
from tests.meetings.helpers import path
from tests.queries import counting_queries

NOW = datetime(2027, 1, 5, 12, 0, tzinfo=UTC)

pytestmark = pytest.mark.clock(NOW)


def _queries(client, url: str) -> int:
    db.session.expire_all()
    with counting_queries() as statements:
        response = client.get(url)
        assert response.status_code == 200, url
    return len(statements)


def _grow(secretary, count: int, next_meeting) -> None:
    """``count`` past public meetings with published agendas, ``count`` governors, and
    ``count`` more public items on the next meeting."""
    past = [
        factories.MeetingFactory(starts_at=NOW - timedelta(days=30 * (n + 1))) for n in range(count)
    ]
    for meeting in past:
        agendas.add_item(secretary, meeting, part="public", title="Finance report")
    bulk.insert(
        AgendaVersion,
        [
            {
                "meeting_id": meeting.id,
                "number": 1,
                "published_at": meeting.starts_at - timedelta(days=7),
                "published_by_id": secretary.id,
                "snapshot": agendas.current_snapshot(meeting),
            }
            for meeting in past
        ],
    )
    for n in range(count):
        factories.governor(constituency=("public", "staff", "carer")[n % 3])
        agendas.add_item(secretary, next_meeting, part="public", title=f"Item {n}")
    db.session.flush()


def test_the_front_page_and_a_meetings_page_do_not_grow_with_the_council(client):
    secretary = factories.secretary()
    meeting = factories.MeetingFactory(starts_at=datetime(2027, 1, 21, 14, 0, tzinfo=UTC))
    urls = [path("governors.public.front"), "/"]

    def counts(note: str | None = None) -> list[int]:
        agendas.publish(secretary, meeting, note, notify=False)
        db.session.commit()
        page = path("governors.public.meeting", meeting_id=meeting.id)
        return [_queries(client, url) for url in [*urls, page]]

    _grow(secretary, 2, meeting)
    small = counts()
    _grow(secretary, 12, meeting)
    large = counts("More items")
    assert large == small
    assert max(small) <= 12
