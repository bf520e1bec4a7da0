"""``people_who_may`` lists exactly the people ``can`` says yes to, so emails and digests
go where the policy says and nowhere else."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from werkzeug.datastructures import FileStorage

from governors.agendas import services as agendas
from governors.bodies import services as bodies
from governors.documents import services as documents
from governors.extensions import db
from governors.people.models import Role
from governors.permissions import OBJECT_RULES, Permission, can, people_who_may
from governors.requests import services as requests
from tests import factories

pytestmark = pytest.mark.clock(datetime(2027, 1, 3, 12, 0, tzinfo=UTC))


def _paper(secretary, name: str):
    return documents.store_upload(
        secretary, FileStorage(stream=io.BytesIO(b"%PDF-1.4\n%%EOF\n"), filename=name)
    )


@pytest.fixture
def world(app):
    people = {
        "proposer": factories.governor(),
        **factories.one_in_each_role(),
        "ned_and_governor": factories.governor(roles=(Role.NED,)),
        "no_roles": factories.UserFactory(),
        "committee_chair": factories.governor(),
        "committee_officer": factories.UserFactory(roles=[Role.OFFICER]),
    }
    secretary = people["secretary"]
    meeting = factories.MeetingFactory(starts_at=datetime(2027, 1, 21, 14, 0, tzinfo=UTC))
    pre_meeting = factories.MeetingFactory(
        kind="pre_meeting", starts_at=datetime(2027, 1, 21, 10, 0, tzinfo=UTC)
    )
    annual = factories.MeetingFactory(kind="annual_members")
    request = requests.submit_request(
        people["proposer"],
        meeting=meeting,
        title="Car parking charges for carers",
        purpose="discuss",
        session="public",
        notify=False,
    )
    private_paper = _paper(secretary, "Contract award.pdf")
    agendas.add_item(
        secretary, meeting, part="private", title="Contract award", papers=[private_paper]
    )
    pre_paper = _paper(secretary, "Questions for the board.pdf")
    agendas.add_item(
        secretary, pre_meeting, part="public", title="Questions for the board", papers=[pre_paper]
    )
    agendas.publish(secretary, meeting, notify=False)
    agendas.publish(secretary, pre_meeting, notify=False)
    draft_paper = _paper(secretary, "Finance update.pdf")
    agendas.add_item(
        secretary, meeting, part="public", title="Finance update", papers=[draft_paper]
    )
    # A closed committee whose chair may build its agendas; an officer sits on it too.
    committee = factories.BodyFactory(chair_builds_agenda=True)
    factories.MembershipFactory(body=committee, user=people["committee_chair"], role="chair")
    factories.MembershipFactory(body=committee, user=people["committee_officer"])
    committee_meeting = factories.MeetingFactory(body=committee)
    committee_paper = _paper(secretary, "Recruitment shortlist.pdf")
    agendas.add_item(
        secretary,
        committee_meeting,
        part="private",
        title="Shortlist",
        papers=[committee_paper],
    )
    agendas.publish(secretary, committee_meeting, notify=False)
    join = bodies.ask_to_join(people["proposer"], committee, "I chair a carers' forum.")
    open_committee = factories.BodyFactory(open_to_public=True)
    open_meeting = factories.MeetingFactory(body=open_committee)
    gone = factories.governor(active=False)
    # A question put to a director, and one to the board answered and published.
    from governors.questions import services as questions

    put_to_director = questions.ask(
        people["proposer"], "Who scored the bids?", to_ned=people["ned"], notify=False
    )
    questions.route(secretary, put_to_director, people["ned"], notify=False)
    published = questions.ask(people["governor"], "When?", public=True, notify=False)
    questions.route(secretary, published, None, notify=False)
    questions.answer(secretary, published, "In March.", answered_by_name="Chief Executive")
    # Actions of every kind, each owned by someone who could not otherwise see it.
    items = {
        item.title: item
        for item in (*agendas.items_for(meeting), *agendas.items_for(committee_meeting))
    }
    actions = {
        "public action": _action(secretary, people["proposer"], item=items["Finance update"]),
        "private action": _action(secretary, people["officer"], item=items["Contract award"]),
        "committee private action": _action(secretary, people["no_roles"], item=items["Shortlist"]),
        "action on its own": _action(secretary, people["officer"], body=factories.council()),
        "private action on its own": _action(
            secretary, people["ned"], body=factories.council(), private=True
        ),
        "committee's private action on its own": _action(
            secretary, people["governor"], body=committee, private=True
        ),
    }
    # A risk the officer owns; the item a governor proposed and presents, and one they do not.
    risk = factories.RiskFactory(owner=people["officer"], created_by=secretary)
    presented = factories.AgendaItemFactory(meeting=meeting, request=request)
    # The officer's own period of unavailability; the lead governor buddies the proposer.
    period = factories.UnavailabilityFactory(user=people["officer"])
    pair = factories.BuddyPairFactory(
        governor=people["proposer"], buddy=people["lead_governor"], created_by=secretary
    )
    from governors.buddying import services as buddying

    asked = buddying.ask_for_buddy(people["governor"], purpose="support", notify=False)
    db.session.commit()
    objects = {
        "nothing": None,
        "ordinary meeting": meeting,
        "pre-meeting": pre_meeting,
        "annual members' meeting": annual,
        "request": request,
        "private paper": private_paper,
        "pre-meeting paper": pre_paper,
        "draft paper": draft_paper,
        "committee meeting": committee_meeting,
        "open committee meeting": open_meeting,
        "committee paper": committee_paper,
        "committee": committee,
        "join request": join,
        "active person": people["governor"],
        "person who has left": gone,
        "question to a director": put_to_director,
        "published question": published,
        **actions,
        "risk": risk,
        "item a governor presents": presented,
        "committee item": items["Shortlist"],
        "item of the secretary's": items["Finance update"],
        "period of unavailability": period,
        "buddy pair": pair,
        "buddy request": asked,
    }
    return people, objects, gone


def _action(secretary, owner, *, item=None, body=None, private=False):
    from governors.actions import services as actions

    return actions.raise_action(
        secretary,
        actions.ActionDetails(
            description="Send the plan",
            due_on=datetime(2027, 2, 18).date(),
            owners=[actions.Owner(user_id=owner.id)],
        ),
        body=body if body is not None else item.meeting.body,
        item=item,
        private=private,
        notify=False,
    )


ACTIONS = (
    "public action",
    "private action",
    "committee private action",
    "action on its own",
    "private action on its own",
    "committee's private action on its own",
)


# The records each object rule is about; permissions without one ignore the record.
MEETINGS = (
    "ordinary meeting",
    "pre-meeting",
    "annual members' meeting",
    "committee meeting",
    "open committee meeting",
)
ABOUT = {
    Permission.MEETINGS_VIEW: MEETINGS,
    Permission.PRIVATE_VIEW: MEETINGS,
    Permission.PUBLIC_VIEW: MEETINGS,
    Permission.AGENDAS_EDIT: MEETINGS,
    Permission.ATTENDANCE_APOLOGISE: MEETINGS,
    Permission.MINUTES_COMMENT: MEETINGS,
    Permission.PEOPLE_VIEW: ("active person", "person who has left"),
    Permission.INTERESTS_KEEP: ("active person", "person who has left"),
    Permission.REQUESTS_VIEW: ("request",),
    Permission.REQUESTS_WITHDRAW: ("request",),
    Permission.REQUESTS_CHANGE: ("request",),
    Permission.BODIES_JOIN: ("committee", "join request"),
    Permission.DOCUMENT_VIEW: (
        "private paper",
        "pre-meeting paper",
        "draft paper",
        "committee paper",
    ),
    **dict.fromkeys(
        (Permission.QUESTIONS_VIEW, Permission.QUESTIONS_ANSWER, Permission.QUESTIONS_REPLY),
        ("question to a director", "published question"),
    ),
    **dict.fromkeys((Permission.ACTIONS_VIEW, Permission.ACTIONS_UPDATE), ACTIONS),
    Permission.RISKS_RESCORE: ("risk",),
    Permission.COVER_SHEETS_WRITE: (
        "item a governor presents",
        "committee item",
        "item of the secretary's",
    ),
    Permission.AVAILABILITY_OWN: ("period of unavailability",),
    Permission.BUDDIES_VIEW: ("buddy pair",),
    Permission.BUDDIES_WITHDRAW: ("buddy request",),
}


def test_every_object_rule_is_tried_on_its_records():
    assert set(ABOUT) == set(OBJECT_RULES)


@pytest.mark.parametrize("permission", list(Permission))
def test_people_who_may_agrees_with_can_for_every_role(world, permission):
    people, objects, gone = world
    names = ("nothing", *ABOUT.get(permission, tuple(objects)))
    anyone_listed = False
    for name in dict.fromkeys(names):
        obj = objects[name]
        listed = {person.id for person in people_who_may(permission, obj)}
        anyone_listed |= bool(listed)
        wrong = [
            role
            for role, person in people.items()
            if (person.id in listed) != can(person, permission, obj)
        ]
        assert not wrong, f"{permission} on {name}: people_who_may and can differ for {wrong}"
        # Only active people are listed, whatever the policy says of others.
        assert gone.id not in listed
    assert anyone_listed, f"nobody at all may {permission}: the check compared nothing"


def test_a_council_meetings_agenda_goes_to_governors_and_directors(world):
    people, objects, _ = world
    listed = {p.id for p in people_who_may(Permission.PRIVATE_VIEW, objects["ordinary meeting"])}
    for role in ("secretary", "chair", "lead_governor", "governor", "ned", "ned_and_governor"):
        assert people[role].id in listed, role
    assert people["officer"].id not in listed


def test_a_pre_meetings_agenda_goes_to_governors_only(world):
    people, objects, _ = world
    listed = {p.id for p in people_who_may(Permission.PRIVATE_VIEW, objects["pre-meeting"])}
    for role in ("secretary", "lead_governor", "governor", "proposer", "ned_and_governor"):
        assert people[role].id in listed, role
    assert people["ned"].id not in listed
    assert people["officer"].id not in listed


def test_a_committees_private_part_goes_to_its_members_and_the_secretary_only(world):
    people, objects, _ = world
    meeting = objects["committee meeting"]
    listed = {p.id for p in people_who_may(Permission.PRIVATE_VIEW, meeting)}
    assert listed == {people[r].id for r in ("secretary", "committee_chair", "committee_officer")}
    # Other governors may see that it meets, and its public part.
    seeing = {p.id for p in people_who_may(Permission.MEETINGS_VIEW, meeting)}
    assert {people["governor"].id, people["committee_officer"].id} <= seeing
    assert people["officer"].id not in seeing
    # Its chair builds its agenda, as the secretary allowed; nobody else but the secretary.
    builders = {p.id for p in people_who_may(Permission.AGENDAS_EDIT, meeting)}
    assert builders == {people["secretary"].id, people["committee_chair"].id}


def test_the_requests_digest_goes_to_those_who_oversee_requests(world):
    people, _, _ = world
    listed = [p.id for p in requests.digest_recipients()]
    assert listed == sorted(people[r].id for r in ("secretary", "chair", "lead_governor"))
