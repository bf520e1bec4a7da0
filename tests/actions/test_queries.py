"""The action log, its CSV export and the home pages cost the same number of queries with
20 actions and with 20,000 (past the 500 ids where SQLAlchemy splits its IN lists)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest

from governors.extensions import db
from tests.actions import bulk
from tests.actions.conftest import page_text, path
from tests.queries import counting_queries

pytestmark = pytest.mark.clock(datetime(2027, 2, 1, 10, 0, tzinfo=UTC))
RAISED = datetime(2027, 1, 21, 17, 0, tzinfo=UTC)


def _grow(council, count: int, start: int = 0) -> None:
    """``count`` actions, inserted in bulk: on the Council meeting's public and private
    items, the committee's, and on their own; open, in progress, done and dropped, some
    overdue; each owned by one of four people (the governor owns one in four), and one in
    five by someone named as well (see ``tests/actions/bulk.py``)."""
    places = [
        bulk.Place(council.meeting.body_id, council.meeting.id, council.public_item.id),
        bulk.Place(council.meeting.body_id, council.meeting.id, council.private_item.id, True),
        bulk.Place(
            council.committee.id, council.committee_meeting.id, council.committee_public_item.id
        ),
        bulk.Place(
            council.committee.id,
            council.committee_meeting.id,
            council.committee_private_item.id,
            True,
        ),
        bulk.Place(council.meeting.body_id),
        bulk.Place(council.committee.id, private=True),
    ]
    owners = [council.governor, council.lead, council.officer, council.member]
    bulk.actions(
        places,
        [person.id for person in owners],
        council.secretary.id,
        count,
        start=start,
        first_due=date(2027, 1, 25),
        raised_at=RAISED,
    )
    db.session.commit()


def _count(client, url: str) -> int:
    # As a new request would: nothing already loaded by the set-up or an earlier page.
    db.session.expire_all()
    with counting_queries() as statements:
        response = client.get(url)
        assert response.status_code == 200, url
        response.close()
    return len(statements)


def test_the_log_export_and_home_pages_do_not_grow_with_the_log(council, client, sign_in):
    pages = {
        "lead": [
            path("governors.actions.log"),
            path("governors.actions.log", status="still_open", page=2),
            path("governors.actions.log", owner=council.governor.id, period="overdue"),
            path("governors.actions.export_csv"),
            path("governors.actions.export_csv", body=council.committee.id),
            path("governors.home"),
        ],
        "governor": [path("governors.home")],
    }

    def counts() -> dict[str, int]:
        found = {}
        for who, person in (("lead", council.lead), ("governor", council.governor)):
            sign_in(person)
            found |= {f"{who} {url}": _count(client, url) for url in pages[who]}
            client.post(path("governors.auth.sign_out"))
        return found

    _grow(council, 20)
    small = counts()
    _grow(council, 19_980, start=20)
    assert counts() == small

    # The pages and the export show all of it.
    sign_in(council.lead)
    log = page_text(client.get(path("governors.actions.log")))
    # The lead governor is not on the committee: its private actions (1 in 6 on its
    # private item, 1 in 6 on its own) are left out, those the lead owns aside.
    visible = [n for n in range(20_000) if n % 6 not in (3, 5) or n % 4 == 1]
    assert f"{len(visible):,} actions".replace(",", "") in log.replace(",", "")
    with client.get(path("governors.actions.export_csv")) as response:
        rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == 1 + len(visible)
    assert rows[0][:3] == ["ID", "Action", "Body"]
    client.post(path("governors.auth.sign_out"))
    sign_in(council.governor)
    home = page_text(client.get(path("governors.home")))
    open_mine = sum(1 for n in range(20_000) if n % 4 == 0 and n % 6 in (0, 1, 2, 4))
    assert f"Your actions {open_mine} open" in home


def test_the_reminders_cost_a_fixed_number_of_queries_however_long_the_log(council, clock):
    """Choosing who gets a digest and a summary costs the same whatever the log holds; each
    email queued costs the same few queries more (its key checked, the email and its key
    written)."""
    from governors.actions.services import send_action_reminders
    from governors.outbox.models import OutboxMessage

    def run(day: date) -> tuple[int, int]:
        db.session.expire_all()
        before = db.session.query(OutboxMessage).count()
        with counting_queries() as statements:
            digests, summaries = send_action_reminders(day)
        queued = db.session.query(OutboxMessage).count() - before
        assert queued == digests + summaries
        db.session.commit()
        return len(statements), queued

    _grow(council, 20)
    first, queued = run(date(2027, 2, 1))
    again, none = run(date(2027, 2, 1))
    assert queued > 0 and none == 0
    _grow(council, 1_980, start=20)
    clock.move_to(datetime(2027, 2, 8, 6, 30, tzinfo=UTC))
    first_large, queued_large = run(date(2027, 2, 8))
    again_large, _ = run(date(2027, 2, 8))
    assert again_large == again
    assert first_large - PER_EMAIL * queued_large == first - PER_EMAIL * queued


# Queries for each reminder queued: its key looked up, the email and its key written.
PER_EMAIL = 3
