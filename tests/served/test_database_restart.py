"""PostgreSQL restarted, or the app's connections cut, while gunicorn serves the council.

The test runs its own PostgreSQL cluster (never the shared server other tests use), builds
the council's database there with the migrations, and starts gunicorn on it. With people
reading pages and the secretary and the chair saving changes, it cuts every connection
the app holds (``pg_terminate_backend``), then restarts the cluster. Requests in flight get
an answer or the friendly "service is unavailable" page, never a traceback or a hang; once
the database is back every request succeeds without gunicorn being restarted (the pool
checks each connection before use, ``pool_pre_ping``); and nothing is left half written.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import subprocess
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from governors.extensions import db
from tests.served.council import CHAIR, NOW, SECRETARY, Changes, Work, problems, seed_council
from tests.servers import Client, Server, free_port, seconds, served_database

UNAVAILABLE = "Sorry, the service is unavailable"
# Longer than any page takes; a request still waiting then has hung.
REQUEST_TIMEOUT = 30


def postgres_binaries() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl``: ``PG_BIN``, else the newest installed."""
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parent.parent.name)
    )
    if found:
        return found[-1].parent
    on_path = shutil.which("pg_ctl")
    return Path(on_path).parent if on_path else None


def _skip_reason() -> str | None:
    binaries = postgres_binaries()
    if binaries is None or not (binaries / "initdb").exists():
        return "needs PostgreSQL's initdb and pg_ctl (set PG_BIN to the folder holding them)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root needs a postgres user to run PostgreSQL's own server"
    if not os.environ.get("TEST_DATABASE_URL"):
        return (
            "starts its own PostgreSQL cluster and gunicorn (about 20 seconds), so it runs "
            "in the PostgreSQL suite only: set TEST_DATABASE_URL"
        )
    return None


pytestmark = [
    pytest.mark.clock(NOW),
    pytest.mark.skipif(_skip_reason() is not None, reason=_skip_reason() or ""),
]


class PrivateCluster:
    """A PostgreSQL cluster of the test's own, on a free port, removed afterwards."""

    def __init__(self, binaries: Path) -> None:
        self.binaries = binaries
        self.root = Path(tempfile.mkdtemp(prefix="governors-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        if os.geteuid() == 0:
            # PostgreSQL refuses to run as root: its own user owns the cluster.
            owner = pwd.getpwnam("postgres")
            os.chown(self.root, owner.pw_uid, owner.pw_gid)

    def run(self, program: str, *args: str) -> None:
        command = [str(self.binaries / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{program} failed:\n{done.stdout}\n{done.stderr}\n{self.log()}")

    def log(self) -> str:
        path = self.root / "server.log"
        with contextlib.suppress(OSError):
            return path.read_text(errors="replace")[-3000:]
        return ""

    def start(self) -> None:
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync")
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 "
            f"-c unix_socket_directories={self.root} -c fsync=off -c full_page_writes=off"
        )
        self.pg_ctl("start", "-o", options)

    def pg_ctl(self, action: str, *args: str) -> None:
        log = str(self.root / "server.log")
        self.run("pg_ctl", "-D", str(self.data), "-l", log, "-w", "-t", "60", *args, action)

    def restart(self) -> None:
        """Stop the server, ending every session at once, and start it again."""
        self.pg_ctl("restart", "-m", "fast")

    def remove(self) -> None:
        with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
            self.pg_ctl("stop", "-m", "immediate")
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture
def cluster() -> Iterator[PrivateCluster]:
    binaries = postgres_binaries()
    assert binaries is not None
    private = PrivateCluster(binaries)
    try:
        private.start()
        yield private
    finally:
        private.remove()


class Traffic:
    """People reading pages in threads until told to stop, and what each answer was."""

    def __init__(self, readers: list[tuple[Client, str]]) -> None:
        self.readers = readers
        self.answers: list[tuple[str, int | None, str]] = []
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._read, args=r) for r in readers]

    def _read(self, client: Client, path: str) -> None:
        while not self.stopping.is_set():
            self.note(path, *answer(lambda: client.get(path, timeout=REQUEST_TIMEOUT)))

    def note(self, path: str, status: int | None, text: str) -> None:
        with self.lock:
            self.answers.append((path, status, text))

    def __enter__(self) -> Traffic:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=REQUEST_TIMEOUT + 5)
        assert not any(thread.is_alive() for thread in self.threads), "a reader hung"

    def unclean(self) -> list[str]:
        """Every answer that was neither the page nor the friendly page."""
        return [
            f"{path}: {status} {text[:200]!r}"
            for path, status, text in self.answers
            if not clean(status, text)
        ]

    def tally(self) -> Counter:
        return Counter(status for _, status, _ in self.answers)


