"""published agenda versions hold what they show

A version's snapshot was a bare list of items; the meeting's date, place and the council's
names were read live, so moving a meeting changed its published agendas. Now the snapshot
is one object (schema 2): the meeting and the council's names as they were, and the items.
The two PDFs are kept with the version as well.

Versions already published get the meeting and the council as they were when each was
published, as far as the audit log can tell: the live values, with every later recorded
change undone. Their PDFs are made from the snapshot on first download and kept.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 20:30:00

"""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SCHEMA = 2

# As the code said when this was written; a migration must not follow later code.
KIND_LABELS = {
    "ordinary": "Council of Governors meeting",
    "extraordinary": "Extraordinary Council of Governors meeting",
    "annual_members": "Annual members' meeting",
    "pre_meeting": "Governors' pre-meeting",
}
CLOSED_KINDS = {"pre_meeting"}
DEFAULT_NAMES = {"council_name": "Council of Governors", "trust_name": "NHS Foundation Trust"}
MEETING_FIELDS = ("kind", "starts_at", "duration_minutes", "place", "video_link")

versions = sa.table(
    "agenda_versions",
    sa.column("id", sa.Integer),
    sa.column("meeting_id", sa.Integer),
    sa.column("published_at", sa.DateTime(timezone=True)),
    sa.column("snapshot", sa.JSON),
)
meetings = sa.table(
    "meetings",
    sa.column("id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("starts_at", sa.DateTime(timezone=True)),
    sa.column("duration_minutes", sa.Integer),
    sa.column("place", sa.String),
    sa.column("video_link", sa.String),
    sa.column("cancelled_at", sa.DateTime(timezone=True)),
)
settings = sa.table(
    "council_settings",
    sa.column("id", sa.Integer),
    sa.column("council_name", sa.String),
    sa.column("trust_name", sa.String),
)
audit = sa.table(
    "audit_entries",
    sa.column("id", sa.Integer),
    sa.column("occurred_at", sa.DateTime(timezone=True)),
    sa.column("action", sa.String),
    sa.column("record_type", sa.String),
    sa.column("record_id", sa.Integer),
    sa.column("before", sa.JSON),
)
requests = sa.table(
    "agenda_requests", sa.column("id", sa.Integer), sa.column("proposer_id", sa.Integer)
)
users = sa.table("users", sa.column("id", sa.Integer), sa.column("name", sa.String))


def _utc(moment):
    """An aware UTC datetime from a column (SQLite gives naive UTC) or an audit string."""
    if moment is None:
        return None
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _later(changes, published_at):
    """The audit entries recorded after a version was published, newest first."""
    return sorted(
        (entry for entry in changes if _utc(entry.occurred_at) > published_at),
        key=lambda entry: (_utc(entry.occurred_at), entry.id),
        reverse=True,
    )


def _meeting_then(meeting, changes, published_at):
    values = {name: getattr(meeting, name) for name in MEETING_FIELDS}
    for entry in _later(changes, published_at):
        for name, value in (entry.before or {}).items():
            if name in values:
                values[name] = value
    starts_at = _utc(values["starts_at"])
    cancelled_at = _utc(meeting.cancelled_at)
    return {
        "kind": values["kind"],
        "title": KIND_LABELS.get(values["kind"], values["kind"]),
        "starts_at": starts_at.isoformat(),
        "ends_at": (starts_at + timedelta(minutes=int(values["duration_minutes"]))).isoformat(),
        "place": values["place"] or None,
        "video_link": values["video_link"] or None,
        "open_to_public": values["kind"] not in CLOSED_KINDS,
        "cancelled": cancelled_at is not None and cancelled_at <= published_at,
    }


def _council_then(names, changes, published_at):
    values = dict(names)
    for entry in _later(changes, published_at):
        for name, value in (entry.before or {}).items():
            if name in values and value:
                values[name] = value
    return values


def upgrade():
    with op.batch_alter_table("agenda_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pdf_public", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("pdf_full", sa.LargeBinary(), nullable=True))

    connection = op.get_bind()
    rows = [
        row
        for row in connection.execute(
            sa.select(
                versions.c.id, versions.c.meeting_id, versions.c.published_at, versions.c.snapshot
            )
        )
        if isinstance(row.snapshot, list)
    ]
    if not rows:
        return
    meeting_ids = {row.meeting_id for row in rows}
    by_meeting = {
        meeting.id: meeting
        for meeting in connection.execute(sa.select(meetings).where(meetings.c.id.in_(meeting_ids)))
    }
    history = connection.execute(
        sa.select(audit.c.id, audit.c.occurred_at, audit.c.record_id, audit.c.before).where(
            audit.c.action == "meeting.updated",
            audit.c.record_type == "meetings",
            audit.c.record_id.in_(meeting_ids),
        )
    ).all()
    meeting_history = {meeting_id: [] for meeting_id in meeting_ids}
    for entry in history:
        meeting_history[entry.record_id].append(entry)
    names_row = connection.execute(
        sa.select(settings.c.council_name, settings.c.trust_name).where(settings.c.id == 1)
    ).first()
    names = (
        {"council_name": names_row.council_name, "trust_name": names_row.trust_name}
        if names_row is not None
        else dict(DEFAULT_NAMES)
    )
    settings_history = connection.execute(
        sa.select(audit.c.id, audit.c.occurred_at, audit.c.before).where(
            audit.c.action == "settings.updated", audit.c.record_type == "council_settings"
        )
    ).all()
    request_ids = {
        entry["request_id"] for row in rows for entry in row.snapshot if entry.get("request_id")
    }
    proposers = (
        {
            row.id: row.name
            for row in connection.execute(
                sa.select(requests.c.id, users.c.name)
                .join(users, users.c.id == requests.c.proposer_id)
                .where(requests.c.id.in_(request_ids))
            )
        }
        if request_ids
        else {}
    )
    for row in rows:
        published_at = _utc(row.published_at)
        items = [
            {**entry, "requested_by": proposers.get(entry.get("request_id"))}
            for entry in row.snapshot
        ]
        snapshot = {
            "schema": SCHEMA,
            "meeting": _meeting_then(
                by_meeting[row.meeting_id], meeting_history[row.meeting_id], published_at
            ),
            "council": _council_then(names, settings_history, published_at),
            "items": items,
        }
        connection.execute(
            sa.update(versions).where(versions.c.id == row.id).values(snapshot=snapshot)
        )


def downgrade():
    connection = op.get_bind()
    for row in connection.execute(sa.select(versions.c.id, versions.c.snapshot)).all():
        if not isinstance(row.snapshot, dict):
            continue
        items = [
            {name: value for name, value in entry.items() if name != "requested_by"}
            for entry in row.snapshot.get("items", [])
        ]
        connection.execute(
            sa.update(versions).where(versions.c.id == row.id).values(snapshot=items)
        )

    with op.batch_alter_table("agenda_versions", schema=None) as batch_op:
        batch_op.drop_column("pdf_full")
        batch_op.drop_column("pdf_public")
