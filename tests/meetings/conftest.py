"""Each meetings test in a transaction that is really rolled back.

Flask-SQLAlchemy's session picks its engine by bind key and so ignores a ``bind=``
connection: the shared harness's sessions commit for real. This session class uses the
test's connection instead; and SQLite, whose driver starts no transaction on its own
before a SAVEPOINT, is given an explicit BEGIN so releasing a savepoint commits nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask_sqlalchemy.session import Session

from governors.extensions import db
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
        raw = connection.connection.dbapi_connection
        if connection.dialect.name == "sqlite" and not raw.in_transaction:
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
