"""People for the buddying tests."""

from __future__ import annotations

from datetime import date

from governors.people.models import Role, User
from tests import factories


def governor_since(term_start: date, **kwargs) -> User:
    """A governor whose term began on ``term_start``."""
    user = factories.governor(**kwargs)
    user.governor_profile.term_start = term_start
    user.governor_profile.term_end = date(term_start.year + 3, term_start.month, 1)
    return user


def director(**kwargs) -> User:
    return factories.UserFactory(roles=[Role.NED], **kwargs)
