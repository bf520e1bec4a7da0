"""Questions to the board: who asked what of whom, from which agenda item, when it was
passed on, when it is due, the answer and who gave it, and whether it answered the
question. A follow-up is a new question linked to the one it follows."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from governors.agendas.models import AgendaItem
from governors.constraints import enum_check
from governors.extensions import db
from governors.meetings.models import Meeting
from governors.people.models import User
from governors.questions.rules import QuestionStatus
from governors.timeutil import UTCDateTime, to_local, utcnow


class Question(db.Model):
    """A governor's question to the board (``to_ned`` empty) or to a named non-executive
    director. Late is never stored: it follows from ``due_on``, the answer and today."""

    __tablename__ = "questions"
    __table_args__ = (
        enum_check("status", QuestionStatus),
        sa.CheckConstraint("length(trim(text)) > 0", name="text_not_blank"),
        sa.CheckConstraint("NOT (private AND public)", name="private_never_public"),
        sa.CheckConstraint("item_id IS NULL OR meeting_id IS NOT NULL", name="item_has_meeting"),
        sa.CheckConstraint(
            "(status = 'asked' AND routed_at IS NULL AND due_on IS NULL)"
            " OR (status <> 'asked' AND routed_at IS NOT NULL AND due_on IS NOT NULL)",
            name="routed_has_due_date",
        ),
        sa.CheckConstraint(
            "status <> 'answered' OR (answered_at IS NOT NULL"
            " AND length(trim(coalesce(answer, ''))) > 0"
            " AND (answered_by_id IS NOT NULL"
            " OR length(trim(coalesce(answered_by_name, ''))) > 0))",
            name="answered_in_full",
        ),
        sa.CheckConstraint(
            "status = 'answered' OR (answer IS NULL AND answered_at IS NULL)",
            name="unanswered_has_no_answer",
        ),
        sa.CheckConstraint(
            "answered_question IS NULL OR status = 'answered'", name="verdict_after_answer"
        ),
        sa.CheckConstraint(
            "(answered_question IS NULL) = (verdict_at IS NULL)", name="verdict_has_time"
        ),
        sa.CheckConstraint(
            "follow_up_of_id IS NULL OR follow_up_of_id <> id", name="not_its_own_follow_up"
        ),
        sa.Index("ix_questions_status_due", "status", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    asker_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    text: Mapped[str] = mapped_column(sa.String(2000))
    # The non-executive director it is put to; empty for the board as a whole.
    to_ned_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    # Where it was asked from: a meeting and, when asked from its agenda, the item.
    meeting_id: Mapped[int | None] = mapped_column(sa.ForeignKey("meetings.id"), index=True)
    item_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("agenda_items.id", ondelete="SET NULL"), index=True
    )
    # Asked from an item of the meeting's private part: private in every channel.
    private: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # The asker agrees it may be published with its answer.
    public: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    status: Mapped[str] = mapped_column(sa.String(10), default=QuestionStatus.ASKED.value)
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    routed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    routed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    due_on: Mapped[date | None] = mapped_column(sa.Date)
    answer: Mapped[str | None] = mapped_column(sa.String(4000))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Who answered: a person with an account, or as the secretary names them
    # ("Chief Executive").
    answered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    answered_by_name: Mapped[str | None] = mapped_column(sa.String(120))
    answer_recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    # The asker's verdict: did the answer answer the question?
    answered_question: Mapped[bool | None]
    verdict_comment: Mapped[str | None] = mapped_column(sa.String(1000))
    verdict_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    follow_up_of_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("questions.id", ondelete="SET NULL"), index=True
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    asker: Mapped[User] = relationship(foreign_keys=[asker_id])
    to_ned: Mapped[User | None] = relationship(foreign_keys=[to_ned_id])
    meeting: Mapped[Meeting | None] = relationship()
    item: Mapped[AgendaItem | None] = relationship()
    routed_by: Mapped[User | None] = relationship(foreign_keys=[routed_by_id])
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])
    answer_recorded_by: Mapped[User | None] = relationship(foreign_keys=[answer_recorded_by_id])
    follow_up_of: Mapped[Question | None] = relationship(
        remote_side=[id], back_populates="follow_ups"
    )
    follow_ups: Mapped[list[Question]] = relationship(
        back_populates="follow_up_of", order_by="Question.id"
    )

    @property
    def is_answered(self) -> bool:
        return self.status == QuestionStatus.ANSWERED

    @property
    def from_private_part(self) -> bool:
        """Asked from a private-part item, or from one that has since moved there."""
        return self.private or (self.item is not None and self.item.is_private)

    @property
    def published(self) -> bool:
        """Answered, and the asker agreed it may be public: anyone may read it."""
        return self.is_answered and self.public and not self.from_private_part

    @property
    def answered_on(self) -> date | None:
        return to_local(self.answered_at).date() if self.answered_at else None

    @property
    def addressee(self) -> str:
        return self.to_ned.name if self.to_ned is not None else "The board"

    @property
    def answerer(self) -> str:
        """Who answered, in words."""
        if self.answered_by is not None:
            return self.answered_by.name
        return self.answered_by_name or ""

    @property
    def reference(self) -> str:
        """How lists, emails and the audit log name it: by number, never by its text."""
        return f"question {self.id}"
