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
from governors.requests.rules import Presenter, RequestStatus
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
        enum_check("presenter_choice", Presenter),
        sa.CheckConstraint(
            "presenter_choice <> 'other' OR length(trim(coalesce(presenter_name, ''))) > 0",
            name="other_presenter_named",
        ),
        sa.CheckConstraint(
            "session = 'public' OR length(trim(coalesce(private_reason, ''))) > 0",
            name="private_has_reason",
        ),
        sa.CheckConstraint(
            "status NOT IN ('declined', 'deferred', 'more_info') "
            "OR length(trim(coalesce(decision_reason, ''))) > 0",
            name="answer_has_reason",
        ),
        sa.CheckConstraint(
            "status <> 'deferred' OR deferred_to_id IS NOT NULL", name="deferred_has_meeting"
        ),
        sa.CheckConstraint("length(trim(title)) > 0", name="title_not_blank"),
        sa.CheckConstraint("clear_days >= 0", name="clear_days_not_negative"),
        # The form's one-time key: the same form sent twice makes one request.
        sa.UniqueConstraint("proposer_id", "submission_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id"), index=True)
    proposer_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    # A random key the request form carries, so a double-submitted form is stored once.
    submission_key: Mapped[str | None] = mapped_column(sa.String(64))
    purpose: Mapped[str] = mapped_column(sa.String(10))
    session: Mapped[str] = mapped_column(sa.String(10), default=Part.PUBLIC.value)
    private_reason: Mapped[str | None] = mapped_column(sa.Text)
    # The governor's note to the chair and secretary: never published. What the agenda
    # says about the item is written by whoever accepts it (the agenda item's description).
    note_to_chair: Mapped[str] = mapped_column(sa.Text, default="")
    presenter_choice: Mapped[str] = mapped_column(
        sa.String(10), default=Presenter.SELF.value, server_default=Presenter.SELF.value
    )
    presenter_name: Mapped[str | None] = mapped_column(sa.String(120))
    # A governor who asked for support to present: when the secretary arranged it.
    support_arranged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    support_arranged_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

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
    support_arranged_by: Mapped[User | None] = relationship(foreign_keys=[support_arranged_by_id])
    events: Mapped[list[RequestEvent]] = relationship(
        back_populates="request", order_by="RequestEvent.id", cascade="all, delete-orphan"
    )
    papers: Mapped[list[RequestPaper]] = relationship(
        back_populates="request",
        order_by="RequestPaper.document_id",
        cascade="all, delete-orphan",
    )
    # Read only: papers are added and removed through ``papers``.
    documents: Mapped[list[Document]] = relationship(
        secondary="agenda_request_documents", viewonly=True, order_by="Document.id"
    )

    @property
    def is_private(self) -> bool:
        return self.session == Part.PRIVATE

    @property
    def wants_support(self) -> bool:
        return self.presenter_choice == Presenter.SUPPORT

    def publishable_documents(self) -> list[Document]:
        """The papers the governor agreed may be published with the agenda."""
        return [paper.document for paper in self.papers if paper.may_publish]


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
    # A change the governor made to their request, in plain words; None for a decision.
    changed: Mapped[str | None] = mapped_column(sa.Text)

    request: Mapped[AgendaRequest] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()
    meeting: Mapped[Meeting | None] = relationship()


class RequestPaper(db.Model):
    """A paper sent with a request, and whether the governor agreed it may be published."""

    __tablename__ = "agenda_request_documents"

    request_id: Mapped[int] = mapped_column(
        sa.ForeignKey("agenda_requests.id", ondelete="CASCADE"), primary_key=True
    )
    document_id: Mapped[int] = mapped_column(sa.ForeignKey("documents.id"), primary_key=True)
    may_publish: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    request: Mapped[AgendaRequest] = relationship(back_populates="papers")
    document: Mapped[Document] = relationship()


agenda_request_documents = RequestPaper.__table__
