"""``kill -9`` in the middle of the secretary's and the chair's work loses nothing.

gunicorn serves a council with an agenda ready to publish, agenda requests waiting for the
chair, and a meeting whose minutes are being written. Round after round, one of four real
requests (publish the agenda, accept a request, add an item with a paper, save a minute) is
sent, and after a random delay the worker serving it is killed with SIGKILL, or in some
rounds the whole server is, and started again. After every round the database is read
directly: each change is there whole, with its audit entry and its emails, or not at all;
every stored file has its record and every record its file; and the people signed in are
still signed in.

The rounds follow a seeded random choice, named in every failure: set ``CRASH_SEED`` to
run the same choices again, and ``CRASH_ROUNDS`` for more rounds.
"""

from __future__ import annotations

import os
import random
import threading
import time
from datetime import timedelta
from pathlib import Path

import psutil
import pytest

from governors.documents.services import sweep_uploads
from governors.extensions import db
from governors.storage import GRACE
from tests.served.council import (
    CHAIR,
    KINDS,
    NOW,
    SECRETARY,
    Changes,
    problem_on,
    problems,
    seed_council,
)
from tests.servers import Server, real_now, seconds, served_database

SEED = int(os.environ.get("CRASH_SEED") or random.SystemRandom().randrange(1, 10**6))
ROUNDS = max(int(os.environ.get("CRASH_ROUNDS") or 8), 8)
# Rounds in which the whole server is killed and started again, rather than one worker.
WHOLE_SERVER_ROUNDS = 2

pytestmark = pytest.mark.clock(NOW)


# Killing ---------------------------------------------------------------------------------


def serving_worker(server: Server) -> int | None:
    """The worker holding a browser's connection (a sync worker serves one at a time)."""
    for pid in server.worker_pids():
        try:
            connections = psutil.Process(pid).net_connections(kind="tcp")
        except psutil.NoSuchProcess:
            continue
        if any(
            c.status == psutil.CONN_ESTABLISHED and c.laddr.port == server.port for c in connections
        ):
            return pid
    return None


def wait_replaced(server: Server, killed: int, timeout: float = 60) -> None:
    """Until the master has noticed the killed worker and started another in its place
    (which may still be starting: the other worker serves meanwhile)."""
    deadline = seconds() + timeout
    while seconds() < deadline:
        pids = server.worker_pids()
        if killed not in pids and len(pids) >= server.workers:
            return
        time.sleep(0.02)
    raise AssertionError(f"seed {SEED}: no worker replaced {killed}:\n{server.log()}")


# The test --------------------------------------------------------------------------------


def test_killed_workers_and_servers_leave_every_change_whole_or_absent(tmp_path):
    rng = random.Random(SEED)
    with served_database(tmp_path, "crash") as (url, app):
        council = seed_council(ROUNDS + 4)
        folder = Path(app.config["UPLOAD_FOLDER"])
        server = Server(url, tmp_path, workers=2).start()
        try:
            secretary = server.client().sign_in(SECRETARY)
            chair = server.client().sign_in(CHAIR)
            maker = Changes(council, secretary, chair)
            assert problems(council) == [], f"seed {SEED}"

            # Each kind of change once without a crash: it works, and how long it takes
            # bounds the moment at which later rounds kill it.
            took: dict[str, float] = {}
            for kind in KINDS:
                work = maker.work(kind)
                work.prepare()
                started = seconds()
                work.send()
                took[kind] = seconds() - started
                assert work.outcome.status == 302, (
                    f"seed {SEED}: {kind} gave {work.outcome}: {problem_on(work.outcome.text)}"
                )
                assert work.committed(), f"seed {SEED}: {kind} answered 302 but is not saved"

            # Every kind of change twice or more, and the whole server killed twice.
            kinds = [*KINDS, *KINDS, *(rng.choice(KINDS) for _ in range(ROUNDS - 2 * len(KINDS)))]
            rng.shuffle(kinds)
            whole_server = set(rng.sample(range(len(kinds)), WHOLE_SERVER_ROUNDS))
            killed: list[int] = []
            tally = {"committed": 0, "not committed": 0}
            for number, kind in enumerate(kinds):
                whole = number in whole_server
                delay = rng.uniform(0, took[kind] * 1.2)
                story = (
                    f"seed {SEED}, round {number}: {kind} killed after {delay * 1000:.0f} ms "
                    f"({'whole server' if whole else 'one worker'})"
                )
                work = maker.work(kind)
                work.prepare()
                sender = threading.Thread(target=work.send)
                sender.start()
                time.sleep(delay)
                if whole:
                    server.kill()
                else:
                    pid = serving_worker(server) or server.worker_pids()[0]
                    killed.append(server.kill_worker(pid))
                sender.join(timeout=90)
                assert not sender.is_alive(), f"{story}: the request hung"
                if whole:
                    server.start()
                else:
                    wait_replaced(server, pid)

                committed = work.committed()
                tally["committed" if committed else "not committed"] += 1
                story += f", answer {work.outcome}, {'committed' if committed else 'not committed'}"
                # No answer (killed), saved, or at worst the friendly page: never an error.
                assert work.outcome.status in (None, 302, 503), (
                    f"{story}: {problem_on(work.outcome.text)}"
                )
                if work.outcome.status == 302:
                    assert committed, f"{story}: the browser was told it was saved"
                assert problems(council) == [], story
                # Signed in before the crash, still signed in after it.
                for person in (secretary, chair):
                    home = person.get("/")
                    assert home.status_code == 200 and "Sign out" in home.text, story

            # One more upload, its worker killed the moment its file is written under its
            # temporary name: before the commit, unless the commit is quicker.
            work = maker.work("upload")
            work.prepare()
            written = set(folder.glob(".*.part"))
            sender = threading.Thread(target=work.send)
            sender.start()
            deadline = seconds() + 10
            while not set(folder.glob(".*.part")) - written and seconds() < deadline:
                time.sleep(0.001)
            pid = serving_worker(server) or server.worker_pids()[0]
            killed.append(server.kill_worker(pid))
            sender.join(timeout=90)
            wait_replaced(server, pid)
            story = f"seed {SEED}: upload killed as its file was written, answer {work.outcome}"
            assert problems(council) == [], story
            if work.outcome.status == 302:
                assert work.committed(), story

            # Every killed worker was replaced: the server is back to full strength.
            server.wait_ready()
            assert len(server.worker_pids()) == server.workers, f"seed {SEED}"
            assert not set(killed) & set(server.worker_pids()), f"seed {SEED}"
            assert tally["committed"] + tally["not committed"] == len(kinds)
        finally:
            server.stop()

        # What the killed uploads left: temporary files of transactions never committed
        # (and of any committed just before a kill, not yet moved into place). The sweep a
        # server makes when it starts, once they are old enough not to belong to a
        # transaction still going on, moves the committed ones into place and removes
        # the rest.
        left = sorted(p.name for p in folder.glob(".*.part")) if folder.exists() else []
        swept = sweep_uploads(real_now() + GRACE + timedelta(minutes=1))
        db.session.commit()
        assert swept.moved + swept.removed_partial == len(left), f"seed {SEED}: {swept}, {left}"
        assert swept.removed_orphans == 0, f"seed {SEED}: {swept}"
        assert list(folder.glob(".*")) == [], f"seed {SEED}"
        assert problems(council) == [], f"seed {SEED}, after the sweep"
        print(f"crash rounds (seed {SEED}): {tally}; temporary files left: {len(left)}, {swept}")
