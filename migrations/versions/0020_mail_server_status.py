"""Whether the mail server could be reached

One row, kept once the mail server first could not be reached: since when, why, and when
it is tried next. While it is down no message uses up an attempt, so the queue waits in
order and nothing is parked because of the outage.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-03 11:01:30.364575

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "mail_server_status",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("down_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("next_try_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "failures >= 0", name=op.f("ck_mail_server_status_failures_not_negative")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_server_status")),
    )


def downgrade():
    op.drop_table("mail_server_status")
