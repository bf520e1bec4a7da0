"""Pages of the register of interests: the public register, each person's own register and
yearly return, the secretary's overview, and a member's check of a meeting's agenda."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, request, url_for
from flask_login import current_user

from governors.errors import Refused
from governors.extensions import db
from governors.forms import refused_on_form
from governors.interests import services
from governors.interests.forms import InterestForm, ReturnForm
from governors.interests.models import CHECK_ANSWERS, CheckAnswer, Interest, InterestKind
from governors.meetings.models import Meeting
from governors.people.models import User
from governors.permissions import (
    Permission,
    authorise,
    can,
    get_authorised,
    load_or_404,
    requires,
)
from governors.templating import render_template
from governors.timeutil import local_today, utcnow

bp = Blueprint("interests", __name__, url_prefix="/interests")


def _actor() -> User:
    return current_user._get_current_object()


def _kept_by(person_id: int) -> User:
    return get_authorised(User, person_id, Permission.INTERESTS_KEEP)


def _to_person(person: User, message: str) -> Any:
    flash(message, "success")
    return redirect(url_for(".person", person_id=person.id))


def _details(form: InterestForm) -> services.InterestDetails:
    return services.InterestDetails(
        kind=form.kind.data,
        organisation=form.organisation.data,
        description=form.description.data,
        starts_on=form.starts_on.data,
        ends_on=form.ends_on.data,
        sensitive=form.sensitive.data,
    )


def _hints() -> dict[str, str]:
    return {kind.value: kind.hint for kind in InterestKind}


@bp.route("/")
def public() -> str:
    """The register of governors' interests, as the constitution asks it to be published."""
    authorise(Permission.PUBLIC_VIEW)
    return render_template(
        "governors/interests/public.html",
        entries=services.public_register(),
        today=local_today(),
    )


@bp.route("/mine")
@requires(Permission.INTERESTS_KEEP)
def mine() -> Any:
    return redirect(url_for(".person", person_id=current_user.id))


@bp.route("/everyone")
@requires(Permission.INTERESTS_OVERSEE)
def index() -> str:
    rows = services.overview()
    return render_template("governors/interests/index.html", rows=rows)


@bp.route("/people/<governors_id:person_id>")
def person(person_id: int) -> str:
    person = _kept_by(person_id)
    return render_template(
        "governors/interests/person.html",
        register=services.register_of(person),
        form=ReturnForm(),
        own=person.id == current_user.id,
    )


@bp.route("/people/<governors_id:person_id>/return", methods=["POST"])
def make_return(person_id: int) -> Any:
    person = _kept_by(person_id)
    form = ReturnForm()
    if form.validate_on_submit():
        try:
            services.make_return(_actor(), person, nothing_to_declare=form.answer.data == "nothing")
        except Refused as refused:
            db.session.rollback()
            refused_on_form(form, refused)
        else:
            db.session.commit()
            return _to_person(person, "Thank you. Your declaration for the year is recorded.")
    return render_template(
        "governors/interests/person.html",
        register=services.register_of(person),
        form=form,
        own=person.id == current_user.id,
    )


@bp.route("/people/<governors_id:person_id>/new", methods=["GET", "POST"])
def add(person_id: int) -> Any:
    person = _kept_by(person_id)
    form = InterestForm()
    if form.validate_on_submit():
        try:
            services.add_interest(_actor(), person, _details(form))
        except Refused as refused:
            db.session.rollback()
            refused_on_form(form, refused)
        else:
            db.session.commit()
            return _to_person(person, f"Interest in {form.organisation.data} added")
    return render_template(
        "governors/interests/form.html", person=person, form=form, entry=None, hints=_hints()
    )


def _entry(interest_id: int) -> Interest:
    entry = load_or_404(Interest, interest_id)
    authorise(Permission.INTERESTS_KEEP, entry.user)
    return entry


@bp.route("/<governors_id:interest_id>/edit", methods=["GET", "POST"])
def edit(interest_id: int) -> Any:
    entry = _entry(interest_id)
    form = InterestForm(obj=entry)
    if form.validate_on_submit():
        try:
            services.update_interest(_actor(), entry, _details(form))
        except Refused as refused:
            db.session.rollback()
            refused_on_form(form, refused)
        else:
            db.session.commit()
            return _to_person(entry.user, f"Interest in {entry.organisation} changed")
    return render_template(
        "governors/interests/form.html",
        person=entry.user,
        form=form,
        entry=entry,
        hints=_hints(),
    )


@bp.route("/<governors_id:interest_id>/remove", methods=["POST"])
def remove(interest_id: int) -> Any:
    entry = _entry(interest_id)
    person, organisation = entry.user, entry.organisation
    services.remove_interest(_actor(), entry)
    db.session.commit()
    return _to_person(person, f"Interest in {organisation} removed")


# Before a meeting ----------------------------------------------------------------------


@bp.route("/meetings/<governors_id:meeting_id>", methods=["GET", "POST"])
def check(meeting_id: int) -> Any:
    """The items of a meeting's agenda that mention an organisation in the member's own
    register: they say, for each, whether they will declare an interest. For those who sit
    on the body holding the meeting."""
    meeting = get_authorised(Meeting, meeting_id, Permission.ATTENDANCE_APOLOGISE)
    authorise(Permission.MEETINGS_VIEW, meeting)
    me = _actor()
    items = services.items_to_check(me, meeting, private=can(me, Permission.PRIVATE_VIEW, meeting))
    started = utcnow() >= meeting.starts_at
    errors: dict[str, str] = {}
    typed: dict[str, str] = {}
    if request.method == "POST":
        if started or meeting.cancelled_at is not None:
            flash(
                "The meeting has started, so answers can no longer be sent here. Declare "
                "your interest at the meeting, and the board secretary will record it.",
                "warning",
            )
            return redirect(url_for(".check", meeting_id=meeting.id))
        for checking in items:
            answer = request.form.get(f"answer_{checking.item_id}", "")
            note = request.form.get(f"note_{checking.item_id}", "").strip()
            typed[f"answer_{checking.item_id}"] = answer
            typed[f"note_{checking.item_id}"] = note
            if answer not in {a.value for a in CheckAnswer}:
                errors[f"answer_{checking.item_id}"] = (
                    f"Select whether you will declare an interest on item {checking.number}"
                )
            elif answer == CheckAnswer.DECLARE and not note:
                errors[f"note_{checking.item_id}"] = (
                    f"Say what the interest is for item {checking.number}"
                )
            elif len(note) > 500:
                errors[f"note_{checking.item_id}"] = (
                    f"What the interest is for item {checking.number} must be 500 characters "
                    "or fewer"
                )
        if not errors:
            for checking in items:
                services.answer_check(
                    me,
                    meeting,
                    checking,
                    typed[f"answer_{checking.item_id}"],
                    typed[f"note_{checking.item_id}"],
                )
            db.session.commit()
            flash("Thank you. The board secretary can see your answers.", "success")
            return redirect(url_for("governors.meetings.detail", meeting_id=meeting.id))
    return render_template(
        "governors/interests/check.html",
        meeting=meeting,
        items=items,
        started=started,
        errors=errors,
        typed=typed,
        answers=CHECK_ANSWERS,
        CheckAnswer=CheckAnswer,
    )
