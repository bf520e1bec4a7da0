"""The register of interests: each person's entries, their yearly returns, and their
answers, before a meeting, about agenda items that mention an organisation they listed."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from governors.agendas.models import AgendaItem
from governors.constraints import enum_check
from governors.extensions import db
from governors.people.models import User
from governors.timeutil import UTCDateTime, utcnow


class InterestKind(StrEnum):
    FINANCIAL = "financial"
    PROFESSIONAL = "professional"
    PERSONAL = "personal"
    INDIRECT = "indirect"

    @property
    def label(self) -> str:
        return INTEREST_KINDS[self][0]

    @property
    def hint(self) -> str:
        return INTEREST_KINDS[self][1]


INTEREST_KINDS = {
    InterestKind.FINANCIAL: (
        "Financial",
        "You could gain or lose money: a job, a directorship, shares, a contract.",
    ),
    InterestKind.PROFESSIONAL: (
        "Professional",
        "Through your work or a position you hold, paid or not: for example a trustee.",
    ),
    InterestKind.PERSONAL: (
        "Personal",
        "A membership, a cause you campaign for, or care you or your family receive.",
    ),
    InterestKind.INDIRECT: (
        "Indirect",
        "Through someone close to you, such as a partner or relative.",
    ),
}


class Interest(db.Model):
    """One entry in a person's register: an interest they hold, or held, in an organisation."""

    __tablename__ = "interests"
    __table_args__ = (
        enum_check("kind", InterestKind),
        sa.CheckConstraint("length(trim(organisation)) > 0", name="organisation_not_blank"),
        sa.CheckConstraint("length(trim(description)) > 0", name="description_not_blank"),
        sa.CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(15))
    organisation: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.String(1000))
    starts_on: Mapped[date] = mapped_column(sa.Date)
    ends_on: Mapped[date | None] = mapped_column(sa.Date)
    # The public register says an interest exists, without its detail.
    sensitive: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship()

    @property
    def kind_label(self) -> str:
        return InterestKind(self.kind).label

    def in_force(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or self.ends_on >= day)


class InterestReturn(db.Model):
    """A person's yearly confirmation that their register is complete, or that they have
    nothing to declare."""

    __tablename__ = "interest_returns"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    made_on: Mapped[date] = mapped_column(sa.Date)
    nothing_to_declare: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    made_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CheckAnswer(StrEnum):
    # The member will declare the interest at the meeting.
    DECLARE = "declare"
    # The item does not touch the interest.
    NONE = "none"

    @property
    def label(self) -> str:
        return CHECK_ANSWERS[self]


CHECK_ANSWERS = {
    CheckAnswer.DECLARE: "I will declare an interest on this item",
    CheckAnswer.NONE: "I have no interest to declare on this item",
}


class InterestCheck(db.Model):
    """A member's answer, before a meeting, about an item that mentions an organisation in
    their register."""

    __tablename__ = "interest_checks"
    __table_args__ = (
        enum_check("answer", CheckAnswer),
        sa.UniqueConstraint("item_id", "user_id", name="uq_interest_checks_item_user"),
        sa.CheckConstraint(
            "answer <> 'declare' OR length(trim(coalesce(note, ''))) > 0",
            name="declare_says_what",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        sa.ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    interest_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("interests.id", ondelete="SET NULL")
    )
    answer: Mapped[str] = mapped_column(sa.String(10))
    # What the interest is, as the member will declare it.
    note: Mapped[str | None] = mapped_column(sa.String(500))
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    item: Mapped[AgendaItem] = relationship()
    user: Mapped[User] = relationship()
    interest: Mapped[Interest | None] = relationship()
