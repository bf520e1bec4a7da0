"""The risk register: each risk's plain summary and detail, who owns it and which body
oversees it, its current, target and first scores on the 5 by 5 matrix, every change to its
score (who, when and why), and the agenda items and actions it is linked to."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from governors.actions.models import Action
from governors.agendas.models import AgendaItem
from governors.bodies.models import Body
from governors.constraints import enum_check
from governors.extensions import db
from governors.people.models import User
from governors.risks.rules import RiskStatus, risk_score
from governors.timeutil import UTCDateTime, utcnow


def _on_scale(column: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(f"{column} BETWEEN 1 AND 5", name=f"{column}_on_scale")


risk_agenda_items = sa.Table(
    "risk_agenda_items",
    db.metadata,
    sa.Column("risk_id", sa.ForeignKey("risks.id", ondelete="CASCADE"), primary_key=True),
    sa.Column(
        "item_id",
        sa.ForeignKey("agenda_items.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)

risk_actions = sa.Table(
    "risk_actions",
    db.metadata,
    sa.Column("risk_id", sa.ForeignKey("risks.id", ondelete="CASCADE"), primary_key=True),
    sa.Column(
        "action_id", sa.ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True, index=True
    ),
)


class Risk(db.Model):
    """One entry of the register. The summary leads wherever the risk is shown; the score
    is never stored, only likelihood and impact (``rules.risk_score``)."""

    __tablename__ = "risks"
    __table_args__ = (
        enum_check("status", RiskStatus),
        sa.CheckConstraint("length(trim(title)) > 0", name="title_not_blank"),
        sa.CheckConstraint("length(trim(summary)) > 0", name="summary_not_blank"),
        _on_scale("likelihood"),
        _on_scale("impact"),
        _on_scale("target_likelihood"),
        _on_scale("target_impact"),
        sa.CheckConstraint(
            "(initial_likelihood IS NULL) = (initial_impact IS NULL)", name="initial_both_or_none"
        ),
        sa.CheckConstraint(
            "initial_likelihood IS NULL OR (initial_likelihood BETWEEN 1 AND 5 "
            "AND initial_impact BETWEEN 1 AND 5)",
            name="initial_on_scale",
        ),
        sa.Index("ix_risks_status_review", "status", "review_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    # Cause, event and impact in about 60 plain words: "Because…, there is a risk that…,
    # which would mean…".
    summary: Mapped[str] = mapped_column(sa.String(1000))
    # Why the author kept the summary when it was advised to be hard to read.
    summary_reason: Mapped[str | None] = mapped_column(sa.String(1000))
    detail: Mapped[str | None] = mapped_column(sa.Text)
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    # The body that oversees it (the Council, or one of its committees).
    body_id: Mapped[int] = mapped_column(sa.ForeignKey("bodies.id"), index=True)
    status: Mapped[str] = mapped_column(sa.String(10), default=RiskStatus.OPEN.value)
    likelihood: Mapped[int]
    impact: Mapped[int]
    target_likelihood: Mapped[int]
    target_impact: Mapped[int]
    initial_likelihood: Mapped[int | None]
    initial_impact: Mapped[int | None]
    # What is in place already, and what is being done to bring the score down.
    controls: Mapped[str | None] = mapped_column(sa.Text)
    mitigations: Mapped[str | None] = mapped_column(sa.Text)
    review_on: Mapped[date] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    owner: Mapped[User] = relationship(foreign_keys=[owner_id])
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    body: Mapped[Body] = relationship()
    history: Mapped[list[RiskScoreChange]] = relationship(
        back_populates="risk",
        cascade="all, delete-orphan",
        order_by="(RiskScoreChange.changed_at, RiskScoreChange.id)",
    )
    items: Mapped[list[AgendaItem]] = relationship(secondary=risk_agenda_items)
    actions: Mapped[list[Action]] = relationship(secondary=risk_actions)

    @property
    def score(self) -> int:
        return risk_score(self.likelihood, self.impact)

    @property
    def band(self) -> str:
        """The band of its current score by the council's current thresholds."""
        from governors.risks.services import band_of

        return band_of(self.score)

    @property
    def target_score(self) -> int:
        return risk_score(self.target_likelihood, self.target_impact)

    @property
    def initial_score(self) -> int | None:
        if self.initial_likelihood is None or self.initial_impact is None:
            return None
        return risk_score(self.initial_likelihood, self.initial_impact)


class RiskScoreChange(db.Model):
    """A risk's current score as it was set: the first when the risk was entered, then
    every change, with who made it, when and why."""

    __tablename__ = "risk_score_changes"
    __table_args__ = (
        _on_scale("likelihood"),
        _on_scale("impact"),
        sa.CheckConstraint("length(trim(reason)) > 0", name="reason_not_blank"),
        sa.Index("ix_risk_score_changes_risk_changed", "risk_id", "changed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    risk_id: Mapped[int] = mapped_column(sa.ForeignKey("risks.id", ondelete="CASCADE"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    changed_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    likelihood: Mapped[int]
    impact: Mapped[int]
    reason: Mapped[str] = mapped_column(sa.String(1000))

    risk: Mapped[Risk] = relationship(back_populates="history")
    changed_by: Mapped[User] = relationship()

    @property
    def score(self) -> int:
        return risk_score(self.likelihood, self.impact)
