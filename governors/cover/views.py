"""Pages for saying when you are not available: in two steps (fill in, then check and
confirm), your own periods, each period's page with its private note, and ending a period
early in one step. The board secretary sees who is away and records a period for someone,
with their agreement.

A period's private note is shown only on its own page and in the forms of the person and
the secretary, who alone may open them. It never goes in a flash message or a web address.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import Blueprint, flash, redirect, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from governors.council.models import current_settings
from governors.cover import arranging, services
from governors.cover.forms import NoteForm, PeriodForm, RecordForm
from governors.cover.models import Unavailability
from governors.errors import Refused
from governors.extensions import db
from governors.forms import refused_on_form
from governors.people.models import User
from governors.permissions import Permission, get_authorised, people_who_may, requires
from governors.templating import render_template
from governors.timeutil import format_date, local_today

bp = Blueprint("availability", __name__, url_prefix="/availability")


@bp.context_processor
def _helpers() -> dict[str, Any]:
    today = local_today()
    later = today + timedelta(days=14)
    return {
        "today": today,
        "example_day": f"{later.day} {later.month} {later.year}",
        "note_months": current_settings().health_note_months,
        "period_state": lambda period: state_of(period, today),
    }


def state_of(period: Unavailability, today: date) -> str:
    """How a period stands today, in a few words."""
    if period.is_withdrawn:
        return "Withdrawn"
    if period.ends_on is not None and period.ends_on < today:
        return "Ended early" if period.ended_early_at else "Ended"
    if period.starts_on > today:
        return "Coming"
    return "Now"


def is_open(period: Unavailability, today: date) -> bool:
    """Whether the person can still say they are available again."""
    return not period.is_withdrawn and (period.ends_on is None or period.ends_on >= today)


def _actor() -> User:
    return current_user._get_current_object()


def _period(period_id: int) -> Unavailability:
    return get_authorised(
        Unavailability, period_id, Permission.AVAILABILITY_OWN, loader=services.load_period
    )


# Saying you are not available: two steps ---------------------------------------------------


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.AVAILABILITY_OWN)
def new() -> str | Response:
    """Step 1 fills in the form; step 2 shows the answers to check, carried in hidden
    fields, with "Confirm" (records it) and "Change" (back to step 1, answers kept)."""
    if request.method == "GET":
        form = PeriodForm(data={"starts_on": local_today()})
        return _step_one(form)
    form = PeriodForm()
    if "change" in request.form:
        return _step_one(form)
    if not form.validate_on_submit():
        return _step_one(form)
    try:
        services.check_dates(form.starts_on.data, form.last_day)
        if "confirm" not in request.form:
            return render_template("governors/availability/check.html", form=form)
        period = services.record_unavailability(
            _actor(),
            _actor(),
            starts_on=form.starts_on.data,
            ends_on=form.last_day,
            note=form.note.data,
        )
    except Refused as refused:
        db.session.rollback()
        refused_on_form(form, refused)
        return _step_one(form)
    db.session.commit()
    flash(
        "Thank you. You are recorded as not available "
        f"{services.describe_dates(period.starts_on, period.ends_on)}.",
        "success",
    )
    return redirect(url_for(".period", period_id=period.id))


def _step_one(form: PeriodForm) -> str:
    return render_template("governors/availability/new.html", form=form)


# Your periods ------------------------------------------------------------------------------


@bp.route("/")
@requires(Permission.AVAILABILITY_OWN)
def index() -> str:
    today = local_today()
    periods = services.periods_of(_actor())
    return render_template(
        "governors/availability/index.html",
        current=[period for period in periods if is_open(period, today)],
        past=[period for period in periods if not is_open(period, today)],
    )


# One period --------------------------------------------------------------------------------


def _page(period: Unavailability, note_form: NoteForm | None = None) -> str:
    today = local_today()
    if note_form is None:
        note_form = NoteForm(formdata=None, data={"note": period.note})
    return render_template(
        "governors/availability/period.html",
        period=period,
        own=period.user_id == current_user.id,
        open=is_open(period, today),
        state=state_of(period, today),
        erases_after=services.erase_after(period),
        note_form=note_form,
        form=note_form,
        touched=arranging.touched_by(period),
    )


@bp.route("/<governors_id:period_id>")
def period(period_id: int) -> str:
    return _page(_period(period_id))


@bp.route("/<governors_id:period_id>/note", methods=["POST"])
def change_note(period_id: int) -> str | Response:
    period = _period(period_id)
    form = NoteForm()
    if form.validate_on_submit():
        had_note = period.note is not None
        try:
            services.change_note(_actor(), period, form.note.data)
        except Refused as refused:
            db.session.rollback()
            refused_on_form(form, refused)
        else:
            db.session.commit()
            if period.note is not None:
                message = "The private note is saved."
            elif had_note:
                message = "The private note is removed."
            else:
                message = "There is no private note."
            flash(message, "success")
            return redirect(url_for(".period", period_id=period.id))
    return _page(period, form)


@bp.route("/<governors_id:period_id>/end", methods=["POST"])
def end(period_id: int) -> Response:
    """Available again from today, in one step: the period ends yesterday, or is withdrawn
    if it has not begun."""
    period = _period(period_id)
    own = period.user_id == current_user.id
    try:
        services.end_early(_actor(), period)
    except Refused as refused:
        db.session.rollback()
        flash(refused.message, "info")
    else:
        db.session.commit()
        who = "You are" if own else f"{period.user.name} is"
        if period.is_withdrawn:
            message = f"{who} no longer recorded as away. The period is withdrawn."
        else:
            message = f"{who} available again from today, {format_date(local_today())}."
        flash(message, "success")
    return redirect(url_for(".period", period_id=period.id))


# The board secretary -----------------------------------------------------------------------


@bp.route("/everyone")
@requires(Permission.AVAILABILITY_MANAGE)
def everyone() -> str:
    """Who is away now and soon. Whether a period has a private note, never the note."""
    today = local_today()
    periods = services.current_and_coming(today)
    return render_template(
        "governors/availability/everyone.html",
        now=[period for period in periods if period.starts_on <= today],
        soon=[period for period in periods if period.starts_on > today],
    )


def _people() -> list[User]:
    return people_who_may(Permission.AVAILABILITY_OWN)


@bp.route("/record", methods=["GET", "POST"])
@requires(Permission.AVAILABILITY_MANAGE)
def record() -> str | Response:
    """Record a period for someone, with their agreement. One step: the secretary checks
    the answers with the person."""
    people = _people()
    form = RecordForm(data={"starts_on": local_today()} if request.method == "GET" else None)
    form.person.choices = [("", "Choose a person"), *((str(p.id), p.name) for p in people)]
    if request.method == "GET" and request.args.get("person", "").isdigit():
        form.person.data = request.args["person"]
    if form.validate_on_submit():
        person = next(p for p in people if str(p.id) == form.person.data)
        try:
            period = services.record_unavailability(
                _actor(),
                person,
                starts_on=form.starts_on.data,
                ends_on=form.last_day,
                note=form.note.data,
                consent_noted=form.consent.data,
            )
        except Refused as refused:
            db.session.rollback()
            refused_on_form(form, refused)
        else:
            db.session.commit()
            flash(
                f"{person.name} is recorded as not available "
                f"{services.describe_dates(period.starts_on, period.ends_on)}.",
                "success",
            )
            return redirect(url_for(".period", period_id=period.id))
    return render_template("governors/availability/record.html", form=form)
