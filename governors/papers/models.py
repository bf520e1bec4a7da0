"""What governors read before a meeting: each agenda item's cover sheet (what it asks of
governors, the key risks, what they may want to ask), and the board pack made once for
each edition of a published agenda version."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from governors.agendas.models import AgendaItem, AgendaVersion
from governors.constraints import enum_check
from governors.extensions import db
from governors.people.models import User
from governors.timeutil import UTCDateTime, utcnow


class CoverSheet(db.Model):
    """Leads an item's papers: what governors are asked to do, in three sentences or fewer,
    and what they may want to ask. The key risks are the risks linked to the item."""

    __tablename__ = "cover_sheets"
    __table_args__ = (sa.CheckConstraint("length(trim(asks)) > 0", name="asks_not_blank"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        sa.ForeignKey("agenda_items.id", ondelete="CASCADE"), unique=True
    )
    asks: Mapped[str] = mapped_column(sa.String(1000))
    questions: Mapped[str | None] = mapped_column(sa.String(2000))
    # Why the author kept the words when they were advised to be hard to read.
    advice_reason: Mapped[str | None] = mapped_column(sa.String(1000))
    written_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    item: Mapped[AgendaItem] = relationship(
        backref=backref("cover_sheet", uselist=False, passive_deletes=True)
    )
    written_by: Mapped[User] = relationship()


class Edition(StrEnum):
    PUBLIC = "public"
    FULL = "full"


class PackStatus(StrEnum):
    MAKING = "making"
    READY = "ready"
    FAILED = "failed"


class BoardPack(db.Model):
    """One edition of a version's board pack: agenda, cover sheets and papers in one PDF,
    made once and kept. ``problems`` lists papers that were listed rather than merged
    (not a PDF, encrypted, broken, too big), each with its reason."""

    __tablename__ = "board_packs"
    __table_args__ = (
        sa.UniqueConstraint("version_id", "edition", name="uq_board_packs_version_edition"),
        enum_check("edition", Edition),
        enum_check("status", PackStatus),
        sa.CheckConstraint("(status = 'ready') = (pdf IS NOT NULL)", name="ready_has_pdf"),
        sa.CheckConstraint("page_count IS NULL OR page_count > 0", name="page_count_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        sa.ForeignKey("agenda_versions.id", ondelete="CASCADE"), index=True
    )
    edition: Mapped[str] = mapped_column(sa.String(10))
    status: Mapped[str] = mapped_column(sa.String(10), default=PackStatus.MAKING.value)
    pdf: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    page_count: Mapped[int | None]
    problems: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    # What went wrong when it could not be made, in words for the secretary.
    error: Mapped[str | None] = mapped_column(sa.String(1000))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    version: Mapped[AgendaVersion] = relationship()
