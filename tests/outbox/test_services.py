"""The outbox: mail queued with the change, sent by a command that retries with backoff."""

from __future__ import annotations

import smtplib
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import pytest
import sqlalchemy as sa
from flask import Flask

from governors import Governors
from governors.extensions import db
from governors.outbox import services
from governors.outbox.models import OutboxMessage
from governors.outbox.services import MAX_ATTEMPTS, absolute_url, backoff, queue_email, send_due
from governors.timeutil import utcnow

NOW = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)


class FakeServer:
    """Stands in for the mail server: keeps what it is given, refuses whom it is told to."""

    def __init__(self, refuse: set[str] | None = None) -> None:
        self.sent: list[EmailMessage] = []
        self.refuse = refuse or set()
        self.closed = False

    def send_message(self, message: EmailMessage) -> dict:
        if message["To"] in self.refuse:
            raise smtplib.SMTPRecipientsRefused({message["To"]: (550, b"No such user")})
        self.sent.append(message)
        return {}

    def quit(self) -> None:
        self.closed = True


@pytest.fixture
def server(monkeypatch) -> FakeServer:
    fake = FakeServer()
    monkeypatch.setattr(services, "_connect", lambda: fake)
    return fake


@pytest.fixture
def server_down(monkeypatch) -> None:
    def refuse():
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(services, "_connect", refuse)


def _queue(to: str = "pat@example.org", due: datetime = NOW, **kwargs) -> OutboxMessage:
    message = queue_email(
        to,
        "Your password has changed",
        "governors/email/password_changed.txt",
        person=type("Person", (), {"name": "Pat Jones"})(),
        council_name="Council of Governors",
        forgot_link="http://localhost/account/forgotten-password",
        **kwargs,
    )
    message.next_attempt_at = due
    db.session.flush()
    return message


def test_due_messages_are_sent_and_marked_sent(app, server):
    first, second = _queue("pat@example.org"), _queue("sam@example.org")
    assert send_due(now=NOW) == {"sent": 2, "retrying": 0, "failed": 0}
    assert [m["To"] for m in server.sent] == ["pat@example.org", "sam@example.org"]
    email = server.sent[0]
    assert email["From"] == app.config["MAIL_FROM"]
    assert email["Subject"] == "Your password has changed"
    assert "Dear Pat Jones" in email.get_content()
    for message in (first, second):
        assert message.status == "sent"
        assert message.attempts == 1
        assert message.sent_at is not None
    assert server.closed
    # Nothing is sent twice.
    assert send_due(now=NOW + timedelta(hours=1)) == {"sent": 0, "retrying": 0, "failed": 0}
    assert len(server.sent) == 2


def test_a_mail_server_that_is_down_loses_nothing(app, server_down, monkeypatch):
    """Recorded once for the whole queue: no message is charged an attempt, so none is
    reordered or parked because the server was down."""
    message = _queue()
    assert send_due(now=NOW) == {"sent": 0, "retrying": 0, "failed": 0}
    assert message.status == "pending"
    assert message.attempts == 0
    assert message.next_attempt_at == NOW
    assert message.last_error is None
    status = services.mail_server_status()
    assert (status.down_since, status.last_failed_at, status.failures) == (NOW, NOW, 1)
    assert status.last_error == "connection refused"
    assert status.next_try_at == NOW + timedelta(minutes=1)

    # Not tried again until the wait has passed.
    tries: list[int] = []
    monkeypatch.setattr(services, "_connect", lambda: tries.append(1) or _refuse())
    assert send_due(now=NOW + timedelta(seconds=30))["sent"] == 0
    assert tries == []

    later = NOW + timedelta(minutes=1)
    send_due(now=later)
    assert tries == [1]
    assert message.attempts == 0
    assert (status.down_since, status.failures) == (NOW, 2)
    assert status.next_try_at == later + timedelta(minutes=2)

    fake = FakeServer()
    monkeypatch.setattr(services, "_connect", lambda: fake)
    assert send_due(now=later + timedelta(minutes=2))["sent"] == 1
    assert message.status == "sent"
    assert message.attempts == 1
    assert len(fake.sent) == 1
    assert (status.down_since, status.failures, status.next_try_at) == (None, 0, None)
    assert status.last_error == "connection refused"  # the last one, kept for the record


def _refuse() -> FakeServer:
    raise ConnectionRefusedError(111, "Connection refused")


def test_an_outage_never_parks_a_message_but_a_refusal_does(app, monkeypatch):
    refused = _queue("gone@example.org")
    now = NOW
    monkeypatch.setattr(services, "_connect", _refuse)
    for _ in range(MAX_ATTEMPTS * 3):
        send_due(now=now)
        now += timedelta(minutes=15)
    assert (refused.status, refused.attempts) == ("pending", 0)

    monkeypatch.setattr(services, "_connect", lambda: FakeServer(refuse={"gone@example.org"}))
    for _ in range(MAX_ATTEMPTS - 1):
        assert send_due(now=now)["retrying"] == 1
        now = refused.next_attempt_at
    assert send_due(now=now) == {"sent": 0, "retrying": 0, "failed": 1}
    assert refused.status == "failed"
    assert refused.attempts == MAX_ATTEMPTS
    assert "550 No such user" in refused.last_error
    assert send_due(now=now + timedelta(days=1))["failed"] == 0


