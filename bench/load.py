"""The production set-up under load: gunicorn with 4 workers on PostgreSQL and Redis,
driven by Locust, on a large made-up council.

    python -m bench.load [--users 500] [--spawn-rate 50] [--run-time 60s]
                         [--database-url postgresql://postgres@127.0.0.1:5432/test]
                         [--redis-db 13] [--quick] [--no-steps]

Makes a fresh PostgreSQL database on the server named, builds it with the migrations and
fills it as ``bench/pages.py`` does (2,000 people, 300 meetings, 5,000 requests, 20,000
actions, 20,000 audit entries), then starts the app exactly as the README says
(``gunicorn -w 4 -b 127.0.0.1:PORT 'wsgi:app'``, with ``SECRET_KEY``, ``DATABASE_URL``,
``RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379/<redis-db>`` and ``SECURE_COOKIES=0`` for
plain http). Every simulated user comes from 127.0.0.1, and the sign-in limit counts per
address, so the run raises ``SIGN_IN_RATE_LIMIT`` far above what a trust would set.

Each page of the mix is asked for a few times first, so every worker has compiled its
templates, as on a server that has been running a while. Locust (``bench/locustfile.py``:
governors, the chair, the secretary publishing, visitors) then runs headless in a process
of its own: ``--users`` users started ``--spawn-rate`` a second, each signing in once and
waiting 1 to 3 seconds between clicks; the figures are taken over ``--run-time`` from 5
seconds after every user has started (as Locust's ``--reset-stats``; the sign-ins while
users start are shown apart). It prints, per page and for each kind (pages, feeds, PDFs,
publishing, sign-in) and overall: requests, errors, p50/p95/p99 in ms and requests a
second, and the targets for pages (p95 under 200 ms, p99 under 500 ms, no errors).

Then the step test: more and more users in short stages (50, 100, 200, 300, 500, ...)
until the pages' p95 is above 200 ms, for the product (on a server started again, so
nothing queued from the main run is still being answered) and for a bare Flask app under
the same gunicorn command on the same database serving one page of a typical page's size
from one query (``bench/floor.py``); the requests a second at which each crossed are
printed side by side. ``--quick`` is a short run (50 users for 20 seconds, short stages).

Exits with status 1 when any request of the main run failed. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import json
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests
import sqlalchemy as sa

from bench.harness import migrated_app, timed
from bench.pages import CHAIR, PASSWORD, SECRETARY, Sizes, seed_council
from governors.agendas import services as agendas
from governors.agendas.models import AgendaVersion
from governors.bodies.models import Body
from governors.extensions import db
from governors.meetings.models import Meeting
from governors.people.models import Role, User, UserRole
from tests.servers import free_port

ROOT = Path(__file__).resolve().parent.parent
SERVER = "postgresql://postgres@127.0.0.1:5432/test"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
TARGET_P95_MS = 200
TARGET_P99_MS = 500
STEPS = (50, 100, 200, 300, 500, 700, 1000, 1400, 2000, 2800)
QUICK_STEPS = (25, 50, 100)
KIND_TITLES = {
    "page": "HTML pages",
    "feed": "calendar feeds",
    "pages": "pages and feeds (the targets)",
    "pdf": "PDFs",
    "publish": "publishing (forms)",
    "sign-in": "sign-in",
    "all": "everything",
}


def seconds(text: str) -> int:
    """``90``, ``90s``, ``2m`` or ``1h`` as seconds."""
    text = text.strip().lower()
    units = {"s": 1, "m": 60, "h": 3600}
    if text and text[-1] in units:
        return int(float(text[:-1]) * units[text[-1]])
    return int(text)


# The council and what the users read ----------------------------------------------------


def plan_for(council_id: int) -> dict[str, Any]:
    """Who signs in and which meetings are read and published, from the seeded data. The
    recent agendas' public PDFs are made now, as publishing would have made them."""
    governors = db.session.scalars(
        sa.select(User.id)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == Role.GOVERNOR.value, User.active.is_(True))
        .order_by(User.id)
    ).all()
    published = db.session.scalars(
        sa.select(Meeting)
        .where(
            Meeting.body_id == council_id,
            Meeting.kind == "ordinary",
            Meeting.id.in_(sa.select(AgendaVersion.meeting_id)),
        )
        .order_by(Meeting.starts_at.desc())
        .limit(12)
    ).all()
    for meeting in published:
        agendas.pdf_bytes(agendas.latest_version(meeting), full=False)
    db.session.commit()
    coming = db.session.scalars(
        sa.select(Meeting.id)
        .where(
            Meeting.body_id == council_id,
            Meeting.kind == "ordinary",
            Meeting.starts_at > datetime.now(UTC),
            Meeting.id.not_in(sa.select(AgendaVersion.meeting_id)),
        )
        .order_by(Meeting.starts_at)
    ).all()
    return {
        "password": PASSWORD,
        "governors": list(governors),
        "chair": CHAIR,
        "secretary": SECRETARY,
        "council": council_id,
        "meetings": [meeting.id for meeting in published],
        "publish_meetings": list(coming),
    }


