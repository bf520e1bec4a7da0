"""Demo bodies: the Council's committees, a sub-committee, a working group and a panel.

Runs after the agendas demo (the Council's agendas already published). Sets up four
committees under the Council, each with a chair and terms of reference: nominations and
remuneration (closed, chaired by the trust chair), membership and engagement (meets in
public), service user and carer experience (chaired by a service user governor) and its
recovery sub-committee; a quality working group whose terms are due for review; and a
recruitment panel for a non-executive director whose service user seat nobody holds. Seats
have pre-agreed deputies, and the carer seat's only holder is away until further notice,
so the panel and that committee are flagged for the secretary (as is the working group).
There are join requests waiting, accepted and declined.

Each committee meets every thirteen weeks, from about nine months ago to a few months
ahead; the agendas of its most recent and next meetings are published. The Membership and
Engagement Committee's report from its last meeting goes on the next Council agenda, which
is published again.

Everything is written through the services and dated from ``council.today``, without
emails: this is made-up history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from governors.agendas import services as agendas
from governors.agendas.rules import Part, Purpose
from governors.bodies import services
from governors.bodies.models import Body, Seat
from governors.bodies.rules import BodyKind, MemberRole, Requirement
from governors.cover.services import record_unavailability
from governors.demo import DemoCouncil
from governors.extensions import db
from governors.meetings.kinds import MeetingKind
from governors.meetings.models import Meeting
from governors.meetings.services import MeetingDetails, schedule_meeting
from governors.people.models import Role, User
from governors.timeutil import format_date, local_to_utc, utcnow

NOMINATIONS = "Nominations and Remuneration Committee"
MEMBERSHIP = "Membership and Engagement Committee"
EXPERIENCE = "Service User and Carer Experience Committee"
RECOVERY = "Recovery Sub-committee"
QUALITY = "Quality Working Group"
PANEL = "Recruitment Panel: Non-executive Director (Finance)"

CHAIR = "chair@example.org"
GOVERNOR = "governor@example.org"
LEAD_GOVERNOR = "lead.governor@example.org"

COMMITTEE_ROOM = "Committee Room 2, Trust Headquarters"
BOARDROOM = "Boardroom, Trust Headquarters"
TEAMS = "https://teams.microsoft.com/l/meetup-join/"
MON, TUE, WED, THU, FRI = range(5)
# Committees meet every thirteen weeks, so always on the same day of the week.
EVERY = timedelta(weeks=13)
# Meetings further ahead than this are not yet in the calendar: each committee has its
# next meeting and the one after.
AHEAD = 140


@dataclass(frozen=True)
class Cycle:
    """When and where a committee meets: its next meeting is the first ``weekday`` at least
    ``days_ahead`` days after today, and the others thirteen weeks apart."""

    weekday: int
    days_ahead: int
    start: time
    end: time
    place: str | None
    video_link: str | None
    notes: str | None = None


@dataclass(frozen=True)
class Business:
    title: str
    purpose: str
    presenter: str
    minutes: int
    description: str
    part: str = Part.PUBLIC
    # The body whose report this is (by name), for a report with no meeting of its own.
    report_from: str | None = None


# On the next agenda of the Service User and Carer Experience Committee.
RECOVERY_REPORT = Business(
    f"Report from the {RECOVERY}",
    Purpose.NOTE,
    "Marcus Thompson, Chair of the sub-committee",
    10,
    "What the sub-committee discussed at its last meeting: next term's Recovery College "
    "courses and the peer support workers.",
)

CYCLES = {
    NOMINATIONS: Cycle(
        TUE,
        12,
        time(10, 0),
        time(12, 0),
        COMMITTEE_ROOM,
        TEAMS + "nominations-remuneration-demo",
        "Papers are confidential to members until the Council has decided.",
    ),
    MEMBERSHIP: Cycle(
        WED,
        26,
        time(14, 0),
        time(15, 30),
        "Castlebridge Community Hub, Market Street",
        TEAMS + "membership-engagement-demo",
        "Open to members of the trust and the public. Step-free access from Market Street.",
    ),
    EXPERIENCE: Cycle(
        MON,
        19,
        time(13, 30),
        time(15, 30),
        "Recovery College, Elmsford Resource Centre",
        TEAMS + "service-user-carer-experience-demo",
        "Involvement payments and travel expenses are paid to service user and carer members.",
    ),
    RECOVERY: Cycle(
        FRI,
        33,
        time(10, 30),
        time(12, 0),
        None,
        TEAMS + "recovery-sub-committee-demo",
        "Held on Teams. Ask the secretary for a laptop loan or help to join.",
    ),
}


def _on_or_after(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _people(council: DemoCouncil) -> dict[str, User]:
    """Everyone who can sign in, by name."""
    return {person.name: person for person in council.people.values()}


def _starts(person: User, wanted: date) -> date:
    """A place that starts on ``wanted``, or when the governor's term began if later."""
    profile = person.governor_profile
    if profile is not None and profile.term_start and profile.term_start > wanted:
        return profile.term_start
    return wanted


