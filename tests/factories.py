"""factory_boy factories for test data, flushed into the test's own transaction."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import factory
from factory.alchemy import SQLAlchemyModelFactory
from werkzeug.security import generate_password_hash

from governors.meetings.models import Meeting
from governors.people.models import GovernorProfile, Role, User

TEST_PASSWORD = "correct horse battery staple"
# One cheap hash shared by every test user: real hashing is deliberately slow.
_TEST_HASH = generate_password_hash(TEST_PASSWORD, method="pbkdf2:sha256:1")

_ALL: list[type[SQLAlchemyModelFactory]] = []


def bind(session) -> None:
    """Point every factory at the test's session (it changes per test)."""
    for factory_class in _ALL:
        factory_class._meta.sqlalchemy_session = session


class BaseFactory(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_persistence = "flush"

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        _ALL.append(cls)


class UserFactory(BaseFactory):
    class Meta:
        model = User

    name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    password_hash = _TEST_HASH
    active = True

    @factory.post_generation
    def roles(self, create: bool, extracted: list[Role] | None, **kwargs) -> None:
        if extracted:
            self.set_roles(set(extracted))


class GovernorProfileFactory(BaseFactory):
    class Meta:
        model = GovernorProfile

    constituency = "public"
    area = "Northshire"
    route = "elected"
    term_start = date(2025, 4, 1)
    term_end = date(2028, 3, 31)


def governor(constituency: str = "public", roles: tuple[Role, ...] = (), **kwargs) -> User:
    """A governor with a profile, holding the governor role plus any others given."""
    user = UserFactory(roles=[Role.GOVERNOR, *roles], **kwargs)
    GovernorProfileFactory(user=user, constituency=constituency)
    return user


def secretary(**kwargs) -> User:
    return UserFactory(roles=[Role.SECRETARY], **kwargs)


def chair(**kwargs) -> User:
    return UserFactory(roles=[Role.CHAIR], **kwargs)


class MeetingFactory(BaseFactory):
    class Meta:
        model = Meeting

    kind = "ordinary"
    starts_at = factory.Sequence(
        lambda n: datetime(2027, 1, 21, 14, 0, tzinfo=UTC) + timedelta(days=60 * n)
    )
    duration_minutes = 150
    place = "Boardroom, Trust Headquarters"
