"""Writing the audit log: called by services, inside the same transaction as the change."""

from __future__ import annotations

from typing import Any

from governors.audit.models import AuditEntry
from governors.extensions import db


def record(
    actor: Any,
    action: str,
    target: Any,
    summary: str,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Add an audit entry for ``target`` (a model instance, flushed so it has an id).

    Health-related notes must never be passed in ``before``/``after``: the log is read by
    the secretary and may be exported.
    """
    if getattr(target, "id", None) is None:
        db.session.flush()
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
