"""Uploaded documents: type checked from the content, stored under a random name, and
the facts about what each is attached to, from which the permissions policy decides who
may read it.

Files are kept through ``governors.storage`` (the ``UPLOAD_FOLDER``, outside ``static/``, or
the database) and are only ever served by ``documents.views.download`` after
``governors.permissions`` allows it.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import secrets
import struct
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import IO, Any

import filetype
import sqlalchemy as sa
from flask import Flask, current_app
from werkzeug.datastructures import FileStorage

from governors.documents.models import Document, HeldUpload
from governors.errors import Refused
from governors.extensions import db
from governors.meetings.kinds import MeetingFacts
from governors.storage import FolderStorage, Swept, storage
from governors.timeutil import utcnow

log = logging.getLogger(__name__)

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
    Raises :class:`~governors.errors.Refused` for an archive too big or too packed to open
    safely.
    """
    kind = filetype.guess(data[:_HEAD_BYTES])
    mime = kind.mime if kind is not None else None
    if mime in (PDF, DOC):
        return mime
    if data.startswith(b"PK\x03\x04"):
        return _zipped_document_type(data)
    return None


# Limits on what a zipped document may unpack to. Word and OpenDocument files hold tens or
# a few hundred parts, mostly compressed 2 to 20 times; a "zip bomb" is compressed a
# thousand times, so that a small upload would fill the server's memory (or a reader's
# computer) when opened. The ratio is judged only on parts big enough to matter.
MAX_ARCHIVE_ENTRIES = 5000
MAX_ARCHIVE_DIRECTORY_BYTES = 2 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
_RATIO_CHECKED_FROM = 100 * 1024
# The OpenDocument ``mimetype`` part holds only the type's name.
_MIMETYPE_PART_BYTES = 256
_END_OF_DIRECTORY = b"PK\x05\x06"
_END_RECORD_SIZE = 22

UNREADABLE = "The selected file could not be read: {reason}. Save it as a PDF and upload that"
TOO_MANY_PARTS = UNREADABLE.format(reason="it is made of too many parts")
TOO_PACKED = UNREADABLE.format(reason="it unpacks to far more than its own size")


def _zipped_document_type(data: bytes) -> str | None:
    _check_directory_size(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_members(archive.infolist())
            names = set(archive.namelist())
            if "word/document.xml" in names and "[Content_Types].xml" in names:
                return DOCX
            if "mimetype" in names:
                declared = _read_member(archive, "mimetype", _MIMETYPE_PART_BYTES)
                if declared is not None and declared.strip() == ODT.encode("ascii"):
                    return ODT
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError):
        return None
    return None


def _check_directory_size(data: bytes) -> None:
    """Refuse an archive whose list of parts is too long, before the list is read at all.

    The end-of-archive record gives the count of parts and the size of their list; reading
    a list of hundreds of thousands of parts would itself take seconds and memory.
    A file without that record is left for ``zipfile`` to refuse as broken.
    """
    end = data.rfind(_END_OF_DIRECTORY, max(0, len(data) - _END_RECORD_SIZE - 0xFFFF))
    if end < 0 or end + _END_RECORD_SIZE > len(data):
        return
    entries, directory_bytes = struct.unpack_from("<HI", data, end + 10)
    if entries > MAX_ARCHIVE_ENTRIES or directory_bytes > MAX_ARCHIVE_DIRECTORY_BYTES:
        raise Refused(TOO_MANY_PARTS)


def _check_members(members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MAX_ARCHIVE_ENTRIES:
        raise Refused(TOO_MANY_PARTS)
    if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        raise Refused(TOO_PACKED)
    for member in members:
        if (
            member.file_size > _RATIO_CHECKED_FROM
            and member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1)
        ):
            raise Refused(TOO_PACKED)


