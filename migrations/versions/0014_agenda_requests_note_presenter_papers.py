"""Agenda requests: the governor's note, who presents, papers and changes

The governor's text becomes a note to the chair (never published); the request says who
will present it; each paper says whether it may be published with the agenda; the chair
can ask the governor for more before deciding; a governor's changes are kept in the
request's history; files sent with a form that had a problem are held for a day.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 09:15:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

OLD_STATUSES = "'submitted', 'accepted', 'declined', 'deferred', 'withdrawn'"
NEW_STATUSES = "'submitted', 'more_info', 'accepted', 'declined', 'deferred', 'withdrawn'"
PRESENTERS = "'self', 'chair', 'other', 'support'"


def _reason_check(statuses: str) -> str:
    return f"status NOT IN ({statuses}) OR length(trim(coalesce(decision_reason, ''))) > 0"


def upgrade():
    with op.batch_alter_table("agenda_requests", schema=None) as batch_op:
        batch_op.alter_column(
            "supporting_info", new_column_name="note_to_chair", existing_type=sa.Text()
        )
        batch_op.add_column(
            sa.Column(
                "presenter_choice", sa.String(length=10), server_default="self", nullable=False
            )
        )
        batch_op.add_column(sa.Column("presenter_name", sa.String(length=120), nullable=True))
        batch_op.add_column(
            sa.Column("support_arranged_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("support_arranged_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_agenda_requests_support_arranged_by_id_users"),
            "users",
            ["support_arranged_by_id"],
            ["id"],
        )
        batch_op.drop_constraint(batch_op.f("ck_agenda_requests_status_known"), type_="check")
        batch_op.create_check_constraint(
            batch_op.f("ck_agenda_requests_status_known"), f"status IN ({NEW_STATUSES})"
        )
        batch_op.drop_constraint(
            batch_op.f("ck_agenda_requests_decline_defer_has_reason"), type_="check"
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_agenda_requests_answer_has_reason"),
            _reason_check("'declined', 'deferred', 'more_info'"),
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_agenda_requests_presenter_choice_known"),
            f"presenter_choice IN ({PRESENTERS})",
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_agenda_requests_other_presenter_named"),
            "presenter_choice <> 'other' OR length(trim(coalesce(presenter_name, ''))) > 0",
        )

    with op.batch_alter_table("agenda_request_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("changed", sa.Text(), nullable=True))
        batch_op.drop_constraint(batch_op.f("ck_agenda_request_events_status_known"), type_="check")
        batch_op.create_check_constraint(
            batch_op.f("ck_agenda_request_events_status_known"), f"status IN ({NEW_STATUSES})"
        )

    with op.batch_alter_table("agenda_request_documents", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("may_publish", sa.Boolean(), server_default=sa.false(), nullable=False)
        )

    op.create_table(
        "held_uploads",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("held_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_held_uploads_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_held_uploads_user_id_users")
        ),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_held_uploads")),
    )
    with op.batch_alter_table("held_uploads", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_held_uploads_held_at"), ["held_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_held_uploads_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("held_uploads", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_held_uploads_user_id"))
        batch_op.drop_index(batch_op.f("ix_held_uploads_held_at"))
    op.drop_table("held_uploads")

    with op.batch_alter_table("agenda_request_documents", schema=None) as batch_op:
        batch_op.drop_column("may_publish")

    op.execute("UPDATE agenda_request_events SET status = 'submitted' WHERE status = 'more_info'")
    with op.batch_alter_table("agenda_request_events", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_agenda_request_events_status_known"), type_="check")
        batch_op.create_check_constraint(
            batch_op.f("ck_agenda_request_events_status_known"), f"status IN ({OLD_STATUSES})"
        )
        batch_op.drop_column("changed")

    op.execute("UPDATE agenda_requests SET status = 'submitted' WHERE status = 'more_info'")
    with op.batch_alter_table("agenda_requests", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("ck_agenda_requests_other_presenter_named"), type_="check"
        )
        batch_op.drop_constraint(
            batch_op.f("ck_agenda_requests_presenter_choice_known"), type_="check"
        )
        batch_op.drop_constraint(batch_op.f("ck_agenda_requests_answer_has_reason"), type_="check")
        batch_op.create_check_constraint(
            batch_op.f("ck_agenda_requests_decline_defer_has_reason"),
            _reason_check("'declined', 'deferred'"),
        )
        batch_op.drop_constraint(batch_op.f("ck_agenda_requests_status_known"), type_="check")
        batch_op.create_check_constraint(
            batch_op.f("ck_agenda_requests_status_known"), f"status IN ({OLD_STATUSES})"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_agenda_requests_support_arranged_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_column("support_arranged_by_id")
        batch_op.drop_column("support_arranged_at")
        batch_op.drop_column("presenter_name")
        batch_op.drop_column("presenter_choice")
        batch_op.alter_column(
            "note_to_chair", new_column_name="supporting_info", existing_type=sa.Text()
        )
