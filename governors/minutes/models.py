"""The minute of each agenda item, and every revision of it ever saved."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from governors.agendas.models import AgendaItem
from governors.attendance.rules import CASTING_VOTES, vote_carried
from governors.extensions import db
from governors.people.models import User
from governors.timeutil import UTCDateTime, utcnow

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
        name="casting_vote_known",
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
