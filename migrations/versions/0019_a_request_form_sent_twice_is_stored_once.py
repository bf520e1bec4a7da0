"""A request form sent twice is stored once

Each agenda request form carries a random key; a second request from the same governor with
the same key is the same form sent again, and is not stored twice.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03 10:55:34.577970

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("agenda_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("submission_key", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_agenda_requests_proposer_id"), ["proposer_id", "submission_key"]
        )


def downgrade():
    with op.batch_alter_table("agenda_requests", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_agenda_requests_proposer_id"), type_="unique")
        batch_op.drop_column("submission_key")
