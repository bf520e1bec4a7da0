"""Outgoing email, queued in the same transaction as the change that caused it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from governors.constraints import enum_check
from governors.extensions import db
from governors.timeutil import UTCDateTime, utcnow


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class OutboxMessage(db.Model):
    """One email. ``pending`` until sent; ``failed`` once every attempt has failed: the
    message is then parked, and waits until the secretary asks for it to be tried again."""

    __tablename__ = "outbox_messages"
    __table_args__ = (
        enum_check("status", OutboxStatus),
        sa.CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        sa.Index("ix_outbox_messages_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    to_address: Mapped[str] = mapped_column(sa.String(254))
    subject: Mapped[str] = mapped_column(sa.String(200))
    body_text: Mapped[str] = mapped_column(sa.Text)
    # Attachments such as .ics invitations, kept small; null for plain messages.
    attachment_name: Mapped[str | None] = mapped_column(sa.String(120))
    attachment_type: Mapped[str | None] = mapped_column(sa.String(80))
    attachment_data: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    status: Mapped[str] = mapped_column(sa.String(10), default=OutboxStatus.PENDING.value)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SentReminder(db.Model):
    """That a reminder for one person and one period has been queued, so running the
    reminders again in the same period sends nothing twice. ``key`` names what the reminder
    is about, whom it is for and its period, such as ``interests:return:12:2027-04-01``."""

    __tablename__ = "sent_reminders"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(200), unique=True)
    message_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("outbox_messages.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MailServerStatus(db.Model):
    """Whether the mail server could be reached, kept in one row (``id`` 1) that exists once
    it first could not be. While it cannot be reached, no message is tried (and none uses
    up an attempt): the queue waits, in order, and the server is tried again at
    ``next_try_at``, after a wait that grows from 1 to 15 minutes."""

    __tablename__ = "mail_server_status"
    __table_args__ = (sa.CheckConstraint("failures >= 0", name="failures_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # When the present outage began; null while the server answers.
    down_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failures: Mapped[int] = mapped_column(default=0)  # tries in a row that failed
    last_failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(sa.Text)  # in plain words
    next_try_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
