"""Saving the council's settings: audited, in the caller's transaction."""

from __future__ import annotations

from typing import Any

from governors.audit.services import record
from governors.council.models import DEFAULTS, CouncilSettings
from governors.extensions import db

FIELDS = tuple(DEFAULTS)


def summary(settings: CouncilSettings) -> dict[str, Any]:
    """The settings as plain JSON for the audit log (the cut-off as HH:MM)."""
    data = {name: getattr(settings, name) for name in FIELDS}
    data["cutoff"] = f"{settings.cutoff:%H:%M}" if settings.cutoff is not None else None
    return data


def save_settings(actor: Any, values: dict[str, Any]) -> bool:
    """Save the settings, creating the row the first time. False when nothing changed.

    Until the first save the council runs on the defaults, so those are the "before".
    """
    settings = db.session.get(CouncilSettings, 1)
    created = settings is None
    if settings is None:
        settings = CouncilSettings(id=1, **DEFAULTS)
    old = summary(settings)
    for name in FIELDS:
        setattr(settings, name, values[name])
    new = summary(settings)
    changed = [name for name in FIELDS if old[name] != new[name]]
    if not changed and not created:
        return False
    if created:
        db.session.add(settings)
    db.session.flush()
    record(
        actor,
        "settings.updated",
        settings,
        "Saved the council settings" if created else "Changed the council settings",
        before={name: old[name] for name in changed},
        after={name: new[name] for name in changed},
    )
    db.session.flush()
    return True