def test_one_refused_address_does_not_stop_the_others(app, monkeypatch):
    fake = FakeServer(refuse={"gone@example.org"})
    monkeypatch.setattr(services, "_connect", lambda: fake)
    refused, fine = _queue("gone@example.org"), _queue("pat@example.org")
    assert send_due(now=NOW) == {"sent": 1, "retrying": 1, "failed": 0}
    assert fine.status == "sent"
    assert refused.status == "pending" and "No such user" in refused.last_error


def test_messages_not_yet_due_wait(app, server):
    message = _queue()
    message.next_attempt_at = NOW + timedelta(minutes=5)
    db.session.flush()
    assert send_due(now=NOW)["sent"] == 0
    assert message.attempts == 0


def test_a_run_sends_at_most_its_limit(app, server):
    for n in range(3):
        _queue(f"person{n}@example.org")
    assert send_due(now=NOW, limit=2)["sent"] == 2
    assert send_due(now=NOW, limit=2)["sent"] == 1


def test_attachments_travel_with_the_message(app, server):
    _queue(attachment=("meeting.ics", "text/calendar", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"))
    send_due(now=NOW)
    [attachment] = list(server.sent[0].iter_attachments())
    assert attachment.get_filename() == "meeting.ics"
    assert attachment.get_content_type() == "text/calendar"


def test_backoff_doubles_up_to_four_hours():
    assert [backoff(n).total_seconds() / 60 for n in range(1, 11)] == [
        1,
        2,
        4,
        8,
        16,
        32,
        64,
        128,
        240,
        240,
    ]


def test_mail_queued_in_a_change_that_is_rolled_back_is_never_sent(app, server):
    savepoint = db.session.begin_nested()
    _queue()
    savepoint.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0
    assert send_due(now=NOW)["sent"] == 0
    assert server.sent == []


def test_send_mail_command_reports_what_happened(app, server):
    _queue(due=utcnow())
    result = app.test_cli_runner().invoke(args=["governors", "send-mail"])
    assert result.exit_code == 0
    assert result.output.strip() == "Sent 1, will retry 0, gave up on 0."


@pytest.mark.clock("2027-01-04T10:02")
def test_send_mail_command_when_the_server_is_down(app, server_down):
    _queue(due=utcnow())
    _queue(due=utcnow())
    result = app.test_cli_runner().invoke(args=["governors", "send-mail"])
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "Sent 0, will retry 0, gave up on 0.",
        "The mail server could not be reached at 10:02: connection refused. 2 emails are "
        "waiting, to be sent in order once it answers; the next try is at 10:03 (UK time).",
    ]


def test_links_in_email_are_absolute_inside_and_outside_a_request(app):
    assert absolute_url("governors.auth.sign_in") == "http://localhost/account/sign-in"
    with app.test_request_context("/"):
        assert absolute_url("governors.auth.sign_in") == "http://localhost/account/sign-in"


def test_links_in_email_keep_the_prefix_a_host_app_mounts_us_under(database_url, tmp_path):
    host = Flask("host_site", instance_path=str(tmp_path))
    host.config.update(
        SECRET_KEY="host-secret",
        SQLALCHEMY_DATABASE_URI=database_url,
        RATELIMIT_ENABLED=False,
        GOVERNORS_BASE_URL="https://www.northshire.nhs.uk/",
    )
    Governors(host, url_prefix="/council")
    with host.app_context():
        assert absolute_url("governors.auth.reset_password", token="abc") == (
            "https://www.northshire.nhs.uk/council/account/reset-password/abc"
        )


# One bad message never holds up the rest ----------------------------------------------


def test_line_breaks_in_a_subject_are_cleaned_when_queued(app, server):
    message = queue_email(
        "pat@example.org\r\n",
        "Agenda request accepted: Waiting times\r\nBcc: everyone@example.org\x00",
        "governors/email/password_changed.txt",
        person=type("Person", (), {"name": "Pat Jones"})(),
        council_name="Council of Governors",
        forgot_link="http://localhost/account/forgotten-password",
    )
    assert message.subject == "Agenda request accepted: Waiting times Bcc: everyone@example.org"
    assert message.to_address == "pat@example.org"
    message.next_attempt_at = NOW
    assert send_due(now=NOW)["sent"] == 1
    [email] = server.sent
    assert email["Subject"] == message.subject
    assert email["Bcc"] is None


def test_a_subject_too_long_for_its_column_is_cut_with_an_ellipsis():
    assert services.clean_header("Word " * 60, services.SUBJECT_LENGTH).endswith("Word…")
    assert len(services.clean_header("Word " * 60, services.SUBJECT_LENGTH)) == 200
    assert services.clean_header("North\u2028shire\tCouncil  of\nGovernors") == (
        "North shire Council of Governors"
    )


def test_the_finding_replayed_a_title_and_a_council_name_with_line_breaks(app, server):
    """As found: the mail run crashed on such a subject, and every later email waited."""
    from governors.council.models import DEFAULTS, CouncilSettings
    from governors.requests import services as requests
    from tests import factories

    db.session.add(
        CouncilSettings(id=1, **(DEFAULTS | {"council_name": "Northshire\r\nCouncil of Governors"}))
    )
    proposer = factories.governor(email="pat@example.org")
    meeting = factories.MeetingFactory(starts_at=utcnow() + timedelta(days=30))
    requests.submit_request(
        proposer,
        meeting=meeting,
        title="Waiting times\r\nfor assessments",
        purpose="discuss",
        session="public",
    )
    later = _queue("sam@example.org", due=utcnow())
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["governors", "send-mail"])
    assert result.exit_code == 0, result.output
    assert "Sent 2, will retry 0, gave up on 0." in result.output
    assert later.status == "sent"
    subjects = [email["Subject"] for email in server.sent]
    assert any("Waiting times for assessments" in subject for subject in subjects)
    assert not any("\r" in subject or "\n" in subject for subject in subjects)


