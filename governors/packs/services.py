"""Board packs: made once for each edition of a published agenda version, and kept.

``request_pack`` finds the version's pack, or records that it is being made (the unique
constraint on version and edition makes sure two requests at once make it only once) and
starts making it: in the request itself (``PACK_MAKING = "inline"``, the default under
test), in a thread of its own with its own app context and database session
(``"background"``, the default), or not at all (``"later"``: ``flask governors
make-packs`` makes it, e.g. from cron).
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app

from governors.agendas.models import AgendaVersion
from governors.audit.services import record
from governors.documents.models import Document
from governors.extensions import db
from governors.packs.pack import Limits, PackContent, PaperFile, build_pack
from governors.papers.models import BoardPack, Edition, PackStatus
from governors.storage import storage
from governors.timeutil import utcnow

log = logging.getLogger(__name__)

MODES = ("background", "inline", "later")
# A pack still "being made" after this long was stopped (the server restarted, say).
STALLED_AFTER = timedelta(minutes=10)

FAILED = "Something went wrong while the board pack was being made, so it could not be finished."
STALLED = "Making the board pack stopped before it was finished."


def limits() -> Limits:
    """The biggest paper joined into a pack (``PACK_MAX_PAPER_PAGES``, ``_BYTES``)."""
    config = current_app.config
    return Limits(
        max_pages=int(config.get("PACK_MAX_PAPER_PAGES") or 500),
        max_bytes=int(config.get("PACK_MAX_PAPER_BYTES") or 50 * 1024 * 1024),
    )


def making_mode() -> str:
    """How a pack asked for is made: "background", "inline" (the default under test) or
    "later" (by ``flask governors make-packs``)."""
    mode = current_app.config.get("PACK_MAKING")
    if mode in MODES:
        return mode
    return "inline" if current_app.testing else "background"


def content_for(version: AgendaVersion, edition: Edition | str) -> PackContent:
    """What the edition shows, from the version's snapshot only: the public edition has
    the public part alone, with the papers the public may have (those of its public
    items); the full edition has both parts."""
    from governors.outbox.services import absolute_url

    frozen = version.frozen
    full = Edition(edition) is Edition.FULL
    public_entries = frozen.public_part(full=full)
    private_entries = frozen.private_items if full else []
    entries = [*public_entries, *private_entries]
    glossary_for = getattr(frozen, "glossary_for", None)
    terms = list(glossary_for(entries)) if glossary_for is not None else []
    if full:
        link = absolute_url(
            "governors.agendas.version", meeting_id=version.meeting_id, number=version.number
        )
    else:
        link = absolute_url("governors.agendas.public", meeting_id=version.meeting_id)
    return PackContent(
        council=frozen.council,
        meeting=frozen.meeting,
        version_number=version.number,
        published_at=version.published_at,
        full=full,
        public_entries=public_entries,
        private_entries=private_entries,
        has_private_part=frozen.has_private_part,
        glossary_terms=terms,
        agenda_link=link,
    )


def _paper_ids(version: AgendaVersion, content: PackContent) -> set[int]:
    # The public edition takes only the papers the snapshot shows the public.
    allowed = version.frozen.paper_ids(public_only=not content.full)
    return {
        paper["id"]
        for entry in content.entries
        for paper in entry.get("papers") or ()
        if paper["id"] in allowed
    }


def paper_files(ids: Iterable[int]) -> dict[int, PaperFile]:
    """The stored papers, by id: one query."""
    from governors.outbox.services import absolute_url

    wanted = sorted(set(ids))
    if not wanted:
        return {}
    documents = db.session.scalars(sa.select(Document).where(Document.id.in_(wanted)))
    store = storage()
    return {
        document.id: PaperFile(
            id=document.id,
            filename=document.filename,
            content_type=document.content_type,
            size_bytes=document.size_bytes,
            read=functools.partial(store.read, document.storage_key),
            link=absolute_url("governors.documents.download", document_id=document.id),
        )
        for document in documents
    }


def find(version: AgendaVersion, edition: Edition | str) -> BoardPack | None:
    return db.session.scalar(
        sa.select(BoardPack).where(
            BoardPack.version_id == version.id, BoardPack.edition == Edition(edition).value
        )
    )


def stalled(pack: BoardPack, now: datetime | None = None) -> bool:
    return pack.status == PackStatus.MAKING and (now or utcnow()) - pack.started_at > (
        STALLED_AFTER
    )


def request_pack(version: AgendaVersion, edition: Edition | str) -> BoardPack:
    """The edition's pack: as it is, or newly recorded as being made and started."""
    pack = find(version, edition)
    if pack is not None:
        return pack
    pack = BoardPack(
        version_id=version.id,
        edition=Edition(edition).value,
        status=PackStatus.MAKING.value,
        started_at=utcnow(),
        problems=[],
    )
    try:
        with db.session.begin_nested():
            db.session.add(pack)
    except sa.exc.IntegrityError:
        # Another request recorded it first: that one makes it.
        found = find(version, edition)
        if found is None:  # pragma: no cover - the other was rolled back meanwhile
            raise
        return found
    _start(pack)
    return pack


