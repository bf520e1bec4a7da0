"""Shared set-up for the request and document tests: really rolled-back transactions,
a Council meeting on Thursday 21 January 2027, and a clock to move.

Flask-SQLAlchemy's session picks its engine by bind key and so ignores a ``bind=``
connection, which lets a view's commit outlive the test under the shared harness. The
session class below uses the test's connection; SQLite, whose driver starts no
transaction before a SAVEPOINT, gets an explicit BEGIN so a released savepoint commits
nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
import time_machine
from flask import Flask
from flask_sqlalchemy.session import Session

from governors.extensions import db
from governors.meetings.models import Meeting
from governors.timeutil import LONDON
from tests import factories


class _ConnectionSession(Session):
    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        return bind if bind is not None else self.bind


@pytest.fixture(autouse=True)
def _isolated_transaction(request: pytest.FixtureRequest) -> Iterator[None]:
    if "app" not in request.fixturenames:
        yield
        return
    app: Flask = request.getfixturevalue("app")
    with app.app_context():
        connection = db.engine.connect()
        outer = connection.begin()
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN")
        original = db.session
        db.session = db._make_scoped_session(
            {
                "class_": _ConnectionSession,
                "bind": connection,
                "join_transaction_mode": "create_savepoint",
            }
        )
        factories.bind(db.session)
        try:
            yield
        finally:
            db.session.remove()
            db.session = original
            outer.rollback()
            connection.close()


MEETING_START = datetime(2027, 1, 21, 14, 0, tzinfo=LONDON)


def at(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    """A Europe/London wall-clock moment."""
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def meeting(app) -> Meeting:
    return factories.MeetingFactory(starts_at=MEETING_START)


@pytest.fixture
def later_meeting(app) -> Meeting:
    return factories.MeetingFactory(starts_at=at(2027, 3, 18, 14))


@pytest.fixture
def travel() -> Iterator[object]:
    """Move the clock: ``travel(at(2027, 1, 3, 14, 2))``; undone after the test."""
    travellers: list[time_machine.travel] = []

    def go(moment: datetime) -> None:
        if travellers:
            travellers.pop().stop()
        traveller = time_machine.travel(moment, tick=False)
        traveller.start()
        travellers.append(traveller)

    yield go
    for traveller in travellers:
        traveller.stop()
