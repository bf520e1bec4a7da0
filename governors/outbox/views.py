"""Outgoing email for the secretary: what waits to be sent and why, and email that could not
be sent, which the secretary can have tried again."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from governors.errors import Refused
from governors.extensions import db
from governors.outbox import services
from governors.outbox.models import OutboxMessage
from governors.permissions import Permission, get_authorised, requires
from governors.templating import render_template

bp = Blueprint("outbox", __name__, url_prefix="/email")


@bp.route("/")
@bp.route("/unsent")
@requires(Permission.AUDIT_READ)
def unsent() -> str:
    """Outgoing email: what waits to be sent and why, and what could not be sent."""
    summary = services.outbox_summary()
    return render_template(
        "governors/outbox/unsent.html",
        summary=summary,
        outage=services.outage_in_words(summary.status) if summary.server_down else None,
        next_try=summary.next_try_at and services.moment_in_words(summary.next_try_at),
        messages=services.parked_messages(),
        max_attempts=services.MAX_ATTEMPTS,
    )


@bp.route("/<governors_id:message_id>/try-again", methods=["POST"])
def try_again(message_id: int) -> Response:
    message = get_authorised(OutboxMessage, message_id, Permission.AUDIT_READ)
    try:
        services.try_again(current_user, message)
    except Refused as refused:
        flash(refused.message, "info")
    else:
        db.session.commit()
        flash(
            f"The email to {message.to_address} will be tried again within a few minutes.",
            "success",
        )
    return redirect(url_for("governors.outbox.unsent"))