# Servers -------------------------------------------------------------------------------


@contextlib.contextmanager
def gunicorn(app: str, env: dict[str, str], folder: Path, ready_path: str) -> Iterator[str]:
    """``gunicorn -w 4 -b 127.0.0.1:PORT APP`` until the block ends; gives its address."""
    port = free_port()
    log_path = folder / f"gunicorn-{port}.log"
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "-w",
        "4",
        "-b",
        f"127.0.0.1:{port}",
        app,
    ]
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GOVERNORS_TEST")}
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=environment | env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start:\n{log_path.read_text()[-3000:]}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(base_url + ready_path, timeout=5).status_code == 200:
                    break
            time.sleep(0.2)
        print(f"Serving: {' '.join(command)} (4 workers) at {base_url}")
        yield base_url
    finally:
        # The master and its workers, which may be busy with a last request.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        # Worker timeouts, crashes and tracebacks, if there were any.
        trouble = [
            line
            for line in log_path.read_text(errors="replace").splitlines()
            if ("[ERROR]" in line or "[CRITICAL]" in line or "was sent" in line)
            and "SIGTERM" not in line  # our own stop
        ]
        for line in trouble[:20]:
            print(f"  gunicorn: {line}")


def _signed_in(base_url: str, user_id: int | None) -> requests.Session:
    browser = requests.Session()
    if user_id is not None:
        form = browser.get(base_url + "/account/sign-in", timeout=60).text
        token = html.unescape(CSRF.search(form).group(1))
        browser.post(
            base_url + "/account/sign-in",
            data={
                "email": f"person{user_id}@example.org",
                "password": PASSWORD,
                "csrf_token": token,
            },
            timeout=60,
        )
    return browser


def warm(plan: dict[str, Any], base_url: str, rounds: int = 8) -> None:
    """Ask for every page of the mix a few times, so each worker has compiled its
    templates and opened its database connection before anything is measured, as on a
    server that has been running a while."""
    meeting, coming, council = plan["meetings"][0], plan["publish_meetings"][0], plan["council"]
    pages = {
        plan["governors"][0]: ["/", "/meetings/", f"/meetings/{meeting}", f"/agendas/{meeting}"],
        plan["chair"]: ["/", "/requests/queue"],
        plan["secretary"]: [f"/agendas/{coming}/edit", f"/agendas/{coming}/items/new"],
        None: [
            "/",
            "/account/sign-in",
            "/meetings/public",
            f"/meetings/public/{meeting}",
            f"/agendas/{meeting}/public",
            f"/agendas/{meeting}/agenda-public.pdf",
            "/meetings/public/calendar.ics",
            f"/bodies/{council}/calendar.ics",
        ],
    }
    failed = []
    for user_id, paths in pages.items():
        browser = _signed_in(base_url, user_id)
        for path in paths:
            for _ in range(rounds):
                try:
                    browser.get(base_url + path, timeout=60, allow_redirects=False)
                except requests.RequestException as error:
                    failed.append(f"{path}: {error}")
                    browser = _signed_in(base_url, user_id)
    for failure in failed:
        print(f"  warming, failed: {failure}")


def swarm(plan: dict[str, Any], folder: Path) -> list[dict[str, Any]]:
    """Run ``bench/locustfile.py`` with ``plan`` in a process of its own; its results."""
    plan_path = folder / f"plan-{secrets.token_hex(4)}.json"
    results_path = plan_path.with_suffix(".results.json")
    plan_path.write_text(json.dumps(plan))
    subprocess.run(
        [sys.executable, "-m", "bench.locustfile", str(plan_path), str(results_path)],
        cwd=ROOT,
        check=True,
    )
    return json.loads(results_path.read_text())


