"""CHECK constraints generated from the enums

Every enum column now has a CHECK constraint made from its enum
(``governors.constraints.enum_check``). The columns that had one keep it: the
generated constraints have the same names and values. Three columns had none: the
clear-days rule recorded with each agenda request (counting and nation) and the status
of each request's events.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 20:30:00

"""

import sqlalchemy as sa  # noqa: F401
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# The values as they are at this revision; later changes to the enums need their own
# migration.
COUNTINGS = ("calendar", "working")
NATIONS = ("england", "wales", "scotland", "northern-ireland")
REQUEST_STATUSES = ("submitted", "accepted", "declined", "deferred", "withdrawn")

# table -> [(constraint name, column, allowed values)]
ADDED = {
    "agenda_requests": [
        ("ck_agenda_requests_rule_counting_known", "rule_counting", COUNTINGS),
        ("ck_agenda_requests_rule_nation_known", "rule_nation", NATIONS),
    ],
    "agenda_request_events": [
        ("ck_agenda_request_events_status_known", "status", REQUEST_STATUSES),
    ],
}


def _allowed(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({quoted})"


def upgrade():
    for table, checks in ADDED.items():
        with op.batch_alter_table(table) as batch_op:
            for name, column, values in checks:
                batch_op.create_check_constraint(op.f(name), _allowed(column, values))


def downgrade():
    for table, checks in ADDED.items():
        with op.batch_alter_table(table) as batch_op:
            for name, _column, _values in checks:
                batch_op.drop_constraint(op.f(name), type_="check")
