"""Minute drafts kept when a session ends

What someone typed into a minute after their session had ended is kept, one per person
and item, until they sign in again and save it or discard it.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 03:02:58

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "minute_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("kept_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["agenda_items.id"],
            name=op.f("fk_minute_drafts_item_id_agenda_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_minute_drafts_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minute_drafts")),
        sa.UniqueConstraint("item_id", "user_id", name="uq_minute_drafts_item_user"),
    )
    with op.batch_alter_table("minute_drafts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_minute_drafts_item_id"), ["item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_minute_drafts_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("minute_drafts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_minute_drafts_user_id"))
        batch_op.drop_index(batch_op.f("ix_minute_drafts_item_id"))

    op.drop_table("minute_drafts")