# Printing -------------------------------------------------------------------------------


def _header(label: str) -> str:
    columns = f"{'requests':>8} {'errors':>6} {'p50':>7} {'p95':>7} {'p99':>7} {'req/s':>8}"
    line = f"{label:<34} {columns}"
    return f"{line}\n{'-' * len(line)}"


def _row(label: str, figures: dict[str, Any]) -> str:
    return (
        f"{label:<34} {figures['requests']:>8} {figures['errors']:>6} {figures['p50']:>7.0f} "
        f"{figures['p95']:>7.0f} {figures['p99']:>7.0f} {figures['rps']:>8.1f}"
    )


def print_run(result: dict[str, Any]) -> None:
    print(
        f"\n{result['users']} users for {result['seconds']:.0f} s after all had started "
        "(times in ms)"
    )
    for kind in ("page", "feed", "pdf", "publish", "sign-in"):
        names = {n: f for n, f in result["pages"].items() if f["kind"] == kind}
        if names:
            print(f"\n{_header(KIND_TITLES[kind])}")
            for name, figures in names.items():
                print(_row(name, figures))
    if result.get("starting"):
        print(f"\n{_header('sign-in, while users started')}")
        for name, figures in result["starting"].items():
            print(_row(name, figures))
    print(f"\n{_header('overall')}")
    for group, figures in result["groups"].items():
        print(_row(KIND_TITLES[group], figures))
    for message in result["messages"]:
        print(f"  error: {message}")


def verdict(result: dict[str, Any]) -> list[str]:
    pages = result["groups"]["pages"]
    errors = result["groups"]["all"]["errors"]
    checks = [
        (f"p95 of pages under {TARGET_P95_MS} ms", pages["p95"] < TARGET_P95_MS, pages["p95"]),
        (f"p99 of pages under {TARGET_P99_MS} ms", pages["p99"] < TARGET_P99_MS, pages["p99"]),
        ("no errors", errors == 0, errors),
    ]
    return [
        f"  {'met   ' if met else 'MISSED'} {what} (measured {value:.0f})"
        for what, met, value in checks
    ]


def crossing(stages: list[dict[str, Any]]) -> str:
    """Where the pages' p95 first went above the target, in requests a second."""
    below = None
    for stage in stages:
        pages = stage["groups"]["pages"]
        if pages["p95"] > TARGET_P95_MS:
            before = (
                f"; {below['groups']['pages']['rps']:.0f} req/s at {below['users']} users "
                f"was under (p95 {below['groups']['pages']['p95']:.0f} ms)"
                if below
                else ""
            )
            return (
                f"crossed at {pages['rps']:.0f} req/s ({stage['users']} users, "
                f"p95 {pages['p95']:.0f} ms){before}"
            )
        below = stage
    if below is None:
        return "not measured"
    return (
        f"not crossed: p95 {below['groups']['pages']['p95']:.0f} ms at "
        f"{below['groups']['pages']['rps']:.0f} req/s ({below['users']} users, the last stage)"
    )


def print_steps(product: list[dict[str, Any]], floor: list[dict[str, Any]], size: int) -> None:
    print(f"\nStep test: requests a second at which the p95 of pages goes above {TARGET_P95_MS} ms")
    print(f"{'users':>6}   {'product req/s':>13} {'p95':>6}   {'bare Flask req/s':>16} {'p95':>6}")
    by_users = {s["users"]: s for s in floor}
    for stage in product:
        pages = stage["groups"]["pages"]
        other = by_users.pop(stage["users"], None)
        bare = (
            f"{other['groups']['pages']['rps']:>16.0f} {other['groups']['pages']['p95']:>6.0f}"
            if other
            else ""
        )
        print(f"{stage['users']:>6}   {pages['rps']:>13.0f} {pages['p95']:>6.0f}   {bare}")
    for users, other in by_users.items():
        pages = other["groups"]["pages"]
        print(f"{users:>6}   {'':>13} {'':>6}   {pages['rps']:>16.0f} {pages['p95']:>6.0f}")
    print(f"  product:    {crossing(product)}")
    print(f"  bare Flask: {crossing(floor)} (one query, {size:,} byte page)")


# Running --------------------------------------------------------------------------------


