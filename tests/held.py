"""Held meetings of the Council and of a committee open to the public, for the test and
the benchmark that check the pages of meetings held (the register, the minutes, the
archive) cost the same number of queries however many meetings there are.

``hold`` holds ten meetings through the real services: registers with members present,
sending apologies and absent, someone in attendance, a declaration and the public count;
minutes approved, circulated and still in draft; reports from the committee to the Council;
and published agendas. ``grow`` adds hundreds more before them with bulk inserts
(``tests.bulk.held_meetings``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

import sqlalchemy as sa
from flask import url_for

from governors.agendas import services as agendas
from governors.agendas.models import AgendaVersion
from governors.attendance import services as attendance
from governors.bodies.models import Body
from governors.extensions import db
from governors.meetings.models import Meeting
from governors.minutes import services as minutes
from governors.minutes.services import MinuteText
from governors.people.models import User
from tests import bulk, factories

COMMITTEE = "Patient Experience Committee"


@dataclass
class Held:
    """Who and what the pages are asked about: the governor sits on the committee."""

    secretary: User
    governor: User
    committee: Body
    council_members: list[User]
    committee_members: list[User]
    # Oldest first; the governors' pre-meeting is the one of kind "pre_meeting".
    council_meetings: list[Meeting]
    committee_meetings: list[Meeting]
    upcoming: list[Meeting]
    now: datetime

    @property
    def latest(self) -> Meeting:
        """The latest Council meeting held: it approved the minutes of the one before."""
        return self.council_meetings[-1]

    @property
    def count(self) -> int:
        """How many meetings have been held."""
        return (
            db.session.scalar(
                sa.select(sa.func.count(Meeting.id)).where(Meeting.starts_at < self.now)
            )
            or 0
        )


def _at(now: datetime, weeks: int, hour: int) -> datetime:
    return datetime.combine((now + timedelta(weeks=weeks)).date(), time(hour), tzinfo=UTC)


def _publish(secretary: User, meetings: list[Meeting]) -> None:
    """Published agendas, frozen as ``agendas.publish`` freezes them; their PDFs are left to
    be made on first download, which these pages never ask for."""
    bulk.insert(
        AgendaVersion,
        [
            {
                "meeting_id": meeting.id,
                "number": 1,
                "published_at": meeting.starts_at - timedelta(days=7),
                "published_by_id": secretary.id,
                "snapshot": agendas.current_snapshot(meeting),
            }
            for meeting in meetings
        ],
    )


def _keep_register(secretary: User, meeting: Meeting, members: list[User]) -> None:
    """Present, apologies and absent members, an officer in attendance, a declaration by a
    member who left for the private item, and the public count."""
    statuses = ["present", "apologies", "present", "absent"]
    for person, status in zip(members, statuses, strict=False):
        attendance.record_attendance(secretary, meeting, person, status)
    attendance.add_named(secretary, meeting, "Jo Baker", "Healthwatch")
    private = next(item for item in agendas.items_for(meeting) if item.is_private)
    attendance.record_declaration(secretary, private, members[2], "Trustee of a bidder", "left")
    if meeting.meaning.public:
        attendance.set_public_count(secretary, meeting, 4)


def _minute(secretary: User, meeting: Meeting) -> None:
    for item in agendas.items_for(meeting)[:2]:
        minutes.save_minute(
            secretary,
            item,
            MinuteText(discussion=f"Discussed {item.title}.", decisions="Noted."),
            revision=None,
        )


def _held(secretary: User, meeting: Meeting, members: list[User]) -> Meeting:
    agendas.add_standing_items(secretary, meeting)
    agendas.add_item(secretary, meeting, part="private", title="Contract award", minutes_allowed=15)
    _keep_register(secretary, meeting, members)
    _minute(secretary, meeting)
    return meeting


def hold(now: datetime) -> Held:
    """Ten meetings held in the nine weeks before ``now``, and two coming up."""
    secretary = factories.secretary(name="Rachel Turner")
    governor = factories.governor(name="Grace Okafor")
    others = [factories.governor(name=name) for name in ("Ann Ward", "Bola Ade", "Carys Lloyd")]
    council_members = [governor, *others]
    committee = factories.BodyFactory(name=COMMITTEE, open_to_public=True)
    committee_members = [governor, others[0], others[1]]
    for person in committee_members:
        factories.MembershipFactory(body=committee, user=person)

    def council(weeks: int, kind: str = "ordinary", hour: int = 14) -> Meeting:
        meeting = factories.MeetingFactory(kind=kind, starts_at=_at(now, weeks, hour))
        return _held(secretary, meeting, council_members)

    def committees(weeks: int) -> Meeting:
        meeting = factories.MeetingFactory(body=committee, starts_at=_at(now, weeks, 10))
        return _held(secretary, meeting, committee_members)

    c1, c2, c3, c4, c5 = (committees(weeks) for weeks in (-9, -7, -5, -3, -1))
    o1, o2, o3 = (council(weeks) for weeks in (-8, -6, -4))
    pre = council(-2, kind="pre_meeting", hour=10)
    o4 = council(-2)
    for at, report in ((o3, c2), (o4, c4)):
        agendas.add_item(
            secretary, at, part="public", title=f"Report of the {COMMITTEE}", report_meeting=report
        )
    _publish(secretary, [o1, o2, o4, c1, c2, c4, c5])
    # Approved at the next meeting, circulated and waiting, or still a draft.
    for earlier, at in ((o1, o2), (o3, o4), (c1, c2), (c4, c5)):
        minutes.circulate(secretary, earlier, notify=False)
        minutes.approve(secretary, earlier, at, "true_record")
    for waiting in (o2, c2):
        minutes.circulate(secretary, waiting, notify=False)
    upcoming = [
        factories.MeetingFactory(starts_at=_at(now, 5, 14)),
        factories.MeetingFactory(body=committee, starts_at=_at(now, 3, 10)),
    ]
    for meeting in upcoming:
        agendas.add_standing_items(secretary, meeting)
    db.session.flush()
    return Held(
        secretary=secretary,
        governor=governor,
        committee=committee,
        council_members=council_members,
        committee_members=committee_members,
        council_meetings=[o1, o2, o3, pre, o4],
        committee_meetings=[c1, c2, c3, c4, c5],
        upcoming=upcoming,
        now=now,
    )


def _spread(begin: datetime, end: datetime, count: int, offset: float) -> list[datetime]:
    step = (end - begin) / count
    return [(begin + step * (n + offset)).replace(second=0, microsecond=0) for n in range(count)]


def grow(held: Held, total: int) -> None:
    """More held meetings, half the Council's and half the committee's, in the months
    before the ten, until ``total`` have been held. Their registers name the same members;
    their approved minutes were approved, as a backlog, at each body's latest meeting, so
    its minutes page lists them all; one Council meeting in ten is a governors' pre-meeting;
    and each of the Council's has a report from one of the committee's."""
    more = total - held.count
    if more <= 0:
        return
    council_count = more // 2
    committee_count = more - council_count
    begin = held.now - timedelta(days=300)
    end = held.committee_meetings[0].starts_at - timedelta(days=7)

    def history(body: Body, members: list[User], meetings: list[Meeting]) -> bulk.History:
        approved, circulated = (minutes.record_of(m) for m in meetings[:2])
        agenda = db.session.scalar(
            sa.select(AgendaVersion).where(AgendaVersion.meeting_id == meetings[0].id)
        )
        return bulk.History(
            body=body,
            secretary_id=held.secretary.id,
            attendees=[person.id for person in members],
            approved_at=meetings[-1],
            agenda_snapshot=agenda.snapshot,
            circulated_snapshot=circulated.snapshot,
            approved_snapshot=approved.snapshot,
        )

    committee_ids = bulk.held_meetings(
        history(held.committee, held.committee_members, held.committee_meetings),
        _spread(begin, end, committee_count, 0.0),
    )
    council = [m for m in held.council_meetings if m.kind == "ordinary"]
    bulk.held_meetings(
        history(held.latest.body, held.council_members, council),
        _spread(begin, end, council_count, 0.5),
        kinds=["pre_meeting" if n % 10 == 9 else "ordinary" for n in range(council_count)],
        reports_from=committee_ids,
        reporting_body=held.committee,
    )
    db.session.flush()


def people(held: Held) -> dict[str, User | None]:
    """Who the pages are asked for: nobody signed in, a governor and the secretary."""
    return {"anonymous": None, "governor": held.governor, "secretary": held.secretary}


def pages(held: Held) -> dict[str, list[tuple[str, str]]]:
    """The pages of meetings held, and the home page, by who asks (see ``people``): each
    page's name and address. Needs an app or request context."""

    def path(endpoint: str, **values: object) -> str:
        return url_for(endpoint, _external=False, **values)

    committee_meeting = held.committee_meetings[-2]
    council_meeting = held.council_meetings[2]
    archive = path("governors.meetings.archive")
    committee_archive = path("governors.meetings.archive", body=str(held.committee.id))
    meeting_pages = [
        ("committee meeting", path("governors.meetings.detail", meeting_id=committee_meeting.id)),
        ("Council meeting", path("governors.meetings.detail", meeting_id=council_meeting.id)),
    ]
    return {
        "anonymous": [
            ("archive", archive),
            ("committee archive", committee_archive),
            ("public meetings", path("governors.meetings.public_list")),
        ],
        "governor": [
            ("archive", archive),
            ("committee archive", committee_archive),
            *meeting_pages,
            ("home", path("governors.home")),
        ],
        "secretary": [
            ("archive", archive),
            *meeting_pages,
            ("latest minutes", path("governors.minutes.index", meeting_id=held.latest.id)),
            ("latest register", path("governors.attendance.register", meeting_id=held.latest.id)),
            ("home", path("governors.home")),
        ],
    }
