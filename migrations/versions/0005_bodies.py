"""Bodies: the Council and its committees, with members, seats, deputies and join requests

Every meeting now belongs to one body. The Council of Governors is made here, as the one
body without a parent, and every meeting already in the calendar is put under it. Meetings
of other bodies are of a new kind, "committee". Agenda items can be a committee's report.
Periods when a person is not available are kept, for the seats that need covering.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 23:00:00

"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

COUNCIL_NAME = "Council of Governors"
OLD_KINDS = ("ordinary", "extraordinary", "annual_members", "pre_meeting")
NEW_KINDS = (*OLD_KINDS, "committee")


def _kinds(values):
    quoted = ", ".join(f"'{value}'" for value in values)
    return f"kind IN ({quoted})"


# revision identifiers, used by Alembic.
revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "unavailabilities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "ends_on IS NULL OR ends_on >= starts_on",
            name=op.f("ck_unavailabilities_ends_after_start"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_unavailabilities_recorded_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_unavailabilities_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unavailabilities")),
    )
    with op.batch_alter_table("unavailabilities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_unavailabilities_user_id"), ["user_id"], unique=False)

    op.create_table(
        "bodies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("remit", sa.Text(), nullable=True),
        sa.Column("terms_document_id", sa.Integer(), nullable=True),
        sa.Column("remit_review_on", sa.Date(), nullable=True),
        sa.Column("open_to_public", sa.Boolean(), nullable=False),
        sa.Column("chair_builds_agenda", sa.Boolean(), nullable=False),
        sa.Column("membership_review_on", sa.Date(), nullable=True),
        sa.Column("quorum_numerator", sa.Integer(), nullable=False),
        sa.Column("quorum_denominator", sa.Integer(), nullable=False),
        sa.Column("quorum_minimum", sa.Integer(), nullable=False),
        sa.Column("quorum_elected_minimum", sa.Integer(), nullable=False),
        sa.Column("quorum_elected_majority", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(kind = 'council') = (parent_id IS NULL)", name=op.f("ck_bodies_parent_unless_council")
        ),
        sa.CheckConstraint(
            "kind IN ('council', 'committee', 'sub_committee', 'working_group', 'panel')",
            name=op.f("ck_bodies_kind_known"),
        ),
        sa.CheckConstraint("length(trim(name)) > 0", name=op.f("ck_bodies_name_not_blank")),
        sa.CheckConstraint(
            "quorum_denominator > 0 AND quorum_numerator >= 0 AND quorum_numerator <= quorum_denominator",
            name=op.f("ck_bodies_quorum_fraction_range"),
        ),
        sa.CheckConstraint(
            "quorum_minimum >= 0 AND quorum_elected_minimum >= 0",
            name=op.f("ck_bodies_quorum_counts_positive"),
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["bodies.id"], name=op.f("fk_bodies_parent_id_bodies")
        ),
        sa.ForeignKeyConstraint(
            ["terms_document_id"],
            ["documents.id"],
            name=op.f("fk_bodies_terms_document_id_documents"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bodies")),
        sa.UniqueConstraint("name", name=op.f("uq_bodies_name")),
    )
    with op.batch_alter_table("bodies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bodies_parent_id"), ["parent_id"], unique=False)
        batch_op.create_index(
            "uq_bodies_one_council",
            ["kind"],
            unique=True,
            sqlite_where=sa.text("kind = 'council'"),
            postgresql_where=sa.text("kind = 'council'"),
        )

    op.create_table(
        "join_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "status IN ('waiting', 'accepted', 'declined', 'withdrawn')",
            name=op.f("ck_join_requests_status_known"),
        ),
        sa.CheckConstraint(
            "status IN ('waiting', 'withdrawn') OR (answered_at IS NOT NULL AND answered_by_id IS NOT NULL AND answer IS NOT NULL)",
            name=op.f("ck_join_requests_answered_with_reason"),
        ),
        sa.CheckConstraint(
            "length(trim(reason)) > 0", name=op.f("ck_join_requests_reason_not_blank")
        ),
        sa.ForeignKeyConstraint(
            ["answered_by_id"], ["users.id"], name=op.f("fk_join_requests_answered_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["body_id"], ["bodies.id"], name=op.f("fk_join_requests_body_id_bodies")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_join_requests_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_join_requests")),
    )
    with op.batch_alter_table("join_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_join_requests_body_id"), ["body_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_join_requests_user_id"), ["user_id"], unique=False)

    op.create_table(
        "seats",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("requirement", sa.String(length=30), nullable=False),
        sa.Column("required", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "requirement IN ('service_user_governor', 'carer_governor', 'public_governor', 'staff_governor', 'appointed_governor', 'elected_governor', 'governor', 'ned')",
            name=op.f("ck_seats_requirement_known"),
        ),
        sa.CheckConstraint(
            "required >= 1 AND required <= 50", name=op.f("ck_seats_required_range")
        ),
        sa.ForeignKeyConstraint(["body_id"], ["bodies.id"], name=op.f("fk_seats_body_id_bodies")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seats")),
        sa.UniqueConstraint("body_id", "requirement", name="uq_seats_body_requirement"),
    )
    with op.batch_alter_table("seats", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_seats_body_id"), ["body_id"], unique=False)

    op.create_table(
        "body_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=120), nullable=True),
        sa.Column("description", sa.String(length=200), nullable=True),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("seat_id", sa.Integer(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "role IN ('chair', 'vice_chair', 'member', 'deputy', 'in_attendance')",
            name=op.f("ck_body_members_role_known"),
        ),
        sa.CheckConstraint(
            "(user_id IS NULL) <> (name IS NULL)", name=op.f("ck_body_members_person_or_name")
        ),
        sa.CheckConstraint(
            "ends_on IS NULL OR ends_on >= starts_on", name=op.f("ck_body_members_ends_after_start")
        ),
        sa.CheckConstraint(
            "name IS NULL OR length(trim(name)) > 0", name=op.f("ck_body_members_name_not_blank")
        ),
        sa.CheckConstraint(
            "seat_id IS NULL OR user_id IS NOT NULL",
            name=op.f("ck_body_members_seat_holder_has_account"),
        ),
        sa.ForeignKeyConstraint(
            ["body_id"], ["bodies.id"], name=op.f("fk_body_members_body_id_bodies")
        ),
        sa.ForeignKeyConstraint(
            ["seat_id"],
            ["seats.id"],
            name=op.f("fk_body_members_seat_id_seats"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_body_members_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_body_members")),
    )
    with op.batch_alter_table("body_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_body_members_body_id"), ["body_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_body_members_seat_id"), ["seat_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_body_members_user_id"), ["user_id"], unique=False)

    op.create_table(
        "seat_deputies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seat_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("position >= 1", name=op.f("ck_seat_deputies_position_positive")),
        sa.ForeignKeyConstraint(
            ["seat_id"],
            ["seats.id"],
            name=op.f("fk_seat_deputies_seat_id_seats"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_seat_deputies_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seat_deputies")),
        sa.UniqueConstraint("seat_id", "user_id", name="uq_seat_deputies_seat_user"),
    )
    with op.batch_alter_table("seat_deputies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_seat_deputies_seat_id"), ["seat_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_seat_deputies_user_id"), ["user_id"], unique=False)

    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("report_body_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("report_meeting_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_agenda_items_report_body_id"), ["report_body_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_agenda_items_report_meeting_id"), ["report_meeting_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_agenda_items_report_meeting_id_meetings"),
            "meetings",
            ["report_meeting_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_agenda_items_report_body_id_bodies"),
            "bodies",
            ["report_body_id"],
            ["id"],
        )

    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.create_check_constraint(
            op.f("ck_agenda_items_report_has_body"),
            "report_meeting_id IS NULL OR report_body_id IS NOT NULL",
        )

    # The Council, and every meeting so far under it.
    bodies = sa.table(
        "bodies",
        sa.column("id", sa.Integer),
        sa.column("name", sa.String),
        sa.column("kind", sa.String),
        sa.column("open_to_public", sa.Boolean),
        sa.column("chair_builds_agenda", sa.Boolean),
        sa.column("quorum_numerator", sa.Integer),
        sa.column("quorum_denominator", sa.Integer),
        sa.column("quorum_minimum", sa.Integer),
        sa.column("quorum_elected_minimum", sa.Integer),
        sa.column("quorum_elected_majority", sa.Boolean),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("updated_at", sa.DateTime(timezone=True)),
    )
    now = datetime.now(UTC)
    op.bulk_insert(
        bodies,
        [
            {
                "name": COUNCIL_NAME,
                "kind": "council",
                "open_to_public": True,
                "chair_builds_agenda": False,
                "quorum_numerator": 1,
                "quorum_denominator": 3,
                "quorum_minimum": 0,
                "quorum_elected_minimum": 0,
                "quorum_elected_majority": False,
                "created_at": now,
                "updated_at": now,
            }
        ],
    )
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("body_id", sa.Integer(), nullable=True))
    op.execute("UPDATE meetings SET body_id = (SELECT id FROM bodies WHERE kind = 'council')")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.alter_column("body_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_index(batch_op.f("ix_meetings_body_id"), ["body_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_meetings_body_id_bodies"), "bodies", ["body_id"], ["id"]
        )
        batch_op.drop_constraint(op.f("ck_meetings_kind_known"), type_="check")
        batch_op.create_check_constraint(op.f("ck_meetings_kind_known"), _kinds(NEW_KINDS))


def downgrade():
    # Committee meetings have no place without their bodies.
    op.execute("DELETE FROM meetings WHERE kind = 'committee'")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_meetings_kind_known"), type_="check")
        batch_op.create_check_constraint(op.f("ck_meetings_kind_known"), _kinds(OLD_KINDS))
        batch_op.drop_constraint(batch_op.f("fk_meetings_body_id_bodies"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_meetings_body_id"))
        batch_op.drop_column("body_id")

    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_agenda_items_report_has_body"), type_="check")
        batch_op.drop_constraint(
            batch_op.f("fk_agenda_items_report_body_id_bodies"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_agenda_items_report_meeting_id_meetings"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_agenda_items_report_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_agenda_items_report_body_id"))
        batch_op.drop_column("report_meeting_id")
        batch_op.drop_column("report_body_id")

    with op.batch_alter_table("seat_deputies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_seat_deputies_user_id"))
        batch_op.drop_index(batch_op.f("ix_seat_deputies_seat_id"))

    op.drop_table("seat_deputies")
    with op.batch_alter_table("body_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_body_members_user_id"))
        batch_op.drop_index(batch_op.f("ix_body_members_seat_id"))
        batch_op.drop_index(batch_op.f("ix_body_members_body_id"))

    op.drop_table("body_members")
    with op.batch_alter_table("seats", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_seats_body_id"))

    op.drop_table("seats")
    with op.batch_alter_table("join_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_join_requests_user_id"))
        batch_op.drop_index(batch_op.f("ix_join_requests_body_id"))

    op.drop_table("join_requests")
    with op.batch_alter_table("bodies", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_bodies_one_council",
            sqlite_where=sa.text("kind = 'council'"),
            postgresql_where=sa.text("kind = 'council'"),
        )
        batch_op.drop_index(batch_op.f("ix_bodies_parent_id"))

    op.drop_table("bodies")
    with op.batch_alter_table("unavailabilities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unavailabilities_user_id"))

    op.drop_table("unavailabilities")
