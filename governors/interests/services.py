"""The register of interests: the only place its entries, returns and pre-meeting answers
are written, and what its pages read.

Every change takes the acting user, writes its audit entry, queues its emails and flushes;
the view commits. A sensitive entry's organisation and detail stay out of the audit log:
the log says that a sensitive interest changed, and whose.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from governors.agendas.models import AgendaItem
from governors.agendas.services import latest_version
from governors.audit.services import record
from governors.bodies import services as bodies
from governors.bodies.models import Membership
from governors.errors import Refused
from governors.extensions import db
from governors.interests import rules
from governors.interests.models import (
    CheckAnswer,
    Interest,
    InterestCheck,
    InterestKind,
    InterestReturn,
)
from governors.meetings.models import Meeting
from governors.outbox.services import absolute_url, queue_reminder
from governors.people.models import User
from governors.timeutil import format_date, local_today, to_local

# How far ahead the home page looks for agenda items to check against a register.
CHECK_AHEAD_DAYS = 60


# Who keeps a register -------------------------------------------------------------------


def _sitting(today: date) -> sa.Select:
    """Ids of the people who sit on a body today: the Council's governors and its chair,
    and everyone with a membership of a committee in force."""
    members = sa.select(Membership.user_id).where(
        Membership.user_id.is_not(None),
        Membership.starts_on <= today,
        sa.or_(Membership.ends_on.is_(None), Membership.ends_on >= today),
    )
    return sa.union(bodies.governors_in_term(today), bodies.council_chairs(), members)


def keeps_register(user: User, today: date | None = None) -> bool:
    """Whether ``user`` sits on a body today, and so must make the yearly return."""
    today = today or local_today()
    return bool(
        user.active
        and db.session.scalar(
            sa.select(sa.literal(True)).where(sa.literal(user.id).in_(_sitting(today)))
        )
    )


def _started_on(user: User) -> date:
    return to_local(user.created_at).date()


# One person's register --------------------------------------------------------------------


@dataclass
class PersonRegister:
    """A person's entries (in force today, and ended or still to begin), their last yearly
    return and when the next is due."""

    person: User
    current: list[Interest] = field(default_factory=list)
    other: list[Interest] = field(default_factory=list)
    last_return: InterestReturn | None = None
    due_on: date | None = None
    state: rules.ReturnState | None = None
    required: bool = False


def register_of(person: User, today: date | None = None) -> PersonRegister:
    today = today or local_today()
    entries = db.session.scalars(
        sa.select(Interest)
        .where(Interest.user_id == person.id)
        .order_by(Interest.starts_on.desc(), Interest.id.desc())
    ).all()
    last = db.session.scalar(
        sa.select(InterestReturn)
        .where(InterestReturn.user_id == person.id)
        .order_by(InterestReturn.made_on.desc(), InterestReturn.id.desc())
        .limit(1)
    )
    view = PersonRegister(person=person, last_return=last)
    for entry in entries:
        (view.current if entry.in_force(today) else view.other).append(entry)
    view.due_on = rules.return_due_on(last.made_on if last else None, _started_on(person))
    view.state = rules.return_state(view.due_on, today)
    view.required = keeps_register(person, today)
    return view


@dataclass(frozen=True)
class InterestDetails:
    kind: InterestKind | str
    organisation: str
    description: str
    starts_on: date
    ends_on: date | None = None
    sensitive: bool = False


_FIELDS = ["kind", "organisation", "description", "starts_on", "ends_on", "sensitive"]


def _apply(entry: Interest, details: InterestDetails) -> None:
    organisation = (details.organisation or "").strip()
    description = (details.description or "").strip()
    if not organisation:
        raise Refused("Enter the name of the organisation", field="organisation")
    if not description:
        raise Refused("Describe the interest", field="description")
    if details.ends_on is not None and details.ends_on < details.starts_on:
        raise Refused("The end date must be on or after the start date", field="ends_on")
    entry.kind = InterestKind(details.kind).value
    entry.organisation = organisation
    entry.description = description
    entry.starts_on = details.starts_on
    entry.ends_on = details.ends_on
    entry.sensitive = bool(details.sensitive)


def _logged(entry: Interest) -> dict[str, Any]:
    """What the audit log may keep of an entry: for a sensitive one, only its dates."""
    values: dict[str, Any] = {
        "kind": entry.kind,
        "starts_on": entry.starts_on.isoformat(),
        "ends_on": entry.ends_on.isoformat() if entry.ends_on else None,
        "sensitive": entry.sensitive,
    }
    if not entry.sensitive:
        values |= {"organisation": entry.organisation, "description": entry.description}
    return values


def _named(entry: Interest) -> str:
    return "a sensitive interest" if entry.sensitive else f"an interest in {entry.organisation}"


def add_interest(actor: Any, person: User, details: InterestDetails) -> Interest:
    entry = Interest(user=person)
    _apply(entry, details)
    db.session.add(entry)
    db.session.flush()
    record(
        actor,
        "interests.added",
        entry,
        f"Added {_named(entry)} to {person.name}'s register",
        after=_logged(entry),
    )
    return entry


def update_interest(actor: Any, entry: Interest, details: InterestDetails) -> None:
    before = _logged(entry)
    _apply(entry, details)
    db.session.flush()
    record(
        actor,
        "interests.changed",
        entry,
        f"Changed {_named(entry)} in {entry.user.name}'s register",
        before=before,
        after=_logged(entry),
    )


def remove_interest(actor: Any, entry: Interest) -> None:
    """Takes out an entry made by mistake. An interest that has ended is given an end date
    instead, so the register shows it was held."""
    record(
        actor,
        "interests.removed",
        entry,
        f"Removed {_named(entry)} from {entry.user.name}'s register",
        before=_logged(entry),
    )
    db.session.delete(entry)
    db.session.flush()


def make_return(
    actor: Any, person: User, *, nothing_to_declare: bool, today: date | None = None
) -> InterestReturn:
    """The yearly return: the register is complete and correct, or there is nothing to
    declare (only when no entry is in force)."""
    today = today or local_today()
    if nothing_to_declare:
        current = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Interest)
            .where(
                Interest.user_id == person.id,
                Interest.starts_on <= today,
                sa.or_(Interest.ends_on.is_(None), Interest.ends_on >= today),
            )
        )
        if current:
            raise Refused(
                f"The register lists {current} interest{'s' if current != 1 else ''} held "
                "today. Give each one that has ended an end date, or confirm the register "
                "as it is.",
                field="answer",
            )
    made = InterestReturn(
        user_id=person.id,
        made_on=today,
        nothing_to_declare=nothing_to_declare,
        made_by_id=actor.id,
    )
    db.session.add(made)
    db.session.flush()
    said = "nothing to declare" if nothing_to_declare else "the register complete and correct"
    on_behalf = "" if actor.id == person.id else " (recorded by the board secretary)"
    record(
        actor,
        "interests.returned",
        made,
        f"{person.name} confirmed {said} for the year{on_behalf}",
        after={"nothing_to_declare": nothing_to_declare, "made_on": today.isoformat()},
    )
    return made


# Everyone's registers, for the secretary ---------------------------------------------------


@dataclass(frozen=True)
class RegisterRow:
    person: User
    entries: int
    last_return: date | None
    nothing_to_declare: bool
    due_on: date
    state: rules.ReturnState


def _last_returns(person_ids: sa.Select | Sequence[int]) -> dict[int, InterestReturn]:
    latest = (
        sa.select(
            InterestReturn.id,
            sa.func.row_number()
            .over(
                partition_by=InterestReturn.user_id,
                order_by=(InterestReturn.made_on.desc(), InterestReturn.id.desc()),
            )
            .label("n"),
        )
        .where(InterestReturn.user_id.in_(person_ids))
        .subquery()
    )
    rows = db.session.scalars(
        sa.select(InterestReturn)
        .join(latest, latest.c.id == InterestReturn.id)
        .where(latest.c.n == 1)
    ).all()
    return {row.user_id: row for row in rows}


def overview(today: date | None = None) -> list[RegisterRow]:
    """Everyone who sits on a body, the latest returns first needing attention: overdue,
    then due soon, then up to date; by name within each."""
    today = today or local_today()
    sitting = _sitting(today)
    people = db.session.scalars(
        sa.select(User).where(User.active.is_(True), User.id.in_(sitting)).order_by(User.name)
    ).all()
    counts = dict(
        db.session.execute(
            sa.select(Interest.user_id, sa.func.count())
            .where(
                Interest.user_id.in_(sitting),
                Interest.starts_on <= today,
                sa.or_(Interest.ends_on.is_(None), Interest.ends_on >= today),
            )
            .group_by(Interest.user_id)
        ).all()
    )
    returns = _last_returns(sitting)
    rows = []
    for person in people:
        last = returns.get(person.id)
        due = rules.return_due_on(last.made_on if last else None, _started_on(person))
        rows.append(
            RegisterRow(
                person=person,
                entries=counts.get(person.id, 0),
                last_return=last.made_on if last else None,
                nothing_to_declare=bool(last and last.nothing_to_declare),
                due_on=due,
                state=rules.return_state(due, today),
            )
        )
    order = list(reversed(rules.ReturnState))
    return sorted(rows, key=lambda row: order.index(row.state))


def late_returns(today: date | None = None) -> int:
    return sum(1 for row in overview(today) if row.state is rules.ReturnState.OVERDUE)


# The public register -------------------------------------------------------------------------


@dataclass
class PublicEntry:
    person: User
    constituency: str | None
    interests: list[Interest] = field(default_factory=list)
    last_return: InterestReturn | None = None


def public_register(today: date | None = None) -> list[PublicEntry]:
    """The governors in office with the interests they hold today. The page shows that a
    sensitive interest exists, never its detail."""
    today = today or local_today()
    governors = bodies.governors_in_term(today)
    people = db.session.scalars(
        sa.select(User)
        .where(User.active.is_(True), User.id.in_(governors))
        .options(joinedload(User.governor_profile))
        .order_by(User.name, User.id)
    ).all()
    entries = db.session.scalars(
        sa.select(Interest)
        .where(
            Interest.user_id.in_(governors),
            Interest.starts_on <= today,
            sa.or_(Interest.ends_on.is_(None), Interest.ends_on >= today),
        )
        .order_by(Interest.organisation, Interest.id)
    ).all()
    returns = _last_returns(governors)
    found = {
        person.id: PublicEntry(
            person=person,
            constituency=person.governor_profile.constituency_label
            if person.governor_profile
            else None,
            last_return=returns.get(person.id),
        )
        for person in people
    }
    for entry in entries:
        if entry.user_id in found:
            found[entry.user_id].interests.append(entry)
    return list(found.values())


# Before a meeting: items that mention an organisation in the register ---------------------


@dataclass
class ItemToCheck:
    item_id: int
    number: str
    title: str
    interests: list[Interest]
    answer: InterestCheck | None = None


def items_to_check(user: User, meeting: Meeting, *, private: bool) -> list[ItemToCheck]:
    """The items of the meeting's published agenda (its private part only for ``private``
    readers) that mention an organisation in ``user``'s register on the meeting's day, with
    their answers so far."""
    version = latest_version(meeting)
    if version is None:
        return []
    entries = [
        entry
        for entry in db.session.scalars(
            sa.select(Interest).where(Interest.user_id == user.id).order_by(Interest.id)
        )
        if entry.in_force(meeting.day)
    ]
    if not entries:
        return []
    shown = version.frozen.entries(full=private)
    found = rules.matching(
        ((entry["item_id"], _item_text(entry)) for entry in shown),
        ((interest, interest.organisation) for interest in entries),
    )
    answers = {
        check.item_id: check
        for check in db.session.scalars(
            sa.select(InterestCheck).where(
                InterestCheck.user_id == user.id, InterestCheck.item_id.in_(list(found))
            )
        )
    }
    return [
        ItemToCheck(
            item_id=entry["item_id"],
            number=entry["number"],
            title=entry["title"],
            interests=found[entry["item_id"]],
            answer=answers.get(entry["item_id"]),
        )
        for entry in shown
        if entry["item_id"] in found
    ]


def _item_text(entry: dict[str, Any]) -> str:
    papers = " ".join(paper["filename"] for paper in entry.get("papers", ()))
    return " \n ".join(
        text
        for text in (entry["title"], entry.get("description"), entry.get("presenter"), papers)
        if text
    )


def answer_check(
    actor: User,
    meeting: Meeting,
    checking: ItemToCheck,
    answer: CheckAnswer | str,
    note: str | None,
) -> InterestCheck:
    """A member says, before the meeting, whether they will declare an interest on an item."""
    answer = CheckAnswer(answer)
    note = (note or "").strip() or None
    if answer is CheckAnswer.DECLARE and note is None:
        raise Refused(
            f"Say what the interest is for item {checking.number}", field=f"note_{checking.item_id}"
        )
    check = checking.answer
    if check is None:
        check = InterestCheck(item_id=checking.item_id, user_id=actor.id)
        db.session.add(check)
    check.answer = answer.value
    check.note = note if answer is CheckAnswer.DECLARE else None
    check.interest_id = checking.interests[0].id
    db.session.flush()
    item = db.session.get(AgendaItem, checking.item_id)
    private = bool(item and item.is_private)
    from governors.audit.services import private_name

    on = private_name("agenda item", checking.item_id) if private else f"item {checking.number}"
    said = "will declare an interest" if answer is CheckAnswer.DECLARE else "has no interest"
    record(
        actor,
        "interests.checked",
        check,
        f"{actor.name} {said} on {on} of meeting {meeting.id}",
        after={"answer": answer.value},
        private=private,
    )
    return check


def advance_declarations(meeting: Meeting) -> list[InterestCheck]:
    """What members said, before the meeting, they will declare: for the secretary's register."""
    return list(
        db.session.scalars(
            sa.select(InterestCheck)
            .join(AgendaItem, AgendaItem.id == InterestCheck.item_id)
            .where(
                AgendaItem.meeting_id == meeting.id,
                InterestCheck.answer == CheckAnswer.DECLARE.value,
            )
            .options(joinedload(InterestCheck.user), joinedload(InterestCheck.interest))
            .order_by(AgendaItem.part.desc(), AgendaItem.position, InterestCheck.id)
        )
    )


