"""Periods when a person is not available, and the cover arranged for what they miss.

Absence only: no reason is asked for. A period may carry a private note (which may hold
health information, special category data) that only the person and the secretary read,
kept for the council's set time after the period ends and then erased.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from governors.bodies.models import Seat
from governors.constraints import enum_check
from governors.extensions import db
from governors.meetings.models import Meeting
from governors.people.models import User
from governors.timeutil import UTCDateTime, utcnow


class Unavailability(db.Model):
    __tablename__ = "unavailabilities"
    __table_args__ = (
        sa.CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="ends_after_start"),
        # Someone else records a period only with the person's agreement.
        sa.CheckConstraint("consent_noted OR recorded_by_id = user_id", name="own_or_consented"),
        sa.CheckConstraint("note IS NULL OR note_erased_at IS NULL", name="erased_note_gone"),
        sa.CheckConstraint("note IS NULL OR length(trim(note)) > 0", name="note_not_blank"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    starts_on: Mapped[date]
    # Null: until further notice.
    ends_on: Mapped[date | None]
    recorded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    # The secretary recorded it on the person's behalf, with their agreement.
    consent_noted: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # Private: the person and the secretary only. Never shown, sent or logged anywhere else.
    note: Mapped[str | None] = mapped_column(sa.Text)
    note_erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Taken back before it began (a period that had begun is ended early instead).
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_early_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    recorded_by: Mapped[User] = relationship(foreign_keys=[recorded_by_id])

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def covers(self, day: date) -> bool:
        return (
            not self.is_withdrawn
            and self.starts_on <= day
            and (self.ends_on is None or day <= self.ends_on)
        )


class CoverStatus(StrEnum):
    # Nobody asked yet: the secretary chooses who to ask.
    OPEN = "open"
    # Someone has been asked and has not yet answered.
    ASKED = "asked"
    COVERED = "covered"
    # Nobody suitable: the seat is vacant for this meeting.
    VACANT = "vacant"
    # Not needed any more: the period ended early or the meeting was cancelled.
    RELEASED = "released"

    @property
    def label(self) -> str:
        return COVER_STATUS_LABELS[self]


COVER_STATUS_LABELS = {
    CoverStatus.OPEN: "Needs a substitute",
    CoverStatus.ASKED: "Substitute asked",
    CoverStatus.COVERED: "Covered",
    CoverStatus.VACANT: "No suitable substitute: seat vacant",
    CoverStatus.RELEASED: "Not needed",
}


class CoverNeed(db.Model):
    """A meeting an unavailable member would have attended, and who stands in for them."""

    __tablename__ = "cover_needs"
    __table_args__ = (
        enum_check("status", CoverStatus),
        sa.UniqueConstraint("meeting_id", "absent_id", name="uq_cover_needs_meeting_absent"),
        sa.CheckConstraint("(status = 'covered') = (deputy_id IS NOT NULL)", name="covered_by"),
        sa.CheckConstraint("deputy_id IS NULL OR deputy_id <> absent_id", name="not_self"),
        sa.CheckConstraint("answer_hours >= 1 AND answer_hours <= 168", name="answer_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unavailability_id: Mapped[int] = mapped_column(
        sa.ForeignKey("unavailabilities.id", ondelete="CASCADE"), index=True
    )
    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    absent_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    # The seat the absent member holds on the meeting's body, if any.
    seat_id: Mapped[int | None] = mapped_column(sa.ForeignKey("seats.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(sa.String(10), default=CoverStatus.OPEN.value)
    deputy_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    # How long each person asked has to answer (the secretary sets it).
    answer_hours: Mapped[int] = mapped_column(default=24)
    # The secretary named a substitute after the body's notice rule, with the chair's leave.
    late_agreed: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    period: Mapped[Unavailability] = relationship()
    meeting: Mapped[Meeting] = relationship()
    absent: Mapped[User] = relationship(foreign_keys=[absent_id])
    deputy: Mapped[User | None] = relationship(foreign_keys=[deputy_id])
    seat: Mapped[Seat | None] = relationship()
    offers: Mapped[list[CoverOffer]] = relationship(
        back_populates="need", order_by="CoverOffer.id", cascade="all, delete-orphan"
    )

    @property
    def status_label(self) -> str:
        return CoverStatus(self.status).label


class OfferStatus(StrEnum):
    ASKED = "asked"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    # No answer in the time allowed.
    EXPIRED = "expired"
    # Not needed any more, or someone else was asked instead.
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return OFFER_STATUS_LABELS[self]


OFFER_STATUS_LABELS = {
    OfferStatus.ASKED: "Waiting for an answer",
    OfferStatus.ACCEPTED: "Accepted",
    OfferStatus.DECLINED: "Declined",
    OfferStatus.EXPIRED: "Did not answer in time",
    OfferStatus.WITHDRAWN: "No longer needed",
}


class CoverOffer(db.Model):
    """Someone asked to stand in, by email with links to accept or decline."""

    __tablename__ = "cover_offers"
    __table_args__ = (
        enum_check("status", OfferStatus),
        sa.UniqueConstraint("need_id", "candidate_id", name="uq_cover_offers_need_candidate"),
        sa.CheckConstraint("answer_by > asked_at", name="answer_after_asked"),
        sa.CheckConstraint(
            "status NOT IN ('accepted', 'declined') OR answered_at IS NOT NULL",
            name="answered_when",
        ),
        sa.CheckConstraint("length(token) >= 32", name="token_long"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(
        sa.ForeignKey("cover_needs.id", ondelete="CASCADE"), index=True
    )
    candidate_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    # The secret in the email's links: whoever holds it can answer, and nothing more.
    token: Mapped[str] = mapped_column(sa.String(64), unique=True)
    status: Mapped[str] = mapped_column(sa.String(10), default=OfferStatus.ASKED.value)
    # Why they were proposed, as the secretary saw it.
    reasons: Mapped[str] = mapped_column(sa.String(1000), default="")
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answer_by: Mapped[datetime] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    asked_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))

    need: Mapped[CoverNeed] = relationship(back_populates="offers")
    candidate: Mapped[User] = relationship(foreign_keys=[candidate_id])
    asked_by: Mapped[User] = relationship(foreign_keys=[asked_by_id])

    @property
    def status_label(self) -> str:
        return OfferStatus(self.status).label
