"""Throwaway databases for tests and benchmarks: an SQLite file, or a new PostgreSQL database
on the given server that is dropped afterwards."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa


@contextlib.contextmanager
def fresh_database(server_url: str | None, sqlite_file: Path, prefix: str) -> Iterator[str]:
    """The URL of an empty database, removed again when the block ends (PostgreSQL)."""
    if not server_url:
        yield f"sqlite:///{sqlite_file}"
        return
    url = sa.engine.make_url(server_url).set(drivername="postgresql+psycopg")
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    # Checked before use: a test may restart the server while the database is in use.
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
