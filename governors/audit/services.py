"""Writing the audit log: called by services, inside the same transaction as the change."""

from __future__ import annotations

from typing import Any

from governors.audit.models import AuditEntry
from governors.extensions import db

# The one rule for private-part things (private agenda items, private requests): the log
# names them by number only ("private agenda item 12") and keeps, of their values, only
# these facts about how they were handled. Titles, descriptions, reasons, presenters and
# file names are withheld, as the log may be exported; the record itself keeps them.
PRIVATE_FACTS = frozenset(
    {
        "part",
        "position",
        "purpose",
        "minutes_allowed",
        "status",
        "meeting_id",
        "received_at",
        "clear_days",
        "in_time",
        "deadline",
        "response_due",
        "documents",
    }
)
WITHHELD = "(private: not recorded in the log)"


def private_name(noun: str, number: int | None) -> str:
    """How the log names a private-part thing: ``private agenda item 12``."""
    return f"private {noun} {number}"


def withhold_private(values: dict[str, Any] | None) -> dict[str, Any] | None:
    """``values`` with everything but ``PRIVATE_FACTS`` replaced by ``WITHHELD``.

    The names stay, so the log still says which fields changed.
    """
    if values is None:
        return None
    return {key: value if key in PRIVATE_FACTS else WITHHELD for key, value in values.items()}


def record(
    actor: Any,
    action: str,
    target: Any,
    summary: str,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    private: bool = False,
) -> AuditEntry:
    """Add an audit entry for ``target`` (a model instance, flushed so it has an id).

    ``private``: ``target`` belongs to a private part. Its values are passed through
    ``withhold_private``, and ``summary`` must name it with ``private_name`` only.

    Health-related notes must never be passed in ``before``/``after``: the log is read by
    the secretary and may be exported.
    """
    if getattr(target, "id", None) is None:
        db.session.flush()
    if private:
        before, after = withhold_private(before), withhold_private(after)
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        action=action,
        record_type=type(target).__tablename__,
        record_id=target.id,
        summary=summary,
        before=before,
        after=after,
    )
    db.session.add(entry)
    return entry


def changes(obj: Any, fields: list[str], old: dict[str, Any]) -> tuple[dict, dict]:
    """The before/after pair for just the fields that changed, as JSON-safe strings."""
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for name in fields:
        new_value = getattr(obj, name)
        if old.get(name) != new_value:
            before[name] = _plain(old.get(name))
            after[name] = _plain(new_value)
    return before, after


def snapshot(obj: Any, fields: list[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in fields}


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple | set | frozenset):
        return sorted(_plain(v) for v in value)
    return str(value)
