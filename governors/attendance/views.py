"""Attendance pages: a member's apologies, and the secretary's register with the quorum
for every item and the declarations of interest."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user

from governors.attendance import services
from governors.attendance.forms import (
    ApologiesForm,
    AttendanceForm,
    DeclarationForm,
    InAttendanceForm,
    PublicCountForm,
)
from governors.attendance.models import AttendanceRecord, Declaration, Presence
from governors.bodies.services import active_people
from governors.errors import Refused
from governors.extensions import db
from governors.forms import refused_on_form
from governors.interests.models import InterestCheck
from governors.interests.services import advance_declarations
from governors.meetings.models import Meeting
from governors.people.models import User
from governors.permissions import Permission, authorise, get_authorised, load_or_404
from governors.templating import render_template
from governors.timeutil import utcnow

bp = Blueprint("attendance", __name__, url_prefix="/meetings")


def _actor() -> User:
    return current_user._get_current_object()


def _to_register(meeting: Meeting, message: str, category: str = "success") -> Any:
    flash(message, category)
    return redirect(url_for(".register", meeting_id=meeting.id))


def _kept(meeting_id: int) -> Meeting:
    return get_authorised(Meeting, meeting_id, Permission.ATTENDANCE_KEEP)


def _item_choices(register: services.Register) -> list[tuple[str, str]]:
    numbers = register.numbers
    return [(str(item.id), f"{numbers[item.id]}. {item.title}") for item in register.items]


# A member's apologies -------------------------------------------------------------------


@bp.route("/<governors_id:meeting_id>/apologies", methods=["GET", "POST"])
def apologies(meeting_id: int) -> Any:
    meeting = get_authorised(Meeting, meeting_id, Permission.ATTENDANCE_APOLOGISE)
    authorise(Permission.MEETINGS_VIEW, meeting)
    entry = services.own_record(meeting, _actor())
    form = ApologiesForm(data={"message": entry.message or ""} if entry else None)
    if form.validate_on_submit():
        try:
            services.send_apologies(_actor(), meeting, form.message.data)
        except Refused as refused:
            db.session.rollback()
            refused_on_form(form, refused)
        else:
            db.session.commit()
            flash("Apologies sent. The board secretary has been told.", "success")
            return redirect(url_for("governors.meetings.detail", meeting_id=meeting.id))
    return render_template(
        "governors/attendance/apologies.html",
        meeting=meeting,
        form=form,
        entry=entry,
        started=utcnow() >= meeting.starts_at,
    )


@bp.route("/<governors_id:meeting_id>/apologies/withdraw", methods=["POST"])
def withdraw_apologies(meeting_id: int) -> Any:
    meeting = get_authorised(Meeting, meeting_id, Permission.ATTENDANCE_APOLOGISE)
    authorise(Permission.MEETINGS_VIEW, meeting)
    try:
        services.withdraw_apologies(_actor(), meeting)
    except Refused as refused:
        db.session.rollback()
        flash(refused.message, "warning")
    else:
        db.session.commit()
        flash("Apologies withdrawn. You are expected at the meeting.", "success")
    return redirect(url_for("governors.meetings.detail", meeting_id=meeting.id))


# The register ------------------------------------------------------------------------------


@bp.route("/<governors_id:meeting_id>/register")
def register(meeting_id: int) -> str:
    meeting = _kept(meeting_id)
    register = services.register_for(meeting)
    return render_template(
        "governors/attendance/register.html",
        meeting=meeting,
        register=register,
        numbers=register.numbers,
        started=utcnow() >= meeting.starts_at,
        advance=advance_declarations(meeting),
        public_form=PublicCountForm(
            data={"public_count": "" if meeting.public_count is None else str(meeting.public_count)}
        ),
        Presence=Presence,
    )


@bp.route("/<governors_id:meeting_id>/register/<governors_id:person_id>", methods=["GET", "POST"])
def record(meeting_id: int, person_id: int) -> Any:
    meeting = _kept(meeting_id)
    person = load_or_404(User, person_id)
    register = services.register_for(meeting)
    entry = services.own_record(meeting, person)
    members = [
        (str(line.member.user.id), line.member.user.name)
        for line in register.lines
        if line.member and line.member.user.id != person.id
    ]
    form = AttendanceForm(
        members=members,
        items=_item_choices(register),
        data={
            "status": entry.status if entry else "",
            "deputy_for_id": str(entry.deputy_for_id or "") if entry else "",
            "arrived_for_item_id": str(entry.arrived_for_item_id or "") if entry else "",
            "left_after_item_id": str(entry.left_after_item_id or "") if entry else "",
            "role_text": (entry.role_text or "") if entry else "",
        },
    )
    if form.validate_on_submit():
        deputy_for = form.number(form.deputy_for_id)
        try:
            services.record_attendance(
                _actor(),
                meeting,
                person,
                form.status.data,
                deputy_for=db.session.get(User, deputy_for) if deputy_for else None,
                arrived_for_item_id=form.number(form.arrived_for_item_id),
                left_after_item_id=form.number(form.left_after_item_id),
                role_text=form.role_text.data,
            )
        except Refused as refused:
            db.session.rollback()
            refused_on_form(form, refused)
        else:
            db.session.commit()
            return _to_register(meeting, f"{person.name}'s attendance recorded")
    return render_template(
        "governors/attendance/record.html", meeting=meeting, person=person, form=form, entry=entry
    )


@bp.route("/<governors_id:meeting_id>/register/everyone-else", methods=["POST"])
def everyone_else(meeting_id: int) -> Any:
    meeting = _kept(meeting_id)
    status = request.form.get("status", "")
    if status not in (Presence.PRESENT, Presence.ABSENT):
        abort(400)
    count = services.record_everyone_else(_actor(), meeting, status)
    db.session.commit()
    return _to_register(meeting, f"{count} recorded as {Presence(status).label.lower()}")


@bp.route("/<governors_id:meeting_id>/register/in-attendance", methods=["GET", "POST"])
def in_attendance(meeting_id: int) -> Any:
    meeting = _kept(meeting_id)
    form = InAttendanceForm(people=[(str(u.id), u.name) for u in active_people()])
    if form.validate_on_submit():
        try:
            if form.user_id.data:
                entry = services.record_attendance(
                    _actor(),
                    meeting,
                    db.session.get(User, int(form.user_id.data)),
                    Presence.IN_ATTENDANCE,
                    role_text=form.role_text.data,
                )
            else:
                entry = services.add_named(_actor(), meeting, form.name.data, form.role_text.data)
        except Refused as refused:
            db.session.rollback()
            refused_on_form(form, refused)
        else:
            db.session.commit()
            return _to_register(meeting, f"{entry.display_name} recorded in attendance")
    return render_template("governors/attendance/in_attendance.html", meeting=meeting, form=form)


@bp.route(
    "/<governors_id:meeting_id>/register/entries/<governors_id:entry_id>/remove", methods=["POST"]
)
def remove_entry(meeting_id: int, entry_id: int) -> Any:
    meeting = _kept(meeting_id)
    entry = load_or_404(AttendanceRecord, entry_id)
    if entry.meeting_id != meeting.id:
        abort(404)
    services.remove_entry(_actor(), entry)
    db.session.commit()
    return _to_register(meeting, "Taken off the register")


@bp.route("/<governors_id:meeting_id>/register/public", methods=["POST"])
def public_count(meeting_id: int) -> Any:
    meeting = _kept(meeting_id)
    form = PublicCountForm()
    if not form.validate_on_submit():
        return _to_register(meeting, form.public_count.errors[0], "warning")
    typed = form.public_count.data
    services.set_public_count(_actor(), meeting, int(typed) if typed else None)
    db.session.commit()
    return _to_register(meeting, "Members of the public recorded")


@bp.route("/<governors_id:meeting_id>/declarations/new", methods=["GET", "POST"])
def declare(meeting_id: int) -> Any:
    meeting = _kept(meeting_id)
    register = services.register_for(meeting)
    people = [
        (str(line.member.user.id), line.member.user.name) for line in register.lines if line.member
    ]
    people += [(str(r.user_id), r.display_name) for r in register.others if r.user_id is not None]
    check = _advance(meeting, request.values.get("check_id") or request.args.get("check"))
    prefill = None
    if check is not None and request.method == "GET":
        prefill = {
            "user_id": str(check.user_id),
            "item_id": str(check.item_id),
            "interest": check.note,
            "sensitive": bool(check.interest and check.interest.sensitive),
            "check_id": str(check.id),
        }
    form = DeclarationForm(people=people, items=_item_choices(register), data=prefill)
    if form.validate_on_submit():
        item = next(i for i in register.items if str(i.id) == form.item_id.data)
        declarer = db.session.get(User, int(form.user_id.data))
        from_check = check is not None and check.user_id == declarer.id
        try:
            services.record_declaration(
                _actor(),
                item,
                declarer,
                form.interest.data,
                form.action.data,
                entry=check.interest if from_check else None,
                sensitive=form.sensitive.data,
            )
        except Refused as refused:
            db.session.rollback()
            refused_on_form(form, refused)
        else:
            db.session.commit()
            return _to_register(meeting, "Declaration recorded")
    return render_template(
        "governors/attendance/declare.html", meeting=meeting, form=form, check=check
    )


def _advance(meeting: Meeting, check_id: str | None) -> InterestCheck | None:
    """A member's answer before the meeting that they will declare an interest, by id."""
    if not check_id or not check_id.isdigit():
        return None
    check = db.session.get(InterestCheck, int(check_id))
    if check is None or check.item.meeting_id != meeting.id:
        return None
    return check


@bp.route(
    "/<governors_id:meeting_id>/declarations/<governors_id:declaration_id>/remove",
    methods=["POST"],
)
def remove_declaration(meeting_id: int, declaration_id: int) -> Any:
    meeting = _kept(meeting_id)
    declaration = load_or_404(Declaration, declaration_id)
    if declaration.meeting_id != meeting.id:
        abort(404)
    services.remove_declaration(_actor(), declaration)
    db.session.commit()
    return _to_register(meeting, "Declaration removed")
