"""The council's glossary: the terms governors meet in papers, each with a plain meaning."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from governors.extensions import db
from governors.people.models import User
from governors.timeutil import UTCDateTime, utcnow


class GlossaryTerm(db.Model):
    __tablename__ = "glossary_terms"
    __table_args__ = (
        sa.CheckConstraint("length(trim(term)) > 0", name="term_not_blank"),
        sa.CheckConstraint("length(trim(meaning)) > 0", name="meaning_not_blank"),
        sa.CheckConstraint("key = lower(trim(term))", name="key_is_term"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # "CQC", "Clear days": as it is written in papers.
    term: Mapped[str] = mapped_column(sa.String(80))
    # The term in lower case: one entry per term whatever its capitals.
    key: Mapped[str] = mapped_column(sa.String(80), unique=True)
    # An acronym in full: "Care Quality Commission".
    spelled_out: Mapped[str | None] = mapped_column(sa.String(200))
    # What it means, in plain words.
    meaning: Mapped[str] = mapped_column(sa.String(1000))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    updated_by: Mapped[User | None] = relationship()
