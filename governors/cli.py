"""``flask governors …`` commands."""

from __future__ import annotations

import click
from flask.cli import AppGroup

governors_cli = AppGroup("governors", help="Council of Governors commands.")


@governors_cli.command("send-mail")
@click.option("--limit", default=200, show_default=True, help="Most messages to send this run.")
def send_mail(limit: int) -> None:
    """Send queued email that is due; failures are retried later with backoff."""
    from governors.outbox.services import send_due

    counts = send_due(limit=limit)
    click.echo(
        f"Sent {counts['sent']}, will retry {counts['retrying']}, gave up on {counts['failed']}."
    )
