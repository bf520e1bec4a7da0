"""``flask governors …`` commands."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from flask.cli import AppGroup

if TYPE_CHECKING:
    from governors.outbox.models import MailServerStatus

governors_cli = AppGroup("governors", help="Council of Governors commands.")


def one_at_a_time(name: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Run the command only if no other run of it is going, on this server or another
    (``governors.locks``); otherwise say so and stop, successfully, having done nothing."""

    def decorate(command: Callable[..., None]) -> Callable[..., None]:
        @functools.wraps(command)
        def run(*args: Any, **kwargs: Any) -> None:
            from governors.locks import only_one

            with only_one(name) as mine:
                if not mine:
                    click.echo(already_running(name))
                    return
                command(*args, **kwargs)

        return run

    return decorate


def already_running(name: str) -> str:
    return (
        f"Another run of {name} is still going, on this server or another, "
        "so this run has stopped without doing anything."
    )


@governors_cli.command("send-mail")
@click.option("--limit", default=200, show_default=True, help="Most messages to send this run.")
def send_mail(limit: int) -> None:
    """Send queued email that is due, oldest first; failures are retried later with backoff.
    Runs the cover sweep first (unanswered requests to stand in pass to the next person).

    A message the mail server refuses is recorded and the run goes on with the next; one
    that fails every attempt is parked for the secretary to look at. A mail server that
    cannot be reached is recorded once and the run stops: every message waits, in order,
    and none is charged an attempt.

    Safe to run on every server at once: on PostgreSQL each run claims one message at a
    time, so several may send together and none sends a message twice; on SQLite one run
    sends at a time, and another started meanwhile stops at once.
    """
    from governors.extensions import db
    from governors.locks import only_one

    if db.engine.dialect.name == "postgresql":
        _send_mail(limit)
        return
    with only_one("send-mail") as mine:
        if not mine:
            click.echo(already_running("send-mail"))
            return
        _send_mail(limit)


def _send_mail(limit: int) -> None:
    from governors.cover.arranging import sweep
    from governors.extensions import db
    from governors.locks import only_one
    from governors.outbox.services import mail_server_status, send_due

    # Cover first, so its emails go in this run: requests not answered in time pass to
    # the next person, and periods "until further notice" are planned further ahead. One
    # sweep at a time, or two runs could both ask the next person.
    with only_one("cover sweep") as mine:
        if mine:
            try:
                cover = sweep()
                db.session.commit()
            except Exception:
                db.session.rollback()
                raise
            if cover["expired"] or cover["planned"]:
                click.echo(
                    f"Cover: {cover['expired']} requests not answered in time, "
                    f"{cover['planned']} more meetings to cover."
                )
    counts = send_due(limit=limit)
    click.echo(
        f"Sent {counts['sent']}, will retry {counts['retrying']}, gave up on {counts['failed']}."
    )
    if counts["failed"]:
        click.echo(
            "The secretary can see why, and try again, under 'Email that could not be sent' "
            "on the 'Outgoing email' page (linked from the audit log)."
        )
    status = mail_server_status()
    if status is not None and status.down_since is not None:
        click.echo(_waiting_in_words(status))


def _waiting_in_words(status: MailServerStatus) -> str:
    """What waits while the mail server is down, and when it is tried next."""
    from governors.outbox.services import moment_in_words, outage_in_words, outbox_summary

    summary = outbox_summary()
    count = f"{summary.waiting} email{'s' if summary.waiting != 1 else ''}"
    verb = "are" if summary.waiting != 1 else "is"
    text = f"{outage_in_words(status)} {count} {verb} waiting, to be sent in order once it answers"
    if status.next_try_at is not None:
        text += f"; the next try is at {moment_in_words(status.next_try_at)} (UK time)"
    return text + "."


@governors_cli.command("demo")
@click.option(
    "--if-empty",
    is_flag=True,
    help="Do nothing (and succeed) when the database already has people in it.",
)
def demo(if_empty: bool) -> None:
    """Load the demo council into an empty database."""
    from governors.demo import DemoRefused, database_is_empty, load_demo

    if if_empty and not database_is_empty():
        return
    try:
        council = load_demo()
    except DemoRefused as refused:
        raise click.ClickException(str(refused)) from refused
    click.echo(f"Loaded the demo council: {len(council.people)} people who can sign in.")


@governors_cli.command("seed-glossary")
def seed_glossary() -> None:
    """Add the common NHS governance terms the glossary does not have yet."""
    from governors.extensions import db
    from governors.glossary.services import seed

    added = seed()
    db.session.commit()
    click.echo(f"Added {added} {'term' if added == 1 else 'terms'} to the glossary.")


@governors_cli.command("demo-sign-ins")
def demo_sign_ins() -> None:
    """Print the demo accounts and their password."""
    from flask import current_app

    from governors.demo import SIGN_INS, demo_password

    width = max(len(email) for email, _ in SIGN_INS)
    lines = [
        "",
        f"Try the demo council at {current_app.config['GOVERNORS_BASE_URL']} with any of these:",
        "",
        *(f"  {email:<{width}}  {role}" for email, role in SIGN_INS),
        "",
        f"  Password for all of them: {demo_password()}",
        "",
    ]
    click.echo("\n".join(lines))


