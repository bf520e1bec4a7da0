"""The product mounted under a prefix in a host's own Flask site.

The host has its own pages and its own ``base.html``; the product is mounted at
``/council`` on the host's own database. Signed in as each kind of user, a crawl from the
council's home page follows every link and GET form it finds: each must stay inside
``/council`` and no page may fail.
"""

from __future__ import annotations

import itertools
import re
from collections import deque
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import jinja2
import pytest
import sqlalchemy as sa
from flask import Flask, render_template, render_template_string, template_rendered, url_for
from flask.testing import FlaskClient

from governors import Governors, templating
from governors.demo import demo_password
from governors.extensions import db, limiter

PREFIX = "/council"
# Pages visited per person at most; of addresses that differ only by record ids and query
# values, only the first is visited, so the crawl covers every kind of page quickly.
CRAWL_LIMIT = 200
HOST_BASE = """<!doctype html>
<html lang="en"><head><title>{% block title %}{% endblock %} - Northshire NHS</title></head>
<body><p>Northshire NHS Foundation Trust website</p>{% block content %}{% endblock %}</body>
</html>"""


def host_page(title: str, heading: str) -> str:
    return (
        '{% extends "base.html" %}'
        f"{{% block title %}}{title}{{% endblock %}}"
        f"{{% block content %}}<h1>{heading}</h1>{{% endblock %}}"
    )


def build_host(folder: Path) -> Flask:
    templates = folder / "templates"
    templates.mkdir()
    (templates / "base.html").write_text(HOST_BASE)
    (templates / "index.html").write_text(host_page("Home", "Welcome to the trust"))
    (templates / "about.html").write_text(host_page("About", "About the trust"))

    host = Flask("host_site", root_path=str(folder), instance_path=str(folder / "instance"))
    host.config.update(
        SECRET_KEY="the-host-secret",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'host.sqlite3'}",
        SESSION_COOKIE_SECURE=False,
        REMEMBER_COOKIE_SECURE=False,
        RATELIMIT_ENABLED=True,
        SIGN_IN_RATE_LIMIT="5 per minute",
    )

    @host.route("/")
    def index() -> str:
        return render_template("index.html")

    @host.route("/about")
    def about() -> str:
        return render_template("about.html")

    Governors().init_app(host, url_prefix=PREFIX)
    return host


