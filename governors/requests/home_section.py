"""This area's part of the home page: a route to propose an item, and what needs an answer."""

from __future__ import annotations

from typing import Any

from governors.council.models import current_settings
from governors.meetings.rules import deadline_notice
from governors.permissions import Permission, can
from governors.requests import rules, services
from governors.timeutil import local_today

# Long lists on the home page stop here, with a link to the rest.
SHOWN = 10


def context(user: Any) -> dict[str, Any]:
    today = local_today()
    section: dict[str, Any] = {"requests_today": today, "request_rules": rules}
    if can(user, Permission.REQUESTS_PROPOSE):
        rule = current_settings().rule
        options = services.meeting_options(rule)
        default = services.default_option(options, today)
        section["requests_next"] = default
        section["requests_notice"] = (
            deadline_notice(default.meeting.day, today, rule) if default else None
        )
        section["requests_alternative"] = services.open_alternative(options, today)
        section["requests_open"] = services.open_requests_of(user, SHOWN)
        section["requests_meeting_passed"] = services.meeting_passed
    if can(user, Permission.REQUESTS_DECIDE):
        section["requests_counts"] = services.queue_counts(today)
    elif can(user, Permission.REQUESTS_OVERSEE):
        section["requests_overdue"] = services.overdue_requests(SHOWN, today)
        section["requests_late_answers"] = services.late_answer_count(today)
    if can(user, Permission.REQUESTS_SUPPORT):
        section["requests_support"] = services.support_waiting(SHOWN)
    return section
