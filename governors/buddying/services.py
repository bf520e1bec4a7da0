"""Buddying: the only place buddy pairs, the notes of their meetings and requests for a
buddy are written, and the queries their pages share.

Every change takes the acting user, writes its audit entry, queues its emails and flushes;
the view commits. The notes of buddy meetings are for the pair and the secretary only:
they never go into an email or the audit log, which says only that a note was added.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from governors.audit.services import record
from governors.bodies.models import Body, Membership
from governors.bodies.rules import BodyKind
from governors.buddying.models import BuddyNote, BuddyPair, BuddyRequest
from governors.buddying.rules import (
    BuddyCandidate,
    BuddySuggestion,
    Purpose,
    RequestStatus,
    new_since,
    rank_buddies,
    years_served,
)
from governors.cover.services import unavailable_on
from governors.errors import Refused
from governors.extensions import db
from governors.outbox.services import absolute_url, queue_email
from governors.people.models import GovernorProfile, Role, User, UserRole
from governors.timeutil import format_date, local_today, utcnow

MESSAGE_MAX = 2000
REASON_MAX = 2000
NOTE_MAX = 5000


def _clean(text: str | None) -> str | None:
    return (text or "").strip() or None


def _purpose(value: Purpose | str) -> Purpose:
    try:
        return Purpose(value)
    except ValueError:
        raise Refused("Select what the buddy is for", field="purpose") from None


def _too_long(text: str | None, limit: int, what: str, field: str) -> None:
    if text is not None and len(text) > limit:
        raise Refused(f"{what} must be {limit:,} characters or fewer", field=field)


# Who is who ------------------------------------------------------------------------------


def is_ned(user: User) -> bool:
    return Role.NED in user.roles


def may_have_a_buddy(user: User) -> bool:
    """Only governors are given a buddy."""
    return bool(user.active and user.is_governor)


def may_be_a_buddy(user: User) -> bool:
    """A buddy is an active governor or non-executive director."""
    return bool(user.active and (user.is_governor or is_ned(user)))


def described_as(user: User) -> str:
    """``Public governor``, ``Non-executive director``."""
    profile = user.governor_profile
    if profile is not None:
        return f"{profile.constituency_label} governor"
    return Role.NED.label if is_ned(user) else ", ".join(user.role_labels)


def possible_buddies(governor: User | None = None) -> list[User]:
    """Every active governor and non-executive director, by name, but ``governor``."""
    nominees = sa.select(UserRole.user_id).where(UserRole.role == Role.NED.value)
    with_profile = sa.select(GovernorProfile.user_id)
    query = (
        sa.select(User)
        .where(User.active.is_(True), sa.or_(User.id.in_(nominees), User.id.in_(with_profile)))
        .options(selectinload(User.role_rows), selectinload(User.governor_profile))
        .order_by(User.name, User.id)
    )
    if governor is not None:
        query = query.where(User.id != governor.id)
    return list(db.session.scalars(query))


# Reading ---------------------------------------------------------------------------------


def _with_people(query: sa.Select) -> sa.Select:
    return query.options(
        selectinload(BuddyPair.governor).selectinload(User.governor_profile),
        selectinload(BuddyPair.governor).selectinload(User.role_rows),
        selectinload(BuddyPair.buddy).selectinload(User.governor_profile),
        selectinload(BuddyPair.buddy).selectinload(User.role_rows),
    )


def _not_ended(today: date) -> sa.ColumnElement[bool]:
    return sa.or_(BuddyPair.ends_on.is_(None), BuddyPair.ends_on >= today)


def load_pair(pair_id: int) -> BuddyPair | None:
    return db.session.scalar(
        _with_people(sa.select(BuddyPair).where(BuddyPair.id == pair_id)).options(
            selectinload(BuddyPair.notes).selectinload(BuddyNote.written_by)
        )
    )


def load_request(buddy_request_id: int) -> BuddyRequest | None:
    return db.session.scalar(
        sa.select(BuddyRequest)
        .where(BuddyRequest.id == buddy_request_id)
        .options(
            selectinload(BuddyRequest.governor),
            selectinload(BuddyRequest.preferred),
            selectinload(BuddyRequest.answered_by),
            selectinload(BuddyRequest.pair),
        )
    )


def pairs_of(user: User) -> list[BuddyPair]:
    """Every pair ``user`` is in, either side, newest first."""
    return list(
        db.session.scalars(
            _with_people(
                sa.select(BuddyPair)
                .where(sa.or_(BuddyPair.governor_id == user.id, BuddyPair.buddy_id == user.id))
                .order_by(BuddyPair.starts_on.desc(), BuddyPair.id.desc())
            )
        )
    )


def current_pairs(today: date | None = None) -> list[BuddyPair]:
    """Every pair not yet ended, by the governor's name."""
    today = today or local_today()
    return list(
        db.session.scalars(
            _with_people(
                sa.select(BuddyPair)
                .join(User, User.id == BuddyPair.governor_id)
                .where(_not_ended(today))
                .order_by(User.name, BuddyPair.starts_on, BuddyPair.id)
            )
        )
    )


