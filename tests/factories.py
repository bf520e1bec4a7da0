"""factory_boy factories for test data, flushed into the test's own transaction."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import factory
from factory.alchemy import SQLAlchemyModelFactory
from werkzeug.security import generate_password_hash

from governors.agendas.models import AgendaItem
from governors.bodies.models import Body, Membership
from governors.buddying.models import BuddyPair
from governors.cover.models import Unavailability
from governors.glossary.models import GlossaryTerm
from governors.interests.models import Interest
from governors.meetings.models import Meeting
from governors.papers.models import CoverSheet
from governors.people.models import GovernorProfile, Role, User
from governors.requests import rules as request_rules
from governors.requests.clear_days import ClearDaysRule
from governors.requests.models import AgendaRequest
from governors.risks.models import Risk, RiskScoreChange

TEST_PASSWORD = "correct horse battery staple"
# One cheap hash shared by every test user: real hashing is deliberately slow.
_TEST_HASH = generate_password_hash(TEST_PASSWORD, method="pbkdf2:sha256:1")

_ALL: list[type[SQLAlchemyModelFactory]] = []


def bind(session) -> None:
    """Point every factory at the test's session (it changes per test)."""
    for factory_class in _ALL:
        factory_class._meta.sqlalchemy_session = session


class BaseFactory(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_persistence = "flush"

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        _ALL.append(cls)


class UserFactory(BaseFactory):
    class Meta:
        model = User

    name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    password_hash = _TEST_HASH
    active = True

    @factory.post_generation
    def roles(self, create: bool, extracted: list[Role] | None, **kwargs) -> None:
        if extracted:
            self.set_roles(set(extracted))


class GovernorProfileFactory(BaseFactory):
    class Meta:
        model = GovernorProfile

    constituency = "public"
    area = "Northshire"
    route = "elected"
    term_start = date(2025, 4, 1)
    term_end = date(2028, 3, 31)


def governor(constituency: str = "public", roles: tuple[Role, ...] = (), **kwargs) -> User:
    """A governor with a profile, holding the governor role plus any others given."""
    user = UserFactory(roles=[Role.GOVERNOR, *roles], **kwargs)
    GovernorProfileFactory(user=user, constituency=constituency)
    return user


def secretary(**kwargs) -> User:
    return UserFactory(roles=[Role.SECRETARY], **kwargs)


def chair(**kwargs) -> User:
    return UserFactory(roles=[Role.CHAIR], **kwargs)


def council() -> Body:
    from governors.bodies.services import council as the_council

    return the_council()


class BodyFactory(BaseFactory):
    """A committee under the Council; ``bodies.services.create_body`` is the real way in."""

    class Meta:
        model = Body

    name = factory.Sequence(lambda n: f"Committee {n}")
    kind = "committee"
    parent = factory.LazyFunction(council)
    remit = "To advise the Council of Governors."
    open_to_public = False


class MembershipFactory(BaseFactory):
    class Meta:
        model = Membership

    body = factory.SubFactory(BodyFactory)
    user = factory.LazyFunction(lambda: governor())
    role = "member"
    starts_on = date(2025, 4, 1)


class InterestFactory(BaseFactory):
    """An entry in a governor's register of interests, held since April 2024."""

    class Meta:
        model = Interest

    user = factory.LazyFunction(lambda: governor())
    kind = "professional"
    organisation = factory.Sequence(lambda n: f"Northshire Carers Trust {n}")
    description = "Unpaid trustee"
    starts_on = date(2024, 4, 1)
    sensitive = False


class MeetingFactory(BaseFactory):
    """A Council meeting unless ``body`` (then a committee meeting) is given."""

    class Meta:
        model = Meeting

    body = factory.LazyFunction(council)
    kind = factory.LazyAttribute(lambda m: "ordinary" if m.body.is_council else "committee")
    starts_at = factory.Sequence(
        lambda n: datetime(2027, 1, 21, 14, 0, tzinfo=UTC) + timedelta(days=60 * n)
    )
    duration_minutes = 150
    place = "Boardroom, Trust Headquarters"
    cancelled_at = None
    # A cancelled meeting says why (the database insists).
    cancel_reason = factory.LazyAttribute(
        lambda m: "Too few could come" if m.cancelled_at else None
    )


class AgendaItemFactory(BaseFactory):
    """An agenda item at the end of its part; services.add_item is the usual way in."""

    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    part = "public"
    position = factory.LazyAttribute(
        lambda item: 1 + sum(1 for other in item.meeting.items if other.part == item.part)
    )
    title = factory.Sequence(lambda n: f"Agenda item {n}")
    purpose = "note"
    presenter = "Dr Asha Patel, Medical Director"
    minutes_allowed = 15


class AgendaRequestFactory(BaseFactory):
    """A governor's agenda request with its receipt worked out under the default rule, by the
    same ``requests.rules.receipt`` the service uses.

    ``requests.services.submit_request`` is the real way in; this is for building many
    requests quickly (list pages, digests). Pass ``rule`` or ``response_days`` to change
    the rule the receipt is judged by.
    """

    class Meta:
        model = AgendaRequest
        exclude = ("rule", "response_days", "receipt")

    rule = ClearDaysRule()
    response_days = 14
    meeting = factory.SubFactory(MeetingFactory)
    proposer = factory.LazyFunction(governor)
    title = factory.Sequence(lambda n: f"Agenda request {n}")
    purpose = "discuss"
    session = "public"
    note_to_chair = "Governors have asked about this at constituency meetings."
    received_at = factory.LazyAttribute(lambda r: r.meeting.starts_at - timedelta(days=20))
    receipt = factory.LazyAttribute(
        lambda r: request_rules.receipt(r.received_at, r.meeting.day, r.rule, r.response_days)
    )
    rule_days = factory.LazyAttribute(lambda r: r.receipt.rule.days)
    rule_counting = factory.LazyAttribute(lambda r: r.receipt.rule.counting)
    rule_nation = factory.LazyAttribute(lambda r: r.receipt.rule.nation)
    rule_cutoff = factory.LazyAttribute(lambda r: r.receipt.rule.cutoff)
    deadline = factory.LazyAttribute(lambda r: r.receipt.deadline)
    clear_days = factory.LazyAttribute(lambda r: r.receipt.clear_days)
    in_time = factory.LazyAttribute(lambda r: r.receipt.in_time)
    response_due = factory.LazyAttribute(lambda r: r.receipt.response_due)
    status = "submitted"


class RiskFactory(BaseFactory):
    """A risk on the register with its first score in its history; ``risks.services`` is
    the usual way in."""

    class Meta:
        model = Risk

    title = factory.Sequence(lambda n: f"Risk {n}")
    summary = (
        "Because we have too few nurses at night, there is a risk that wards close to new "
        "patients, which would mean longer waits in the emergency department."
    )
    detail = "Night vacancies are at 14 per cent against a target of 8 per cent."
    owner = factory.LazyFunction(lambda: UserFactory(roles=[Role.OFFICER]))
    created_by = factory.SelfAttribute("owner")
    body = factory.LazyFunction(council)
    status = "open"
    likelihood = 4
    impact = 3
    target_likelihood = 2
    target_impact = 3
    review_on = date(2027, 3, 31)

    @factory.post_generation
    def first_score(self, create: bool, extracted, **kwargs) -> None:
        self.history.append(
            RiskScoreChange(
                changed_by=self.created_by,
                likelihood=self.likelihood,
                impact=self.impact,
                reason="Entered on the register",
            )
        )


class GlossaryTermFactory(BaseFactory):
    class Meta:
        model = GlossaryTerm

    term = factory.Sequence(lambda n: f"TERM{n}")
    key = factory.LazyAttribute(lambda t: t.term.strip().lower())
    meaning = "A plain explanation of the term."


class CoverSheetFactory(BaseFactory):
    class Meta:
        model = CoverSheet

    item = factory.SubFactory(AgendaItemFactory)
    asks = "Governors are asked to note the report. It shows waits are falling."
    questions = "What is being done for people who still wait over a year?"
    written_by = factory.LazyFunction(secretary)


class UnavailabilityFactory(BaseFactory):
    """A period someone recorded for themselves; ``cover.services`` is the usual way in."""

    class Meta:
        model = Unavailability

    user = factory.LazyFunction(lambda: governor())
    recorded_by = factory.SelfAttribute("user")
    starts_on = date(2027, 1, 11)
    ends_on = date(2027, 1, 31)


class BuddyPairFactory(BaseFactory):
    class Meta:
        model = BuddyPair

    governor = factory.LazyFunction(lambda: governor())
    buddy = factory.LazyFunction(lambda: governor())
    purpose = "induction"
    starts_on = date(2027, 1, 4)
    created_by = factory.LazyFunction(secretary)


def one_in_each_role() -> dict[str, User]:
    """One person in each role, by role name, for access checks."""
    return {
        "secretary": secretary(),
        "chair": chair(),
        "lead_governor": governor(roles=(Role.LEAD_GOVERNOR,)),
        "governor": governor(),
        "ned": UserFactory(roles=[Role.NED]),
        "officer": UserFactory(roles=[Role.OFFICER]),
    }


def one_of_each_record(part: str = "private") -> dict[str, object]:
    """For route-by-route checks: one person in each role and a proposer; the Council
    meeting of Thursday 21 January 2027 with a governor's request; a published agenda whose
    one item (in ``part``) has a paper; one email that could not be sent; and a committee
    with a seat, its holder, a deputy, a meeting and the proposer's request to join; and
    a line of the Council meeting's register and a declaration on its item; and the
    proposer's question about the item, passed on to the director it is put to; and the
    governor's action, raised on a public item of the Council meeting and done, with
    evidence; and a risk the trust officer owns, linked to the public item; and a glossary
    term."""
    from io import BytesIO

    from werkzeug.datastructures import FileStorage

    from governors.agendas import services as agendas
    from governors.documents import services as documents
    from governors.extensions import db
    from governors.outbox.models import OutboxMessage
    from governors.requests import services as requests

    people = {"proposer": governor(), **one_in_each_role()}
    secretary_ = people["secretary"]
    meeting = MeetingFactory(starts_at=datetime(2027, 1, 21, 14, 0, tzinfo=UTC))
    request = requests.submit_request(
        people["proposer"],
        meeting=meeting,
        title="Car parking charges for carers",
        purpose="discuss",
        session="public",
        notify=False,
    )
    paper = documents.store_upload(
        secretary_,
        FileStorage(stream=BytesIO(b"%PDF-1.4\n%%EOF\n"), filename="Contract award.pdf"),
    )
    item = agendas.add_item(secretary_, meeting, part=part, title="Contract award", papers=[paper])
    public_item = agendas.add_item(
        secretary_, meeting, part="public", title="Quality and safety report"
    )
    agendas.publish(secretary_, meeting, notify=False)
    unsent = OutboxMessage(
        to_address="gone@example.org", subject="Agenda published", body_text="", status="failed"
    )
    db.session.add(unsent)
    # A committee open to the public, with a seat, its holder, a deputy and a meeting; and
    # the proposer's request to join it.
    from governors.bodies import services as bodies

    committee = BodyFactory(name="Membership and Engagement Committee", open_to_public=True)
    seat = bodies.add_seat(secretary_, committee, "public_governor")
    membership = bodies.add_member(
        secretary_, committee, user=governor(), role="chair", seat=seat, notify=False
    )
    deputy = bodies.add_deputy(secretary_, seat, governor())
    join = bodies.ask_to_join(people["proposer"], committee, "I run our constituency meetings.")
    committee_meeting = MeetingFactory(
        body=committee, starts_at=datetime(2027, 2, 3, 14, 0, tzinfo=UTC)
    )
    # The Council meeting's register has one line, and one declaration on its item.
    from governors.attendance import services as attendance

    entry = attendance.record_attendance(secretary_, meeting, people["chair"], "present")
    declaration = attendance.record_declaration(
        secretary_, item, people["chair"], "Director of a bidding company", "left"
    )
    # An entry in the governor's register of interests.
    interest = InterestFactory(user=people["governor"])
    # The proposer's question to the director about the item, passed on to them.
    from governors.questions import services as questions

    question = questions.ask(
        people["proposer"], "Who scored the bids?", to_ned=people["ned"], item=item, notify=False
    )
    questions.route(secretary_, question, people["ned"], notify=False)
    # The governor's action on the public item, done, with the plan as evidence.
    from governors.actions import services as actions

    action = actions.raise_action(
        secretary_,
        actions.ActionDetails(
            description="Send governors the falls prevention plan",
            due_on=date(2027, 2, 18),
            owners=[actions.Owner(user_id=people["governor"].id)],
        ),
        body=meeting.body,
        item=public_item,
        notify=False,
    )
    evidence = documents.store_upload(
        people["governor"],
        FileStorage(stream=BytesIO(b"%PDF-1.4\n%%EOF\n"), filename="Falls prevention plan.pdf"),
    )
    actions.update_progress(
        people["governor"],
        action,
        actions.Progress(status="done", outcome="Sent to every governor.", evidence=evidence),
    )
    # A risk owned by the trust officer, linked to the public item; a glossary term.
    risk = RiskFactory(owner=people["officer"], created_by=secretary_, body=meeting.body)
    risk.items.append(public_item)
    term = GlossaryTermFactory(term="CQC", spelled_out="Care Quality Commission")
    db.session.flush()
    return {
        "people": people,
        "meeting": meeting,
        "request": request,
        "item": item,
        "paper": paper,
        "message": unsent,
        "body": committee,
        "seat": seat,
        "membership": membership,
        "deputy": deputy,
        "join": join,
        "committee_meeting": committee_meeting,
        "entry": entry,
        "declaration": declaration,
        "interest": interest,
        "question": question,
        "action": action,
        "risk": risk,
        "term": term,
    }
