"""What every benchmark here shares: a fresh, migrated database behind the app, and a
timer for each step.

    with migrated_app(args.database_url) as (app, engine): ...

SQLite in a temporary folder unless ``--database-url`` (or ``BENCH_DATABASE_URL``) names a
PostgreSQL server, where a new database is made and dropped afterwards.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask

from governors import create_app
from governors.extensions import db
from tests.databases import fresh_database


def add_database_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL"),
        help="a PostgreSQL server to make a fresh database on (default: SQLite)",
    )


def timed(label: str, action: Callable[[], Any]) -> Any:
    """Run ``action``, print how long it took after ``label``, and return what it gave."""
    started = time.perf_counter()
    value = action()
    print(f"{label}: {time.perf_counter() - started:.1f}s")
    return value


def median_seconds(action: Callable[[], object], runs: int) -> float:
    """The median time of ``runs`` calls of ``action``, after one call to warm up (fonts
    and stylesheets are loaded once)."""
    action()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


@contextmanager
def migrated_app(database_url: str | None) -> Iterator[tuple[Flask, sa.Engine]]:
    """The app on a fresh database, migrated to the newest schema, and its engine. No app
    context is left pushed: pages are requested without one, as in real use (a request
    inside an outer context would share its ``g``, and so the signed-in person). The
    database and the uploads folder are gone when the block ends."""
    with (
        tempfile.TemporaryDirectory(prefix="governors-bench-") as folder,
        fresh_database(database_url, Path(folder) / "bench.sqlite3", "governors_bench") as url,
    ):
        app = create_app(
            {
                "SECRET_KEY": "bench",
                "SQLALCHEMY_DATABASE_URI": url,
                "WTF_CSRF_ENABLED": False,
                "RATELIMIT_ENABLED": False,
                "SESSION_COOKIE_SECURE": False,
                "UPLOAD_FOLDER": str(Path(folder) / "uploads"),
            }
        )
        with app.app_context():
            from flask_migrate import upgrade

            engine = db.engine
            print(f"Database: {engine.url.render_as_string(hide_password=True)}")
            timed("Migrations", upgrade)
        try:
            yield app, engine
        finally:
            engine.dispose()
