"""The demo council's buddying: pairs of both kinds with notes, a new governor without a
buddy, a request waiting that names a buddy, and one answered with a reason."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from governors.buddying import services
from governors.buddying.models import BuddyPair, BuddyRequest
from governors.demo import load_demo
from governors.extensions import db
from governors.people.models import Role

TODAY = date(2027, 3, 15)


@pytest.mark.clock("2027-03-15 10:00:00+00:00")
def test_the_demo_has_pairs_of_both_kinds_a_new_governor_and_a_waiting_request(app):
    load_demo(today=TODAY)
    pairs = db.session.scalars(sa.select(BuddyPair)).all()
    kinds = {Role.NED in pair.buddy.roles for pair in pairs}
    assert kinds == {True, False}
    assert all(pair.is_current(TODAY) and len(pair.notes) >= 2 for pair in pairs)
    assert {pair.governor.email for pair in pairs} >= {"su.governor@example.org"}

    new = [n.user.name for n in services.new_governors_without_buddy(TODAY)]
    assert "Kevin Doyle" in new and "Gareth Williams" not in new

    [waiting] = services.waiting_requests()
    assert (waiting.governor.name, waiting.preferred.name) == ("Priya Nair", "Aisha Begum")
    declined = db.session.scalars(
        sa.select(BuddyRequest).where(BuddyRequest.status == "declined")
    ).one()
    assert declined.reason
    # Suggestions for the waiting request put the preference first.
    assert services.suggestions(waiting.governor, waiting.preferred_id, TODAY)[0].name == (
        "Aisha Begum"
    )
