"""Meetings: every one held by one body, the Council of Governors or one of its committees."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from governors.constraints import enum_check
from governors.extensions import db
from governors.meetings.kinds import KindMeaning, MeetingFacts, MeetingKind, meaning_of
from governors.timeutil import UTCDateTime, to_local, utcnow

if TYPE_CHECKING:
    from governors.agendas.models import AgendaItem, AgendaVersion
    from governors.bodies.models import Body


class Meeting(db.Model):
    __tablename__ = "meetings"
    __table_args__ = (
        enum_check("kind", MeetingKind),
        sa.CheckConstraint(
            "duration_minutes > 0 AND duration_minutes <= 720", name="duration_range"
        ),
        sa.CheckConstraint("place IS NOT NULL OR video_link IS NOT NULL", name="has_place_or_link"),
        sa.CheckConstraint("sequence >= 0", name="sequence_not_negative"),
        sa.CheckConstraint(
            "public_count IS NULL OR public_count >= 0", name="public_count_positive"
        ),
        sa.CheckConstraint(
            "(cancelled_at IS NULL AND cancel_reason IS NULL) OR "
            "(cancelled_at IS NOT NULL AND cancel_reason IS NOT NULL "
            "AND length(trim(cancel_reason)) > 0)",
            name="cancel_reason_when_cancelled",
        ),
        sa.CheckConstraint(
            "public_link IS NULL OR public_link LIKE 'https://%'", name="public_link_https"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(sa.ForeignKey("bodies.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(20), default=MeetingKind.ORDINARY.value)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    duration_minutes: Mapped[int] = mapped_column(default=150)
    place: Mapped[str | None] = mapped_column(sa.String(200))
    video_link: Mapped[str | None] = mapped_column(sa.String(500))
    notes: Mapped[str | None] = mapped_column(sa.Text)
    # For the public: step-free access, hearing loop, parking, how to ask for help. When
    # empty, the council's usual access information is shown.
    access_info: Mapped[str | None] = mapped_column(sa.Text)
    # Where the public watch or join online (a live stream, say). The members' video link
    # is never shown to the public; this one is.
    public_link: Mapped[str | None] = mapped_column(sa.String(500))
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Why it was cancelled: told to everyone expected, and in members' calendars.
    cancel_reason: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Goes up with every change people's calendars must pick up (RFC 5545 SEQUENCE).
    sequence: Mapped[int] = mapped_column(default=0)
    # How many members of the public came: the register counts them, not their names.
    public_count: Mapped[int | None]

    # Loaded with the meeting: what a meeting means depends on its body.
    body: Mapped[Body] = relationship(lazy="joined", innerjoin=True)
    items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting",
        foreign_keys="AgendaItem.meeting_id",
        order_by="(AgendaItem.part.desc(), AgendaItem.position)",
        cascade="all, delete-orphan",
    )
    versions: Mapped[list[AgendaVersion]] = relationship(
        back_populates="meeting", order_by="AgendaVersion.number", cascade="all, delete-orphan"
    )

    @property
    def meaning(self) -> KindMeaning:
        """What this meeting means, from its kind and its body: see
        ``governors.meetings.kinds``."""
        return meaning_of(self.kind, open_to_public=self.body.open_to_public)

    @property
    def facts(self) -> MeetingFacts:
        return MeetingFacts(
            kind=self.kind,
            body_id=self.body_id,
            open_to_public=self.body.open_to_public,
            chair_builds_agenda=self.body.chair_builds_agenda,
        )

    @property
    def for_council(self) -> bool:
        return MeetingKind(self.kind).for_council

    @property
    def kind_label(self) -> str:
        """Its name: "Council of Governors meeting", "Recovery Sub-committee meeting"."""
        return self.meaning.title(self.body.name)

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
