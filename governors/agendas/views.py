"""Agenda pages: the secretary's builder, the members' agenda, the public agenda, the PDFs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup
from werkzeug.wrappers import Response

from governors.agendas import pdf, rules, services
from governors.agendas.forms import ConfirmForm, EditItemForm, ItemForm, MoveForm, PublishForm
from governors.agendas.models import AgendaItem, AgendaVersion
from governors.agendas.services import AgendaError
from governors.extensions import db
from governors.meetings.models import Meeting
from governors.permissions import Action, authorise, can, get_or_404, requires

bp = Blueprint("agendas", __name__, url_prefix="/agendas")


def _item_or_404(meeting: Meeting, item_id: int) -> AgendaItem:
    item = get_or_404(AgendaItem, item_id)
    if item.meeting_id != meeting.id:
        abort(404)
    return item


def _store_uploads(form: ItemForm) -> list[Any] | None:
    """Store the chosen papers; on a bad file, put the reason on the field and give None."""
    from governors.documents.services import store_upload

    stored = []
    for upload in form.uploads():
        try:
            stored.append(store_upload(current_user, upload))
        except ValueError as error:
            form.papers.errors = [*form.papers.errors, str(error)]
            return None
    return stored


def _flash(message: str, *values: Any, category: str = "success") -> None:
    # The banner macro prints its text as given, so titles are escaped here.
    flash(Markup(message).format(*values), category)


def _apply_error(form: Any, error: AgendaError, default: str) -> None:
    target = getattr(form, error.field or default, None) or getattr(form, default)
    target.errors = [*target.errors, str(error)]


# The builder ----------------------------------------------------------------------------


def _builder(meeting: Meeting, publish_form: PublishForm) -> str:
    items = services.items_for(meeting)
    latest = services.latest_version(meeting)
    snapshot = services.current_snapshot(meeting, items)
    return render_template(
        "governors/agendas/edit.html",
        meeting=meeting,
        rows=services.layout(meeting, items),
        item_count=len(items),
        total_minutes=sum(item.minutes_allowed or 0 for item in items),
        ends_at=services.expected_end(meeting, items),
        latest=latest,
        unpublished=latest is not None and rules.has_unpublished_changes(snapshot, latest.snapshot),
        publish_form=publish_form,
        form=publish_form,
        open_to_public=rules.open_to_public(meeting.kind),
    )


@bp.route("/<int:meeting_id>/edit")
@requires(Action.AGENDAS_EDIT)
def edit(meeting_id: int) -> str:
    return _builder(get_or_404(Meeting, meeting_id), PublishForm())


def _item_page(
    meeting: Meeting,
    form: ItemForm,
    item: AgendaItem | None,
    save: Callable[..., AgendaItem],
    done: str,
) -> str | Response:
    """Adding and changing an item: store the papers, save, and go back to the builder.

    ``save`` gets the form's details and the stored papers; ``done`` is the banner text.
    """
    if form.validate_on_submit():
        papers = _store_uploads(form)
        if papers is None:
            db.session.rollback()
        else:
            try:
                saved = save(
                    papers,
                    part=form.part.data,
                    title=form.title.data,
                    purpose=form.purpose.data,
                    presenter=form.presenter.data,
                    minutes_allowed=form.minutes,
                    description=form.description.data,
                )
            except AgendaError as error:
                db.session.rollback()
                _apply_error(form, error, "title")
            else:
                db.session.commit()
                _flash(done, saved.title)
                return redirect(url_for(".edit", meeting_id=meeting.id, _anchor=f"item-{saved.id}"))
    return render_template(
        "governors/agendas/item_form.html", meeting=meeting, form=form, item=item
    )


@bp.route("/<int:meeting_id>/items/new", methods=["GET", "POST"])
@requires(Action.AGENDAS_EDIT)
def add_item(meeting_id: int) -> str | Response:
    meeting = get_or_404(Meeting, meeting_id)
    form = ItemForm()
    if request.method == "GET" and request.args.get("part") in rules.PARTS:
        form.part.data = request.args["part"]

    def save(papers: list[Any], **details: Any) -> AgendaItem:
        return services.add_item(current_user, meeting, papers=papers, **details)

    return _item_page(meeting, form, None, save, "Added “{}” to the agenda.")


@bp.route("/<int:meeting_id>/items/<int:item_id>/edit", methods=["GET", "POST"])
@requires(Action.AGENDAS_EDIT)
def edit_item(meeting_id: int, item_id: int) -> str | Response:
    meeting = get_or_404(Meeting, meeting_id)
    item = _item_or_404(meeting, item_id)
    current = {
        "part": item.part,
        "title": item.title,
        "purpose": item.purpose,
        "presenter": item.presenter or "",
        "minutes_allowed": str(item.minutes_allowed or ""),
        "description": item.description or "",
    }
    form = EditItemForm(data=current, standing=item.standing)
    form.remove_papers.choices = [(doc.id, doc.filename) for doc in item.papers]

    def save(papers: list[Any], **details: Any) -> AgendaItem:
        return services.update_item(
            current_user,
            item,
            add_papers=papers,
            remove_paper_ids=form.remove_papers.data or [],
            **details,
        )

    return _item_page(meeting, form, item, save, "Saved your changes to “{}”.")


@bp.route("/<int:meeting_id>/items/<int:item_id>/remove", methods=["GET", "POST"])
@requires(Action.AGENDAS_EDIT)
def remove_item(meeting_id: int, item_id: int) -> str | Response:
    meeting = get_or_404(Meeting, meeting_id)
    item = _item_or_404(meeting, item_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        title = item.title
        services.remove_item(current_user, item)
        db.session.commit()
        _flash("Removed “{}” from the agenda.", title)
        return redirect(url_for(".edit", meeting_id=meeting.id))
    return render_template("governors/agendas/remove.html", meeting=meeting, item=item, form=form)


@bp.route("/<int:meeting_id>/items/<int:item_id>/move", methods=["POST"])
@requires(Action.AGENDAS_EDIT)
def move_item(meeting_id: int, item_id: int) -> Response:
    meeting = get_or_404(Meeting, meeting_id)
    item = _item_or_404(meeting, item_id)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    if services.move_item(current_user, item, form.direction.data):
        db.session.commit()
    else:
        _flash("“{}” cannot move that way.", item.title, category="info")
    return redirect(url_for(".edit", meeting_id=meeting.id, _anchor=f"item-{item.id}"))


@bp.route("/<int:meeting_id>/publish", methods=["POST"])
@requires(Action.AGENDAS_EDIT)
def publish(meeting_id: int) -> str | Response:
    meeting = get_or_404(Meeting, meeting_id)
    form = PublishForm()
    if form.validate_on_submit():
        try:
            version = services.publish(current_user, meeting, form.change_note.data)
        except AgendaError as error:
            db.session.rollback()
            _apply_error(form, error, "change_note")
        else:
            db.session.commit()
            _flash("Published version {} of the agenda.", version.number)
            return redirect(url_for(".edit", meeting_id=meeting.id))
    return _builder(meeting, form)


# Reading the agenda ---------------------------------------------------------------------


def _version(meeting: Meeting, number: int | None) -> AgendaVersion | None:
    versions = {version.number: version for version in meeting.versions}
    if number is None:
        return versions[max(versions)] if versions else None
    if number not in versions:
        abort(404)
    return versions[number]


def _member_page(meeting: Meeting, number: int | None) -> str:
    versions = services.versions_for(meeting)
    by_number = {version.number: version for version in versions}
    if number is not None and number not in by_number:
        abort(404)
    version = by_number.get(number) if number is not None else (versions[0] if versions else None)
    full = can(current_user, Action.PRIVATE_VIEW)
    if not full and not rules.open_to_public(meeting.kind):
        # A governors' pre-meeting is governors' business from start to finish.
        abort(403)
    entries: list[dict[str, Any]] = []
    changes = None
    previous = None
    if version is not None:
        entries = version.snapshot if full else rules.public_only(version.snapshot)
        previous = by_number.get(version.number - 1)
        if previous is not None:
            old = previous.snapshot if full else rules.public_only(previous.snapshot)
            changes = rules.diff_snapshots(old, entries)
    return render_template(
        "governors/agendas/show.html",
        meeting=meeting,
        version=version,
        versions=versions,
        latest=versions[0] if versions else None,
        previous=previous,
        changes=changes,
        full=full,
        public_entries=rules.public_only(entries),
        private_entries=[entry for entry in entries if entry["part"] == rules.PRIVATE],
        has_private_part=version is not None
        and any(entry["part"] == rules.PRIVATE for entry in version.snapshot),
        requesters=services.requesters(entries),
        open_to_public=rules.open_to_public(meeting.kind),
    )


@bp.route("/<int:meeting_id>")
@requires(Action.MEETINGS_VIEW)
def show(meeting_id: int) -> str:
    return _member_page(get_or_404(Meeting, meeting_id), None)


@bp.route("/<int:meeting_id>/versions/<int:number>")
@requires(Action.MEETINGS_VIEW)
def version(meeting_id: int, number: int) -> str:
    return _member_page(get_or_404(Meeting, meeting_id), number)


def _public_version(meeting_id: int) -> tuple[Meeting, AgendaVersion]:
    meeting = get_or_404(Meeting, meeting_id)
    version = services.latest_version(meeting)
    if version is None or not rules.open_to_public(meeting.kind):
        abort(404)
    return meeting, version


@bp.route("/<int:meeting_id>/public")
def public(meeting_id: int) -> str:
    meeting, version = _public_version(meeting_id)
    entries = rules.public_only(version.snapshot)
    return render_template(
        "governors/agendas/public.html",
        meeting=meeting,
        version=version,
        public_entries=entries,
        has_private_part=len(entries) < len(version.snapshot),
    )


def _pdf_response(data: bytes, filename: str) -> Response:
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@bp.route("/<int:meeting_id>/agenda-public.pdf")
def pdf_public(meeting_id: int) -> Response:
    meeting, version = _public_version(meeting_id)
    data = pdf.agenda_pdf(meeting, version, full=False)
    return _pdf_response(data, pdf.filename(meeting, version, full=False))


@bp.route("/<int:meeting_id>/agenda-full.pdf")
def pdf_full(meeting_id: int) -> Response:
    authorise(Action.PRIVATE_VIEW)
    meeting = get_or_404(Meeting, meeting_id)
    number = request.args.get("version", type=int)
    version = _version(meeting, number)
    if version is None:
        abort(404)
    data = pdf.agenda_pdf(meeting, version, full=True)
    return _pdf_response(data, pdf.filename(meeting, version, full=True))