@pytest.fixture(scope="module")
def host(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    from flask_migrate import upgrade

    # The limiter is one object for the whole process: give back its on/off switch
    # afterwards, so the other tests' apps keep their own choice.
    limiter_was_enabled = limiter.enabled
    host = build_host(tmp_path_factory.mktemp("host"))
    with host.app_context():
        upgrade()
        # The demo council: people in every role, meetings, requests and agendas to walk.
        loaded = host.test_cli_runner().invoke(args=["governors", "demo"])
        assert loaded.exit_code == 0, loaded.output
    try:
        yield host
    finally:
        limiter.enabled = limiter_was_enabled
        with host.app_context():
            db.session.remove()
            db.engine.dispose()


_addresses = itertools.count(1)


def new_client(host: Flask) -> FlaskClient:
    """A client from an address of its own, so sign-in rate limits never cross tests."""
    client = host.test_client()
    client.environ_base["REMOTE_ADDR"] = f"192.0.2.{next(_addresses)}"
    return client


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert match, "no CSRF token on the page"
    return match.group(1)


def sign_in(client: FlaskClient, email: str, password: str | None = None) -> int:
    page = client.get(f"{PREFIX}/account/sign-in")
    assert page.status_code == 200
    response = client.post(
        f"{PREFIX}/account/sign-in",
        data={
            "email": email,
            "password": password or demo_password(),
            "csrf_token": csrf_token(page.text),
        },
    )
    return response.status_code


class _PageLinks(HTMLParser):
    """Every address a page points at: links and forms to follow, assets to check."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.get_forms: list[str] = []
        self.post_forms: list[str] = []
        self.assets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            self.links.append(found["href"])
        elif tag == "form":
            # A form without an action goes back to the page it is on.
            action = found.get("action") or ""
            method = (found.get("method") or "get").lower()
            (self.post_forms if method == "post" else self.get_forms).append(action)
        elif tag == "link" and found.get("href"):
            self.assets.append(found["href"])
        elif tag in {"script", "img"} and found.get("src"):
            self.assets.append(found["src"])


def _shape(path: str) -> str:
    """An address with its record ids and query values left out."""
    address, _, query = path.partition("?")
    names = sorted(part.partition("=")[0] for part in query.split("&") if part)
    return re.sub(r"/\d+(?=/|$)", "/<id>", address) + "?" + "&".join(names)


def crawl(client: FlaskClient, start: str) -> tuple[dict[str, int], list[str]]:
    """Visit every same-site address reachable by GET from ``start``, up to a limit.

    Returns each visited address with its status, and every problem found: an address
    outside the prefix, or a page that failed.
    """
    statuses: dict[str, int] = {}
    problems: list[str] = []
    queue: deque[str] = deque([start])
    shapes = {_shape(start)}

    def found(page: str, target: str, follow: bool) -> None:
        address = urljoin(f"http://localhost{page}", target)
        parts = urlsplit(address)
        if parts.scheme not in {"http", "https"} or parts.netloc != "localhost":
            return  # mailto:, tel: and other sites are not ours to check
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not (parts.path == PREFIX or parts.path.startswith(f"{PREFIX}/")):
            problems.append(f"{page} points outside {PREFIX}: {target}")
            return
        if follow and not parts.path.startswith(f"{PREFIX}/static/"):
            shape = _shape(path)
            if shape not in shapes:
                shapes.add(shape)
                queue.append(path)

    while queue and len(statuses) < CRAWL_LIMIT:
        page = queue.popleft()
        # Closed at once: downloads are streamed from files the response holds open.
        with client.get(page) as response:
            status, mimetype = response.status_code, response.mimetype
            location, body = response.headers.get("Location"), response.get_data()
        statuses[page] = status
        if status not in {200, 302, 403}:
            problems.append(f"{page} answered {status}")
            continue
        if status == 302:
            found(page, location, follow=True)
            continue
        if mimetype != "text/html":
            continue
        parser = _PageLinks()
        parser.feed(body.decode())
        for href in parser.links:
            found(page, href, follow=True)
        for action in parser.get_forms:
            found(page, action, follow=True)
        for target in parser.post_forms + parser.assets:
            found(page, target, follow=False)
    return statuses, problems


def _endpoint(host: Flask, path: str) -> str:
    adapter = host.url_map.bind("localhost")
    return adapter.match(path.partition("?")[0])[0]


def _endpoint_paths(host: Flask, *endpoints: str) -> set[str]:
    with host.test_request_context():
        return {url_for(endpoint) for endpoint in endpoints}


EXPECTED_PAGES = {
    "secretary@example.org": (
        "governors.home",
        "governors.meetings.calendar",
        "governors.people.directory",
        "governors.people.invite",
        "governors.council.edit",
        "governors.audit.log",
        "governors.requests.queue",
    ),
    "chair@example.org": ("governors.home", "governors.requests.queue"),
    "lead.governor@example.org": ("governors.home", "governors.requests.mine"),
    "governor@example.org": ("governors.home", "governors.requests.mine"),
    "su.governor@example.org": ("governors.home", "governors.meetings.calendar"),
}
# Kinds of page the secretary's crawl must reach, to show it went deep.
DEEP_PAGES = (
    "governors.meetings.detail",
    "governors.people.detail",
    "governors.requests.detail",
    "governors.agendas.show",
    "governors.agendas.edit",
    "governors.agendas.pdf_full",
)


@pytest.mark.parametrize("email", EXPECTED_PAGES)
def test_every_page_and_link_stays_inside_the_prefix(host: Flask, email: str) -> None:
    client = new_client(host)
    assert sign_in(client, email) == 302

    statuses, problems = crawl(client, f"{PREFIX}/")

    assert not problems, "\n".join(problems)
    visited_ok = {page for page, status in statuses.items() if status == 200}
    missing = _endpoint_paths(host, *EXPECTED_PAGES[email]) - visited_ok
    assert not missing, f"the crawl did not reach {sorted(missing)}"
    if email == "secretary@example.org":
        reached = {_endpoint(host, page) for page in visited_ok}
        assert set(DEEP_PAGES) <= reached, sorted(set(DEEP_PAGES) - reached)


def test_someone_not_signed_in_stays_inside_the_prefix(host: Flask) -> None:
    statuses, problems = crawl(new_client(host), f"{PREFIX}/")

    assert not problems, "\n".join(problems)
    # Signed out, the home page is the council's public page.
    assert statuses[f"{PREFIX}/"] == 200
    visited_ok = {page for page, status in statuses.items() if status == 200}
    public = _endpoint_paths(host, "governors.auth.sign_in", "governors.meetings.public_list")
    assert public <= visited_ok


def test_the_hosts_own_pages_and_layout_are_untouched(host: Flask) -> None:
    client = new_client(host)

    home = client.get("/")
    about = client.get("/about")
    council = client.get(f"{PREFIX}/account/sign-in")

    assert home.status_code == 200 and "Welcome to the trust" in home.text
    assert about.status_code == 200 and "About the trust" in about.text
    # Each side renders its own base.html: the host's layout never wraps the council's.
    assert "Northshire NHS Foundation Trust website" not in council.text
    assert "nhsuk-header" in council.text and "nhsuk-header" not in home.text
    # Security headers are ours to send on our pages only; the host decides its own.
    assert "Content-Security-Policy" in council.headers
    assert "Content-Security-Policy" not in home.headers
    assert client.get("/no-such-page").status_code == 404


def test_sign_in_keeps_the_hosts_secret_and_a_session_across_pages(host: Flask) -> None:
    client = new_client(host)
    assert sign_in(client, "governor@example.org") == 302

    assert host.config["SECRET_KEY"] == "the-host-secret"
    assert "Sign out" in client.get(f"{PREFIX}/").text


def test_sign_in_is_rate_limited_in_the_host(host: Flask) -> None:
    client = new_client(host)

    answers = [sign_in(client, "governor@example.org", "wrong") for _ in range(6)]

    assert answers[:5] == [200] * 5
    assert answers[5] == 429


def test_only_our_engine_gets_the_sqlite_pragmas(host: Flask, tmp_path: Path) -> None:
    # The host's own SQLite database, made in the same process after the product is mounted.
    own = sa.create_engine(f"sqlite:///{tmp_path / 'own.sqlite3'}")
    try:
        with own.connect() as connection:
            own_journal = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
            own_foreign_keys = connection.exec_driver_sql("PRAGMA foreign_keys").scalar()
    finally:
        own.dispose()
    with host.app_context(), db.engine.connect() as connection:
        our_journal = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
        our_foreign_keys = connection.exec_driver_sql("PRAGMA foreign_keys").scalar()

    assert (own_journal, own_foreign_keys) == ("delete", 0)
    assert (our_journal, our_foreign_keys) == ("wal", 1)


OUR_GLOBALS = ("can", "Permission", "csp_nonce", "navigation", "council_settings")
OUR_FILTERS = ("date", "short_date", "time", "datetime")


def test_the_hosts_jinja_settings_are_left_as_flask_made_them(host: Flask) -> None:
    host_env = host.jinja_env

    assert host_env.undefined is jinja2.Undefined
    assert not [name for name in OUR_GLOBALS if name in host_env.globals]
    assert not [name for name in OUR_FILTERS if name in host_env.filters]
    assert host_env.autoescape("macro.jinja") is False
    assert host_env.autoescape("page.html") is True
    with host.test_request_context("/"):
        # Flask's default Undefined: a host template still fails loudly on a missing value.
        with pytest.raises(jinja2.UndefinedError):
            render_template_string("{{ missing.attribute }}")
        about = render_template("about.html")
        assert "Northshire NHS Foundation Trust website" in about
        assert "<h1>About the trust</h1>" in about
        # Our templates are not in the host's template path, so no name of ours can clash.
        with pytest.raises(jinja2.TemplateNotFound):
            host_env.get_template("governors/base.html")


def test_our_pages_render_in_our_own_environment(host: Flask) -> None:
    ours = templating.environment(host)
    rendered: list[str] = []

    def record(sender: Flask, template: jinja2.Template, **extra: object) -> None:
        rendered.append(template.name or "")

    with template_rendered.connected_to(record, host):
        page = new_client(host).get(f"{PREFIX}/account/sign-in")

    assert page.status_code == 200 and "Sign in" in page.text
    assert "governors/auth/sign_in.html" in rendered
    assert ours is not host.jinja_env and ours.undefined is jinja2.ChainableUndefined
    assert all(name in ours.globals for name in OUR_GLOBALS)
    assert all(name in ours.filters for name in OUR_FILTERS)
    assert ours.autoescape("macro.jinja") is True
    assert ours.get_template("governors/base.html").name == "governors/base.html"
