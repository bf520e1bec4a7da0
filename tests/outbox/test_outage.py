"""A mail outage, against a real SMTP server: down for an hour in every way a server can be
down, nothing is lost, reordered or parked; back, every message goes once, oldest first."""

from __future__ import annotations

import itertools
import smtplib
from datetime import timedelta

import pytest
import sqlalchemy as sa

from governors.extensions import db
from governors.outbox import services
from governors.outbox.models import OutboxMessage
from governors.outbox.services import MAX_ATTEMPTS, queue_email, send_due
from tests.outbox.mailserver import MOODS
from tests.people.conftest import page_text

OUTBOX = "/email/"
NO_SENDS = {"sent": 0, "retrying": 0, "failed": 0}


def _queue(n: int, to: str | None = None) -> OutboxMessage:
    message = queue_email(
        to or f"governor{n:02d}@example.org",
        f"Update {n:02d}",
        "governors/email/password_changed.txt",
        person=type("Person", (), {"name": f"Governor {n}"})(),
        council_name="Council of Governors",
        forgot_link="http://localhost/account/forgotten-password",
    )
    db.session.flush()
    return message


def _states() -> list[tuple[str, int]]:
    return list(
        db.session.execute(
            sa.select(OutboxMessage.status, OutboxMessage.attempts).order_by(OutboxMessage.id)
        ).tuples()
    )


@pytest.mark.clock("2027-01-04T10:00")
def test_an_hour_without_the_mail_server_loses_nothing(
    mailing_app, mail_server, as_secretary, clock
):
    messages = [_queue(n) for n in range(40)]
    db.session.commit()
    start = clock.now

    # An hour of runs, one a minute, as cron makes them. Each time the server is tried it
    # is down in the next way: nothing listening, too busy, silent, closing down, dropping
    # the connection mid-message.
    moods = itertools.cycle([mood for mood in MOODS if mood != "accept"])
    tried: list[str] = []
    while clock.now < start + timedelta(hours=1):
        status = services.mail_server_status()
        if status is None or status.next_try_at <= clock.now:
            tried.append(next(moods))
            mail_server.set(tried[-1])
        assert send_due() == NO_SENDS
        clock.advance(minutes=1)

    assert set(tried) == {"down", "busy", "silent", "refuse", "drop"}
    assert 6 <= len(tried) <= 10  # the wait grows: not sixty tries
    assert mail_server.connections >= len(tried) - tried.count("down")
    assert mail_server.received == []
    # Nothing sent, nothing parked, nothing lost, no attempt charged to any message.
    assert _states() == [("pending", 0)] * 40
    status = services.mail_server_status()
    assert status.down_since == start
    assert status.failures == len(tried)
    assert status.next_try_at > status.last_failed_at

    # The secretary sees what waits and why.
    page = page_text(as_secretary.get(OUTBOX))
    assert "Waiting 40 emails" in page
    assert "Oldest waiting since 4 Jan 2027 at 10:00" in page
    assert "The mail server cannot be reached" in page
    assert (
        f"The mail server could not be reached at {status.last_failed_at:%H:%M}, "
        "nor at any try since 10:00:"
    ) in page
    assert f"the next try is at {status.next_try_at:%H:%M}" in page
    assert "No email is lost." in page
    home = page_text(as_secretary.get("/"))
    assert "The mail server cannot be reached: email is waiting" in home

    # It answers again: at the next try every message goes, once, oldest first.
    mail_server.set("accept")
    clock.move_to(status.next_try_at)
    assert send_due() == {"sent": 40, "retrying": 0, "failed": 0}
    assert mail_server.subjects() == [f"Update {n:02d}" for n in range(40)]
    assert [str(m["To"]) for m in mail_server.received] == [m.to_address for m in messages]
    assert _states() == [("sent", 1)] * 40
    assert send_due(now=clock.now + timedelta(hours=1)) == NO_SENDS
    assert len(mail_server.received) == 40
    assert status.down_since is None

    page = page_text(as_secretary.get(OUTBOX))
    assert "Nothing is waiting: every email has been sent." in page
    assert "cannot be reached" not in page