class _Builder:
    """Adds members to a body through the services, as the secretary."""

    def __init__(self, secretary: User, today: date) -> None:
        self.secretary = secretary
        self.today = today

    def body(
        self,
        name: str,
        kind: BodyKind,
        parent: Body,
        remit: str,
        *,
        remit_review_in: int | None,
        membership_review_in: int,
        open_to_public: bool = False,
        chair_builds_agenda: bool = False,
        quorum: tuple[int, int, int] = (1, 3, 0),
        elected_minimum: int = 0,
    ) -> Body:
        numerator, denominator, minimum = quorum
        return services.create_body(
            self.secretary,
            services.BodyDetails(
                name=name,
                kind=kind,
                parent_id=parent.id,
                remit=remit,
                remit_review_on=(
                    self.today + timedelta(days=remit_review_in)
                    if remit_review_in is not None
                    else None
                ),
                open_to_public=open_to_public,
                chair_builds_agenda=chair_builds_agenda,
                membership_review_on=self.today + timedelta(days=membership_review_in),
                quorum_numerator=numerator,
                quorum_denominator=denominator,
                quorum_minimum=minimum,
                quorum_elected_minimum=elected_minimum,
            ),
        )

    def member(
        self,
        body: Body,
        person: User,
        role: MemberRole = MemberRole.MEMBER,
        *,
        seat: Seat | None = None,
        days_ago: int = 400,
    ) -> None:
        services.add_member(
            self.secretary,
            body,
            role=role,
            user=person,
            seat=seat,
            starts_on=_starts(person, self.today - timedelta(days=days_ago)),
            notify=False,
        )

    def external(self, body: Body, name: str, description: str, *, days_ago: int) -> None:
        services.add_member(
            self.secretary,
            body,
            name=name,
            description=description,
            role=MemberRole.IN_ATTENDANCE,
            starts_on=self.today - timedelta(days=days_ago),
            notify=False,
        )

    def deputies(self, seat: Seat, *people: User) -> None:
        for person in people:
            services.add_deputy(self.secretary, seat, person)


