"""Browser tests: the real app served on a free local port, driven by Debian's Chromium.

The server has its own database (never the one the other tests share), built by the
migrations and loaded with the demo council, with CSRF on as in real use. Chromium is
Debian's: without it these tests are skipped, unless ``GOVERNORS_REQUIRE_BROWSER=1``
(set by CI) turns the skip into a failure.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask, url_for
from werkzeug.serving import WSGIRequestHandler, make_server

from governors.demo import demo_password
from tests.conftest import _database_url, make_app

CHROMIUM = Path("/usr/bin/chromium")
# Headless as root on a machine with no outside network: no sandbox, no GPU, and none of
# the background calls Chromium makes to Google's hosts at start-up.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# The demo council's sign-ins, by the role each one shows.
DEMO_SIGN_INS = {
    "secretary": "secretary@example.org",
    "chair": "chair@example.org",
    "lead_governor": "lead.governor@example.org",
    "governor": "governor@example.org",
    "su_governor": "su.governor@example.org",
}


class _QuietRequestHandler(WSGIRequestHandler):
    """Keeps one log line per request out of the test output; errors still reach the log."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


@dataclass
class LiveServer:
    app: Flask
    base_url: str

    def url(self, endpoint: str, **values: object) -> str:
        """The full address of an endpoint, built by the app itself as the pages do."""
        with self.app.test_request_context():
            return self.base_url + url_for(endpoint, **values)


def _load_demo(app: Flask) -> None:
    # The command runs in whichever app's context is current: make it this one, not the
    # session-wide test app the other tests share.
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["governors", "demo"])
    assert result.exit_code == 0, result.output


@contextlib.contextmanager
def _serve(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Iterator[LiveServer]:
    from flask_migrate import upgrade

    from governors.extensions import db

    with contextlib.contextmanager(_database_url)(tmp_path_factory, f"browser_{worker_id}") as url:
        app = make_app(
            url,
            tmp_path_factory.mktemp("browser-instance"),
            TESTING=False,
            WTF_CSRF_ENABLED=True,
            SERVER_NAME=None,
        )
        with app.app_context():
            upgrade()
        _load_demo(app)
        server = make_server(
            "127.0.0.1", 0, app, threaded=True, request_handler=_QuietRequestHandler
        )
        thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
        thread.start()
        try:
            yield LiveServer(app, f"http://127.0.0.1:{server.server_port}")
        finally:
            server.shutdown()
            thread.join(timeout=10)
            server.server_close()
            with app.app_context():
                db.session.remove()
                db.engine.dispose()


@contextlib.contextmanager
def _chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Iterator[LiveServer]:
    """The real app on a free local port, with its own database and the demo council."""
    with _serve(tmp_path_factory, worker_id) as server:
        yield server


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium, headless, through Playwright."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install Debian's chromium package (make test does)"
        if os.environ.get("GOVERNORS_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    with _chromium() as chromium:
        yield chromium


@pytest.fixture(scope="session")
def role_state(browser, live_server: LiveServer) -> Callable[[str], dict]:
    """A demo role's cookies after one real sign-in, for tests that start signed in."""
    states: dict[str, dict] = {}

    def state_for(role: str) -> dict:
        if role not in states:
            context = browser.new_context()
            sign_in(context.new_page(), live_server, DEMO_SIGN_INS[role])
            states[role] = context.storage_state()
            context.close()
        return states[role]

    return state_for


@pytest.fixture
def context(browser) -> Iterator[object]:
    context = browser.new_context()
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context) -> object:
    return context.new_page()


def sign_in(page, live_server: LiveServer, email: str, password: str | None = None) -> None:
    """Sign in through the real sign-in page, as a person would (demo password by default)."""
    page.goto(live_server.url("governors.auth.sign_in"))
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password or demo_password())
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
