"""The action log is filtered in SQL by ``permissions.visible_actions``; it must agree with
``can(user, ACTIONS_VIEW, action)`` for everyone, about actions of every kind."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from governors.actions import services
from governors.actions.models import Action
from governors.agendas import services as agendas
from governors.extensions import db
from governors.people.models import Role
from governors.permissions import Permission, can, visible_actions
from tests import factories

pytestmark = pytest.mark.clock(datetime(2027, 1, 4, 10, 0, tzinfo=UTC))


def _raise(secretary, owner, *, body, item=None, meeting=None, private=False) -> Action:
    return services.raise_action(
        secretary,
        services.ActionDetails(
            description="Send the plan",
            due_on=date(2027, 2, 18),
            owners=[services.Owner(user_id=owner.id)],
        ),
        body=body,
        item=item,
        meeting=meeting,
        private=private,
        notify=False,
    )


@pytest.fixture
def world(app):
    people = {
        **factories.one_in_each_role(),
        "closed_member": factories.governor(),
        "officer_on_closed": factories.UserFactory(roles=[Role.OFFICER]),
        "officer_on_open": factories.UserFactory(roles=[Role.OFFICER]),
        "ned_on_closed": factories.UserFactory(roles=[Role.NED]),
        "owner_only": factories.UserFactory(),
        "former_member": factories.governor(),
        "gone": factories.governor(active=False),
    }
    secretary = people["secretary"]
    council = factories.council()
    closed = factories.BodyFactory(open_to_public=False)
    open_ = factories.BodyFactory(open_to_public=True)
    factories.MembershipFactory(body=closed, user=people["closed_member"])
    factories.MembershipFactory(body=closed, user=people["officer_on_closed"], role="in_attendance")
    factories.MembershipFactory(body=closed, user=people["ned_on_closed"])
    factories.MembershipFactory(body=open_, user=people["officer_on_open"])
    factories.MembershipFactory(
        body=closed,
        user=people["former_member"],
        starts_on=date(2025, 1, 1),
        ends_on=date(2026, 12, 31),
    )
    meetings = {
        "ordinary": factories.MeetingFactory(kind="ordinary"),
        "pre-meeting": factories.MeetingFactory(kind="pre_meeting"),
        "annual members'": factories.MeetingFactory(kind="annual_members"),
        "closed committee": factories.MeetingFactory(body=closed),
        "open committee": factories.MeetingFactory(body=open_),
    }
    owners = iter([people["owner_only"], people["officer"], people["ned"], people["governor"]] * 10)
    actions = []
    for name, meeting in meetings.items():
        for part in ("public", "private"):
            item = agendas.add_item(secretary, meeting, part=part, title=f"{name} {part}")
            actions.append(_raise(secretary, next(owners), body=meeting.body, item=item))
        # At the meeting, with no item.
        actions.append(_raise(secretary, next(owners), body=meeting.body, meeting=meeting))
    for body in (council, closed, open_):
        for private in (False, True):
            actions.append(_raise(secretary, next(owners), body=body, private=private))
    # One owned by someone who has since left.
    actions.append(_raise(secretary, people["gone"], body=closed, private=True))
    db.session.commit()
    return people, actions


def test_the_log_filter_agrees_with_can_for_everyone_on_every_kind_of_action(world):
    people, actions = world
    kinds = {(a.meeting.kind if a.meeting else None, a.private, a.body.kind) for a in actions}
    assert len(kinds) >= 10
    compared = 0
    for name, person in [*people.items(), ("anonymous", None)]:
        listed = set(db.session.scalars(sa.select(Action.id).where(visible_actions(person))))
        allowed = {a.id for a in actions if can(person, Permission.ACTIONS_VIEW, a)}
        assert listed == allowed, name
        compared += len(allowed)
    assert compared > 0


def test_those_who_may_not_see_a_private_part_do_not_see_its_actions_unless_theirs(world):
    people, actions = world
    officer = people["officer"]
    private_council = [
        a for a in actions if a.private and a.meeting is not None and a.meeting.kind == "ordinary"
    ]
    assert private_council
    for action in private_council:
        owns = any(o.user_id == officer.id for o in action.owners)
        assert can(officer, Permission.ACTIONS_VIEW, action) is owns
    # A closed committee's private business: its members and the secretary, not the lead.
    closed_private = [
        a for a in actions if a.private and a.body.kind == "committee" and not a.body.open_to_public
    ]
    for action in closed_private:
        assert can(people["closed_member"], Permission.ACTIONS_VIEW, action)
        assert can(people["secretary"], Permission.ACTIONS_VIEW, action)
        owns = any(o.user_id == people["lead_governor"].id for o in action.owners)
        assert can(people["lead_governor"], Permission.ACTIONS_VIEW, action) is owns
        assert not can(people["former_member"], Permission.ACTIONS_VIEW, action)
    # Nobody signed out sees any action at all.
    assert not any(can(None, Permission.ACTIONS_VIEW, a) for a in actions)
