"""Pages for agenda requests: propose, follow, withdraw, and decide."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from governors.converters import page_arg
from governors.council.models import current_settings
from governors.documents.services import TYPE_NAMES, max_upload_bytes, size_in_words
from governors.errors import Refused
from governors.extensions import db
from governors.forms import refused_on_form
from governors.meetings.models import Meeting
from governors.meetings.rules import deadline_notice
from governors.permissions import Permission, can, get_authorised, requires
from governors.requests import rules, services
from governors.requests.forms import CHOOSE_AGAIN, DecideForm, ProposeForm, QueueFilterForm
from governors.requests.models import AgendaRequest
from governors.templating import render_template
from governors.timeutil import format_date, local_today, utcnow

bp = Blueprint("requests", __name__, url_prefix="/requests")


@bp.context_processor
def _helpers() -> dict[str, Any]:
    return {
        "request_rules": rules,
        "receipt_text": services.receipt_text,
        "current_meeting": services.current_meeting,
        "is_overdue": services.is_overdue,
        "document_types": TYPE_NAMES,
        "today": local_today(),
    }


def _authorised(request_id: int, permission: Permission) -> AgendaRequest:
    """The request with what its pages show (404), if the current user may (403)."""
    return get_authorised(AgendaRequest, request_id, permission, loader=services.load_request)


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.REQUESTS_PROPOSE)
def propose() -> str | Response:
    today = local_today()
    rule = current_settings().rule
    options = services.meeting_options(rule)
    default = services.default_option(options, today)
    form = ProposeForm()
    form.meeting_id.choices = [(o.meeting.id, o.label(today)) for o in options]
    if request.method == "GET":
        asked = request.args.get("meeting_id", type=int)
        known = {o.meeting.id for o in options}
        form.meeting_id.data = asked if asked in known else (default and default.meeting.id)
    if form.validate_on_submit():
        meeting = db.session.get(Meeting, form.meeting_id.data)
        try:
            agenda_request = services.submit_request(
                current_user,
                meeting=meeting,
                title=form.title.data,
                purpose=form.purpose.data,
                session=form.session.data,
                private_reason=form.private_reason.data,
                supporting_info=form.supporting_info.data,
                files=form.checked_files,
            )
        except Refused as refused:
            db.session.rollback()
            refused_on_form(form, refused)
            if form.chosen_files():
                form.documents.errors.append(CHOOSE_AGAIN)
        else:
            db.session.commit()
            return redirect(url_for(".received", request_id=agenda_request.id))
    return render_template(
        "governors/requests/propose.html",
        form=form,
        options=options,
        default=default,
        rule=rule,
        response_days=current_settings().response_days,
        max_upload=size_in_words(max_upload_bytes()),
        deadline_text=deadline_notice(default.meeting.day, today, rule).text if default else None,
    )


@bp.route("/<governors_id:request_id>/received")
def received(request_id: int) -> str:
    agenda_request = _authorised(request_id, Permission.REQUESTS_VIEW)
    return render_template("governors/requests/received.html", req=agenda_request)


@bp.route("/mine")
@requires(Permission.REQUESTS_PROPOSE)
def mine() -> str:
    return render_template(
        "governors/requests/mine.html", requests=services.requests_of(current_user)
    )


@bp.route("/<governors_id:request_id>")
def detail(request_id: int) -> str:
    agenda_request = _authorised(request_id, Permission.REQUESTS_VIEW)
    return render_template(
        "governors/requests/detail.html",
        req=agenda_request,
        item=services.agenda_item_for(agenda_request),
    )


@bp.route("/<governors_id:request_id>/withdraw", methods=["GET", "POST"])
def withdraw(request_id: int) -> str | Response:
    agenda_request = _authorised(request_id, Permission.REQUESTS_WITHDRAW)
    if request.method == "POST":
        # Lock the row so a decision made at the same moment cannot cross the withdrawal.
        db.session.refresh(agenda_request, with_for_update={"of": AgendaRequest})
    # Withdrawn while it still waits for a decision (a deferred one waits for a fresh one).
    if not rules.awaiting_decision(agenda_request.status):
        flash(f"This request has been {agenda_request.status}, so it can no longer be withdrawn.")
        return redirect(url_for(".detail", request_id=agenda_request.id))
    if request.method == "POST":
        services.withdraw_request(current_user, agenda_request)
        db.session.commit()
        flash("You withdrew your request. We have emailed you a copy.", "success")
        return redirect(url_for(".detail", request_id=agenda_request.id))
    return render_template("governors/requests/withdraw.html", req=agenda_request)


@bp.route("/queue")
@requires(Permission.REQUESTS_OVERSEE)
def queue() -> str:
    meetings = services.queue_meetings()
    form = QueueFilterForm(formdata=request.args or None)
    form.meeting.choices = [
        ("", "All meetings"),
        *((str(m.id), f"{m.title}, {format_date(m.day)}") for m in meetings),
    ]
    meeting = next((m for m in meetings if str(m.id) == form.meeting.data), None)
    page = page_arg()
    found = services.decision_queue(page=page, meeting_id=meeting.id if meeting else None)
    counts = services.queue_counts(local_today(), meeting.id if meeting else None)
    filter_args = {"meeting": meeting.id} if meeting else {}
    return render_template(
        "governors/requests/queue.html",
        queue=found,
        per_page=services.EARLIER_PER_PAGE,
        form=form,
        meeting=meeting,
        awaiting=counts.awaiting,
        overdue=counts.overdue,
        previous_url=url_for(".queue", page=page - 1, **filter_args, _anchor="decided-earlier")
        if page > 1
        else None,
        next_url=url_for(".queue", page=page + 1, **filter_args, _anchor="decided-earlier")
        if page < found.pages
        else None,
        can_decide=can(current_user, Permission.REQUESTS_DECIDE),
        now=utcnow(),
    )


@bp.route("/<governors_id:request_id>/decide", methods=["GET", "POST"])
def decide(request_id: int) -> str | Response:
    agenda_request = _authorised(request_id, Permission.REQUESTS_DECIDE)
    meeting = services.current_meeting(agenda_request)
    later = services.later_meetings(meeting)
    today = local_today()
    form = DecideForm(late=not agenda_request.in_time)
    form.defer_to.choices = [(m.id, f"{m.title}, {format_date(m.day)}") for m in later]
    if request.method == "GET":
        form.part.data = agenda_request.session
    meeting_started = meeting.starts_at <= utcnow()
    if meeting_started:
        # Too late for that agenda: the request can only be deferred or declined.
        form.decision.choices = [c for c in form.decision.choices if c[0] != "accept"]
    if request.method == "POST":
        # Lock the row: two people deciding at once must not both succeed.
        db.session.refresh(agenda_request, with_for_update={"of": AgendaRequest})
    awaiting = rules.awaiting_decision(agenda_request.status)
    if awaiting and form.validate_on_submit():
        try:
            if form.decision.data == "accept":
                services.accept_request(
                    current_user, agenda_request, part=form.part.data, reason=form.reason.data
                )
                message = "Request accepted and added to the agenda."
            elif form.decision.data == "decline":
                services.decline_request(current_user, agenda_request, reason=form.reason.data)
                message = "Request declined."
            else:
                to_meeting = next(m for m in later if m.id == form.defer_to.data)
                services.defer_request(
                    current_user, agenda_request, to_meeting=to_meeting, reason=form.reason.data
                )
                message = "Request deferred."
        except Refused as refused:
            db.session.rollback()
            refused_on_form(form, refused)
        else:
            db.session.commit()
            flash(f"{message} We have emailed {agenda_request.proposer.name}.", "success")
            return redirect(url_for(".queue"))
    return render_template(
        "governors/requests/decide.html",
        req=agenda_request,
        form=form if awaiting else None,
        meeting=meeting,
        later=later,
        today=today,
        meeting_started=meeting_started,
        item=services.agenda_item_for(agenda_request),
    )