@governors_cli.command("digest")
@one_at_a_time("digest")
def digest() -> None:
    """Email the chair, secretary and lead governor the agenda requests needing an answer.

    Lists overdue answers and late requests still waiting for the chair; sends nothing
    when there are none. Run it once a day, e.g. from cron before the send-mail run.
    """
    from governors.extensions import db
    from governors.requests.services import send_digest

    result = send_digest()
    if not (result.overdue or result.late):
        click.echo("No overdue or late requests waiting: no digest sent.")
        return
    if not result.recipients:
        raise click.ClickException(
            "Requests need an answer, but there is no active chair, secretary or lead "
            "governor to send the digest to."
        )
    db.session.commit()
    queued = len(result.recipients) - result.sent_already
    if not queued:
        click.echo("Today's digest was queued already: nothing sent again.")
        return
    click.echo(
        f"Queued the digest for {queued} people: {result.overdue} overdue, "
        f"{result.late} late and waiting for the chair."
    )


@governors_cli.command("send-reminders")
@one_at_a_time("send-reminders")
def send_reminders() -> None:
    """Email the reminders that are due: each person's yearly declaration of interests,
    when it is due within 30 days and again when it is overdue; each action owner's digest
    of their overdue and soon-due actions, on the working days one is due a reminder; and
    the weekly summary of the action log to the lead governors and the secretary. Files
    kept for a form that was never sent are deleted after a day.

    Each reminder is sent once, however often this runs: run it daily from cron, before
    the send-mail run.
    """
    from governors.actions.services import send_action_reminders
    from governors.documents.services import forget_held
    from governors.extensions import db
    from governors.interests.services import send_return_reminders
    from governors.timeutil import utcnow

    interests = send_return_reminders()
    digests, summaries = send_action_reminders()
    forget_held(utcnow())
    db.session.commit()
    plural = "s" if interests != 1 else ""
    click.echo(f"Queued {interests} reminder{plural} about declarations of interest.")
    click.echo(
        f"Queued {digests} digest{'s' if digests != 1 else ''} for action owners and "
        f"{summaries} weekly summar{'ies' if summaries != 1 else 'y'} of the action log."
    )


@governors_cli.command("make-packs")
@click.option(
    "--every-meeting", is_flag=True, help="Past meetings too, not only those still to come."
)
@one_at_a_time("make-packs")
def make_packs(every_meeting: bool) -> None:
    """Make the board packs not made yet for each meeting's latest agenda version, both
    the public and the full edition, so the first person to download one need not wait.
    Run it from cron, e.g. every 10 minutes."""
    from governors.packs.services import make_missing

    made = make_missing(every_meeting=every_meeting)
    click.echo(f"Made {made} board pack{'s' if made != 1 else ''}.")


@governors_cli.command("purge")
@one_at_a_time("purge")
def purge() -> None:
    """Erase the private notes on periods of unavailability kept past the council's
    retention time (the "health_note_months" setting, 12 months after the period ends
    by default). Each erasure is audited, without the note. Then tidy the uploaded files:
    one whose upload was committed as a server stopped is moved into place, and leftover
    temporary files and files no document uses are removed. Run it daily from cron."""
    from governors.cover.services import purge_notes
    from governors.documents.services import sweep_uploads
    from governors.extensions import db
    from governors.timeutil import utcnow

    erased = purge_notes()
    db.session.commit()
    click.echo(f"Erased {erased} private note{'s' if erased != 1 else ''}.")
    swept = sweep_uploads(utcnow())
    db.session.commit()
    if swept.moved or swept.removed:
        click.echo(
            f"Uploaded files: {swept.moved} moved into place, {swept.removed} left over removed."
        )


@governors_cli.command("backup")
@click.option(
    "--to",
    "target",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The archive to write (default: backups/governors-YYYYMMDD-HHMMSS.tar.gz in the "
    "instance folder).",
)
def backup(target: Path | None) -> None:
    """Write the whole database and every uploaded file to one archive, with a manifest of
    counts and checksums. Run it nightly from cron and copy the file off the server."""
    from governors.backup import BackupError, default_backup_path, write_backup

    target = target or default_backup_path()
    try:
        manifest = write_backup(target)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(
        f"Backed up {manifest.total_rows} rows from {len(manifest.tables)} tables and "
        f"{len(manifest.files)} uploaded files ({manifest.file_bytes} bytes) to {target}"
    )


@governors_cli.command("restore")
@click.argument("archive", type=click.Path(dir_okay=False, path_type=Path))
def restore(archive: Path) -> None:
    """Restore a backup into an empty database (run `flask db upgrade` first) and an
    empty upload folder. Refuses, changing nothing, if either holds anything."""
    from governors.backup import BackupError, restore_backup

    try:
        manifest = restore_backup(archive)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(
        f"Restored {manifest.total_rows} rows in {len(manifest.tables)} tables and "
        f"{len(manifest.files)} uploaded files from {archive}, "
        f"backed up at {manifest.created_at:%Y-%m-%d %H:%M:%S} UTC."
    )
