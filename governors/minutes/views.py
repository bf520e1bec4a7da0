"""Minute-taking pages: each item of a held meeting, with its quorum, minute and votes."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, request, url_for
from flask_login import current_user

from governors.actions.forms import ActionForm
from governors.actions.services import raised_on
from governors.agendas.models import AgendaItem
from governors.attendance.services import register_for
from governors.bodies.services import active_people
from governors.errors import Refused
from governors.extensions import db
from governors.forms import refused_on_form
from governors.meetings.models import Meeting
from governors.minutes import drafts, services
from governors.minutes import pdf as minutes_pdf
from governors.minutes.forms import (
    AmendForm,
    ApproveForm,
    CommentForm,
    MinuteForm,
    minute_data,
)
from governors.minutes.models import MinutesRecord, MinutesStatus
from governors.permissions import Permission, authorise, can, get_authorised, load_or_404
from governors.templating import render_template
from governors.timeutil import format_date, utcnow
from governors.web import on_expired_session

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
    found = services.record_of(meeting)
    earlier = services.awaiting_approval(meeting)
    started = utcnow() >= meeting.starts_at
    responded = {response.user_id for response in services.responses_to(found)}
    return render_template(
        "governors/minutes/index.html",
        meeting=meeting,
        register=register,
        numbers=register.numbers,
        minutes=services.minutes_for(meeting),
        record=found,
        status=MinutesStatus(found.status) if found else MinutesStatus.DRAFT,
        responses=services.responses_to(found),
        not_responded=[m.user for m in services.members_for(meeting) if m.user.id not in responded],
        amendments=services.amendments_for(meeting),
        approved_here=services.approved_here(meeting),
        approve_form=ApproveForm(meetings=_earlier_choices(earlier))
        if earlier and started
        else None,
        started=started,
    )


def _earlier_choices(meetings: list[Meeting]) -> list[tuple[str, str]]:
    return [(str(m.id), f"{m.kind_label}, {format_date(m.day)}") for m in meetings]


@bp.route("/<governors_id:meeting_id>/minutes/circulate", methods=["POST"])
def circulate(meeting_id: int) -> Any:
    meeting = _meeting(meeting_id)
    try:
        services.circulate(current_user._get_current_object(), meeting)
    except Refused as refused:
        db.session.rollback()
        flash(refused.message, "warning")
    else:
        db.session.commit()
        flash("Draft minutes circulated. Members have been emailed for their comments.", "success")
    return redirect(url_for(".index", meeting_id=meeting.id))


@bp.route("/<governors_id:meeting_id>/minutes/approve", methods=["POST"])
def approve(meeting_id: int) -> Any:
    meeting = _meeting(meeting_id)
    earlier = {str(m.id): m for m in services.awaiting_approval(meeting)}
    form = ApproveForm(meetings=_earlier_choices(list(earlier.values())))
    if not form.validate_on_submit():
        problems = [error for field in form for error in field.errors]
        flash(problems[0] if problems else "Try again", "warning")
        return redirect(url_for(".index", meeting_id=meeting.id, _anchor="approve"))
    try:
        services.approve(
            current_user._get_current_object(),
            earlier[form.earlier_id.data],
            meeting,
            form.approval.data,
            form.amendments.data,
        )
    except Refused as refused:
        db.session.rollback()
        flash(refused.message, "warning")
    else:
        db.session.commit()
        flash(
            "Approval recorded in both meetings' minutes. Those minutes are now locked.", "success"
        )
    return redirect(url_for(".index", meeting_id=meeting.id))


@bp.route("/<governors_id:meeting_id>/minutes/draft", methods=["GET", "POST"])
def draft(meeting_id: int) -> Any:
    """Circulated draft minutes, for the body's members to comment on."""
    meeting = load_or_404(Meeting, meeting_id)
    if not can(current_user, Permission.MINUTES_WRITE):
        authorise(Permission.MINUTES_COMMENT, meeting)
        authorise(Permission.MEETINGS_VIEW, meeting)
    found = services.record_of(meeting)
    if found is None or found.status == MinutesStatus.DRAFT:
        return render_template("governors/minutes/draft.html", meeting=meeting, record=None)
    full = can(current_user, Permission.PRIVATE_VIEW, meeting)
    register = register_for(meeting)
    items = [item for item in register.items if full or not item.is_private]
    form = CommentForm(items=[(str(i.id), f"{register.numbers[i.id]}. {i.title}") for i in items])
    user = current_user._get_current_object()
    if form.is_submitted() and can(user, Permission.MINUTES_COMMENT, meeting):
        none = "no_comments" in request.form
        if none or form.validate():
            item = next((i for i in items if str(i.id) == form.item_id.data), None)
            try:
                services.respond(
                    user, meeting, item=item, comment=form.comment.data, no_comments=none
                )
            except Refused as refused:
                db.session.rollback()
                refused_on_form(form, refused)
            else:
                db.session.commit()
                flash("Thank you: the board secretary has your response.", "success")
                return redirect(url_for(".draft", meeting_id=meeting.id))
    minutes = services.minutes_for(meeting)
    return render_template(
        "governors/minutes/draft.html",
        meeting=meeting,
        record=found,
        items=items,
        numbers=register.numbers,
        minutes=minutes,
        form=form,
        may_comment=found.status == MinutesStatus.CIRCULATED
        and can(user, Permission.MINUTES_COMMENT, meeting),
        mine=[r for r in services.responses_to(found) if r.user_id == user.id],
        full=full,
    )


