"""Demo attendance: the registers of the most recent meetings, and an apology for the next.

Runs after the bodies demo (the committees and their meetings already made). The most
recent Council meeting has a full register: most governors present and the chair, four
apologies and one absence, one governor arriving late and one leaving early, two directors
and a Healthwatch observer in attendance, six members of the public, and a staff governor
who declared an interest and stayed, and the service user governor who declared a
sensitive one (the public minutes say only that one was declared). A governor whose term
had not yet begun came to observe, in attendance.

The most recent Nominations and Remuneration Committee meeting had a public governor
deputising for a member who sent apologies, and only just a quorum: when the chair left
for the item on her own remuneration, that item was no longer quorate. At the Service
User and Carer Experience Committee everyone came but one. A governor (the demo governor
account) has sent apologies for the next Council meeting, with a note for the secretary.

Everything is written through the services and dated from ``council.today``, without
emails: this is made-up history. A meeting or a person the other demos did not make is
skipped.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time

import sqlalchemy as sa

from governors.agendas.models import AgendaItem
from governors.agendas.services import items_for
from governors.attendance import services
from governors.attendance.models import DeclarationAction, Presence
from governors.bodies.models import Body
from governors.bodies.rules import MemberRole
from governors.bodies.services import council as council_body
from governors.demo import DemoCouncil
from governors.extensions import db
from governors.interests import demo as interests_demo
from governors.meetings.kinds import MeetingKind
from governors.meetings.models import Meeting
from governors.people.models import Role, User
from governors.timeutil import local_to_utc, utcnow

NOMINATIONS = "Nominations and Remuneration Committee"
EXPERIENCE = "Service User and Carer Experience Committee"

# The governor whose apologies for the next Council meeting come with a note.
GOVERNOR = "governor@example.org"
APOLOGY_NOTE = "Hospital appointment that morning, sorry"

# The most recent Council meeting.
COUNCIL_APOLOGIES = ("Margaret Ellis", "Cllr Mohammed Akhtar", "Priya Nair", "Robert Hughes")
COUNCIL_ABSENT = "Kevin Doyle"
# Arrived for the third item; left after the fifth.
ARRIVED_LATE = "Stuart McKenzie"
LEFT_EARLY = "Cllr Patricia Moore"
DECLARES = "Amanda Foster"
DECLARED_ON = "Quality and safety report"
DECLARED = "Works as a ward manager in the trust's inpatient services"
DIRECTORS = 2
GOVERNOR_ELECT = "Governor-elect, observing before their term began"
PUBLIC = 6
OBSERVER = ("Jo Baker", "Healthwatch Northshire, observing")
# Role text for someone in attendance who presents nothing.
ROLE_TEXT = {Role.NED: "Non-executive director", Role.OFFICER: "Trust officer"}


def _by_name(council: DemoCouncil) -> dict[str, User]:
    return {person.name: person for person in council.people.values()}


def last_meeting(
    body: Body | None, now: datetime, kind: MeetingKind | None = None
) -> Meeting | None:
    """The body's most recent meeting before ``now``, not cancelled."""
    if body is None:
        return None
    query = sa.select(Meeting).where(
        Meeting.body_id == body.id, Meeting.cancelled_at.is_(None), Meeting.starts_at < now
    )
    if kind is not None:
        query = query.where(Meeting.kind == kind.value)
    return db.session.scalar(query.order_by(Meeting.starts_at.desc()).limit(1))


def _next(body: Body, now: datetime) -> Meeting | None:
    return db.session.scalar(
        sa.select(Meeting)
        .where(
            Meeting.body_id == body.id,
            Meeting.kind == MeetingKind.ORDINARY.value,
            Meeting.cancelled_at.is_(None),
            Meeting.starts_at >= now,
        )
        .order_by(Meeting.starts_at)
        .limit(1)
    )


def committee_named(name: str) -> Body | None:
    return db.session.scalar(sa.select(Body).where(Body.name == name))


def _in_office_on(person: User, meeting: Meeting) -> bool:
    """A governor's term had begun, and not ended, on the day of the meeting."""
    profile = person.governor_profile
    if profile is None:
        return True
    day = meeting.day
    started = profile.term_start is None or profile.term_start <= day
    return started and (profile.term_end is None or day <= profile.term_end)


def _substantive(items: Iterable[AgendaItem]) -> list[AgendaItem]:
    return [item for item in items if not item.standing]


def _directors(council: DemoCouncil, items: list[AgendaItem]) -> list[tuple[User, str]]:
    """Directors and officers in attendance: those presenting an item first, as
    "Director of Finance" from "Mark Hendry, Director of Finance"."""
    others = [p for p in council.people.values() if p.has_role(Role.NED, Role.OFFICER)]
    by_name = {person.name: person for person in others}
    chosen: dict[int, tuple[User, str]] = {}
    for item in items:
        name, _, role = (item.presenter or "").partition(", ")
        person = by_name.get(name)
        if person is not None and role and person.id not in chosen:
            chosen[person.id] = (person, role)
    for person in others:
        role = Role.NED if person.has_role(Role.NED) else Role.OFFICER
        chosen.setdefault(person.id, (person, ROLE_TEXT[role]))
    return list(chosen.values())[:DIRECTORS]


