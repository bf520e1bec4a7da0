"""A council for the tests that crash servers and databases under it: what it holds, the
real requests that change it, and a check, straight in the database, that every change is
whole (its rows, its files, its audit entry and its emails) or absent."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import requests
import sqlalchemy as sa

from governors.agendas.models import AgendaItem, AgendaVersion, agenda_item_papers
from governors.audit.models import AuditEntry
from governors.documents.models import Document
from governors.extensions import db
from governors.meetings.models import Meeting
from governors.minutes.models import Minute, MinuteRevision
from governors.outbox.models import OutboxMessage
from governors.permissions import Permission, people_who_may
from governors.requests.models import AgendaRequest, RequestEvent
from governors.storage import storage
from tests import factories
from tests.agendas.conftest import PDF_BYTES
from tests.servers import Client, real_now

# The real time: the servers run on the real clock, as the files they write do (a sweep
# of the upload folder compares the files' times with the server's clock).
NOW = real_now().replace(second=0, microsecond=0)
SECRETARY = "sam.okafor@example.org"
CHAIR = "caroline.ashdown@example.org"


@dataclass
class Council:
    upcoming: int  # the meeting whose agenda is published and requests decided
    held: int  # the meeting whose minutes are written
    held_items: list[int]
    requests: list[int]


def seed_council(requests: int = 20) -> Council:
    """A council as a secretary finds it five weeks before a meeting, with the minutes of
    the last one being written."""
    factories.secretary(name="Sam Okafor", email=SECRETARY)
    factories.chair(name="Caroline Ashdown", email=CHAIR)
    governors = [factories.governor(name=f"Governor {n}") for n in range(6)]
    upcoming = factories.MeetingFactory(starts_at=NOW + timedelta(days=37))
    for title in ("Welcome and apologies", "Chief executive's report", "Quality account"):
        factories.AgendaItemFactory(meeting=upcoming, title=title)
    agenda_requests = [
        factories.AgendaRequestFactory(
            meeting=upcoming,
            proposer=governors[n % len(governors)],
            title=f"Request {n}: parking for carers",
            received_at=NOW - timedelta(days=1, minutes=n),
        )
        for n in range(requests)
    ]
    held = factories.MeetingFactory(starts_at=NOW - timedelta(days=5))
    held_items = [
        factories.AgendaItemFactory(meeting=held, title=f"Held item {n}") for n in range(4)
    ]
    db.session.commit()
    return Council(
        upcoming=upcoming.id,
        held=held.id,
        held_items=[item.id for item in held_items],
        requests=[r.id for r in agenda_requests],
    )


# What is sent ----------------------------------------------------------------------------


@dataclass
class Outcome:
    """What came back to the browser: a status, or the error when the answer never came."""

    status: int | None = None
    error: str | None = None
    text: str = ""

    def __str__(self) -> str:
        return str(self.status) if self.status is not None else f"no answer ({self.error})"


@dataclass
class Work:
    """One request to send, and how to tell afterwards whether its change was committed."""

    kind: str
    client: Client
    path: str
    data: dict[str, Any]
    files: dict[str, Any] | None = None
    committed: Any = None  # () -> bool, read from the database
    form_page: str | None = None
    token: str = ""
    outcome: Outcome = field(default_factory=Outcome)

    def prepare(self) -> None:
        """Fetch the form's CSRF token first, so only the change itself is in flight."""
        self.token = self.client.csrf_token(self.form_page or self.path)

    def send(self) -> None:
        try:
            response = self.client.post(
                self.path, self.data, token=self.token, files=self.files, timeout=60
            )
            self.outcome.status = response.status_code
            self.outcome.text = response.text
        except requests.RequestException as error:
            self.outcome.error = type(error).__name__


def problem_on(page: str) -> str:
    """The error summary of a form page that came back, in a few words."""
    found = re.search(r'nhsuk-error-summary__list">(.*?)</ul>', page, re.S)
    return re.sub(r"<[^>]+>|\s+", " ", found.group(1)).strip() if found else page[:300]


def fresh() -> None:
    """Read what the servers have committed since, not what this session remembers."""
    db.session.rollback()
    db.session.expire_all()


def count(query: sa.Select) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))


