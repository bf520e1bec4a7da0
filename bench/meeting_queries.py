"""Query counts and times of the pages of meetings held, for 10 meetings held and then many.

    python -m bench.meeting_queries [--runs 5] [--meetings 1000] [--database-url URL]

Builds a fresh database (an SQLite file in a temporary folder, or a new PostgreSQL
database when ``--database-url``/``BENCH_DATABASE_URL`` names a server), holds ten meetings
of the Council and of a committee through the real services (``tests.held.hold``: registers,
minutes approved, circulated and in draft, published agendas), and requests each page of
meetings held (the archive, the public page, a held meeting's page, the latest minutes and
register, and the home page) as the person it is for. Then it adds held meetings with bulk
inserts (``tests.held.grow``) until ``--meetings`` have been held, and asks again. It prints,
per page, the SQL queries one request makes and the median time at each size, and whether
the count stayed flat; it exits with status 1 when a count grew. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from bench.harness import add_database_option, migrated_app, timed
from governors.extensions import db
from governors.timeutil import utcnow
from tests import factories
from tests.held import Held, grow, hold, pages, people


@dataclass(frozen=True)
class Measure:
    status: int
    queries: int
    median_ms: float


def _client(app: Flask, email: str | None) -> FlaskClient:
    client = app.test_client()
    if email is not None:
        response = client.post(
            "/account/sign-in", data={"email": email, "password": factories.TEST_PASSWORD}
        )
        assert response.status_code == 302, f"bench sign-in failed for {email}"
    return client


def measure(
    app: Flask,
    engine: sa.Engine,
    urls: dict[str, list[tuple[str, str]]],
    emails: dict[str, str | None],
    runs: int,
) -> dict[tuple[str, str], Measure]:
    """Each page, asked for by its person ``runs`` times after one warm-up: the most queries
    one request made and the median time. Requests run with no app context pushed, as in
    real use, so each has its own session and ``g``."""
    queries = 0

    def count(*args: Any) -> None:
        nonlocal queries
        queries += 1

    found = {}
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        for who, named in urls.items():
            client = _client(app, emails[who])
            for name, url in named:
                client.get(url)
                times, counts, status = [], [], 0
                for _ in range(runs):
                    queries = 0
                    started = time.perf_counter()
                    response = client.get(url)
                    times.append(time.perf_counter() - started)
                    counts.append(queries)
                    status = response.status_code
                found[who, name] = Measure(status, max(counts), statistics.median(times) * 1000)
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    return found


def print_table(
    small: dict[tuple[str, str], Measure],
    large: dict[tuple[str, str], Measure],
    sizes: tuple[int, int],
    runs: int,
) -> bool:
    """The two measures side by side; True when every count stayed flat."""
    few, many = sizes
    print(
        f"\n{'as':<10} {'page':<18} {'status':>6} {f'queries@{few}':>11} {f'ms@{few}':>8} "
        f"{f'queries@{many}':>13} {f'ms@{many}':>9}  flat"
    )
    print("-" * 88)
    flat = True
    for (who, name), before in small.items():
        after = large[who, name]
        same = before.queries == after.queries
        flat = flat and same and before.status == after.status == 200
        status = (
            before.status if before.status == after.status else f"{before.status}/{after.status}"
        )
        print(
            f"{who:<10} {name:<18} {status!s:>6} {before.queries:>11} {before.median_ms:>8.1f} "
            f"{after.queries:>13} {after.median_ms:>9.1f}  {'yes' if same else 'NO'}"
        )
    print(f"\nMedian of {runs} requests after one warm-up; queries are per request.")
    return flat


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="requests per page (median)")
    parser.add_argument("--meetings", type=int, default=1000, help="meetings held at the end")
    add_database_option(parser)
    args = parser.parse_args(argv)

    with migrated_app(args.database_url) as (app, engine):
        with app.app_context():
            # The people and meetings are read again after this session has gone.
            db.session().expire_on_commit = False
            factories.bind(db.session)
            held: Held = timed("Ten meetings held", lambda: hold(utcnow()))
            db.session.commit()
            few = held.count
            with app.test_request_context():
                urls = pages(held)
            emails = {who: p.email if p else None for who, p in people(held).items()}
            db.session.remove()
        small = timed(f"Measuring at {few}", lambda: measure(app, engine, urls, emails, args.runs))
        with app.app_context():
            timed(f"Growing to {args.meetings}", lambda: grow(held, args.meetings))
            db.session.commit()
            many = held.count
            db.session.remove()
        large = timed(f"Measuring at {many}", lambda: measure(app, engine, urls, emails, args.runs))
        flat = print_table(small, large, (few, many), args.runs)
    return 0 if flat else 1


if __name__ == "__main__":
    sys.exit(main())
