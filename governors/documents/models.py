"""Uploaded documents: stored outside static/, served only through a permission check."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from governors.extensions import db
from governors.people.models import User
from governors.timeutil import UTCDateTime, utcnow


class Document(db.Model):
    __tablename__ = "documents"
    __table_args__ = (sa.CheckConstraint("size_bytes > 0", name="not_empty"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Random name on disk, so nothing about the file can be guessed from a URL.
    storage_key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    filename: Mapped[str] = mapped_column(sa.String(255))
    content_type: Mapped[str] = mapped_column(sa.String(120))
    size_bytes: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    uploaded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    uploaded_by: Mapped[User] = relationship()


class HeldUpload(db.Model):
    """A file sent with a form that came back with a problem, kept so it need not be
    chosen again. It is let go once the form is saved, and forgotten after a day."""

    __tablename__ = "held_uploads"

    document_id: Mapped[int] = mapped_column(
        sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    held_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    document: Mapped[Document] = relationship()


class StoredFile(db.Model):
    """An uploaded file's bytes, kept in the database when ``STORAGE=database`` so that
    every app server reads the same papers (``governors.storage``). Written in the same
    transaction as the file's :class:`Document`, so neither is ever kept without the other."""

    __tablename__ = "stored_files"

    key: Mapped[str] = mapped_column(sa.String(255), primary_key=True)
    data: Mapped[bytes] = mapped_column(sa.LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
