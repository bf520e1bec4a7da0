"""Queueing and sending email. Queue inside the change's transaction; send from a command."""

from __future__ import annotations

import contextlib
import smtplib
import socket
import ssl
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any

import sqlalchemy as sa
from flask import current_app, has_request_context, url_for

from governors.errors import Refused
from governors.extensions import db
from governors.outbox.models import MailServerStatus, OutboxMessage, OutboxStatus, SentReminder
from governors.templating import render_template
from governors.timeutil import format_short_date, format_time, local_today, to_local, utcnow

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


def _describe(error: BaseException) -> str:
    """Why the mail server did not take one message, for the secretary to read."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        reasons = "; ".join(
            f"{address}: {code} {_words(reply)}"
            for address, (code, reply) in error.recipients.items()
        )
        text = f"The mail server refused the address ({reasons})"
    elif isinstance(error, smtplib.SMTPSenderRefused):
        reply = f"{error.smtp_code} {_words(error.smtp_error)}"
        text = f"The mail server refused the sender {error.sender} ({reply})"
    elif isinstance(error, smtplib.SMTPResponseException):
        text = f"The mail server refused the message ({error.smtp_code} {_words(error.smtp_error)})"
    else:
        text = str(error) or type(error).__name__
    return text[:2000]


def _reply(error: smtplib.SMTPResponseException) -> str:
    return f"{error.smtp_code} {_words(error.smtp_error)}"


def _words(reply: bytes | str) -> str:
    if isinstance(reply, bytes):
        reply = reply.decode("utf-8", "replace")
    return " ".join(reply.split())


# The mail server, as against one message ---------------------------------------------

OUTAGE_WAIT_LIMIT = timedelta(minutes=15)


def outage_wait(failures: int) -> timedelta:
    """Wait 1, 2, 4 … minutes before trying an unreachable mail server again, at most 15,
    so mail goes within a quarter of an hour of its return."""
    return min(timedelta(minutes=2 ** max(failures - 1, 0)), OUTAGE_WAIT_LIMIT)


def is_server_trouble(error: BaseException) -> bool:
    """Whether an error is the mail server's or the network's rather than one message's: it
    could not be reached, did not answer in time, dropped the connection, refused to talk
    or to let us sign in, or answered 421 (closing down). Such an error says nothing about
    the message, so the message is not charged an attempt for it."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return any(code == 421 for code, _ in error.recipients.values())
    if isinstance(
        error, smtplib.SMTPConnectError | smtplib.SMTPHeloError | smtplib.SMTPAuthenticationError
    ):
        return True
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code == 421
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return True
    if isinstance(error, smtplib.SMTPException):
        return False  # such as a feature the message needs and the server lacks
    return isinstance(error, OSError)  # refused, reset, timed out, no route, TLS failed


def server_trouble_in_words(error: BaseException) -> str:
    """The reason the mail server could not be used, in plain words: "connection refused"."""
    timeout = current_app.config["MAIL_TIMEOUT"]
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return f"it did not accept the user name and password ({_reply(error)})"
    if isinstance(error, smtplib.SMTPHeloError):
        return f"it did not accept our greeting ({_reply(error)})"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, reply = next(iter(error.recipients.values()))
        return f"it is not taking email for now ({code} {_words(reply)})"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"it is not taking email for now ({_reply(error)})"
    if isinstance(error, TimeoutError) or isinstance(error.__context__, TimeoutError):
        return f"it did not answer within {timeout:g} seconds"
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return "it closed the connection"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, ConnectionResetError | BrokenPipeError | ConnectionAbortedError):
        return "the connection was broken"
    if isinstance(error, socket.gaierror):
        return f"the address {current_app.config['MAIL_SERVER']} could not be found"
    if isinstance(error, ssl.SSLError):
        return f"the secure connection failed ({_words(str(error))})"
    return _words(getattr(error, "strerror", None) or str(error) or type(error).__name__)


def outage_in_words(status: MailServerStatus) -> str:
    """The outage in a sentence, such as "The mail server could not be reached at 10:02:
    connection refused." In UK time, with the day when it is not today, and since when
    when the outage is older than the last try."""
    sentence = f"The mail server could not be reached at {moment_in_words(status.last_failed_at)}"
    if status.down_since is not None and status.down_since != status.last_failed_at:
        sentence += f", nor at any try since {moment_in_words(status.down_since)}"
    return f"{sentence}: {status.last_error or 'no reason was given'}."


def moment_in_words(moment: datetime | None) -> str:
    """A moment as "10:02" today and as "10:02 on 3 Jan 2027" another day, in UK time."""
    if moment is None:
        return "an unknown time"
    if to_local(moment).date() == local_today():
        return format_time(moment)
    return f"{format_time(moment)} on {format_short_date(moment)}"


def mail_server_status() -> MailServerStatus | None:
    """The mail server's state, or None if it has always been reached."""
    return db.session.get(MailServerStatus, 1)


def _status_row() -> MailServerStatus:
    """The one status row, locked until this transaction ends; made if there is none yet."""
    status = db.session.get(MailServerStatus, 1, populate_existing=True, with_for_update=True)
    if status is not None:
        return status
    try:
        with db.session.begin_nested():
            status = MailServerStatus(id=1, failures=0)
            db.session.add(status)
            db.session.flush()
    except sa.exc.IntegrityError:  # another sender made it first
        status = db.session.get(MailServerStatus, 1, with_for_update=True)
        assert status is not None
    return status


