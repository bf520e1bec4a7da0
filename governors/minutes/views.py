"""Minute-taking pages: each item of a held meeting, with its quorum, minute and votes."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, url_for
from flask_login import current_user

from governors.agendas.models import AgendaItem
from governors.attendance.services import register_for
from governors.errors import Refused
from governors.extensions import db
from governors.forms import refused_on_form
from governors.meetings.models import Meeting
from governors.minutes import services
from governors.minutes.forms import MinuteForm, minute_data
from governors.permissions import Permission, get_authorised, load_or_404
from governors.templating import render_template

bp = Blueprint("minutes", __name__, url_prefix="/meetings")


def _meeting(meeting_id: int) -> Meeting:
    return get_authorised(Meeting, meeting_id, Permission.MINUTES_WRITE)


def _item(meeting: Meeting, item_id: int) -> AgendaItem:
    item = load_or_404(AgendaItem, item_id)
    if item.meeting_id != meeting.id:
        abort(404)
    return item


@bp.route("/<governors_id:meeting_id>/minutes")
def index(meeting_id: int) -> str:
    meeting = _meeting(meeting_id)
    register = register_for(meeting)
    return render_template(
        "governors/minutes/index.html",
        meeting=meeting,
        register=register,
        numbers=register.numbers,
        minutes=services.minutes_for(meeting),
    )


@bp.route("/<governors_id:meeting_id>/minutes/<governors_id:item_id>", methods=["GET", "POST"])
def edit(meeting_id: int, item_id: int) -> Any:
    meeting = _meeting(meeting_id)
    item = _item(meeting, item_id)
    minute = services.minute_of(item)
    form = MinuteForm(data=minute_data(minute, item))
    register = register_for(meeting)
    quorum = {each.id: q for each, q in register.quorum}[item.id]
    if form.validate_on_submit():
        try:
            services.save_minute(
                current_user._get_current_object(),
                item,
                form.text(),
                revision=form.from_revision,
            )
        except services.MinuteConflict:
            db.session.rollback()
            current = services.minute_of(item)
            # What they typed stays in the form, now from the latest revision.
            form.revision.data = str(current.revision) if current else ""
            return render_template(
                "governors/minutes/conflict.html",
                meeting=meeting,
                item=item,
                form=form,
                current=current,
                number=register.numbers[item.id],
                quorum=quorum,
            ), 409
        except Refused as refused:
            db.session.rollback()
            refused_on_form(form, refused)
        else:
            db.session.commit()
            flash(f"Minute of item {register.numbers[item.id]} saved", "success")
            return redirect(url_for(".index", meeting_id=meeting.id, _anchor=f"item-{item.id}"))
    return render_template(
        "governors/minutes/edit.html",
        meeting=meeting,
        item=item,
        form=form,
        minute=minute,
        number=register.numbers[item.id],
        quorum=quorum,
        casting=meeting.body.chair_casting_vote,
    )


@bp.route("/<governors_id:meeting_id>/minutes/<governors_id:item_id>/revisions")
def revisions(meeting_id: int, item_id: int) -> str:
    meeting = _meeting(meeting_id)
    item = _item(meeting, item_id)
    minute = services.minute_of(item)
    register = register_for(meeting)
    return render_template(
        "governors/minutes/revisions.html",
        meeting=meeting,
        item=item,
        number=register.numbers[item.id],
        revisions=services.revisions_of(minute) if minute else [],
    )
