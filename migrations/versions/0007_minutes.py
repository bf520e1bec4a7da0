"""Minutes: each agenda item's minute, with its votes, and every revision ever saved

A vote is the three counts (for, against, abstaining) or none of them, never negative,
with an optional casting vote; whether it was carried is worked out from them, not kept.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 00:01:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "minutes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("presented_by", sa.String(length=200), nullable=True),
        sa.Column("discussion", sa.Text(), nullable=True),
        sa.Column("decisions", sa.Text(), nullable=True),
        sa.Column("votes_for", sa.Integer(), nullable=True),
        sa.Column("votes_against", sa.Integer(), nullable=True),
        sa.Column("votes_abstaining", sa.Integer(), nullable=True),
        sa.Column("casting_vote", sa.String(length=10), nullable=True),
        sa.CheckConstraint(
            "casting_vote IS NULL OR (votes_for IS NOT NULL AND casting_vote IN ('for', 'against'))",
            name=op.f("ck_minutes_casting_vote_valid"),
        ),
        sa.CheckConstraint(
            "(votes_for IS NULL) = (votes_against IS NULL) AND (votes_for IS NULL) = (votes_abstaining IS NULL)",
            name=op.f("ck_minutes_vote_whole"),
        ),
        sa.CheckConstraint("revision >= 1", name=op.f("ck_minutes_revision_positive")),
        sa.CheckConstraint(
            "votes_for IS NULL OR (votes_for >= 0 AND votes_against >= 0 AND votes_abstaining >= 0)",
            name=op.f("ck_minutes_votes_not_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["agenda_items.id"],
            name=op.f("fk_minutes_item_id_agenda_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_minutes_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], name=op.f("fk_minutes_updated_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes")),
        sa.UniqueConstraint("item_id", name=op.f("uq_minutes_item_id")),
    )
    with op.batch_alter_table("minutes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_minutes_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "minute_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("minute_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("saved_by_id", sa.Integer(), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("presented_by", sa.String(length=200), nullable=True),
        sa.Column("discussion", sa.Text(), nullable=True),
        sa.Column("decisions", sa.Text(), nullable=True),
        sa.Column("votes_for", sa.Integer(), nullable=True),
        sa.Column("votes_against", sa.Integer(), nullable=True),
        sa.Column("votes_abstaining", sa.Integer(), nullable=True),
        sa.Column("casting_vote", sa.String(length=10), nullable=True),
        sa.CheckConstraint(
            "casting_vote IS NULL OR (votes_for IS NOT NULL AND casting_vote IN ('for', 'against'))",
            name=op.f("ck_minute_revisions_casting_vote_valid"),
        ),
        sa.CheckConstraint(
            "(votes_for IS NULL) = (votes_against IS NULL) AND (votes_for IS NULL) = (votes_abstaining IS NULL)",
            name=op.f("ck_minute_revisions_vote_whole"),
        ),
        sa.CheckConstraint(
            "votes_for IS NULL OR (votes_for >= 0 AND votes_against >= 0 AND votes_abstaining >= 0)",
            name=op.f("ck_minute_revisions_votes_not_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["minute_id"],
            ["minutes.id"],
            name=op.f("fk_minute_revisions_minute_id_minutes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["saved_by_id"], ["users.id"], name=op.f("fk_minute_revisions_saved_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minute_revisions")),
        sa.UniqueConstraint("minute_id", "revision", name="uq_minute_revisions_minute_revision"),
    )
    with op.batch_alter_table("minute_revisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_minute_revisions_minute_id"), ["minute_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("minute_revisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_minute_revisions_minute_id"))

    op.drop_table("minute_revisions")
    with op.batch_alter_table("minutes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_minutes_meeting_id"))

    op.drop_table("minutes")
