"""Several senders, and the scheduled commands run on every server at once: each email and
each reminder goes once. Real ``flask governors …`` processes against a database of the
test's and a real SMTP server (tests/outbox/mailserver.py)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
import time_machine

from governors.extensions import db
from governors.interests.models import InterestReturn
from governors.locks import only_one
from governors.outbox.models import OutboxMessage, SentReminder
from governors.outbox.services import queue_email
from tests import factories
from tests.outbox.mailserver import MailServer
from tests.servers import ROOT, Server, served_database

ON_POSTGRESQL = (os.environ.get("TEST_DATABASE_URL") or "").startswith("postgres")
FLASK = [str(ROOT / ".venv" / "bin" / "flask"), "--app", "wsgi", "governors"]
LONG_AGO = datetime(2020, 1, 6, 9, 0, tzinfo=UTC)  # due whatever the processes' clock says
# ``flask --app wsgi …`` on the test's clock, moved as tests/gunicorn_conf.py moves a
# server's: by GOVERNORS_SERVER_CLOCK_OFFSET seconds, ticking on.
CLOCKED_FLASK = """
import os, sys
from datetime import UTC, datetime, timedelta
offset = float(os.environ.get("GOVERNORS_SERVER_CLOCK_OFFSET") or 0)
if offset:
    import time_machine
    time_machine.travel(datetime.now(UTC) + timedelta(seconds=offset), tick=True).start()