def requests_of(user: User) -> list[BuddyRequest]:
    return list(
        db.session.scalars(
            sa.select(BuddyRequest)
            .where(BuddyRequest.governor_id == user.id)
            .options(
                selectinload(BuddyRequest.preferred),
                selectinload(BuddyRequest.answered_by),
                selectinload(BuddyRequest.pair).selectinload(BuddyPair.buddy),
            )
            .order_by(BuddyRequest.asked_at.desc(), BuddyRequest.id.desc())
        )
    )


def waiting_request_of(user: User) -> BuddyRequest | None:
    return db.session.scalar(
        sa.select(BuddyRequest).where(
            BuddyRequest.governor_id == user.id,
            BuddyRequest.status == RequestStatus.WAITING.value,
        )
    )


def waiting_requests() -> list[BuddyRequest]:
    """Every request waiting for the secretary's answer, oldest first."""
    return list(
        db.session.scalars(
            sa.select(BuddyRequest)
            .where(BuddyRequest.status == RequestStatus.WAITING.value)
            .options(selectinload(BuddyRequest.governor), selectinload(BuddyRequest.preferred))
            .order_by(BuddyRequest.asked_at, BuddyRequest.id)
        )
    )


@dataclass(frozen=True)
class NewGovernor:
    user: User
    term_start: date
    # Their request for a buddy, if one is waiting.
    waiting: BuddyRequest | None = None


def new_governors_without_buddy(today: date | None = None) -> list[NewGovernor]:
    """Active governors whose term began within six months and who have no buddy (a pair
    not yet ended): the secretary should find them one. Longest waiting first."""
    today = today or local_today()
    paired = sa.select(BuddyPair.governor_id).where(_not_ended(today))
    profiles = list(
        db.session.scalars(
            sa.select(GovernorProfile)
            .join(User, User.id == GovernorProfile.user_id)
            .where(
                User.active.is_(True),
                GovernorProfile.term_start <= today,
                GovernorProfile.term_start > new_since(today),
                GovernorProfile.user_id.not_in(paired),
            )
            .options(selectinload(GovernorProfile.user))
            .order_by(GovernorProfile.term_start, User.name)
        )
    )
    waiting = {
        r.governor_id: r
        for r in db.session.scalars(
            sa.select(BuddyRequest).where(
                BuddyRequest.status == RequestStatus.WAITING.value,
                BuddyRequest.governor_id.in_([p.user_id for p in profiles]),
            )
        )
    }
    return [NewGovernor(p.user, p.term_start, waiting.get(p.user_id)) for p in profiles]


# Suggestions -----------------------------------------------------------------------------


def _first_terms(user_ids: list[int]) -> dict[int, date]:
    if not user_ids:
        return {}
    rows = db.session.execute(
        sa.select(GovernorProfile.user_id, sa.func.min(GovernorProfile.term_start))
        .where(GovernorProfile.user_id.in_(user_ids))
        .group_by(GovernorProfile.user_id)
    )
    return dict(rows.tuples().all())


