"""Counting the SQL a page runs, for the tests that keep list pages free of a query per row."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

from governors.extensions import db

# The test harness wraps each test in savepoints; those are not the page's own queries.
_HARNESS = ("SAVEPOINT", "RELEASE", "ROLLBACK")


@contextmanager
def counting_queries() -> Iterator[list[str]]:
    """Collect every SQL statement run inside the block, leaving out savepoint handling."""
    statements: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany) -> None:
        if not statement.lstrip().upper().startswith(_HARNESS):
            statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", note)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", note)
