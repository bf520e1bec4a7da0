"""Periods of unavailability: recorded here, and asked about by the bodies' seat flags."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import sqlalchemy as sa

from governors.audit.services import record
from governors.cover.models import Unavailability
from governors.errors import Refused
from governors.extensions import db
from governors.people.models import User


def record_unavailability(
    actor: Any, user: User, *, starts_on: date, ends_on: date | None = None
) -> Unavailability:
    """Record that ``user`` is not available from ``starts_on`` to ``ends_on`` (or until
    further notice). No reason is asked for."""
    if ends_on is not None and ends_on < starts_on:
        raise Refused("The last day must be on or after the first day", field="ends_on")
    period = Unavailability(
        user_id=user.id, starts_on=starts_on, ends_on=ends_on, recorded_by_id=actor.id
    )
    db.session.add(period)
    db.session.flush()
    until = f"to {ends_on:%d %B %Y}" if ends_on else "until further notice"
    record(
        actor,
        "availability.recorded",
        user,
        f"Recorded {user.name} as not available from {starts_on:%d %B %Y} {until}",
    )
    return period


def unavailable_on(day: date, user_ids: Iterable[int] | None = None) -> set[int]:
    """Which people (of ``user_ids``, or of everyone) are not available on ``day``."""
    query = sa.select(Unavailability.user_id).where(
        Unavailability.starts_on <= day,
        sa.or_(Unavailability.ends_on.is_(None), Unavailability.ends_on >= day),
    )
    if user_ids is not None:
        ids = sorted(set(user_ids))
        if not ids:
            return set()
        query = query.where(Unavailability.user_id.in_(ids))
    return set(db.session.scalars(query.distinct()))
