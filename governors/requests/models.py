"""Governors' requests to put a matter on the Council's agenda."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from governors.agendas.rules import Part, Purpose
from governors.constraints import enum_check
from governors.documents.models import Document
from governors.extensions import db
from governors.people.models import User
from governors.requests.clear_days import Counting, Nation
from governors.requests.rules import RequestStatus
from governors.timeutil import UTCDateTime, utcnow

if TYPE_CHECKING:
    from governors.meetings.models import Meeting


# What is fixed at the moment of receipt and may never be edited afterwards.
RECEIPT_FIELDS = (
    "received_at",
    "rule_days",
    "rule_counting",
    "rule_nation",
    "rule_cutoff",
    "deadline",
    "clear_days",
    "in_time",
    "proposer_id",
)


class AgendaRequest(db.Model):
    __tablename__ = "agenda_requests"
    __table_args__ = (
        enum_check("status", RequestStatus),
        enum_check("purpose", Purpose.askable()),
        # The part of the meeting the governor asked for.
        enum_check("session", Part),
        enum_check("rule_counting", Counting),
        enum_check("rule_nation", Nation),
        sa.CheckConstraint(
            "session = 'public' OR length(trim(coalesce(private_reason, ''))) > 0",
            name="private_has_reason",
        ),
        sa.CheckConstraint(
            "status NOT IN ('declined', 'deferred') "
            "OR length(trim(coalesce(decision_reason, ''))) > 0",
            name="decline_defer_has_reason",
        ),
        sa.CheckConstraint(
            "status <> 'deferred' OR deferred_to_id IS NOT NULL", name="deferred_has_meeting"
        ),
        sa.CheckConstraint("length(trim(title)) > 0", name="title_not_blank"),
        sa.CheckConstraint("clear_days >= 0", name="clear_days_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id"), index=True)
    proposer_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    purpose: Mapped[str] = mapped_column(sa.String(10))
    session: Mapped[str] = mapped_column(sa.String(10), default=Part.PUBLIC.value)
    private_reason: Mapped[str | None] = mapped_column(sa.Text)
    supporting_info: Mapped[str] = mapped_column(sa.Text, default="")

    # Receipt: the server's clock and the rule in force, recorded once.
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    rule_days: Mapped[int]
    rule_counting: Mapped[str] = mapped_column(sa.String(10))
    rule_nation: Mapped[str] = mapped_column(sa.String(20))
    rule_cutoff: Mapped[time | None] = mapped_column(sa.Time)
    deadline: Mapped[date]
    clear_days: Mapped[int]
    in_time: Mapped[bool]
    response_due: Mapped[date] = mapped_column(index=True)

    status: Mapped[str] = mapped_column(
        sa.String(10), default=RequestStatus.SUBMITTED.value, index=True
    )
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    decision_reason: Mapped[str | None] = mapped_column(sa.Text)
    deferred_to_id: Mapped[int | None] = mapped_column(sa.ForeignKey("meetings.id"))

    meeting: Mapped[Meeting] = relationship(foreign_keys=[meeting_id])
    deferred_to: Mapped[Meeting | None] = relationship(foreign_keys=[deferred_to_id])
    proposer: Mapped[User] = relationship(foreign_keys=[proposer_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    events: Mapped[list[RequestEvent]] = relationship(
        back_populates="request", order_by="RequestEvent.id", cascade="all, delete-orphan"
    )
    documents: Mapped[list[Document]] = relationship(secondary="agenda_request_documents")

    @property
    def is_private(self) -> bool:
        return self.session == Part.PRIVATE


@event.listens_for(AgendaRequest, "before_update")
def _receipt_is_fixed(mapper, connection, target: AgendaRequest) -> None:
    state = sa.inspect(target)
    for name in RECEIPT_FIELDS:
        if state.attrs[name].history.has_changes():
            raise RuntimeError(f"{name} is recorded at receipt and cannot be changed")


class RequestEvent(db.Model):
    """One change of a request's state, with who made it and why."""

    __tablename__ = "agenda_request_events"
    __table_args__ = (enum_check("status", RequestStatus),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        sa.ForeignKey("agenda_requests.id", ondelete="CASCADE"), index=True
    )
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(sa.String(10))
    note: Mapped[str | None] = mapped_column(sa.Text)
    meeting_id: Mapped[int | None] = mapped_column(sa.ForeignKey("meetings.id"))

    request: Mapped[AgendaRequest] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()
    meeting: Mapped[Meeting | None] = relationship()


agenda_request_documents = sa.Table(
    "agenda_request_documents",
    db.metadata,
    sa.Column(
        "request_id",
        sa.ForeignKey("agenda_requests.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("document_id", sa.ForeignKey("documents.id"), primary_key=True),
)
