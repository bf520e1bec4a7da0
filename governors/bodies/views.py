"""Bodies pages: every body's remit, members and seats; setting them up; asking to join."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, flash, redirect, request, url_for
from flask_login import current_user

from governors.agendas.services import reports_from
from governors.bodies import services
from governors.bodies.forms import (
    KIND_HINTS,
    MEMBER_ROLE_HINTS,
    AnswerForm,
    BodyForm,
    JoinForm,
    MemberForm,
    PersonChoiceForm,
    ReviewForm,
    SeatForm,
    body_form_data,
)
from governors.bodies.models import Body, JoinRequest, JoinStatus, Membership, Seat, SeatDeputy
from governors.bodies.rules import fits, review_due
from governors.cover.rules import NOTICE_LABELS
from governors.documents.services import store_upload
from governors.errors import Refused
from governors.extensions import db
from governors.forms import refused_on_form
from governors.meetings import services as meetings
from governors.meetings.views import calendar_for
from governors.people.models import User
from governors.permissions import (
    Permission,
    authorise,
    can,
    load_or_404,
    requires,
    visible_meetings,
)
from governors.templating import render_template
from governors.timeutil import local_today

bp = Blueprint("bodies", __name__, url_prefix="/bodies")
PAST_SHOWN = 5


def _actor() -> User:
    return current_user._get_current_object()


def _to_body(body: Body, message: str, category: str = "success") -> Any:
    flash(message, category)
    return redirect(url_for(".detail", body_id=body.id))


def _body(body_id: int) -> Body:
    body = load_or_404(Body, body_id, loader=services.load_body)
    authorise(Permission.BODIES_VIEW, body)
    return body


def _managed(body_id: int) -> Body:
    body = load_or_404(Body, body_id, loader=services.load_body)
    authorise(Permission.BODIES_MANAGE, body)
    return body


# Reading -----------------------------------------------------------------------------------


@bp.route("/")
@requires(Permission.BODIES_VIEW)
def index() -> str:
    today = local_today()
    views = services.body_views(services.all_bodies(), today)
    manager = can(current_user, Permission.BODIES_MANAGE)
    return render_template(
        "governors/bodies/index.html",
        views=views,
        mine=services.memberships_of(_actor(), today),
        flags={view.body.id: view.flags(today, with_availability=manager) for view in views},
        manager=manager,
        waiting=services.waiting_join_requests() if manager else [],
    )


@bp.route("/<governors_id:body_id>")
def detail(body_id: int) -> str:
    body = _body(body_id)
    today = local_today()
    view = services.body_views([body], today)[0]
    user = _actor()
    manager = can(user, Permission.BODIES_MANAGE)
    visible = visible_meetings(user)
    past, _ = meetings.past_meetings(today, visible=visible, body=body, limit=PAST_SHOWN)
    join_blocked = (
        services.join_blocked(body, user) if can(user, Permission.BODIES_JOIN) else "no right"
    )
    return render_template(
        "governors/bodies/detail.html",
        view=view,
        body=body,
        notice_labels=NOTICE_LABELS,
        manager=manager,
        flags=view.flags(today, with_availability=manager),
        upcoming=meetings.upcoming_meetings(today, visible=visible, body=body),
        past=past,
        children=services.children_of(body),
        reports=reports_from(body, user),
        past_members=services.past_members(body, today) if not body.is_council else [],
        future_members=services.future_members(body, today) if not body.is_council else [],
        join_requests=services.join_requests_for(body) if manager else [],
        my_request=services.waiting_request(body, user),
        may_join=join_blocked is None,
        review_due=review_due(body.membership_review_on, today),
    )


@bp.route("/<governors_id:body_id>/calendar.ics")
def feed(body_id: int) -> Response:
    """A body's meetings for a calendar app: members' details for those signed in who may
    see them, public details of a body that meets in public for anyone else."""
    body = load_or_404(Body, body_id)
    return calendar_for(body)


# Setting bodies up ---------------------------------------------------------------------------


def _parents(exclude: Body | None = None) -> list[tuple[str, str]]:
    return [
        (str(body.id), body.name)
        for body in services.all_bodies()
        if exclude is None or body.id != exclude.id
    ]


def _terms(form: BodyForm) -> Any:
    upload = form.terms_document.data
    if upload is None or not getattr(upload, "filename", ""):
        return None
    return store_upload(_actor(), upload)


def _save_body(form: BodyForm, body: Body | None) -> Any:
    try:
        terms = _terms(form)
        if body is None:
            saved = services.create_body(_actor(), form.details(), terms)
            message = f"{saved.name} set up. Now add its members and seats."
        else:
            changed = services.update_body(_actor(), body, form.details(), terms)
            saved, message = body, "Changes saved" if changed else "Nothing was changed"
    except Refused as refused:
        db.session.rollback()
        refused_on_form(form, refused)
        return None
    db.session.commit()
    return _to_body(saved, message)


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.BODIES_MANAGE)
def new() -> Any:
    council = services.council()
    form = BodyForm(parents=_parents(), data={"parent_id": str(council.id)})
    if form.validate_on_submit():
        done = _save_body(form, None)
        if done is not None:
            return done
    return render_template(
        "governors/bodies/form.html", form=form, body=None, kind_hints=KIND_HINTS
    )


@bp.route("/<governors_id:body_id>/edit", methods=["GET", "POST"])
def edit(body_id: int) -> Any:
    body = _managed(body_id)
    form = BodyForm(parents=_parents(exclude=body), data=body_form_data(body))
    if body.is_council:
        # The Council is always the Council: only its remit, reviews and quorum change.
        del form.kind
        del form.parent_id
        del form.chair_builds_agenda
    if form.validate_on_submit():
        done = _save_body(form, body)
        if done is not None:
            return done
    return render_template(
        "governors/bodies/form.html", form=form, body=body, kind_hints=KIND_HINTS
    )


@bp.route("/<governors_id:body_id>/reviewed", methods=["POST"])
def reviewed(body_id: int) -> Any:
    body = _managed(body_id)
    form = ReviewForm()
    if not form.validate_on_submit():
        return _to_body(
            body, form.next_review.errors[0] if form.next_review.errors else "Try again", "warning"
        )
    try:
        next_review = services.mark_membership_reviewed(_actor(), body, form.next_review.data)
    except Refused as refused:
        db.session.rollback()
        return _to_body(body, refused.message, "warning")
    db.session.commit()
    return _to_body(body, f"Membership review recorded. The next is due on {next_review:%d %B %Y}.")


# Members -------------------------------------------------------------------------------------


def _people() -> list[tuple[str, str]]:
    return [(str(user.id), user.name) for user in services.active_people()]


def _seats(body: Body) -> list[tuple[str, str]]:
    return [(str(seat.id), f"{seat.name.capitalize()} seat") for seat in body.seats]


@bp.route("/<governors_id:body_id>/members/new", methods=["GET", "POST"])
def add_member(body_id: int) -> Any:
    body = _managed(body_id)
    if body.is_council:
        return _to_body(body, "The Council's members are its governors.", "info")
    form = MemberForm(people=_people(), seats=_seats(body))
    if form.validate_on_submit():
        user = db.session.get(User, form.chosen_user_id) if form.chosen_user_id else None
        seat = db.session.get(Seat, form.chosen_seat_id) if form.chosen_seat_id else None
        try:
            membership = services.add_member(
                _actor(),
                body,
                role=form.role.data,
                user=user,
                name=form.name.data,
                description=form.description.data,
                seat=seat,
                starts_on=form.first_day(local_today()),
                ends_on=form.ends_on.data,
            )
        except Refused as refused:
            db.session.rollback()
            refused_on_form(form, refused)
        else:
            db.session.commit()
            return _to_body(
                body, f"{membership.display_name} added as {membership.role_label.lower()}"
            )
    return render_template(
        "governors/bodies/member_form.html",
        form=form,
        body=body,
        membership=None,
        role_hints=MEMBER_ROLE_HINTS,
    )


def _membership(membership_id: int) -> Membership:
    membership = load_or_404(Membership, membership_id)
    authorise(Permission.BODIES_MANAGE, membership)
    return membership


@bp.route("/members/<governors_id:membership_id>/edit", methods=["GET", "POST"])
def edit_member(membership_id: int) -> Any:
    membership = _membership(membership_id)
    body = membership.body
    form = MemberForm(
        people=[],
        seats=_seats(body),
        editing=True,
        data={
            "role": membership.role,
            "seat_id": str(membership.seat_id) if membership.seat_id else "",
            "starts_on": membership.starts_on,
            "ends_on": membership.ends_on,
            "description": membership.description or "",
        },
    )
    if form.validate_on_submit():
        seat = db.session.get(Seat, form.chosen_seat_id) if form.chosen_seat_id else None
        try:
            changed = services.update_member(
                _actor(),
                membership,
                role=form.role.data,
                seat=seat,
                starts_on=form.first_day(membership.starts_on),
                ends_on=form.ends_on.data,
                description=form.description.data,
            )
        except Refused as refused:
            db.session.rollback()
            refused_on_form(form, refused)
        else:
            db.session.commit()
            return _to_body(body, "Changes saved" if changed else "Nothing was changed")
    return render_template(
        "governors/bodies/member_form.html",
        form=form,
        body=body,
        membership=membership,
        role_hints=MEMBER_ROLE_HINTS,
    )


@bp.route("/members/<governors_id:membership_id>/end", methods=["GET", "POST"])
def end_member(membership_id: int) -> Any:
    membership = _membership(membership_id)
    body = membership.body
    if request.method == "POST":
        try:
            services.end_membership(_actor(), membership)
        except Refused as refused:
            db.session.rollback()
            return _to_body(body, refused.message, "warning")
        db.session.commit()
        return _to_body(body, f"{membership.display_name}'s place on {body.name} ends today")
    return render_template("governors/bodies/end_member.html", membership=membership, body=body)


# Seats and deputies ---------------------------------------------------------------------------


@bp.route("/<governors_id:body_id>/seats/new", methods=["GET", "POST"])
def add_seat(body_id: int) -> Any:
    body = _managed(body_id)
    if body.is_council:
        return _to_body(body, "The Council's places are set by the constitution.", "info")
    form = SeatForm()
    if form.validate_on_submit():
        try:
            seat = services.add_seat(_actor(), body, form.requirement.data, int(form.required.data))
        except Refused as refused:
            db.session.rollback()
            refused_on_form(form, refused)
        else:
            db.session.commit()
            return _to_body(body, f"{seat.describe} seat added")
    return render_template("governors/bodies/seat_form.html", form=form, body=body)


def _seat(seat_id: int) -> Seat:
    seat = load_or_404(Seat, seat_id)
    authorise(Permission.BODIES_MANAGE, seat)
    return seat


@bp.route("/seats/<governors_id:seat_id>/remove", methods=["POST"])
def remove_seat(seat_id: int) -> Any:
    seat = _seat(seat_id)
    body = seat.body
    services.remove_seat(_actor(), seat)
    db.session.commit()
    return _to_body(body, "Seat removed. Its holders stay members.")


@bp.route("/seats/<governors_id:seat_id>/deputies/new", methods=["GET", "POST"])
def add_deputy(seat_id: int) -> Any:
    seat = _seat(seat_id)
    body = seat.body
    fitting = [
        (str(user.id), user.name)
        for user in services.active_people()
        if fits(seat.requirement, services.person_facts(user))
    ]
    form = PersonChoiceForm(people=fitting)
    if form.validate_on_submit():
        user = db.session.get(User, int(form.user_id.data))
        try:
            deputy = services.add_deputy(_actor(), seat, user)
        except Refused as refused:
            db.session.rollback()
            refused_on_form(form, refused)
        else:
            db.session.commit()
            return _to_body(body, f"{deputy.user.name} agreed as a deputy for the {seat.name} seat")
    return render_template("governors/bodies/deputy_form.html", form=form, body=body, seat=seat)


@bp.route("/deputies/<governors_id:deputy_id>/remove", methods=["POST"])
def remove_deputy(deputy_id: int) -> Any:
    deputy = load_or_404(SeatDeputy, deputy_id)
    authorise(Permission.BODIES_MANAGE, deputy)
    body = deputy.seat.body
    services.remove_deputy(_actor(), deputy)
    db.session.commit()
    return _to_body(body, "Deputy removed")


# Joining ----------------------------------------------------------------------------------------


@bp.route("/<governors_id:body_id>/join", methods=["GET", "POST"])
def join(body_id: int) -> Any:
    body = _body(body_id)
    authorise(Permission.BODIES_JOIN, body)
    blocked = services.join_blocked(body, _actor())
    if blocked:
        return _to_body(body, blocked, "info")
    form = JoinForm()
    if form.validate_on_submit():
        try:
            services.ask_to_join(_actor(), body, form.reason.data)
        except Refused as refused:
            db.session.rollback()
            refused_on_form(form, refused)
        else:
            db.session.commit()
            return _to_body(
                body, "Request sent. The board secretary will answer, and you will get an email."
            )
    return render_template("governors/bodies/join.html", form=form, body=body)


def _join_request(join_id: int) -> JoinRequest:
    return load_or_404(JoinRequest, join_id)


@bp.route("/join/<governors_id:join_id>/withdraw", methods=["POST"])
def withdraw(join_id: int) -> Any:
    join = _join_request(join_id)
    authorise(Permission.BODIES_JOIN, join)
    try:
        services.withdraw_join(_actor(), join)
    except Refused as refused:
        db.session.rollback()
        return _to_body(join.body, refused.message, "info")
    db.session.commit()
    return _to_body(join.body, "Request withdrawn")


@bp.route("/join/<governors_id:join_id>", methods=["GET", "POST"])
def answer(join_id: int) -> Any:
    join = _join_request(join_id)
    authorise(Permission.BODIES_MANAGE, join)
    form = AnswerForm()
    if join.status == JoinStatus.WAITING and form.validate_on_submit():
        try:
            services.answer_join(
                _actor(), join, accept=form.decision.data == "accept", answer=form.answer.data
            )
        except Refused as refused:
            db.session.rollback()
            refused_on_form(form, refused)
        else:
            db.session.commit()
            return _to_body(join.body, f"Answer sent to {join.user.name}")
    return render_template("governors/bodies/answer.html", form=form, join=join, body=join.body)
