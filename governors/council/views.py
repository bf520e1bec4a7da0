"""The secretary's council settings page."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from governors.council.forms import COUNTING_HINTS, SettingsForm
from governors.council.models import current_settings
from governors.council.rules import WorkedExample, sample_meeting_day, worked_example
from governors.council.services import save_settings
from governors.extensions import db
from governors.meetings.kinds import MeetingKind
from governors.meetings.services import next_meeting as next_meeting_of
from governors.permissions import Permission, requires
from governors.requests.clear_days import ClearDaysRule
from governors.templating import render_template
from governors.timeutil import local_today

bp = Blueprint("council", __name__, url_prefix="/settings")


def _example(rule: ClearDaysRule, response_days: int) -> WorkedExample:
    # Agenda requests are for Council meetings, not pre-meetings or members' meetings.
    next_meeting = next_meeting_of(local_today(), kinds=MeetingKind.taking_requests())
    if next_meeting is not None:
        return worked_example(rule, response_days, next_meeting.day, is_next_meeting=True)
    return worked_example(
        rule, response_days, sample_meeting_day(local_today()), is_next_meeting=False
    )


@bp.route("/", methods=["GET", "POST"])
@requires(Permission.SETTINGS_EDIT)
def edit() -> str | Response:
    settings = current_settings()
    form = SettingsForm(obj=settings if request.method == "GET" else None)
    rule, response_days, preview = settings.rule, settings.response_days, False
    if form.validate_on_submit():
        values = form.values()
        if "preview" in request.form:
            # Explain what the typed values would mean, without saving them.
            rule = ClearDaysRule(
                days=values["clear_days"],
                counting=values["counting"],
                nation=values["nation"],
                cutoff=values["cutoff"],
            )
            response_days, preview = values["response_days"], True
        else:
            changed = save_settings(current_user, values)
            db.session.commit()
            flash(
                "The council settings are saved." if changed else "Nothing was changed.",
                "success" if changed else "info",
            )
            return redirect(url_for("governors.council.edit"))
    return render_template(
        "governors/council/edit.html",
        form=form,
        rule=rule,
        example=_example(rule, response_days),
        preview=preview,
        saved=sa.inspect(settings).persistent,
        counting_hints=COUNTING_HINTS,
    )
