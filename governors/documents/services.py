"""Uploaded documents: type checked from the content, stored under a random name, and
one access decision for every way a document can be reached.

Files live under the ``UPLOAD_FOLDER`` setting (outside ``static/``) and are only ever
served by ``documents.views.download`` after :func:`document_access` allows it.
"""

from __future__ import annotations

import hashlib
import io
import re
import secrets
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import filetype
import sqlalchemy as sa
from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage

from governors.documents.models import Document
from governors.extensions import db
from governors.people.models import Role

PDF = "application/pdf"
DOC = "application/msword"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"

EXTENSIONS = {PDF: "pdf", DOC: "doc", DOCX: "docx", ODT: "odt"}
TYPE_NAMES = {PDF: "PDF", DOC: "Word", DOCX: "Word", ODT: "OpenDocument"}

WRONG_TYPE = "The selected file must be a PDF, Word or OpenDocument file"
EMPTY = "The selected file is empty"
# Enough of the start of a file for every signature `filetype` looks at.
_HEAD_BYTES = 8192
_CHUNK = 64 * 1024
# The people who oversee requests, and so may read every request's papers.
_OVERSEERS = (Role.SECRETARY, Role.CHAIR, Role.LEAD_GOVERNOR)


class UploadError(ValueError):
    """A file that cannot be accepted; the message is written for the person uploading."""

    def __init__(self, message: str, filename: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.filename = filename


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed every check, held in memory until it is stored."""

    filename: str
    content_type: str
    data: bytes
    sha256: str

    @property
    def size_bytes(self) -> int:
        return len(self.data)


def size_in_words(size: int) -> str:
    """'10 MB', '500 KB': the limit as people read it."""
    if size >= 1024 * 1024:
        megabytes = size / (1024 * 1024)
        return f"{megabytes:.0f} MB" if megabytes == int(megabytes) else f"{megabytes:.1f} MB"
    if size >= 1024:
        return f"{size // 1024} KB"
    return f"{size} bytes"


def max_upload_bytes() -> int:
    return int(current_app.config["GOVERNORS_MAX_UPLOAD_BYTES"])


def too_large_message(limit: int | None = None) -> str:
    return f"The selected file must be smaller than {size_in_words(limit or max_upload_bytes())}"


def detect_type(data: bytes) -> str | None:
    """The document's real type from its content, or None if it is not one we accept.

    Word (.docx) and OpenDocument files are zip archives, so a zip is opened and must
    hold the part that makes it a text document; the name the file came with is ignored.
    """
    kind = filetype.guess(data[:_HEAD_BYTES])
    mime = kind.mime if kind is not None else None
    if mime in (PDF, DOC):
        return mime
    if data.startswith(b"PK\x03\x04"):
        return _zipped_document_type(data)
    return None


def _zipped_document_type(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names and "[Content_Types].xml" in names:
                return DOCX
            if "mimetype" in names:
                declared = archive.read("mimetype").strip()
                if declared == ODT.encode("ascii"):
                    return ODT
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError):
        return None
    return None


def safe_filename(name: str | None, content_type: str) -> str:
    """A download name that cannot carry a path or header tricks, with the real extension."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    base = re.sub(r'["<>:|?*;]', "", base)
    base = re.sub(r"\s+", " ", base)
    stem, dot, rest = base.rpartition(".")
    stem = (stem if dot else rest).strip(" .")[:150] or "document"
    return f"{stem}.{EXTENSIONS[content_type]}"


def _read_limited(stream: IO[bytes], limit: int) -> bytes:
    """Read at most ``limit`` + 1 bytes, enough to know a file is too large."""
    buffer = io.BytesIO()
    while buffer.tell() <= limit:
        chunk = stream.read(_CHUNK)
        if not chunk:
            break
        buffer.write(chunk)
    return buffer.getvalue()


