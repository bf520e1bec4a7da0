"""The register of a meeting: apologies, attendance, arrivals and departures, declarations,
and the quorum for each item. The only place they are written.

Every change takes the acting user, writes its audit entry, queues its emails and flushes;
the view commits. An apology's message to the secretary is a private note: the audit log
says that apologies were sent, never what the message said.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from governors.agendas.models import AgendaItem
from governors.agendas.rules import item_number
from governors.agendas.services import items_for
from governors.attendance.models import (
    AttendanceRecord,
    Declaration,
    DeclarationAction,
    Presence,
)
from governors.attendance.rules import Attendee, ItemQuorum, item_quorum
from governors.audit.services import record
from governors.bodies import services as bodies
from governors.bodies.models import Membership
from governors.bodies.rules import MemberRole
from governors.errors import Refused
from governors.extensions import db
from governors.interests.models import Interest
from governors.meetings.models import Meeting
from governors.outbox.services import absolute_url, queue_email
from governors.people.models import User
from governors.timeutil import format_datetime, utcnow


@dataclass(frozen=True)
class Member:
    """Someone who sits on the meeting's body on the day: whether they count for quorum."""

    user: User
    role: str
    counts: bool

    @property
    def elected(self) -> bool:
        return bodies.person_facts(self.user).is_elected_governor


def _there_then(meeting: Meeting) -> sa.ColumnElement[bool]:
    """People still with the trust when the meeting began (those who left later were
    members then, so past quorums never change)."""
    return sa.or_(User.active.is_(True), User.deactivated_at > meeting.starts_at)


def members_for(meeting: Meeting) -> list[Member]:
    """Who sat on the body holding ``meeting``, on its day, by name.

    The Council's members are the governors whose term covers the day, and its chair the
    trust's chair (who chairs but is not counted). A committee's are its memberships in
    force that day.
    """
    day = meeting.day
    if meeting.for_council:
        people = db.session.scalars(
            sa.select(User)
            .where(
                _there_then(meeting),
                sa.or_(
                    User.id.in_(bodies.governors_in_term(day)),
                    User.id.in_(bodies.council_chairs()),
                ),
            )
            .options(selectinload(User.role_rows), selectinload(User.governor_profile))
            .order_by(User.name, User.id)
        ).all()
        return [
            Member(user, "Governor" if user.is_governor else "Chair", counts=user.is_governor)
            for user in people
        ]
    memberships = db.session.scalars(
        sa.select(Membership)
        .join(User, User.id == Membership.user_id)
        .where(
            Membership.body_id == meeting.body_id,
            Membership.starts_on <= day,
            sa.or_(Membership.ends_on.is_(None), Membership.ends_on >= day),
            _there_then(meeting),
        )
        .options(
            joinedload(Membership.user).selectinload(User.role_rows),
            joinedload(Membership.user).joinedload(User.governor_profile),
        )
    ).all()
    found = [
        Member(m.user, m.role_label, counts=MemberRole(m.role).in_office)
        for m in memberships
        if m.user is not None
    ]
    return sorted(found, key=lambda member: (member.user.name, member.user.id))


@dataclass
class RegisterLine:
    member: Member | None
    record: AttendanceRecord | None

    @property
    def status_label(self) -> str:
        return self.record.status_label if self.record is not None else "Not recorded"


@dataclass
class Register:
    """A meeting's register with the quorum at the start and for every item."""

    meeting: Meeting
    lines: list[RegisterLine] = field(default_factory=list)
    others: list[AttendanceRecord] = field(default_factory=list)
    items: list[AgendaItem] = field(default_factory=list)
    declarations: list[Declaration] = field(default_factory=list)
    members_in_office: int = 0
    quorum: list[tuple[AgendaItem, ItemQuorum]] = field(default_factory=list)
    at_start: ItemQuorum | None = None

    @property
    def unrecorded(self) -> int:
        return sum(1 for line in self.lines if line.record is None)

    @property
    def numbers(self) -> dict[int, str]:
        """Each item's number on the agenda (1, 2 … P1, P2), by item id."""
        counters: dict[str, int] = {}
        found = {}
        for item in self.items:
            counters[item.part] = counters.get(item.part, 0) + 1
            found[item.id] = item_number(item.part, counters[item.part])
        return found


