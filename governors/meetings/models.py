"""Meetings of the Council of Governors."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from governors.constraints import enum_check
from governors.extensions import db
from governors.meetings.kinds import KindMeaning, MeetingKind
from governors.timeutil import UTCDateTime, to_local, utcnow

if TYPE_CHECKING:
    from governors.agendas.models import AgendaItem, AgendaVersion


class Meeting(db.Model):
    __tablename__ = "meetings"
    __table_args__ = (
        enum_check("kind", MeetingKind),
        sa.CheckConstraint(
            "duration_minutes > 0 AND duration_minutes <= 720", name="duration_range"
        ),
        sa.CheckConstraint("place IS NOT NULL OR video_link IS NOT NULL", name="has_place_or_link"),
        sa.CheckConstraint("sequence >= 0", name="sequence_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(20), default=MeetingKind.ORDINARY.value)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    duration_minutes: Mapped[int] = mapped_column(default=150)
    place: Mapped[str | None] = mapped_column(sa.String(200))
    video_link: Mapped[str | None] = mapped_column(sa.String(500))
    notes: Mapped[str | None] = mapped_column(sa.Text)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Goes up with every change people's calendars must pick up (RFC 5545 SEQUENCE).
    sequence: Mapped[int] = mapped_column(default=0)

    items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting",
        order_by="(AgendaItem.part.desc(), AgendaItem.position)",
        cascade="all, delete-orphan",
    )
    versions: Mapped[list[AgendaVersion]] = relationship(
        back_populates="meeting", order_by="AgendaVersion.number", cascade="all, delete-orphan"
    )

    @property
    def meaning(self) -> KindMeaning:
        """What this kind of meeting means: see ``governors.meetings.kinds``."""
        return MeetingKind(self.kind).meaning

    @property
    def kind_label(self) -> str:
        return self.meaning.label

    @property
    def title(self) -> str:
        return self.kind_label

    @property
    def local_start(self) -> datetime:
        return to_local(self.starts_at)

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def day(self) -> date:
        """The local (Europe/London) date of the meeting: what clear days count to."""
        return self.local_start.date()

    def __repr__(self) -> str:
        return f"<Meeting {self.id} {self.kind} {self.starts_at:%Y-%m-%d}>"
