"""The council's own settings: one row, edited by the secretary."""

from __future__ import annotations

from datetime import datetime, time

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from governors.constraints import enum_check
from governors.extensions import db
from governors.requests.clear_days import ClearDaysRule, Counting, Nation
from governors.risks.rules import DEFAULT_THRESHOLDS, Thresholds
from governors.timeutil import UTCDateTime, utcnow


class CouncilSettings(db.Model):
    __tablename__ = "council_settings"
    __table_args__ = (
        sa.CheckConstraint("id = 1", name="single_row"),
        sa.CheckConstraint("clear_days >= 0 AND clear_days <= 60", name="clear_days_range"),
        enum_check("counting", Counting),
        enum_check("nation", Nation),
        sa.CheckConstraint("response_days >= 1 AND response_days <= 90", name="response_range"),
        sa.CheckConstraint(
            "question_answer_days >= 1 AND question_answer_days <= 90",
            name="question_answer_range",
        ),
        sa.CheckConstraint(
            "contact_email IS NULL OR contact_email LIKE '%_@_%'", name="contact_email_shape"
        ),
        sa.CheckConstraint(
            "1 <= risk_low_top AND risk_low_top < risk_moderate_top "
            "AND risk_moderate_top < risk_high_top AND risk_high_top < 25",
            name="risk_bands_rise",
        ),
        sa.CheckConstraint(
            "health_note_months >= 1 AND health_note_months <= 120", name="note_months_range"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True, default=1)
    council_name: Mapped[str] = mapped_column(sa.String(120), default="Council of Governors")
    trust_name: Mapped[str] = mapped_column(sa.String(160), default="NHS Foundation Trust")
    clear_days: Mapped[int] = mapped_column(default=10)
    counting: Mapped[str] = mapped_column(sa.String(10), default=Counting.CALENDAR.value)
    nation: Mapped[str] = mapped_column(sa.String(20), default=Nation.ENGLAND.value)
    cutoff: Mapped[time | None] = mapped_column(sa.Time)
    # Days the chair has to answer a governor's agenda request.
    response_days: Mapped[int] = mapped_column(default=14)
    # Days the board has to answer a governor's question, from the day it is passed on.
    question_answer_days: Mapped[int] = mapped_column(default=20, server_default=sa.text("20"))
    # The public front page: how to reach the governance office, and what the public need
    # to know to come to a meeting. Each may be empty; the page then says something plain.
    contact_email: Mapped[str | None] = mapped_column(sa.String(254))
    contact_phone: Mapped[str | None] = mapped_column(sa.String(40))
    postal_address: Mapped[str | None] = mapped_column(sa.String(500))
    # Access at the usual venue, shown for any meeting that gives none of its own.
    access_info: Mapped[str | None] = mapped_column(sa.Text)
    # How the public can watch or join online when a meeting gives no public link.
    joining_online: Mapped[str | None] = mapped_column(sa.Text)
    # How a member of the public asks the governors a question.
    asking_questions: Mapped[str | None] = mapped_column(sa.Text)
    # The risk bands: the highest score of low, moderate and high; above that is extreme.
    risk_low_top: Mapped[int] = mapped_column(default=3, server_default=sa.text("3"))
    risk_moderate_top: Mapped[int] = mapped_column(default=6, server_default=sa.text("6"))
    risk_high_top: Mapped[int] = mapped_column(default=12, server_default=sa.text("12"))
    # How long a private note on a period of unavailability is kept after the period ends.
    health_note_months: Mapped[int] = mapped_column(default=12, server_default=sa.text("12"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @property
    def risk_thresholds(self) -> Thresholds:
        return Thresholds(
            low=self.risk_low_top, moderate=self.risk_moderate_top, high=self.risk_high_top
        )

    @property
    def rule(self) -> ClearDaysRule:
        return ClearDaysRule(
            days=self.clear_days, counting=self.counting, nation=self.nation, cutoff=self.cutoff
        )


DEFAULTS = {
    "council_name": "Council of Governors",
    "trust_name": "NHS Foundation Trust",
    "clear_days": 10,
    "counting": Counting.CALENDAR.value,
    "nation": Nation.ENGLAND.value,
    "cutoff": None,
    "response_days": 14,
    "question_answer_days": 20,
    "contact_email": None,
    "contact_phone": None,
    "postal_address": None,
    "access_info": None,
    "joining_online": None,
    "asking_questions": None,
    "risk_low_top": DEFAULT_THRESHOLDS.low,
    "risk_moderate_top": DEFAULT_THRESHOLDS.moderate,
    "risk_high_top": DEFAULT_THRESHOLDS.high,
    "health_note_months": 12,
}
# What the public front page shows about the council, with nothing else to do with its rules.
PUBLIC_FIELDS = (
    "contact_email",
    "contact_phone",
    "postal_address",
    "access_info",
    "joining_online",
    "asking_questions",
)


def current_settings() -> CouncilSettings:
    """The saved settings, or the defaults (not saved) until the secretary first saves them."""
    settings = db.session.get(CouncilSettings, 1)
    if settings is None:
        settings = CouncilSettings(id=1, **DEFAULTS)
    return settings
