"""The home page tells a risk's owner, and the register's keeper, which reviews are late."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from governors.people.models import Role
from tests import factories
from tests.risks.conftest import page_text

pytestmark = pytest.mark.clock(datetime(2027, 1, 3, 12, 0, tzinfo=UTC))


@pytest.fixture
def owners(app):
    owner = factories.UserFactory(roles=[Role.OFFICER])
    other = factories.UserFactory(roles=[Role.OFFICER])
    factories.RiskFactory(title="Night nurse staffing", owner=owner, review_on=date(2026, 12, 1))
    factories.RiskFactory(title="Money for next year", owner=other, review_on=date(2026, 11, 2))
    factories.RiskFactory(title="Waiting lists", owner=owner, review_on=date(2027, 2, 1))
    factories.RiskFactory(
        title="Old IT contract", owner=owner, review_on=date(2026, 6, 1), status="closed"
    )
    return owner, other


def test_an_owner_sees_their_own_late_reviews_and_nothing_else(owners, client, sign_in):
    owner, _ = owners
    sign_in(owner)
    text = page_text(client.get("/"))
    assert "Your risks to review" in text
    assert "One risk is past the date it was due for review." in text
    assert "Night nurse staffing: review was due on Tuesday 1 December 2026" in text
    assert "Money for next year" not in text  # another owner's
    assert "Waiting lists" not in text  # not due yet
    assert "Old IT contract" not in text  # closed


def test_the_secretary_sees_every_late_review_oldest_first(owners, client, sign_in):
    sign_in(factories.secretary())
    text = page_text(client.get("/"))
    assert "Risks to review" in text
    assert "2 risks are past the date they were due for review." in text
    assert text.index("Money for next year") < text.index("Night nurse staffing")


def test_nothing_is_said_when_no_review_is_late(app, client, sign_in):
    factories.RiskFactory(review_on=date(2027, 2, 1))
    sign_in(factories.secretary())
    text = page_text(client.get("/"))
    assert "Welcome" in text
    assert "Risks to review" not in text