def _records(meeting: Meeting) -> list[AttendanceRecord]:
    return list(
        db.session.scalars(
            sa.select(AttendanceRecord)
            .where(AttendanceRecord.meeting_id == meeting.id)
            .options(
                joinedload(AttendanceRecord.user).selectinload(User.role_rows),
                joinedload(AttendanceRecord.user).joinedload(User.governor_profile),
                joinedload(AttendanceRecord.deputy_for),
            )
            .order_by(AttendanceRecord.id)
        )
    )


def declarations_for(meeting: Meeting) -> list[Declaration]:
    return list(
        db.session.scalars(
            sa.select(Declaration)
            .where(Declaration.meeting_id == meeting.id)
            .options(joinedload(Declaration.user), joinedload(Declaration.item))
            .order_by(Declaration.item_id, Declaration.id)
        )
    )


def register_for(meeting: Meeting) -> Register:
    """The register in a fixed number of queries, with each item's quorum."""
    members = members_for(meeting)
    by_user = {member.user.id: member for member in members}
    records = _records(meeting)
    recorded = {r.user_id: r for r in records if r.user_id is not None}
    register = Register(
        meeting=meeting,
        lines=[RegisterLine(member, recorded.get(member.user.id)) for member in members],
        others=[r for r in records if r.user_id is None or r.user_id not in by_user],
        items=items_for(meeting),
        declarations=declarations_for(meeting),
    )
    register.members_in_office = sum(member.counts for member in members)
    position = {item.id: index for index, item in enumerate(register.items)}
    attendees = []
    for r in records:
        if not Presence(r.status).there or r.user_id is None:
            continue
        member = by_user.get(r.deputy_for_id if r.status == Presence.DEPUTY else r.user_id)
        counts = member is not None and member.counts and r.status != Presence.IN_ATTENDANCE
        attendees.append(
            Attendee(
                key=r.user_id,
                counts=counts,
                elected=r.user is not None and bodies.person_facts(r.user).is_elected_governor,
                first=position.get(r.arrived_for_item_id),
                last=position.get(r.left_after_item_id),
            )
        )
    left: dict[int, set[int]] = {}
    for declaration in register.declarations:
        if declaration.action == DeclarationAction.LEFT:
            left.setdefault(declaration.item_id, set()).add(declaration.user_id)
    rule = meeting.body.quorum
    register.at_start = item_quorum(rule, register.members_in_office, attendees, 0)
    register.quorum = [
        (
            item,
            item_quorum(
                rule,
                register.members_in_office,
                attendees,
                index,
                frozenset(left.get(item.id, ())),
            ),
        )
        for index, item in enumerate(register.items)
    ]
    return register


def own_record(meeting: Meeting, user: User) -> AttendanceRecord | None:
    return db.session.scalar(
        sa.select(AttendanceRecord).where(
            AttendanceRecord.meeting_id == meeting.id, AttendanceRecord.user_id == user.id
        )
    )


# Apologies ------------------------------------------------------------------------------


def _before_start(meeting: Meeting, doing: str) -> None:
    if meeting.is_cancelled:
        raise Refused("This meeting is cancelled")
    if utcnow() >= meeting.starts_at:
        raise Refused(
            f"The meeting has started, so you cannot {doing} here. Tell the board secretary."
        )


def send_apologies(actor: User, meeting: Meeting, message: str | None = None) -> AttendanceRecord:
    """A member sends apologies, until the meeting starts, with an optional note that only
    the secretary reads. The secretary is emailed."""
    _before_start(meeting, "send apologies")
    if actor.id not in {member.user.id for member in members_for(meeting)}:
        raise Refused(f"You are not a member of the {meeting.body.name}")
    entry = own_record(meeting, actor) or AttendanceRecord(meeting_id=meeting.id, user=actor)
    entry.status = Presence.APOLOGIES.value
    entry.deputy_for_id = None
    entry.arrived_for_item_id = entry.left_after_item_id = None
    entry.role_text = None
    entry.message = (message or "").strip() or None
    entry.recorded_by_id = actor.id
    entry.updated_at = utcnow()
    db.session.add(entry)
    db.session.flush()
    record(
        actor,
        "attendance.apologies_sent",
        entry,
        f"{actor.name} sent apologies for meeting {meeting.id}",
    )
    from governors.permissions import Permission, people_who_may

    for secretary in people_who_may(Permission.MEETINGS_MANAGE, meeting):
        queue_email(
            secretary.email,
            f"Apologies from {actor.name}: {meeting.kind_label}",
            "governors/email/attendance_apologies.txt",
            secretary=secretary,
            member=actor,
            meeting=meeting,
            message=entry.message,
            when=format_datetime(meeting.starts_at),
            link=absolute_url("governors.attendance.register", meeting_id=meeting.id),
        )
    return entry