def _unsendable(to: str = "pat@example.org") -> OutboxMessage:
    """A message no email can be made of: its attachment type has no subtype."""
    message = OutboxMessage(
        to_address=to,
        subject="Meeting invitation",
        body_text="Details attached.",
        attachment_name="meeting.ics",
        attachment_type="calendar",
        attachment_data=b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
        next_attempt_at=NOW,
    )
    db.session.add(message)
    db.session.flush()
    return message


def test_a_message_that_cannot_be_made_into_an_email_is_recorded_and_the_rest_go(app, server):
    broken = _unsendable("broken@example.org")
    # Queued before subjects were cleaned: still sent, with the line break taken out.
    old = OutboxMessage(
        to_address="sam@example.org",
        subject="Your request\r\nwas accepted",
        body_text="Dear Sam",
        next_attempt_at=NOW,
    )
    db.session.add(old)
    fine = _queue("pat@example.org")
    assert send_due(now=NOW) == {"sent": 2, "retrying": 1, "failed": 0}
    assert [email["To"] for email in server.sent] == ["sam@example.org", "pat@example.org"]
    assert server.sent[0]["Subject"] == "Your request was accepted"
    assert (old.status, fine.status) == ("sent", "sent")
    assert broken.status == "pending"
    assert broken.attempts == 1
    assert broken.last_attempt_at == NOW
    assert broken.last_error  # the reason, in words
    assert broken.next_attempt_at == NOW + timedelta(minutes=1)


def test_a_message_that_keeps_failing_is_parked_and_the_command_carries_on(app, server):
    broken = _unsendable()
    now = NOW
    for _ in range(MAX_ATTEMPTS - 1):
        assert send_due(now=now)["retrying"] == 1
        now = broken.next_attempt_at
    assert send_due(now=now) == {"sent": 0, "retrying": 0, "failed": 1}
    assert broken.status == "failed"
    assert broken.attempts == MAX_ATTEMPTS
    assert services.parked_messages() == [broken]
    assert services.parked_count() == 1
    # Parked: never tried again by the command, and it holds nothing up.
    later = _queue("sam@example.org", due=now + timedelta(days=1))
    assert send_due(now=now + timedelta(days=1)) == {"sent": 1, "retrying": 0, "failed": 0}
    assert later.status == "sent"
    assert broken.attempts == MAX_ATTEMPTS


def test_trying_a_parked_message_again_queues_it_afresh_and_is_audited(app, secretary):
    from governors.audit.models import AuditEntry
    from governors.errors import Refused

    broken = _unsendable("gone@example.org")
    broken.status, broken.attempts, broken.last_error = "failed", MAX_ATTEMPTS, "No such user"
    services.try_again(secretary, broken)
    assert (broken.status, broken.attempts) == ("pending", 0)
    assert broken.next_attempt_at <= utcnow()
    entry = db.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.action == "outbox.tried_again")
    )
    assert entry.actor_id == secretary.id
    assert (entry.record_type, entry.record_id) == ("outbox_messages", broken.id)
    assert entry.before == {"status": "failed", "attempts": MAX_ATTEMPTS}
    assert entry.after == {"status": "pending", "attempts": 0}
    with pytest.raises(Refused, match="no longer waiting"):
        services.try_again(secretary, broken)


def test_send_mail_command_says_where_parked_mail_is_shown(app, server):
    broken = _unsendable()
    broken.attempts, broken.next_attempt_at = MAX_ATTEMPTS - 1, utcnow()
    fine = _queue(due=utcnow())
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["governors", "send-mail"])
    assert result.exit_code == 0, result.output
    assert "Sent 1, will retry 0, gave up on 1." in result.output
    assert "'Email that could not be sent'" in result.output
    assert (broken.status, fine.status) == ("failed", "sent")
