"""How the audit log names private things: by number only, never by their words.

A private request carries planted canary texts (title, reason for privacy, supporting
information, the chair's reason). It is accepted, and its agenda item changed, moved and
removed; no audit entry, and no view of the audit log, may contain a canary.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from governors.agendas import services as agendas
from governors.agendas.models import AgendaItem
from governors.audit.models import AuditEntry
from governors.audit.services import WITHHELD, private_name, withhold_private
from governors.extensions import db
from governors.requests import services as requests
from tests import factories
from tests.meetings.helpers import page_text

CANARIES = (
    "CANARY-TITLE",
    "CANARY-REASON",
    "CANARY-INFO",
    "CANARY-DECISION",
    "CANARY-RETITLED",
    "CANARY-DESCRIBED",
)

pytestmark = pytest.mark.clock(datetime(2027, 1, 3, 12, 0, tzinfo=UTC))


def _entries() -> list[AuditEntry]:
    return list(db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)))


def _leaks(text: str) -> list[str]:
    return [canary for canary in CANARIES if canary in text]


def _entry_text(entry: AuditEntry) -> str:
    return " ".join([entry.summary, json.dumps(entry.before), json.dumps(entry.after)])


@pytest.fixture
def decided(client, sign_in):
    """A private request accepted through the chair's decision page, then its item edited."""
    secretary = factories.secretary()
    chair = factories.chair()
    meeting = factories.MeetingFactory(starts_at=datetime(2027, 1, 21, 14, 0, tzinfo=UTC))
    request = requests.submit_request(
        factories.governor(),
        meeting=meeting,
        title="CANARY-TITLE Closure of Ward 9",
        purpose="decide",
        session="private",
        private_reason="CANARY-REASON it names a consultant",
        note_to_chair="CANARY-INFO the staffing figures",
        notify=False,
    )
    sign_in(chair)
    response = client.post(
        f"/requests/{request.id}/decide",
        data={
            "decision": "accept",
            "minutes_allowed": "15",
            "part": "private",
            "reason": "CANARY-DECISION agreed",
        },
    )
    assert response.status_code == 302
    db.session.refresh(request)
    item = db.session.scalars(
        sa.select(AgendaItem).where(AgendaItem.request_id == request.id)
    ).one()
    agendas.update_item(
        secretary,
        item,
        part="private",
        title="CANARY-RETITLED Ward 9",
        purpose="decide",
        presenter="Dr Canary",
        minutes_allowed=20,
        description="CANARY-DESCRIBED in full",
    )
    agendas.add_item(secretary, meeting, part="private", title="CANARY-TITLE second item")
    agendas.move_item(secretary, item, "down")
    db.session.flush()
    return {"secretary": secretary, "chair": chair, "request": request, "item": item}


def test_no_audit_entry_holds_a_private_items_words(decided):
    request, item = decided["request"], decided["item"]
    entries = _entries()
    assert {entry.action for entry in entries} >= {
        "request.submitted",
        "request.accepted",
        "agenda.item_added",
        "agenda.item_changed",
        "agenda.item_moved",
    }
    assert [entry.action for entry in entries if _leaks(_entry_text(entry))] == []
    summaries = [entry.summary for entry in entries]
    assert any(
        s.startswith(f"Submitted private agenda request {request.id} for the meeting on")
        for s in summaries
    )
    assert any(
        s.startswith(f"Accepted private agenda request {request.id} for the private part")
        for s in summaries
    )
    assert any(
        s.startswith(f"Added private agenda item {item.id} to the private part") for s in summaries
    )
    changed = next(entry for entry in entries if entry.action == "agenda.item_changed")
    assert changed.summary.startswith(f"Changed private agenda item {item.id} (")
    # Which fields changed is kept; what they said is not.
    assert changed.after["title"] == WITHHELD
    assert changed.after["description"] == WITHHELD
    assert changed.after["minutes_allowed"] == 20
    accepted = next(entry for entry in entries if entry.action == "request.accepted")
    assert accepted.after == {
        "status": "accepted",
        "meeting_id": item.meeting_id,
        "reason": WITHHELD,
    }


def test_removing_a_private_item_names_it_by_number(decided):
    item = decided["item"]
    item_id = item.id
    agendas.remove_item(decided["secretary"], item)
    db.session.flush()
    removed = next(entry for entry in _entries() if entry.action == "agenda.item_removed")
    assert removed.summary.startswith(f"Removed private agenda item {item_id} from the private")
    assert _leaks(_entry_text(removed)) == []
    assert removed.before["part"] == "private"
    assert removed.before["title"] == WITHHELD


def test_the_audit_log_and_its_filters_show_the_entry_without_the_words(client, sign_in, decided):
    client.post("/account/sign-out")
    sign_in(decided["secretary"])
    item, chair = decided["item"], decided["chair"]
    for query in (
        {},
        {"record_type": "agenda_items"},
        {"record_type": "agenda_items", "record_id": str(item.id)},
        {"action": "agenda.item_changed"},
        {"action": "request.accepted"},
        {"who": str(chair.id)},
        {"date_from-day": "3", "date_from-month": "1", "date_from-year": "2027"},
    ):
        response = client.get("/audit/", query_string=query)
        assert response.status_code == 200, query
        html = response.get_data(as_text=True)
        assert _leaks(html) == [], query
        text = page_text(response)
        assert "private agenda" in text, query
    everything = page_text(client.get("/audit/"))
    assert f"Changed private agenda item {item.id}" in everything
    assert f"Accepted private agenda request {decided['request'].id}" in everything
    assert WITHHELD in everything


def test_a_public_request_placed_in_the_private_part_is_private_from_then_on(client, sign_in):
    meeting = factories.MeetingFactory(starts_at=datetime(2027, 1, 21, 14, 0, tzinfo=UTC))
    request = requests.submit_request(
        factories.governor(),
        meeting=meeting,
        title="CANARY-TITLE Car parking",
        purpose="discuss",
        session="public",
        note_to_chair="CANARY-INFO charges",
        notify=False,
    )
    sign_in(factories.chair())
    response = client.post(
        f"/requests/{request.id}/decide",
        data={"decision": "accept", "minutes_allowed": "15", "part": "private"},
    )
    assert response.status_code == 302
    entries = {entry.action: entry for entry in _entries()}
    # Asked for in public, the title was not private business when it arrived.
    assert "CANARY-TITLE" in entries["request.submitted"].summary
    for action in ("request.accepted", "agenda.item_added"):
        assert _leaks(_entry_text(entries[action])) == [], action
    assert entries["request.accepted"].summary.startswith(
        f"Accepted private agenda request {request.id}"
    )


def test_public_items_keep_their_titles_in_the_log(app):
    secretary = factories.secretary()
    meeting = factories.MeetingFactory(starts_at=datetime(2027, 1, 21, 14, 0, tzinfo=UTC))
    item = agendas.add_item(secretary, meeting, part="public", title="Annual plan")
    [entry] = [e for e in _entries() if e.action == "agenda.item_added"]
    assert (
        entry.summary
        == f"Added 'Annual plan' to the public part of the agenda for meeting {meeting.id}"
    )
    assert entry.after["title"] == "Annual plan"
    assert entry.record_id == item.id


def test_the_rule_for_private_values():
    assert private_name("agenda item", 12) == "private agenda item 12"
    assert withhold_private(None) is None
    assert withhold_private(
        {"title": "Secret", "part": "private", "papers": ["Dismissal.pdf"], "position": 2}
    ) == {"title": WITHHELD, "part": "private", "papers": WITHHELD, "position": 2}
