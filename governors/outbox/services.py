"""Queueing and sending email. Queue inside the change's transaction; send from a command."""

from __future__ import annotations

import contextlib
import smtplib
import ssl
import unicodedata
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any

import sqlalchemy as sa
from flask import current_app, has_request_context, url_for

from governors.errors import Refused
from governors.extensions import db
from governors.outbox.models import OutboxMessage, OutboxStatus, SentReminder
from governors.templating import render_template
from governors.timeutil import utcnow

MAX_ATTEMPTS = 8
SUBJECT_LENGTH = 200  # the column's size
PENDING, SENT, FAILED = OutboxStatus.PENDING, OutboxStatus.SENT, OutboxStatus.FAILED
# Control characters (CR and LF among them) and the Unicode line and paragraph separators.
_BREAKS = {"Cc", "Zl", "Zp"}


def clean_header(value: str, limit: int | None = None) -> str:
    """A value that is safe in one email header line.

    Line breaks and other control characters become spaces (a title typed with a line
    break must not end the header, let alone start another), runs of spaces become one,
    and the value is cut to ``limit`` characters.
    """
    spaced = "".join(" " if unicodedata.category(ch) in _BREAKS else ch for ch in value or "")
    text = " ".join(spaced.split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def queue_email(
    to_address: str,
    subject: str,
    template: str,
    *,
    attachment: tuple[str, str, bytes] | None = None,
    **context: Any,
) -> OutboxMessage:
    """Render a plain-text email template and queue it; nothing is sent until ``send_due``.

    The address and subject are cleaned here, so a title or a council name typed with a
    line break gives a message that can still be sent.
    """
    body = render_template(template, **context)
    message = OutboxMessage(
        to_address=clean_header(to_address).replace(" ", ""),
        subject=clean_header(subject, SUBJECT_LENGTH),
        body_text=body,
    )
    if attachment is not None:
        name, content_type, data = attachment
        message.attachment_name = clean_header(name, 120)
        message.attachment_type = clean_header(content_type, 80)
        message.attachment_data = data
    db.session.add(message)
    return message


def queue_reminder(key: str, to_address: str, subject: str, template: str, **context: Any) -> bool:
    """Queue a reminder once: ``key`` names the reminder, whom it is for and its period. If
    a reminder with that key was queued before, nothing is queued and the answer is False.

    Safe against two runs at once: the key is unique, and the losing run's insert fails
    inside a savepoint that is rolled back on its own."""
    if db.session.scalar(sa.select(SentReminder.id).where(SentReminder.key == key)) is not None:
        return False
    try:
        with db.session.begin_nested():
            message = queue_email(to_address, subject, template, **context)
            db.session.flush()
            db.session.add(SentReminder(key=key, message_id=message.id))
            db.session.flush()
    except sa.exc.IntegrityError:
        return False
    return True


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
    # Cleaned again: messages queued before cleaning began may still hold line breaks.
    email["To"] = clean_header(message.to_address).replace(" ", "")
    email["Subject"] = clean_header(message.subject)
    email.set_content(message.body_text)
    if message.attachment_data is not None and message.attachment_type:
        maintype, subtype = message.attachment_type.split("/", 1)
        email.add_attachment(
            message.attachment_data,
            maintype=maintype,
            subtype=subtype,
            filename=clean_header(message.attachment_name or "attachment"),
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


def _describe(error: Exception) -> str:
    return (str(error) or type(error).__name__)[:2000]


def send_due(now: datetime | None = None, limit: int = 200) -> dict[str, int]:
    """Send what is due, oldest first. Each message is committed on its own.

    Whatever goes wrong with one message (the mail server refusing it, or a message that
    cannot be made into an email at all) is recorded on that message, which is tried
    again later with a growing wait, and the run goes on with the next. After
    ``MAX_ATTEMPTS`` tries a message is parked until the secretary tries it again.
    """
    now = now or utcnow()
    due = db.session.scalars(
        sa.select(OutboxMessage)
        .where(OutboxMessage.status == PENDING, OutboxMessage.next_attempt_at <= now)
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
        message.last_attempt_at = now
        try:
            if server is None:
                raise smtplib.SMTPException(connect_error)
            server.send_message(_as_email(message))
        except Exception as error:  # one bad message must never hold up the others
            if not isinstance(error, OSError | smtplib.SMTPException):
                current_app.logger.warning("Email %s could not be sent: %r", message.id, error)
            message.last_error = _describe(error)
            if message.attempts >= MAX_ATTEMPTS:
                message.status = FAILED
                counts["failed"] += 1
            else:
                message.next_attempt_at = now + backoff(message.attempts)
                counts["retrying"] += 1
        else:
            message.status = SENT
            message.sent_at = utcnow()
            message.last_error = None
            counts["sent"] += 1
        db.session.commit()
    if server is not None:
        with contextlib.suppress(OSError, smtplib.SMTPException):
            server.quit()
    return counts


# Parked messages ----------------------------------------------------------------------


def parked_messages() -> list[OutboxMessage]:
    """Email that could not be sent after every attempt, newest first."""
    return list(
        db.session.scalars(
            sa.select(OutboxMessage)
            .where(OutboxMessage.status == FAILED)
            .order_by(OutboxMessage.last_attempt_at.desc(), OutboxMessage.id.desc())
        )
    )


def parked_count() -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(OutboxMessage).where(OutboxMessage.status == FAILED)
    )


def try_again(actor: Any, message: OutboxMessage) -> None:
    """Put a parked message back in the queue, with a fresh set of attempts, now."""
    from governors.audit.services import record

    if message.status != FAILED:
        raise Refused("That email is no longer waiting: it has been sent or is queued already")
    attempts = message.attempts
    message.status = PENDING
    message.attempts = 0
    message.next_attempt_at = utcnow()
    record(
        actor,
        "outbox.tried_again",
        message,
        f"Asked for email {message.id} to {message.to_address} to be tried again",
        before={"status": FAILED, "attempts": attempts},
        after={"status": PENDING, "attempts": 0},
    )
    db.session.flush()