def withdraw_apologies(actor: User, meeting: Meeting) -> None:
    """The member can come after all."""
    _before_start(meeting, "change your apologies")
    entry = own_record(meeting, actor)
    if entry is None or entry.status != Presence.APOLOGIES:
        raise Refused("You have not sent apologies for this meeting")
    record(
        actor,
        "attendance.apologies_withdrawn",
        entry,
        f"{actor.name} withdrew apologies for meeting {meeting.id}",
    )
    db.session.delete(entry)
    db.session.flush()


# The secretary's register -------------------------------------------------------------------


def _item_of(meeting: Meeting, item_id: int | None, field: str) -> AgendaItem | None:
    if item_id is None:
        return None
    item = db.session.get(AgendaItem, item_id)
    if item is None or item.meeting_id != meeting.id:
        raise Refused("Choose one of this meeting's items", field=field)
    return item


def record_attendance(
    actor: Any,
    meeting: Meeting,
    user: User,
    status: Presence | str,
    *,
    deputy_for: User | None = None,
    arrived_for_item_id: int | None = None,
    left_after_item_id: int | None = None,
    role_text: str | None = None,
) -> AttendanceRecord:
    """Put a person on the register: present, a deputy for a member, apologies, absent or
    in attendance, with the items they arrived for or left after."""
    status = Presence(status)
    members = {member.user.id: member for member in members_for(meeting)}
    if status is Presence.DEPUTY:
        if deputy_for is None:
            raise Refused("Choose the member they stood in for", field="deputy_for_id")
        if deputy_for.id == user.id or deputy_for.id not in members:
            raise Refused("Choose a member of the body they stood in for", field="deputy_for_id")
        _check_stands_in(meeting, user, deputy_for)
    elif deputy_for is not None:
        raise Refused("Only a deputy stands in for a member", field="deputy_for_id")
    if status in (Presence.PRESENT, Presence.IN_ATTENDANCE):
        standing_in = db.session.scalar(
            sa.select(AttendanceRecord).where(
                AttendanceRecord.meeting_id == meeting.id,
                AttendanceRecord.deputy_for_id == user.id,
            )
        )
        if standing_in is not None:
            raise Refused(
                f"{standing_in.display_name} is recorded as {user.name}'s deputy. Change "
                "that first: a member and their deputy do not both attend.",
                field="status",
            )
    arrived = _item_of(meeting, arrived_for_item_id, "arrived_for_item_id")
    left = _item_of(meeting, left_after_item_id, "left_after_item_id")
    if not status.there and (arrived or left):
        raise Refused("Arrival and departure are only for people who were there", field="status")
    if arrived is not None and left is not None:
        order = [item.id for item in items_for(meeting)]
        if order.index(left.id) < order.index(arrived.id):
            raise Refused(
                "They cannot leave before the item they arrived for", field="left_after_item_id"
            )
    entry = own_record(meeting, user) or AttendanceRecord(meeting_id=meeting.id, user=user)
    before = {"status": entry.status} if entry.id else {}
    entry.status = status.value
    entry.deputy_for = deputy_for
    entry.arrived_for_item = arrived
    entry.left_after_item = left
    entry.role_text = (role_text or "").strip() or None
    if status is not Presence.APOLOGIES:
        entry.message = None
    entry.recorded_by_id = actor.id
    entry.updated_at = utcnow()
    db.session.add(entry)
    db.session.flush()
    record(
        actor,
        "attendance.recorded",
        entry,
        f"Recorded {user.name} as {status.label.lower()} at meeting {meeting.id}",
        before=before or None,
        after={"status": status.value, "deputy_for_id": deputy_for.id if deputy_for else None},
    )
    return entry


def _check_stands_in(meeting: Meeting, deputy: User, member: User) -> None:
    """A deputy stands in for a member who is not there, and one deputy for each member."""
    records = db.session.scalars(
        sa.select(AttendanceRecord).where(AttendanceRecord.meeting_id == meeting.id)
    ).all()
    for entry in records:
        if entry.user_id == member.id and Presence(entry.status).there:
            raise Refused(
                f"{member.name} is recorded as {entry.status_label.lower()}, so needs no deputy",
                field="deputy_for_id",
            )
        if entry.deputy_for_id == member.id and entry.user_id != deputy.id:
            raise Refused(
                f"{entry.display_name} is already {member.name}'s deputy", field="deputy_for_id"
            )


