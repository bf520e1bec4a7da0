"""This area's part of the home page: the agendas the secretary has to prepare or publish."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from governors.agendas import queries
from governors.meetings.services import upcoming_meetings
from governors.permissions import Permission, can
from governors.timeutil import local_today

# How far ahead the home page looks, and how many meetings it lists at most.
HORIZON = timedelta(days=70)
SHOWN = 8


def context(user: Any) -> dict[str, Any]:
    if not can(user, Permission.MEETINGS_MANAGE):
        return {"agendas_home": None}
    today = local_today()
    meetings = [
        meeting
        for meeting in upcoming_meetings(today, include_cancelled=False, limit=SHOWN)
        if meeting.day <= today + HORIZON
    ]
    prompts = [p for p in queries.secretary_prompts(meetings, today) if p.needs_something]
    return {"agendas_home": {"prompts": prompts, "today": today}}
