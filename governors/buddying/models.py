"""Buddy pairs, the notes of their meetings, and governors' requests for a buddy."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from governors.buddying.rules import Purpose, RequestStatus
from governors.constraints import enum_check
from governors.extensions import db
from governors.people.models import User
from governors.timeutil import UTCDateTime, utcnow

WAITING_ONLY = sa.text("status = 'waiting'")


class BuddyPair(db.Model):
    """A governor and their buddy (another governor or a non-executive director)."""

    __tablename__ = "buddy_pairs"
    __table_args__ = (
        enum_check("purpose", Purpose),
        sa.CheckConstraint("governor_id <> buddy_id", name="two_people"),
        sa.CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    governor_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    buddy_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    purpose: Mapped[str] = mapped_column(sa.String(10))
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    governor: Mapped[User] = relationship(foreign_keys=[governor_id])
    buddy: Mapped[User] = relationship(foreign_keys=[buddy_id])
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    notes: Mapped[list[BuddyNote]] = relationship(
        back_populates="pair",
        order_by="(BuddyNote.met_on.desc(), BuddyNote.id.desc())",
        cascade="all, delete-orphan",
    )

    @property
    def purpose_label(self) -> str:
        return Purpose(self.purpose).label

    def is_current(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)

    def other(self, user_id: int) -> User:
        return self.buddy if user_id == self.governor_id else self.governor


class BuddyNote(db.Model):
    """A note of a buddy meeting: for the pair and the secretary only."""

    __tablename__ = "buddy_notes"
    __table_args__ = (sa.CheckConstraint("length(trim(note)) > 0", name="note_not_blank"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(
        sa.ForeignKey("buddy_pairs.id", ondelete="CASCADE"), index=True
    )
    met_on: Mapped[date]
    note: Mapped[str] = mapped_column(sa.Text)
    written_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    pair: Mapped[BuddyPair] = relationship(back_populates="notes")
    written_by: Mapped[User] = relationship()


class BuddyRequest(db.Model):
    """A governor asks for a buddy, perhaps naming who they would like; the secretary
    pairs them, or answers with a reason."""

    __tablename__ = "buddy_requests"
    __table_args__ = (
        enum_check("purpose", Purpose),
        enum_check("status", RequestStatus),
        sa.CheckConstraint("preferred_id IS NULL OR preferred_id <> governor_id", name="not_self"),
        sa.CheckConstraint(
            "status <> 'declined' OR (reason IS NOT NULL AND length(trim(reason)) > 0)",
            name="declined_with_reason",
        ),
        sa.CheckConstraint(
            "(status = 'accepted') = (pair_id IS NOT NULL)", name="accepted_has_pair"
        ),
        sa.CheckConstraint("status = 'waiting' OR answered_at IS NOT NULL", name="answered_when"),
        sa.Index(
            "uq_buddy_requests_one_waiting",
            "governor_id",
            unique=True,
            sqlite_where=WAITING_ONLY,
            postgresql_where=WAITING_ONLY,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    governor_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    preferred_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    purpose: Mapped[str] = mapped_column(sa.String(10))
    # What the governor would like from a buddy, in their words.
    message: Mapped[str | None] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(10), default=RequestStatus.WAITING.value)
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    reason: Mapped[str | None] = mapped_column(sa.Text)
    pair_id: Mapped[int | None] = mapped_column(sa.ForeignKey("buddy_pairs.id"))

    governor: Mapped[User] = relationship(foreign_keys=[governor_id])
    preferred: Mapped[User | None] = relationship(foreign_keys=[preferred_id])
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])
    pair: Mapped[BuddyPair | None] = relationship()

    @property
    def purpose_label(self) -> str:
        return Purpose(self.purpose).label

    @property
    def status_label(self) -> str:
        return RequestStatus(self.status).label
