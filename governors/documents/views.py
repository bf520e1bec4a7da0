"""Serving uploaded documents, only ever after the permission check."""

from __future__ import annotations

from flask import Blueprint, abort, send_file
from werkzeug.wrappers import Response

from governors.documents.models import Document
from governors.documents.services import document_access, path_for
from governors.permissions import Action, authorise, get_or_404

bp = Blueprint("documents", __name__, url_prefix="/documents")


@bp.route("/<int:document_id>")
def download(document_id: int) -> Response:
    document = get_or_404(Document, document_id)
    authorise(Action.DOCUMENT_VIEW, document_access(document))
    path = path_for(document)
    if not path.is_file():
        abort(404)
    response = send_file(
        path,
        mimetype=document.content_type,
        as_attachment=True,
        download_name=document.filename,
        conditional=False,
        etag=False,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
