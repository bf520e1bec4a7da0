"""This area's part of the home page: a person's own open actions, overdue first; for those
who follow actions up, how many are overdue and the oldest of them."""

from __future__ import annotations

from typing import Any

from governors.actions import services
from governors.actions.rules import is_overdue
from governors.permissions import Permission, can, visible_actions
from governors.timeutil import local_today

# The most of a person's own actions the home page lists (the rest are on "Your actions").
MINE_SHOWN = 10


def context(user: Any) -> dict[str, Any]:
    if not can(user, Permission.HOME):
        return {}
    today = local_today()
    mine = services.actions_of(user, limit=MINE_SHOWN)
    mine_total, mine_overdue = services.count_of_mine(user, today)
    overdue, oldest = (
        services.overdue_actions(visible_actions(user), today)
        if can(user, Permission.ACTIONS_LOG)
        else (0, [])
    )
    return {
        "actions_home": {
            "mine": mine,
            "mine_total": mine_total,
            "mine_overdue": mine_overdue,
            "follows_up": can(user, Permission.ACTIONS_LOG),
            "overdue": overdue,
            "oldest": oldest,
            "today": today,
            "is_overdue": is_overdue,
        }
    }
