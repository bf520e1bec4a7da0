"""The test harness keeps each test's changes to itself, even when the code commits."""

from __future__ import annotations

import sqlalchemy as sa

from governors.extensions import db
from governors.people.models import User
from tests import factories


def test_a_commit_inside_a_test_is_not_seen_outside_it(app) -> None:
    factories.secretary(email="committed@example.org")
    db.session.commit()

    assert db.session.scalar(sa.select(User.id).filter_by(email="committed@example.org"))
    # Another connection sees only what really reached the database.
    with db.engine.connect() as outside:
        seen = outside.scalar(
            sa.select(sa.func.count()).select_from(User).filter_by(email="committed@example.org")
        )
    assert seen == 0