def _server_unreachable(now: datetime, error: BaseException) -> MailServerStatus:
    """Record that the mail server could not be used: once, for the whole queue."""
    status = _status_row()
    reason = server_trouble_in_words(error)
    current_app.logger.warning("The mail server could not be reached: %s (%r)", reason, error)
    status.failures = (status.failures or 0) + 1
    status.down_since = status.down_since or now
    status.last_failed_at = now
    status.last_error = reason[:2000]
    status.next_try_at = now + outage_wait(status.failures)
    db.session.commit()
    return status


def _server_reached() -> None:
    """The mail server took a message, or answered about one: the outage, if there was
    one, is over. Committed with the message."""
    status = mail_server_status()
    if status is None or (status.down_since is None and not status.failures):
        return
    status = _status_row()
    status.down_since = None
    status.failures = 0
    status.next_try_at = None


def _due(now: datetime) -> sa.Select:
    """Messages waiting whose time has come. Each is claimed, oldest first, with ``FOR
    UPDATE SKIP LOCKED``: other senders running at the same time pass over a claimed
    message to the next, so none goes twice. SQLite has no row locks; there only one sender
    runs at a time (``governors.locks``)."""
    return sa.select(OutboxMessage).where(
        OutboxMessage.status == PENDING, OutboxMessage.next_attempt_at <= now
    )


def send_due(now: datetime | None = None, limit: int = 200) -> dict[str, int]:
    """Send what is due, oldest first, one message at a time, each committed on its own.

    When the mail server cannot be reached, does not answer or drops the connection, that
    is recorded once (see ``MailServerStatus``) and the run stops: no message is charged
    an attempt, so the queue keeps its order and nothing is parked for an outage. The
    server is tried again after a wait; until then a run sends nothing.

    Whatever goes wrong with one message (the mail server refusing it, or a message that
    cannot be made into an email at all) is recorded on that message, which is tried
    again later with a growing wait, and the run goes on with the next. After
    ``MAX_ATTEMPTS`` tries a message is parked until the secretary tries it again.
    """
    now = now or utcnow()
    counts = {"sent": 0, "retrying": 0, "failed": 0}
    status = mail_server_status()
    if status is not None and status.next_try_at is not None and status.next_try_at > now:
        return counts  # the server was down a moment ago: everything waits, in order
    if not db.session.scalar(sa.select(_due(now).exists())):
        return counts
    try:
        server = _connect()
    except Exception as error:  # whatever it is, it is no one message's fault
        _server_unreachable(now, error)
        return counts
    # Over only once a message is taken or answered for: a server that greets and then
    # drops every message is still down.
    reached = False
    try:
        while sum(counts.values()) < limit:
            message = db.session.scalars(
                _due(now)
                .order_by(OutboxMessage.id)
                .limit(1)
                .with_for_update(skip_locked=True)
                .execution_options(populate_existing=True)
            ).first()
            if message is None:
                break
            try:
                server.send_message(_as_email(message))
            except Exception as error:  # one bad message must never hold up the others
                if is_server_trouble(error):
                    _server_unreachable(now, error)  # the message is left as it was
                    break
                if isinstance(error, smtplib.SMTPException) and not reached:
                    _server_reached()
                    reached = True
                if not isinstance(error, OSError):
                    current_app.logger.warning("Email %s could not be sent: %r", message.id, error)
                message.attempts += 1
                message.last_attempt_at = now
                message.last_error = _describe(error)
                if message.attempts >= MAX_ATTEMPTS:
                    message.status = FAILED
                    counts["failed"] += 1
                else:
                    message.next_attempt_at = now + backoff(message.attempts)
                    counts["retrying"] += 1
            else:
                if not reached:
                    _server_reached()
                    reached = True
                message.attempts += 1
                message.last_attempt_at = now
                message.status = SENT
                message.sent_at = utcnow()
                message.last_error = None
                counts["sent"] += 1
            db.session.commit()
    finally:
        with contextlib.suppress(OSError, smtplib.SMTPException):
            server.quit()
    return counts


@dataclass(frozen=True)
class OutboxSummary:
    """What waits to be sent, and why, for the outbox page."""

    waiting: int  # messages still to send, refused ones waiting for another try among them
    oldest_waiting_since: datetime | None
    status: MailServerStatus | None
    next_try_at: datetime | None
    refused: list[OutboxMessage]  # waiting for another try after the server refused them

    @property
    def server_down(self) -> bool:
        return self.status is not None and self.status.down_since is not None


def outbox_summary(now: datetime | None = None) -> OutboxSummary:
    """How many messages wait, since when, the mail server's last error, and the next try."""
    now = now or utcnow()
    waiting, oldest, first_due = db.session.execute(
        sa.select(
            sa.func.count(),
            sa.func.min(OutboxMessage.created_at),
            sa.func.min(OutboxMessage.next_attempt_at),
        ).where(OutboxMessage.status == PENDING)
    ).one()
    status = mail_server_status()
    next_try = None
    if waiting:
        next_try = first_due
        if status is not None and status.next_try_at is not None:
            next_try = max(status.next_try_at, first_due)
        next_try = max(next_try, now)
    refused = list(
        db.session.scalars(
            sa.select(OutboxMessage)
            .where(OutboxMessage.status == PENDING, OutboxMessage.attempts > 0)
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(50)
        )
    )
    return OutboxSummary(waiting, oldest, status, next_try, refused)


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
