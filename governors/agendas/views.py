"""Agenda pages: the secretary's builder, the members' agenda, the public agenda, the PDFs."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user
from markupsafe import Markup
from werkzeug.wrappers import Response

from governors.agendas import pdf, rules, services, snapshot
from governors.agendas.forms import (
    CheckedForm,
    ConfirmForm,
    EditItemForm,
    ItemForm,
    MoveForm,
    PositionForm,
    PublishForm,
    ReportForm,
)
from governors.agendas.models import AgendaItem, AgendaVersion
from governors.agendas.rules import Part
from governors.converters import id_arg
from governors.errors import Refused
from governors.extensions import db
from governors.forms import refused_on_form
from governors.meetings.kinds import MeetingKind
from governors.meetings.models import Meeting
from governors.meetings.services import upcoming_meetings
from governors.permissions import Permission, authorise, can, get_authorised, load_or_404
from governors.templating import render_template
from governors.timeutil import format_date, local_today

bp = Blueprint("agendas", __name__, url_prefix="/agendas")


def _item_or_404(meeting: Meeting, item_id: int) -> AgendaItem:
    item = load_or_404(AgendaItem, item_id)
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
        except Refused as refused:
            form.papers.errors = [*form.papers.errors, f"{refused.message} ({upload.filename})"]
            return None
    return stored


def _flash(message: str, *values: Any, category: str = "success") -> None:
    # The banner macro prints its text as given, so titles are escaped here.
    flash(Markup(message).format(*values), category)


# The builder ----------------------------------------------------------------------------


def _builder(meeting: Meeting, publish_form: PublishForm) -> str:
    items = services.items_for(meeting)
    latest = services.latest_version(meeting)
    current = services.current_snapshot(meeting, items)
    unpublished = latest is not None and rules.has_unpublished_changes(current, latest.snapshot)
    published = list(latest.frozen.items) if latest is not None else None
    return render_template(
        "governors/agendas/edit.html",
        meeting=meeting,
        rows=services.layout(meeting, items),
        item_count=len(items),
        total_minutes=sum(item.minutes_allowed or 0 for item in items),
        ends_at=services.expected_end(meeting, items),
        latest=latest,
        unpublished=unpublished,
        # What a new version would change about the meeting and the council, beyond items.
        meeting_changes=snapshot.changes_between(latest.frozen, snapshot.read(current), full=True)
        if unpublished
        else [],
        publish_form=publish_form,
        form=publish_form,
        open_to_public=can(None, Permission.PUBLIC_VIEW, meeting),
        # Before publishing: what everyone will read, and what a governor wrote.
        becoming_public=rules.becoming_public(current["items"], published),
        untimed=rules.untimed(current["items"]),
    )


@bp.route("/<governors_id:meeting_id>/edit")
def edit(meeting_id: int) -> str:
    return _builder(get_authorised(Meeting, meeting_id, Permission.AGENDAS_EDIT), PublishForm())


def _item_page(
    meeting: Meeting,
    form: ItemForm,
    item: AgendaItem | None,
    save: Callable[..., AgendaItem],
    done: str,
    template: str = "governors/agendas/item_form.html",
    another: Callable[[AgendaItem], str] | None = None,
) -> str | Response:
    """Adding and changing an item: store the papers, save, and go back to the builder of
    the meeting the item is on.

    ``save`` gets the form's details and the stored papers; ``done`` is the banner text.
    ``another``, when given, is where "Save and add another" goes: an empty form again.
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
            except Refused as refused:
                db.session.rollback()
                refused_on_form(form, refused)
            else:
                db.session.commit()
                if another is not None and request.form.get("another"):
                    _flash(done + " Add another item below.", saved.title)
                    return redirect(another(saved))
                _flash(done, saved.title)
                return redirect(
                    url_for(".edit", meeting_id=saved.meeting_id, _anchor=f"item-{saved.id}")
                )
    return render_template(
        template, meeting=meeting, form=form, item=item, offer_another=another is not None
    )


@bp.route("/<governors_id:meeting_id>/report", methods=["GET", "POST"])
def send_report(meeting_id: int) -> str | Response:
    """Send a committee meeting's report to a coming Council meeting, as an agenda item
    linked back to the committee and this meeting."""
    source = load_or_404(Meeting, meeting_id)
    if source.for_council:
        abort(404)  # only committees report to the Council
    authorise(Permission.MEETINGS_MANAGE, source)
    targets = upcoming_meetings(
        local_today(), kinds=MeetingKind.taking_requests(), include_cancelled=False
    )
    form = ReportForm(
        meetings=[(str(m.id), f"{m.kind_label}, {format_date(m.day)}") for m in targets],
        data={"title": f"Report from the {source.body.name}", "purpose": "note"},
    )
    by_id = {str(m.id): m for m in targets}

    def save(papers: list[Any], **details: Any) -> AgendaItem:
        target = by_id[form.to_meeting_id.data]
        authorise(Permission.AGENDAS_EDIT, target)
        return services.add_item(
            current_user, target, papers=papers, report_meeting=source, **details
        )

    return _item_page(
        source,
        form,
        None,
        save,
        "Sent “{}” to the Council's agenda.",
        template="governors/agendas/report_form.html",
    )


