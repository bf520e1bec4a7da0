"""Queueing and sending email. Queue inside the change's transaction; send from a command."""

from __future__ import annotations

import contextlib
import smtplib
import ssl
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any

import sqlalchemy as sa
from flask import current_app, has_request_context, render_template, url_for

from governors.extensions import db
from governors.outbox.models import OutboxMessage
from governors.timeutil import utcnow

MAX_ATTEMPTS = 8


def queue_email(
    to_address: str,
    subject: str,
    template: str,
    *,
    attachment: tuple[str, str, bytes] | None = None,
    **context: Any,
) -> OutboxMessage:
    """Render a plain-text email template and queue it; nothing is sent until ``send_due``."""
    body = render_template(template, **context)
    message = OutboxMessage(to_address=to_address, subject=subject, body_text=body)
    if attachment is not None:
        message.attachment_name, message.attachment_type, message.attachment_data = attachment
    db.session.add(message)
    return message


def absolute_url(endpoint: str, **values: Any) -> str:
    """A full link for an email: the configured base URL plus the page's path.

    ``url_for`` already includes the product's prefix when it is mounted in a host
    app, so the base URL is just the site's address. Works outside a request too
    (the demo loader and scheduled commands queue mail).
    """
    base = current_app.config["GOVERNORS_BASE_URL"].rstrip("/")
    if has_request_context():
        return base + url_for(endpoint, _external=False, **values)
    with current_app.test_request_context("/"):
        return base + url_for(endpoint, _external=False, **values)


def backoff(attempts: int) -> timedelta:
    """Wait 1, 2, 4 … minutes between tries, at most 4 hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 240))


def _as_email(message: OutboxMessage) -> EmailMessage:
    email = EmailMessage()
    email["From"] = current_app.config["MAIL_FROM"]
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email.set_content(message.body_text)
    if message.attachment_data is not None and message.attachment_type:
        maintype, subtype = message.attachment_type.split("/", 1)
        email.add_attachment(
            message.attachment_data,
            maintype=maintype,
            subtype=subtype,
            filename=message.attachment_name,
        )
    return email


def _connect() -> smtplib.SMTP:
    config = current_app.config
    timeout = config["MAIL_TIMEOUT"]
    if config["MAIL_USE_SSL"]:
        server: smtplib.SMTP = smtplib.SMTP_SSL(
            config["MAIL_SERVER"],
            config["MAIL_PORT"],
            timeout=timeout,
            context=ssl.create_default_context(),
        )
    else:
        server = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=timeout)
        if config["MAIL_USE_TLS"]:
            server.starttls(context=ssl.create_default_context())
    if config["MAIL_USERNAME"]:
        server.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
    return server


def send_due(now: datetime | None = None, limit: int = 200) -> dict[str, int]:
    """Send what is due. Each message is committed on its own, so one failure loses nothing."""
    now = now or utcnow()
    due = db.session.scalars(
        sa.select(OutboxMessage)
        .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.id)
        .limit(limit)
    ).all()
    counts = {"sent": 0, "retrying": 0, "failed": 0}
    if not due:
        return counts
    server: smtplib.SMTP | None = None
    connect_error: str | None = None
    try:
        server = _connect()
    except (OSError, smtplib.SMTPException) as error:
        connect_error = f"could not reach the mail server: {error}"
    for message in due:
        message.attempts += 1
        try:
            if server is None:
                raise smtplib.SMTPException(connect_error)
            server.send_message(_as_email(message))
        except (OSError, smtplib.SMTPException) as error:
            message.last_error = str(error)[:2000]
            if message.attempts >= MAX_ATTEMPTS:
                message.status = "failed"
                counts["failed"] += 1
            else:
                message.next_attempt_at = now + backoff(message.attempts)
                counts["retrying"] += 1
        else:
            message.status = "sent"
            message.sent_at = utcnow()
            message.last_error = None
            counts["sent"] += 1
        db.session.commit()
    if server is not None:
        with contextlib.suppress(OSError, smtplib.SMTPException):
            server.quit()
    return counts
