"""Real servers for the rush, crash, restart and two-server tests: gunicorn serving the
stand-alone app (``wsgi:app``, the README's own command) on a database of the test's, and
a small HTTP client that signs in and sends forms with their CSRF tokens as a browser does.

The server's clock is the suite's clock moved by the same amount for every worker
(``tests/gunicorn_conf.py``), so a test can stand the server a few seconds before a deadline.
"""

from __future__ import annotations

import contextlib
import html
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil
import requests
import time_machine
from flask import Flask
from flask_migrate import upgrade

from governors.extensions import db
from tests import factories
from tests.conftest import make_app
from tests.databases import fresh_database

ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY = "served-test-secret-key"
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def seconds() -> float:
    """A monotonic clock that runs while the test's own clock stands frozen."""
    if time_machine.escape_hatch.is_travelling():
        return time_machine.escape_hatch.time.monotonic()
    return time.monotonic()


def real_now() -> datetime:
    """The real time, whatever the test's own clock says."""
    if time_machine.escape_hatch.is_travelling():
        return time_machine.escape_hatch.datetime.datetime.now(UTC)
    return datetime.now(UTC)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """One gunicorn server (a master and ``workers`` sync workers) on a free port."""

    def __init__(
        self,
        database_url: str,
        instance: Path,
        *,
        workers: int = 2,
        env: dict[str, str] | None = None,
        now: datetime | None = None,
    ) -> None:
        self.database_url = database_url
        self.instance = instance
        self.workers = workers
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log_path = instance / f"gunicorn-{self.port}.log"
        self.extra_env = env or {}
        # Seconds the server's clock stands ahead of (or behind) the real one: the real
        # one, not the test's own clock, which is frozen (often at ``now`` itself).
        self.clock_offset = 0.0 if now is None else (now - real_now()).total_seconds()
        self.process: subprocess.Popen[bytes] | None = None

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("GOVERNORS_TEST")}
        return (
            env
            | {
                "GOVERNORS_ENV": "production",
                "SECRET_KEY": SECRET_KEY,
                "DATABASE_URL": self.database_url,
                "UPLOAD_FOLDER": str(self.instance / "uploads"),
                "SECURE_COOKIES": "0",
                "BASE_URL": self.base_url,
                "PACK_MAKING": "later",
                "GOVERNORS_SERVER_CLOCK_OFFSET": str(self.clock_offset),
            }
            | self.extra_env
        )

    def start(self, timeout: float = 60) -> Server:
        log = open(self.log_path, "ab")  # noqa: SIM115 - kept open for the server's life
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                str(ROOT / "tests" / "gunicorn_conf.py"),
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "60",
                "wsgi:app",
            ],
            cwd=ROOT,
            env=self.environment(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        self.wait_ready(timeout)
        return self

    def wait_ready(self, timeout: float = 60) -> None:
        """Until every worker is up and the sign-in page answers."""
        deadline = seconds() + timeout
        while seconds() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped at start:\n{self.log()}")
            with contextlib.suppress(requests.RequestException):
                if len(self.worker_pids()) >= self.workers:
                    response = requests.get(self.base_url + "/account/sign-in", timeout=5)
                    if response.status_code == 200:
                        return
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not answer within {timeout} s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-5000:] if self.log_path.exists() else ""

    def worker_pids(self) -> list[int]:
        if self.process is None or self.process.poll() is not None:
            return []
        with contextlib.suppress(psutil.NoSuchProcess):
            return [child.pid for child in psutil.Process(self.process.pid).children()]
        return []

    def kill_worker(self, pid: int | None = None) -> int:
        """``kill -9`` one worker (the first, unless named); the master starts another."""
        pid = pid or self.worker_pids()[0]
        os.kill(pid, signal.SIGKILL)
        return pid

    def kill(self) -> None:
        """``kill -9`` the master and every worker at once, as a power cut would."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self.process = None

    def stop(self) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()
        self.process = None

    def client(self) -> Client:
        return Client(self.base_url)


class Client:
    """A person's browser: keeps the session cookie and sends each form's CSRF token."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.session = requests.Session()

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", 60)
        return self.session.get(self.base_url + path, **kwargs)

    def csrf_token(self, path: str) -> str:
        """The CSRF token of the form on the page at ``path``."""
        response = self.get(path)
        found = _CSRF.search(response.text)
        if found is None:
            raise AssertionError(f"no form with a CSRF token on {path} ({response.status_code})")
        return html.unescape(found.group(1))

    def post(
        self,
        path: str,
        data: dict[str, Any] | None = None,
        *,
        form_page: str | None = None,
        token: str | None = None,
        **kwargs: Any,
    ) -> requests.Response:
        """Send a form as the page ``form_page`` (``path`` unless given) would."""
        fields = dict(data or {})
        fields["csrf_token"] = token or self.csrf_token(form_page or path)
        kwargs.setdefault("timeout", 60)
        kwargs.setdefault("allow_redirects", False)
        return self.session.post(self.base_url + path, data=fields, **kwargs)

    def sign_in(self, email: str, password: str = factories.TEST_PASSWORD) -> Client:
        response = self.post("/account/sign-in", {"email": email, "password": password})
        if response.status_code != 302:
            raise AssertionError(f"sign-in as {email} failed ({response.status_code})")
        return self


@contextlib.contextmanager
def served_database(tmp_path: Path, prefix: str = "served") -> Iterator[tuple[str, Flask]]:
    """A new database built by the migrations, and an app on it in which the test seeds
    data with the factories and commits, so the servers see it. Dropped afterwards."""
    with fresh_database(
        os.environ.get("TEST_DATABASE_URL"), tmp_path / "served.sqlite3", prefix
    ) as url:
        app = make_app(url, tmp_path, UPLOAD_FOLDER=str(tmp_path / "uploads"))
        with app.app_context():
            upgrade()
            factories.bind(db.session)
            try:
                yield url, app
            finally:
                db.session.remove()
                db.engine.dispose()