@bp.route("/<governors_id:meeting_id>/items/new", methods=["GET", "POST"])
def add_item(meeting_id: int) -> str | Response:
    meeting = get_authorised(Meeting, meeting_id, Permission.AGENDAS_EDIT)
    form = ItemForm()
    if request.method == "GET" and request.args.get("part") in set(Part):
        form.part.data = request.args["part"]

    def save(papers: list[Any], **details: Any) -> AgendaItem:
        return services.add_item(current_user, meeting, papers=papers, **details)

    def another(saved: AgendaItem) -> str:
        return url_for(".add_item", meeting_id=meeting.id, part=saved.part)

    return _item_page(meeting, form, None, save, "Added “{}” to the agenda.", another=another)


@bp.route("/<governors_id:meeting_id>/items/<governors_id:item_id>/edit", methods=["GET", "POST"])
def edit_item(meeting_id: int, item_id: int) -> str | Response:
    meeting = load_or_404(Meeting, meeting_id)
    item = _item_or_404(meeting, item_id)
    authorise(Permission.AGENDAS_EDIT, meeting)
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


@bp.route("/<governors_id:meeting_id>/items/<governors_id:item_id>/remove", methods=["GET", "POST"])
def remove_item(meeting_id: int, item_id: int) -> str | Response:
    meeting = load_or_404(Meeting, meeting_id)
    item = _item_or_404(meeting, item_id)
    authorise(Permission.AGENDAS_EDIT, meeting)
    form = ConfirmForm()
    if form.validate_on_submit():
        title = item.title
        services.remove_item(current_user, item)
        db.session.commit()
        _flash("Removed “{}” from the agenda.", title)
        return redirect(url_for(".edit", meeting_id=meeting.id))
    return render_template("governors/agendas/remove.html", meeting=meeting, item=item, form=form)


@bp.route("/<governors_id:meeting_id>/items/<governors_id:item_id>/move", methods=["POST"])
def move_item(meeting_id: int, item_id: int) -> Response:
    meeting = load_or_404(Meeting, meeting_id)
    item = _item_or_404(meeting, item_id)
    authorise(Permission.AGENDAS_EDIT, meeting)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    if services.move_item(current_user, item, form.direction.data):
        db.session.commit()
    else:
        _flash("“{}” cannot move that way.", item.title, category="info")
    return redirect(url_for(".edit", meeting_id=meeting.id, _anchor=f"item-{item.id}"))


@bp.route("/<governors_id:meeting_id>/items/<governors_id:item_id>/position", methods=["POST"])
def move_item_to(meeting_id: int, item_id: int) -> Response:
    """Move an item straight to a number in its part: one form, one step."""
    meeting = load_or_404(Meeting, meeting_id)
    item = _item_or_404(meeting, item_id)
    authorise(Permission.AGENDAS_EDIT, meeting)
    form = PositionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.move_item_to(current_user, item, form.number or 0)
    except Refused as refused:
        db.session.rollback()
        _flash("“{}” was not moved. {}.", item.title, refused.message, category="info")
    else:
        db.session.commit()
        number = rules.item_number(item.part, item.position)
        # The banner is an alert: screen readers say where the item is now.
        _flash(
            "Item “{}” is now number {} in the {}.",
            item.title,
            number,
            Part(item.part).label.lower(),
        )
    return redirect(url_for(".edit", meeting_id=meeting.id, _anchor=f"item-{item.id}"))


def _confirm_page(meeting: Meeting, form: CheckedForm, warnings: rules.PublishWarnings) -> str:
    latest = services.latest_version(meeting)
    return render_template(
        "governors/agendas/publish_check.html",
        meeting=meeting,
        form=form,
        warnings=warnings,
        next_number=(latest.number if latest else 0) + 1,
        open_to_public=can(None, Permission.PUBLIC_VIEW, meeting),
    )


@bp.route("/<governors_id:meeting_id>/publish", methods=["POST"])
def publish(meeting_id: int) -> str | Response:
    """Publish the agenda. Untimed items, and a governor's words or papers about to go to
    everyone, are shown first: the secretary ticks a box to say they have checked them."""
    meeting = get_authorised(Meeting, meeting_id, Permission.AGENDAS_EDIT)
    form = CheckedForm()
    if form.validate_on_submit():
        try:
            services.check_publishable(meeting, form.change_note.data)
        except Refused as refused:
            db.session.rollback()
            refused_on_form(form, refused)
            return _builder(meeting, form)
        warnings = services.publish_warnings(meeting)
        if warnings and not form.checked.data:
            if form.confirming.data:
                form.checked.errors = ["Tick the box to say you have checked these items"]
            return _confirm_page(meeting, form, warnings)
        try:
            version = services.publish(current_user, meeting, form.change_note.data)
        except Refused as refused:
            db.session.rollback()
            refused_on_form(form, refused)
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


