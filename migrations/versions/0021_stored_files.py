"""Uploaded papers can be kept in the database

With ``STORAGE=database`` each uploaded file's bytes are a row of ``stored_files``, written
in the same transaction as its document, so that two or more app servers read the same
papers and no file is kept without its record.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-03 11:20:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "stored_files",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_stored_files")),
    )
    with op.batch_alter_table("stored_files", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_stored_files_created_at"), ["created_at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("stored_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stored_files_created_at"))
    op.drop_table("stored_files")
