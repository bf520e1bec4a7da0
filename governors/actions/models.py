"""Actions: raised at a meeting (from a minuted item) or on their own, with their owners,
every change made to them, and every time they were chased."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from governors.actions.rules import ActionStatus
from governors.agendas.models import AgendaItem
from governors.bodies.models import Body
from governors.constraints import enum_check
from governors.documents.models import Document
from governors.extensions import db
from governors.meetings.models import Meeting
from governors.people.models import User
from governors.timeutil import UTCDateTime, utcnow


class Action(db.Model):
    """Something a body asked to be done, by when, and by whom. Overdue is never stored:
    it follows from the due date, the status and today (``rules.is_overdue``)."""

    __tablename__ = "actions"
    __table_args__ = (
        enum_check("status", ActionStatus),
        sa.CheckConstraint("length(trim(description)) > 0", name="description_not_blank"),
        sa.CheckConstraint(
            "status <> 'done' OR length(trim(coalesce(outcome, ''))) > 0", name="done_says_what"
        ),
        sa.CheckConstraint(
            "status <> 'dropped' OR length(trim(coalesce(drop_reason, ''))) > 0",
            name="dropped_says_why",
        ),
        sa.CheckConstraint(
            "(status IN ('done', 'dropped')) = (closed_at IS NOT NULL)", name="closed_when_closed"
        ),
        sa.CheckConstraint("item_id IS NULL OR meeting_id IS NOT NULL", name="item_has_meeting"),
        sa.Index("ix_actions_status_due", "status", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(sa.ForeignKey("bodies.id"), index=True)
    # Where it was raised: a meeting and, when minuted, its item.
    meeting_id: Mapped[int | None] = mapped_column(sa.ForeignKey("meetings.id"), index=True)
    item_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("agenda_items.id", ondelete="SET NULL"), index=True
    )
    # Raised on an item of a meeting's private part: private in every channel.
    private: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    description: Mapped[str] = mapped_column(sa.String(2000))
    due_on: Mapped[date] = mapped_column(sa.Date)
    # The due date it was given when raised; kept when the due date moves.
    original_due_on: Mapped[date] = mapped_column(sa.Date)
    status: Mapped[str] = mapped_column(sa.String(12), default=ActionStatus.OPEN.value)
    # Progress so far, kept up to date by the owners.
    progress: Mapped[str | None] = mapped_column(sa.String(4000))
    # What was done (when done), or why it was dropped.
    outcome: Mapped[str | None] = mapped_column(sa.String(4000))
    drop_reason: Mapped[str | None] = mapped_column(sa.String(2000))
    evidence_id: Mapped[int | None] = mapped_column(sa.ForeignKey("documents.id"))
    # The question to the board whose answer it follows up, when it does.
    question_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("questions.id", ondelete="SET NULL"), index=True
    )
    raised_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    body: Mapped[Body] = relationship()
    meeting: Mapped[Meeting | None] = relationship()
    item: Mapped[AgendaItem | None] = relationship()
    evidence: Mapped[Document | None] = relationship()
    question: Mapped[Any] = relationship("Question")
    raised_by: Mapped[User] = relationship()
    owners: Mapped[list[ActionOwner]] = relationship(
        back_populates="action", cascade="all, delete-orphan", order_by="ActionOwner.id"
    )

    @property
    def status_label(self) -> str:
        return ActionStatus(self.status).label

    @property
    def is_open(self) -> bool:
        return ActionStatus(self.status).is_open

    @property
    def owner_names(self) -> str:
        return ", ".join(owner.display_name for owner in self.owners)


class ActionOwner(db.Model):
    """Someone who owns an action: a person with an account, or someone named by email."""

    __tablename__ = "action_owners"
    __table_args__ = (
        sa.CheckConstraint(
            "(user_id IS NULL) <> (name IS NULL AND email IS NULL)", name="person_or_named"
        ),
        sa.CheckConstraint("(name IS NULL) = (email IS NULL)", name="named_with_email"),
        sa.UniqueConstraint("action_id", "user_id", name="uq_action_owners_action_user"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(
        sa.ForeignKey("actions.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    name: Mapped[str | None] = mapped_column(sa.String(120))
    email: Mapped[str | None] = mapped_column(sa.String(254))

    action: Mapped[Action] = relationship(back_populates="owners")
    user: Mapped[User | None] = relationship()

    @property
    def display_name(self) -> str:
        return self.user.name if self.user is not None else self.name or ""

    @property
    def address(self) -> str:
        return self.user.email if self.user is not None else self.email or ""


class ActionUpdate(db.Model):
    """One change to an action: who, when, what changed (before and after) and their note."""

    __tablename__ = "action_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(
        sa.ForeignKey("actions.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    summary: Mapped[str] = mapped_column(sa.String(500))
    changes: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)

    actor: Mapped[User] = relationship()


class ActionChase(db.Model):
    """A chase: an email to the action's owners asking for news."""

    __tablename__ = "action_chases"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(
        sa.ForeignKey("actions.id", ondelete="CASCADE"), index=True
    )
    chased_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recipients: Mapped[int]
    note: Mapped[str | None] = mapped_column(sa.String(1000))

    chased_by: Mapped[User] = relationship()