def stages(users: list[int], stage_seconds: int) -> list[dict[str, Any]]:
    return [{"users": n, "spawn_rate": 100, "settle": 3, "seconds": stage_seconds} for n in users]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=None, help="simulated users (500)")
    parser.add_argument("--spawn-rate", type=float, default=None, help="users started a second")
    parser.add_argument("--run-time", default=None, help="how long to measure: 60s, 2m (60s)")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", SERVER))
    parser.add_argument("--redis-db", type=int, default=13, help="Redis database for limits")
    parser.add_argument("--quick", action="store_true", help="50 users, 20 s, short stages")
    parser.add_argument("--no-steps", action="store_true", help="skip the step test")
    parser.add_argument("--stage-time", default=None, help="how long each stage is measured")
    args = parser.parse_args(argv)
    users = args.users or (50 if args.quick else 500)
    run_time = seconds(args.run_time or ("20s" if args.quick else "60s"))
    spawn_rate = args.spawn_rate or max(1.0, users / 10)
    stage_time = seconds(args.stage_time or ("8s" if args.quick else "15s"))
    if not args.database_url.startswith("postgres"):
        parser.error("--database-url must name a PostgreSQL server (the production set-up)")

    with (
        tempfile.TemporaryDirectory(prefix="governors-load-") as folder,
        migrated_app(args.database_url) as (app, engine),
    ):
        work = Path(folder)
        with app.app_context():
            seed_council(Sizes())
            council_id = db.session.scalar(sa.select(Body.id).where(Body.kind == "council"))
            plan = timed("Recent agenda PDFs", lambda: plan_for(council_id))
            db.session.remove()
        url = engine.url.render_as_string(hide_password=False)
        env = {
            "GOVERNORS_ENV": "production",
            "SECRET_KEY": secrets.token_hex(32),
            "DATABASE_URL": url,
            "RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:6379/{args.redis_db}",
            "SECURE_COOKIES": "0",
            # Every simulated user signs in from 127.0.0.1: far above a trust's own limit.
            "SIGN_IN_RATE_LIMIT": "100000 per minute",
            "UPLOAD_FOLDER": app.config["UPLOAD_FOLDER"],
        }
        engine.dispose()
        print(f"Sign-in limit raised for the run: SIGN_IN_RATE_LIMIT={env['SIGN_IN_RATE_LIMIT']}")
        with gunicorn("wsgi:app", env, work, "/account/sign-in") as base_url:
            timed("Warming the workers", lambda: warm(plan, base_url))
            main_stage = {
                "users": users,
                "spawn_rate": spawn_rate,
                "settle": 5,
                "seconds": run_time,
            }
            run = swarm(plan | {"host": base_url, "mix": "product", "stages": [main_stage]}, work)[
                0
            ]
            print_run(run)
            print("\nTargets for pages (PDFs and forms apart):")
            print("\n".join(verdict(run)))
        product_steps: list[dict[str, Any]] = []
        if not args.no_steps:
            # A server of its own: nothing queued from the main run is still being answered.
            with gunicorn("wsgi:app", env, work, "/account/sign-in") as base_url:
                warm(plan, base_url)
                print("\nStep test, the product:")
                product_steps = swarm(
                    plan
                    | {
                        "host": base_url,
                        "mix": "product",
                        "stages": stages(list(QUICK_STEPS if args.quick else STEPS), stage_time),
                        "stop_above_ms": TARGET_P95_MS,
                    },
                    work,
                )
        if not args.no_steps:
            page_sizes = [f["bytes"] for f in run["pages"].values() if f["kind"] == "page"]
            size = int(statistics.median(page_sizes)) if page_sizes else 40_000
            floor_env = {"DATABASE_URL": url, "FLOOR_BYTES": str(size)}
            with gunicorn("bench.floor:app", floor_env, work, "/") as floor_url:
                for _ in range(8):
                    requests.get(floor_url + "/", timeout=60)
                print("\nStep test, the bare Flask app:")
                floor_steps = swarm(
                    {
                        "host": floor_url,
                        "mix": "floor",
                        "floor_bytes": size,
                        "stages": stages(list(QUICK_STEPS if args.quick else STEPS), stage_time),
                        "stop_above_ms": TARGET_P95_MS,
                    },
                    work,
                )
            print_steps(product_steps, floor_steps, size)
    return 1 if run["groups"]["all"]["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
