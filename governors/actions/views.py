"""Pages of the action log: the lead governor's log with its filters, an action's page with
its history and chases, raising one (on its own, or in one step from the minute-taking
page), moving it on, changing it and chasing its owners."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, request, url_for
from flask_login import current_user

from governors.actions import export, services
from governors.actions.forms import ActionForm, ChangeForm, ChaseForm, ProgressForm
from governors.actions.models import Action
from governors.actions.rules import DUE_PERIOD_LABELS, ActionStatus, DuePeriod, is_overdue
from governors.agendas.models import AgendaItem
from governors.agendas.services import council_names
from governors.bodies.services import active_people, all_bodies, council
from governors.converters import id_arg, page_arg, parse_id
from governors.documents.services import store_upload
from governors.documents.views import send_document
from governors.errors import Refused
from governors.extensions import db
from governors.forms import refused_on_form
from governors.meetings.models import Meeting
from governors.people.auth_views import safe_next
from governors.people.models import User
from governors.permissions import (
    Permission,
    authorise,
    can,
    get_authorised,
    load_or_404,
    requires,
    visible_actions,
)
from governors.questions.models import Question
from governors.templating import render_template
from governors.timeutil import format_date, local_today

bp = Blueprint("actions", __name__, url_prefix="/actions")

STATUS_FILTERS = {
    services.STILL_OPEN: "Open or in progress",
    **{status.value: status.label for status in ActionStatus},
}


def _actor() -> User:
    return current_user._get_current_object()


def _people() -> list[tuple[str, str]]:
    return [(str(person.id), person.name) for person in active_people()]


def _action(action_id: int, permission: Permission = Permission.ACTIONS_VIEW) -> Action:
    action = load_or_404(Action, action_id, loader=services.load_action)
    authorise(Permission.ACTIONS_VIEW, action)
    if permission is not Permission.ACTIONS_VIEW:
        authorise(permission, action)
    return action


def _details(form: ActionForm) -> services.ActionDetails:
    return services.ActionDetails(
        description=form.description.data, due_on=form.due_on.data, owners=form.owners()
    )


def _filters() -> services.Filters:
    status = request.args.get("status", "").strip() or None
    period = request.args.get("period", "").strip() or None
    if status is not None and status not in STATUS_FILTERS:
        abort(404)
    if period is not None and period not in {p.value for p in DuePeriod}:
        abort(404)
    return services.Filters(
        owner_id=id_arg("owner"),
        body_id=id_arg("body"),
        meeting_id=id_arg("meeting"),
        status=status,
        period=period,
    )


@bp.route("/")
@requires(Permission.ACTIONS_LOG)
def log() -> str:
    """Every action the reader may see, overdue first, with filters and counts."""
    filters = _filters()
    visible = visible_actions(current_user)
    today = local_today()
    found = services.log(visible, filters, today=today, page=page_arg())
    return render_template(
        "governors/actions/log.html",
        found=found,
        filters=filters,
        owners=services.owners_in_log(visible),
        bodies=all_bodies(),
        meetings=services.meetings_in_log(visible),
        statuses=STATUS_FILTERS,
        periods=DUE_PERIOD_LABELS,
        today=today,
        is_overdue=is_overdue,
        query={k: v for k, v in request.args.items() if k != "page" and v},
    )


def _described(filters: services.Filters, visible: Any) -> list[tuple[str, str]]:
    """The filters in words, naming only what the log page offers its reader."""
    described = []
    if filters.period:
        described.append(("Due", DUE_PERIOD_LABELS[DuePeriod(filters.period)]))
    if filters.status:
        described.append(("Status", STATUS_FILTERS[filters.status]))
    if filters.owner_id is not None:
        owner = next((p for p in services.owners_in_log(visible) if p.id == filters.owner_id), None)
        described.append(("Owner", owner.name if owner else "someone who owns none of them"))
    if filters.body_id is not None:
        body = next((b for b in all_bodies() if b.id == filters.body_id), None)
        described.append(("Body", body.name if body else "no such body"))
    if filters.meeting_id is not None:
        meeting = next(
            (m for m in services.meetings_in_log(visible) if m.id == filters.meeting_id), None
        )
        described.append(
            (
                "Meeting",
                f"{meeting.kind_label}, {format_date(meeting.day)}"
                if meeting
                else "none that raised an action you may see",
            )
        )
    return described


def _download(data: str | bytes, mimetype: str, name: str, *, attachment: bool) -> Response:
    """An export: never kept by browsers or caches, as it may hold private business."""
    response = Response(data, mimetype=mimetype)
    disposition = "attachment" if attachment else "inline"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{name}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/export.csv")
@requires(Permission.ACTIONS_LOG)
def export_csv() -> Response:
    """The filtered log, every matching action, as a CSV file for a spreadsheet."""
    filters = _filters()
    today = local_today()
    rows = services.export_rows(visible_actions(current_user), filters, today=today)
    return _download(
        export.to_csv(rows), "text/csv", export.filename(today, "csv"), attachment=True
    )


@bp.route("/export.pdf")
@requires(Permission.ACTIONS_LOG)
def export_pdf() -> Response:
    """The filtered log, every matching action, as a tagged PDF: confidential on every page
    when it holds an action from private business."""
    filters = _filters()
    today = local_today()
    visible = visible_actions(current_user)
    actions = services.every_action(visible, filters, today=today)
    counts, overdue = services.counts_of(visible, filters, today)
    data = export.to_pdf(
        actions,
        today=today,
        counts=counts,
        overdue=overdue,
        statuses={status.value: status.label for status in ActionStatus},
        filters=_described(filters, visible),
        council=council_names(),
        reader=_actor(),
    )
    return _download(data, "application/pdf", export.filename(today, "pdf"), attachment=False)


@bp.route("/mine")
@requires(Permission.HOME)
def mine() -> str:
    return render_template(
        "governors/actions/mine.html",
        actions=services.actions_of(_actor(), open_only=False),
        today=local_today(),
        is_overdue=is_overdue,
    )


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.ACTIONS_FOLLOW_UP)
def new() -> Any:
    """An action raised on its own for a body, or to follow up the answer to a question to
    the board (``?question=<id>``)."""
    bodies = all_bodies()
    form = ActionForm(people=_people())
    question = _question_followed_up()
    body_id = request.values.get("body_id", "")
    if not body_id and question is not None:
        body_id = str(question.meeting.body_id if question.meeting else council().id)
    body = next((b for b in bodies if str(b.id) == body_id), None)
    problem = None
    if request.method == "POST" and body is None:
        problem = "Choose the body the action is for"
    if form.validate_on_submit() and problem is None:
        try:
            action = services.raise_action(_actor(), _details(form), body=body, question=question)
        except Refused as refused:
            db.session.rollback()
            refused_on_form(form, refused)
        else:
            db.session.commit()
            flash("Action raised. Its owners have been told.", "success")
            return redirect(url_for(".detail", action_id=action.id))
    return render_template(
        "governors/actions/new.html",
        form=form,
        bodies=bodies,
        body=body,
        problem=problem,
        question=question,
    )


def _question_followed_up() -> Question | None:
    """The answered question an action is raised to follow up, if one is named."""
    question_id = parse_id(request.values.get("question", ""))
    if request.values.get("question") and question_id is None:
        abort(404)
    if question_id is None:
        return None
    question = load_or_404(Question, question_id)
    authorise(Permission.QUESTIONS_VIEW, question)
    if not question.is_answered:
        abort(404)
    return question


@bp.route("/raise/<governors_id:meeting_id>/<governors_id:item_id>", methods=["GET", "POST"])
def raise_on_item(meeting_id: int, item_id: int) -> Any:
    """Raise an action from a minuted item, in one step from the minute-taking page."""
    meeting = get_authorised(Meeting, meeting_id, Permission.MINUTES_WRITE)
    item = load_or_404(AgendaItem, item_id)
    if item.meeting_id != meeting.id:
        abort(404)
    form = ActionForm(people=_people())
    back = url_for("governors.minutes.edit", meeting_id=meeting.id, item_id=item.id)
    if form.validate_on_submit():
        try:
            services.raise_action(_actor(), _details(form), body=meeting.body, item=item)
        except Refused as refused:
            db.session.rollback()
            refused_on_form(form, refused)
        else:
            db.session.commit()
            flash("Action raised. Its owners have been told.", "success")
            return redirect(back + "#actions")
    return render_template(
        "governors/actions/raise.html", form=form, meeting=meeting, item=item, back=back
    )


@bp.route("/<governors_id:action_id>")
def detail(action_id: int) -> str:
    action = _action(action_id)
    return render_template(
        "governors/actions/detail.html",
        action=action,
        history=services.history_of(action),
        chases=services.chases_of(action),
        overdue=is_overdue(action.due_on, action.status, local_today()),
        may_update=can(current_user, Permission.ACTIONS_UPDATE, action),
        may_follow_up=can(current_user, Permission.ACTIONS_FOLLOW_UP),
        chase_form=ChaseForm(),
        question=action.question
        if action.question is not None
        and can(current_user, Permission.QUESTIONS_VIEW, action.question)
        else None,
    )


@bp.route("/<governors_id:action_id>/evidence")
def evidence(action_id: int) -> Response:
    """The evidence that an action was done, for those who may see the action."""
    action = _action(action_id)
    if action.evidence is None:
        abort(404)
    return send_document(action.evidence)


@bp.route("/<governors_id:action_id>/update", methods=["GET", "POST"])
def update(action_id: int) -> Any:
    action = _action(action_id, Permission.ACTIONS_UPDATE)
    form = ProgressForm(
        data=None
        if request.method == "POST"
        else {
            "status": action.status,
            "progress": action.progress or "",
            "outcome": action.outcome or "",
            "drop_reason": action.drop_reason or "",
        }
    )
    if form.validate_on_submit():
        try:
            evidence = None
            if form.evidence.data and getattr(form.evidence.data, "filename", ""):
                evidence = store_upload(_actor(), form.evidence.data)
            services.update_progress(
                _actor(),
                action,
                services.Progress(
                    status=form.status.data,
                    progress=form.progress.data,
                    outcome=form.outcome.data,
                    drop_reason=form.drop_reason.data,
                    evidence=evidence,
                ),
            )
        except Refused as refused:
            db.session.rollback()
            refused_on_form(
                form, refused if refused.field else Refused(refused.message, "evidence")
            )
        else:
            db.session.commit()
            flash("Action updated", "success")
            return redirect(url_for(".detail", action_id=action.id))
    return render_template("governors/actions/update.html", action=action, form=form)


@bp.route("/<governors_id:action_id>/edit", methods=["GET", "POST"])
def edit(action_id: int) -> Any:
    action = _action(action_id)
    authorise(Permission.ACTIONS_FOLLOW_UP)
    data = None
    if request.method == "GET":
        people = [o for o in action.owners if o.user_id is not None][:3]
        named = next((o for o in action.owners if o.user_id is None), None)
        data = {
            "description": action.description,
            "due_on": action.due_on,
            **{f"owner_{n + 1}": str(o.user_id) for n, o in enumerate(people)},
            "owner_name": named.name if named else "",
            "owner_email": named.email if named else "",
        }
    form = ChangeForm(people=_people(), data=data)
    if form.validate_on_submit():
        try:
            services.change_action(_actor(), action, _details(form), reason=form.reason.data)
        except Refused as refused:
            db.session.rollback()
            refused_on_form(form, refused)
        else:
            db.session.commit()
            flash("Action changed", "success")
            return redirect(url_for(".detail", action_id=action.id))
    return render_template("governors/actions/edit.html", action=action, form=form)


@bp.route("/<governors_id:action_id>/chase", methods=["POST"])
def chase(action_id: int) -> Any:
    action = _action(action_id)
    authorise(Permission.ACTIONS_FOLLOW_UP)
    form = ChaseForm()
    if not form.validate_on_submit():
        flash(next(iter(form.errors.values()))[0], "warning")
        return redirect(url_for(".detail", action_id=action.id))
    try:
        chased = services.chase(_actor(), action, form.note.data)
    except Refused as refused:
        db.session.rollback()
        flash(refused.message, "warning")
    else:
        db.session.commit()
        people = "owner" if chased.recipients == 1 else f"{chased.recipients} owners"
        flash(f"Chased: an email is on its way to the {people}.", "success")
    return redirect(safe_next(request.form.get("back")) or url_for(".detail", action_id=action.id))
