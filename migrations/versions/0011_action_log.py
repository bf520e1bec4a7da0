"""Action log: actions, their owners, every change and every chase

Actions are raised at a meeting (from a minuted item, private when the item is) or on
their own for a body; owned by people with accounts or named people with an email; open,
in progress, done (saying what was done, with optional evidence) or dropped (with a
reason). A moved due date keeps the original. Overdue is never stored.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 03:30:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("private", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("description", sa.String(length=2000), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("original_due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("progress", sa.String(length=4000), nullable=True),
        sa.Column("outcome", sa.String(length=4000), nullable=True),
        sa.Column("drop_reason", sa.String(length=2000), nullable=True),
        sa.Column("evidence_id", sa.Integer(), nullable=True),
        sa.Column("raised_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "(status IN ('done', 'dropped')) = (closed_at IS NOT NULL)",
            name=op.f("ck_actions_closed_when_closed"),
        ),
        sa.CheckConstraint(
            "status <> 'done' OR length(trim(coalesce(outcome, ''))) > 0",
            name=op.f("ck_actions_done_says_what"),
        ),
        sa.CheckConstraint(
            "status <> 'dropped' OR length(trim(coalesce(drop_reason, ''))) > 0",
            name=op.f("ck_actions_dropped_says_why"),
        ),
        sa.CheckConstraint(
            "status IN ('open', 'in_progress', 'done', 'dropped')",
            name=op.f("ck_actions_status_known"),
        ),
        sa.CheckConstraint(
            "item_id IS NULL OR meeting_id IS NOT NULL", name=op.f("ck_actions_item_has_meeting")
        ),
        sa.CheckConstraint(
            "length(trim(description)) > 0", name=op.f("ck_actions_description_not_blank")
        ),
        sa.ForeignKeyConstraint(["body_id"], ["bodies.id"], name=op.f("fk_actions_body_id_bodies")),
        sa.ForeignKeyConstraint(
            ["evidence_id"], ["documents.id"], name=op.f("fk_actions_evidence_id_documents")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["agenda_items.id"],
            name=op.f("fk_actions_item_id_agenda_items"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_actions_meeting_id_meetings")
        ),
        sa.ForeignKeyConstraint(
            ["raised_by_id"], ["users.id"], name=op.f("fk_actions_raised_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actions")),
    )
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_actions_body_id"), ["body_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_actions_item_id"), ["item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_actions_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index("ix_actions_status_due", ["status", "due_on"], unique=False)

    op.create_table(
        "action_chases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("chased_by_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recipients", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(length=1000), nullable=True),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["actions.id"],
            name=op.f("fk_action_chases_action_id_actions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["chased_by_id"], ["users.id"], name=op.f("fk_action_chases_chased_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_chases")),
    )
    with op.batch_alter_table("action_chases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_chases_action_id"), ["action_id"], unique=False)

    op.create_table(
        "action_owners",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=120), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.CheckConstraint(
            "(name IS NULL) = (email IS NULL)", name=op.f("ck_action_owners_named_with_email")
        ),
        sa.CheckConstraint(
            "(user_id IS NULL) <> (name IS NULL AND email IS NULL)",
            name=op.f("ck_action_owners_person_or_named"),
        ),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["actions.id"],
            name=op.f("fk_action_owners_action_id_actions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_action_owners_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_owners")),
        sa.UniqueConstraint("action_id", "user_id", name="uq_action_owners_action_user"),
    )
    with op.batch_alter_table("action_owners", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_owners_action_id"), ["action_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_action_owners_user_id"), ["user_id"], unique=False)

    op.create_table(
        "action_updates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("summary", sa.String(length=500), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["actions.id"],
            name=op.f("fk_action_updates_action_id_actions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_action_updates_actor_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_updates")),
    )
    with op.batch_alter_table("action_updates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_action_updates_action_id"), ["action_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("action_updates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_updates_action_id"))

    op.drop_table("action_updates")
    with op.batch_alter_table("action_owners", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_owners_user_id"))
        batch_op.drop_index(batch_op.f("ix_action_owners_action_id"))

    op.drop_table("action_owners")
    with op.batch_alter_table("action_chases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_chases_action_id"))

    op.drop_table("action_chases")
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.drop_index("ix_actions_status_due")
        batch_op.drop_index(batch_op.f("ix_actions_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_actions_item_id"))
        batch_op.drop_index(batch_op.f("ix_actions_body_id"))

    op.drop_table("actions")
