"""This area's part of the home page: a governor's own questions and where each stands; for
those who follow questions up (the lead governor, the secretary and the chair), the late
answers; for a non-executive director, the questions waiting for their answer."""

from __future__ import annotations

from typing import Any

from governors.permissions import Permission, can
from governors.questions import services
from governors.timeutil import local_today


def context(user: Any) -> dict[str, Any]:
    today = local_today()
    section: dict[str, Any] = {}
    if can(user, Permission.QUESTIONS_ASK):
        mine = services.questions_of(user)
        section["questions_mine"] = {
            "shown": mine[: services.SHOWN],
            "more": max(len(mine) - services.SHOWN, 0),
            "to_judge": [q for q in mine if q.is_answered and q.answered_question is None],
        }
    if can(user, Permission.QUESTIONS_VIEW):
        late = services.late_questions(today)
        section["questions_follow_up"] = {
            "late": late[: services.SHOWN],
            "late_total": len(late),
            "unanswered": services.unanswered_count(),
            "answered_late": services.answered_late_count(),
            "to_route": can(user, Permission.QUESTIONS_ROUTE),
        }
    waiting = services.put_to(user)
    if waiting:
        section["questions_put_to_me"] = waiting
    if section:
        section["questions_today"] = today
        section["questions_state_of"] = lambda question: services.state_of(question, today)
    return section