def answer(send) -> tuple[int | None, str]:
    try:
        response = send()
    except requests.RequestException as error:
        return None, f"no answer: {type(error).__name__}"
    return response.status_code, response.text


def clean(status: int | None, text: str) -> bool:
    if status in (200, 302):
        return True
    return status == 503 and UNAVAILABLE in text and "Traceback" not in text


def send_all(works: list[Work], traffic: Traffic, gap: float) -> threading.Thread:
    """Send the prepared changes one after another in a thread, noting each answer."""

    def run() -> None:
        for work in works:
            work.send()
            traffic.note(work.path, work.outcome.status, work.outcome.text or work.outcome.error)
            time.sleep(gap)

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def prepared(changes: Changes, kinds: list[str]) -> list[Work]:
    works = [changes.work(kind) for kind in kinds]
    for work in works:
        work.prepare()
    return works


def all_served(clients: list[tuple[Client, str]], times: int = 5) -> list[str]:
    """Pages that failed when asked for ``times`` times each, one after another."""
    failed = []
    for client, path in clients:
        for _ in range(times):
            status, text = answer(lambda c=client, p=path: c.get(p, timeout=REQUEST_TIMEOUT))
            if status != 200:
                failed.append(f"{path}: {status} {text[:200]!r}")
    return failed


def let_go_of_connections() -> None:
    """Drop the test's own connections, which the cuts and the restart end too."""
    try:
        db.session.remove()
    except sa.exc.DBAPIError:
        db.session().invalidate()
        db.session.remove()
    db.engine.dispose()


def cut_connections(admin: sa.Engine) -> int:
    """End every session of the app's database but this one; how many were ended."""
    with admin.connect() as connection:
        return len(
            connection.execute(
                sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            ).all()
        )


def test_a_restarted_database_fails_requests_cleanly_and_the_pool_recovers(
    tmp_path, cluster, monkeypatch
):
    # The council's database lives on the private cluster, not the shared server.
    monkeypatch.setenv("TEST_DATABASE_URL", cluster.url)
    with served_database(tmp_path, "restart") as (url, _app):
        # The app's engine checks each connection before use.
        assert db.engine.pool._pre_ping is True
        council = seed_council(12)
        server = Server(url, tmp_path, workers=2).start()
        admin = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
        try:
            secretary = server.client().sign_in(SECRETARY)
            chair = server.client().sign_in(CHAIR)
            changes = Changes(council, secretary, chair)
            readers = [
                (secretary, "/"),
                (secretary, f"/agendas/{council.upcoming}"),
                (chair, "/requests/queue"),
            ]
            workers = set(server.worker_pids())
            assert all_served(readers) == []

            # 1. Every connection the app holds is cut, twice, while pages are read.
            works = prepared(changes, ["decide", "minute", "decide"])
            with Traffic(readers) as traffic:
                writer = send_all(works, traffic, gap=0.05)
                cut = 0
                for _ in range(2):
                    time.sleep(0.3)
                    cut += cut_connections(admin)
                writer.join(timeout=REQUEST_TIMEOUT * len(works))
            assert cut >= 1
            assert traffic.unclean() == [], traffic.tally()
            assert all_served(readers) == [], "after the connections were cut"

            # 2. The whole cluster restarts while pages are read and changes are saved.
            let_go_of_connections()
            works = prepared(changes, ["publish", "decide", "minute", "decide", "upload"])
            with Traffic(readers) as traffic:
                writer = send_all(works, traffic, gap=0.1)
                time.sleep(0.3)
                restarting = seconds()
                cluster.restart()
                restarted_in = seconds() - restarting
                time.sleep(0.5)
                writer.join(timeout=REQUEST_TIMEOUT * len(works))
            tally = traffic.tally()
            assert traffic.unclean() == [], tally
            # The restart was felt: some requests got the friendly page meanwhile.
            assert tally[503] >= 1, f"{tally}; restart took {restarted_in:.1f} s"
            assert tally[200] >= 1, tally
            print(f"during the restart ({restarted_in:.1f} s): {dict(tally)}")

            # Back without restarting gunicorn: the same workers serve every request.
            assert all_served(readers) == [], "after the restart"
            assert set(server.worker_pids()) == workers
            let_go_of_connections()
            after = prepared(changes, ["decide"])[0]
            after.send()
            assert after.outcome.status == 302, after.outcome
            assert after.committed()

            # Each change is there whole, or not at all.
            assert problems(council) == []
            for work in works:
                if work.outcome.status == 302:
                    assert work.committed(), f"{work.kind} was answered 302 but is not saved"
        finally:
            server.stop()
            admin.dispose()
