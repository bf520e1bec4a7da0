"""Lists of meetings (calendars, feeds, home pages) are filtered in SQL by
``permissions.visible_meetings``; it must agree with ``can`` about every meeting."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from governors.extensions import db
from governors.meetings.models import Meeting
from governors.people.models import Role
from governors.permissions import Permission, can, own_meetings, visible_meetings
from tests import factories

pytestmark = pytest.mark.clock(datetime(2027, 1, 4, 10, 0, tzinfo=UTC))


@pytest.fixture
def world(app):
    people = {
        **factories.one_in_each_role(),
        "closed_member": factories.governor(),
        "officer_on_open": factories.UserFactory(roles=[Role.OFFICER]),
        "officer_on_closed": factories.UserFactory(roles=[Role.OFFICER]),
        "former_member": factories.governor(),
    }
    closed = factories.BodyFactory(open_to_public=False)
    open_ = factories.BodyFactory(open_to_public=True)
    factories.MembershipFactory(body=closed, user=people["closed_member"])
    factories.MembershipFactory(body=closed, user=people["officer_on_closed"], role="in_attendance")
    factories.MembershipFactory(body=open_, user=people["officer_on_open"])
    factories.MembershipFactory(
        body=closed,
        user=people["former_member"],
        starts_on=datetime(2025, 1, 1).date(),
        ends_on=datetime(2026, 12, 31).date(),
    )
    for kind in ("ordinary", "extraordinary", "annual_members", "pre_meeting"):
        factories.MeetingFactory(kind=kind)
    factories.MeetingFactory(body=closed)
    factories.MeetingFactory(body=open_)
    db.session.flush()
    return people, list(db.session.scalars(sa.select(Meeting)))


@pytest.mark.parametrize(
    "permission", [Permission.MEETINGS_VIEW, Permission.PRIVATE_VIEW, Permission.PUBLIC_VIEW]
)
def test_the_list_filter_agrees_with_can_for_everyone(world, permission):
    people, meetings = world
    compared = 0
    for name, person in [*people.items(), ("anonymous", None)]:
        listed = set(
            db.session.scalars(sa.select(Meeting.id).where(visible_meetings(person, permission)))
        )
        allowed = {m.id for m in meetings if can(person, permission, m)}
        assert listed == allowed, f"{name}: {permission}"
        compared += len(allowed)
    assert compared > 0


def test_own_meetings_are_the_councils_and_the_bodies_one_sits_on(world):
    people, meetings = world
    committee = {m.id: m.body.open_to_public for m in meetings if not m.for_council}

    def own(person):
        return set(db.session.scalars(sa.select(Meeting.id).where(own_meetings(person))))

    closed_id = next(mid for mid, public in committee.items() if not public)
    open_id = next(mid for mid, public in committee.items() if public)
    assert closed_id in own(people["closed_member"])
    assert open_id not in own(people["closed_member"])
    assert closed_id not in own(people["governor"])
    assert closed_id not in own(people["former_member"])
    assert {closed_id, open_id} <= own(people["secretary"])
    assert open_id in own(people["officer_on_open"])
    # Every one of them is a meeting the person may see.
    for person in people.values():
        visible = set(db.session.scalars(sa.select(Meeting.id).where(visible_meetings(person))))
        assert own(person) <= visible
