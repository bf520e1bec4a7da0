"""The secretary's audit log: every recorded change, newest first, with filters."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, request, url_for

from governors.audit.forms import AuditFilterForm
from governors.audit.models import AuditEntry
from governors.converters import page_arg, parse_id
from governors.extensions import db
from governors.people.models import CONSTITUENCY_LABELS, ROLE_LABELS, Route, User
from governors.permissions import Permission, requires
from governors.requests.clear_days import Counting, Nation
from governors.templating import render_template
from governors.timeutil import format_short_date, local_to_utc

bp = Blueprint("audit", __name__, url_prefix="/audit")

PER_PAGE = 50
SYSTEM = "system"

# Read as "Person 12" beside an entry, and as the choices of the record filter.
RECORD_TYPES = {
    "users": "Person",
    "council_settings": "Council settings",
    "meetings": "Meeting",
    "agenda_requests": "Agenda request",
    "agenda_request_events": "Agenda request decision",
    "agenda_items": "Agenda item",
    "agenda_versions": "Published agenda",
    "documents": "Document",
    "outbox_messages": "Email",
}

ACTIONS = {
    "person.invited": "Person invited",
    "person.updated": "Person's details changed",
    "person.deactivated": "Person deactivated",
    "person.reactivated": "Person reactivated",
    "person.invitation_resent": "Invitation sent again",
    "person.invitation_accepted": "Invitation accepted",
    "person.password_reset": "Password reset",
    "settings.updated": "Council settings changed",
    "outbox.tried_again": "Email tried again",
}

FIELD_LABELS = {
    "name": "Name",
    "email": "Email address",
    "roles": "Roles",
    "active": "Active",
    "constituency": "Constituency",
    "area": "Area or appointing organisation",
    "route": "Elected or appointed",
    "term_start": "Term start",
    "term_end": "Term end",
    "council_name": "Name of the council",
    "trust_name": "Name of the trust",
    "clear_days": "Clear days",
    "counting": "Which days count",
    "nation": "Bank holidays",
    "cutoff": "Cut-off time",
    "response_days": "Days to answer a request",
    "question_answer_days": "Days to answer a question",
}

_VALUE_LABELS: dict[str, str] = {
    **{role.value: label for role, label in ROLE_LABELS.items()},
    **{c.value: label for c, label in CONSTITUENCY_LABELS.items()},
    **{counting.value: counting.label for counting in Counting},
    **{nation.value: nation.label for nation in Nation},
    **{route.value: route.label for route in Route},
}


def _humanise(code: str) -> str:
    words = code.replace(".", " ").replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def action_label(action: str) -> str:
    return ACTIONS.get(action, _humanise(action))


def record_label(record_type: str) -> str:
    return RECORD_TYPES.get(record_type, _humanise(record_type))


def show_value(value: Any) -> str:
    """A stored before/after value as a reader would say it."""
    if value is None or value == "" or value == []:
        return "(none)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(show_value(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True)
    if isinstance(value, str):
        if value in _VALUE_LABELS:
            return _VALUE_LABELS[value]
        try:
            return format_short_date(date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


@dataclass(frozen=True)
class Change:
    label: str
    before: str | None
    after: str | None


def describe_changes(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[Change]:
    """Each field an entry touched, in a stable order, with readable old and new values."""
    before, after = before or {}, after or {}
    keys = list(dict.fromkeys([*before, *after]))
    return [
        Change(
            FIELD_LABELS.get(key, _humanise(key)),
            show_value(before[key]) if key in before else None,
            show_value(after[key]) if key in after else None,
        )
        for key in keys
    ]


def _filtered(form: AuditFilterForm) -> sa.Select:
    """The entries the filters ask for; a filter with a problem (shown on the form) is left out.

    A person or record number that cannot exist (``²``, ``-1``, too big for the database)
    matches nothing rather than reaching the database.
    """
    query = sa.select(AuditEntry)
    nothing = sa.false()
    who = form.who.data if not form.who.errors else None
    if who == SYSTEM:
        query = query.where(AuditEntry.actor_id.is_(None))
    elif who:
        actor_id = parse_id(who)
        query = query.where(AuditEntry.actor_id == actor_id if actor_id else nothing)
    if form.record_type.data and not form.record_type.errors:
        query = query.where(AuditEntry.record_type == form.record_type.data)
    if form.action.data and not form.action.errors:
        query = query.where(AuditEntry.action == form.action.data)
    if form.record_id.data and not form.record_id.errors:
        record_id = parse_id(form.record_id.data)
        query = query.where(AuditEntry.record_id == record_id if record_id else nothing)
    # Days are London days: from midnight at the start to midnight after the end.
    if form.date_from.data and not form.date_from.errors:
        query = query.where(AuditEntry.occurred_at >= local_to_utc(form.date_from.data, time(0)))
    if form.date_to.data and not form.date_to.errors:
        end = form.date_to.data + timedelta(days=1)
        query = query.where(AuditEntry.occurred_at < local_to_utc(end, time(0)))
    return query.order_by(AuditEntry.occurred_at.desc(), AuditEntry.id.desc())


def _choices(form: AuditFilterForm) -> None:
    people = db.session.execute(sa.select(User.id, User.name).order_by(User.name, User.id)).all()
    form.who.choices = [
        ("", "Anyone"),
        (SYSTEM, "The system"),
        *((str(person.id), person.name) for person in people),
    ]
    types = db.session.scalars(
        sa.select(AuditEntry.record_type).distinct().order_by(AuditEntry.record_type)
    ).all()
    form.record_type.choices = [("", "Any record"), *((t, record_label(t)) for t in types)]
    actions = db.session.scalars(
        sa.select(AuditEntry.action).distinct().order_by(AuditEntry.action)
    ).all()
    form.action.choices = [("", "Anything"), *((a, action_label(a)) for a in actions)]


def _pages(pagination: Any) -> list[dict[str, Any] | None]:
    args = {key: value for key, value in request.args.items() if key != "page"}
    items: list[dict[str, Any] | None] = []
    for number in pagination.iter_pages(left_edge=1, left_current=2, right_current=2, right_edge=1):
        if number is None:
            items.append({"ellipsis": True})
        else:
            items.append(
                {
                    "number": number,
                    "href": url_for("governors.audit.log", page=number, **args),
                    "current": number == pagination.page,
                }
            )
    return items


@bp.route("/")
@requires(Permission.AUDIT_READ)
def log() -> str:
    form = AuditFilterForm(formdata=request.args or None)
    _choices(form)
    if request.args:
        form.validate()
    pagination = db.paginate(_filtered(form), page=page_arg(), per_page=PER_PAGE, error_out=False)
    args = {key: value for key, value in request.args.items() if key != "page"}
    return render_template(
        "governors/audit/log.html",
        form=form,
        pagination=pagination,
        pages=_pages(pagination) if pagination.pages > 1 else [],
        previous_url=url_for("governors.audit.log", page=pagination.prev_num, **args)
        if pagination.has_prev
        else None,
        next_url=url_for("governors.audit.log", page=pagination.next_num, **args)
        if pagination.has_next
        else None,
        filtered=any(value for key, value in request.args.items() if key != "page"),
        describe_changes=describe_changes,
        action_label=action_label,
        record_label=record_label,
    )