def _read_member(archive: zipfile.ZipFile, name: str, limit: int) -> bytes | None:
    """One small part, or None when it is bigger than ``limit`` (so not what was hoped).

    Read as a stream: ``zipfile`` stops at the recorded size and refuses a part that
    unpacks to more than it recorded, so a lying size cannot make it unpack further.
    """
    if archive.getinfo(name).file_size > limit:
        return None
    with archive.open(name) as member:
        return member.read(limit)


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
    """Check one uploaded file without storing it; raises :class:`~governors.errors.Refused`."""
    filename = file_storage.filename or ""
    limit = max_upload_bytes()
    stream = file_storage.stream
    if hasattr(stream, "seek"):
        stream.seek(0)
    data = _read_limited(stream, limit)
    if not data:
        raise Refused(EMPTY)
    if len(data) > limit:
        raise Refused(too_large_message(limit))
    content_type = detect_type(data)
    if content_type is None:
        raise Refused(WRONG_TYPE)
    return CheckedFile(
        filename=safe_filename(filename, content_type),
        content_type=content_type,
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def store_checked(actor: Any, checked: CheckedFile) -> Document:
    """Keep a checked file under a random key and record it; the file is in place once
    the transaction is committed (``governors.storage``)."""
    storage_key = secrets.token_hex(32)
    storage().put(storage_key, checked.data)
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
    """Check and store one uploaded file. Raises :class:`~governors.errors.Refused` when it is
    refused."""
    return store_checked(actor, check_upload(file_storage))


def open_document(document: Document) -> IO[bytes]:
    """The document's file for reading; :class:`FileNotFoundError` when it is missing."""
    return storage().open(document.storage_key)


def read_document(document: Document) -> bytes:
    """The document's bytes; :class:`FileNotFoundError` when its file is missing."""
    return storage().read(document.storage_key)


def keys_in_use(keys: Iterable[str]) -> set[str]:
    """Those of ``keys`` that a document is stored under."""
    wanted = sorted(set(keys))
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        found.update(
            db.session.scalars(
                sa.select(Document.storage_key).where(
                    Document.storage_key.in_(wanted[start : start + 500])
                )
            )
        )
    return found


def sweep_uploads(now: datetime) -> Swept:
    """Tidy what a server stopped mid-upload left behind: a file whose record was committed
    is moved into place, and temporary files and files no document uses, older than a few
    minutes, are removed. The caller commits (for database storage)."""
    return storage().sweep(keys_in_use, now)


def sweep_at_start(app: Flask) -> None:
    """When the app starts with folder storage, finish or remove what a server stopped
    mid-upload left in the folder. A database not reachable yet, or not yet migrated,
    is left for the next start or the ``purge`` command."""
    with app.app_context():
        kept = storage()
        if not isinstance(kept, FolderStorage) or not kept.folder.is_dir():
            return
        try:
            swept = kept.sweep(keys_in_use, utcnow())
        except sa.exc.SQLAlchemyError as error:
            log.warning("uploads were not swept at start: %s", error)
        else:
            if swept.moved or swept.removed:
                log.info(
                    "uploads swept at start: %s moved into place, %s temporary and %s "
                    "unused files removed",
                    swept.moved,
                    swept.removed_partial,
                    swept.removed_orphans,
                )
        finally:
            db.session.remove()


# Files held for a form that came back with a problem ------------------------------------

# A held file not used by then is forgotten.
HOLD_HOURS = 24


def hold(actor: Any, files: Iterable[CheckedFile]) -> list[Document]:
    """Store checked files for a form that has a problem, so they need not be chosen again."""
    documents = []
    for checked in files:
        document = store_checked(actor, checked)
        db.session.add(HeldUpload(document=document, user_id=actor.id))
        documents.append(document)
    db.session.flush()
    return documents


def held_by(actor: Any, ids: Iterable[int]) -> list[Document]:
    """Those of ``ids`` that are files ``actor`` holds (anyone else's are ignored)."""
    wanted = {i for i in ids if isinstance(i, int)}
    if not wanted:
        return []
    return list(
        db.session.scalars(
            sa.select(Document)
            .join(HeldUpload, HeldUpload.document_id == Document.id)
            .where(HeldUpload.user_id == actor.id, Document.id.in_(wanted))
            .order_by(Document.id)
        )
    )


def release(documents: Iterable[Document]) -> None:
    """The form was saved with these files: they are no longer held."""
    ids = [document.id for document in documents]
    if ids:
        db.session.execute(sa.delete(HeldUpload).where(HeldUpload.document_id.in_(ids)))


def forget_held(now: datetime, hours: int = HOLD_HOURS) -> int:
    """Delete held files no form used within ``hours``; how many were deleted."""
    cutoff = now - timedelta(hours=hours)
    stale = list(
        db.session.scalars(
            sa.select(Document)
            .join(HeldUpload, HeldUpload.document_id == Document.id)
            .where(HeldUpload.held_at < cutoff)
        )
    )
    for document in stale:
        db.session.execute(sa.delete(HeldUpload).where(HeldUpload.document_id == document.id))
        storage().delete(document.storage_key)
        db.session.delete(document)
    db.session.flush()
    return len(stale)


# What a document is attached to ---------------------------------------------------------


@dataclass(frozen=True)
class Placement:
    """Where a published agenda version shows a document: the meeting (as the policy sees
    it), the part, whether the version is the meeting's latest and whether the meeting is
    cancelled."""

    meeting: MeetingFacts
    part: str
    latest: bool
    meeting_cancelled: bool = False


@dataclass(frozen=True)
class DocumentFacts:
    """What a document is attached to, for the permissions policy to judge who may read
    it (``governors.permissions``): who uploaded it, the proposers of the requests it came
    with, the meetings whose agendas as they stand have it as a paper (drafts included),
    whether it is a body's terms of reference, and where the published versions of agendas
    show it."""

    uploaded_by_id: int | None = None
    proposer_ids: frozenset[int] = frozenset()
    on_agendas: tuple[MeetingFacts, ...] = ()
    terms_of_reference: bool = False
    published: tuple[Placement, ...] = ()


def document_facts(document: Document) -> DocumentFacts:
    """What ``document`` is attached to: a few small queries, whatever it is."""
    from governors.agendas.models import AgendaItem, agenda_item_papers
    from governors.agendas.services import published_papers
    from governors.bodies.models import Body
    from governors.meetings.models import Meeting
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
    # The meetings whose published agendas may show it: where it is a paper now, and
    # where the request it came with was placed.
    conditions = [AgendaItem.id.in_(paper_items)]
    if request_ids:
        conditions.append(AgendaItem.request_id.in_(request_ids))
    item_rows = db.session.execute(
        sa.select(
            AgendaItem.id, AgendaItem.meeting_id, AgendaItem.id.in_(paper_items).label("paper")
        ).where(sa.or_(*conditions))
    ).all()
    placements: list[Placement] = []
    on_agendas: list[MeetingFacts] = []
    meeting_ids = {row.meeting_id for row in item_rows}
    if meeting_ids:
        meetings = {
            row.id: row
            for row in db.session.execute(
                sa.select(
                    Meeting.id,
                    Meeting.kind,
                    Meeting.body_id,
                    Meeting.cancelled_at,
                    Body.open_to_public,
                    Body.chair_builds_agenda,
                )
                .join(Body, Body.id == Meeting.body_id)
                .where(Meeting.id.in_(meeting_ids))
            )
        }
        facts = {
            meeting_id: MeetingFacts(
                kind=row.kind,
                body_id=row.body_id,
                open_to_public=row.open_to_public,
                chair_builds_agenda=row.chair_builds_agenda,
            )
            for meeting_id, row in meetings.items()
        }
        for row in item_rows:
            if row.paper and facts[row.meeting_id] not in on_agendas:
                on_agendas.append(facts[row.meeting_id])
        for paper in published_papers(document.id, meeting_ids):
            meeting = meetings[paper.meeting_id]
            placement = Placement(
                meeting=facts[paper.meeting_id],
                part=paper.part,
                latest=paper.latest,
                meeting_cancelled=meeting.cancelled_at is not None,
            )
            if placement not in placements:
                placements.append(placement)
    terms = db.session.scalar(
        sa.select(sa.func.count(Body.id)).where(Body.terms_document_id == document.id)
    )
    return DocumentFacts(
        uploaded_by_id=document.uploaded_by_id,
        proposer_ids=frozenset(row.proposer_id for row in proposer_rows),
        on_agendas=tuple(on_agendas),
        terms_of_reference=bool(terms),
        published=tuple(placements),
    )