def _changed_since(frozen: snapshot.Snapshot, meeting: Meeting, *, full: bool) -> bool:
    """Has the meeting moved (date, time, place, or for members its video link) since the
    version was published? The page then says so, and links to the meeting as it is now."""
    live = services.meeting_header(meeting)
    return bool(snapshot.meeting_changes(frozen.meeting, live, full=full))


def _member_page(meeting: Meeting, number: int | None) -> str:
    versions = services.versions_for(meeting)
    by_number = {version.number: version for version in versions}
    if number is not None and number not in by_number:
        abort(404)
    version = by_number.get(number) if number is not None else (versions[0] if versions else None)
    authorise(Permission.MEETINGS_VIEW, meeting)
    full = can(current_user, Permission.PRIVATE_VIEW, meeting)
    # Everything the version shows comes from its snapshot; the live meeting is used only
    # for links and to say that its details have changed since.
    frozen = version.frozen if version is not None else None
    changes = None
    meeting_changes: list[str] = []
    previous = by_number.get(version.number - 1) if version is not None else None
    if frozen is not None and previous is not None:
        before = previous.frozen
        changes = rules.diff_snapshots(before.entries(full=full), frozen.entries(full=full))
        meeting_changes = snapshot.changes_between(before, frozen, full=full)
    return render_template(
        "governors/agendas/show.html",
        meeting=meeting,
        published_meeting=frozen.meeting if frozen is not None else None,
        published_council=frozen.council if frozen is not None else None,
        details_changed=frozen is not None and _changed_since(frozen, meeting, full=full),
        version=version,
        versions=versions,
        latest=versions[0] if versions else None,
        previous=previous,
        changes=changes,
        meeting_changes=meeting_changes,
        full=full,
        public_entries=frozen.public_part(full=full) if frozen is not None else [],
        private_entries=frozen.private_items if frozen is not None and full else [],
        has_private_part=frozen is not None and frozen.has_private_part,
        open_to_public=can(None, Permission.PUBLIC_VIEW, meeting),
    )


@bp.route("/<governors_id:meeting_id>")
def show(meeting_id: int) -> str:
    return _member_page(load_or_404(Meeting, meeting_id), None)


@bp.route("/<governors_id:meeting_id>/versions/<governors_id:number>")
def version(meeting_id: int, number: int) -> str:
    return _member_page(load_or_404(Meeting, meeting_id), number)


def _public_version(meeting_id: int) -> tuple[Meeting, AgendaVersion]:
    meeting = load_or_404(Meeting, meeting_id)
    version = services.latest_version(meeting)
    if version is None:
        abort(404)
    # A meeting not held in public has no public agenda, nor has a version published while
    # it was not: not found, for everyone.
    authorise(Permission.PUBLIC_VIEW, version, hide=True)
    return meeting, version


@bp.route("/<governors_id:meeting_id>/public")
def public(meeting_id: int) -> str:
    from governors.questions.services import published_questions

    meeting, version = _public_version(meeting_id)
    frozen = version.frozen
    return render_template(
        "governors/agendas/public.html",
        questions=published_questions(meeting),
        meeting=meeting,
        published_meeting=frozen.meeting,
        published_council=frozen.council,
        details_changed=_changed_since(frozen, meeting, full=False),
        version=version,
        public_entries=frozen.public_items,
        has_private_part=frozen.has_private_part,
    )


def _pdf_response(version: AgendaVersion, *, full: bool) -> Response:
    """A version's stored PDF. The public edition may be kept by browsers and shared caches,
    but they must ask again each time (the address always gives the latest version, and a
    new one may be published): an unchanged file is a "304 Not Modified", by its ETag. The
    full edition is confidential and never kept."""
    data = services.pdf_bytes(version, full=full)
    # A version published before PDFs were kept has just had its PDF made and stored.
    db.session.commit()
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = (
        f'inline; filename="{pdf.filename(version, full=full)}"'
    )
    if full:
        response.headers["Cache-Control"] = "private, no-store"
        return response
    response.headers["Cache-Control"] = "public, no-cache"
    response.set_etag(hashlib.sha256(data).hexdigest())
    response.last_modified = version.published_at
    return response.make_conditional(request)


@bp.route("/<governors_id:meeting_id>/agenda-public.pdf")
def pdf_public(meeting_id: int) -> Response:
    _meeting, version = _public_version(meeting_id)
    return _pdf_response(version, full=False)


@bp.route("/<governors_id:meeting_id>/agenda-full.pdf")
def pdf_full(meeting_id: int) -> Response:
    meeting = load_or_404(Meeting, meeting_id)
    number = id_arg("version")
    version = _version(meeting, number)
    if version is None:
        abort(404)
    authorise(Permission.PRIVATE_VIEW, meeting)
    return _pdf_response(version, full=True)
