"""`flask governors send-reminders` emails each person who sits on a body once when their
yearly declaration of interests is due soon and once when it is overdue, however often it
runs."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from governors.extensions import db
from governors.interests.models import InterestReturn
from governors.outbox.models import OutboxMessage
from governors.people.models import Role
from tests import factories

# The day before the reminders start for a declaration due on Monday 15 March 2027.
pytestmark = pytest.mark.clock(datetime(2027, 2, 12, 7, 0, tzinfo=UTC))
JOINED = datetime(2025, 4, 1, 9, 0, tzinfo=UTC)
LAST_DECLARED = date(2026, 3, 15)


def _declared(person) -> None:
    db.session.add(InterestReturn(user_id=person.id, made_on=LAST_DECLARED, made_by_id=person.id))


def _run(app) -> str:
    result = app.test_cli_runner().invoke(args=["governors", "send-reminders"])
    assert result.exit_code == 0, result.output
    return result.output


def _sent() -> list[OutboxMessage]:
    return list(db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))


@pytest.fixture
def people(app):
    """A governor and a director on a committee, both last declared on 15 March 2026; and
    people who sit on no body, who have never declared."""
    helen = factories.governor(name="Helen Carter", email="helen@example.org", created_at=JOINED)
    ned = factories.UserFactory(
        name="Nadia Edwards", email="nadia@example.org", roles=[Role.NED], created_at=JOINED
    )
    factories.MembershipFactory(user=ned)
    for person in (helen, ned):
        _declared(person)
    factories.secretary(email="secretary@example.org", created_at=JOINED)
    factories.UserFactory(email="officer@example.org", roles=[Role.OFFICER], created_at=JOINED)
    factories.UserFactory(email="lone.ned@example.org", roles=[Role.NED], created_at=JOINED)
    former = factories.governor(email="former@example.org", created_at=JOINED)
    former.governor_profile.term_end = date(2026, 3, 31)
    db.session.commit()
    return helen, ned


def test_each_person_is_reminded_once_when_due_soon_and_once_when_overdue(app, people, clock):
    helen, ned = people
    assert "Queued 0 reminders about declarations of interest." in _run(app)
    assert _sent() == []

    # 30 days before it is due: one reminder each, with the link to their own register.
    clock.move_to(datetime(2027, 2, 13, 7, 0, tzinfo=UTC))
    assert "Queued 2 reminders about declarations of interest." in _run(app)
    sent = _sent()
    assert sorted(m.to_address for m in sent) == ["helen@example.org", "nadia@example.org"]
    to_helen = next(m for m in sent if m.to_address == helen.email)
    assert to_helen.subject == "Your declaration of interests is due by Monday 15 March 2027"
    assert "Dear Helen Carter," in to_helen.body_text
    assert "Your yearly declaration of interests is due by Monday 15 March 2027." in (
        to_helen.body_text
    )
    assert f"http://localhost/interests/people/{helen.id}" in to_helen.body_text

    # The same day, and the days after, nothing more.
    clock.move_to(datetime(2027, 2, 13, 18, 0, tzinfo=UTC))
    assert "Queued 0 reminders" in _run(app)
    clock.move_to(datetime(2027, 3, 15, 7, 0, tzinfo=UTC))
    assert "Queued 0 reminders" in _run(app)
    assert len(_sent()) == 2

    # The day after it was due: one overdue reminder each, then no more.
    clock.move_to(datetime(2027, 3, 16, 7, 0, tzinfo=UTC))
    assert "Queued 2 reminders" in _run(app)
    assert "Queued 0 reminders" in _run(app)
    overdue = [m for m in _sent() if m.to_address == helen.email]
    assert [m.subject for m in overdue] == [
        "Your declaration of interests is due by Monday 15 March 2027",
        "Your declaration of interests is overdue",
    ]
    assert "Your yearly declaration of interests was due on Monday 15 March 2027." in (
        overdue[1].body_text
    )
    assert f"http://localhost/interests/people/{helen.id}" in overdue[1].body_text
    # Those who sit on no body were never reminded.
    assert {m.to_address for m in _sent()} == {helen.email, ned.email}


def test_a_declaration_made_stops_the_reminders_until_next_year(app, people, clock):
    helen, _ = people
    clock.move_to(datetime(2027, 2, 20, 7, 0, tzinfo=UTC))
    _run(app)
    assert [m.to_address for m in _sent()].count(helen.email) == 1
    db.session.add(InterestReturn(user_id=helen.id, made_on=date(2027, 2, 21), made_by_id=helen.id))
    db.session.commit()
    clock.move_to(datetime(2027, 3, 16, 7, 0, tzinfo=UTC))
    _run(app)
    assert [m.subject for m in _sent() if m.to_address == helen.email] == [
        "Your declaration of interests is due by Monday 15 March 2027"
    ]
    # A year on, the next declaration is reminded in its turn.
    clock.move_to(datetime(2028, 1, 22, 7, 0, tzinfo=UTC))
    _run(app)
    assert [m.subject for m in _sent() if m.to_address == helen.email][-1] == (
        "Your declaration of interests is due by Monday 21 February 2028"
    )