def _bodies(build: _Builder, who: dict[str, User], chair: User) -> dict[str, Body]:
    council = services.council()
    bodies: dict[str, Body] = {}

    nominations = bodies[NOMINATIONS] = build.body(
        NOMINATIONS,
        BodyKind.COMMITTEE,
        council,
        "Leads the search for, and recommends to the Council, the appointment of the chair "
        "and the non-executive directors. Each year it reviews their remuneration and terms "
        "and oversees their appraisals, and recommends any change to the Council. It "
        "recommends; the Council decides.",
        remit_review_in=240,
        membership_review_in=160,
        quorum=(1, 2, 3),
        elected_minimum=2,
    )
    public = services.add_seat(build.secretary, nominations, Requirement.PUBLIC_GOVERNOR, 2)
    staff = services.add_seat(build.secretary, nominations, Requirement.STAFF_GOVERNOR, 1)
    build.member(nominations, chair, MemberRole.CHAIR, days_ago=700)
    build.member(nominations, who["David Okoro"], MemberRole.VICE_CHAIR, seat=public)
    build.member(nominations, who["Siobhan Murphy"], seat=public, days_ago=330)
    build.member(nominations, who["Dr Sanjay Mehta"], seat=staff, days_ago=520)
    build.member(nominations, who["Professor Alan Graves"], days_ago=610)
    build.member(nominations, who["Richard Penrose"], MemberRole.IN_ATTENDANCE, days_ago=700)
    build.deputies(public, who["Gareth Williams"])
    build.deputies(staff, who["Amanda Foster"])

    membership = bodies[MEMBERSHIP] = build.body(
        MEMBERSHIP,
        BodyKind.COMMITTEE,
        council,
        "Plans how governors hear from the trust's members and the public, and how they "
        "report back. It oversees the membership strategy, the members' events and "
        "newsletter, and the plans to recruit members from communities the trust hears "
        "from least. It reports to each Council meeting.",
        remit_review_in=300,
        membership_review_in=210,
        open_to_public=True,
        chair_builds_agenda=True,
    )
    public = services.add_seat(build.secretary, membership, Requirement.PUBLIC_GOVERNOR, 2)
    service_user = services.add_seat(
        build.secretary, membership, Requirement.SERVICE_USER_GOVERNOR, 1
    )
    build.member(membership, who["David Okoro"], MemberRole.CHAIR, seat=public, days_ago=560)
    build.member(membership, who["Fatima Hussain"], MemberRole.VICE_CHAIR, seat=public)
    build.member(membership, who["Aisha Begum"], seat=service_user, days_ago=300)
    build.member(membership, who["Eleanor Whitfield"], days_ago=480)
    build.member(membership, who["Kwame Mensah"], days_ago=60)
    build.member(membership, who["Laura Jenkins"], days_ago=250)
    build.member(membership, who["Yvonne Campbell"], days_ago=520)
    build.member(membership, who["Emma Sutton"], MemberRole.IN_ATTENDANCE, days_ago=560)
    build.deputies(service_user, who["Callum Reid"])

    experience = bodies[EXPERIENCE] = build.body(
        EXPERIENCE,
        BodyKind.COMMITTEE,
        council,
        "Makes sure the Council hears directly what service users and carers say about the "
        "trust's services. It reviews the patient experience and complaints reports, the "
        "carers' charter and the Triangle of Care, and asks the board for changes. At least "
        "two of its members are service user governors and one a carer governor.",
        remit_review_in=180,
        membership_review_in=120,
        quorum=(1, 3, 3),
    )
    service_users = services.add_seat(
        build.secretary, experience, Requirement.SERVICE_USER_GOVERNOR, 2
    )
    carer = services.add_seat(build.secretary, experience, Requirement.CARER_GOVERNOR, 1)
    build.member(
        experience, who["Chloe Bennett"], MemberRole.CHAIR, seat=service_users, days_ago=390
    )
    build.member(experience, who["Dr Hannah Lowe"], MemberRole.VICE_CHAIR, days_ago=300)
    build.member(experience, who["Leon Wright"], seat=service_users, days_ago=410)
    build.member(experience, who["Susan Clarke"], seat=carer, days_ago=450)
    build.member(experience, who["Joanne Fletcher"], days_ago=230)
    build.member(experience, who["Niamh Gallagher"], MemberRole.DEPUTY, days_ago=200)
    build.member(experience, who["Deborah Walsh"], MemberRole.IN_ATTENDANCE, days_ago=450)
    build.deputies(service_users, who["Niamh Gallagher"], who["Donna Price"])
    build.deputies(carer, who["Robert Hughes"])

    recovery = bodies[RECOVERY] = build.body(
        RECOVERY,
        BodyKind.SUB_COMMITTEE,
        experience,
        "A small working group of the Service User and Carer Experience Committee. It works "
        "with the Recovery College and the peer support service on courses written with "
        "service users, and reports to each meeting of the committee. It makes no "
        "decisions of its own.",
        remit_review_in=200,
        membership_review_in=140,
        chair_builds_agenda=True,
    )
    service_user = services.add_seat(
        build.secretary, recovery, Requirement.SERVICE_USER_GOVERNOR, 1
    )
    build.member(recovery, who["Marcus Thompson"], MemberRole.CHAIR, seat=service_user)
    build.member(recovery, who["Tom Harrison"], days_ago=380)
    build.member(recovery, who["Oluwaseun Adeyemi"], days_ago=350)
    build.member(recovery, who["Kevin Doyle"], days_ago=120)
    build.external(recovery, "Jo Whitaker", "Recovery College manager", days_ago=380)
    build.deputies(service_user, who["Priya Nair"])

    quality = bodies[QUALITY] = build.body(
        QUALITY,
        BodyKind.WORKING_GROUP,
        council,
        "Looks at the trust's quality account before it is published each year and chooses, "
        "with members, the local quality indicator governors ask the auditors to test. It "
        "meets as the quality account is drafted and reports to the Council.",
        # Due for review: the Council asked for a year's trial, which is nearly over.
        remit_review_in=21,
        membership_review_in=250,
    )
    build.member(quality, who["Imran Qureshi"], MemberRole.CHAIR, days_ago=330)
    build.member(quality, who["Amanda Foster"], MemberRole.VICE_CHAIR, days_ago=330)
    build.member(quality, who["Cllr Patricia Moore"], days_ago=330)
    build.member(quality, who["Callum Reid"], days_ago=200)
    build.member(quality, who["Dr Anil Kapoor"], MemberRole.IN_ATTENDANCE, days_ago=330)

    panel = bodies[PANEL] = build.body(
        PANEL,
        BodyKind.PANEL,
        nominations,
        "Shortlists and interviews candidates for the non-executive director post with "
        "finance experience, who will chair the audit committee. It recommends a candidate "
        "to the Nominations and Remuneration Committee, which recommends the appointment to "
        "the Council. The panel stands down once the appointment is made.",
        remit_review_in=None,
        membership_review_in=90,
        quorum=(2, 3, 3),
    )
    # The service user seat stays empty: the governor who held it has stood down, and
    # only a deputy is agreed.
    service_user = services.add_seat(build.secretary, panel, Requirement.SERVICE_USER_GOVERNOR)
    public = services.add_seat(build.secretary, panel, Requirement.PUBLIC_GOVERNOR)
    build.member(panel, chair, MemberRole.CHAIR, days_ago=35)
    build.member(panel, who["Gareth Williams"], seat=public, days_ago=35)
    build.member(panel, who["Sarah Lindqvist"], days_ago=35)
    build.external(panel, "Graham Fielding", "Independent HR adviser", days_ago=35)
    build.deputies(service_user, who["Priya Nair"])
    return bodies


