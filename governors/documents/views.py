"""Serving uploaded documents, only ever after the permission check."""

from __future__ import annotations

from flask import Blueprint, abort, send_file
from werkzeug.wrappers import Response

from governors.documents.models import Document
from governors.documents.services import path_for
from governors.permissions import Permission, get_authorised

bp = Blueprint("documents", __name__, url_prefix="/documents")


@bp.route("/<governors_id:document_id>")
def download(document_id: int) -> Response:
    document = get_authorised(Document, document_id, Permission.DOCUMENT_VIEW)
    return send_document(document)


def send_document(document: Document) -> Response:
    """The stored file as a download, never cached, for whoever was allowed to have it."""
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
