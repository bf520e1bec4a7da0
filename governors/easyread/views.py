"""The easy-read page of a meeting ("What this meeting is about") and its PDF.

Members who may see the meeting read it with the private items too if they may see the
private part; anyone reads the public edition of a meeting held in public. Both come from
the latest published agenda version only; before one is published, the page says so.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from governors.easyread import pdf, services
from governors.meetings.models import Meeting
from governors.permissions import Permission, authorise, can, load_or_404
from governors.templating import render_template

bp = Blueprint("easyread", __name__, url_prefix="/meetings")


def _page(meeting: Meeting, *, public: bool) -> str:
    version = services.latest(meeting)
    full = not public and can(current_user, Permission.PRIVATE_VIEW, meeting)
    page = services.easy_read(version, full=full) if version is not None else None
    return render_template(
        "governors/easyread/page.html",
        meeting=meeting,
        page=page,
        public=public,
        full=full,
        open_to_public=can(None, Permission.PUBLIC_VIEW, meeting),
    )


@bp.route("/<governors_id:meeting_id>/easy-read")
def show(meeting_id: int) -> str | Response:
    meeting = load_or_404(Meeting, meeting_id)
    if not current_user.is_authenticated and can(None, Permission.PUBLIC_VIEW, meeting):
        return redirect(url_for(".public", meeting_id=meeting.id))
    authorise(Permission.MEETINGS_VIEW, meeting)
    return _page(meeting, public=False)


def _public_meeting(meeting_id: int) -> Meeting:
    meeting = load_or_404(Meeting, meeting_id)
    # A meeting not held in public has no public page, nor has a version published while
    # it was not: not found, for everyone.
    authorise(Permission.PUBLIC_VIEW, meeting, hide=True)
    version = services.latest(meeting)
    if version is not None:
        authorise(Permission.PUBLIC_VIEW, version, hide=True)
    return meeting


@bp.route("/<governors_id:meeting_id>/easy-read/public")
def public(meeting_id: int) -> str:
    return _page(_public_meeting(meeting_id), public=True)


def _pdf(meeting: Meeting, *, full: bool) -> Response:
    version = services.latest(meeting)
    if version is None:
        abort(404)
    page = services.easy_read(version, full=full)
    response = Response(pdf.easy_read_pdf(page), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{pdf.filename(page)}"'
    # The full edition is confidential and never kept.
    response.headers["Cache-Control"] = "private, no-store" if full else "public, no-cache"
    return response


@bp.route("/<governors_id:meeting_id>/easy-read-public.pdf")
def pdf_public(meeting_id: int) -> Response:
    return _pdf(_public_meeting(meeting_id), full=False)


@bp.route("/<governors_id:meeting_id>/easy-read-full.pdf")
def pdf_full(meeting_id: int) -> Response:
    meeting = load_or_404(Meeting, meeting_id)
    authorise(Permission.PRIVATE_VIEW, meeting)
    return _pdf(meeting, full=True)
