"""Bodies, their members, seats and seat deputies, and governors' requests to join."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from fractions import Fraction

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from governors.attendance.rules import QuorumRule
from governors.bodies.rules import BodyKind, MemberRole, Requirement, quorum_rule
from governors.constraints import enum_check
from governors.cover.rules import NoticeRule
from governors.documents.models import Document
from governors.extensions import db
from governors.people.models import User
from governors.timeutil import UTCDateTime, utcnow

COUNCIL_ONLY = sa.text("kind = 'council'")


class Body(db.Model):
    __tablename__ = "bodies"
    __table_args__ = (
        enum_check("kind", BodyKind),
        sa.CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        # The Council is the one body without a parent; every other body has one.
        sa.CheckConstraint(
            "(kind = 'council') = (parent_id IS NULL)", name="parent_unless_council"
        ),
        sa.CheckConstraint(
            "quorum_denominator > 0 AND quorum_numerator >= 0 "
            "AND quorum_numerator <= quorum_denominator",
            name="quorum_fraction_range",
        ),
        sa.CheckConstraint(
            "quorum_minimum >= 0 AND quorum_elected_minimum >= 0", name="quorum_counts_positive"
        ),
        enum_check("substitute_notice", NoticeRule),
        sa.Index(
            "uq_bodies_one_council",
            "kind",
            unique=True,
            sqlite_where=COUNCIL_ONLY,
            postgresql_where=COUNCIL_ONLY,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("bodies.id"), index=True)
    # Terms of reference: what the body is for and may decide, and when they are next reviewed.
    remit: Mapped[str | None] = mapped_column(sa.Text)
    terms_document_id: Mapped[int | None] = mapped_column(sa.ForeignKey("documents.id"))
    remit_review_on: Mapped[date | None]
    open_to_public: Mapped[bool] = mapped_column(default=False)
    # The secretary lets the body's chair and vice-chair build its agendas.
    chair_builds_agenda: Mapped[bool] = mapped_column(default=False)
    # When the secretary next reviews who sits on it (yearly).
    membership_review_on: Mapped[date | None]
    quorum_numerator: Mapped[int] = mapped_column(default=1)
    quorum_denominator: Mapped[int] = mapped_column(default=3)
    quorum_minimum: Mapped[int] = mapped_column(default=0)
    quorum_elected_minimum: Mapped[int] = mapped_column(default=0)
    quorum_elected_majority: Mapped[bool] = mapped_column(default=False)
    # The chair has a casting vote on a tie (the body's standing orders say so or not).
    chair_casting_vote: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    # By when the body must be told who stands in for a member (standing orders say).
    substitute_notice: Mapped[str] = mapped_column(
        sa.String(30), default=NoticeRule.ANY_TIME.value, server_default=NoticeRule.ANY_TIME.value
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    parent: Mapped[Body | None] = relationship(remote_side=[id])
    terms_document: Mapped[Document | None] = relationship()
    seats: Mapped[list[Seat]] = relationship(
        back_populates="body", order_by="Seat.id", cascade="all, delete-orphan"
    )

    @property
    def is_council(self) -> bool:
        return self.kind == BodyKind.COUNCIL

    @property
    def kind_label(self) -> str:
        return BodyKind(self.kind).label

    @property
    def quorum(self) -> QuorumRule:
        return quorum_rule(
            self.quorum_numerator,
            self.quorum_denominator,
            self.quorum_minimum,
            self.quorum_elected_minimum,
            self.quorum_elected_majority,
        )

    @property
    def quorum_fraction(self) -> Fraction:
        return Fraction(self.quorum_numerator, self.quorum_denominator)

    def __repr__(self) -> str:
        return f"<Body {self.id} {self.name}>"


class Membership(db.Model):
    """A place on a body: a person with an account, or someone listed by name only (an
    external adviser), from one date to another (open-ended while they serve)."""

    __tablename__ = "body_members"
    __table_args__ = (
        enum_check("role", MemberRole),
        sa.CheckConstraint("(user_id IS NULL) <> (name IS NULL)", name="person_or_name"),
        sa.CheckConstraint("name IS NULL OR length(trim(name)) > 0", name="name_not_blank"),
        sa.CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="ends_after_start"),
        sa.CheckConstraint(
            "seat_id IS NULL OR user_id IS NOT NULL", name="seat_holder_has_account"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(sa.ForeignKey("bodies.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    name: Mapped[str | None] = mapped_column(sa.String(120))
    # For someone without an account: who they are ("Independent HR adviser").
    description: Mapped[str | None] = mapped_column(sa.String(200))
    role: Mapped[str] = mapped_column(sa.String(20), default=MemberRole.MEMBER.value)
    seat_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("seats.id", ondelete="SET NULL"), index=True
    )
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    body: Mapped[Body] = relationship()
    user: Mapped[User | None] = relationship()
    seat: Mapped[Seat | None] = relationship()

    @property
    def display_name(self) -> str:
        return self.user.name if self.user is not None else (self.name or "")

    @property
    def role_label(self) -> str:
        return MemberRole(self.role).label


class Seat(db.Model):
    """Places on a body that must be held by a kind of person: "at least one service user
    governor". Members are put in a seat; pre-agreed deputies stand in when they cannot."""

    __tablename__ = "seats"
    __table_args__ = (
        enum_check("requirement", Requirement),
        sa.CheckConstraint("required >= 1 AND required <= 50", name="required_range"),
        sa.UniqueConstraint("body_id", "requirement", name="uq_seats_body_requirement"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(sa.ForeignKey("bodies.id"), index=True)
    requirement: Mapped[str] = mapped_column(sa.String(30))
    required: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    body: Mapped[Body] = relationship(back_populates="seats")
    deputies: Mapped[list[SeatDeputy]] = relationship(
        back_populates="seat", order_by="SeatDeputy.position", cascade="all, delete-orphan"
    )

    @property
    def name(self) -> str:
        return Requirement(self.requirement).singular

    @property
    def describe(self) -> str:
        return Requirement(self.requirement).describe(self.required)


class SeatDeputy(db.Model):
    """Someone agreed in advance to stand in for a seat's holder, in order of preference."""

    __tablename__ = "seat_deputies"
    __table_args__ = (
        sa.UniqueConstraint("seat_id", "user_id", name="uq_seat_deputies_seat_user"),
        sa.CheckConstraint("position >= 1", name="position_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    seat_id: Mapped[int] = mapped_column(sa.ForeignKey("seats.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    position: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    seat: Mapped[Seat] = relationship(back_populates="deputies")
    user: Mapped[User] = relationship()


class JoinStatus(StrEnum):
    WAITING = "waiting"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return JOIN_STATUS_LABELS[self]


JOIN_STATUS_LABELS = {
    JoinStatus.WAITING: "Waiting for an answer",
    JoinStatus.ACCEPTED: "Accepted",
    JoinStatus.DECLINED: "Declined",
    JoinStatus.WITHDRAWN: "Withdrawn",
}


class JoinRequest(db.Model):
    """A governor asks to sit on a body, saying why; the secretary answers with a reason."""

    __tablename__ = "join_requests"
    __table_args__ = (
        enum_check("status", JoinStatus),
        sa.CheckConstraint("length(trim(reason)) > 0", name="reason_not_blank"),
        sa.CheckConstraint(
            "status IN ('waiting', 'withdrawn') OR "
            "(answered_at IS NOT NULL AND answered_by_id IS NOT NULL AND answer IS NOT NULL)",
            name="answered_with_reason",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(sa.ForeignKey("bodies.id"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    reason: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(10), default=JoinStatus.WAITING.value)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    answer: Mapped[str | None] = mapped_column(sa.Text)

    body: Mapped[Body] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])

    @property
    def status_label(self) -> str:
        return JoinStatus(self.status).label