@bp.route("/<governors_id:meeting_id>/minutes-public.pdf")
def pdf_public(meeting_id: int) -> Response:
    """The public minutes: for members once circulated, for anyone once approved, of a
    meeting held in public."""
    meeting = load_or_404(Meeting, meeting_id)
    found = services.record_of(meeting)
    if found is None or found.snapshot is None:
        abort(404)
    if not (found.locked and can(current_user, Permission.PUBLIC_VIEW, meeting)):
        authorise(Permission.MEETINGS_VIEW, meeting)
    return _pdf(found, full=False)


@bp.route("/<governors_id:meeting_id>/minutes-full.pdf")
def pdf_full(meeting_id: int) -> Response:
    """The full minutes, private part included, marked confidential on every page."""
    meeting = load_or_404(Meeting, meeting_id)
    found = services.record_of(meeting)
    if found is None or found.snapshot is None:
        abort(404)
    authorise(Permission.PRIVATE_VIEW, meeting)
    return _pdf(found, full=True)


def _pdf(found: MinutesRecord, *, full: bool) -> Response:
    data = services.pdf_bytes(found, full=full)
    db.session.commit()
    response = Response(data, mimetype="application/pdf")
    name = minutes_pdf.filename(found.snapshot, full=full)
    response.headers["Content-Disposition"] = f'inline; filename="{name}"'
    response.headers["Cache-Control"] = "private, no-store" if full else "no-cache"
    return response


@bp.route(
    "/<governors_id:meeting_id>/minutes/<governors_id:item_id>/amend", methods=["GET", "POST"]
)
def amend(meeting_id: int, item_id: int) -> Any:
    meeting = _meeting(meeting_id)
    item = _item(meeting, item_id)
    minute = services.minute_of(item)
    found = services.record_of(meeting)
    if minute is None or found is None or not found.locked:
        return redirect(url_for(".edit", meeting_id=meeting.id, item_id=item.id))
    form = AmendForm(
        data={"discussion": minute.discussion or "", "decisions": minute.decisions or ""}
    )
    if form.validate_on_submit():
        try:
            services.amend(
                current_user._get_current_object(),
                minute,
                reason=form.reason.data,
                discussion=form.discussion.data,
                decisions=form.decisions.data,
            )
        except Refused as refused:
            db.session.rollback()
            refused_on_form(form, refused)
        else:
            db.session.commit()
            flash("Amendment recorded with the minutes", "success")
            return redirect(url_for(".index", meeting_id=meeting.id, _anchor="amendments"))
    register = register_for(meeting)
    return render_template(
        "governors/minutes/amend.html",
        meeting=meeting,
        item=item,
        form=form,
        number=register.numbers[item.id],
    )


def keep_typed_minute() -> Response | None:
    """A minute sent after its writer's session ended: keep what they typed, on the server,
    and send them to sign in again; the item's page then shows it, not yet saved. None when
    the form does not carry a key of ours for this item (then nothing is kept)."""
    args = request.view_args or {}
    item = db.session.get(AgendaItem, args.get("item_id", 0))
    if item is None or item.meeting_id != args.get("meeting_id"):
        return None
    owner = drafts.owner_of(request.form.get("draft_key", ""), item.id)
    if owner is None:
        return None
    drafts.keep(owner, item.id, request.form)
    db.session.commit()
    flash(
        "Your session had ended, so the minute was not saved. What you typed is kept: "
        "sign in again and it will be waiting for you to check and save.",
        "warning",
    )
    edit_url = url_for(".edit", meeting_id=item.meeting_id, item_id=item.id)
    if current_user.is_authenticated and current_user.id == owner:
        return redirect(edit_url)
    return redirect(url_for("governors.auth.sign_in", next=edit_url))


on_expired_session("governors.minutes.edit", keep_typed_minute)


@bp.route("/<governors_id:meeting_id>/minutes/<governors_id:item_id>", methods=["GET", "POST"])
def edit(meeting_id: int, item_id: int) -> Any:
    if request.method == "POST" and not current_user.is_authenticated:
        kept = keep_typed_minute()
        if kept is not None:
            return kept
    meeting = _meeting(meeting_id)
    item = _item(meeting, item_id)
    minute = services.minute_of(item)
    found = services.record_of(meeting)
    if found is not None and found.locked:
        # Approved minutes are corrected by amendment, never edited.
        return redirect(url_for(".amend", meeting_id=meeting.id, item_id=item.id))
    me = current_user._get_current_object()
    draft = drafts.kept(me.id, item.id)
    form = MinuteForm(data=drafts.as_form_data(draft) if draft else minute_data(minute, item))
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
                draft_key=drafts.draft_key(me.id, item.id),
            ), 409
        except Refused as refused:
            db.session.rollback()
            refused_on_form(form, refused)
        else:
            drafts.discard(me.id, item.id)
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
        draft=draft,
        draft_key=drafts.draft_key(me.id, item.id),
        actions=raised_on([item]).get(item.id, []),
        action_form=ActionForm(
            people=[(str(p.id), p.name) for p in active_people()],
            formdata=None,
        ),
    )


@bp.route(
    "/<governors_id:meeting_id>/minutes/<governors_id:item_id>/kept-draft/discard",
    methods=["POST"],
)
def discard_draft(meeting_id: int, item_id: int) -> Any:
    meeting = _meeting(meeting_id)
    item = _item(meeting, item_id)
    drafts.discard(current_user.id, item.id)
    db.session.commit()
    flash("What was kept has been discarded. The minute is as it was last saved.", "success")
    return redirect(url_for(".edit", meeting_id=meeting.id, item_id=item.id))


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
