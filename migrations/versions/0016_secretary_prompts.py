"""The secretary's prompts: cancelling with a reason

A cancelled meeting says why. Meetings cancelled before reasons were kept are given one
that says so.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 09:15:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

EARLIER_REASON = "Cancelled before reasons were recorded."


def upgrade():
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cancel_reason", sa.Text(), nullable=True))
    meetings = sa.table(
        "meetings",
        sa.column("cancelled_at", sa.DateTime()),
        sa.column("cancel_reason", sa.Text()),
    )
    op.execute(
        meetings.update()
        .where(meetings.c.cancelled_at.is_not(None))
        .values(cancel_reason=EARLIER_REASON)
    )
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.create_check_constraint(
            batch_op.f("ck_meetings_cancel_reason_when_cancelled"),
            "(cancelled_at IS NULL AND cancel_reason IS NULL) OR "
            "(cancelled_at IS NOT NULL AND cancel_reason IS NOT NULL "
            "AND length(trim(cancel_reason)) > 0)",
        )


def downgrade():
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("ck_meetings_cancel_reason_when_cancelled"), type_="check"
        )
        batch_op.drop_column("cancel_reason")