@pytest.mark.parametrize(
    ("mood", "reason"),
    [
        ("down", "connection refused"),
        ("busy", "it is not taking email for now (421 4.3.2 Too busy, try again later)"),
        ("silent", "it did not answer within 0.5 seconds"),
        (
            "refuse",
            "it is not taking email for now "
            "(421 4.3.2 Service not available, closing transmission channel)",
        ),
        ("drop", "it closed the connection"),
    ],
)
@pytest.mark.clock("2027-01-04T10:02")
def test_the_reason_is_given_in_plain_words(mailing_app, mail_server, mood, reason):
    _queue(1)
    mail_server.set(mood)
    assert send_due() == NO_SENDS
    status = services.mail_server_status()
    assert status.last_error == reason
    assert services.outage_in_words(status) == (
        f"The mail server could not be reached at 10:02: {reason}."
    )


@pytest.mark.clock("2027-01-04T10:00")
def test_a_connection_lost_part_way_keeps_the_rest_in_order(mailing_app, mail_server, clock):
    """The first messages go; the server then drops the connection: the one being sent and
    those after it wait, uncharged, and go next time in their order."""
    for n in range(6):
        _queue(n)
    db.session.commit()
    original = mail_server.handle_DATA
    dropped: list[int] = []

    async def drop_the_fourth(server, session, envelope):
        if len(mail_server.received) == 3 and not dropped:
            dropped.append(3)
            mail_server.mood = "drop"
        return await original(server, session, envelope)

    mail_server.handle_DATA = drop_the_fourth  # type: ignore[method-assign]
    assert send_due() == {"sent": 3, "retrying": 0, "failed": 0}
    assert _states() == [("sent", 1)] * 3 + [("pending", 0)] * 3
    assert services.mail_server_status().last_error == "it closed the connection"

    mail_server.set("accept")
    clock.advance(minutes=1)
    assert send_due() == {"sent": 3, "retrying": 0, "failed": 0}
    assert mail_server.subjects() == [f"Update {n:02d}" for n in range(6)]


@pytest.mark.clock("2027-01-04T10:00")
def test_an_address_the_server_refuses_is_retried_then_parked(
    mailing_app, mail_server, as_secretary, clock
):
    """A refusal is about one message: it waits with a growing wait, the others go, and
    after the last attempt it is parked, as before."""
    mail_server.unknown = {"gone@example.org"}
    refused = _queue(0, to="gone@example.org")
    fine = _queue(1)
    db.session.commit()
    assert send_due() == {"sent": 1, "retrying": 1, "failed": 0}
    assert (fine.status, refused.status, refused.attempts) == ("sent", "pending", 1)
    assert refused.last_error == (
        "The mail server refused the address (gone@example.org: 550 5.1.1 No such user here)"
    )
    assert services.mail_server_status() is None  # the server itself is fine

    page = page_text(as_secretary.get(OUTBOX))
    assert "Waiting 1 email" in page
    assert "Mail server Working" in page
    assert "The mail server refused these for now." in page
    assert "gone@example.org Update 00 1 The mail server refused the address" in page
    assert "Next try 4 Jan 2027 at 10:01" in page

    for _ in range(MAX_ATTEMPTS - 1):
        clock.move_to(refused.next_attempt_at)
        send_due()
    assert (refused.status, refused.attempts) == ("failed", MAX_ATTEMPTS)
    page = page_text(as_secretary.get(OUTBOX))
    assert "Nothing is waiting: every email has been sent, apart from those below." in page
    assert "Try again to send the email to gone@example.org" in page


def test_which_errors_are_the_servers_and_which_the_messages():
    trouble = [
        ConnectionRefusedError(111, "Connection refused"),
        TimeoutError("timed out"),
        ConnectionResetError(104, "Connection reset by peer"),
        smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
        smtplib.SMTPConnectError(421, b"Too busy"),
        smtplib.SMTPHeloError(501, b"Say hello properly"),
        smtplib.SMTPAuthenticationError(535, b"Bad password"),
        smtplib.SMTPSenderRefused(421, b"Closing", "governors@example.org"),
        smtplib.SMTPDataError(421, b"Closing"),
        smtplib.SMTPRecipientsRefused({"pat@example.org": (421, b"Closing")}),
    ]
    own = [
        smtplib.SMTPRecipientsRefused({"pat@example.org": (550, b"No such user")}),
        smtplib.SMTPRecipientsRefused({"pat@example.org": (451, b"Try later")}),
        smtplib.SMTPSenderRefused(553, b"Not allowed", "governors@example.org"),
        smtplib.SMTPDataError(554, b"Message refused"),
        smtplib.SMTPNotSupportedError("SMTPUTF8 not supported"),
        ValueError("bad attachment type"),
    ]
    assert [services.is_server_trouble(error) for error in trouble] == [True] * len(trouble)
    assert [services.is_server_trouble(error) for error in own] == [False] * len(own)
