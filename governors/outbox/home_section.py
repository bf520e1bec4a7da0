"""This area's part of the home page, for the secretary: email that could not be sent, and
a mail server that cannot be reached."""

from __future__ import annotations

from typing import Any

from governors.outbox.services import mail_server_status, parked_count
from governors.permissions import Permission, can


def context(user: Any) -> dict[str, Any]:
    if not can(user, Permission.AUDIT_READ):
        return {}
    status = mail_server_status()
    return {
        "unsent_email": parked_count(),
        "mail_server_down": status is not None and status.down_since is not None,
    }
