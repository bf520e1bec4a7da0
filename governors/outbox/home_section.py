"""This area's part of the home page: email that could not be sent, for the secretary."""

from __future__ import annotations

from typing import Any

from governors.outbox.services import parked_count
from governors.permissions import Permission, can


def context(user: Any) -> dict[str, Any]:
    if not can(user, Permission.AUDIT_READ):
        return {}
    return {"unsent_email": parked_count()}