def _shared_bodies(governor: User, user_ids: list[int], today: date) -> dict[int, int]:
    """How many of the governor's committees and panels (not the Council) each person
    sits on today."""
    if not user_ids:
        return {}

    def in_force(query: sa.Select) -> sa.Select:
        return query.where(
            Membership.starts_on <= today,
            sa.or_(Membership.ends_on.is_(None), Membership.ends_on >= today),
        )

    theirs = in_force(
        sa.select(Membership.body_id)
        .join(Body, Body.id == Membership.body_id)
        .where(Membership.user_id == governor.id, Body.kind != BodyKind.COUNCIL.value)
    )
    rows = db.session.execute(
        in_force(
            sa.select(Membership.user_id, sa.func.count(sa.distinct(Membership.body_id)))
            .where(Membership.user_id.in_(user_ids), Membership.body_id.in_(theirs))
            .group_by(Membership.user_id)
        )
    )
    return dict(rows.tuples().all())


def _current_buddy_ids(governor: User, today: date) -> set[int]:
    rows = db.session.execute(
        sa.select(BuddyPair.governor_id, BuddyPair.buddy_id).where(
            _not_ended(today),
            sa.or_(BuddyPair.governor_id == governor.id, BuddyPair.buddy_id == governor.id),
        )
    )
    return {person for row in rows for person in row} - {governor.id}


def candidates(
    governor: User,
    preferred_id: int | None = None,
    today: date | None = None,
    people: Iterable[User] | None = None,
) -> list[BuddyCandidate]:
    """Everyone who might be ``governor``'s buddy, with the facts the ranking weighs:
    years served, committees shared, whether they are away today, and the preference."""
    today = today or local_today()
    already = _current_buddy_ids(governor, today)
    people = [
        p
        for p in (people or possible_buddies(governor))
        if p.id != governor.id and p.id not in already
    ]
    ids = [p.id for p in people]
    first_terms = _first_terms(ids)
    shared = _shared_bodies(governor, ids, today)
    away = unavailable_on(today, ids)
    found = []
    for person in people:
        first = first_terms.get(person.id)
        found.append(
            BuddyCandidate(
                user_id=person.id,
                name=person.name,
                described_as=described_as(person),
                years_served=years_served(first, today),
                shared_bodies=shared.get(person.id, 0),
                unavailable=person.id in away,
                preferred=person.id == preferred_id,
                years_known=first is not None,
            )
        )
    return found


def suggestions(
    governor: User, preferred_id: int | None = None, today: date | None = None
) -> list[BuddySuggestion]:
    """Possible buddies for ``governor``, best first, each with why: the one they asked
    for first, then by years served, then by committees shared. Nobody away today."""
    return rank_buddies(candidates(governor, preferred_id, today), governor_id=governor.id)


# Requests --------------------------------------------------------------------------------


def _secretaries() -> list[User]:
    from governors.permissions import Permission, people_who_may

    return people_who_may(Permission.BUDDIES_MANAGE)


def _check_buddy(governor: User, buddy: User | None, field: str) -> User:
    if buddy is None:
        raise Refused("Choose who will be the buddy", field=field)
    if buddy.id == governor.id:
        raise Refused("Choose someone other than the governor themselves", field=field)
    if not may_be_a_buddy(buddy):
        raise Refused("Choose a governor or non-executive director from the list", field=field)
    return buddy


