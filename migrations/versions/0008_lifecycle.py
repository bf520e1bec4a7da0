"""Minutes' lifecycle: circulated for comment, approved at a later meeting, then amended

Each meeting's minutes are a draft, then circulated to the body's members (who comment on
items or say they have none), then approved at a later meeting of the same body, as a true
record or with amendments, and locked. Corrections after approval are kept as amendments.
A frozen snapshot, taken when circulated and when approved, is what the minutes' PDFs show.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 00:20:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "minutes_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("circulated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("circulated_by_id", sa.Integer(), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("approved_at_meeting_id", sa.Integer(), nullable=True),
        sa.Column("approval", sa.String(length=20), nullable=True),
        sa.Column("amendments", sa.Text(), nullable=True),
        sa.Column("snapshot", sa.JSON(), nullable=True),
        sa.Column("pdf_public", sa.LargeBinary(), nullable=True),
        sa.Column("pdf_full", sa.LargeBinary(), nullable=True),
        sa.CheckConstraint(
            "(status = 'approved') = (approved_at IS NOT NULL AND approved_at_meeting_id IS NOT NULL AND approval IS NOT NULL)",
            name=op.f("ck_minutes_records_approved_with_meeting"),
        ),
        sa.CheckConstraint(
            "approval IN ('true_record', 'with_amendments')",
            name=op.f("ck_minutes_records_approval_known"),
        ),
        sa.CheckConstraint(
            "approval IS NULL OR approval = 'true_record' OR amendments IS NOT NULL",
            name=op.f("ck_minutes_records_amendments_named"),
        ),
        sa.CheckConstraint(
            "status = 'draft' OR circulated_at IS NOT NULL",
            name=op.f("ck_minutes_records_circulated_when"),
        ),
        sa.CheckConstraint(
            "status IN ('draft', 'circulated', 'approved')",
            name=op.f("ck_minutes_records_status_known"),
        ),
        sa.ForeignKeyConstraint(
            ["approved_at_meeting_id"],
            ["meetings.id"],
            name=op.f("fk_minutes_records_approved_at_meeting_id_meetings"),
        ),
        sa.ForeignKeyConstraint(
            ["circulated_by_id"],
            ["users.id"],
            name=op.f("fk_minutes_records_circulated_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_minutes_records_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_records")),
        sa.UniqueConstraint("meeting_id", name=op.f("uq_minutes_records_meeting_id")),
    )
    with op.batch_alter_table("minutes_records", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_minutes_records_approved_at_meeting_id"),
            ["approved_at_meeting_id"],
            unique=False,
        )

    op.create_table(
        "minutes_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("no_comments", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(no_comments AND comment IS NULL AND item_id IS NULL) OR (NOT no_comments AND comment IS NOT NULL)",
            name=op.f("ck_minutes_responses_comment_or_none"),
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["agenda_items.id"],
            name=op.f("fk_minutes_responses_item_id_agenda_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["minutes_records.id"],
            name=op.f("fk_minutes_responses_record_id_minutes_records"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_minutes_responses_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_responses")),
    )
    with op.batch_alter_table("minutes_responses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_minutes_responses_record_id"), ["record_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_minutes_responses_user_id"), ["user_id"], unique=False)

    op.create_table(
        "minute_amendments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("minute_id", sa.Integer(), nullable=False),
        sa.Column("amended_by_id", sa.Integer(), nullable=False),
        sa.Column("amended_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("old_discussion", sa.Text(), nullable=True),
        sa.Column("new_discussion", sa.Text(), nullable=True),
        sa.Column("old_decisions", sa.Text(), nullable=True),
        sa.Column("new_decisions", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "length(trim(reason)) > 0", name=op.f("ck_minute_amendments_reason_given")
        ),
        sa.ForeignKeyConstraint(
            ["amended_by_id"], ["users.id"], name=op.f("fk_minute_amendments_amended_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["minute_id"],
            ["minutes.id"],
            name=op.f("fk_minute_amendments_minute_id_minutes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minute_amendments")),
    )
    with op.batch_alter_table("minute_amendments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_minute_amendments_minute_id"), ["minute_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("minute_amendments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_minute_amendments_minute_id"))

    op.drop_table("minute_amendments")
    with op.batch_alter_table("minutes_responses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_minutes_responses_user_id"))
        batch_op.drop_index(batch_op.f("ix_minutes_responses_record_id"))

    op.drop_table("minutes_responses")
    with op.batch_alter_table("minutes_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_minutes_records_approved_at_meeting_id"))

    op.drop_table("minutes_records")
