"""The public front door: how to attend, contact and access

Each meeting can say how the public get in (step-free access, hearing loop, parking) and
where they watch or join online; the council's settings hold the governance office's
contact details and the usual words on access, joining online and asking a question.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 09:15:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("access_info", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("public_link", sa.String(length=500), nullable=True))
        batch_op.create_check_constraint(
            batch_op.f("ck_meetings_public_link_https"),
            "public_link IS NULL OR public_link LIKE 'https://%'",
        )

    with op.batch_alter_table("council_settings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("contact_email", sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column("contact_phone", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("postal_address", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("access_info", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("joining_online", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("asking_questions", sa.Text(), nullable=True))
        batch_op.create_check_constraint(
            batch_op.f("ck_council_settings_contact_email_shape"),
            "contact_email IS NULL OR contact_email LIKE '%_@_%'",
        )


def downgrade():
    with op.batch_alter_table("council_settings", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("ck_council_settings_contact_email_shape"), type_="check"
        )
        batch_op.drop_column("asking_questions")
        batch_op.drop_column("joining_online")
        batch_op.drop_column("access_info")
        batch_op.drop_column("postal_address")
        batch_op.drop_column("contact_phone")
        batch_op.drop_column("contact_email")

    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_meetings_public_link_https"), type_="check")
        batch_op.drop_column("public_link")
        batch_op.drop_column("access_info")
