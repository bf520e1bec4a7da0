"""Questions to the board

A governor's question to the board or to a named non-executive director, asked from a
published agenda item (private when the item is, and then never public), for a meeting or
on its own; passed on by the secretary, with its due date; its answer, who gave it and who
recorded it; the asker's verdict on the answer; and follow-ups linked to the question they
follow. Late is never stored. The council's settings gain the days allowed to answer.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 03:21:43

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("asker_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=2000), nullable=False),
        sa.Column("to_ned_id", sa.Integer(), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("private", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("public", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("routed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("routed_by_id", sa.Integer(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("answer", sa.String(length=4000), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("answered_by_name", sa.String(length=120), nullable=True),
        sa.Column("answer_recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("answered_question", sa.Boolean(), nullable=True),
        sa.Column("verdict_comment", sa.String(length=1000), nullable=True),
        sa.Column("verdict_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("follow_up_of_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(status = 'asked' AND routed_at IS NULL AND due_on IS NULL)"
            " OR (status <> 'asked' AND routed_at IS NOT NULL AND due_on IS NOT NULL)",
            name=op.f("ck_questions_routed_has_due_date"),
        ),
        sa.CheckConstraint(
            "answered_question IS NULL OR status = 'answered'",
            name=op.f("ck_questions_verdict_after_answer"),
        ),
        sa.CheckConstraint(
            "status <> 'answered' OR (answered_at IS NOT NULL"
            " AND length(trim(coalesce(answer, ''))) > 0"
            " AND (answered_by_id IS NOT NULL"
            " OR length(trim(coalesce(answered_by_name, ''))) > 0))",
            name=op.f("ck_questions_answered_in_full"),
        ),
        sa.CheckConstraint(
            "status = 'answered' OR (answer IS NULL AND answered_at IS NULL)",
            name=op.f("ck_questions_unanswered_has_no_answer"),
        ),
        sa.CheckConstraint(
            "status IN ('asked', 'routed', 'answered')", name=op.f("ck_questions_status_known")
        ),
        sa.CheckConstraint(
            "(answered_question IS NULL) = (verdict_at IS NULL)",
            name=op.f("ck_questions_verdict_has_time"),
        ),
        sa.CheckConstraint(
            "NOT (private AND public)", name=op.f("ck_questions_private_never_public")
        ),
        sa.CheckConstraint(
            "follow_up_of_id IS NULL OR follow_up_of_id <> id",
            name=op.f("ck_questions_not_its_own_follow_up"),
        ),
        sa.CheckConstraint(
            "item_id IS NULL OR meeting_id IS NOT NULL", name=op.f("ck_questions_item_has_meeting")
        ),
        sa.CheckConstraint("length(trim(text)) > 0", name=op.f("ck_questions_text_not_blank")),
        sa.ForeignKeyConstraint(
            ["answer_recorded_by_id"],
            ["users.id"],
            name=op.f("fk_questions_answer_recorded_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["answered_by_id"], ["users.id"], name=op.f("fk_questions_answered_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["asker_id"], ["users.id"], name=op.f("fk_questions_asker_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["follow_up_of_id"],
            ["questions.id"],
            name=op.f("fk_questions_follow_up_of_id_questions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["agenda_items.id"],
            name=op.f("fk_questions_item_id_agenda_items"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_questions_meeting_id_meetings")
        ),
        sa.ForeignKeyConstraint(
            ["routed_by_id"], ["users.id"], name=op.f("fk_questions_routed_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["to_ned_id"], ["users.id"], name=op.f("fk_questions_to_ned_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questions")),
    )
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_questions_asker_id"), ["asker_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_questions_follow_up_of_id"), ["follow_up_of_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_questions_item_id"), ["item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_questions_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index("ix_questions_status_due", ["status", "due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_questions_to_ned_id"), ["to_ned_id"], unique=False)

    with op.batch_alter_table("council_settings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "question_answer_days", sa.Integer(), server_default=sa.text("20"), nullable=False
            )
        )
        batch_op.create_check_constraint(
            op.f("ck_council_settings_question_answer_range"),
            "question_answer_days >= 1 AND question_answer_days <= 90",
        )


def downgrade():
    with op.batch_alter_table("council_settings", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_council_settings_question_answer_range"), type_="check")
        batch_op.drop_column("question_answer_days")

    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_questions_to_ned_id"))
        batch_op.drop_index("ix_questions_status_due")
        batch_op.drop_index(batch_op.f("ix_questions_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_questions_item_id"))
        batch_op.drop_index(batch_op.f("ix_questions_follow_up_of_id"))
        batch_op.drop_index(batch_op.f("ix_questions_asker_id"))

    op.drop_table("questions")
