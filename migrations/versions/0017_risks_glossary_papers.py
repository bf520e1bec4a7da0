"""Papers governors can read: the risk register, the glossary, cover sheets, board packs

The risk register (each risk's plain summary, owner, overseeing body, current, target and
first scores, review date and status), every change to a risk's score with who, when and
why, and its links to agenda items and actions; the council's glossary; a cover sheet for
each agenda item; the board pack made once for each edition of a published version; and
the council's risk bands.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02 19:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def _scale(table, column):
    return sa.CheckConstraint(
        f"{column} BETWEEN 1 AND 5", name=op.f(f"ck_{table}_{column}_on_scale")
    )


def upgrade():
    op.create_table(
        "risks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.String(length=1000), nullable=False),
        sa.Column("summary_reason", sa.String(length=1000), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("likelihood", sa.Integer(), nullable=False),
        sa.Column("impact", sa.Integer(), nullable=False),
        sa.Column("target_likelihood", sa.Integer(), nullable=False),
        sa.Column("target_impact", sa.Integer(), nullable=False),
        sa.Column("initial_likelihood", sa.Integer(), nullable=True),
        sa.Column("initial_impact", sa.Integer(), nullable=True),
        sa.Column("controls", sa.Text(), nullable=True),
        sa.Column("mitigations", sa.Text(), nullable=True),
        sa.Column("review_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('open', 'tolerated', 'closed')", name=op.f("ck_risks_status_known")
        ),
        sa.CheckConstraint("length(trim(title)) > 0", name=op.f("ck_risks_title_not_blank")),
        sa.CheckConstraint("length(trim(summary)) > 0", name=op.f("ck_risks_summary_not_blank")),
        _scale("risks", "likelihood"),
        _scale("risks", "impact"),
        _scale("risks", "target_likelihood"),
        _scale("risks", "target_impact"),
        sa.CheckConstraint(
            "(initial_likelihood IS NULL) = (initial_impact IS NULL)",
            name=op.f("ck_risks_initial_both_or_none"),
        ),
        sa.CheckConstraint(
            "initial_likelihood IS NULL OR (initial_likelihood BETWEEN 1 AND 5 "
            "AND initial_impact BETWEEN 1 AND 5)",
            name=op.f("ck_risks_initial_on_scale"),
        ),
        sa.ForeignKeyConstraint(["body_id"], ["bodies.id"], name=op.f("fk_risks_body_id_bodies")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_risks_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], name=op.f("fk_risks_owner_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risks")),
    )
    with op.batch_alter_table("risks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_risks_body_id"), ["body_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_risks_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index("ix_risks_status_review", ["status", "review_on"], unique=False)

    op.create_table(
        "risk_score_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("risk_id", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=False),
        sa.Column("likelihood", sa.Integer(), nullable=False),
        sa.Column("impact", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=1000), nullable=False),
        _scale("risk_score_changes", "likelihood"),
        _scale("risk_score_changes", "impact"),
        sa.CheckConstraint(
            "length(trim(reason)) > 0", name=op.f("ck_risk_score_changes_reason_not_blank")
        ),
        sa.ForeignKeyConstraint(
            ["changed_by_id"], ["users.id"], name=op.f("fk_risk_score_changes_changed_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["risk_id"],
            ["risks.id"],
            name=op.f("fk_risk_score_changes_risk_id_risks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_score_changes")),
    )
    with op.batch_alter_table("risk_score_changes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_risk_score_changes_risk_changed", ["risk_id", "changed_at"], unique=False
        )

    op.create_table(
        "risk_agenda_items",
        sa.Column("risk_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["agenda_items.id"],
            name=op.f("fk_risk_agenda_items_item_id_agenda_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["risk_id"],
            ["risks.id"],
            name=op.f("fk_risk_agenda_items_risk_id_risks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("risk_id", "item_id", name=op.f("pk_risk_agenda_items")),
    )
    with op.batch_alter_table("risk_agenda_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_risk_agenda_items_item_id"), ["item_id"], unique=False)

    op.create_table(
        "risk_actions",
        sa.Column("risk_id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["actions.id"],
            name=op.f("fk_risk_actions_action_id_actions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["risk_id"],
            ["risks.id"],
            name=op.f("fk_risk_actions_risk_id_risks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("risk_id", "action_id", name=op.f("pk_risk_actions")),
    )
    with op.batch_alter_table("risk_actions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_risk_actions_action_id"), ["action_id"], unique=False)

    op.create_table(
        "glossary_terms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("term", sa.String(length=80), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("spelled_out", sa.String(length=200), nullable=True),
        sa.Column("meaning", sa.String(length=1000), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("length(trim(term)) > 0", name=op.f("ck_glossary_terms_term_not_blank")),
        sa.CheckConstraint(
            "length(trim(meaning)) > 0", name=op.f("ck_glossary_terms_meaning_not_blank")
        ),
        sa.CheckConstraint("key = lower(trim(term))", name=op.f("ck_glossary_terms_key_is_term")),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], name=op.f("fk_glossary_terms_updated_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_glossary_terms")),
        sa.UniqueConstraint("key", name=op.f("uq_glossary_terms_key")),
    )

    op.create_table(
        "cover_sheets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("asks", sa.String(length=1000), nullable=False),
        sa.Column("questions", sa.String(length=2000), nullable=True),
        sa.Column("advice_reason", sa.String(length=1000), nullable=True),
        sa.Column("written_by_id", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("length(trim(asks)) > 0", name=op.f("ck_cover_sheets_asks_not_blank")),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["agenda_items.id"],
            name=op.f("fk_cover_sheets_item_id_agenda_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["written_by_id"], ["users.id"], name=op.f("fk_cover_sheets_written_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cover_sheets")),
        sa.UniqueConstraint("item_id", name=op.f("uq_cover_sheets_item_id")),
    )

    op.create_table(
        "board_packs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("edition", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=True),
        sa.Column("page_count", sa.Integer(), nullable=True),
        sa.Column("problems", sa.JSON(), nullable=False),
        sa.Column("error", sa.String(length=1000), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "edition IN ('public', 'full')", name=op.f("ck_board_packs_edition_known")
        ),
        sa.CheckConstraint(
            "status IN ('making', 'ready', 'failed')", name=op.f("ck_board_packs_status_known")
        ),
        sa.CheckConstraint(
            "(status = 'ready') = (pdf IS NOT NULL)", name=op.f("ck_board_packs_ready_has_pdf")
        ),
        sa.CheckConstraint(
            "page_count IS NULL OR page_count > 0",
            name=op.f("ck_board_packs_page_count_positive"),
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["agenda_versions.id"],
            name=op.f("fk_board_packs_version_id_agenda_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_board_packs")),
        sa.UniqueConstraint("version_id", "edition", name="uq_board_packs_version_edition"),
    )
    with op.batch_alter_table("board_packs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_board_packs_version_id"), ["version_id"], unique=False)

    with op.batch_alter_table("council_settings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("risk_low_top", sa.Integer(), server_default=sa.text("3"), nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                "risk_moderate_top", sa.Integer(), server_default=sa.text("6"), nullable=False
            )
        )
        batch_op.add_column(
            sa.Column("risk_high_top", sa.Integer(), server_default=sa.text("12"), nullable=False)
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_council_settings_risk_bands_rise"),
            "1 <= risk_low_top AND risk_low_top < risk_moderate_top "
            "AND risk_moderate_top < risk_high_top AND risk_high_top < 25",
        )


def downgrade():
    with op.batch_alter_table("council_settings", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_council_settings_risk_bands_rise"), type_="check")
        batch_op.drop_column("risk_high_top")
        batch_op.drop_column("risk_moderate_top")
        batch_op.drop_column("risk_low_top")
    op.drop_table("board_packs")
    op.drop_table("cover_sheets")
    op.drop_table("glossary_terms")
    op.drop_table("risk_actions")
    op.drop_table("risk_agenda_items")
    op.drop_table("risk_score_changes")
    op.drop_table("risks")
