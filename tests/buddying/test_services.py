"""Buddying services: asking, answering, pairing, notes, the new-governor flag and the
suggestions."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from governors.audit.models import AuditEntry
from governors.bodies.rules import MemberRole
from governors.bodies.services import add_member
from governors.buddying import services
from governors.buddying.models import BuddyPair
from governors.errors import Refused
from governors.extensions import db
from governors.outbox.models import OutboxMessage
from tests import factories
from tests.buddying.helpers import director, governor_since

pytestmark = pytest.mark.clock(datetime(2027, 1, 4, 10, 0, tzinfo=UTC))
TODAY = date(2027, 1, 4)
NOTE = "Talked about the zebra crossing plan 7Q"


def _emails_to(user) -> list[OutboxMessage]:
    return list(
        db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.to_address == user.email))
    )


def test_a_governor_asks_for_a_buddy_naming_one_and_the_secretary_is_emailed(app):
    secretary = factories.secretary()
    asker = governor_since(date(2026, 11, 1), name="Kevin Doyle")
    wanted = director(name="Nkechi Obi")
    asked = services.ask_for_buddy(asker, purpose="influence", preferred=wanted, message="Help me")
    assert asked.status == "waiting" and asked.preferred_id == wanted.id
    [email] = _emails_to(secretary)
    assert "Kevin Doyle asks for a buddy" in email.subject
    assert "Nkechi Obi" in email.body_text
    assert "Help me" not in email.body_text
    entry = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "buddy.requested")
    ).one()
    assert "naming Nkechi Obi" in entry.summary


def test_the_preference_must_be_an_active_governor_or_director_and_not_themselves(app):
    asker = factories.governor()
    officer = factories.UserFactory(roles=[factories.Role.OFFICER])
    gone = factories.governor(active=False)
    for wrong in (asker, officer, gone):
        with pytest.raises(Refused) as refused:
            services.ask_for_buddy(asker, purpose="support", preferred=wrong)
        assert refused.value.field == "preferred"
    with pytest.raises(Refused) as refused:
        services.ask_for_buddy(asker, purpose="gossip")
    assert refused.value.field == "purpose"


def test_one_request_waits_at_a_time(app):
    asker = factories.governor()
    first = services.ask_for_buddy(asker, purpose="support")
    with pytest.raises(Refused, match="already asked"):
        services.ask_for_buddy(asker, purpose="induction")
    services.withdraw_request(asker, first)
    assert first.status == "withdrawn"
    assert services.ask_for_buddy(asker, purpose="induction").status == "waiting"


def test_accepting_pairs_them_with_the_preferred_buddy_and_emails_both(app):
    secretary = factories.secretary()
    asker = factories.governor(name="Priya Nair")
    wanted = factories.governor(name="Aisha Begum")
    asked = services.ask_for_buddy(asker, purpose="induction", preferred=wanted, notify=False)
    services.answer_request(secretary, asked, accept=True)
    assert asked.status == "accepted"
    pair = asked.pair
    assert (pair.governor, pair.buddy, pair.purpose, pair.starts_on) == (
        asker,
        wanted,
        "induction",
        TODAY,
    )
    [to_governor] = _emails_to(asker)
    assert "Your buddy is Aisha Begum" in to_governor.body_text
    [to_buddy] = _emails_to(wanted)
    assert "You are now Priya Nair's buddy" in to_buddy.body_text
    assert f"/buddying/pairs/{pair.id}" in to_buddy.body_text


def test_the_secretary_may_choose_another_buddy(app):
    secretary = factories.secretary()
    asker = factories.governor()
    chosen = director(name="Alison Grant")
    asked = services.ask_for_buddy(asker, purpose="support", notify=False)
    with pytest.raises(Refused) as refused:
        services.answer_request(secretary, asked, accept=True)
    assert refused.value.field == "buddy"
    services.answer_request(secretary, asked, accept=True, buddy=chosen)
    assert asked.pair.buddy == chosen


def test_declining_needs_a_reason_which_the_governor_is_sent(app):
    secretary = factories.secretary()
    asker = factories.governor()
    asked = services.ask_for_buddy(asker, purpose="support", notify=False)
    with pytest.raises(Refused) as refused:
        services.answer_request(secretary, asked, accept=False, reason="  ")
    assert refused.value.field == "reason"
    services.answer_request(secretary, asked, accept=False, reason="Nobody is free until May.")
    assert asked.status == "declined" and asked.pair is None
    [email] = _emails_to(asker)
    assert "Nobody is free until May." in email.body_text
    with pytest.raises(Refused, match="already been answered"):
        services.answer_request(secretary, asked, accept=False, reason="Again")


def test_pairs_are_governor_with_governor_or_director_and_never_twice(app):
    secretary = factories.secretary()
    governor = factories.governor()
    other = factories.governor()
    ned = director()
    assert services.create_pair(secretary, governor, other, purpose="support", starts_on=TODAY)
    assert services.create_pair(secretary, governor, ned, purpose="influence", starts_on=TODAY)
    with pytest.raises(Refused, match="already buddies") as refused:
        services.create_pair(secretary, other, governor, purpose="support", starts_on=TODAY)
    assert refused.value.field == "buddy"
    with pytest.raises(Refused) as refused:
        services.create_pair(secretary, ned, governor, purpose="support", starts_on=TODAY)
    assert refused.value.field == "governor"
    with pytest.raises(Refused) as refused:
        services.create_pair(
            secretary, governor, factories.chair(), purpose="support", starts_on=TODAY
        )
    assert refused.value.field == "buddy"
    with pytest.raises(Refused) as refused:
        services.create_pair(
            secretary, other, ned, purpose="support", starts_on=TODAY, ends_on=date(2027, 1, 1)
        )
    assert refused.value.field == "ends_on"


def test_an_ended_pair_can_be_made_again(app):
    secretary = factories.secretary()
    governor, other = factories.governor(), factories.governor()
    pair = services.create_pair(
        secretary, governor, other, purpose="support", starts_on=date(2026, 6, 1)
    )
    services.end_pair(secretary, pair, date(2026, 12, 1))
    assert pair.ends_on == date(2026, 12, 1)
    again = services.create_pair(secretary, governor, other, purpose="support", starts_on=TODAY)
    assert again.id != pair.id


def test_notes_are_for_the_pair_and_the_secretary_only_and_never_in_the_audit(app):
    secretary = factories.secretary()
    pair = factories.BuddyPairFactory(created_by=secretary)
    db.session.flush()
    for writer in (pair.governor, pair.buddy, secretary):
        assert services.add_note(writer, pair, TODAY, NOTE).id
    for outsider in (
        factories.governor(),
        factories.chair(),
        factories.governor(roles=(factories.Role.LEAD_GOVERNOR,)),
    ):
        with pytest.raises(Refused):
            services.add_note(outsider, pair, TODAY, NOTE)
    entries = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "buddy.note_added")
    ).all()
    assert len(entries) == 3
    assert {e.summary for e in entries} == {"Added a note of a buddy meeting"}
    for entry in db.session.scalars(sa.select(AuditEntry)):
        assert NOTE not in f"{entry.summary} {entry.before} {entry.after}"
    for message in db.session.scalars(sa.select(OutboxMessage)):
        assert NOTE not in message.body_text
    with pytest.raises(Refused) as refused:
        services.add_note(pair.governor, pair, date(2027, 1, 5), NOTE)
    assert refused.value.field == "met_on"
    with pytest.raises(Refused) as refused:
        services.add_note(pair.governor, pair, TODAY, "   ")
    assert refused.value.field == "note"


def test_new_governors_without_a_buddy_are_flagged(app):
    secretary = factories.secretary()
    new = governor_since(date(2026, 10, 1), name="Kevin Doyle")
    paired = governor_since(date(2026, 9, 1), name="Gareth Williams")
    governor_since(date(2026, 6, 1), name="Long Served")  # seven months: no longer new
    governor_since(date(2027, 2, 1), name="Not Yet Started")
    governor_since(date(2026, 12, 1), name="Gone Away", active=False)
    services.create_pair(
        secretary, paired, factories.governor(), purpose="induction", starts_on=TODAY
    )
    flagged = services.new_governors_without_buddy(TODAY)
    assert [n.user.name for n in flagged] == ["Kevin Doyle"]
    assert flagged[0].waiting is None
    asked = services.ask_for_buddy(new, purpose="induction", notify=False)
    assert services.new_governors_without_buddy(TODAY)[0].waiting == asked


def test_suggestions_put_the_preference_first_then_years_then_shared_committees(app):
    secretary = factories.secretary()
    governor = governor_since(date(2026, 11, 1), name="New Governor")
    governor_since(date(2019, 4, 1), name="Veteran")
    middle_shared = governor_since(date(2023, 4, 1), name="Middle Shared")
    governor_since(date(2023, 4, 1), name="Middle")
    wanted = governor_since(date(2026, 4, 1), name="Wanted")
    away = governor_since(date(2015, 4, 1), name="Away Today")
    ned = director(name="A Director")
    committee = factories.BodyFactory()
    db.session.flush()
    for person in (governor, middle_shared):
        add_member(secretary, committee, user=person, role=MemberRole.MEMBER, notify=False)
    factories.UnavailabilityFactory(user=away, starts_on=date(2027, 1, 1), ends_on=None)
    db.session.flush()

    ranked = services.suggestions(governor, preferred_id=wanted.id, today=TODAY)
    names = [s.name for s in ranked]
    assert names[:4] == ["Wanted", "Veteran", "Middle Shared", "Middle"]
    assert "Away Today" not in names and "New Governor" not in names
    assert names[-1] == "A Director"
    assert ranked[0].reasons[0] == "The governor asked for them"
    assert "Shares 1 committee or panel" in ranked[2].reasons
    assert ranked[-1].reasons == ("Non-executive director: time served not recorded",)
    assert ned.id == ranked[-1].user_id


def test_suggestions_skip_a_current_buddy(app):
    secretary = factories.secretary()
    governor, buddy, other = factories.governor(), factories.governor(), factories.governor()
    services.create_pair(secretary, governor, buddy, purpose="support", starts_on=TODAY)
    ids = {s.user_id for s in services.suggestions(governor, today=TODAY)}
    assert other.id in ids and buddy.id not in ids
    assert db.session.scalar(sa.select(sa.func.count()).select_from(BuddyPair)) == 1
