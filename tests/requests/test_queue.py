"""The queue: everything awaiting a decision on the first page, earlier decisions paged."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest

from governors.people.models import Role
from tests import bulk, factories
from tests.requests.conftest import at


def _text(response) -> str:
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def council(app, clock):
    """Two meetings that have taken place and one to come, on 1 February 2027."""
    clock.move_to(at(2027, 2, 1))
    december = factories.MeetingFactory(starts_at=at(2026, 12, 17, 14))
    january = factories.MeetingFactory(starts_at=at(2027, 1, 21, 14))
    march = factories.MeetingFactory(starts_at=at(2027, 3, 18, 14))
    proposer = factories.governor().id

    def rows(meeting, title, count, status):
        start = meeting.starts_at - timedelta(days=30)
        return [
            bulk.request_row(
                meeting, proposer, f"{title} {n:02d}", status, start + timedelta(hours=n)
            )
            for n in range(count)
        ]

    bulk.requests(
        [
            *rows(december, "December decision", 10, "declined"),
            *rows(january, "January decision", 20, "accepted"),
            *rows(january, "Still waiting", 3, "submitted"),
            *rows(march, "Coming decision", 1, "accepted"),
            *rows(march, "Coming request", 1, "submitted"),
        ]
    )
    return {"december": december, "january": january, "march": march}


def _titles(page: str, prefix: str) -> list[str]:
    return re.findall(rf"{prefix} \d\d", page)


def test_first_page_has_everything_awaiting_and_the_latest_25_earlier_decisions(
    client, sign_in, council
):
    sign_in(factories.chair())
    page = _text(client.get("/requests/queue"))
    assert "4 requests await a decision." in page
    assert _titles(page, "Still waiting") == [
        "Still waiting 00",
        "Still waiting 01",
        "Still waiting 02",
    ]
    assert "Coming request 00" in page and "Coming decision 00" in page
    # The most recent meeting's decisions first, then the oldest meeting's first five.
    assert len(_titles(page, "January decision")) == 20
    assert _titles(page, "December decision") == [f"December decision {n:02d}" for n in range(5)]
    assert "30 requests, 25 a page. This is page 1 of 2." in page
    assert 'href="/requests/queue?page=2#decided-earlier"' in page
    assert "Page 2 of 2" in page


def test_second_page_has_only_the_older_decisions_and_says_where_the_rest_are(
    client, sign_in, council
):
    sign_in(factories.chair())
    page = _text(client.get("/requests/queue?page=2"))
    assert _titles(page, "December decision") == [
        f"December decision {n:02d}" for n in range(5, 10)
    ]
    assert not _titles(page, "January decision")
    assert "This is page 2 of 2." in page
    # Nothing awaiting is hidden: the count is still given, with the way back to them.
    assert "4 requests await a decision." in page
    assert "Requests awaiting a decision and those for upcoming meetings are on" in page
    assert 'href="/requests/queue?page=1#decided-earlier"' in page


def test_many_decisions_never_push_awaiting_requests_off_the_first_page(client, sign_in, council):
    proposer = factories.governor().id
    bulk.requests(
        bulk.request_row(council["january"], proposer, f"Old answer {n:03d}", "withdrawn")
        for n in range(100)
    )
    sign_in(factories.chair())
    page = _text(client.get("/requests/queue"))
    assert len(_titles(page, "Still waiting")) == 3
    assert "Coming request 00" in page
    assert "130 requests, 25 a page. This is page 1 of 6." in page


def test_filter_by_meeting_shows_that_meeting_only(client, sign_in, council):
    december = council["december"]
    sign_in(factories.chair())
    response = client.get(f"/requests/queue?meeting={december.id}")
    page = _text(response)
    assert re.search(rf'<option value="{december.id}"\s+selected', page)
    assert "0 requests await a decision for this meeting." in page
    assert len(_titles(page, "December decision")) == 10
    assert not _titles(page, "January decision") and not _titles(page, "Still waiting")
    assert "Show all meetings" in page


def test_a_page_past_the_end_says_so_and_one_that_cannot_be_is_not_found(client, sign_in, council):
    sign_in(factories.chair())
    assert "There is no page 9." in _text(client.get("/requests/queue?page=9"))
    for bad in ("two", "²", "0", "-1", "99999999999999999999"):
        response = client.get("/requests/queue", query_string={"page": bad})
        assert response.status_code == 404, bad
        assert "Page not found" in response.get_data(as_text=True)
    page = _text(client.get("/requests/queue?page=1"))
    assert "This is page 1 of 2." in page and "Still waiting 00" in page


def test_lead_governor_sees_the_same_pages_without_decision_links(client, sign_in, council):
    lead = factories.governor(roles=(Role.LEAD_GOVERNOR,))
    sign_in(lead)
    page = _text(client.get("/requests/queue"))
    assert len(_titles(page, "Still waiting")) == 3
    assert "/decide" not in page
