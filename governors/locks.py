"""One run at a time of each scheduled command, however many servers run it.

Every app server may have the same cron lines. Each command takes its lock first: on
PostgreSQL an advisory lock, held by a connection of its own for as long as the command
runs; on SQLite a lock on a file beside the database. A second run that finds the lock held
does nothing. A run that dies (even with ``kill -9``) lets go of its lock as it ends.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from governors.extensions import db


def lock_key(name: str) -> int:
    """The advisory lock's number for ``name``: the same in every process (unlike ``hash``),
    and a signed 64-bit number, as PostgreSQL wants."""
    digest = hashlib.sha256(f"governors:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def lock_path(name: str) -> Path:
    """The lock file for ``name`` on SQLite: beside the database file, so that every app
    using that database finds the same lock; in the instance folder for a database kept in
    memory."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    database = db.engine.url.database
    if database and database != ":memory:" and not database.startswith("file:"):
        path = Path(database).resolve()
        return path.with_name(f"{path.name}.{slug}.lock")
    return Path(current_app.instance_path) / "locks" / f"{slug}.lock"


@contextlib.contextmanager
def only_one(name: str) -> Iterator[bool]:
    """Hold the lock called ``name`` for the block.

    Gives True when this run holds the lock, and False when another run holds it already:
    the block should then do nothing. Never waits.
    """
    if db.engine.dialect.name == "postgresql":
        with _advisory_lock(name) as held:
            yield held
    else:
        with _file_lock(lock_path(name)) as held:
            yield held


@contextlib.contextmanager
def _advisory_lock(name: str) -> Iterator[bool]:
    key = lock_key(name)
    connection = db.engine.connect()
    try:
        held = bool(connection.scalar(sa.select(sa.func.pg_try_advisory_lock(key))))
        # A session's lock outlives its transaction; end the transaction so this connection
        # is not left "idle in transaction" for the whole run.
        connection.commit()
        try:
            yield held
        finally:
            if held:
                try:
                    connection.scalar(sa.select(sa.func.pg_advisory_unlock(key)))
                    connection.commit()
                except sa.exc.DBAPIError:
                    # The connection is broken, and the lock went with it; never hand a
                    # connection that may still hold it back to the pool.
                    connection.invalidate()
    finally:
        connection.close()


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[bool]:
    path.parent.mkdir(parents=True, exist_ok=True)
    # The file is left in place afterwards: removing it would let a third run lock a new
    # file while a second still holds the old one.
    with open(path, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