def _join_requests(secretary: User, council: DemoCouncil, bodies: dict[str, Body]) -> None:
    helen = council.person(GOVERNOR)
    declined = services.ask_to_join(
        helen,
        bodies[EXPERIENCE],
        "My father has used the trust's memory service for two years and I have learned a "
        "lot as his carer. I would like to bring that to the committee.",
        notify=False,
    )
    services.answer_join(
        secretary,
        declined,
        accept=False,
        answer="The committee's terms of reference keep its places for service user and "
        "carer governors, and you are a public governor. Any governor may attend the "
        "public part of its meetings, and the chair would welcome you at the next one.",
        notify=False,
    )
    services.ask_to_join(
        helen,
        bodies[NOMINATIONS],
        "I chaired the appointments panel of a housing association for six years and would "
        "like to help the Council choose its next non-executive directors.",
        notify=False,
    )
    rajesh = _people(council)["Rajesh Patel"]
    accepted = services.ask_to_join(
        rajesh,
        bodies[MEMBERSHIP],
        "I run a community radio programme in Elmsford and could help the committee reach "
        "people who have never heard of the trust's membership.",
        notify=False,
    )
    services.answer_join(
        secretary,
        accepted,
        accept=True,
        answer="The committee has room for another public governor, and the chair would "
        "like help with the members' events in Elmsford.",
        notify=False,
    )


