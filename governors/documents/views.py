"""Serving uploaded documents, only ever after the permission check."""

from __future__ import annotations

import contextlib
import os

from flask import Blueprint, abort, send_file
from werkzeug.wrappers import Response

from governors.documents.models import Document
from governors.documents.services import open_document
from governors.permissions import Permission, get_authorised

bp = Blueprint("documents", __name__, url_prefix="/documents")


@bp.route("/<governors_id:document_id>")
def download(document_id: int) -> Response:
    document = get_authorised(Document, document_id, Permission.DOCUMENT_VIEW)
    return send_document(document)


def send_document(document: Document) -> Response:
    """The stored file as a download, never cached, for whoever was allowed to have it."""
    try:
        stream = open_document(document)
    except FileNotFoundError:
        abort(404)
    response = send_file(
        stream,
        mimetype=document.content_type,
        as_attachment=True,
        download_name=document.filename,
        conditional=False,
        etag=False,
        max_age=0,
    )
    # A file on disk says its size (one in memory already has it).
    with contextlib.suppress(OSError):  # io.UnsupportedOperation: not a file on disk
        response.content_length = os.fstat(stream.fileno()).st_size
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