class Changes:
    """The changes the secretary and the chair make through the pages, one ``Work`` each:
    publish the agenda, accept a request onto it, add an item with a paper, save a minute.
    Each round's change is new (a new item, the next request, the next minute's text)."""

    def __init__(self, council: Council, secretary: Client, chair: Client) -> None:
        self.council = council
        self.secretary = secretary
        self.chair = chair
        self.round = 0
        self.undecided = iter(council.requests)

    def work(self, kind: str) -> Work:
        self.round += 1
        return getattr(self, kind)()

    def publish(self) -> Work:
        meeting_id = self.council.upcoming
        # Something to publish: the agenda has changed since the last version.
        factories.AgendaItemFactory(
            meeting=db.session.get(Meeting, meeting_id), title=f"Late report {self.round}"
        )
        db.session.commit()
        versions = count(sa.select(AgendaVersion.id).where(AgendaVersion.meeting_id == meeting_id))

        def committed() -> bool:
            fresh()
            return (
                count(sa.select(AgendaVersion.id).where(AgendaVersion.meeting_id == meeting_id))
                > versions
            )

        return Work(
            "publish",
            self.secretary,
            f"/agendas/{meeting_id}/publish",
            {"change_note": f"Added late report {self.round}", "checked": "y", "confirming": "1"},
            committed=committed,
            form_page=f"/agendas/{meeting_id}/edit",
        )

    def decide(self) -> Work:
        """Accept the next request none of these changes has tried to decide."""
        waiting = next(self.undecided)

        def committed() -> bool:
            fresh()
            return db.session.get(AgendaRequest, waiting).status == "accepted"

        return Work(
            "decide",
            self.chair,
            f"/requests/{waiting}/decide",
            {"decision": "accept", "part": "public", "minutes_allowed": "10"},
            committed=committed,
        )

    def upload(self) -> Work:
        meeting_id = self.council.upcoming
        title = f"Finance report {self.round}"
        paper = PDF_BYTES + f"% round {self.round}\n".encode()

        def committed() -> bool:
            fresh()
            return count(sa.select(AgendaItem.id).where(AgendaItem.title == title)) == 1

        return Work(
            "upload",
            self.secretary,
            f"/agendas/{meeting_id}/items/new",
            {
                "part": "public",
                "title": title,
                "purpose": "note",
                "presenter": "Director of Finance",
                "minutes_allowed": "15",
            },
            files={"papers": (f"finance-{self.round}.pdf", paper, "application/pdf")},
            committed=committed,
        )

    def minute(self) -> Work:
        fresh()
        item_id = self.council.held_items[self.round % len(self.council.held_items)]
        minute = db.session.scalar(sa.select(Minute).where(Minute.item_id == item_id))
        revision = minute.revision if minute else 0

        def committed() -> bool:
            fresh()
            saved = db.session.scalar(sa.select(Minute).where(Minute.item_id == item_id))
            return saved is not None and saved.revision > revision

        return Work(
            "minute",
            self.secretary,
            f"/meetings/{self.council.held}/minutes/{item_id}",
            {
                "revision": str(revision) if minute else "",
                "discussion": f"Governors asked about waiting times (round {self.round}).",
                "decisions": "The Council noted the report.",
            },
            committed=committed,
        )


KINDS = ("publish", "decide", "upload", "minute")


# Checking the database -------------------------------------------------------------------


def audit_count(action: str, table: str, record_id: int) -> int:
    return count(
        sa.select(AuditEntry.id).where(
            AuditEntry.action == action,
            AuditEntry.record_type == table,
            AuditEntry.record_id == record_id,
        )
    )


