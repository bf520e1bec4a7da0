"""The minute of each agenda item, and every revision of it ever saved."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from governors.agendas.models import AgendaItem
from governors.attendance.rules import CASTING_VOTES, vote_carried
from governors.constraints import enum_check
from governors.extensions import db
from governors.people.models import User
from governors.timeutil import UTCDateTime, utcnow

if TYPE_CHECKING:
    from governors.meetings.models import Meeting

_CASTING = ", ".join(f"'{value}'" for value in CASTING_VOTES)
# A vote is all three counts or none of them; counts are never negative.
_VOTE_CHECKS = (
    sa.CheckConstraint(
        "(votes_for IS NULL) = (votes_against IS NULL) "
        "AND (votes_for IS NULL) = (votes_abstaining IS NULL)",
        name="vote_whole",
    ),
    sa.CheckConstraint(
        "votes_for IS NULL OR (votes_for >= 0 AND votes_against >= 0 AND votes_abstaining >= 0)",
        name="votes_not_negative",
    ),
    sa.CheckConstraint(
        f"casting_vote IS NULL OR (votes_for IS NOT NULL AND casting_vote IN ({_CASTING}))",
        name="casting_vote_valid",
    ),
)


class _MinuteText:
    """What a minute says, as both the minute and each of its revisions keep it."""

    presented_by: Mapped[str | None] = mapped_column(sa.String(200))
    discussion: Mapped[str | None] = mapped_column(sa.Text)
    decisions: Mapped[str | None] = mapped_column(sa.Text)
    votes_for: Mapped[int | None]
    votes_against: Mapped[int | None]
    votes_abstaining: Mapped[int | None]
    casting_vote: Mapped[str | None] = mapped_column(sa.String(10))

    @property
    def voted(self) -> bool:
        return self.votes_for is not None

    @property
    def carried(self) -> bool | None:
        """Derived from the counts, never stored: None when no vote was taken."""
        if self.votes_for is None or self.votes_against is None:
            return None
        return vote_carried(self.votes_for, self.votes_against, casting_vote=self.casting_vote)


class Minute(_MinuteText, db.Model):
    __tablename__ = "minutes"
    __table_args__ = (
        *(sa.CheckConstraint(c.sqltext, name=c.name) for c in _VOTE_CHECKS),
        sa.CheckConstraint("revision >= 1", name="revision_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[int] = mapped_column(
        sa.ForeignKey("agenda_items.id", ondelete="CASCADE"), unique=True
    )
    # Goes up with every save; a save made from an older revision is refused.
    revision: Mapped[int] = mapped_column(default=1)
    updated_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    item: Mapped[AgendaItem] = relationship()
    updated_by: Mapped[User] = relationship()
    revisions: Mapped[list[MinuteRevision]] = relationship(
        back_populates="minute", order_by="MinuteRevision.revision", cascade="all, delete-orphan"
    )


class MinuteRevision(_MinuteText, db.Model):
    """A minute as one save left it: kept for good."""

    __tablename__ = "minute_revisions"
    __table_args__ = (
        *(sa.CheckConstraint(c.sqltext, name=c.name) for c in _VOTE_CHECKS),
        sa.UniqueConstraint("minute_id", "revision", name="uq_minute_revisions_minute_revision"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    minute_id: Mapped[int] = mapped_column(
        sa.ForeignKey("minutes.id", ondelete="CASCADE"), index=True
    )
    revision: Mapped[int]
    saved_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    minute: Mapped[Minute] = relationship(back_populates="revisions")
    saved_by: Mapped[User] = relationship()


class MinutesStatus(StrEnum):
    DRAFT = "draft"
    CIRCULATED = "circulated"
    APPROVED = "approved"

    @property
    def label(self) -> str:
        return MINUTES_STATUS_LABELS[self]


MINUTES_STATUS_LABELS = {
    MinutesStatus.DRAFT: "Draft, not yet circulated",
    MinutesStatus.CIRCULATED: "Circulated to members for comment",
    MinutesStatus.APPROVED: "Approved",
}


class Approval(StrEnum):
    TRUE_RECORD = "true_record"
    WITH_AMENDMENTS = "with_amendments"

    @property
    def label(self) -> str:
        return APPROVAL_LABELS[self]


APPROVAL_LABELS = {
    Approval.TRUE_RECORD: "Approved as a true record",
    Approval.WITH_AMENDMENTS: "Approved with amendments",
}


class MinutesRecord(db.Model):
    """Where a meeting's minutes stand: draft, circulated for comment, or approved at a
    later meeting of the same body (and from then on locked)."""

    __tablename__ = "minutes_records"
    __table_args__ = (
        enum_check("status", MinutesStatus),
        enum_check("approval", Approval),
        sa.CheckConstraint("status = 'draft' OR circulated_at IS NOT NULL", name="circulated_when"),
        sa.CheckConstraint(
            "(status = 'approved') = (approved_at IS NOT NULL AND approved_at_meeting_id "
            "IS NOT NULL AND approval IS NOT NULL)",
            name="approved_with_meeting",
        ),
        sa.CheckConstraint(
            "approval IS NULL OR approval = 'true_record' OR amendments IS NOT NULL",
            name="amendments_named",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), unique=True
    )
    status: Mapped[str] = mapped_column(sa.String(12), default=MinutesStatus.DRAFT.value)
    circulated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    circulated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_at_meeting_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("meetings.id"), index=True
    )
    approval: Mapped[str | None] = mapped_column(sa.String(20))
    # "Approved with these amendments": the amendments the meeting agreed, in words.
    amendments: Mapped[str | None] = mapped_column(sa.Text)
    # What the minutes' PDFs show, frozen when they are circulated and again when they are
    # approved (or amended after): see ``minutes.snapshot``. The PDFs are made from it once.
    snapshot: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    pdf_public: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    pdf_full: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)

    meeting: Mapped[Meeting] = relationship(foreign_keys=[meeting_id])
    approved_at_meeting: Mapped[Meeting | None] = relationship(
        foreign_keys=[approved_at_meeting_id]
    )

    @property
    def status_label(self) -> str:
        return MinutesStatus(self.status).label

    @property
    def locked(self) -> bool:
        return self.status == MinutesStatus.APPROVED

    @property
    def approval_label(self) -> str:
        return Approval(self.approval).label if self.approval else ""


class MinutesResponse(db.Model):
    """A member's answer to circulated minutes: a comment on an item, or "no comments"."""

    __tablename__ = "minutes_responses"
    __table_args__ = (
        sa.CheckConstraint(
            "(no_comments AND comment IS NULL AND item_id IS NULL) "
            "OR (NOT no_comments AND comment IS NOT NULL)",
            name="comment_or_none",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(
        sa.ForeignKey("minutes_records.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    item_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("agenda_items.id", ondelete="CASCADE")
    )
    comment: Mapped[str | None] = mapped_column(sa.Text)
    no_comments: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()
    item: Mapped[AgendaItem | None] = relationship()


class MinuteAmendment(db.Model):
    """A correction to approved minutes: who, when, why, and the text before and after.
    Approved minutes are never edited silently."""

    __tablename__ = "minute_amendments"
    __table_args__ = (sa.CheckConstraint("length(trim(reason)) > 0", name="reason_given"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    minute_id: Mapped[int] = mapped_column(
        sa.ForeignKey("minutes.id", ondelete="CASCADE"), index=True
    )
    amended_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    amended_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reason: Mapped[str] = mapped_column(sa.Text)
    old_discussion: Mapped[str | None] = mapped_column(sa.Text)
    new_discussion: Mapped[str | None] = mapped_column(sa.Text)
    old_decisions: Mapped[str | None] = mapped_column(sa.Text)
    new_decisions: Mapped[str | None] = mapped_column(sa.Text)

    amended_by: Mapped[User] = relationship()


class MinuteDraft(db.Model):
    """What someone typed into a minute when their session had ended, kept on the server
    until they sign in again and save it (or discard it). One per person and item."""

    __tablename__ = "minute_drafts"
    __table_args__ = (sa.UniqueConstraint("item_id", "user_id", name="uq_minute_drafts_item_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        sa.ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    # The form's fields as they were typed (text only), by field name.
    fields: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    kept_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
