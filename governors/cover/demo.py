"""Demo cover: a service user governor who is not available, and the cover arranged for
their seat; and a seat left vacant because nobody suitable is free.

Runs after the bodies and attendance demos. Leon Wright, a service user governor on the
Service User and Carer Experience Committee, is not available for about six weeks: the
secretary recorded it with his agreement, with a private note only he and she can read.
His apologies go to the meetings he would attend. For the committee's next meeting its
first pre-agreed deputy, Niamh Gallagher, was asked and could not come; Donna Price, asked
next, said yes, so the register shows her as present as his deputy. The committee's rule
is that substitutes are named by noon on the working day before.

The carer seat's holder, Susan Clarke, is away until further notice, and the other carer
governors are away on the day of that meeting too (or their term ends before it): so there
is no suitable substitute, and the meeting and its agenda say the carer governor seat is
vacant.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from governors.bodies.models import Body
from governors.cover import arranging
from governors.cover.models import CoverNeed, CoverStatus, Unavailability
from governors.cover.rules import NoticeRule
from governors.cover.services import record_unavailability
from governors.demo import DemoCouncil
from governors.extensions import db
from governors.meetings.models import Meeting
from governors.outbox.models import OutboxMessage
from governors.people.models import Role, User
from governors.timeutil import utcnow

EXPERIENCE = "Service User and Carer Experience Committee"
NOTE = (
    "Leon's care coordinator says he should rest for a few weeks. He would like a call, "
    "not email, and is happy to hear how the committee went."
)


def _person(council: DemoCouncil, name: str) -> User | None:
    return next((p for p in council.people.values() if p.name == name), None)


def _next_meeting(body: Body) -> Meeting | None:
    return db.session.scalar(
        sa.select(Meeting)
        .where(
            Meeting.body_id == body.id,
            Meeting.cancelled_at.is_(None),
            Meeting.starts_at > utcnow(),
        )
        .order_by(Meeting.starts_at)
        .limit(1)
    )


def _need(meeting: Meeting, person: User) -> CoverNeed | None:
    return db.session.scalar(
        sa.select(CoverNeed).where(
            CoverNeed.meeting_id == meeting.id, CoverNeed.absent_id == person.id
        )
    )


def load(council: DemoCouncil) -> None:
    people = list(council.people.values())
    secretary = next((p for p in people if p.has_role(Role.SECRETARY)), None)
    body = db.session.scalar(sa.select(Body).where(Body.name == EXPERIENCE))
    names = ("Leon Wright", "Niamh Gallagher", "Donna Price", "Robert Hughes")
    found = {name: _person(council, name) for name in names}
    if secretary is None or body is None or None in found.values():
        return
    meeting = _next_meeting(body)
    if meeting is None:
        return
    body.substitute_notice = NoticeRule.NOON_PREVIOUS_WORKING_DAY.value
    today = council.today
    leon, niamh, donna = found["Leon Wright"], found["Niamh Gallagher"], found["Donna Price"]
    # This is made-up history: the emails the services queue are taken back at the end.
    db.session.flush()
    last_email = db.session.scalar(sa.select(sa.func.max(OutboxMessage.id))) or 0

    # Cover arranged: the first deputy could not come, the second said yes.
    record_unavailability(
        secretary,
        leon,
        starts_on=today - timedelta(days=2),
        ends_on=meeting.day + timedelta(days=14),
        note=NOTE,
        consent_noted=True,
    )
    need = _need(meeting, leon)
    if need is not None and need.status == CoverStatus.OPEN:
        asked_at = utcnow() - timedelta(hours=3)
        first = arranging.ask(secretary, need, niamh.id, answer_hours=24, now=asked_at)
        arranging.answer(first, accept=False, now=asked_at + timedelta(hours=1))
        second = next((o for o in need.offers if o.candidate_id == donna.id), None)
        if second is not None and second.status == "asked":
            arranging.answer(second, accept=True, now=asked_at + timedelta(hours=2))

    # No suitable substitute: the other carer governors are away that day too.
    for name in ("Robert Hughes", "Oluwaseun Adeyemi"):
        person = _person(council, name)
        if person is not None:
            record_unavailability(
                person, person, starts_on=meeting.day, ends_on=meeting.day, plan=False
            )
    susan = _person(council, "Susan Clarke")
    periods = (
        db.session.scalars(sa.select(Unavailability).where(Unavailability.user_id == susan.id))
        if susan is not None
        else []
    )
    for period in periods:
        # Her period was recorded before the committees' meetings were in the calendar.
        arranging.plan_cover(secretary, period)
    db.session.flush()
    db.session.execute(sa.delete(OutboxMessage).where(OutboxMessage.id > last_email))