def problems(council: Council) -> list[str]:
    """Everything in the database and in the uploads' storage that is not whole."""
    fresh()
    found: list[str] = []
    meeting = db.session.get(Meeting, council.upcoming)
    readers = len(people_who_may(Permission.PRIVATE_VIEW, meeting))
    assert readers > 0

    # Published agendas: numbered 1, 2, 3 …, each with its items, both PDFs, its audit
    # entry and an email to each reader.
    versions = db.session.scalars(
        sa.select(AgendaVersion)
        .where(AgendaVersion.meeting_id == council.upcoming)
        .order_by(AgendaVersion.number)
    ).all()
    if [v.number for v in versions] != list(range(1, len(versions) + 1)):
        found.append(f"agenda versions numbered {[v.number for v in versions]}")
    for version in versions:
        items = version.snapshot.get("items") or []
        if not items:
            found.append(f"agenda version {version.number} has no items")
        for edition in (version.pdf_public, version.pdf_full):
            if not (edition or b"").startswith(b"%PDF"):
                found.append(f"agenda version {version.number} lacks a PDF")
        entries = db.session.scalars(
            sa.select(AuditEntry).where(
                AuditEntry.action == "agenda.published",
                AuditEntry.record_type == "agenda_versions",
                AuditEntry.record_id == version.id,
            )
        ).all()
        if len(entries) != 1 or entries[0].after["items"] != len(items):
            found.append(f"agenda version {version.number} has {len(entries)} audit entries")
        subject = "Agenda published:%" if version.number == 1 else f"%(version {version.number})%"
        emails = count(sa.select(OutboxMessage.id).where(OutboxMessage.subject.like(subject)))
        if emails != readers:
            found.append(f"agenda version {version.number}: {emails} emails for {readers}")

    # Requests: an accepted one is on the agenda, with its event, audit entry and email;
    # one still waiting has none of these.
    for agenda_request in db.session.scalars(
        sa.select(AgendaRequest).where(AgendaRequest.id.in_(council.requests))
    ):
        rid = agenda_request.id
        accepted = agenda_request.status == "accepted"
        expected = 1 if accepted else 0
        if agenda_request.status not in ("accepted", "submitted"):
            found.append(f"request {rid} is {agenda_request.status}")
        placed = count(sa.select(AgendaItem.id).where(AgendaItem.request_id == rid))
        events = count(
            sa.select(RequestEvent.id).where(
                RequestEvent.request_id == rid, RequestEvent.status == "accepted"
            )
        )
        audits = audit_count("request.accepted", "agenda_requests", rid)
        emails = count(
            sa.select(OutboxMessage.id).where(
                OutboxMessage.to_address == agenda_request.proposer.email,
                OutboxMessage.subject
                == f"Your agenda request was accepted: {agenda_request.title}",
            )
        )
        if (placed, events, audits, emails) != (expected,) * 4:
            found.append(
                f"request {rid} ({agenda_request.status}): {placed} agenda items, {events} "
                f"events, {audits} audit entries, {emails} emails"
            )

    # Items added with a paper: each has its one paper and its audit entry.
    for item in db.session.scalars(
        sa.select(AgendaItem).where(AgendaItem.title.like("Finance report %"))
    ):
        papers = count(
            sa.select(agenda_item_papers.c.document_id).where(
                agenda_item_papers.c.item_id == item.id
            )
        )
        if papers != 1 or audit_count("agenda.item_added", "agenda_items", item.id) != 1:
            found.append(f"item '{item.title}' has {papers} papers or no audit entry")

    # Files: every document's file is there, as the app reads it (a file committed a
    # moment before a crash may still have its temporary name until the next sweep), with
    # its content; and every file kept in storage belongs to a document.
    kept = storage()
    keys: set[str] = set()
    for document in db.session.scalars(sa.select(Document)):
        keys.add(document.storage_key)
        try:
            data = kept.read(document.storage_key)
        except FileNotFoundError:
            found.append(f"document {document.id} ({document.filename}) has no file")
            continue
        if hashlib.sha256(data).hexdigest() != document.sha256:
            found.append(f"document {document.id} ({document.filename}) has the wrong content")
    for orphan in sorted(set(kept.keys()) - keys):
        found.append(f"file {orphan} has no document")

    # Minutes: revisions 1 … n kept, each with its audit entry.
    for minute in db.session.scalars(sa.select(Minute).where(Minute.meeting_id == council.held)):
        kept = db.session.scalars(
            sa.select(MinuteRevision.revision)
            .where(MinuteRevision.minute_id == minute.id)
            .order_by(MinuteRevision.revision)
        ).all()
        audits = audit_count("minutes.saved", "minutes", minute.id)
        if list(kept) != list(range(1, minute.revision + 1)) or audits != minute.revision:
            found.append(
                f"minute {minute.id} at revision {minute.revision}: revisions {list(kept)}, "
                f"{audits} audit entries"
            )
    return found
