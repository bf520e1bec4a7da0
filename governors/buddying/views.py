"""Buddying pages: your buddies and requests, asking for a buddy, a pair and the notes of
its meetings, and the secretary's list, answers and pairing."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from governors.buddying import services
from governors.buddying.forms import (
    NOBODY,
    PURPOSE_HINTS,
    AnswerForm,
    AskForm,
    EndForm,
    NoteForm,
    PairForm,
)
from governors.buddying.models import BuddyPair, BuddyRequest
from governors.buddying.rules import RequestStatus
from governors.converters import id_arg
from governors.errors import Refused
from governors.extensions import db
from governors.forms import refused_on_form
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
from governors.timeutil import local_today

bp = Blueprint("buddying", __name__, url_prefix="/buddying")


@bp.context_processor
def _helpers() -> dict[str, Any]:
    return {"purpose_hints": PURPOSE_HINTS, "described_as": services.described_as}


def _actor() -> User:
    return current_user._get_current_object()


def _person(value: str | None) -> User | None:
    return db.session.get(User, int(value)) if value and value.isdigit() else None


def _to(endpoint: str, message: str, category: str = "success", **values: Any) -> Response:
    flash(message, category)
    return redirect(url_for(endpoint, **values))


def _people_choices(people: list[User], none_label: str | None = None) -> list[tuple[str, str]]:
    choices = [(NOBODY, none_label)] if none_label else []
    return [
        *choices,
        *((str(p.id), f"{p.name}, {services.described_as(p).lower()}") for p in people),
    ]


# Your buddies ------------------------------------------------------------------------------


@bp.route("/")
@requires(Permission.HOME)
def index() -> str:
    me = _actor()
    return render_template(
        "governors/buddying/index.html",
        pairs=services.pairs_of(me),
        requests=services.requests_of(me),
        waiting=services.waiting_request_of(me),
        may_ask=can(me, Permission.BUDDIES_ASK) and services.may_have_a_buddy(me),
        manager=can(me, Permission.BUDDIES_MANAGE),
        today=local_today(),
    )


@bp.route("/ask", methods=["GET", "POST"])
@requires(Permission.BUDDIES_ASK)
def ask() -> str | Response:
    me = _actor()
    if not services.may_have_a_buddy(me):
        return _to(".index", "Only governors can ask for a buddy.", "info")
    if services.waiting_request_of(me) is not None:
        return _to(
            ".index", "You have already asked for a buddy. The board secretary will answer.", "info"
        )
    form = AskForm()
    form.preferred.choices = _people_choices(
        services.possible_buddies(me), "No one in particular: the board secretary suggests"
    )
    if form.validate_on_submit():
        try:
            services.ask_for_buddy(
                me,
                purpose=form.purpose.data,
                preferred=_person(form.preferred.data),
                message=form.message.data,
            )
        except Refused as refused:
            db.session.rollback()
            refused_on_form(form, refused)
        else:
            db.session.commit()
            return _to(
                ".index",
                "Request sent. The board secretary will answer, and you will get an email.",
            )
    return render_template("governors/buddying/ask.html", form=form)


def _request(buddy_request_id: int) -> BuddyRequest:
    return load_or_404(BuddyRequest, buddy_request_id, loader=services.load_request)


@bp.route("/requests/<governors_id:buddy_request_id>/withdraw", methods=["POST"])
def withdraw(buddy_request_id: int) -> Response:
    asked = _request(buddy_request_id)
    authorise(Permission.BUDDIES_WITHDRAW, asked)
    form = EndForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.withdraw_request(_actor(), asked)
    except Refused as refused:
        db.session.rollback()
        return _to(".index", refused.message, "info")
    db.session.commit()
    return _to(".index", "Request withdrawn.")


# The secretary -----------------------------------------------------------------------------


@bp.route("/all")
@requires(Permission.BUDDIES_MANAGE)
def all_pairs() -> str:
    today = local_today()
    return render_template(
        "governors/buddying/all.html",
        pairs=services.current_pairs(today),
        waiting=services.waiting_requests(),
        new_governors=services.new_governors_without_buddy(today),
        today=today,
    )


def _suggested_choices(governor: User, preferred_id: int | None) -> tuple[list, list]:
    """The ranked suggestions, and the buddy choices: the suggestions first, in order,
    then everyone else who could be a buddy (those away today last)."""
    suggestions = services.suggestions(governor, preferred_id)
    people = {p.id: p for p in services.possible_buddies(governor)}
    ordered = [people[s.user_id] for s in suggestions if s.user_id in people]
    suggested = {p.id for p in ordered}
    rest = [p for p in people.values() if p.id not in suggested]
    return suggestions, ordered + rest


@bp.route("/requests/<governors_id:buddy_request_id>", methods=["GET", "POST"])
def answer(buddy_request_id: int) -> str | Response:
    asked = _request(buddy_request_id)
    authorise(Permission.BUDDIES_MANAGE, asked)
    suggestions, people = _suggested_choices(asked.governor, asked.preferred_id)
    form = AnswerForm()
    form.buddy.choices = _people_choices(people)
    if request.method == "GET" and people:
        form.buddy.data = str(people[0].id)
    if asked.status == RequestStatus.WAITING and form.validate_on_submit():
        accept = form.decision.data == "accept"
        try:
            services.answer_request(
                _actor(),
                asked,
                accept=accept,
                buddy=_person(form.buddy.data) if accept else None,
                reason=form.reason.data,
            )
        except Refused as refused:
            db.session.rollback()
            refused_on_form(form, refused)
        else:
            db.session.commit()
            if asked.pair_id is not None:
                return _to(
                    ".pair",
                    f"{asked.governor.name} and {asked.pair.buddy.name} are now buddies. "
                    "Both have been emailed.",
                    pair_id=asked.pair_id,
                )
            return _to(".all_pairs", f"Answer sent to {asked.governor.name}.")
    return render_template(
        "governors/buddying/answer.html", form=form, asked=asked, suggestions=suggestions
    )


@bp.route("/pairs/new", methods=["GET", "POST"])
@requires(Permission.BUDDIES_MANAGE)
def new_pair() -> str | Response:
    governor_id = id_arg("governor")
    governor = load_or_404(User, governor_id) if governor_id is not None else None
    form = PairForm()
    governors = [p for p in services.possible_buddies() if services.may_have_a_buddy(p)]
    if governor is not None and governor not in governors:
        abort(404)
    form.governor.choices = _people_choices(governors, "Choose a governor")
    chosen = governor or _person(form.governor.data if request.method == "POST" else None)
    suggestions: list = []
    if chosen is not None and chosen in governors:
        suggestions, people = _suggested_choices(chosen, None)
    else:
        people = services.possible_buddies()
    form.buddy.choices = _people_choices(people, "Choose their buddy")
    if request.method == "GET":
        form.starts_on.process(None, local_today())
        if governor is not None:
            form.governor.data = str(governor.id)
            form.buddy.data = str(people[0].id) if suggestions else NOBODY
    if form.validate_on_submit():
        try:
            pair = services.create_pair(
                _actor(),
                _person(form.governor.data),  # type: ignore[arg-type]
                _person(form.buddy.data),
                purpose=form.purpose.data,
                starts_on=form.starts_on.data,
                ends_on=form.ends_on.data,
            )
        except Refused as refused:
            db.session.rollback()
            refused_on_form(form, refused)
        else:
            db.session.commit()
            return _to(
                ".pair",
                f"{pair.governor.name} and {pair.buddy.name} are now buddies. "
                "Both have been emailed.",
                pair_id=pair.id,
            )
    return render_template(
        "governors/buddying/new_pair.html", form=form, governor=chosen, suggestions=suggestions
    )


# One pair ----------------------------------------------------------------------------------


def _pair(pair_id: int, permission: Permission = Permission.BUDDIES_VIEW) -> BuddyPair:
    return get_authorised(BuddyPair, pair_id, permission, loader=services.load_pair)


def _pair_page(pair: BuddyPair, note_form: NoteForm | None = None) -> str:
    today = local_today()
    if note_form is None:
        note_form = NoteForm(formdata=None)
        note_form.met_on.process(None, today)
    return render_template(
        "governors/buddying/pair.html",
        pair=pair,
        form=note_form,
        end_form=EndForm(formdata=None),
        manager=can(current_user, Permission.BUDDIES_MANAGE),
        current=pair.ends_on is None or pair.ends_on >= today,
        today=today,
    )


@bp.route("/pairs/<governors_id:pair_id>")
def pair(pair_id: int) -> str:
    return _pair_page(_pair(pair_id))


@bp.route("/pairs/<governors_id:pair_id>/notes", methods=["GET", "POST"])
def add_note(pair_id: int) -> str | Response:
    pair = _pair(pair_id)
    if request.method == "GET":
        return redirect(url_for(".pair", pair_id=pair.id, _anchor="add-note"))
    form = NoteForm()
    if form.validate_on_submit():
        try:
            services.add_note(_actor(), pair, form.met_on.data, form.note.data)
        except Refused as refused:
            db.session.rollback()
            refused_on_form(form, refused)
        else:
            db.session.commit()
            return _to(".pair", "Note added.", pair_id=pair.id)
    return _pair_page(pair, form)


@bp.route("/pairs/<governors_id:pair_id>/end", methods=["POST"])
def end(pair_id: int) -> Response:
    pair = _pair(pair_id, Permission.BUDDIES_MANAGE)
    form = EndForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.end_pair(_actor(), pair)
    except Refused as refused:
        db.session.rollback()
        return _to(".pair", refused.message, "info", pair_id=pair.id)
    db.session.commit()
    return _to(".pair", "The pair has ended.", pair_id=pair.id)
