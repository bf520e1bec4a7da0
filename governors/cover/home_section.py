"""This area's part of the home page: for the secretary, cover still to arrange and seats
vacant at coming meetings."""

from __future__ import annotations

from typing import Any

from governors.cover import arranging
from governors.cover.models import CoverStatus
from governors.permissions import Permission, can


def context(user: Any) -> dict[str, Any]:
    if not can(user, Permission.COVER_ARRANGE):
        return {}
    needs = arranging.upcoming_needs(
        statuses=(CoverStatus.OPEN.value, CoverStatus.ASKED.value, CoverStatus.VACANT.value)
    )
    return {
        "cover_home": {
            "waiting": [n for n in needs if n.status != CoverStatus.VACANT],
            "vacant": [n for n in needs if n.status == CoverStatus.VACANT],
        }
    }
