"""Downloading a board pack: sent when it is ready; otherwise it is made, and a page that
refreshes itself says so until it is."""

from __future__ import annotations

import hashlib

from flask import Blueprint, abort, redirect, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms import HiddenField
from wtforms.validators import AnyOf, DataRequired

from governors.agendas.models import AgendaVersion
from governors.agendas.services import latest_version
from governors.converters import id_arg
from governors.extensions import db
from governors.forms import Form
from governors.meetings.models import Meeting
from governors.packs import services
from governors.papers.models import BoardPack, Edition, PackStatus
from governors.pdf import slug
from governors.permissions import Permission, authorise, can, load_or_404
from governors.templating import render_template

bp = Blueprint("packs", __name__, url_prefix="/packs")

# How often the "Making the board pack" page asks again, in seconds.
REFRESH_SECONDS = 2


class TryAgainForm(Form):
    edition = HiddenField(
        validators=[DataRequired(), AnyOf([edition.value for edition in Edition])]
    )


def _version(meeting: Meeting, number: int | None) -> AgendaVersion:
    """The numbered version, or the latest; not found when there is none."""
    versions = {version.number: version for version in meeting.versions}
    if not versions:
        abort(404)
    if number is None:
        return versions[max(versions)]
    if number not in versions:
        abort(404)
    return versions[number]


def _public_version(meeting: Meeting) -> AgendaVersion:
    """Like the public agenda PDF: the latest version of a meeting held in public for
    anyone; any version for those who see the meeting."""
    version = _version(meeting, id_arg("version"))
    if can(current_user, Permission.MEETINGS_VIEW, meeting):
        return version
    if version.id == latest_version(meeting).id and can(
        current_user, Permission.PUBLIC_VIEW, version
    ):
        return version
    authorise(Permission.MEETINGS_VIEW, meeting)
    abort(404)  # pragma: no cover - authorise refuses first


def filename(version: AgendaVersion, edition: Edition) -> str:
    meeting = version.frozen.meeting
    kind = "full-confidential" if edition is Edition.FULL else "public"
    return (
        f"board-pack-{slug(meeting.kind_label)}-{meeting.day:%Y-%m-%d}-v{version.number}-{kind}.pdf"
    )


def _send(pack: BoardPack, version: AgendaVersion, edition: Edition) -> Response:
    """The stored pack, as the agenda PDFs are sent: the full edition never kept."""
    data = pack.pdf or b""
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{filename(version, edition)}"'
    if edition is Edition.FULL:
        response.headers["Cache-Control"] = "private, no-store"
        return response
    response.headers["Cache-Control"] = "public, no-cache"
    response.set_etag(hashlib.sha256(data).hexdigest())
    return response.make_conditional(request)


def _pack_page(meeting: Meeting, version: AgendaVersion, edition: Edition) -> Response | str:
    pack = services.request_pack(version, edition)
    db.session.commit()
    if pack.status == PackStatus.READY:
        return _send(pack, version, edition)
    template = "governors/packs/making.html"
    if pack.status == PackStatus.FAILED or services.stalled(pack):
        template = "governors/packs/failed.html"
    full = edition is Edition.FULL
    return render_template(
        template,
        meeting=meeting,
        published_meeting=version.frozen.meeting,
        version=version,
        pack=pack,
        full=full,
        error=pack.error or services.STALLED,
        refresh_seconds=REFRESH_SECONDS,
        may_try_again=can(current_user, Permission.AGENDAS_EDIT, meeting),
        form=TryAgainForm(data={"edition": edition.value}),
        here=request.full_path.rstrip("?"),
    )


@bp.route("/<governors_id:meeting_id>/board-pack-public.pdf")
def public_pack(meeting_id: int) -> Response | str:
    meeting = load_or_404(Meeting, meeting_id)
    return _pack_page(meeting, _public_version(meeting), Edition.PUBLIC)


@bp.route("/<governors_id:meeting_id>/board-pack-full.pdf")
def full_pack(meeting_id: int) -> Response | str:
    meeting = load_or_404(Meeting, meeting_id)
    version = _version(meeting, id_arg("version"))
    authorise(Permission.PRIVATE_VIEW, meeting)
    return _pack_page(meeting, version, Edition.FULL)


@bp.route("/<governors_id:meeting_id>/versions/<governors_id:number>/try-again", methods=["POST"])
def try_again(meeting_id: int, number: int) -> Response:
    """Make a pack again after it failed: the secretary's button on the failed page."""
    meeting = load_or_404(Meeting, meeting_id)
    authorise(Permission.AGENDAS_EDIT, meeting)
    version = _version(meeting, number)
    form = TryAgainForm()
    if not form.validate_on_submit():
        abort(400)
    edition = Edition(form.edition.data)
    pack = services.find(version, edition)
    if pack is not None and (pack.status == PackStatus.FAILED or services.stalled(pack)):
        services.try_again(current_user, pack)
        db.session.commit()
    endpoint = ".full_pack" if edition is Edition.FULL else ".public_pack"
    return redirect(url_for(endpoint, meeting_id=meeting.id, version=version.number), code=303)
