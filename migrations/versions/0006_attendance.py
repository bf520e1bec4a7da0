"""Attendance: each meeting's register and the declarations of interest made on its items

The register holds members (present, a deputy for a member, apologies, absent) and those
in attendance, with the items they arrived for or left after; a member's apology message
is a private note for the secretary. Meetings count the public who came. Bodies say
whether their chair has a casting vote.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 23:52:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=120), nullable=True),
        sa.Column("role_text", sa.String(length=200), nullable=True),
        sa.Column("status", sa.String(length=15), nullable=False),
        sa.Column("deputy_for_id", sa.Integer(), nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("arrived_for_item_id", sa.Integer(), nullable=True),
        sa.Column("left_after_item_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(status = 'deputy') = (deputy_for_id IS NOT NULL)",
            name=op.f("ck_attendance_deputy_names_member"),
        ),
        sa.CheckConstraint(
            "name IS NULL OR status = 'in_attendance'", name=op.f("ck_attendance_named_attend_only")
        ),
        sa.CheckConstraint(
            "status IN ('present', 'deputy', 'apologies', 'absent', 'in_attendance')",
            name=op.f("ck_attendance_status_known"),
        ),
        sa.CheckConstraint(
            "(user_id IS NULL) <> (name IS NULL)", name=op.f("ck_attendance_person_or_name")
        ),
        sa.ForeignKeyConstraint(
            ["arrived_for_item_id"],
            ["agenda_items.id"],
            name=op.f("fk_attendance_arrived_for_item_id_agenda_items"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["deputy_for_id"], ["users.id"], name=op.f("fk_attendance_deputy_for_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["left_after_item_id"],
            ["agenda_items.id"],
            name=op.f("fk_attendance_left_after_item_id_agenda_items"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_attendance_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_attendance_recorded_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_attendance_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance")),
        sa.UniqueConstraint("meeting_id", "user_id", name="uq_attendance_meeting_user"),
    )
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attendance_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attendance_user_id"), ["user_id"], unique=False)

    op.create_table(
        "declarations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("interest", sa.String(length=500), nullable=False),
        sa.Column("action", sa.String(length=15), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "action IN ('stayed', 'left', 'did_not_vote')",
            name=op.f("ck_declarations_action_known"),
        ),
        sa.CheckConstraint(
            "length(trim(interest)) > 0", name=op.f("ck_declarations_interest_not_blank")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["agenda_items.id"],
            name=op.f("fk_declarations_item_id_agenda_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_declarations_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_declarations_recorded_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_declarations_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_declarations")),
        sa.UniqueConstraint("item_id", "user_id", name="uq_declarations_item_user"),
    )
    with op.batch_alter_table("declarations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_declarations_item_id"), ["item_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_declarations_meeting_id"), ["meeting_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_declarations_user_id"), ["user_id"], unique=False)

    with op.batch_alter_table("bodies", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("chair_casting_vote", sa.Boolean(), server_default=sa.true(), nullable=False)
        )

    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("public_count", sa.Integer(), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_meetings_public_count_positive"),
            "public_count IS NULL OR public_count >= 0",
        )


def downgrade():
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_meetings_public_count_positive"), type_="check")
        batch_op.drop_column("public_count")

    with op.batch_alter_table("bodies", schema=None) as batch_op:
        batch_op.drop_column("chair_casting_vote")

    with op.batch_alter_table("declarations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_declarations_user_id"))
        batch_op.drop_index(batch_op.f("ix_declarations_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_declarations_item_id"))

    op.drop_table("declarations")
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendance_user_id"))
        batch_op.drop_index(batch_op.f("ix_attendance_meeting_id"))

    op.drop_table("attendance")
