"""This area's part of the home page: a person's yearly declaration of interests when it is
due, the coming meetings whose agenda mentions an organisation in their register, and for
the secretary, how many declarations are overdue."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from governors.interests import rules, services
from governors.meetings.services import upcoming_meetings
from governors.permissions import Permission, can, own_meetings
from governors.timeutil import local_today


def context(user: Any) -> dict[str, Any]:
    if not can(user, Permission.INTERESTS_KEEP, user):
        return {}
    today = local_today()
    register = services.register_of(user, today)
    coming = [
        meeting
        for meeting in upcoming_meetings(today, visible=own_meetings(user), include_cancelled=False)
        if meeting.day <= today + timedelta(days=services.CHECK_AHEAD_DAYS)
    ]
    return {
        "interests_home": {
            "due": register
            if register.required and register.state is not rules.ReturnState.UP_TO_DATE
            else None,
            "to_check": services.meetings_to_check(user, coming),
            "late": services.late_returns(today) if can(user, Permission.INTERESTS_OVERSEE) else 0,
        }
    }