@dataclass(frozen=True)
class MeetingToCheck:
    meeting: Meeting
    waiting: int


def meetings_to_check(user: User, meetings: Iterable[Meeting]) -> list[MeetingToCheck]:
    """Of ``meetings`` (coming up, that ``user`` attends), those with items mentioning an
    organisation in their register still to be answered. A handful of queries, however
    many meetings and items."""
    from governors.agendas.models import AgendaVersion
    from governors.permissions import Permission, can

    meetings = list(meetings)
    if not meetings:
        return []
    entries = db.session.scalars(sa.select(Interest).where(Interest.user_id == user.id)).all()
    if not entries:
        return []
    latest = (
        sa.select(AgendaVersion.meeting_id, sa.func.max(AgendaVersion.number).label("number"))
        .where(AgendaVersion.meeting_id.in_([m.id for m in meetings]))
        .group_by(AgendaVersion.meeting_id)
        .subquery()
    )
    versions = {
        version.meeting_id: version
        for version in db.session.scalars(
            sa.select(AgendaVersion).join(
                latest,
                sa.and_(
                    AgendaVersion.meeting_id == latest.c.meeting_id,
                    AgendaVersion.number == latest.c.number,
                ),
            )
        )
    }
    answered = set(
        db.session.scalars(sa.select(InterestCheck.item_id).where(InterestCheck.user_id == user.id))
    )
    found = []
    for meeting in meetings:
        version = versions.get(meeting.id)
        if version is None:
            continue
        held = [(e, e.organisation) for e in entries if e.in_force(meeting.day)]
        shown = version.frozen.entries(full=can(user, Permission.PRIVATE_VIEW, meeting))
        hits = rules.matching(((e["item_id"], _item_text(e)) for e in shown), held)
        waiting = len(set(hits) - answered)
        if waiting:
            found.append(MeetingToCheck(meeting, waiting))
    return found


# Reminders -------------------------------------------------------------------------------


def send_return_reminders(today: date | None = None) -> int:
    """Email everyone whose yearly return is due within ``rules.DUE_SOON_DAYS`` days or
    overdue: once when it becomes due soon and once when it becomes overdue, however often
    this runs. Returns how many were queued."""
    today = today or local_today()
    queued = 0
    for row in overview(today):
        if row.state is rules.ReturnState.UP_TO_DATE:
            continue
        key = f"interests:return:{row.person.id}:{row.due_on.isoformat()}:{row.state.value}"
        overdue = row.state is rules.ReturnState.OVERDUE
        subject = (
            "Your declaration of interests is overdue"
            if overdue
            else f"Your declaration of interests is due by {format_date(row.due_on)}"
        )
        if queue_reminder(
            key,
            row.person.email,
            subject,
            "governors/email/interests_return_due.txt",
            person=row.person,
            row=row,
            overdue=overdue,
            link=absolute_url("governors.interests.person", person_id=row.person.id),
        ):
            queued += 1
    return queued
