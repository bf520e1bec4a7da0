"""People: accounts, the roles they hold, and governors' profiles."""

from __future__ import annotations

import secrets
from datetime import date, datetime
from enum import StrEnum
from functools import cache

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from governors.constraints import enum_check
from governors.extensions import db
from governors.timeutil import UTCDateTime, utcnow


class Role(StrEnum):
    SECRETARY = "secretary"
    CHAIR = "chair"
    LEAD_GOVERNOR = "lead_governor"
    GOVERNOR = "governor"
    NED = "ned"
    OFFICER = "officer"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.SECRETARY: "Board secretary",
    Role.CHAIR: "Chair",
    Role.LEAD_GOVERNOR: "Lead governor",
    Role.GOVERNOR: "Governor",
    Role.NED: "Non-executive director",
    Role.OFFICER: "Trust officer",
}


class Constituency(StrEnum):
    PUBLIC = "public"
    SERVICE_USER = "service_user"
    CARER = "carer"
    STAFF = "staff"
    APPOINTED = "appointed"

    @property
    def label(self) -> str:
        return CONSTITUENCY_LABELS[self]


CONSTITUENCY_LABELS = {
    Constituency.PUBLIC: "Public",
    Constituency.SERVICE_USER: "Service user",
    Constituency.CARER: "Carer",
    Constituency.STAFF: "Staff",
    Constituency.APPOINTED: "Appointed",
}


class Route(StrEnum):
    """How a governor came to the Council."""

    ELECTED = "elected"
    APPOINTED = "appointed"

    @property
    def label(self) -> str:
        return self.value.capitalize()


@cache
def _stand_in_hash() -> str:
    """A hash of a random password, made the way real ones are, checked when there is none."""
    return generate_password_hash(secrets.token_urlsafe(24))


def verify_password(password_hash: str | None, password: str) -> bool:
    """Does ``password`` match ``password_hash``? Always the work of one full check.

    With no hash (no such account, or an invitation not yet accepted) a stand-in hash is
    checked instead, so the time sign-in takes does not tell who has an account.
    """
    if password_hash is None:
        check_password_hash(_stand_in_hash(), password)
        return False
    return check_password_hash(password_hash, password)


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        sa.CheckConstraint("email = lower(email)", name="email_lower_case"),
        sa.CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    # Null until the invited person sets a password through the emailed link.
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Secret for the personal calendar feed; null when revoked or never made.
    calendar_token: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    # Part of every signed-in session; raising it ends all of this person's sessions.
    session_version: Mapped[int] = mapped_column(default=0, server_default=sa.text("0"))

    role_rows: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )
    governor_profile: Mapped[GovernorProfile | None] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin", uselist=False
    )

    @property
    def is_active(self) -> bool:  # Flask-Login refuses sign-in to inactive accounts
        return self.active

    def get_id(self) -> str:
        """What the session keeps: the id and the session version, as ``"12:3"``."""
        return f"{self.id}:{self.session_version}"

    def end_sessions(self) -> None:
        """Sign this person out everywhere: sessions made before now stop working."""
        self.session_version = (self.session_version or 0) + 1

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(Role(r.role) for r in self.role_rows)

    def has_role(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))

    def set_roles(self, roles: set[Role]) -> None:
        current = {Role(r.role): r for r in self.role_rows}
        for role, row in current.items():
            if role not in roles:
                self.role_rows.remove(row)
        for role in roles - current.keys():
            self.role_rows.append(UserRole(role=role.value))

    @property
    def role_labels(self) -> list[str]:
        return [role.label for role in Role if role in self.roles]

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return verify_password(self.password_hash, password)

    @property
    def is_governor(self) -> bool:
        return self.governor_profile is not None

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class UserRole(db.Model):
    __tablename__ = "user_roles"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "role", name="uq_user_roles_user_role"),
        enum_check("role", Role),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(sa.String(20))

    user: Mapped[User] = relationship(back_populates="role_rows")


class GovernorProfile(db.Model):
    __tablename__ = "governor_profiles"
    __table_args__ = (
        enum_check("constituency", Constituency),
        enum_check("route", Route),
        sa.CheckConstraint("term_end > term_start", name="term_ends_after_start"),
    )

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    constituency: Mapped[str] = mapped_column(sa.String(20))
    # The public constituency's area, or the body that appointed the governor.
    area: Mapped[str | None] = mapped_column(sa.String(120))
    route: Mapped[str] = mapped_column(sa.String(10), default=Route.ELECTED.value)
    term_start: Mapped[date]
    term_end: Mapped[date]

    user: Mapped[User] = relationship(back_populates="governor_profile")

    def in_term(self, day: date) -> bool:
        """Does the governor's term cover ``day``? (``bodies.services.governors_in_term``
        asks the same in SQL.)"""
        return self.term_start <= day <= self.term_end

    @property
    def constituency_label(self) -> str:
        return Constituency(self.constituency).label
