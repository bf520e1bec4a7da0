"""Migration 0005 on a calendar that already has meetings: every one goes under the Council
of Governors, the one body without a parent, and committee meetings cannot be stored
without a body."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from alembic import command
from flask import Flask

from governors.extensions import db

CREATED = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def _meeting(meeting_id: int, kind: str, starts_at: datetime) -> dict:
    return {
        "id": meeting_id,
        "kind": kind,
        "starts_at": starts_at,
        "duration_minutes": 150,
        "place": "Boardroom, Trust Headquarters",
        "created_at": CREATED,
        "updated_at": CREATED,
        "sequence": 0,
    }


def test_existing_meetings_are_put_under_the_council(fresh_app: Flask) -> None:
    config = fresh_app.extensions["migrate"].migrate.get_config()
    command.upgrade(config, "0004")
    with db.engine.begin() as connection:
        tables = sa.MetaData()
        tables.reflect(connection)
        connection.execute(
            tables.tables["meetings"].insert(),
            [
                _meeting(1, "ordinary", datetime(2027, 1, 21, 14, 0, tzinfo=UTC)),
                _meeting(2, "pre_meeting", datetime(2027, 1, 14, 10, 0, tzinfo=UTC)),
                _meeting(3, "annual_members", datetime(2027, 9, 21, 18, 0, tzinfo=UTC)),
            ],
        )

    command.upgrade(config, "0005")

    with db.engine.begin() as connection:
        tables = sa.MetaData()
        tables.reflect(connection)
        bodies = connection.execute(sa.select(tables.tables["bodies"])).all()
        assert [(body.name, body.kind, body.parent_id) for body in bodies] == [
            ("Council of Governors", "council", None)
        ]
        council_id = bodies[0].id
        meetings = connection.execute(
            sa.select(tables.tables["meetings"].c.id, tables.tables["meetings"].c.body_id)
        ).all()
        assert sorted(meetings) == [(1, council_id), (2, council_id), (3, council_id)]
        # A meeting without a body, or a second Council, cannot be stored.
        with pytest.raises(sa.exc.IntegrityError), connection.begin_nested():
            connection.execute(
                tables.tables["meetings"].insert(),
                _meeting(4, "committee", datetime(2027, 2, 1, 10, 0, tzinfo=UTC)),
            )
        with pytest.raises(sa.exc.IntegrityError), connection.begin_nested():
            connection.execute(
                tables.tables["bodies"].insert(),
                {
                    "name": "Second Council",
                    "kind": "council",
                    "open_to_public": True,
                    "chair_builds_agenda": False,
                    "quorum_numerator": 1,
                    "quorum_denominator": 3,
                    "quorum_minimum": 0,
                    "quorum_elected_minimum": 0,
                    "quorum_elected_majority": False,
                    "created_at": CREATED,
                    "updated_at": CREATED,
                },
            )

    command.downgrade(config, "0004")
    with db.engine.begin() as connection:
        columns = {c["name"] for c in sa.inspect(connection).get_columns("meetings")}
        assert "body_id" not in columns
        count = connection.execute(sa.text("SELECT count(*) FROM meetings")).scalar()
        assert count == 3
