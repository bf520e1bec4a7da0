"""Demo risks: about twenty across the Council and its committees.

Runs after the agendas, actions and questions (and the glossary, when there is one). Each
risk has an owner among the trust's officers, its non-executive directors and the
secretary, and a score history over the past months: some getting better, some worse, one
whose review is overdue, one closed. Most summaries read well; three are hard to read (long
sentences, acronyms not spelled out) and were saved anyway with a reason, so the advice
shows. Several are linked to items of the next Council meeting, in its public and private
parts, and a few to open actions.

Written through the services; dates are counted back from ``council.today``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

import sqlalchemy as sa

from governors.actions.models import Action
from governors.actions.rules import ActionStatus
from governors.agendas.models import AgendaItem
from governors.bodies.models import Body
from governors.bodies.services import council as council_body
from governors.demo import DemoCouncil
from governors.extensions import db
from governors.meetings.kinds import MeetingKind
from governors.meetings.models import Meeting
from governors.people.models import Role, User
from governors.risks import services
from governors.risks.models import RiskScoreChange
from governors.risks.rules import RiskStatus
from governors.timeutil import local_to_utc

EXPERIENCE = "Service User and Carer Experience Committee"
MEMBERSHIP = "Membership and Engagement Committee"
NOMINATIONS = "Nominations and Remuneration Committee"


@dataclass(frozen=True)
class DemoRisk:
    title: str
    summary: str
    detail: str
    owner: str
    # (days ago, likelihood, impact, why): the first is when it was entered.
    history: tuple[tuple[int, int, int, str], ...]
    target: tuple[int, int]
    review_in_days: int
    body: str | None = None
    initial: tuple[int, int] | None = None
    controls: str | None = None
    mitigations: str | None = None
    status: str = RiskStatus.OPEN.value
    # Kept although the readability check advised against it, and why.
    kept_because: str | None = None
    # Words in the titles of the next Council meeting's items it is linked to, by part.
    public_items: tuple[str, ...] = ()
    private_items: tuple[str, ...] = ()
    actions: int = 0


ENTERED = "Entered on the register"

RISKS: tuple[DemoRisk, ...] = (
    DemoRisk(
        "Nurse staffing at night",
        "Because we have too few nurses at night, there is a risk that wards close to new "
        "patients, which would mean longer waits.",
        "Night vacancies on the adult wards are at 14 per cent, against a target of 8 per "
        "cent. Agency nurses fill most gaps, but not all.",
        "Deborah Walsh",
        (
            (200, 4, 4, ENTERED),
            (120, 4, 4, "No change: recruitment is slower than planned"),
            (40, 3, 4, "Nine nurses from abroad started in the autumn"),
        ),
        target=(2, 3),
        review_in_days=30,
        initial=(4, 4),
        controls="A daily staffing huddle moves nurses to where the need is greatest.",
        mitigations="Recruiting 12 more nurses by March. A new bank rate for night shifts.",
        public_items=("quality", "safety"),
        actions=1,
    ),
    DemoRisk(
        "Waiting times for children's mental health care",
        "Because more children need help than we have staff to see, there is a risk that they "
        "wait too long. That would mean their health gets worse while they wait.",
        "Half of children wait more than 18 weeks for a first appointment.",
        "Dr Anil Kapoor",
        (
            (240, 4, 4, ENTERED),
            (150, 5, 4, "Referrals rose by a fifth over the summer"),
            (60, 5, 4, "Still rising; a waiting list review is under way"),
        ),
        target=(3, 3),
        review_in_days=21,
        body=EXPERIENCE,
        mitigations="A single point of access and a digital support offer while children wait.",
        public_items=("quality", "performance", "report"),
    ),
    DemoRisk(
        "Money for next year",
        "Because our costs are rising faster than our income, there is a risk that we end the "
        "year in debt, which would mean cutting services.",
        "The plan needs savings of 4.2 million pounds. So far 2.6 million are found.",
        "Mark Hendry",
        (
            (180, 3, 4, ENTERED),
            (90, 4, 4, "Pay rises were higher than funded"),
            (30, 4, 4, "No change this month"),
        ),
        target=(2, 4),
        review_in_days=28,
        controls="Monthly reports to the board. Spending over 50,000 pounds needs approval.",
        public_items=("financ", "plan"),
        private_items=("contract", "financ"),
    ),
    DemoRisk(
        "Buildings in poor repair",
        "Because some older buildings need repair, there is a risk that a ward closes at short "
        "notice. That would mean moving patients.",
        "The repair backlog is 11 million pounds. Two roofs need work this year.",
        "Emma Sutton",
        (
            (300, 3, 3, ENTERED),
            (150, 3, 4, "The roof survey found more damage"),
            (20, 2, 4, "The worst roof is now mended"),
        ),
        target=(2, 3),
        review_in_days=60,
        mitigations="A five-year plan to mend or replace the worst buildings.",
    ),
    DemoRisk(
        "Cyber attack",
        "Because criminals attack NHS computers, there is a risk that ours are locked or data is "
        "stolen. That would mean cancelled care and lost privacy.",
        "Most staff have done the yearly training. Some old systems cannot be updated.",
        "Mark Hendry",
        (
            (360, 4, 5, ENTERED),
            (200, 3, 5, "New back-ups kept off site"),
            (50, 3, 5, "No change this quarter"),
        ),
        target=(2, 5),
        review_in_days=45,
        controls="Back-ups kept off site; staff training every year.",
        private_items=("contract", "cyber", "digital"),
    ),
    DemoRisk(
        "Too few governors in some areas",
        "Because few people stand for election in some areas, there is a risk that seats stay "
        "empty. Those areas would then have no voice on the Council.",
        "Three public seats have been empty for more than a year.",
        "Rachel Turner",
        ((210, 3, 2, ENTERED), (100, 2, 2, "Two new governors joined after the drive")),
        target=(1, 2),
        review_in_days=90,
        body=MEMBERSHIP,
        mitigations="Stalls at local events and a members' newsletter each quarter.",
        actions=1,
    ),
    DemoRisk(
        "Service users not heard",
        "Because meetings are hard to take part in, there is a risk that service users stop "
        "coming, which would mean their views are lost.",
        "Attendance by service user governors fell from 8 to 5 this year.",
        "Rachel Turner",
        ((150, 3, 3, ENTERED), (70, 2, 3, "Papers now come with a plain summary")),
        target=(1, 3),
        review_in_days=40,
        body=EXPERIENCE,
        controls="Buddies for new governors; papers a week ahead.",
        public_items=("governor", "engagement"),
    ),
    DemoRisk(
        "Falls on older people's wards",
        "Because some patients are frail and unsteady, there is a risk that they fall on the "
        "ward, which would mean injury and a longer stay.",
        "There were 41 falls last quarter; 3 caused serious harm.",
        "Deborah Walsh",
        ((270, 4, 3, ENTERED), (160, 3, 3, "New falls checks on admission"), (45, 3, 3, "Steady")),
        target=(2, 3),
        review_in_days=35,
        mitigations="Low beds and sensor mats on every older people's ward.",
        actions=1,
    ),
    DemoRisk(
        "Medicines stock",
        "Because some medicines are in short supply across the country, there is a risk that "
        "we run out, which would mean patients wait for treatment.",
        "Four medicines were short last month. Pharmacists found other options for all.",
        "Dr Anil Kapoor",
        ((90, 3, 3, ENTERED), (30, 4, 3, "Two more shortages were announced")),
        target=(2, 3),
        review_in_days=30,
    ),
    DemoRisk(
        "Staff leaving",
        "Because pay is better elsewhere, there is a risk that skilled staff leave, which "
        "would mean fewer experienced people on the wards.",
        "Staff turnover is 13 per cent a year, against a target of 10 per cent.",
        "Emma Sutton",
        ((330, 4, 3, ENTERED), (210, 4, 3, "No change"), (100, 3, 3, "New career paths began")),
        target=(2, 3),
        review_in_days=50,
    ),
    DemoRisk(
        "Chair's term ends",
        "Because the chair's term ends next year, there is a risk that we do not find a new "
        "chair in time. That would leave a gap at the top.",
        "The search needs to start six months before the term ends.",
        "Caroline Ashdown",
        ((120, 2, 3, ENTERED),),
        target=(1, 3),
        review_in_days=75,
        body=NOMINATIONS,
        mitigations="The committee has agreed a timetable for the search.",
    ),
    DemoRisk(
        "Complaints answered late",
        "Because the complaints team is small, there is a risk that we answer complaints late, "
        "which would mean people lose trust in us.",
        "Six in ten complaints were answered within 25 working days, against a target of nine.",
        "Deborah Walsh",
        ((160, 3, 2, ENTERED), (60, 4, 2, "Two staff in the team left")),
        target=(2, 2),
        # Its review date has passed.
        review_in_days=-12,
        body=EXPERIENCE,
    ),
    DemoRisk(
        "Winter pressures",
        "Because more people are ill in winter, there is a risk that we run out of beds. "
        "Patients would then wait longer in the emergency department.",
        "Bed use was 97 per cent last winter. The plan adds 20 beds from December.",
        "Dr Anil Kapoor",
        ((100, 4, 4, ENTERED), (20, 4, 4, "Flu cases are rising early")),
        target=(3, 3),
        review_in_days=14,
        public_items=("performance", "winter", "quality"),
        actions=1,
    ),
    DemoRisk(
        "Old computer system for patient records",
        "Because our patient record system is old, there is a risk that it fails, which would "
        "mean staff cannot see records.",
        "The supplier will stop support in two years.",
        "Mark Hendry",
        ((250, 3, 4, ENTERED), (120, 3, 4, "No change"), (25, 2, 4, "The new system is bought")),
        target=(1, 4),
        review_in_days=80,
    ),
    DemoRisk(
        "Safe discharge",
        "Because care homes have few places, there is a risk that patients stay in hospital too "
        "long. That would mean fewer beds for others.",
        "On any day about 40 patients are well enough to leave but have nowhere to go.",
        "Emma Sutton",
        ((140, 4, 3, ENTERED), (50, 3, 3, "A new team works with the council on discharges")),
        target=(2, 3),
        review_in_days=42,
    ),
    DemoRisk(
        "Car parking for carers",
        "Because our car parks are full, there is a risk that carers cannot park, which would "
        "mean they miss visits.",
        "Free parking permits for carers started in the spring.",
        "Emma Sutton",
        (
            (365, 3, 2, ENTERED),
            (200, 2, 2, "Carers' permits started"),
            (90, 1, 2, "Carers say parking is now easy"),
        ),
        target=(1, 2),
        review_in_days=120,
        status=RiskStatus.CLOSED.value,
        body=EXPERIENCE,
    ),
    DemoRisk(
        "Accepting the lease of the clinic",
        "Because the landlord will not renew the clinic's lease for long, there is a risk that "
        "we must move. That would mean a short break in clinics.",
        "The board accepted this risk: a new site will be ready within two years.",
        "Emma Sutton",
        ((180, 2, 2, ENTERED),),
        target=(2, 2),
        review_in_days=150,
        status=RiskStatus.TOLERATED.value,
    ),
    # Three summaries hard to read, kept as they are, with a reason.
    DemoRisk(
        "CQC well-led inspection",
        "Notwithstanding the substantive improvements evidenced through the BAF and the "
        "associated CIP governance arrangements, there remains a material possibility that "
        "the CQC well-led inspection determines that the organisation's leadership "
        "effectiveness is insufficiently demonstrable across all KLOEs.",
        "The inspection is expected in the spring.",
        "Richard Penrose",
        ((130, 3, 4, ENTERED), (40, 3, 4, "No change")),
        target=(2, 4),
        review_in_days=20,
        kept_because="These are the words the inspectors and the board use.",
        private_items=("contract",),
    ),
    DemoRisk(
        "ICB system allocation",
        "The ICB's revised system allocation methodology, predicated upon weighted capitation "
        "and the ERF recalibration, potentially disadvantages community and mental health "
        "providers relative to acute trusts within the ICS footprint.",
        "The new method starts next April.",
        "Dr Nkechi Obi",
        ((70, 3, 3, ENTERED), (15, 4, 3, "Draft figures are worse than expected")),
        target=(3, 2),
        review_in_days=25,
        kept_because="It is copied from the ICB's own paper so the board sees the same words.",
        public_items=("financ",),
    ),
    DemoRisk(
        "Section 136 suite capacity",
        "Insufficient S136 HBPoS capacity within the locality, compounded by extended AMHP "
        "response intervals and out-of-area placements, generates elevated probability of "
        "breaches of the statutory detention timeframe.",
        "The suite has two rooms. Police brought 61 people last quarter.",
        "Dr Anil Kapoor",
        ((110, 4, 4, ENTERED), (35, 4, 5, "Two breaches of the 24-hour limit")),
        target=(2, 4),
        review_in_days=18,
        kept_because="Clinicians asked for the legal terms. The detail explains them.",
        private_items=("contract", "safeguard"),
    ),
)


def _people(council: DemoCouncil) -> dict[str, User]:
    return {person.name: person for person in council.people.values()}


def _next_council_meeting(council: DemoCouncil) -> Meeting | None:
    now = local_to_utc(council.today, time(0, 0))
    return db.session.scalars(
        sa.select(Meeting)
        .where(
            Meeting.kind.in_(MeetingKind.taking_requests()),
            Meeting.cancelled_at.is_(None),
            Meeting.starts_at >= now,
        )
        .order_by(Meeting.starts_at)
    ).first()


def _pick(items: list[AgendaItem], part: str, words: tuple[str, ...]) -> list[AgendaItem]:
    """The first business item in ``part`` whose title has one of ``words``; else the
    first business item in that part."""
    if not words:
        return []
    business = [item for item in items if item.part == part and not item.standing]
    for word in words:
        found = next((item for item in business if word in item.title.lower()), None)
        if found is not None:
            return [found]
    return business[:1]


def _at(council: DemoCouncil, days_ago: int) -> date:
    return council.today - timedelta(days=days_ago)


def load(council: DemoCouncil) -> None:
    people = _people(council)
    secretary = next(p for p in council.people.values() if p.has_role(Role.SECRETARY))
    bodies = {body.name: body for body in db.session.scalars(sa.select(Body))}
    the_council = council_body()
    meeting = _next_council_meeting(council)
    items = sorted(meeting.items, key=lambda item: (item.part, item.position)) if meeting else []
    open_actions = list(
        db.session.scalars(
            sa.select(Action)
            .where(Action.status.in_([s.value for s in ActionStatus if s.is_open]))
            .where(Action.private.is_(False))
            .order_by(Action.due_on, Action.id)
        )
    )
    next_action = 0
    for demo in RISKS:
        owner = people.get(demo.owner, secretary)
        body = bodies.get(demo.body or "", the_council)
        first_days, first_l, first_i, _ = demo.history[0]
        linked_items = _pick(items, "public", demo.public_items) + _pick(
            items, "private", demo.private_items
        )
        linked_actions = open_actions[next_action : next_action + demo.actions]
        next_action += demo.actions
        risk = services.create_risk(
            secretary,
            services.RiskDetails(
                title=demo.title,
                summary=demo.summary,
                summary_reason=demo.kept_because,
                detail=demo.detail,
                owner_id=owner.id,
                body_id=body.id,
                likelihood=first_l,
                impact=first_i,
                target_likelihood=demo.target[0],
                target_impact=demo.target[1],
                initial_likelihood=demo.initial[0] if demo.initial else None,
                initial_impact=demo.initial[1] if demo.initial else None,
                controls=demo.controls,
                mitigations=demo.mitigations,
                review_on=council.today + timedelta(days=demo.review_in_days),
                status=demo.status,
                item_ids=[item.id for item in linked_items],
                action_ids=[action.id for action in linked_actions],
            ),
        )
        entered = local_to_utc(_at(council, first_days), time(10, 0))
        risk.created_at = entered
        risk.history[0].changed_at = entered
        for number, (days_ago, likelihood, impact, why) in enumerate(demo.history[1:]):
            # The owner reviews their own risk, and the secretary now and then.
            changed_by = secretary if number % 2 else owner
            if (likelihood, impact) == (risk.likelihood, risk.impact):
                # A review that kept the score: recorded in the history all the same.
                risk.history.append(
                    RiskScoreChange(
                        changed_by_id=changed_by.id,
                        likelihood=likelihood,
                        impact=impact,
                        reason=why,
                    )
                )
            else:
                services.rescore(changed_by, risk, likelihood, impact, why)
            risk.history[-1].changed_at = local_to_utc(_at(council, days_ago), time(11, 0))
        db.session.flush()
