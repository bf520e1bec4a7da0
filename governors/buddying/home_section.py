"""This area's part of the home page: a person's current buddies, or a way to ask for one;
for the secretary, new governors without a buddy and requests waiting for an answer."""

from __future__ import annotations

from typing import Any

from governors.buddying import services
from governors.permissions import Permission, can
from governors.timeutil import local_today


def context(user: Any) -> dict[str, Any]:
    today = local_today()
    manager = can(user, Permission.BUDDIES_MANAGE)
    pairs = [pair for pair in services.pairs_of(user) if pair.is_current(today)]
    may_ask = can(user, Permission.BUDDIES_ASK) and services.may_have_a_buddy(user)
    if not (manager or pairs or may_ask):
        return {}
    return {
        "buddying_home": {
            "manager": manager,
            "pairs": pairs,
            "may_ask": may_ask,
            "waiting_mine": services.waiting_request_of(user) if may_ask else None,
            "waiting": services.waiting_requests() if manager else [],
            "new_governors": services.new_governors_without_buddy(today) if manager else [],
        }
    }
