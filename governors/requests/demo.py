"""Demo agenda requests in every state, around the meetings the meetings demo made.

Past Council meetings get requests that were accepted (one of them late, at the chair's
discretion), declined, deferred to the next meeting and then accepted there, withdrawn,
and one late request nobody answered. The next meetings get an overdue request, a
private item already accepted, a deferral to a named later meeting, a request the chair
asked more about, a service user governor's request with support asked to present it
and papers only one of which may be published, and fresh requests.
Everything is written through the services with receipt and decision times set to fit
the meeting dates; no email is queued for this history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from governors.agendas.demo import stored_pdf
from governors.agendas.rules import Part, Purpose
from governors.demo import DemoCouncil
from governors.extensions import db
from governors.meetings.kinds import MeetingKind
from governors.meetings.models import Meeting
from governors.people.models import Role, User
from governors.requests import services
from governors.requests.models import AgendaRequest
from governors.requests.rules import Presenter
from governors.timeutil import local_to_utc

GOVERNOR = "governor@example.org"
SERVICE_USER_GOVERNOR = "su.governor@example.org"
CHAIR = "chair@example.org"
SECRETARY = "secretary@example.org"


@dataclass(frozen=True)
class Proposal:
    title: str
    purpose: str
    note_to_chair: str
    session: str = Part.PUBLIC
    private_reason: str | None = None


def _at(day: date, hour: int, minute: int) -> datetime:
    return local_to_utc(day, time(hour, minute))


def _submit(
    proposer: User,
    meeting: Meeting,
    proposal: Proposal,
    received_at: datetime,
    *,
    presenter_choice: str = Presenter.SELF,
    papers: tuple[services.PaperChoice, ...] = (),
) -> AgendaRequest:
    return services.submit_request(
        proposer,
        meeting=meeting,
        title=proposal.title,
        purpose=proposal.purpose,
        session=proposal.session,
        private_reason=proposal.private_reason,
        note_to_chair=proposal.note_to_chair,
        presenter_choice=presenter_choice,
        papers=papers,
        received_at=received_at,
        notify=False,
    )


def _governors(council: DemoCouncil) -> dict[str, list[User]]:
    """Governors by constituency, in a fixed order, leaving out the named demo sign-ins."""
    named = {GOVERNOR, SERVICE_USER_GOVERNOR, "lead.governor@example.org"}
    found: dict[str, list[User]] = {}
    for email in sorted(council.people):
        person = council.people[email]
        if email in named or not person.active or not person.has_role(Role.GOVERNOR):
            continue
        if person.governor_profile is not None:
            found.setdefault(person.governor_profile.constituency, []).append(person)
    return found


def _pick(governors: dict[str, list[User]], constituency: str, fallback: User) -> User:
    people = governors.get(constituency) or [p for group in governors.values() for p in group]
    return people[0] if people else fallback


def load(council: DemoCouncil) -> None:
    meetings = list(
        db.session.scalars(
            sa.select(Meeting)
            .where(Meeting.kind == MeetingKind.ORDINARY.value, Meeting.cancelled_at.is_(None))
            .order_by(Meeting.starts_at)
        )
    )
    if not meetings:
        return
    people = council.people
    if GOVERNOR not in people or CHAIR not in people:
        return
    today = council.today
    past = [m for m in meetings if m.day < today]
    upcoming = [m for m in meetings if m.day > today]
    helen = people[GOVERNOR]
    chloe = people.get(SERVICE_USER_GOVERNOR, helen)
    chair = people[CHAIR]
    secretary = people.get(SECRETARY, chair)
    governors = _governors(council)
    carer = _pick(governors, "carer", helen)
    staff = _pick(governors, "staff", helen)
    public = _pick(governors, "public", helen)
    appointed = _pick(governors, "appointed", helen)

    if len(past) >= 3:
        _past_business(past[-3:], upcoming, chair, secretary, helen, chloe, carer, staff, public)
    if upcoming:
        _coming_business(upcoming, today, chair, helen, chloe, public, appointed)


def _past_business(
    past: list[Meeting],
    upcoming: list[Meeting],
    chair: User,
    secretary: User,
    helen: User,
    chloe: User,
    carer: User,
    staff: User,
    public: User,
) -> None:
    first, second, third = past

    recruitment = _submit(
        chloe,
        first,
        Proposal(
            "Service user involvement in recruitment panels",
            Purpose.DECIDE,
            "Service users sat on only two of the last twelve interview panels for senior "
            "clinical posts. I would like the Council to ask the board to make a service "
            "user seat on these panels the normal practice, with training and expenses "
            "paid.",
        ),
        _at(first.day - timedelta(days=24), 10, 41),
    )
    services.accept_request(
        chair,
        recruitment,
        part=Part.PUBLIC,
        reason="Fits with the workforce report the Council receives at this meeting.",
        at=_at(first.day - timedelta(days=17), 15, 5),
        notify=False,
    )

    parking = _submit(
        helen,
        first,
        Proposal(
            "Car parking charges for carers",
            Purpose.DISCUSS,
            "Carers who visit every day pay the full hospital parking charge. Several "
            "carers have told me it costs them more than £60 a month. Other trusts give "
            "carers a free or reduced permit.",
        ),
        _at(first.day - timedelta(days=19), 19, 12),
    )
    services.defer_request(
        chair,
        parking,
        to_meeting=second,
        reason="The board reviews parking charges next month. The Council can discuss the "
        "item with the board's proposals in front of it.",
        at=_at(first.day - timedelta(days=8), 11, 30),
        notify=False,
    )
    services.accept_request(
        chair,
        parking,
        part=Part.PUBLIC,
        at=_at(second.day - timedelta(days=15), 9, 50),
        notify=False,
    )

    visits = _submit(
        staff,
        first,
        Proposal(
            "Governor visits to inpatient wards",
            Purpose.DISCUSS,
            "Governors have not been able to visit wards since the visiting programme was "
            "paused. I would like to discuss restarting it.",
        ),
        _at(first.day - timedelta(days=21), 8, 55),
    )
    services.withdraw_request(
        staff, visits, at=_at(first.day - timedelta(days=16), 13, 20), notify=False
    )

    interpreting = _submit(
        public,
        second,
        Proposal(
            "Interpreting services for outpatient appointments",
            Purpose.DISCUSS,
            "Patients whose first language is not English are being asked to bring family "
            "members to interpret. Members have raised this at two constituency meetings.",
        ),
        _at(second.day - timedelta(days=6), 16, 48),
    )
    services.accept_request(
        chair,
        interpreting,
        part=Part.PUBLIC,
        reason="The interpreting contract is renewed before the next meeting, so waiting "
        "would leave governors no say in it.",
        at=_at(second.day - timedelta(days=4), 10, 15),
        notify=False,
    )

    mileage = _submit(
        carer,
        second,
        Proposal(
            "Mileage rates for volunteer drivers",
            Purpose.DECIDE,
            "Volunteer drivers who take patients to appointments say the mileage rate no "
            "longer covers the cost of fuel.",
        ),
        _at(second.day - timedelta(days=20), 14, 2),
    )
    services.decline_request(
        secretary,
        mileage,
        reason="Mileage rates for volunteers follow the national rate, so the Council "
        "cannot change them. The chair will ask the volunteer service for an update and "
        "share it with all governors.",
        at=_at(second.day - timedelta(days=12), 12, 40),
        notify=False,
    )

    forum = _submit(
        carer,
        third,
        Proposal(
            "Feedback from the carers' forum",
            Purpose.NOTE,
            "A summary of what carers said at the forum in the spring: discharge "
            "planning, being told about medication changes, and out-of-hours contacts.",
        ),
        _at(third.day - timedelta(days=26), 11, 8),
    )
    services.accept_request(
        chair,
        forum,
        part=Part.PUBLIC,
        at=_at(third.day - timedelta(days=19), 16, 0),
        notify=False,
    )

    # Sent late and never answered: what the queue and the digest exist to catch.
    _submit(
        chloe,
        third,
        Proposal(
            "Access to crisis support out of hours",
            Purpose.DISCUSS,
            "Two service users have told me the crisis line did not answer at night last "
            "month. I would like governors to ask how the service is staffed after 10pm.",
        ),
        _at(third.day - timedelta(days=4), 21, 37),
    )


def _coming_business(
    upcoming: list[Meeting],
    today: date,
    chair: User,
    helen: User,
    chloe: User,
    public: User,
    appointed: User,
) -> None:
    soonest = upcoming[0]
    # Received three weeks ago and still unanswered, so the answer is overdue.
    _submit(
        helen,
        soonest,
        Proposal(
            "Waiting times for community mental health assessments",
            Purpose.DISCUSS,
            "People referred to the community mental health teams in the east of the "
            "county wait over 18 weeks for a first assessment, against a target of 4. I "
            "would like governors to hear what the trust is doing about it and by when.",
        ),
        _at(today - timedelta(days=21), 14, 2),
    )

    garden = _submit(
        chloe,
        soonest,
        Proposal(
            "Closure of the Ward 7 therapy garden",
            Purpose.DISCUSS,
            "The therapy garden on Ward 7 is due to close for building work with no date "
            "to reopen. Patients use it every day. I would like to know what will replace "
            "it.",
            session=Part.PRIVATE,
            private_reason="Staff consultation is still going on, and the paper names the "
            "ward team.",
        ),
        _at(today - timedelta(days=9), 10, 26),
    )
    services.accept_request(
        chair,
        garden,
        part=Part.PRIVATE,
        minutes_allowed=15,
        description="What will replace the Ward 7 therapy garden while the building work goes on.",
        at=_at(today - timedelta(days=3), 17, 10),
        notify=False,
    )

    night_food = _submit(
        public,
        soonest,
        Proposal(
            "Food and drink for patients on the wards at night",
            Purpose.DISCUSS,
            "Patients admitted in the evening have told members there is nothing to eat "
            "until breakfast.",
        ),
        _at(today - timedelta(days=4), 9, 14),
    )
    services.ask_for_more(
        chair,
        night_food,
        question="Which wards have members told you about? I would like to ask the "
        "catering team for their side first.",
        at=_at(today - timedelta(days=2), 11, 40),
        notify=False,
    )

    # A service user governor asks for support to present, with a paper they agree may be
    # published and one that is for the chair only.
    survey = stored_pdf(
        chloe,
        "Peer support survey",
        "Peer support survey.pdf",
        "Forty-two people who use the crisis service answered our survey.",
        "Most said a peer support worker helped them more than anything else.",
    )
    quotes = stored_pdf(
        chloe,
        "What people told us",
        "What people told us.pdf",
        "Quotes from people who answered the survey, with their first names.",
    )
    _submit(
        chloe,
        soonest,
        Proposal(
            "Peer support workers in the crisis service",
            Purpose.DISCUSS,
            "People who use the crisis service say peer support workers help most. There "
            "are only two for the whole county. I would like the Council to ask the board "
            "how many more are planned.",
        ),
        _at(today - timedelta(days=5), 16, 45),
        presenter_choice=Presenter.SUPPORT,
        papers=(services.PaperChoice(survey, True), services.PaperChoice(quotes, False)),
    )

    if len(upcoming) < 2:
        return
    following = upcoming[1]
    letters = _submit(
        appointed,
        soonest,
        Proposal(
            "Digital appointment letters and people without smartphones",
            Purpose.DISCUSS,
            "The move to digital appointment letters is leaving some older patients "
            "without their letters.",
        ),
        _at(today - timedelta(days=15), 15, 33),
    )
    services.defer_request(
        chair,
        letters,
        to_meeting=following,
        reason="The digital letters pilot reports to the board before the following "
        "meeting. The Council can discuss it with the results.",
        at=_at(today - timedelta(days=6), 9, 5),
        notify=False,
    )
    _submit(
        helen,
        following,
        Proposal(
            "Translation of patient leaflets",
            Purpose.NOTE,
            "Members have asked which patient leaflets are available in other languages "
            "and in easy read.",
        ),
        _at(today - timedelta(days=1), 18, 20),
    )