def try_again(actor: Any, pack: BoardPack) -> BoardPack:
    """Make a pack again after it failed or stopped (the secretary asks)."""
    pack.status = PackStatus.MAKING.value
    pack.pdf = None
    pack.error = None
    pack.page_count = None
    pack.problems = []
    pack.started_at = utcnow()
    pack.finished_at = None
    db.session.flush()
    record(
        actor,
        "pack.remade",
        pack,
        f"Asked for the {pack.edition} board pack of agenda version {pack.version.number} "
        f"for meeting {pack.version.meeting_id} to be made again",
    )
    _start(pack)
    return pack


def _start(pack: BoardPack) -> None:
    mode = making_mode()
    if mode == "inline":
        make(pack)
    elif mode == "background":
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        pack_id = pack.id
        # The thread reads the row once this request has committed it.
        thread = threading.Thread(
            target=make_in_background, args=(app, pack_id), name=f"board-pack-{pack_id}"
        )
        db.session.info.setdefault("governors_pack_threads", []).append(thread)


@sa.event.listens_for(sa.orm.Session, "after_commit")
def _start_threads(session: sa.orm.Session) -> None:
    for thread in session.info.pop("governors_pack_threads", []):
        thread.daemon = True
        thread.start()


@sa.event.listens_for(sa.orm.Session, "after_rollback")
def _drop_threads(session: sa.orm.Session) -> None:
    session.info.pop("governors_pack_threads", None)


def make_in_background(app: Flask, pack_id: int) -> None:
    """Make the pack in a thread of its own: its own app context and database session."""
    with app.app_context():
        try:
            pack = db.session.get(BoardPack, pack_id)
            if pack is not None and pack.status == PackStatus.MAKING:
                make(pack)
                db.session.commit()
        except Exception:  # pragma: no cover - make() records its own failures
            log.exception("board pack %s could not be made", pack_id)
            db.session.rollback()
        finally:
            db.session.remove()


def make(pack: BoardPack) -> BoardPack:
    """Make the pack now and keep it (ready), or record in plain words why not (failed)."""
    version = pack.version
    try:
        content = content_for(version, pack.edition)
        built = build_pack(content, paper_files(_paper_ids(version, content)), limits())
    except Exception:  # recorded for the secretary, never a server error
        log.exception("board pack %s could not be made", pack.id)
        pack.status = PackStatus.FAILED.value
        pack.pdf = None
        pack.error = FAILED
    else:
        pack.pdf = built.pdf
        pack.page_count = built.page_count
        pack.problems = built.problems
        pack.status = PackStatus.READY.value
        pack.error = None
    pack.finished_at = utcnow()
    db.session.flush()
    return pack


def make_missing(*, today_on: datetime | None = None, every_meeting: bool = False) -> int:
    """Make every missing pack of each meeting's latest version, both editions, and any
    that stopped while being made (or, with ``PACK_MAKING = "later"``, wait to be made);
    by default only for meetings still to come. How many were made."""
    from governors.meetings.models import Meeting

    latest = (
        sa.select(AgendaVersion.meeting_id, sa.func.max(AgendaVersion.number).label("number"))
        .group_by(AgendaVersion.meeting_id)
        .subquery()
    )
    query = (
        sa.select(AgendaVersion)
        .join(
            latest,
            sa.and_(
                AgendaVersion.meeting_id == latest.c.meeting_id,
                AgendaVersion.number == latest.c.number,
            ),
        )
        .join(Meeting, Meeting.id == AgendaVersion.meeting_id)
        .order_by(Meeting.starts_at, Meeting.id)
    )
    if not every_meeting:
        now = today_on or utcnow()
        query = query.where(Meeting.starts_at >= now - timedelta(days=1))
    versions = list(db.session.scalars(query))
    existing = {
        (pack.version_id, pack.edition): pack
        for pack in db.session.scalars(
            sa.select(BoardPack).where(BoardPack.version_id.in_([v.id for v in versions]))
        )
    }
    # Packs asked for while they are made only here, or that were stopped, are made now.
    waiting = making_mode() == "later"
    made = 0
    for version in versions:
        for edition in Edition:
            pack = existing.get((version.id, edition.value))
            if pack is None:
                pack = BoardPack(
                    version_id=version.id,
                    edition=edition.value,
                    status=PackStatus.MAKING.value,
                    started_at=utcnow(),
                    problems=[],
                )
                db.session.add(pack)
                db.session.flush()
            elif pack.status != PackStatus.MAKING or not (waiting or stalled(pack)):
                continue
            make(pack)
            db.session.commit()
            made += 1
    return made
