"""Demo questions to the board, in every state.

Runs last, when the meetings, their published agendas and the people are in place. The
lead governor's newest question waits to be passed on; the demo governor's question to a
non-executive director waits for its answer, in time; another was answered and she said it
answered her question; one to the board, answered by the Chief Executive, did not answer
the service user governor's question, so she asked a follow-up; one is late. From an item
of the latest Council meeting with a published agenda, a public question and its answer are
published with the meeting's papers, and the answer's promise became an action, done, with
the report as evidence; from a private item, a private one is not.

Written through the services, dated back from now, without emails.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from governors.actions import services as actions
from governors.actions.demo import evidence_document
from governors.actions.rules import ActionStatus
from governors.agendas.models import AgendaItem, AgendaVersion
from governors.agendas.rules import Part
from governors.bodies.services import council as council_body
from governors.demo import DemoCouncil
from governors.extensions import db
from governors.meetings.kinds import MeetingKind
from governors.meetings.models import Meeting
from governors.people.models import Role, User
from governors.questions import services
from governors.questions.models import Question
from governors.timeutil import utcnow

GOVERNOR = "governor@example.org"
LEAD_GOVERNOR = "lead.governor@example.org"
SU_GOVERNOR = "su.governor@example.org"
SECRETARY = "secretary@example.org"
CHIEF_EXECUTIVE = "Dr Fiona Marsh, Chief Executive"
# The people demo's directors the questions are put to (any three will do).
DIRECTORS = ("Richard Penrose", "Dr Nkechi Obi", "Alison Grant")


def latest_published_meeting() -> tuple[Meeting, AgendaVersion] | None:
    """The latest Council meeting held in public, going ahead, with a published agenda."""
    meeting = db.session.scalar(
        sa.select(Meeting)
        .join(AgendaVersion, AgendaVersion.meeting_id == Meeting.id)
        .where(
            Meeting.cancelled_at.is_(None),
            Meeting.kind.in_(MeetingKind.where(lambda meaning: meaning.public)),
        )
        .order_by(Meeting.starts_at.desc())
        .limit(1)
    )
    if meeting is None:
        return None
    version = db.session.scalar(
        sa.select(AgendaVersion)
        .where(AgendaVersion.meeting_id == meeting.id)
        .order_by(AgendaVersion.number.desc())
        .limit(1)
    )
    return meeting, version


def _item(version: AgendaVersion, part: str) -> AgendaItem | None:
    """The first item of business (not a standing item) the version shows in ``part``."""
    ids = [entry["item_id"] for entry in version.frozen.items if entry["part"] == part]
    items = {
        item.id: item
        for item in db.session.scalars(sa.select(AgendaItem).where(AgendaItem.id.in_(ids)))
    }
    return next(
        (items[i] for i in ids if i in items and not items[i].standing),
        next((items[i] for i in ids if i in items), None),
    )


def _between(start: datetime, end: datetime, fraction: float) -> datetime:
    return start + (end - start) * fraction


def _follow_up(secretary: User, owner: User, question: Question, now: datetime) -> None:
    """The chain no meeting tool keeps: the answer's promise became an action, now done,
    with the report as evidence."""
    today = now.date()
    action = actions.raise_action(
        secretary,
        actions.ActionDetails(
            description="Send governors the monthly figures for memory clinic waits",
            due_on=today,
            owners=[actions.Owner(user_id=owner.id)],
        ),
        body=question.meeting.body if question.meeting else council_body(),
        question=question,
        notify=False,
        today=today,
    )
    actions.update_progress(
        secretary,
        action,
        actions.Progress(
            status=ActionStatus.DONE,
            outcome="The first month's figures went to every governor with the Quality "
            "Committee's report.",
            evidence=evidence_document(secretary, "Memory clinic waits, first monthly report"),
        ),
    )


def load(council: DemoCouncil) -> None:
    people = council.people
    if not {GOVERNOR, LEAD_GOVERNOR, SU_GOVERNOR, SECRETARY} <= set(people):
        return
    governor, lead, su = people[GOVERNOR], people[LEAD_GOVERNOR], people[SU_GOVERNOR]
    secretary = people[SECRETARY]
    directors = sorted(
        (p for p in people.values() if p.has_role(Role.NED)), key=lambda p: (p.name, p.id)
    )
    if len(directors) < 3:
        return
    by_name = {director.name: director for director in directors}
    penrose, obi, grant = (
        by_name.get(name, fallback) for name, fallback in zip(DIRECTORS, directors, strict=False)
    )
    now = utcnow()

    def days_ago(days: float) -> datetime:
        return now - timedelta(days=days)

    # Waiting to be passed on.
    services.ask(
        lead,
        "What is the board doing to recruit and keep community nurses in the Dunmore Coast "
        "area, where vacancies have been high all year?",
        public=True,
        at=days_ago(1),
        notify=False,
    )

    # Passed to a director, answer not yet due.
    routed = services.ask(
        governor,
        "As chair of the Audit Committee, are you assured that the trust's cyber security "
        "training is reaching staff who work in the community?",
        to_ned=penrose,
        at=days_ago(6),
        notify=False,
    )
    services.route(secretary, routed, penrose, at=days_ago(5), notify=False)

    # Answered in time; she said it answered her question.
    accepted = services.ask(
        governor,
        "How do the non-executive directors check that complaints from carers are answered "
        "within the trust's 25 working days?",
        to_ned=obi,
        at=days_ago(40),
        notify=False,
    )
    services.route(secretary, accepted, obi, at=days_ago(39), notify=False)
    services.answer(
        obi,
        accepted,
        "The Quality Committee, which I chair, sees every month how many complaints were "
        "answered in time, with carers' complaints shown on their own since April. Where a "
        "reply is late, the committee asks the service why and what it is doing about it.",
        at=days_ago(30),
        notify=False,
    )
    services.give_verdict(governor, accepted, True, at=days_ago(29))

    # Answered for the board, but it did not answer her question: a follow-up, passed on.
    board = services.ask(
        su,
        "When will people using the trust's services be able to see their own care plan online?",
        at=days_ago(35),
        notify=False,
    )
    services.route(secretary, board, None, at=days_ago(34), notify=False)
    services.answer(
        secretary,
        board,
        "The trust is replacing its patient record system over the next two years. Giving "
        "people access to their own records is one of the aims of the programme.",
        answered_by_name=CHIEF_EXECUTIVE,
        at=days_ago(20),
        notify=False,
    )
    services.give_verdict(
        su,
        board,
        False,
        "It does not say when. I asked for a date, or at least which year.",
        at=days_ago(18),
    )
    follow_up = services.ask(
        su,
        f"Following up question {board.id}: in which year will people first be able to "
        "see their care plan online?",
        follow_up_of=board,
        at=days_ago(17),
        notify=False,
    )
    services.route(secretary, follow_up, None, at=days_ago(16), notify=False)

    # Late: passed on a month ago, due ten days ago, not answered.
    late = services.ask(
        lead,
        "What has the board learned from the staff survey about bullying on inpatient "
        "wards, and what will change as a result?",
        to_ned=grant,
        public=True,
        at=days_ago(31),
        notify=False,
    )
    services.route(secretary, late, grant, at=days_ago(30), notify=False)

    found = latest_published_meeting()
    if found is None:
        db.session.flush()
        return
    _meeting, version = found
    start = max(version.published_at, days_ago(12))

    # Public, answered, from an item of the latest published agenda.
    item = _item(version, Part.PUBLIC)
    if item is not None:
        public = services.ask(
            governor,
            "The report says waiting times for memory assessment have risen. How many "
            "people are waiting longer than the 6-week standard, and when will that fall?",
            item=item,
            public=True,
            at=_between(start, now, 0.1),
            notify=False,
        )
        services.route(secretary, public, None, at=_between(start, now, 0.2), notify=False)
        services.answer(
            secretary,
            public,
            "At the end of last month 212 people had waited longer than 6 weeks. Two new "
            "memory nurses start next month, and we expect the number to halve by the end "
            "of the year. The Quality Committee will check progress each month.",
            answered_by_name=CHIEF_EXECUTIVE,
            at=_between(start, now, 0.5),
            notify=False,
        )
        services.give_verdict(governor, public, True, at=_between(start, now, 0.7))
        _follow_up(secretary, secretary, public, now)

    # Private: from an item of the private part, answered, never published.
    private_item = _item(version, Part.PRIVATE)
    private = services.ask(
        lead,
        "Before the Council discusses this in private, can the board say which other "
        "options it considered, and why it turned them down?",
        to_ned=penrose,
        item=private_item,
        at=_between(start, now, 0.15),
        notify=False,
    )
    services.route(secretary, private, penrose, at=_between(start, now, 0.25), notify=False)
    services.answer(
        penrose,
        private,
        "Three options were considered. The two not chosen could not start before next "
        "April. The board's private minutes record how each was scored.",
        at=_between(start, now, 0.6),
        notify=False,
    )
    db.session.flush()
