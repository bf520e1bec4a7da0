"""This area's part of the home page: risks whose review date has passed. A risk's owner
sees their own; those who keep the register see every one."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from governors.extensions import db
from governors.permissions import Permission, can
from governors.risks.models import Risk
from governors.risks.rules import RiskStatus
from governors.timeutil import local_today

# The most overdue reviews the home page lists (the register has the rest).
SHOWN = 5


def context(user: Any) -> dict[str, Any]:
    if not can(user, Permission.RISKS_VIEW):
        return {}
    today = local_today()
    every_risk = can(user, Permission.RISKS_MANAGE)
    overdue = Risk.status != RiskStatus.CLOSED.value, Risk.review_on < today
    mine = () if every_risk else (Risk.owner_id == user.id,)
    count = db.session.scalar(sa.select(sa.func.count(Risk.id)).where(*overdue, *mine)) or 0
    if not count:
        return {}
    shown = db.session.scalars(
        sa.select(Risk).where(*overdue, *mine).order_by(Risk.review_on, Risk.id).limit(SHOWN)
    ).all()
    return {
        "risks_home": {
            "count": count,
            "shown": shown,
            "more": count - len(shown),
            "every_risk": every_risk,
        }
    }