def check_upload(file_storage: FileStorage) -> CheckedFile:
    """Check one uploaded file without storing it; raises :class:`UploadError`."""
    filename = file_storage.filename or ""
    limit = max_upload_bytes()
    stream = file_storage.stream
    if hasattr(stream, "seek"):
        stream.seek(0)
    data = _read_limited(stream, limit)
    if not data:
        raise UploadError(EMPTY, filename)
    if len(data) > limit:
        raise UploadError(too_large_message(limit), filename)
    content_type = detect_type(data)
    if content_type is None:
        raise UploadError(WRONG_TYPE, filename)
    return CheckedFile(
        filename=safe_filename(filename, content_type),
        content_type=content_type,
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def upload_folder() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"])


def path_for(document: Document) -> Path:
    return upload_folder() / document.storage_key


def store_checked(actor: Any, checked: CheckedFile) -> Document:
    """Write a checked file under a random name and record it."""
    folder = upload_folder()
    folder.mkdir(parents=True, exist_ok=True)
    storage_key = secrets.token_hex(32)
    path = folder / storage_key
    # "x" mode: never overwrite, even in the (astronomically unlikely) case of a clash.
    with open(path, "xb") as handle:
        handle.write(checked.data)
    _written_in_transaction(db.session()).append(path)
    document = Document(
        storage_key=storage_key,
        filename=checked.filename,
        content_type=checked.content_type,
        size_bytes=checked.size_bytes,
        sha256=checked.sha256,
        uploaded_by_id=actor.id,
    )
    db.session.add(document)
    db.session.flush()
    return document


def store_upload(actor: Any, file_storage: FileStorage) -> Document:
    """Check and store one uploaded file. Raises :class:`UploadError` when it is refused."""
    return store_checked(actor, check_upload(file_storage))


# Files written inside a transaction that is then rolled back would be orphans on disk.
def _written_in_transaction(session: Session) -> list[Path]:
    return session.info.setdefault("governors_written_files", [])


@event.listens_for(Session, "after_commit")
def _keep_written_files(session: Session) -> None:
    session.info.pop("governors_written_files", None)


@event.listens_for(Session, "after_rollback")
def _remove_written_files(session: Session) -> None:
    for path in session.info.pop("governors_written_files", []):
        path.unlink(missing_ok=True)


# Who may read a document -------------------------------------------------------------


@dataclass(frozen=True)
class ItemVisibility:
    """What decides who sees an agenda item's papers: its part, and whether the paper is in
    the latest published agenda of a meeting open to the public."""

    private: bool
    published: bool


@dataclass(frozen=True)
class DocumentAccess:
    """Everyone a document may be shown to, worked out from what it is attached to.

    A request's document: its proposer and the people who oversee requests; once the
    request is on an agenda, also whoever may see that agenda item. An agenda paper:
    private items only to those who attend the private part; public items to signed-in
    members, and to anyone once published on the public agenda of a public meeting.
    """

    uploaded_by_id: int | None = None
    proposer_ids: frozenset[int] = frozenset()
    items: tuple[ItemVisibility, ...] = field(default_factory=tuple)

    @property
    def attached_to_request(self) -> bool:
        return bool(self.proposer_ids)

    def allows(self, user: Any) -> bool:
        from governors.permissions import Action, can

        signed_in = (
            user is not None
            and getattr(user, "is_authenticated", False)
            and getattr(user, "is_active", False)
        )
        if not signed_in:
            return any(not item.private and item.published for item in self.items)
        if user.id == self.uploaded_by_id or user.id in self.proposer_ids:
            return True
        if self.attached_to_request and user.has_role(*_OVERSEERS):
            return True
        for item in self.items:
            if item.private:
                if can(user, Action.PRIVATE_VIEW):
                    return True
            elif item.published or can(user, Action.MEETINGS_VIEW):
                return True
        return False


def document_access(document: Document) -> DocumentAccess:
    """Who may read ``document``: a few small queries, whatever it is attached to."""
    from governors.agendas.models import AgendaItem, agenda_item_papers
    from governors.requests.models import AgendaRequest, agenda_request_documents

    proposer_rows = db.session.execute(
        sa.select(AgendaRequest.id, AgendaRequest.proposer_id)
        .join(agenda_request_documents, agenda_request_documents.c.request_id == AgendaRequest.id)
        .where(agenda_request_documents.c.document_id == document.id)
    ).all()
    request_ids = [row.id for row in proposer_rows]

    paper_items = sa.select(agenda_item_papers.c.item_id).where(
        agenda_item_papers.c.document_id == document.id
    )
    conditions = [AgendaItem.id.in_(paper_items)]
    if request_ids:
        conditions.append(AgendaItem.request_id.in_(request_ids))
    item_rows = db.session.execute(
        sa.select(AgendaItem.part, AgendaItem.meeting_id).where(sa.or_(*conditions))
    ).all()
    public = _in_published_public_agenda(document.id, {row.meeting_id for row in item_rows})
    return DocumentAccess(
        uploaded_by_id=document.uploaded_by_id,
        proposer_ids=frozenset(row.proposer_id for row in proposer_rows),
        items=tuple(
            ItemVisibility(private=row.part == "private", published=public) for row in item_rows
        ),
    )


def _in_published_public_agenda(document_id: int, meeting_ids: set[int]) -> bool:
    """Is the document a paper of a public item in the latest published agenda of a meeting
    open to the public? Only then may anyone read it without signing in: an item added
    since publication, or a governors-only meeting's paper, stays behind sign-in."""
    from governors.agendas.models import AgendaVersion
    from governors.agendas.rules import open_to_public, public_only
    from governors.meetings.models import Meeting

    if not meeting_ids:
        return False
    latest = (
        sa.select(AgendaVersion.meeting_id, sa.func.max(AgendaVersion.number).label("number"))
        .where(AgendaVersion.meeting_id.in_(meeting_ids))
        .group_by(AgendaVersion.meeting_id)
        .subquery()
    )
    rows = db.session.execute(
        sa.select(AgendaVersion.snapshot, Meeting.kind, Meeting.cancelled_at)
        .join(
            latest,
            sa.and_(
                AgendaVersion.meeting_id == latest.c.meeting_id,
                AgendaVersion.number == latest.c.number,
            ),
        )
        .join(Meeting, Meeting.id == AgendaVersion.meeting_id)
    ).all()
    return any(
        open_to_public(row.kind)
        and row.cancelled_at is None
        and any(
            paper["id"] == document_id
            for entry in public_only(row.snapshot)
            for paper in entry["papers"]
        )
        for row in rows
    )
