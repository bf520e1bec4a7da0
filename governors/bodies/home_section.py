"""This area's part of the home page: the bodies a person sits on; for the secretary, the
bodies that need attention and the requests to join waiting for an answer."""

from __future__ import annotations

from typing import Any

from governors.bodies import services
from governors.permissions import Permission, can


def context(user: Any) -> dict[str, Any]:
    if not can(user, Permission.BODIES_VIEW):
        return {}
    manager = can(user, Permission.BODIES_MANAGE)
    return {
        "bodies_home": {
            "mine": services.memberships_of(user),
            "attention": services.needing_attention() if manager else [],
            "waiting": services.waiting_join_requests() if manager else [],
        }
    }
