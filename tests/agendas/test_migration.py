"""Migration 0002 on a database with versions already published: each gets the meeting and
the council as they were when it was published, and the downgrade gives the old lists back."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import command
from flask import Flask

from governors.agendas import snapshot
from governors.extensions import db

PUBLISHED = datetime(2027, 1, 5, 12, 0, tzinfo=UTC)
MOVED = datetime(2027, 1, 6, 9, 0, tzinfo=UTC)
REPUBLISHED = datetime(2027, 1, 7, 9, 0, tzinfo=UTC)


def entry(item_id: int, number: str, part: str, starts_at: str, request_id=None) -> dict:
    """An item as version 1 of the snapshot kept it (schema 1: a bare list)."""
    return {
        "item_id": item_id,
        "number": number,
        "part": part,
        "title": f"Item {item_id}",
        "purpose": "note",
        "presenter": None,
        "minutes_allowed": 15,
        "starts_at": starts_at,
        "description": None,
        "standing": False,
        "request_id": request_id,
        "papers": [{"id": 3, "filename": "report.pdf"}] if part == "public" else [],
    }


OLD_LIST = [entry(1, "1", "public", "14:00", request_id=1), entry(2, "P1", "private", "14:15")]
NEW_LIST = [entry(1, "1", "public", "10:00", request_id=1), entry(2, "P1", "private", "10:15")]
CLOSED_LIST = [entry(5, "1", "public", "12:00")]


def load_published_agendas(connection: sa.Connection) -> None:
    """As they stood under revision 0001: a meeting published, moved and republished, the
    council renamed in between, and a governors' pre-meeting."""
    tables = sa.MetaData()
    tables.reflect(connection)
    insert = {name: tables.tables[name].insert() for name in tables.tables}
    person = {"active": True, "created_at": PUBLISHED}
    connection.execute(
        insert["users"],
        [
            person | {"id": 1, "email": "sam@example.org", "name": "Sam Okafor"},
            person | {"id": 2, "email": "priya@example.org", "name": "Priya Shah"},
        ],
    )
    connection.execute(
        insert["council_settings"],
        {
            "id": 1,
            "council_name": "Westshire Council of Governors",
            "trust_name": "Westshire NHS Foundation Trust",
            "clear_days": 10,
            "counting": "calendar",
            "nation": "england",
            "response_days": 14,
            "updated_at": MOVED,
        },
    )
    meeting = {
        "duration_minutes": 150,
        "video_link": None,
        "created_at": PUBLISHED,
        "updated_at": MOVED,
        "sequence": 1,
    }
    connection.execute(
        insert["meetings"],
        [
            meeting
            | {
                "id": 1,
                "kind": "ordinary",
                "starts_at": datetime(2027, 1, 28, 10, 0, tzinfo=UTC),
                "place": "Seminar room 2, Northshire Hospital",
            },
            meeting
            | {
                "id": 2,
                "kind": "pre_meeting",
                "starts_at": datetime(2027, 1, 21, 12, 0, tzinfo=UTC),
                "place": "Room 4",
            },
        ],
    )
    connection.execute(
        insert["agenda_requests"],
        {
            "id": 1,
            "meeting_id": 1,
            "proposer_id": 2,
            "title": "Memory clinics",
            "purpose": "discuss",
            "session": "public",
            "supporting_info": "Long waits.",
            "received_at": PUBLISHED,
            "rule_days": 10,
            "rule_counting": "calendar",
            "rule_nation": "england",
            "deadline": date(2027, 1, 10),
            "clear_days": 15,
            "in_time": True,
            "response_due": date(2027, 1, 16),
            "status": "accepted",
        },
    )
    audit = {"actor_id": 1, "occurred_at": MOVED}
    connection.execute(
        insert["audit_entries"],
        [
            audit
            | {
                "action": "meeting.updated",
                "record_type": "meetings",
                "record_id": 1,
                "summary": "Changed the meeting",
                "before": {
                    "starts_at": "2027-01-21 14:00:00+00:00",
                    "place": "Boardroom, Trust Headquarters",
                },
                "after": {
                    "starts_at": "2027-01-28 10:00:00+00:00",
                    "place": "Seminar room 2, Northshire Hospital",
                },
            },
            audit
            | {
                "action": "settings.updated",
                "record_type": "council_settings",
                "record_id": 1,
                "summary": "Changed the council settings",
                "before": {
                    "council_name": "Northshire Council of Governors",
                    "trust_name": "Northshire NHS Foundation Trust",
                },
                "after": {
                    "council_name": "Westshire Council of Governors",
                    "trust_name": "Westshire NHS Foundation Trust",
                },
            },
        ],
    )
    version = {"published_by_id": 1, "change_note": None}
    connection.execute(
        insert["agenda_versions"],
        [
            version
            | {
                "id": 1,
                "meeting_id": 1,
                "number": 1,
                "published_at": PUBLISHED,
                "snapshot": OLD_LIST,
            },
            version
            | {
                "id": 2,
                "meeting_id": 1,
                "number": 2,
                "published_at": REPUBLISHED,
                "snapshot": NEW_LIST,
                "change_note": "Moved",
            },
            version
            | {
                "id": 3,
                "meeting_id": 2,
                "number": 1,
                "published_at": PUBLISHED,
                "snapshot": CLOSED_LIST,
            },
        ],
    )


def stored_versions() -> dict[int, sa.Row]:
    """The versions as the database holds them now, every column, whatever the revision."""
    table = sa.Table("agenda_versions", sa.MetaData(), autoload_with=db.engine)
    with db.engine.connect() as connection:
        return {row.id: row for row in connection.execute(sa.select(table))}


def test_published_versions_get_the_meeting_and_council_as_they_were(fresh_app: Flask) -> None:
    config = fresh_app.extensions["migrate"].migrate.get_config()
    command.upgrade(config, "0001")
    with db.engine.begin() as connection:
        load_published_agendas(connection)

    command.upgrade(config, "0002")

    versions = stored_versions()
    first = snapshot.read(versions[1].snapshot)
    assert first.meeting.starts_at == datetime(2027, 1, 21, 14, 0, tzinfo=UTC)
    assert first.meeting.ends_at == datetime(2027, 1, 21, 16, 30, tzinfo=UTC)
    assert first.meeting.place == "Boardroom, Trust Headquarters"
    assert first.meeting.title == "Council of Governors meeting"
    assert first.meeting.open_to_public and not first.meeting.cancelled
    assert first.council.council_name == "Northshire Council of Governors"
    assert first.items[0]["starts_at"] == "14:00"
    assert first.items[0]["requested_by"] == "Priya Shah"
    assert first.items[1]["requested_by"] is None
    assert first.paper_ids(public_only=True) == {3}

    second = snapshot.read(versions[2].snapshot)
    assert second.meeting.starts_at == datetime(2027, 1, 28, 10, 0, tzinfo=UTC)
    assert second.meeting.place == "Seminar room 2, Northshire Hospital"
    assert second.council.council_name == "Westshire Council of Governors"

    closed = snapshot.read(versions[3].snapshot)
    assert closed.meeting.title == "Governors' pre-meeting"
    assert not closed.meeting.open_to_public

    # Their PDFs are made on first download.
    assert all(row.pdf_public is None and row.pdf_full is None for row in versions.values())

    command.downgrade(config, "0001")

    versions = stored_versions()
    assert [versions[n].snapshot for n in (1, 2, 3)] == [OLD_LIST, NEW_LIST, CLOSED_LIST]
    assert "pdf_public" not in versions[1]._fields
