"""The pages of meetings held (the archive, the public page, a meeting's page, its minutes
and its register, and the home page) cost the same number of queries for 10 meetings held
as for 1,000."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from flask.testing import FlaskClient

from governors.extensions import db
from tests.held import Held, grow, hold, pages, people
from tests.meetings.helpers import path
from tests.queries import counting_queries

pytestmark = pytest.mark.clock(datetime(2027, 12, 15, 12, 0, tzinfo=UTC))

MANY = 1000
# A link to a meeting's own page.
MEETING_LINK = re.compile(r'href="/meetings/\d+"')


def _count(client: FlaskClient, url: str) -> tuple[int, str]:
    # As in a request of its own: nothing loaded before saves a query.
    db.session.expire_all()
    with counting_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(statements), response.get_data(as_text=True)


def _visit(client: FlaskClient, sign_in, held: Held) -> dict[tuple[str, str], tuple[int, str]]:
    """Each page's query count and text, asked for by each person in turn."""
    found = {}
    for who, urls in pages(held).items():
        person = people(held)[who]
        if person is not None:
            sign_in(person)
        for name, url in urls:
            client.get(url)  # once first, so what is made once per process is not counted
            found[who, name] = _count(client, url)
        if person is not None:
            client.post(path("governors.auth.sign_out"))
    return found


def test_pages_of_meetings_held_cost_the_same_for_10_or_1000_meetings(app, client, sign_in, clock):
    held = hold(clock.now)
    db.session.commit()
    assert held.count == 10
    small = _visit(client, sign_in, held)

    grow(held, MANY)
    db.session.commit()
    assert held.count == MANY
    large = _visit(client, sign_in, held)

    # The pages list what was added: the archive every meeting of the year (each links to
    # its page for members), approved minutes for the public; the latest minutes the backlog
    # they approved and every circulated draft waiting for approval.
    assert len(MEETING_LINK.findall(large["secretary", "archive"][1])) == MANY
    assert len(MEETING_LINK.findall(large["governor", "committee archive"][1])) == MANY // 2
    assert large["anonymous", "archive"][1].count("minutes-public.pdf") > MANY // 4
    minutes_page = large["secretary", "latest minutes"][1]
    assert minutes_page.count("the minutes of the") > MANY // 10
    assert minutes_page.count("<option") > MANY // 10

    counts = {page: count for page, (count, _) in small.items()}
    assert {page: count for page, (count, _) in large.items()} == counts
