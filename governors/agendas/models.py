"""Agendas: ordered items in a public and a private part, published as numbered versions."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from governors.agendas.rules import Part, Purpose
from governors.agendas.snapshot import Snapshot
from governors.agendas.snapshot import read as read_snapshot
from governors.constraints import enum_check
from governors.documents.models import Document
from governors.extensions import db
from governors.people.models import User
from governors.timeutil import UTCDateTime, utcnow

if TYPE_CHECKING:
    from governors.bodies.models import Body
    from governors.meetings.models import Meeting
    from governors.requests.models import AgendaRequest


class AgendaItem(db.Model):
    __tablename__ = "agenda_items"
    __table_args__ = (
        enum_check("part", Part),
        sa.CheckConstraint("position >= 1", name="position_positive"),
        sa.CheckConstraint(
            "minutes_allowed IS NULL OR (minutes_allowed > 0 AND minutes_allowed <= 480)",
            name="minutes_range",
        ),
        sa.CheckConstraint("length(trim(title)) > 0", name="title_not_blank"),
        enum_check("purpose", Purpose),
        sa.CheckConstraint(
            "report_meeting_id IS NULL OR report_body_id IS NOT NULL", name="report_has_body"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    part: Mapped[str] = mapped_column(sa.String(10), default=Part.PUBLIC.value)
    position: Mapped[int]
    title: Mapped[str] = mapped_column(sa.String(200))
    purpose: Mapped[str] = mapped_column(sa.String(10), default=Purpose.NOTE.value)
    presenter: Mapped[str | None] = mapped_column(sa.String(120))
    minutes_allowed: Mapped[int | None]
    description: Mapped[str | None] = mapped_column(sa.Text)
    # Welcome, declarations, previous minutes, action log, any other business.
    standing: Mapped[bool] = mapped_column(default=False)
    request_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agenda_requests.id"), unique=True)
    # A committee's report to this meeting: which body sends it, from which of its meetings.
    report_body_id: Mapped[int | None] = mapped_column(sa.ForeignKey("bodies.id"), index=True)
    report_meeting_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="SET NULL"), index=True
    )

    meeting: Mapped[Meeting] = relationship(back_populates="items", foreign_keys=[meeting_id])
    report_body: Mapped[Body | None] = relationship()
    report_meeting: Mapped[Meeting | None] = relationship(foreign_keys=[report_meeting_id])
    request: Mapped[AgendaRequest | None] = relationship()
    papers: Mapped[list[Document]] = relationship(secondary="agenda_item_papers")

    @property
    def is_private(self) -> bool:
        return self.part == Part.PRIVATE


agenda_item_papers = sa.Table(
    "agenda_item_papers",
    db.metadata,
    sa.Column("item_id", sa.ForeignKey("agenda_items.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("document_id", sa.ForeignKey("documents.id"), primary_key=True),
)


class AgendaVersion(db.Model):
    """A published, frozen agenda: pages and PDFs are made from the snapshot alone.

    ``snapshot`` holds the meeting, the council's names and both parts' items as they were
    (see ``agendas/snapshot.py``); views filter the parts by right. The two PDFs are made
    once, when the version is published, and kept here so a download is only a read.
    """

    __tablename__ = "agenda_versions"
    __table_args__ = (
        sa.UniqueConstraint("meeting_id", "number", name="uq_agenda_versions_meeting_number"),
        sa.CheckConstraint("number >= 1", name="number_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    change_note: Mapped[str | None] = mapped_column(sa.Text)
    snapshot: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    # Null only for a version published before PDFs were kept: made on first download.
    pdf_public: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    pdf_full: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)

    meeting: Mapped[Meeting] = relationship(back_populates="versions")
    published_by: Mapped[User] = relationship()

    @property
    def frozen(self) -> Snapshot:
        """The snapshot read back: the meeting, the council's names and the items."""
        return read_snapshot(self.snapshot)

    @property
    def entries(self) -> list[dict[str, Any]]:
        """Every item of both parts, in order, as published."""
        return list(self.frozen.items)
