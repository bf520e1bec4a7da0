"""This area's part of the home page: what needs the secretary's attention about people."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from governors.extensions import db
from governors.people.models import GovernorProfile, User
from governors.people.rules import warning_window
from governors.permissions import Permission, can
from governors.timeutil import local_today


def context(user: Any) -> dict[str, Any]:
    if not can(user, Permission.PEOPLE_MANAGE):
        return {}
    first, last = warning_window(local_today())
    terms_ending = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(GovernorProfile)
        .join(User)
        .where(
            User.active.is_(True),
            GovernorProfile.term_start <= first,
            GovernorProfile.term_end.between(first, last),
        )
    )
    invitations_open = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(User)
        .where(User.active.is_(True), User.password_hash.is_(None))
    )
    return {
        "people_attention": {
            "terms_ending": terms_ending or 0,
            "invitations_open": invitations_open or 0,
        }
    }
