"""Many people and requests at once, with bulk inserts, for the tests that check a page
costs the same number of queries past the 500 rows where SQLAlchemy splits its IN lists."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from governors.extensions import db
from governors.meetings.models import Meeting
from governors.people.models import GovernorProfile, Role, User, UserRole
from governors.requests.clear_days import ClearDaysRule
from governors.requests.models import AgendaRequest
from governors.requests.rules import receipt
from governors.timeutil import utcnow

RULE = ClearDaysRule()


def governors(count: int, prefix: str = "Bulk governor") -> list[int]:
    """``count`` active governors, each with a role and a profile; returns their ids."""
    now = utcnow()
    ids = db.session.scalars(
        sa.insert(User).returning(User.id, sort_by_parameter_order=True),
        [
            {
                "email": f"{prefix.lower().replace(' ', '.')}.{n}@example.org",
                "name": f"{prefix} {n:04d}",
                "active": True,
                "created_at": now,
            }
            for n in range(count)
        ],
    ).all()
    db.session.execute(
        sa.insert(UserRole), [{"user_id": i, "role": Role.GOVERNOR.value} for i in ids]
    )
    db.session.execute(
        sa.insert(GovernorProfile),
        [
            {
                "user_id": i,
                "constituency": ("public", "staff", "carer")[n % 3],
                "area": f"Area {n % 12}",
                "route": "elected",
                "term_start": date(2025, 4, 1),
                "term_end": date(2028, 3, 31),
            }
            for n, i in enumerate(ids)
        ],
    )
    return list(ids)


def request_row(
    meeting: Meeting,
    proposer_id: int,
    title: str,
    status: str = "submitted",
    received_at: datetime | None = None,
    deferred_to: Meeting | None = None,
) -> dict:
    """One agenda request's columns, its receipt worked out under the default rule."""
    received_at = received_at or meeting.starts_at - timedelta(days=20)
    decided = status != "submitted"
    return {
        "meeting_id": meeting.id,
        "proposer_id": proposer_id,
        "title": title,
        "purpose": "discuss",
        "session": "public",
        "supporting_info": "",
        **receipt(received_at, meeting.day, RULE, 14).columns(),
        "status": status,
        "decided_at": received_at + timedelta(days=3) if decided else None,
        "decision_reason": "Covered elsewhere" if status in {"declined", "deferred"} else None,
        "deferred_to_id": deferred_to.id if deferred_to is not None else None,
    }


def requests(rows: Sequence[dict]) -> None:
    db.session.execute(sa.insert(AgendaRequest), list(rows))
