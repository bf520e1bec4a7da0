"""Register of interests: one for the Council and every committee

Each person's entries (financial, professional, personal or indirect; sensitive ones
published only as "an interest is held"), their yearly returns, and their answers before
a meeting about items that mention an organisation in their register. Declarations made
at a meeting can name the entry they come from, and be marked sensitive. Reminders record
that they were sent, so each is sent once.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 02:49:30

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "interest_returns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("made_on", sa.Date(), nullable=False),
        sa.Column("nothing_to_declare", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("made_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["made_by_id"], ["users.id"], name=op.f("fk_interest_returns_made_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_interest_returns_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interest_returns")),
    )
    with op.batch_alter_table("interest_returns", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_interest_returns_user_id"), ["user_id"], unique=False)

    op.create_table(
        "interests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=15), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("description", sa.String(length=1000), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("sensitive", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('financial', 'professional', 'personal', 'indirect')",
            name=op.f("ck_interests_kind_known"),
        ),
        sa.CheckConstraint(
            "ends_on IS NULL OR ends_on >= starts_on", name=op.f("ck_interests_ends_after_start")
        ),
        sa.CheckConstraint(
            "length(trim(description)) > 0", name=op.f("ck_interests_description_not_blank")
        ),
        sa.CheckConstraint(
            "length(trim(organisation)) > 0", name=op.f("ck_interests_organisation_not_blank")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_interests_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interests")),
    )
    with op.batch_alter_table("interests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_interests_user_id"), ["user_id"], unique=False)

    op.create_table(
        "sent_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["outbox_messages.id"],
            name=op.f("fk_sent_reminders_message_id_outbox_messages"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sent_reminders")),
        sa.UniqueConstraint("key", name=op.f("uq_sent_reminders_key")),
    )
    op.create_table(
        "interest_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("interest_id", sa.Integer(), nullable=True),
        sa.Column("answer", sa.String(length=10), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "answer <> 'declare' OR length(trim(coalesce(note, ''))) > 0",
            name=op.f("ck_interest_checks_declare_says_what"),
        ),
        sa.CheckConstraint(
            "answer IN ('declare', 'none')", name=op.f("ck_interest_checks_answer_known")
        ),
        sa.ForeignKeyConstraint(
            ["interest_id"],
            ["interests.id"],
            name=op.f("fk_interest_checks_interest_id_interests"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["agenda_items.id"],
            name=op.f("fk_interest_checks_item_id_agenda_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_interest_checks_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interest_checks")),
        sa.UniqueConstraint("item_id", "user_id", name="uq_interest_checks_item_user"),
    )
    with op.batch_alter_table("interest_checks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_interest_checks_item_id"), ["item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_interest_checks_user_id"), ["user_id"], unique=False)

    with op.batch_alter_table("declarations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("interest_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("sensitive", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.create_index(
            batch_op.f("ix_declarations_interest_id"), ["interest_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_declarations_interest_id_interests"),
            "interests",
            ["interest_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("declarations", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_declarations_interest_id_interests"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_declarations_interest_id"))
        batch_op.drop_column("sensitive")
        batch_op.drop_column("interest_id")

    with op.batch_alter_table("interest_checks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interest_checks_user_id"))
        batch_op.drop_index(batch_op.f("ix_interest_checks_item_id"))

    op.drop_table("interest_checks")
    op.drop_table("sent_reminders")
    with op.batch_alter_table("interests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interests_user_id"))

    op.drop_table("interests")
    with op.batch_alter_table("interest_returns", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interest_returns_user_id"))

    op.drop_table("interest_returns")