from flask.cli import main
sys.argv = ["flask", "--app", "wsgi", *sys.argv[1:]]
main()
"""
_SENT = re.compile(r"^Sent (\d+), will retry (\d+), gave up on (\d+)\.$", re.M)


def _environment(
    url: str, tmp_path: Path, mail: MailServer | None = None, now: datetime | None = None
) -> dict:
    env = Server(url, tmp_path).environment()
    if now is not None:
        # From the real time: the test's own clock stands still.
        offset = now.timestamp() - time_machine.escape_hatch.time.time()
        env["GOVERNORS_SERVER_CLOCK_OFFSET"] = str(offset)
    if mail is not None:
        env |= {"MAIL_SERVER": mail.host, "MAIL_PORT": str(mail.port), "MAIL_TIMEOUT": "30"}
    return env


def _start(command: list[str], env: dict) -> subprocess.Popen[str]:
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def _finish(process: subprocess.Popen[str], timeout: float = 90) -> str:
    output, _ = process.communicate(timeout=timeout)
    assert process.returncode == 0, output
    return output


def _queue(count: int) -> list[int]:
    ids = []
    for n in range(count):
        message = queue_email(
            f"governor{n:03d}@example.org",
            f"Update {n:03d}",
            "governors/email/password_changed.txt",
            person=type("Person", (), {"name": f"Governor {n}"})(),
            council_name="Council of Governors",
            forgot_link="http://localhost/account/forgotten-password",
        )
        message.next_attempt_at = LONG_AGO
        db.session.flush()
        ids.append(message.id)
    db.session.commit()
    return ids


def _states() -> list[tuple[str, int]]:
    db.session.expire_all()
    return list(
        db.session.execute(
            sa.select(OutboxMessage.status, OutboxMessage.attempts).order_by(OutboxMessage.id)
        ).tuples()
    )


@pytest.mark.skipif(
    not ON_POSTGRESQL, reason="PostgreSQL only: on SQLite one sender runs at a time (see below)"
)
def test_four_senders_at_once_send_each_message_once(tmp_path, mail_server):
    with served_database(tmp_path, "senders") as (url, _app):
        _queue(80)
        # No message is taken until all four are sending, each holding a claimed row:
        # then they share out the rest.
        mail_server.hold_until_sessions = 4
        env = _environment(url, tmp_path, mail_server)
        senders = [_start([*FLASK, "send-mail"], env) for _ in range(4)]
        outputs = [_finish(sender) for sender in senders]

        sent = [int(_SENT.search(output).group(1)) for output in outputs]
        assert sum(sent) == 80
        assert all(count >= 1 for count in sent), outputs  # all four sent some
        subjects = mail_server.subjects()
        assert sorted(subjects) == [f"Update {n:03d}" for n in range(80)]  # each once
        assert _states() == [("sent", 1)] * 80


@pytest.mark.skipif(ON_POSTGRESQL, reason="SQLite only: on PostgreSQL senders share the work")
def test_on_sqlite_a_second_sender_stops_and_nothing_goes_twice(tmp_path, mail_server):
    with served_database(tmp_path, "senders") as (url, _app):
        _queue(5)
        mail_server.hold_until_sessions = 99  # the first message waits until released
        env = _environment(url, tmp_path, mail_server)
        first = _start([*FLASK, "send-mail"], env)
        deadline = time.monotonic() + 60
        while not mail_server.sessions and time.monotonic() < deadline:
            assert first.poll() is None, first.communicate()[0]
            time.sleep(0.05)
        assert mail_server.sessions, "the first sender never began to send"

        second = subprocess.run(
            [*FLASK, "send-mail"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=90
        )
        assert second.returncode == 0, second.stdout + second.stderr
        assert second.stdout.strip() == (
            "Another run of send-mail is still going, on this server or another, "
            "so this run has stopped without doing anything."
        )
        mail_server.release()
        assert "Sent 5, will retry 0, gave up on 0." in _finish(first)
        assert mail_server.subjects() == [f"Update {n:03d}" for n in range(5)]
        assert _states() == [("sent", 1)] * 5


OVERDUE = datetime(2027, 3, 20, 7, 0, tzinfo=UTC)  # declarations made 15 March 2026


@pytest.mark.clock(OVERDUE)
def test_two_reminder_runs_at_once_queue_each_reminder_once(tmp_path, clock):
    with served_database(tmp_path, "reminders") as (url, _app):
        joined = datetime(2025, 4, 1, 9, 0, tzinfo=UTC)
        governors = [
            factories.governor(email=f"governor{n}@example.org", created_at=joined)
            for n in range(6)
        ]
        db.session.flush()
        for person in governors:
            db.session.add(
                InterestReturn(user_id=person.id, made_on=date(2026, 3, 15), made_by_id=person.id)
            )
        db.session.commit()
        env = _environment(url, tmp_path, now=clock.now)
        command = [sys.executable, "-c", CLOCKED_FLASK, "governors", "send-reminders"]

        # While another run holds the lock, a run does nothing and says so.
        with only_one("send-reminders") as mine:
            assert mine
            refused = _finish(_start(command, env))
        assert refused.strip() == (
            "Another run of send-reminders is still going, on this server or another, "
            "so this run has stopped without doing anything."
        )
        assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0

        # Two at once, as two servers' cron would start them.
        outputs = [_finish(run) for run in [_start(command, env), _start(command, env)]]
        assert sum("Queued 6 reminders about declarations of interest." in o for o in outputs) == 1
        assert all(
            "Queued 0 reminders" in output or "Another run of send-reminders" in output
            for output in outputs
            if "Queued 6" not in output
        ), outputs
        db.session.expire_all()
        overdue = db.session.scalars(
            sa.select(OutboxMessage.to_address).where(
                OutboxMessage.subject == "Your declaration of interests is overdue"
            )
        ).all()
        assert sorted(overdue) == sorted(person.email for person in governors)
        assert db.session.scalar(sa.select(sa.func.count()).select_from(SentReminder)) >= 6


ALREADY_RUNNING = "Another run of {} is still going, on this server or another, so this run"


@pytest.mark.parametrize(
    ("command", "done"),
    [
        ("send-reminders", "Queued 0 reminders about declarations of interest."),
        ("digest", "No overdue or late requests waiting: no digest sent."),
        ("make-packs", "Made 0 board packs."),
        ("purge", "Erased 0 private notes."),
    ],
)
def test_each_scheduled_command_runs_one_at_a_time(app, command, done):
    runner = app.test_cli_runner()
    with only_one(command) as mine:
        assert mine
        with only_one(command) as again:
            assert not again  # however it is asked, from this process or another
        held = runner.invoke(args=["governors", command])
    assert held.exit_code == 0, held.output
    assert held.output.startswith(ALREADY_RUNNING.format(command))
    assert done not in held.output

    free = runner.invoke(args=["governors", command])
    assert free.exit_code == 0, free.output
    assert done in free.output


def test_send_mail_takes_its_lock_on_sqlite_only(app):
    runner = app.test_cli_runner()
    with only_one("send-mail"):
        result = runner.invoke(args=["governors", "send-mail"])
    assert result.exit_code == 0, result.output
    if db.engine.dialect.name == "postgresql":
        # Rows are claimed one at a time instead, so several senders may run together.
        assert result.output.strip() == "Sent 0, will retry 0, gave up on 0."
    else:
        assert result.output.startswith(ALREADY_RUNNING.format("send-mail"))


def test_the_digest_goes_once_a_day_however_many_servers_run_it(app, clock):
    """Two servers' cron runs a minute apart do not overlap, so the lock alone would let
    both send: each person's digest is a reminder for the day."""
    from governors.requests import services as requests
    from tests.requests.conftest import MEETING_START, at

    factories.chair(email="chair@example.org")
    factories.secretary(email="secretary@example.org")
    requests.submit_request(
        factories.governor(),
        meeting=factories.MeetingFactory(starts_at=MEETING_START),
        title="Waiting times for assessments",
        purpose="discuss",
        session="public",
        note_to_chair="Details",
        received_at=at(2027, 1, 2),
        notify=False,
    )
    db.session.commit()
    clock.move_to(at(2027, 1, 17, 7))
    runner = app.test_cli_runner()
    first = runner.invoke(args=["governors", "digest"])
    assert "Queued the digest for 2 people: 1 overdue, 0 late" in first.output
    clock.advance(minutes=1)
    second = runner.invoke(args=["governors", "digest"])
    assert second.exit_code == 0, second.output
    assert second.output.strip() == "Today's digest was queued already: nothing sent again."
    digests = db.session.scalars(
        sa.select(OutboxMessage.to_address).where(
            OutboxMessage.subject.like("Agenda requests needing an answer%")
        )
    ).all()
    assert sorted(digests) == ["chair@example.org", "secretary@example.org"]

    clock.advance(days=1)
    third = runner.invoke(args=["governors", "digest"])
    assert "Queued the digest for 2 people" in third.output