def _business(name: str, who: dict[str, User], chair: User) -> tuple[list[Business], ...]:
    """Each committee's business at its most recent meeting and at its next one."""

    def presents(person: str, role: str) -> str:
        return f"{who[person].name}, {role}" if person in who else role

    if name == NOMINATIONS:
        return (
            [
                Business(
                    "Appraisals of the chair and non-executive directors",
                    Purpose.NOTE,
                    presents("Richard Penrose", "Senior Independent Director"),
                    15,
                    "The outcome of this year's appraisals, with the views governors gave "
                    "through the questionnaire.",
                ),
                Business(
                    "Non-executive director with finance experience: recruitment plan",
                    Purpose.DECIDE,
                    f"{chair.name}, Chair",
                    20,
                    "The role description, the timetable and the make-up of the recruitment "
                    "panel, for the committee to agree.",
                ),
                Business(
                    "Remuneration of the chair and non-executive directors",
                    Purpose.DECIDE,
                    presents("Richard Penrose", "Senior Independent Director"),
                    20,
                    "The national benchmarking and a proposal for the coming year, to "
                    "recommend to the Council.",
                    part=Part.PRIVATE,
                ),
            ],
            [
                Business(
                    "Review of the committee's terms of reference",
                    Purpose.DECIDE,
                    "Rachel Turner, Board Secretary",
                    10,
                    "Small changes to bring the terms into line with the new code of "
                    "governance, for the committee to recommend to the Council.",
                ),
                Business(
                    "Non-executive director with finance experience: candidate shortlist",
                    Purpose.DECIDE,
                    f"{chair.name}, Chair of the recruitment panel",
                    25,
                    "The panel's shortlist and its assessment of each candidate, for the "
                    "committee to agree who is invited to interview.",
                    part=Part.PRIVATE,
                    report_from=PANEL,
                ),
            ],
        )
    if name == MEMBERSHIP:
        return (
            [
                Business(
                    "Membership numbers and diversity: quarterly report",
                    Purpose.NOTE,
                    presents("Emma Sutton", "Director of Strategy"),
                    15,
                    "How many members the trust has in each constituency, and how they "
                    "compare with the communities it serves.",
                ),
                Business(
                    "Members' health talk on sleep and wellbeing: what members said",
                    Purpose.DISCUSS,
                    presents("Fatima Hussain", "Vice-chair"),
                    15,
                    "Feedback from the 60 members who came, and ideas for the next talk.",
                ),
                Business(
                    "Constituency meetings for the year ahead",
                    Purpose.DECIDE,
                    presents("David Okoro", "Chair"),
                    15,
                    "Where and when governors meet members in each public constituency.",
                ),
            ],
            [
                Business(
                    "Membership strategy: progress against this year's goals",
                    Purpose.DISCUSS,
                    presents("Emma Sutton", "Director of Strategy"),
                    20,
                    "The goals for recruiting young members and members from ethnic "
                    "minority communities, and what has worked so far.",
                ),
                Business(
                    "Annual members' meeting: plans",
                    Purpose.DECIDE,
                    "Rachel Turner, Board Secretary",
                    15,
                    "The venue, the market stalls and the governors' part of the programme.",
                ),
            ],
        )
    if name == EXPERIENCE:
        return (
            [
                Business(
                    "Patient experience report: what service users and carers told us",
                    Purpose.DISCUSS,
                    presents("Deborah Walsh", "Director of Nursing"),
                    25,
                    "Themes from complaints, compliments and the friends and family test, "
                    "and what the wards and teams have changed as a result.",
                ),
                Business(
                    "Carers' charter: progress",
                    Purpose.NOTE,
                    presents("Susan Clarke", "Carer governor"),
                    15,
                    "How well teams are keeping the promises in the charter, from the "
                    "carers' survey.",
                ),
            ],
            [
                Business(
                    "Triangle of Care: self-assessment of the inpatient wards",
                    Purpose.DISCUSS,
                    presents("Deborah Walsh", "Director of Nursing"),
                    25,
                    "How the wards score themselves on involving carers, and the plan for "
                    "the wards scoring lowest.",
                ),
                Business(
                    "Involvement payments for service users and carers",
                    Purpose.DECIDE,
                    presents("Chloe Bennett", "Chair"),
                    15,
                    "A proposal to pay for time spent preparing for meetings, not only for "
                    "attending them.",
                ),
            ],
        )
    return (
        [
            Business(
                "Recovery College prospectus: next term's courses",
                Purpose.DISCUSS,
                "Jo Whitaker, Recovery College manager",
                20,
                "The courses planned for next term, and which ones still need a service "
                "user or carer to write and teach them.",
            ),
            Business(
                "Peer support workers: update",
                Purpose.NOTE,
                presents("Marcus Thompson", "Chair"),
                10,
                "How many peer support workers are in post and where the vacancies are.",
            ),
        ],
        [
            Business(
                "Co-produced courses: what learners said",
                Purpose.DISCUSS,
                "Jo Whitaker, Recovery College manager",
                20,
                "Feedback from learners on the three courses written with service users this year.",
            ),
            Business(
                "Recovery stories for the members' newsletter",
                Purpose.DECIDE,
                presents("Tom Harrison", "Service user governor"),
                10,
                "Whether to invite members to share recovery stories, and how to keep "
                "them safe and anonymous.",
            ),
        ],
    )


