"""When the database cannot be reached, is read-only or has run out of space, every page
says so in plain words with status 503, never with a traceback or the database's own words."""

from __future__ import annotations

import errno
import html
import os
import re
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade

from governors import web
from governors.extensions import db
from tests import factories
from tests.conftest import make_app
from tests.servers import free_port

UNAVAILABLE = "Sorry, the service is unavailable"
NOT_SAVED = "Sorry, changes cannot be saved at the moment"
WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


def page_text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def assert_friendly(response, heading: str, *hidden: str) -> str:
    """The 503 page with ``heading``, and none of the database's words in it."""
    text = page_text(response)
    assert response.status_code == 503, text[:500]
    assert heading in text
    assert response.headers["Retry-After"] == str(web.RETRY_AFTER)
    for words in ("Traceback", "sqlalchemy", "SELECT", "INSERT", "UPDATE", *hidden):
        assert words not in text
    return text


def fail_statements(monkeypatch, message: str, state: str | None = None, writes_only=False):
    """Make the database driver raise its own OperationalError with ``message`` (and
    PostgreSQL's error code ``state``) for every statement, or every write."""
    dialect = db.engine.dialect
    dbapi_error = dialect.loaded_dbapi.OperationalError
    fault_class = type("Fault", (dbapi_error,), {"sqlstate": state, "pgcode": state})
    real = dialect.do_execute

    def do_execute(cursor, statement, parameters, context=None):
        if not writes_only or WRITES.match(statement):
            raise fault_class(message)
        return real(cursor, statement, parameters, context)

    monkeypatch.setattr(dialect, "do_execute", do_execute)


@pytest.fixture
def secretary_client(app, client, sign_in):
    sign_in(factories.secretary(name="Sam Okafor", email="sam.okafor@example.org"))
    return client


@pytest.mark.parametrize(
    "message, state",
    [
        ('connection to server at "10.1.2.3", port 5432 failed: Connection refused', None),
        ("server closed the connection unexpectedly", None),
        ("terminating connection due to administrator command", "57P01"),
        ("the database system is starting up", "57P03"),
        ("unable to open database file", None),
        ("database is locked", None),
    ],
)
def test_a_database_that_cannot_be_reached_gives_the_unavailable_page(
    app, secretary_client, monkeypatch, message, state
):
    fail_statements(monkeypatch, message, state)
    response = secretary_client.get("/")
    text = assert_friendly(response, UNAVAILABLE, "10.1.2.3", message)
    assert "Try again in a few minutes" in text
    # The session recovers once the database answers again.
    monkeypatch.undo()
    again = secretary_client.get("/")
    assert again.status_code == 200
    assert "Sign out" in page_text(again)


@pytest.mark.parametrize(
    "message, state, heading_advice",
    [
        ("attempt to write a readonly database", None, "can be read but not changed"),
        ("cannot execute UPDATE in a read-only transaction", "25006", "can be read but not"),
        ("database or disk is full", None, "run out of space"),
        (
            'could not extend file "base/16384/2619": No space left on device',
            "53100",
            "run out of space",
        ),
    ],
)
def test_a_read_only_or_full_database_says_nothing_was_saved(
    app, secretary_client, monkeypatch, message, state, heading_advice
):
    fail_statements(monkeypatch, message, state, writes_only=True)
    # Signing out writes to the database: it cannot, so the person is still signed in.
    response = secretary_client.post("/account/sign-out")
    text = assert_friendly(response, NOT_SAVED, "base/16384", message)
    assert heading_advice in text
    assert "has not been saved" in text
    monkeypatch.undo()
    assert "Sign out" in page_text(secretary_client.get("/"))


@pytest.mark.parametrize(
    "number, advice",
    [
        (errno.ENOSPC, "run out of space"),
        (errno.EDQUOT, "run out of space"),
        (errno.EROFS, "can be read but not changed"),
    ],
)
def test_a_full_or_read_only_disk_for_papers_says_nothing_was_saved(
    app, secretary_client, monkeypatch, number, advice
):
    def write_a_paper():
        raise OSError(number, os.strerror(number), "/srv/governors/uploads/.4f2a.part")

    monkeypatch.setitem(app.view_functions, "governors.home", write_a_paper)
    response = secretary_client.get("/")
    text = assert_friendly(response, NOT_SAVED, "/srv/governors", os.strerror(number))
    assert advice in text