def ask_for_buddy(
    governor: User,
    *,
    purpose: Purpose | str,
    preferred: User | None = None,
    message: str | None = None,
    notify: bool = True,
) -> BuddyRequest:
    """A governor asks for a buddy, perhaps naming the one they would like. One request
    waits at a time. The secretary is emailed (without the message, which stays here)."""
    if not may_have_a_buddy(governor):
        raise Refused("Only governors can ask for a buddy")
    purpose = _purpose(purpose)
    if waiting_request_of(governor) is not None:
        raise Refused(
            "You have already asked for a buddy. Wait for the board secretary's answer, "
            "or withdraw that request first."
        )
    if preferred is not None:
        if preferred.id == governor.id:
            raise Refused("Choose someone other than yourself", field="preferred")
        if not may_be_a_buddy(preferred):
            raise Refused(
                "Choose a governor or non-executive director from the list", field="preferred"
            )
    message = _clean(message)
    _too_long(message, MESSAGE_MAX, "Your message", "message")
    asked = BuddyRequest(
        governor_id=governor.id,
        preferred_id=preferred.id if preferred else None,
        purpose=purpose.value,
        message=message,
        status=RequestStatus.WAITING.value,
        asked_at=utcnow(),
    )
    db.session.add(asked)
    db.session.flush()
    named = f", naming {preferred.name}" if preferred else ""
    record(
        governor,
        "buddy.requested",
        asked,
        f"{governor.name} asked for a buddy for {purpose.label.lower()}{named}",
        after={"purpose": purpose.value, "preferred_id": asked.preferred_id},
    )
    for secretary in _secretaries() if notify else ():
        queue_email(
            secretary.email,
            f"{governor.name} asks for a buddy",
            "governors/email/buddy_requested.txt",
            secretary=secretary,
            asked=asked,
            governor=governor,
            preferred=preferred,
            link=absolute_url("governors.buddying.answer", buddy_request_id=asked.id),
        )
    return asked


def withdraw_request(actor: User, asked: BuddyRequest) -> None:
    if asked.status != RequestStatus.WAITING:
        raise Refused("This request has already been answered")
    if actor.id != asked.governor_id:
        raise Refused("Only the governor who asked can withdraw this request")
    asked.status = RequestStatus.WITHDRAWN.value
    asked.answered_at = utcnow()
    db.session.flush()
    record(
        actor, "buddy.request_withdrawn", asked, f"{actor.name} withdrew their request for a buddy"
    )


def answer_request(
    actor: Any,
    asked: BuddyRequest,
    *,
    accept: bool,
    buddy: User | None = None,
    reason: str | None = None,
    starts_on: date | None = None,
    notify: bool = True,
) -> BuddyRequest:
    """The secretary pairs the governor with a buddy (the one they asked for, unless
    another is chosen), or says why not. The governor is emailed the answer, and a new
    buddy is emailed too."""
    if asked.status != RequestStatus.WAITING:
        raise Refused("This request has already been answered")
    reason = _clean(reason)
    _too_long(reason, REASON_MAX, "The reason", "reason")
    governor = asked.governor
    pair = None
    if accept:
        buddy = _check_buddy(governor, buddy or asked.preferred, "buddy")
        pair = create_pair(
            actor,
            governor,
            buddy,
            purpose=asked.purpose,
            starts_on=starts_on or local_today(),
            notify=False,
        )
        asked.status = RequestStatus.ACCEPTED.value
        asked.pair = pair
    else:
        if reason is None:
            raise Refused("Give a reason, so the governor knows why", field="reason")
        asked.status = RequestStatus.DECLINED.value
    asked.reason = reason
    asked.answered_by_id = actor.id
    asked.answered_at = utcnow()
    db.session.flush()
    summary = (
        f"Answered {governor.name}'s request for a buddy: paired with {buddy.name}"
        if pair is not None and buddy is not None
        else f"Answered {governor.name}'s request for a buddy: not arranged"
    )
    record(
        actor,
        "buddy.request_accepted" if accept else "buddy.request_declined",
        asked,
        summary,
        after={"status": asked.status, "pair_id": asked.pair_id},
    )
    if not notify:
        return asked
    link = (
        absolute_url("governors.buddying.pair", pair_id=pair.id)
        if pair is not None
        else absolute_url("governors.buddying.index")
    )
    queue_email(
        governor.email,
        "Your buddy: " + ("arranged" if pair is not None else "the board secretary's answer"),
        "governors/email/buddy_answered.txt",
        asked=asked,
        governor=governor,
        buddy=buddy if pair is not None else None,
        pair=pair,
        link=link,
    )
    if pair is not None and buddy is not None:
        _tell_buddy(pair)
    return asked


# Pairs -----------------------------------------------------------------------------------


