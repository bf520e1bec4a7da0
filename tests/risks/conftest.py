"""Shared set-up for the risk register tests: the people, a Council meeting on Thursday
21 January 2027 with a public and a private item, an open action, and a committee."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from governors.actions import services as actions
from governors.actions.models import Action
from governors.agendas.models import AgendaItem
from governors.bodies.models import Body
from governors.extensions import db
from governors.meetings.models import Meeting
from governors.people.models import Role, User
from governors.risks import services
from governors.risks.models import Risk
from tests import factories
from tests.people.conftest import page_text

__all__ = ["World", "details", "page_text"]

EASY = (
    "Because we have too few nurses at night, there is a risk that wards close to new "
    "patients, which would mean longer waits."
)
HARD = (
    "Notwithstanding the substantive contractual obligations articulated within the "
    "overarching commissioning framework, the organisation's operational capacity to "
    "deliver comprehensive multidisciplinary interventions is considerably jeopardised by "
    "persistent workforce destabilisation and unprecedented procedural complexity."
)


@dataclass
class World:
    secretary: User
    governor: User
    officer: User
    other_officer: User
    meeting: Meeting
    public_item: AgendaItem
    private_item: AgendaItem
    action: Action
    committee: Body


def details(world: World, **changes) -> services.RiskDetails:
    values = {
        "title": "Nurse staffing at night",
        "summary": EASY,
        "owner_id": world.officer.id,
        "body_id": factories.council().id,
        "likelihood": 4,
        "impact": 3,
        "target_likelihood": 2,
        "target_impact": 3,
        "review_on": date(2027, 3, 31),
        "detail": "Night vacancies are at 14 per cent.",
    }
    values.update(changes)
    return services.RiskDetails(**values)


@pytest.fixture
def world(app) -> World:
    secretary = factories.secretary(name="Sam Okafor", email="sam.okafor@example.org")
    governor = factories.governor(name="Helen Carter", email="helen@example.org")
    officer = factories.UserFactory(roles=[Role.OFFICER], name="Deborah Walsh")
    other = factories.UserFactory(roles=[Role.OFFICER], name="Mark Hendry")
    meeting = factories.MeetingFactory(starts_at=datetime(2027, 1, 21, 14, 0, tzinfo=UTC))
    public_item = factories.AgendaItemFactory(meeting=meeting, title="Quality and safety report")
    private_item = factories.AgendaItemFactory(
        meeting=meeting, part="private", title="CANARY contract award to Bidder X"
    )
    db.session.flush()
    action = actions.raise_action(
        secretary,
        actions.ActionDetails(
            description="Send governors the staffing plan",
            due_on=date(2027, 2, 18),
            owners=[actions.Owner(user_id=officer.id)],
        ),
        body=meeting.body,
        item=public_item,
        notify=False,
    )
    committee = factories.BodyFactory(name="Quality Committee")
    db.session.flush()
    return World(
        secretary, governor, officer, other, meeting, public_item, private_item, action, committee
    )


def make_risk(world: World, **changes) -> Risk:
    return services.create_risk(world.secretary, details(world, **changes))
