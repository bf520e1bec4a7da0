"""Pages for agenda requests: propose, follow, withdraw, and decide."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, flash, redirect, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from governors.agendas.rules import item_number
from governors.converters import page_arg
from governors.council.models import current_settings
from governors.documents import services as documents
from governors.documents.services import TYPE_NAMES, max_upload_bytes, size_in_words
from governors.errors import Refused
from governors.extensions import db
from governors.forms import refused_on_form
from governors.meetings.models import Meeting
from governors.meetings.rules import deadline_notice
from governors.permissions import Permission, can, get_authorised, requires
from governors.requests import rules, services
from governors.requests.forms import (
    AttachedPaper,
    DecideForm,
    ProposeForm,
    QueueFilterForm,
    RequestForm,
    SupportForm,
    whole_number,
)
from governors.requests.models import AgendaRequest
from governors.requests.rules import Presenter, RequestStatus
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
        "meeting_passed": services.meeting_passed,
        "item_number": item_number,
        "document_types": TYPE_NAMES,
        "today": local_today(),
    }


def _authorised(request_id: int, permission: Permission) -> AgendaRequest:
    """The request with what its pages show (404), if the current user may (403)."""
    return get_authorised(AgendaRequest, request_id, permission, loader=services.load_request)


def _meeting_choices(form: RequestForm, today: date) -> list[services.MeetingOption]:
    options = services.meeting_options(current_settings().rule)
    form.meeting_id.choices = [(o.meeting.id, o.label(today)) for o in options]
    return options


def _papers_form(
    attached: list[AttachedPaper], form_class: type[RequestForm] = RequestForm
) -> RequestForm:
    """The request form with the papers already attached: those held from a form that came
    back with a problem (named in the form), answered as the governor left them."""
    form = form_class(attached=attached)
    if request.method == "POST":
        held_ids = [whole_number(value) for value in request.form.getlist("held")]
        held = documents.held_by(current_user, [i for i in held_ids if i is not None])
        form.attached = [*form.attached, *(AttachedPaper(d, None, held=True) for d in held)]
        form.read_attached(request.form)
    return form


def _hold_new_files(form: RequestForm) -> None:
    """The form has a problem: keep the files it brought, so they are not chosen again."""
    public = form.new_papers_public()
    for document in documents.hold(current_user, form.checked_files):
        form.attached.append(AttachedPaper(document, public, held=True))
    form.checked_files = []
    db.session.commit()


def _choices(form: RequestForm) -> list[services.PaperChoice]:
    return [
        services.PaperChoice(paper.document, bool(paper.may_publish)) for paper in form.attached
    ]


def _render_form(form: RequestForm, options: list[services.MeetingOption], **context: Any) -> str:
    today = local_today()
    settings = current_settings()
    chosen = next((o for o in options if o.meeting.id == form.meeting_id.data), None)
    return render_template(
        "governors/requests/propose.html",
        form=form,
        options=options,
        chosen=chosen,
        chosen_notice=deadline_notice(chosen.meeting.day, today, settings.rule) if chosen else None,
        alternative=services.open_alternative(options, today),
        rule=settings.rule,
        response_days=settings.response_days,
        max_upload=size_in_words(max_upload_bytes()),
        **context,
    )


def _text(form: RequestForm) -> dict[str, Any]:
    return {
        "title": form.title.data,
        "purpose": form.purpose.data,
        "session": form.session.data,
        "private_reason": form.private_reason.data,
        "note_to_chair": form.note_to_chair.data,
        "presenter_choice": form.presenter_choice.data,
        "presenter_name": form.presenter_name.data,
    }


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.REQUESTS_PROPOSE)
def propose() -> str | Response:
    today = local_today()
    form = _papers_form([], ProposeForm)
    options = _meeting_choices(form, today)
    if request.method == "GET":
        default = services.default_option(options, today)
        asked = request.args.get("meeting_id", type=int)
        known = {o.meeting.id for o in options}
        form.meeting_id.data = asked if asked in known else (default and default.meeting.id)
        form.presenter_choice.data = Presenter.SELF.value
    if form.validate_on_submit():
        meeting = db.session.get(Meeting, form.meeting_id.data)
        try:
            agenda_request = services.submit_request(
                current_user,
                meeting=meeting,
                **_text(form),
                papers=_choices(form),
                files=form.checked_files,
                files_public=bool(form.new_papers_public()),
                # The same form sent again is answered with the request it made first.
                submission_key=form.submission_key.data,
            )
        except Refused as refused:
            db.session.rollback()
            refused_on_form(form, refused)
        else:
            db.session.commit()
            return redirect(url_for(".received", request_id=agenda_request.id))
    if request.method == "POST":
        _hold_new_files(form)
    return _render_form(form, options)


@bp.route("/<governors_id:request_id>/change", methods=["GET", "POST"])
def change(request_id: int) -> str | Response:
    agenda_request = _authorised(request_id, Permission.REQUESTS_CHANGE)
    if not rules.awaiting_decision(agenda_request.status):
        flash(f"This request has been {agenda_request.status}, so it can no longer be changed.")
        return redirect(url_for(".detail", request_id=agenda_request.id))
    today = local_today()
    form = _papers_form(
        [AttachedPaper(p.document, p.may_publish, held=False) for p in agenda_request.papers]
    )
    form.asks_reply = agenda_request.status == RequestStatus.MORE_INFO
    options = _meeting_choices(form, today)
    meeting = services.current_meeting(agenda_request)
    if meeting.id not in {o.meeting.id for o in options}:
        # The meeting has begun without a decision: the request can move to a later one.
        form.meeting_id.choices.insert(
            0, (meeting.id, f"{meeting.title}, {format_date(meeting.day)}")
        )
    if request.method == "GET":
        form.process(obj=agenda_request)
        form.meeting_id.data = meeting.id
        form.presenter_choice.data = agenda_request.presenter_choice
    if form.validate_on_submit():
        chosen = db.session.get(Meeting, form.meeting_id.data)
        # Lock the row so a decision made at the same moment cannot cross the change.
        db.session.refresh(agenda_request, with_for_update={"of": AgendaRequest})
        try:
            changed = services.change_request(
                current_user,
                agenda_request,
                meeting=chosen,
                **_text(form),
                papers=_choices(form),
                files=form.checked_files,
                files_public=bool(form.new_papers_public()),
                reply=form.reply.data,
            )
        except Refused as refused:
            db.session.rollback()
            refused_on_form(form, refused)
        else:
            db.session.commit()
            if changed or form.asks_reply:
                flash("Your request has been changed. We have emailed you a copy.", "success")
            else:
                flash("You did not change anything.")
            return redirect(url_for(".detail", request_id=agenda_request.id))
    if request.method == "POST":
        _hold_new_files(form)
    return _render_form(form, options, req=agenda_request)


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
    form = DecideForm(late=rules.is_late_undecided(agenda_request.status, agenda_request.in_time))
    form.defer_to.choices = [(m.id, f"{m.title}, {format_date(m.day)}") for m in later]
    if request.method == "GET":
        form.part.data = agenda_request.session
        form.presenter.data = services.proposed_presenter(agenda_request)
    meeting_started = meeting.starts_at <= utcnow()
    if meeting_started:
        # Too late for that agenda: the request can only be moved or declined.
        form.decision.choices = [c for c in form.decision.choices if c[0] != "accept"]
    if request.method == "POST":
        # Lock the row: two people deciding at once must not both succeed.
        db.session.refresh(agenda_request, with_for_update={"of": AgendaRequest})
    awaiting = rules.awaiting_decision(agenda_request.status)
    if awaiting and form.validate_on_submit():
        try:
            message = _record_decision(form, agenda_request, later)
        except Refused as refused:
            db.session.rollback()
            refused_on_form(form, refused)
        else:
            db.session.commit()
            flash(f"{message} We have emailed {agenda_request.proposer.name}.", "success")
            following = services.next_to_decide(agenda_request)
            if following is None:
                flash("There are no more requests waiting for a decision.")
                return redirect(url_for(".queue"))
            return redirect(url_for(".decide", request_id=following.id))
    return render_template(
        "governors/requests/decide.html",
        req=agenda_request,
        form=form if awaiting else None,
        meeting=meeting,
        later=later,
        today=today,
        meeting_started=meeting_started,
        item=services.agenda_item_for(agenda_request),
        agenda=None if meeting_started else services.draft_agenda(meeting),
        counts=services.queue_counts(today),
    )


def _record_decision(form: DecideForm, agenda_request: AgendaRequest, later: list[Meeting]) -> str:
    decision = form.decision.data
    if decision == "accept":
        item = services.accept_request(
            current_user,
            agenda_request,
            part=form.part.data,
            reason=form.reason.data,
            position=form.chosen_position,
            minutes_allowed=form.minutes,
            presenter=form.presenter.data,
            description=form.description.data,
        )
        number = item_number(item.part, item.position)
        return f"Request accepted. It is item {number} on the agenda."
    if decision == "more_info":
        services.ask_for_more(current_user, agenda_request, question=form.reason.data)
        return "Your question has been sent."
    if decision == "decline":
        services.decline_request(current_user, agenda_request, reason=form.reason.data)
        return "Request declined."
    to_meeting = next(m for m in later if m.id == form.defer_to.data)
    services.defer_request(
        current_user, agenda_request, to_meeting=to_meeting, reason=form.reason.data
    )
    return f"Request moved to the meeting on {format_date(to_meeting.day)}."


@bp.route("/<governors_id:request_id>/support", methods=["GET", "POST"])
def support(request_id: int) -> str | Response:
    agenda_request = _authorised(request_id, Permission.REQUESTS_SUPPORT)
    if not agenda_request.wants_support or agenda_request.support_arranged_at is not None:
        flash("There is no support left to arrange for this request.")
        return redirect(url_for(".detail", request_id=agenda_request.id))
    form = SupportForm()
    if form.validate_on_submit():
        try:
            services.arrange_support(current_user, agenda_request, note=form.note.data)
        except Refused as refused:
            db.session.rollback()
            refused_on_form(form, refused)
        else:
            db.session.commit()
            flash(f"Support recorded. We have emailed {agenda_request.proposer.name}.", "success")
            return redirect(url_for("governors.home"))
    return render_template("governors/requests/support.html", req=agenda_request, form=form)