def _add(
    secretary: User,
    meeting: Meeting,
    entry: Business,
    bodies: dict[str, Body] | None = None,
    report_meeting: Meeting | None = None,
) -> None:
    """Add an item; a report is linked to the body, or the meeting, it comes from."""
    report_body = (bodies or {}).get(entry.report_from) if entry.report_from else None
    agendas.add_item(
        secretary,
        meeting,
        part=entry.part,
        title=entry.title,
        purpose=entry.purpose,
        presenter=entry.presenter,
        minutes_allowed=entry.minutes,
        description=entry.description,
        report_body=report_body,
        report_meeting=report_meeting,
    )


def _meetings(
    secretary: User, body: Body, cycle: Cycle, today: date, now: datetime
) -> tuple[Meeting, Meeting]:
    """A year of the committee's meetings; returns its most recent and its next."""
    following = _on_or_after(today + timedelta(days=cycle.days_ahead), cycle.weekday)
    days = [following + EVERY * k for k in range(-3, 2)]
    meetings = [
        schedule_meeting(
            secretary,
            MeetingDetails(
                kind=MeetingKind.COMMITTEE,
                day=day,
                start=cycle.start,
                end=cycle.end,
                place=cycle.place,
                video_link=cycle.video_link,
                notes=cycle.notes,
            ),
            body,
        )
        for day in days
        if day <= today + timedelta(days=AHEAD)
    ]
    past = [meeting for meeting in meetings if meeting.starts_at < now]
    upcoming = [meeting for meeting in meetings if meeting.starts_at >= now]
    return past[-1], upcoming[0]


def _published_at(meeting: Meeting, now: datetime) -> datetime:
    # A week before the meeting, as the terms of reference ask; no later than two days ago.
    return min(meeting.starts_at - timedelta(days=7), now - timedelta(days=2))


