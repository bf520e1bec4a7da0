"""The one permissions policy, asked by views and templates alike.

``can(user, action, obj)`` answers; ``authorise`` refuses with 401/403; ``get_or_404``
loads a record or gives a friendly 404 before any permission is judged.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user

from governors.extensions import db
from governors.people.models import Role

T = TypeVar("T")

GOVERNING = frozenset({Role.SECRETARY, Role.CHAIR, Role.LEAD_GOVERNOR, Role.GOVERNOR})
# Everyone who attends the private part of Council meetings.
PRIVATE_READERS = frozenset(
    {Role.SECRETARY, Role.CHAIR, Role.LEAD_GOVERNOR, Role.GOVERNOR, Role.NED}
)
ANY_MEMBER = frozenset(Role)


class Action(StrEnum):
    HOME = "home:view"
    PEOPLE_VIEW = "people:view"
    PEOPLE_MANAGE = "people:manage"
    AUDIT_READ = "audit:read"
    SETTINGS_EDIT = "settings:edit"
    MEETINGS_VIEW = "meetings:view"
    MEETINGS_MANAGE = "meetings:manage"
    PRIVATE_VIEW = "private:view"
    REQUESTS_PROPOSE = "requests:propose"
    REQUESTS_VIEW = "requests:view"
    REQUESTS_WITHDRAW = "requests:withdraw"
    REQUESTS_DECIDE = "requests:decide"
    REQUESTS_OVERSEE = "requests:oversee"
    AGENDAS_EDIT = "agendas:edit"
    DOCUMENT_VIEW = "document:view"


# Actions a role grants outright, whatever the object.
GRANTS: dict[Action, frozenset[Role]] = {
    Action.HOME: ANY_MEMBER,
    Action.PEOPLE_VIEW: ANY_MEMBER,
    Action.PEOPLE_MANAGE: frozenset({Role.SECRETARY}),
    Action.AUDIT_READ: frozenset({Role.SECRETARY}),
    Action.SETTINGS_EDIT: frozenset({Role.SECRETARY}),
    Action.MEETINGS_VIEW: ANY_MEMBER,
    Action.MEETINGS_MANAGE: frozenset({Role.SECRETARY}),
    Action.PRIVATE_VIEW: PRIVATE_READERS,
    Action.REQUESTS_PROPOSE: GOVERNING,
    Action.REQUESTS_DECIDE: frozenset({Role.SECRETARY, Role.CHAIR}),
    # The lead governor follows up unanswered requests but does not decide them.
    Action.REQUESTS_OVERSEE: frozenset({Role.SECRETARY, Role.CHAIR, Role.LEAD_GOVERNOR}),
    Action.AGENDAS_EDIT: frozenset({Role.SECRETARY}),
}


def _request_rules(user: Any, action: Action, request: Any) -> bool:
    if action is Action.REQUESTS_VIEW:
        return request.proposer_id == user.id or user.has_role(
            Role.SECRETARY, Role.CHAIR, Role.LEAD_GOVERNOR
        )
    if action is Action.REQUESTS_WITHDRAW:
        # A deferred request waits for a fresh decision, so it can still be withdrawn.
        return request.proposer_id == user.id and request.status in ("submitted", "deferred")
    return False


def _document_rules(user: Any, action: Action, document_access: Any) -> bool:
    # ``document_access`` says who may read the document (see documents.services).
    return document_access.allows(user)


# Object-level rules for actions that depend on the record itself.
OBJECT_RULES: dict[Action, Callable[[Any, Action, Any], bool]] = {
    Action.REQUESTS_VIEW: _request_rules,
    Action.REQUESTS_WITHDRAW: _request_rules,
    Action.DOCUMENT_VIEW: _document_rules,
}


def can(user: Any, action: Action | str, obj: Any = None) -> bool:
    """May ``user`` do ``action`` (to ``obj``)? Anonymous and inactive users may do nothing."""
    action = Action(action)
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        if action is Action.DOCUMENT_VIEW and obj is not None:
            return obj.allows(None)
        return False
    if action in GRANTS and user.roles & GRANTS[action]:
        return True
    rule = OBJECT_RULES.get(action)
    return rule is not None and obj is not None and rule(user, action, obj)


def authorise(action: Action | str, obj: Any = None) -> None:
    """Stop the request unless the current user may do ``action``."""
    if can(current_user, action, obj):
        return
    if not current_user.is_authenticated and not (
        Action(action) is Action.DOCUMENT_VIEW and obj is not None and obj.allows(None)
    ):
        abort(401)
    abort(403)


def requires(action: Action) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """View decorator for actions that need no particular record."""

    def decorator(view: Callable[..., T]) -> Callable[..., T]:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> T:
            authorise(action)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def get_or_404(model: type[T], record_id: int) -> T:
    record = db.session.get(model, record_id)
    if record is None:
        abort(404)
    return record