def _council_register(
    secretary: User, meeting: Meeting, council: DemoCouncil, who: dict[str, User]
) -> None:
    items = items_for(meeting)
    late = items[2].id if len(items) > 2 else None
    early = items[4].id if len(items) > 4 else None
    apologies = set(COUNCIL_APOLOGIES)
    for member in services.members_for(meeting):
        person = member.user
        if not _in_office_on(person, meeting):
            services.record_attendance(
                secretary, meeting, person, Presence.IN_ATTENDANCE, role_text=GOVERNOR_ELECT
            )
        elif person.name in apologies:
            services.record_attendance(secretary, meeting, person, Presence.APOLOGIES)
        elif person.name == COUNCIL_ABSENT:
            services.record_attendance(secretary, meeting, person, Presence.ABSENT)
        elif person.name == ARRIVED_LATE:
            services.record_attendance(
                secretary, meeting, person, Presence.PRESENT, arrived_for_item_id=late
            )
        elif person.name == LEFT_EARLY:
            services.record_attendance(
                secretary, meeting, person, Presence.PRESENT, left_after_item_id=early
            )
        else:
            services.record_attendance(secretary, meeting, person, Presence.PRESENT)
    for person, role_text in _directors(council, items):
        services.record_attendance(
            secretary, meeting, person, Presence.IN_ATTENDANCE, role_text=role_text
        )
    services.add_named(secretary, meeting, *OBSERVER)
    services.set_public_count(secretary, meeting, PUBLIC)

    substantive = _substantive(items)
    declarer = who.get(DECLARES)
    declarer_record = services.own_record(meeting, declarer) if declarer is not None else None
    if substantive and declarer_record is not None and Presence(declarer_record.status).there:
        item = next((i for i in substantive if i.title == DECLARED_ON), substantive[0])
        services.record_declaration(
            secretary,
            item,
            declarer,
            DECLARED,
            DeclarationAction.STAYED,
            entry=interests_demo.entry_of(declarer),
        )
    # A sensitive interest: the public minutes say only that one was declared.
    su_governor = council.people.get(interests_demo.SU_GOVERNOR)
    su_record = services.own_record(meeting, su_governor) if su_governor is not None else None
    entry = interests_demo.entry_of(su_governor) if su_governor is not None else None
    if substantive and su_record is not None and entry is not None:
        item = next((i for i in substantive if i.title == DECLARED_ON), substantive[0])
        services.record_declaration(
            secretary, item, su_governor, entry.description, DeclarationAction.STAYED, entry=entry
        )


def _nominations_register(secretary: User, meeting: Meeting, who: dict[str, User]) -> None:
    """Only just quorate: the chair's leaving for her own remuneration makes that item
    inquorate (three needed, two of them elected governors)."""
    members = {member.user.name: member for member in services.members_for(meeting)}
    statuses = {
        "Siobhan Murphy": Presence.APOLOGIES,
        "Dr Sanjay Mehta": Presence.APOLOGIES,
        "Professor Alan Graves": Presence.ABSENT,
    }
    chair = None
    for name, member in members.items():
        if member.role == MemberRole.IN_ATTENDANCE.label:
            services.record_attendance(
                secretary,
                meeting,
                member.user,
                Presence.IN_ATTENDANCE,
                role_text="Senior Independent Director" if name == "Richard Penrose" else None,
            )
            continue
        services.record_attendance(
            secretary, meeting, member.user, statuses.get(name, Presence.PRESENT)
        )
        if member.role == MemberRole.CHAIR.label:
            chair = member.user
    absent = members.get("Siobhan Murphy")
    deputy = who.get("Gareth Williams")
    if absent is not None and deputy is not None and deputy.name not in members:
        services.record_attendance(
            secretary, meeting, deputy, Presence.DEPUTY, deputy_for=absent.user
        )
    substantive = _substantive(items_for(meeting))
    remuneration = next((i for i in substantive if "emuneration" in i.title), None)
    if chair is not None and remuneration is not None:
        services.record_declaration(
            secretary,
            remuneration,
            chair,
            "Her own remuneration as chair is part of the proposal",
            DeclarationAction.LEFT,
        )


def _experience_register(secretary: User, meeting: Meeting) -> None:
    """Everyone came but one."""
    for member in services.members_for(meeting):
        name = member.user.name
        if member.role == MemberRole.IN_ATTENDANCE.label:
            role_text = "Director of Nursing" if name == "Deborah Walsh" else None
            services.record_attendance(
                secretary, meeting, member.user, Presence.IN_ATTENDANCE, role_text=role_text
            )
        elif name == "Joanne Fletcher":
            services.record_attendance(secretary, meeting, member.user, Presence.APOLOGIES)
        else:
            services.record_attendance(secretary, meeting, member.user, Presence.PRESENT)


def load(council: DemoCouncil) -> None:
    people = list(council.people.values())
    secretary = next((p for p in people if p.has_role(Role.SECRETARY)), None)
    if secretary is None:
        return
    now = min(local_to_utc(council.today, time(9, 0)), utcnow())
    who = _by_name(council)
    the_council = council_body()

    last = last_meeting(the_council, now, MeetingKind.ORDINARY)
    if last is not None:
        _council_register(secretary, last, council, who)
    nominations = last_meeting(committee_named(NOMINATIONS), now)
    if nominations is not None:
        _nominations_register(secretary, nominations, who)
    experience = last_meeting(committee_named(EXPERIENCE), now)
    if experience is not None:
        _experience_register(secretary, experience)

    following = _next(the_council, now)
    governor = council.people.get(GOVERNOR)
    if following is not None and governor is not None:
        # Sent by the governor before the meeting; the note is for the secretary only.
        entry = services.record_attendance(secretary, following, governor, Presence.APOLOGIES)
        entry.message = APOLOGY_NOTE

    db.session.flush()
