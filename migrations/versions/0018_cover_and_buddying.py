"""Cover when a governor is unavailable, and buddying

A period of unavailability may carry a private note (erased a set time after it ends),
notes that the secretary recorded it with the person's agreement, and may be withdrawn or
ended early; the meetings it touches and who is asked to stand in, by email with links to
answer; each body's notice rule for substitutes; buddy pairs, notes of their meetings and
governors' requests for a buddy; and how long private notes are kept.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03 06:06:11.043261

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "buddy_pairs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("governor_id", sa.Integer(), nullable=False),
        sa.Column("buddy_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=10), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "purpose IN ('induction', 'support', 'influence')",
            name=op.f("ck_buddy_pairs_purpose_known"),
        ),
        sa.CheckConstraint(
            "ends_on IS NULL OR ends_on >= starts_on", name=op.f("ck_buddy_pairs_ends_after_start")
        ),
        sa.CheckConstraint("governor_id <> buddy_id", name=op.f("ck_buddy_pairs_two_people")),
        sa.ForeignKeyConstraint(
            ["buddy_id"], ["users.id"], name=op.f("fk_buddy_pairs_buddy_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_buddy_pairs_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["governor_id"], ["users.id"], name=op.f("fk_buddy_pairs_governor_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_buddy_pairs")),
    )
    with op.batch_alter_table("buddy_pairs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_buddy_pairs_buddy_id"), ["buddy_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_buddy_pairs_governor_id"), ["governor_id"], unique=False
        )

    op.create_table(
        "buddy_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("met_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("written_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("length(trim(note)) > 0", name=op.f("ck_buddy_notes_note_not_blank")),
        sa.ForeignKeyConstraint(
            ["pair_id"],
            ["buddy_pairs.id"],
            name=op.f("fk_buddy_notes_pair_id_buddy_pairs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["written_by_id"], ["users.id"], name=op.f("fk_buddy_notes_written_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_buddy_notes")),
    )
    with op.batch_alter_table("buddy_notes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_buddy_notes_pair_id"), ["pair_id"], unique=False)

    op.create_table(
        "buddy_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("governor_id", sa.Integer(), nullable=False),
        sa.Column("preferred_id", sa.Integer(), nullable=True),
        sa.Column("purpose", sa.String(length=10), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("pair_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "(status = 'accepted') = (pair_id IS NOT NULL)",
            name=op.f("ck_buddy_requests_accepted_has_pair"),
        ),
        sa.CheckConstraint(
            "purpose IN ('induction', 'support', 'influence')",
            name=op.f("ck_buddy_requests_purpose_known"),
        ),
        sa.CheckConstraint(
            "status <> 'declined' OR (reason IS NOT NULL AND length(trim(reason)) > 0)",
            name=op.f("ck_buddy_requests_declined_with_reason"),
        ),
        sa.CheckConstraint(
            "status = 'waiting' OR answered_at IS NOT NULL",
            name=op.f("ck_buddy_requests_answered_when"),
        ),
        sa.CheckConstraint(
            "status IN ('waiting', 'accepted', 'declined', 'withdrawn')",
            name=op.f("ck_buddy_requests_status_known"),
        ),
        sa.CheckConstraint(
            "preferred_id IS NULL OR preferred_id <> governor_id",
            name=op.f("ck_buddy_requests_not_self"),
        ),
        sa.ForeignKeyConstraint(
            ["answered_by_id"], ["users.id"], name=op.f("fk_buddy_requests_answered_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["governor_id"], ["users.id"], name=op.f("fk_buddy_requests_governor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["pair_id"], ["buddy_pairs.id"], name=op.f("fk_buddy_requests_pair_id_buddy_pairs")
        ),
        sa.ForeignKeyConstraint(
            ["preferred_id"], ["users.id"], name=op.f("fk_buddy_requests_preferred_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_buddy_requests")),
    )
    with op.batch_alter_table("buddy_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_buddy_requests_governor_id"), ["governor_id"], unique=False
        )
        batch_op.create_index(
            "uq_buddy_requests_one_waiting",
            ["governor_id"],
            unique=True,
            sqlite_where=sa.text("status = 'waiting'"),
            postgresql_where=sa.text("status = 'waiting'"),
        )

    op.create_table(
        "cover_needs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unavailability_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("absent_id", sa.Integer(), nullable=False),
        sa.Column("seat_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("deputy_id", sa.Integer(), nullable=True),
        sa.Column("answer_hours", sa.Integer(), nullable=False),
        sa.Column("late_agreed", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(status = 'covered') = (deputy_id IS NOT NULL)", name=op.f("ck_cover_needs_covered_by")
        ),
        sa.CheckConstraint(
            "status IN ('open', 'asked', 'covered', 'vacant', 'released')",
            name=op.f("ck_cover_needs_status_known"),
        ),
        sa.CheckConstraint(
            "answer_hours >= 1 AND answer_hours <= 168", name=op.f("ck_cover_needs_answer_range")
        ),
        sa.CheckConstraint(
            "deputy_id IS NULL OR deputy_id <> absent_id", name=op.f("ck_cover_needs_not_self")
        ),
        sa.ForeignKeyConstraint(
            ["absent_id"], ["users.id"], name=op.f("fk_cover_needs_absent_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["deputy_id"], ["users.id"], name=op.f("fk_cover_needs_deputy_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_cover_needs_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["seat_id"],
            ["seats.id"],
            name=op.f("fk_cover_needs_seat_id_seats"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["unavailability_id"],
            ["unavailabilities.id"],
            name=op.f("fk_cover_needs_unavailability_id_unavailabilities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cover_needs")),
        sa.UniqueConstraint("meeting_id", "absent_id", name="uq_cover_needs_meeting_absent"),
    )
    with op.batch_alter_table("cover_needs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cover_needs_absent_id"), ["absent_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_cover_needs_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_cover_needs_unavailability_id"), ["unavailability_id"], unique=False
        )

    op.create_table(
        "cover_offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("reasons", sa.String(length=1000), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answer_by", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("asked_by_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('asked', 'accepted', 'declined', 'expired', 'withdrawn')",
            name=op.f("ck_cover_offers_status_known"),
        ),
        sa.CheckConstraint(
            "status NOT IN ('accepted', 'declined') OR answered_at IS NOT NULL",
            name=op.f("ck_cover_offers_answered_when"),
        ),
        sa.CheckConstraint("answer_by > asked_at", name=op.f("ck_cover_offers_answer_after_asked")),
        sa.CheckConstraint("length(token) >= 32", name=op.f("ck_cover_offers_token_long")),
        sa.ForeignKeyConstraint(
            ["asked_by_id"], ["users.id"], name=op.f("fk_cover_offers_asked_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["candidate_id"], ["users.id"], name=op.f("fk_cover_offers_candidate_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["need_id"],
            ["cover_needs.id"],
            name=op.f("fk_cover_offers_need_id_cover_needs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cover_offers")),
        sa.UniqueConstraint("need_id", "candidate_id", name="uq_cover_offers_need_candidate"),
        sa.UniqueConstraint("token", name=op.f("uq_cover_offers_token")),
    )
    with op.batch_alter_table("cover_offers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cover_offers_candidate_id"), ["candidate_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_cover_offers_need_id"), ["need_id"], unique=False)

    with op.batch_alter_table("bodies", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "substitute_notice", sa.String(length=30), server_default="any_time", nullable=False
            )
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_bodies_substitute_notice_known"),
            "substitute_notice IN ('any_time', 'noon_previous_working_day', 'noon_two_working_days')",
        )

    with op.batch_alter_table("council_settings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "health_note_months", sa.Integer(), server_default=sa.text("12"), nullable=False
            )
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_council_settings_note_months_range"),
            "health_note_months >= 1 AND health_note_months <= 120",
        )

    with op.batch_alter_table("unavailabilities", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("consent_noted", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("note", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("note_erased_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("ended_early_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_check_constraint(
            batch_op.f("ck_unavailabilities_own_or_consented"),
            "consent_noted OR recorded_by_id = user_id",
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_unavailabilities_erased_note_gone"),
            "note IS NULL OR note_erased_at IS NULL",
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_unavailabilities_note_not_blank"),
            "note IS NULL OR length(trim(note)) > 0",
        )


def downgrade():
    with op.batch_alter_table("unavailabilities", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_unavailabilities_note_not_blank"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_unavailabilities_erased_note_gone"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_unavailabilities_own_or_consented"), type_="check")
        batch_op.drop_column("ended_early_at")
        batch_op.drop_column("withdrawn_at")
        batch_op.drop_column("note_erased_at")
        batch_op.drop_column("note")
        batch_op.drop_column("consent_noted")

    with op.batch_alter_table("council_settings", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_council_settings_note_months_range"), type_="check")
        batch_op.drop_column("health_note_months")

    with op.batch_alter_table("bodies", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_bodies_substitute_notice_known"), type_="check")
        batch_op.drop_column("substitute_notice")

    with op.batch_alter_table("cover_offers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cover_offers_need_id"))
        batch_op.drop_index(batch_op.f("ix_cover_offers_candidate_id"))

    op.drop_table("cover_offers")
    with op.batch_alter_table("cover_needs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cover_needs_unavailability_id"))
        batch_op.drop_index(batch_op.f("ix_cover_needs_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_cover_needs_absent_id"))

    op.drop_table("cover_needs")
    with op.batch_alter_table("buddy_requests", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_buddy_requests_one_waiting",
            sqlite_where=sa.text("status = 'waiting'"),
            postgresql_where=sa.text("status = 'waiting'"),
        )
        batch_op.drop_index(batch_op.f("ix_buddy_requests_governor_id"))

    op.drop_table("buddy_requests")
    with op.batch_alter_table("buddy_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_buddy_notes_pair_id"))

    op.drop_table("buddy_notes")
    with op.batch_alter_table("buddy_pairs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_buddy_pairs_governor_id"))
        batch_op.drop_index(batch_op.f("ix_buddy_pairs_buddy_id"))

    op.drop_table("buddy_pairs")
