"""Migration 0016 on a database with a cancelled meeting: it gets a reason that says it was
cancelled before reasons were kept, and the downgrade takes the column away again."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import command
from flask import Flask

from governors.extensions import db

CREATED = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def meetings() -> dict[int, sa.Row]:
    table = sa.Table("meetings", sa.MetaData(), autoload_with=db.engine)
    with db.engine.connect() as connection:
        return {row.id: row for row in connection.execute(sa.select(table))}


def test_cancelled_meetings_get_a_reason_and_the_check_holds(fresh_app: Flask) -> None:
    config = fresh_app.extensions["migrate"].migrate.get_config()
    command.upgrade(config, "0015")
    tables = sa.MetaData()
    tables.reflect(db.engine)
    with db.engine.begin() as connection:
        body_id = connection.scalar(sa.select(tables.tables["bodies"].c.id).limit(1))
        row = {
            "body_id": body_id,
            "kind": "ordinary",
            "duration_minutes": 150,
            "place": "Boardroom",
            "created_at": CREATED,
            "updated_at": CREATED,
            "sequence": 0,
        }
        connection.execute(
            tables.tables["meetings"].insert(),
            [
                row
                | {
                    "id": 1,
                    "starts_at": datetime(2027, 1, 21, 14, tzinfo=UTC),
                    "cancelled_at": None,
                },
                row
                | {
                    "id": 2,
                    "starts_at": datetime(2027, 3, 18, 14, tzinfo=UTC),
                    "cancelled_at": CREATED,
                    "sequence": 1,
                },
            ],
        )

    command.upgrade(config, "0016")

    found = meetings()
    assert found[1].cancel_reason is None
    assert found[2].cancel_reason == "Cancelled before reasons were recorded."
    table = sa.Table("meetings", sa.MetaData(), autoload_with=db.engine)
    try:
        with db.engine.begin() as connection:
            connection.execute(table.update().where(table.c.id == 1).values(cancelled_at=CREATED))
    except sa.exc.IntegrityError:
        pass
    else:  # pragma: no cover - the check must refuse it
        raise AssertionError("a cancelled meeting without a reason was stored")

    command.downgrade(config, "0015")
    assert "cancel_reason" not in meetings()[2]._fields
