"""The council directory for every member, and the secretary's people pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, request, url_for
from flask_login import current_user
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from governors.audit.models import AuditEntry
from governors.bodies.services import memberships_of
from governors.errors import Refused
from governors.extensions import db
from governors.forms import refused_on_form
from governors.people import services
from governors.people.forms import CONSTITUENCY_HINTS, PersonForm
from governors.people.models import User
from governors.people.rules import (
    Term,
    TermStatus,
    by_name,
    group_by_constituency,
    term_status,
)
from governors.people.tokens import Purpose, describe_max_age
from governors.permissions import Permission, can, get_authorised, requires
from governors.templating import render_template
from governors.timeutil import local_today

bp = Blueprint("people", __name__, url_prefix="/people")


def _terms(people: list[User]) -> dict[int, Term]:
    today = local_today()
    return {
        person.id: term_status(
            person.governor_profile.term_start, person.governor_profile.term_end, today
        )
        for person in people
        if person.governor_profile is not None
    }


@bp.route("/")
@requires(Permission.PEOPLE_VIEW)
def directory() -> str:
    manager = can(current_user, Permission.PEOPLE_MANAGE)
    # Roles and profiles come in the same query: one query however many people there are
    # (the models' default selectin would add one more per 500 people).
    query = (
        sa.select(User)
        .options(joinedload(User.role_rows), joinedload(User.governor_profile))
        .order_by(User.name, User.id)
    )
    if not manager:
        query = query.where(User.active.is_(True))
    people = db.session.scalars(query).unique().all()
    active = [p for p in people if p.active]
    governors = [p for p in active if p.governor_profile is not None]
    terms = _terms(governors)
    ending_soon = sorted(
        (p for p in governors if terms[p.id].status is TermStatus.ENDING_SOON),
        key=lambda p: (p.governor_profile.term_end, p.name),
    )
    return render_template(
        "governors/people/directory.html",
        manager=manager,
        groups=group_by_constituency(governors),
        others=by_name(p for p in active if p.governor_profile is None),
        inactive=by_name(p for p in people if not p.active),
        ending_soon=ending_soon if manager else [],
        terms=terms,
        governor_count=len(governors),
    )


@bp.route("/<governors_id:person_id>")
def detail(person_id: int) -> str:
    # Someone who has left is not found, except by the secretary.
    person = get_authorised(User, person_id, Permission.PEOPLE_VIEW, hide=True)
    manager = can(current_user, Permission.PEOPLE_MANAGE)
    history: list[AuditEntry] = []
    if manager:
        history = list(
            db.session.scalars(
                sa.select(AuditEntry)
                .where(AuditEntry.record_type == User.__tablename__)
                .where(AuditEntry.record_id == person.id)
                .order_by(AuditEntry.occurred_at.desc(), AuditEntry.id.desc())
                .limit(10)
            )
        )
    return render_template(
        "governors/people/detail.html",
        person=person,
        manager=manager,
        term=_terms([person]).get(person.id),
        history=history,
        memberships=memberships_of(person),
    )


def _form_data(person: User) -> dict[str, Any]:
    profile = person.governor_profile
    data: dict[str, Any] = {
        "name": person.name,
        "email": person.email,
        "roles": [role.value for role in person.roles],
    }
    if profile is not None:
        data |= {
            "constituency": profile.constituency,
            "area": profile.area or "",
            "route": profile.route,
            "term_start": profile.term_start,
            "term_end": profile.term_end,
        }
    return data


def _details(form: PersonForm) -> services.PersonDetails:
    governor = None
    if form.is_governor:
        governor = services.GovernorDetails(
            constituency=form.constituency.data,
            area=form.area.data or None,
            route=form.route.data,
            term_start=form.term_start.data,
            term_end=form.term_end.data,
        )
    return services.PersonDetails(
        name=form.name.data,
        email=form.email.data,
        roles=frozenset(form.chosen_roles),
        governor=governor,
    )


def _person_form_page(form: PersonForm, person: User | None) -> str:
    return render_template(
        "governors/people/form.html",
        form=form,
        person=person,
        constituency_hints=CONSTITUENCY_HINTS,
        invitation_lasts=describe_max_age(Purpose.INVITATION),
    )


@bp.route("/invite", methods=["GET", "POST"])
@requires(Permission.PEOPLE_MANAGE)
def invite() -> str | Response:
    form = PersonForm()
    if form.validate_on_submit():
        try:
            person = services.invite_person(current_user, _details(form))
        except Refused as refused:
            refused_on_form(form, refused)
        else:
            db.session.commit()
            flash(f"{person.name} is added. We have emailed them an invitation.", "success")
            return redirect(url_for("governors.people.detail", person_id=person.id))
    return _person_form_page(form, None)


@bp.route("/<governors_id:person_id>/edit", methods=["GET", "POST"])
def edit(person_id: int) -> str | Response:
    person = get_authorised(User, person_id, Permission.PEOPLE_MANAGE)
    form = PersonForm(person=person, data=_form_data(person) if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            changed = services.update_person(current_user, person, _details(form))
        except Refused as refused:
            refused_on_form(form, refused)
        else:
            db.session.commit()
            flash(
                f"{person.name}'s details are saved." if changed else "Nothing was changed.",
                "success" if changed else "info",
            )
            return redirect(url_for("governors.people.detail", person_id=person.id))
    return _person_form_page(form, person)


def _one_step(person: User, change: Callable[[User, User], None], done: str) -> Response:
    """A change made with one button: make it, say so (or why not), back to the person."""
    try:
        change(current_user, person)
    except Refused as refused:
        flash(refused.message, "info")
    else:
        db.session.commit()
        flash(done, "success")
    return redirect(url_for("governors.people.detail", person_id=person.id))


@bp.route("/<governors_id:person_id>/deactivate", methods=["GET", "POST"])
def deactivate(person_id: int) -> str | Response:
    person = get_authorised(User, person_id, Permission.PEOPLE_MANAGE)
    if request.method == "POST":
        return _one_step(
            person,
            services.deactivate_person,
            f"{person.name} is deactivated and can no longer sign in.",
        )
    return render_template(
        "governors/people/deactivate.html", person=person, is_self=person.id == current_user.id
    )


@bp.route("/<governors_id:person_id>/reactivate", methods=["POST"])
def reactivate(person_id: int) -> Response:
    person = get_authorised(User, person_id, Permission.PEOPLE_MANAGE)
    return _one_step(
        person, services.reactivate_person, f"{person.name} is active again and can sign in."
    )


@bp.route("/<governors_id:person_id>/resend-invitation", methods=["POST"])
def resend_invitation(person_id: int) -> Response:
    person = get_authorised(User, person_id, Permission.PEOPLE_MANAGE)
    return _one_step(
        person, services.resend_invitation, f"We have emailed {person.name} a new invitation."
    )