def test_other_database_errors_stay_server_errors(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    fail_statements(monkeypatch, "no such column: meetings.colour")
    response = client.get("/meetings/public")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in page_text(response)
    assert "colour" not in page_text(response)


def test_other_disk_errors_stay_server_errors(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)

    def missing():
        raise FileNotFoundError(errno.ENOENT, "No such file or directory", "/srv/x")

    monkeypatch.setitem(app.view_functions, "governors.meetings.public_list", missing)
    response = client.get("/meetings/public")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in page_text(response)


def _migrated_sqlite(tmp_path: Path) -> Path:
    """A new SQLite database built by the migrations, holding one secretary."""
    path = tmp_path / "governors.sqlite3"
    builder = make_app(f"sqlite:///{path}", tmp_path)
    with builder.app_context():
        upgrade()
        factories.bind(db.session)
        factories.secretary(name="Sam Okafor", email="sam.okafor@example.org")
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return path


def _own_app(url: str, tmp_path: Path) -> Flask:
    app = make_app(url, tmp_path)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    return app


def test_a_read_only_sqlite_file_is_read_but_changes_get_a_clear_message(tmp_path):
    path = _migrated_sqlite(tmp_path)
    app = _own_app(f"sqlite:///file:{path}?mode=ro&uri=true", tmp_path)
    with app.app_context():
        client = app.test_client()
        signed_in = client.post(
            "/account/sign-in",
            data={"email": "sam.okafor@example.org", "password": factories.TEST_PASSWORD},
        )
        assert signed_in.status_code == 302
        assert "Sign out" in page_text(client.get("/"))
        text = assert_friendly(client.post("/account/sign-out"), NOT_SAVED, "readonly")
        assert "can be read but not changed" in text
        db.session.remove()
        db.engine.dispose()


def test_a_database_server_that_refuses_connections_gives_the_unavailable_page(tmp_path):
    # Nothing listens on this port: every connection is refused.
    app = _own_app(f"postgresql+psycopg://governors@127.0.0.1:{free_port()}/governors", tmp_path)
    with app.app_context():
        client = app.test_client()
        text = assert_friendly(client.get("/account/sign-in"), UNAVAILABLE, "127.0.0.1")
        assert "Try again in a few minutes" in text
        assert_friendly(client.get("/"), UNAVAILABLE, "127.0.0.1")
        db.engine.dispose()


def test_a_connection_cut_after_the_page_was_made_is_dropped_and_the_page_stands(
    tmp_path, monkeypatch
):
    path = _migrated_sqlite(tmp_path)
    app = _own_app(f"sqlite:///{path}", tmp_path)
    client = app.test_client()
    with app.app_context():
        dialect = db.engine.dialect
    fault = type("Fault", (dialect.loaded_dbapi.OperationalError,), {})
    answered, cut = [], []
    real = dialect.do_rollback

    def do_rollback(connection):
        if not answered:
            return real(connection)
        cut.append(connection)
        raise fault("terminating connection due to administrator command")

    @app.after_request
    def page_made(response):
        answered.append(response.status_code)
        return response

    # The page is made; then the rollback as the request ends finds the connection cut
    # by the database.
    monkeypatch.setattr(dialect, "do_rollback", do_rollback)
    response = client.get("/account/sign-in")
    assert cut, "the request ended without rolling back"
    assert response.status_code == 200
    assert "Sign in" in page_text(response)
    monkeypatch.undo()
    answered.clear()
    assert client.get("/account/sign-in").status_code == 200
    with app.app_context():
        db.engine.dispose()


def test_every_connection_is_checked_before_use(tmp_path):
    # A connection the database dropped (restarted, or ended by an administrator) is
    # found out before a page uses it, and replaced.
    app = _own_app(f"sqlite:///{tmp_path / 'governors.sqlite3'}", tmp_path)
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is True
    with app.app_context():
        assert db.engine.pool._pre_ping is True
        db.engine.dispose()
