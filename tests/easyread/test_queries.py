"""The easy-read page costs the same queries however many items the agenda has."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from governors.agendas import services as agendas
from governors.extensions import db
from governors.glossary import services as glossary
from tests import factories
from tests.queries import counting_queries

pytestmark = pytest.mark.clock("2027-01-10T12:00:00+00:00")


def _published(secretary, count: int, day: int):
    meeting = factories.MeetingFactory(starts_at=datetime(2027, 2, day, 14, 0, tzinfo=UTC))
    for number in range(count):
        item = agendas.add_item(
            secretary, meeting, part="public", title=f"Item about the CQC {number}"
        )
        factories.CoverSheetFactory(item=item, written_by=secretary)
        agendas.add_item(secretary, meeting, part="private", title=f"Private {number}")
    agendas.publish(secretary, meeting, notify=False)
    db.session.commit()
    return meeting


def test_the_page_runs_the_same_queries_for_two_items_or_twelve(app, client, sign_in):
    secretary = factories.secretary()
    glossary.seed(secretary)
    small = _published(secretary, 2, 4)
    large = _published(secretary, 12, 11)
    sign_in(factories.governor())
    counts = []
    for meeting in (small, large):
        with counting_queries() as statements:
            page = client.get(f"/meetings/{meeting.id}/easy-read").get_data(as_text=True)
        assert "What these words mean" in page
        counts.append(len(statements))
    assert counts[0] == counts[1]
