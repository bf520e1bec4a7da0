"""Actions follow up answers to questions to the board

An action can name the question whose answer it follows up, so question, answer, action
and evidence are one chain.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 04:10:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("question_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_actions_question_id"), ["question_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_actions_question_id_questions"),
            "questions",
            ["question_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_actions_question_id_questions"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_actions_question_id"))
        batch_op.drop_column("question_id")
