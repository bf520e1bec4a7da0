"""Two app servers behind one address: nothing one needs lives only on the other.

Two gunicorn servers, each with its own (empty) instance folder, share one database and one
Redis, with uploaded papers kept in the database (``STORAGE=database``). A paper uploaded
through one is downloaded through the other; an agenda published through one is read as a
PDF through the other; a person signed in on one is signed in on both, and signing out on
one signs them out on both; failed sign-ins spread over both count against one limit.
"""

from __future__ import annotations

import io
import secrets
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import redis
import sqlalchemy as sa
from pypdf import PdfReader

from governors.agendas.models import AgendaItem
from governors.documents.models import Document, StoredFile
from governors.extensions import db
from tests import factories
from tests.requests import samples
from tests.servers import Client, Server, served_database

# The Redis database these tests count sign-ins in; every key they make carries a prefix
# of their own and is deleted afterwards (the load benchmark uses 13).
REDIS_DB = 12
SECRETARY = "secretary@example.org"
TITLE = "Finance report for the half year"


@pytest.fixture
def limits() -> Iterator[tuple[str, str]]:
    """A Redis URI and a key prefix no one else uses; its keys are deleted afterwards."""
    uri = f"redis://127.0.0.1:6379/{REDIS_DB}"
    store = redis.Redis.from_url(uri)
    try:
        store.ping()
    except redis.RedisError as error:
        pytest.skip(f"no Redis server at 127.0.0.1:6379 to share sign-in limits ({error})")
    prefix = f"two-servers-{secrets.token_hex(6)}"
    try:
        yield uri, prefix
    finally:
        keys = list(store.scan_iter(match=f"*{prefix}*"))
        if keys:
            store.delete(*keys)
        store.close()


def _with_cookies_of(server: Server, other: Client) -> Client:
    """A browser on ``server`` holding the cookies ``other`` holds, as when a load
    balancer sends the next request to another server."""
    client = server.client()
    client.session.cookies.update(other.session.cookies)
    return client


def _signed_in(client: Client) -> bool:
    page = client.get("/")
    return page.status_code == 200 and "Sign out" in page.text


def test_two_servers_share_papers_agendas_sessions_and_limits(tmp_path: Path, limits):
    redis_uri, prefix = limits
    with served_database(tmp_path) as (url, _app):
        factories.secretary(email=SECRETARY)
        meeting = factories.MeetingFactory()
        db.session.commit()
        meeting_id = meeting.id

        env = {
            "STORAGE": "database",
            "RATELIMIT_STORAGE_URI": redis_uri,
            "RATELIMIT_KEY_PREFIX": prefix,
            "SIGN_IN_RATE_LIMIT": "4 per hour",
        }
        folders = [tmp_path / "first", tmp_path / "second"]
        for folder in folders:
            folder.mkdir()
        servers = [Server(url, folder, workers=2, env=env) for folder in folders]
        try:
            # Started side by side, as the servers behind a load balancer would be.
            with ThreadPoolExecutor(len(servers)) as starting:
                list(starting.map(Server.start, servers))
            first, second = servers

            # Signed in on the first server, and so on the second: no sticky sessions.
            on_first = first.client().sign_in(SECRETARY)  # sign-in 1 of the 4 allowed
            on_second = _with_cookies_of(second, on_first)
            assert _signed_in(on_second)

            # A paper uploaded through the first server...
            added = on_first.post(
                f"/agendas/{meeting_id}/items/new",
                {"part": "public", "title": TITLE, "purpose": "note", "minutes_allowed": "15"},
                files={"papers": ("Finance report.pdf", samples.PDF, "application/pdf")},
            )
            assert added.status_code == 302, added.text[:2000]
            db.session.rollback()
            document = db.session.scalars(
                sa.select(Document)
                .join(AgendaItem.papers)
                .where(AgendaItem.meeting_id == meeting_id, AgendaItem.title == TITLE)
            ).one()
            assert document.filename == "Finance report.pdf"
            assert db.session.get(StoredFile, document.storage_key).data == samples.PDF

            # ... is downloaded through the second, the same bytes.
            download = on_second.get(f"/documents/{document.id}")
            assert download.status_code == 200
            assert download.content == samples.PDF
            assert download.headers["Content-Type"] == "application/pdf"

            # Published through the second server, read as PDFs through the first.
            published = on_second.post(
                f"/agendas/{meeting_id}/publish",
                {"change_note": "", "checked": "y", "confirming": "1"},
                form_page=f"/agendas/{meeting_id}/edit",
            )
            assert published.status_code == 302, published.text[:2000]
            assert "Published version 1" in on_second.get(f"/agendas/{meeting_id}/edit").text
            full = on_first.get(f"/agendas/{meeting_id}/agenda-full.pdf")
            assert full.status_code == 200
            assert TITLE in _pdf_text(full.content)
            public = first.client().get(f"/agendas/{meeting_id}/agenda-public.pdf")
            assert public.status_code == 200
            assert TITLE in _pdf_text(public.content)

            # No server kept anything on its own disk.
            for folder in folders:
                uploads = folder / "uploads"
                assert not uploads.exists() or not any(uploads.rglob("*"))

            # Signing out on the first server ends the session on both, even for a copy
            # of the cookie kept from before.
            copied = _with_cookies_of(first, on_first)
            signed_out = on_first.post("/account/sign-out", form_page="/")
            assert signed_out.status_code == 302
            assert not _signed_in(on_first)
            for server in servers:
                stale = _with_cookies_of(server, copied)
                assert not _signed_in(stale)
                refused = stale.get(f"/agendas/{meeting_id}/edit", allow_redirects=False)
                assert refused.status_code == 302
                assert "/account/sign-in" in refused.headers["Location"]

            # Failed sign-ins through either server count against one limit: after the
            # first sign-in, three more are allowed in the hour, whichever server has them.
            attempts = []
            for server in (first, second, first, second, first):
                answer = server.client().post(
                    "/account/sign-in",
                    {"email": "nobody@example.org", "password": "not the password"},
                )
                attempts.append(answer.status_code)
            assert attempts == [200, 200, 200, 429, 429]
        finally:
            with ThreadPoolExecutor(len(servers)) as stopping:
                list(stopping.map(Server.stop, servers))


def _pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    return " ".join((page.extract_text() or "").replace("\n", " ") for page in reader.pages)