def record_everyone_else(actor: Any, meeting: Meeting, status: Presence | str) -> int:
    """Everyone on the register not yet recorded is present (or absent): how many."""
    status = Presence(status)
    if status not in (Presence.PRESENT, Presence.ABSENT):
        raise Refused("Choose present or absent", field="status")
    register = register_for(meeting)
    missing = [line.member for line in register.lines if line.record is None and line.member]
    for member in missing:
        record_attendance(actor, meeting, member.user, status)
    return len(missing)


def add_named(actor: Any, meeting: Meeting, name: str, role_text: str | None) -> AttendanceRecord:
    """Someone without an account in attendance: "Jo Baker, Healthwatch"."""
    name = (name or "").strip()
    if not name:
        raise Refused("Enter their name", field="name")
    entry = AttendanceRecord(
        meeting_id=meeting.id,
        name=name,
        role_text=(role_text or "").strip() or None,
        status=Presence.IN_ATTENDANCE.value,
        recorded_by_id=actor.id,
        updated_at=utcnow(),
    )
    db.session.add(entry)
    db.session.flush()
    record(
        actor,
        "attendance.recorded",
        entry,
        f"Recorded {name} in attendance at meeting {meeting.id}",
    )
    return entry


def remove_entry(actor: Any, entry: AttendanceRecord) -> None:
    record(
        actor,
        "attendance.removed",
        entry,
        f"Took {entry.display_name} off the register of meeting {entry.meeting_id}",
    )
    db.session.delete(entry)
    db.session.flush()


def set_public_count(actor: Any, meeting: Meeting, count: int | None) -> None:
    if count is not None and not 0 <= count <= 10000:
        raise Refused(
            "Enter how many members of the public came, from 0 to 10,000", field="public_count"
        )
    before = {"public_count": meeting.public_count}
    meeting.public_count = count
    db.session.flush()
    record(
        actor,
        "attendance.public_count",
        meeting,
        f"Recorded {count if count is not None else 'no'} members of the public "
        f"at meeting {meeting.id}",
        before=before,
        after={"public_count": count},
    )


# Declarations -----------------------------------------------------------------------------


def record_declaration(
    actor: Any,
    item: AgendaItem,
    user: User,
    interest: str,
    action: DeclarationAction | str,
    *,
    entry: Interest | None = None,
    sensitive: bool = False,
) -> Declaration:
    """A member declares an interest on an item, and what they did: stayed, left for it
    (then they do not count for its quorum), or stayed without voting. ``entry`` is the
    interest in their register it comes from; a sensitive entry makes the declaration
    sensitive, so public minutes say an interest was declared, not what it is."""
    action = DeclarationAction(action)
    interest = (interest or "").strip()
    if not interest:
        raise Refused("Say what the interest is", field="interest")
    existing = db.session.scalar(
        sa.select(Declaration).where(Declaration.item_id == item.id, Declaration.user_id == user.id)
    )
    if existing is not None:
        raise Refused(f"{user.name} has already declared an interest on this item", field="user_id")
    if entry is not None and entry.user_id != user.id:
        raise Refused(f"That interest is not in {user.name}'s register", field="user_id")
    declaration = Declaration(
        meeting_id=item.meeting_id,
        item=item,
        user=user,
        interest=interest,
        action=action.value,
        recorded_by_id=actor.id,
        interest_id=entry.id if entry is not None else None,
        sensitive=sensitive or bool(entry is not None and entry.sensitive),
    )
    db.session.add(declaration)
    db.session.flush()
    private = item.is_private
    from governors.audit.services import private_name

    on = private_name("agenda item", item.id) if private else f"agenda item {item.id}"
    record(
        actor,
        "attendance.declared",
        declaration,
        f"Recorded {user.name}'s declaration of interest on {on}: {action.label.lower()}",
        after={"action": action.value},
        private=private,
    )
    return declaration


def remove_declaration(actor: Any, declaration: Declaration) -> None:
    record(
        actor,
        "attendance.declaration_removed",
        declaration,
        f"Removed {declaration.user.name}'s declaration on item {declaration.item_id}",
    )
    db.session.delete(declaration)
    db.session.flush()


def people_choices(users: Sequence[User]) -> list[tuple[str, str]]:
    return [(str(user.id), user.name) for user in users]
