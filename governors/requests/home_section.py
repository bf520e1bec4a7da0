"""This area's part of the home page: a route to propose an item, and what needs an answer."""

from __future__ import annotations

from typing import Any

from governors.council.models import current_settings
from governors.permissions import Action, can
from governors.requests import rules, services
from governors.timeutil import local_today

# Long lists on the home page stop here, with a link to the rest.
SHOWN = 10


def context(user: Any) -> dict[str, Any]:
    today = local_today()
    section: dict[str, Any] = {"requests_today": today, "request_rules": rules}
    if can(user, Action.REQUESTS_PROPOSE):
        options = services.meeting_options(current_settings().rule)
        default = services.default_option(options, today)
        section["requests_next"] = default
        section["requests_deadline"] = (
            rules.deadline_sentence(default.deadline, today) if default else None
        )
        section["requests_open"] = services.open_requests_of(user, SHOWN)
    if can(user, Action.REQUESTS_DECIDE):
        section["requests_counts"] = services.queue_counts(today)
    elif can(user, Action.REQUESTS_OVERSEE):
        section["requests_overdue"] = services.overdue_requests(SHOWN, today)
    return section