def _panel_meeting(secretary: User, panel: Body, chair: User, today: date) -> None:
    """The interview day, its agenda still a draft: the shortlist is agreed first."""
    meeting = schedule_meeting(
        secretary,
        MeetingDetails(
            kind=MeetingKind.COMMITTEE,
            day=_on_or_after(today + timedelta(days=24), TUE),
            start=time(9, 0),
            end=time(16, 30),
            place=BOARDROOM,
            notes="Interviews in the boardroom; candidates wait in Committee Room 1.",
        ),
        panel,
    )
    for entry in (
        Business(
            "Interview questions and scoring",
            Purpose.DECIDE,
            "Graham Fielding, Independent HR adviser",
            30,
            "The questions each panel member asks and how answers are scored.",
        ),
        Business(
            "Candidate shortlist and interview order",
            Purpose.NOTE,
            f"{chair.name}, Chair",
            15,
            "The shortlisted candidates, their applications and the order of interviews.",
            part=Part.PRIVATE,
        ),
        Business(
            "Interviews and the panel's recommendation",
            Purpose.DECIDE,
            f"{chair.name}, Chair",
            300,
            "Four interviews, then the panel agrees the candidate it recommends.",
            part=Part.PRIVATE,
        ),
    ):
        _add(secretary, meeting, entry)


def _report_to_council(
    secretary: User, membership: Body, chair: User, report_meeting: Meeting, now: datetime
) -> None:
    """The committee's report on the next Council agenda, published as a new version."""
    council_meeting = db.session.scalar(
        sa.select(Meeting)
        .where(
            Meeting.kind.in_(MeetingKind.taking_requests()),
            Meeting.cancelled_at.is_(None),
            Meeting.starts_at >= now,
        )
        .order_by(Meeting.starts_at)
        .limit(1)
    )
    if council_meeting is None:
        return
    agendas.add_item(
        secretary,
        council_meeting,
        part=Part.PUBLIC,
        title=f"Report from the {membership.name}",
        purpose=Purpose.NOTE,
        presenter=f"{chair.name}, Chair of the committee",
        minutes_allowed=10,
        description=f"What the committee discussed and agreed at its meeting on "
        f"{format_date(report_meeting.day)}: membership numbers, the members' health talk "
        "and the constituency meetings for the year ahead.",
        report_meeting=report_meeting,
    )
    latest = agendas.latest_version(council_meeting)
    if latest is None:
        return
    # After the version before it, and never in the future.
    at = min(max(now - timedelta(minutes=15), latest.published_at + timedelta(minutes=1)), now)
    agendas.publish(secretary, council_meeting, "Committee report added", notify=False, at=at)


def load(council: DemoCouncil) -> None:
    people = list(council.people.values())
    secretary = next((p for p in people if p.has_role(Role.SECRETARY)), None)
    if secretary is None or CHAIR not in council.people:
        return
    today = council.today
    now = min(local_to_utc(today, time(9, 0)), utcnow())

    who = _people(council)
    chair = council.person(CHAIR)
    bodies = _bodies(_Builder(secretary, today), who, chair)
    # The carer seat's only holder is away until further notice.
    record_unavailability(
        secretary, who["Susan Clarke"], starts_on=today - timedelta(days=4), consent_noted=True
    )
    _join_requests(secretary, council, bodies)

    meetings = {
        name: _meetings(secretary, bodies[name], cycle, today, now)
        for name, cycle in CYCLES.items()
    }
    for name, (last, following) in meetings.items():
        earlier, later = _business(name, who, chair)
        for entry in earlier:
            _add(secretary, last, entry, bodies)
        for entry in later:
            _add(secretary, following, entry, bodies)
        if name == EXPERIENCE:
            _add(secretary, following, RECOVERY_REPORT, bodies, meetings[RECOVERY][0])
        agendas.publish(secretary, last, None, notify=False, at=_published_at(last, now))
        agendas.publish(secretary, following, None, notify=False, at=_published_at(following, now))
    _panel_meeting(secretary, bodies[PANEL], chair, today)
    membership_chair = council.person(LEAD_GOVERNOR)
    _report_to_council(
        secretary, bodies[MEMBERSHIP], membership_chair, meetings[MEMBERSHIP][0], now
    )

    db.session.flush()
