"""Many actions at once, with bulk inserts (SQLAlchemy ``insert()``), for the checks that
the action log and its exports cost the same number of queries past the 500 rows where
SQLAlchemy splits its IN lists. Used by ``tests/actions/test_queries.py`` and
``bench/actions_log.py``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from governors.actions.models import Action, ActionOwner
from tests.bulk import insert

STATUSES = ("open", "in_progress", "open", "done", "open", "dropped")


@dataclass(frozen=True)
class Place:
    """Where an action is raised: a body and, if at a meeting, the meeting and its item."""

    body_id: int
    meeting_id: int | None = None
    item_id: int | None = None
    private: bool = False


def actions(
    places: Sequence[Place],
    owner_ids: Sequence[int],
    raised_by_id: int,
    count: int,
    *,
    start: int = 0,
    first_due: date,
    raised_at: datetime,
) -> list[int]:
    """``count`` actions numbered from ``start``: action ``n`` is raised at
    ``places[n % len(places)]``, in status ``STATUSES[n % 6]``, due ``n % 40`` days after
    ``first_due`` (its first due date a week earlier for odd ``n``), owned by
    ``owner_ids[n % len(owner_ids)]`` and, one in five, by someone named too. Returns their
    ids, in order."""
    rows = []
    for n in range(start, start + count):
        place = places[n % len(places)]
        status = STATUSES[n % len(STATUSES)]
        due = first_due + timedelta(days=n % 40)
        closed = status in ("done", "dropped")
        rows.append(
            {
                "body_id": place.body_id,
                "meeting_id": place.meeting_id,
                "item_id": place.item_id,
                "private": place.private,
                "description": f"Bulk action {n}",
                "due_on": due,
                "original_due_on": due - timedelta(days=7 * (n % 2)),
                "status": status,
                "progress": "Under way" if status == "in_progress" else None,
                "outcome": "Sent." if status == "done" else None,
                "drop_reason": "Overtaken." if status == "dropped" else None,
                "raised_by_id": raised_by_id,
                "created_at": raised_at,
                "updated_at": raised_at,
                "closed_at": raised_at + timedelta(days=3) if closed else None,
            }
        )
    ids = insert(Action, rows)
    owners = []
    for n, action_id in zip(range(start, start + count), ids, strict=True):
        owners.append({"action_id": action_id, "user_id": owner_ids[n % len(owner_ids)]})
        if n % 5 == 0:
            owners.append(
                {"action_id": action_id, "name": "Sam Reid", "email": "sam.reid@example.org"}
            )
    insert(ActionOwner, owners)
    return ids
