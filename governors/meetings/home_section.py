"""This area's part of the home page: the next Council meeting and its deadline lead."""

from __future__ import annotations

from typing import Any

from governors.council.models import current_settings
from governors.meetings import services
from governors.meetings.kinds import MeetingKind
from governors.meetings.rules import deadline_notice
from governors.meetings.views import optional_url
from governors.permissions import Permission, can, own_meetings, visible_meetings
from governors.timeutil import local_today, utcnow

# Other meetings listed under the lead one.
OTHERS_SHOWN = 3


def context(user: Any) -> dict[str, Any]:
    if not can(user, Permission.MEETINGS_VIEW):
        return {"meetings_home": None}
    today = local_today()
    rule = current_settings().rule
    # Only the meetings this member attends: the Council's and their own bodies'.
    coming = services.upcoming_meetings(
        today, visible=own_meetings(user), include_cancelled=False, limit=OTHERS_SHOWN + 1
    )
    meeting = services.next_meeting(
        today, kinds=MeetingKind.taking_requests(), visible=visible_meetings(user)
    )
    notice = deadline_notice(meeting.day, today, rule) if meeting else None
    propose_url = None
    # Offered only while the meeting can still take a request: the form offers the same one.
    if (
        meeting is not None
        and meeting.starts_at > utcnow()
        and can(user, Permission.REQUESTS_PROPOSE)
    ):
        propose_url = optional_url("governors.requests.propose", meeting_id=meeting.id)
    return {
        "meetings_home": {
            "meeting": meeting,
            "notice": notice,
            "rule_text": rule.describe(),
            "propose_url": propose_url,
            "others": [m for m in coming if meeting is None or m.id != meeting.id][:OTHERS_SHOWN],
            "can_manage": can(user, Permission.MEETINGS_MANAGE),
        }
    }