def _tell_buddy(pair: BuddyPair) -> None:
    queue_email(
        pair.buddy.email,
        f"You are now {pair.governor.name}'s buddy",
        "governors/email/buddy_paired.txt",
        pair=pair,
        person=pair.buddy,
        other=pair.governor,
        link=absolute_url("governors.buddying.pair", pair_id=pair.id),
    )


def create_pair(
    actor: Any,
    governor: User,
    buddy: User | None,
    *,
    purpose: Purpose | str,
    starts_on: date,
    ends_on: date | None = None,
    notify: bool = True,
) -> BuddyPair:
    """Pair a governor with a buddy: another governor or a non-executive director. The
    two are emailed (unless ``notify`` is off)."""
    if not may_have_a_buddy(governor):
        raise Refused("Choose a governor to be given a buddy", field="governor")
    buddy = _check_buddy(governor, buddy, "buddy")
    purpose = _purpose(purpose)
    if ends_on is not None and ends_on < starts_on:
        raise Refused("The last day must be the same as or after the first day", field="ends_on")
    two = {governor.id, buddy.id}
    duplicate = db.session.scalar(
        sa.select(BuddyPair.id).where(
            BuddyPair.governor_id.in_(two),
            BuddyPair.buddy_id.in_(two),
            _not_ended(max(starts_on, local_today())),
        )
    )
    if duplicate is not None:
        raise Refused(f"{governor.name} and {buddy.name} are already buddies", field="buddy")
    pair = BuddyPair(
        governor=governor,
        buddy=buddy,
        purpose=purpose.value,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by_id=actor.id,
        created_at=utcnow(),
    )
    db.session.add(pair)
    db.session.flush()
    until = f" to {format_date(ends_on)}" if ends_on else ""
    record(
        actor,
        "buddy.paired",
        pair,
        f"Paired {governor.name} with {buddy.name} as buddies for {purpose.label.lower()}, "
        f"from {format_date(starts_on)}{until}",
        after={
            "governor_id": governor.id,
            "buddy_id": buddy.id,
            "purpose": purpose.value,
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat() if ends_on else None,
        },
    )
    if notify:
        queue_email(
            governor.email,
            f"Your buddy: {buddy.name}",
            "governors/email/buddy_paired.txt",
            pair=pair,
            person=governor,
            other=buddy,
            link=absolute_url("governors.buddying.pair", pair_id=pair.id),
        )
        _tell_buddy(pair)
    return pair


def end_pair(actor: Any, pair: BuddyPair, last_day: date | None = None) -> None:
    """End a pair: its last day is ``last_day`` (today unless given)."""
    today = local_today()
    if pair.ends_on is not None and pair.ends_on < today:
        raise Refused("This pair has already ended")
    last_day = max(last_day or today, pair.starts_on)
    before = pair.ends_on
    pair.ends_on = last_day
    db.session.flush()
    record(
        actor,
        "buddy.pair_ended",
        pair,
        f"Ended the buddy pair of {pair.governor.name} and {pair.buddy.name}, "
        f"last day {format_date(last_day)}",
        before={"ends_on": before.isoformat() if before else None},
        after={"ends_on": last_day.isoformat()},
    )


def add_note(actor: Any, pair: BuddyPair, met_on: date | None, note: str | None) -> BuddyNote:
    """A note of a buddy meeting, by one of the two or the secretary. The audit log says
    only that a note was added: never what it says."""
    from governors.permissions import Permission, can

    if not can(actor, Permission.BUDDIES_VIEW, pair):
        raise Refused("Only the two buddies and the board secretary can add notes")
    if met_on is None:
        raise Refused("Enter the day you met", field="met_on")
    if met_on > local_today():
        raise Refused("The day you met must be today or in the past", field="met_on")
    note = _clean(note)
    if note is None:
        raise Refused("Enter a note of the meeting", field="note")
    _too_long(note, NOTE_MAX, "The note", "note")
    written = BuddyNote(pair=pair, met_on=met_on, note=note, written_by_id=actor.id)
    db.session.add(written)
    db.session.flush()
    record(actor, "buddy.note_added", written, "Added a note of a buddy meeting")
    return written
