"""Who came to a meeting: the register, and declarations of interest made on its items."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from governors.agendas.models import AgendaItem
from governors.constraints import enum_check
from governors.extensions import db
from governors.people.models import User
from governors.timeutil import UTCDateTime, utcnow


class Presence(StrEnum):
    PRESENT = "present"
    # Present in a member's place.
    DEPUTY = "deputy"
    APOLOGIES = "apologies"
    ABSENT = "absent"
    # Attends without being a member: a director, an officer, an adviser.
    IN_ATTENDANCE = "in_attendance"

    @property
    def label(self) -> str:
        return PRESENCE_LABELS[self]

    @property
    def there(self) -> bool:
        return self in (Presence.PRESENT, Presence.DEPUTY, Presence.IN_ATTENDANCE)


PRESENCE_LABELS = {
    Presence.PRESENT: "Present",
    Presence.DEPUTY: "Present as deputy",
    Presence.APOLOGIES: "Apologies",
    Presence.ABSENT: "Absent",
    Presence.IN_ATTENDANCE: "In attendance",
}


class AttendanceRecord(db.Model):
    """One line of a meeting's register: a person with an account, or someone named."""

    __tablename__ = "attendance"
    __table_args__ = (
        enum_check("status", Presence),
        sa.UniqueConstraint("meeting_id", "user_id", name="uq_attendance_meeting_user"),
        sa.CheckConstraint("(user_id IS NULL) <> (name IS NULL)", name="person_or_name"),
        sa.CheckConstraint(
            "(status = 'deputy') = (deputy_for_id IS NOT NULL)", name="deputy_names_member"
        ),
        sa.CheckConstraint("name IS NULL OR status = 'in_attendance'", name="named_attend_only"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    name: Mapped[str | None] = mapped_column(sa.String(120))
    # Why someone in attendance is there: "Director of Finance".
    role_text: Mapped[str | None] = mapped_column(sa.String(200))
    status: Mapped[str] = mapped_column(sa.String(15))
    deputy_for_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    # The member's note to the secretary with their apologies: for the two of them only.
    message: Mapped[str | None] = mapped_column(sa.Text)
    # Arrived late: first there for this item. Left early: last there for this item.
    arrived_for_item_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("agenda_items.id", ondelete="SET NULL")
    )
    left_after_item_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("agenda_items.id", ondelete="SET NULL")
    )
    recorded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    deputy_for: Mapped[User | None] = relationship(foreign_keys=[deputy_for_id])
    arrived_for_item: Mapped[AgendaItem | None] = relationship(foreign_keys=[arrived_for_item_id])
    left_after_item: Mapped[AgendaItem | None] = relationship(foreign_keys=[left_after_item_id])

    @property
    def display_name(self) -> str:
        return self.user.name if self.user is not None else (self.name or "")

    @property
    def status_label(self) -> str:
        return Presence(self.status).label


class DeclarationAction(StrEnum):
    STAYED = "stayed"
    LEFT = "left"
    DID_NOT_VOTE = "did_not_vote"

    @property
    def label(self) -> str:
        return DECLARATION_ACTION_LABELS[self]


DECLARATION_ACTION_LABELS = {
    DeclarationAction.STAYED: "Stayed for the item",
    DeclarationAction.LEFT: "Left the meeting for the item",
    DeclarationAction.DID_NOT_VOTE: "Stayed but did not vote",
}


class Declaration(db.Model):
    """An interest a member declared on an item, and what they did about it."""

    __tablename__ = "declarations"
    __table_args__ = (
        enum_check("action", DeclarationAction),
        sa.UniqueConstraint("item_id", "user_id", name="uq_declarations_item_user"),
        sa.CheckConstraint("length(trim(interest)) > 0", name="interest_not_blank"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[int] = mapped_column(
        sa.ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    interest: Mapped[str] = mapped_column(sa.String(500))
    # The entry in the member's register it comes from, when it does.
    interest_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("interests.id", ondelete="SET NULL"), index=True
    )
    # Public minutes say an interest was declared, not what it is.
    sensitive: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    action: Mapped[str] = mapped_column(sa.String(15))
    recorded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    item: Mapped[AgendaItem] = relationship()

    @property
    def action_label(self) -> str:
        return DeclarationAction(self.action).label
