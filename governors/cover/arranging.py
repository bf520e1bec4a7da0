"""Cover for what a period of unavailability touches: apologies for the meetings missed,
a need for a substitute on each committee meeting, who to ask (``rules.rank_substitutes``),
the offers by email with links to accept or decline, and the seat left vacant when nobody
can stand in.

Every change takes the acting user, writes its audit entry, queues its emails and flushes;
the view (or the ``flask governors send-mail`` run, for ``sweep``) commits. Nothing here
reads or passes on a period's private note: everyone told about cover learns only that the
member "is not available".
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from governors.attendance.models import AttendanceRecord, Presence
from governors.attendance.services import members_for, own_record
from governors.audit.services import record
from governors.bodies import services as bodies
from governors.bodies.models import Body, Membership, Seat
from governors.bodies.rules import MemberRole, Requirement
from governors.council.models import current_settings
from governors.cover import rules
from governors.cover.models import (
    CoverNeed,
    CoverOffer,
    CoverStatus,
    OfferStatus,
    Unavailability,
)
from governors.cover.services import unavailable_on
from governors.errors import Refused
from governors.extensions import db
from governors.meetings.models import Meeting
from governors.outbox.services import absolute_url, queue_email
from governors.people.models import Role, User
from governors.timeutil import (
    format_date,
    format_datetime,
    local_to_utc,
    local_today,
    to_local,
    utcnow,
)

# An open-ended period is planned this far ahead; the sweep moves the horizon on each day.
PLAN_AHEAD = timedelta(days=90)
# What the secretary may choose as the time to answer, in hours.
ANSWER_HOURS = (1, 2, 4, 12, 24, 48)
WAITING = (CoverStatus.OPEN.value, CoverStatus.ASKED.value)
UPCOMING = (
    CoverStatus.OPEN.value,
    CoverStatus.ASKED.value,
    CoverStatus.VACANT.value,
    CoverStatus.COVERED.value,
)
NOT_AVAILABLE = "is not available"


def _secretaries() -> list[User]:
    from governors.permissions import Permission, people_who_may

    return people_who_may(Permission.COVER_ARRANGE)


def _when(meeting: Meeting) -> str:
    return format_datetime(meeting.starts_at)


def _need_link(need: CoverNeed) -> str:
    return absolute_url("governors.cover.need", need_id=need.id)


def seat_name(need: CoverNeed) -> str:
    """How the seat is named to people: "service user governor", or "member's"."""
    return need.seat.name if need.seat is not None else "member's"


# Which meetings a period touches ---------------------------------------------------------


def _window(period: Unavailability, today: date) -> tuple[date, date] | None:
    first = max(period.starts_on, today)
    last = period.ends_on if period.ends_on is not None else today + PLAN_AHEAD
    if period.is_withdrawn or last < first:
        return None
    return first, last


def _meetings_between(first: date, last: date, now: datetime) -> list[Meeting]:
    """Meetings not cancelled and not yet started, on local days ``first`` to ``last``."""
    return list(
        db.session.scalars(
            sa.select(Meeting)
            .where(
                Meeting.cancelled_at.is_(None),
                Meeting.starts_at >= max(local_to_utc(first, time(0, 0)), now),
                Meeting.starts_at < local_to_utc(last + timedelta(days=1), time(0, 0)),
            )
            .options(joinedload(Meeting.body))
            .order_by(Meeting.starts_at, Meeting.id)
        )
    )


def _touched_meetings(period: Unavailability, now: datetime | None = None) -> list[Meeting]:
    now = now or utcnow()
    window = _window(period, local_today())
    if window is None:
        return []
    person = period.user
    # Who sits where, read once: the same rule as ``members_for``, for one person. The
    # Council's members are the governors in term that day, and the trust's chair.
    memberships = db.session.scalars(
        sa.select(Membership).where(
            Membership.user_id == person.id,
            Membership.starts_on <= window[1],
            sa.or_(Membership.ends_on.is_(None), Membership.ends_on >= window[0]),
        )
    ).all()
    profile = person.governor_profile
    chairs_council = person.has_role(Role.CHAIR)

    def sits_at(meeting: Meeting) -> bool:
        day = meeting.day
        if meeting.for_council:
            return (profile is not None and profile.in_term(day)) or chairs_council
        return any(
            m.body_id == meeting.body_id
            and m.starts_on <= day
            and (m.ends_on is None or day <= m.ends_on)
            for m in memberships
        )

    return [meeting for meeting in _meetings_between(*window, now) if sits_at(meeting)]


def _seat_held(user_id: int, body_id: int, day: date) -> Seat | None:
    return db.session.scalar(
        sa.select(Seat)
        .join(Membership, Membership.seat_id == Seat.id)
        .where(
            Membership.user_id == user_id,
            Membership.body_id == body_id,
            Membership.starts_on <= day,
            sa.or_(Membership.ends_on.is_(None), Membership.ends_on >= day),
        )
        .limit(1)
    )


def _apologise(actor: Any, period: Unavailability, meeting: Meeting) -> None:
    if own_record(meeting, period.user) is not None:
        return
    entry = AttendanceRecord(
        meeting_id=meeting.id,
        user_id=period.user_id,
        status=Presence.APOLOGIES.value,
        message=None,
        recorded_by_id=actor.id,
        updated_at=utcnow(),
    )
    db.session.add(entry)
    db.session.flush()
    record(
        actor,
        "attendance.apologies_recorded",
        entry,
        f"Recorded apologies for {period.user.name} for meeting {meeting.id}: not available",
    )


def plan_cover(actor: Any, period: Unavailability, now: datetime | None = None) -> list[CoverNeed]:
    """Apologies for every meeting ``period`` touches, and a need for a substitute at each
    committee meeting (the Council takes no substitutes). A need nobody can meet makes the
    seat vacant at once, and the secretary and the body's chair are told. Planning again
    adds only what is new. Returns the needs made."""
    made: list[CoverNeed] = []
    existing = {
        need.meeting_id: need
        for need in db.session.scalars(
            sa.select(CoverNeed).where(CoverNeed.absent_id == period.user_id)
        )
    }
    for meeting in _touched_meetings(period, now):
        _apologise(actor, period, meeting)
        if meeting.body.is_council:
            continue
        need = existing.get(meeting.id)
        if need is not None:
            if need.status != CoverStatus.RELEASED:
                continue
            need.unavailability_id = period.id
            need.status = CoverStatus.OPEN.value
            need.updated_at = utcnow()
        else:
            seat = _seat_held(period.user_id, meeting.body_id, meeting.day)
            need = CoverNeed(
                unavailability_id=period.id,
                meeting_id=meeting.id,
                absent_id=period.user_id,
                seat_id=getattr(seat, "id", None),
                status=CoverStatus.OPEN.value,
            )
            db.session.add(need)
        db.session.flush()
        record(
            actor,
            "cover.needed",
            need,
            f"Cover needed for {period.user.name} at meeting {meeting.id}: not available",
        )
        made.append(need)
        if ranking_for(need).no_suitable_substitute:
            mark_vacant(actor, need)
    return made


# What a period touches, for its page ----------------------------------------------------


@dataclass(frozen=True)
class TouchedMeeting:
    meeting: Meeting
    need: CoverNeed | None

    @property
    def council(self) -> bool:
        return self.meeting.body.is_council


@dataclass(frozen=True)
class TouchedSeat:
    body: Body
    seat: Seat
    required: bool


@dataclass(frozen=True)
class BuddyMeeting:
    other: User
    purpose: str


@dataclass
class Touched:
    meetings: list[TouchedMeeting] = field(default_factory=list)
    seats: list[TouchedSeat] = field(default_factory=list)
    buddies: list[BuddyMeeting] = field(default_factory=list)

    @property
    def nothing(self) -> bool:
        return not (self.meetings or self.seats or self.buddies)


def touched_by(period: Unavailability) -> Touched:
    """The meetings (with the cover for each), the seats and the buddy pairs a period
    touches."""
    from governors.buddying.models import BuddyPair

    touched = Touched()
    today = local_today()
    window = _window(period, today)
    if window is None:
        return touched
    first, last = window
    needs = {
        need.meeting_id: need
        for need in db.session.scalars(
            sa.select(CoverNeed)
            .where(CoverNeed.unavailability_id == period.id)
            .options(joinedload(CoverNeed.deputy), joinedload(CoverNeed.seat))
        )
    }
    touched.meetings = [
        TouchedMeeting(meeting, needs.get(meeting.id)) for meeting in _touched_meetings(period)
    ]
    memberships = db.session.scalars(
        sa.select(Membership)
        .where(
            Membership.user_id == period.user_id,
            Membership.seat_id.is_not(None),
            Membership.starts_on <= last,
            sa.or_(Membership.ends_on.is_(None), Membership.ends_on >= first),
        )
        .options(joinedload(Membership.body), joinedload(Membership.seat))
        .order_by(Membership.id)
    )
    touched.seats = [
        TouchedSeat(m.body, m.seat, required=m.seat.required >= 1)
        for m in memberships
        if m.seat is not None
    ]
    pairs = db.session.scalars(
        sa.select(BuddyPair)
        .where(
            sa.or_(BuddyPair.governor_id == period.user_id, BuddyPair.buddy_id == period.user_id),
            BuddyPair.starts_on <= last,
            sa.or_(BuddyPair.ends_on.is_(None), BuddyPair.ends_on >= first),
        )
        .options(joinedload(BuddyPair.governor), joinedload(BuddyPair.buddy))
        .order_by(BuddyPair.id)
    )
    touched.buddies = [BuddyMeeting(p.other(period.user_id), p.purpose_label) for p in pairs]
    return touched


# Who might stand in ----------------------------------------------------------------------


def _candidate_people(day: date) -> list[User]:
    """Active governors in term on ``day``, and non-executive directors."""
    from governors.people.models import Role

    people = db.session.scalars(
        sa.select(User)
        .where(User.active.is_(True))
        .options(selectinload(User.role_rows), selectinload(User.governor_profile))
        .order_by(User.name, User.id)
    )
    return [
        person
        for person in people
        if (person.governor_profile is not None and person.governor_profile.in_term(day))
        or Role.NED in person.roles
    ]


def _overlapping(meeting: Meeting) -> list[Meeting]:
    return list(
        db.session.scalars(
            sa.select(Meeting).where(
                Meeting.id != meeting.id,
                Meeting.cancelled_at.is_(None),
                Meeting.starts_at < meeting.ends_at,
                # No meeting lasts a day: the rest is checked below.
                Meeting.starts_at > meeting.starts_at - timedelta(days=1),
            )
        )
    )


def _clashes(meeting: Meeting, ids: Sequence[int]) -> dict[int, str]:
    """What each person is already committed to while ``meeting`` runs."""
    found: dict[int, str] = {}
    deputy = MemberRole.DEPUTY.label
    for member in members_for(meeting):
        # A member in the deputy role is there to attend in a member's place.
        if member.role != deputy:
            found[member.user.id] = f"already a member of this {meeting.body.kind_label.lower()}"
    others = [m for m in _overlapping(meeting) if m.ends_at > meeting.starts_at]
    for other in others:
        label = f"the {other.kind_label} at {format_datetime(other.starts_at)}"
        for member in members_for(other):
            found.setdefault(member.user.id, label)
    if others:
        by_id = {m.id: m for m in others}
        covering = db.session.execute(
            sa.select(CoverNeed.deputy_id, CoverNeed.meeting_id).where(
                CoverNeed.meeting_id.in_(list(by_id)),
                CoverNeed.status == CoverStatus.COVERED.value,
            )
        ).all()
        for deputy_id, meeting_id in covering:
            found.setdefault(deputy_id, f"standing in at the {by_id[meeting_id].kind_label}")
        offers = db.session.execute(
            sa.select(CoverOffer.candidate_id, CoverNeed.meeting_id)
            .join(CoverNeed, CoverNeed.id == CoverOffer.need_id)
            .where(
                CoverNeed.meeting_id.in_([m.id for m in others]),
                CoverOffer.status == OfferStatus.ASKED.value,
            )
        ).all()
        for candidate_id, meeting_id in offers:
            found.setdefault(
                candidate_id, f"asked to stand in at the {by_id[meeting_id].kind_label}"
            )
    wanted = set(ids)
    return {user_id: text for user_id, text in found.items() if user_id in wanted}


def _covers_last_year(meeting: Meeting, ids: Sequence[int]) -> dict[int, int]:
    rows = db.session.execute(
        sa.select(CoverNeed.deputy_id, sa.func.count(CoverNeed.id))
        .join(Meeting, Meeting.id == CoverNeed.meeting_id)
        .where(
            CoverNeed.status == CoverStatus.COVERED.value,
            CoverNeed.deputy_id.in_(list(ids)),
            Meeting.starts_at >= meeting.starts_at - rules.LOAD_WINDOW,
            Meeting.starts_at < meeting.starts_at,
        )
        .group_by(CoverNeed.deputy_id)
    ).all()
    return {user_id: count for user_id, count in rows}


def _already_asked(need: CoverNeed) -> dict[int, str]:
    found: dict[int, str] = {}
    for offer in db.session.scalars(sa.select(CoverOffer).where(CoverOffer.need_id == need.id)):
        if offer.status == OfferStatus.DECLINED:
            found[offer.candidate_id] = f"Declined on {format_date(offer.answered_at)}"
        elif offer.status == OfferStatus.EXPIRED:
            found[offer.candidate_id] = "Did not answer in time"
        elif offer.status == OfferStatus.ASKED:
            found[offer.candidate_id] = "Has been asked and has not answered yet"
        elif offer.status == OfferStatus.ACCEPTED:
            found[offer.candidate_id] = "Is standing in already"
    return found


def candidates_for(need: CoverNeed) -> list[rules.Candidate]:
    """Everyone who might stand in for ``need``, with the facts the rule needs, in a fixed
    number of queries."""
    meeting = need.meeting
    people = _candidate_people(meeting.day)
    ids = [person.id for person in people]
    deputies = (
        {deputy.user_id: deputy.position for deputy in need.seat.deputies}
        if need.seat is not None
        else {}
    )
    away = unavailable_on(meeting.day, ids)
    clashes = _clashes(meeting, ids)
    covers = _covers_last_year(meeting, ids)
    asked = _already_asked(need)
    return [
        rules.Candidate(
            user_id=person.id,
            name=person.name,
            facts=bodies.person_facts(person),
            deputy_position=deputies.get(person.id),
            unavailable=person.id in away,
            clash=clashes.get(person.id),
            covers_last_year=covers.get(person.id, 0),
            already_asked=asked.get(person.id),
        )
        for person in people
    ]


def ranking_for(need: CoverNeed) -> rules.Ranking:
    requirement = need.seat.requirement if need.seat is not None else None
    return rules.rank_substitutes(requirement, candidates_for(need), absent_id=need.absent_id)


# The body's notice rule --------------------------------------------------------------------


def notice_rule(need: CoverNeed) -> rules.NoticeRule:
    return rules.NoticeRule(need.meeting.body.substitute_notice)


def notice_deadline(need: CoverNeed) -> datetime:
    return rules.notice_deadline(
        notice_rule(need), need.meeting.starts_at, current_settings().nation
    )


def notice_passed(need: CoverNeed, now: datetime | None = None) -> bool:
    return (now or utcnow()) > notice_deadline(need)


# Asking ----------------------------------------------------------------------------------


def _withdraw_waiting(need: CoverNeed, now: datetime, *, tell: bool = False) -> None:
    for offer in need.offers:
        if offer.status == OfferStatus.ASKED:
            offer.status = OfferStatus.WITHDRAWN.value
            if tell:
                queue_email(
                    offer.candidate.email,
                    f"No longer needed: {need.meeting.kind_label}",
                    "governors/email/cover_withdrawn.txt",
                    offer=offer,
                    meeting=need.meeting,
                    when=_when(need.meeting),
                )


def ask(
    actor: Any,
    need: CoverNeed,
    candidate_id: int,
    *,
    answer_hours: int,
    late_agreed: bool = False,
    now: datetime | None = None,
) -> CoverOffer:
    """Ask one of the proposed substitutes to stand in, by email, to answer within
    ``answer_hours`` (or before the meeting starts, if sooner). After the body's notice
    rule has run out, only with the chair's agreement (``late_agreed``)."""
    now = now or utcnow()
    meeting = need.meeting
    if need.status in (CoverStatus.COVERED, CoverStatus.RELEASED):
        raise Refused(f"This cover is {CoverStatus(need.status).label.lower()}: nobody is asked")
    if meeting.is_cancelled or now >= meeting.starts_at:
        raise Refused("The meeting has started or is cancelled, so nobody can be asked now")
    if answer_hours not in ANSWER_HOURS:
        raise Refused("Choose how long they have to answer", field="answer_hours")
    ranking = ranking_for(need)
    proposal = next((p for p in ranking.proposed if p.user_id == candidate_id), None)
    if proposal is None:
        raise Refused("Choose one of the people proposed", field="candidate")
    if notice_passed(need, now) and not (late_agreed or need.late_agreed):
        raise Refused(
            "The body's notice rule has passed. Tick the box to say the chair agreed to a "
            "late substitute",
            field="late_agreed",
        )
    _withdraw_waiting(need, now)
    offer = CoverOffer(
        need=need,
        candidate_id=candidate_id,
        token=secrets.token_urlsafe(32),
        status=OfferStatus.ASKED.value,
        reasons="; ".join(proposal.reasons)[:1000],
        asked_at=now,
        answer_by=min(now + timedelta(hours=answer_hours), meeting.starts_at),
        asked_by_id=actor.id,
    )
    db.session.add(offer)
    need.status = CoverStatus.ASKED.value
    need.answer_hours = answer_hours
    need.late_agreed = need.late_agreed or late_agreed
    need.updated_at = now
    db.session.flush()
    candidate = db.session.get(User, candidate_id)
    late = " (late, with the chair's agreement)" if notice_passed(need, now) else ""
    record(
        actor,
        "cover.asked",
        offer,
        f"Asked {candidate.name} to stand in for {need.absent.name} at meeting {meeting.id}{late}",
    )
    queue_email(
        candidate.email,
        f"Can you stand in at the {meeting.kind_label} on {format_date(meeting.day)}?",
        "governors/email/cover_offer.txt",
        candidate=candidate,
        need=need,
        meeting=meeting,
        when=_when(meeting),
        answer_by=format_datetime(offer.answer_by),
        papers=absolute_url("governors.meetings.detail", meeting_id=meeting.id),
        accept=absolute_url("governors.cover.answer", token=offer.token, answer="accept"),
        decline=absolute_url("governors.cover.answer", token=offer.token, answer="decline"),
    )
    return offer


def _ask_next(actor: Any, need: CoverNeed, now: datetime) -> CoverOffer | None:
    """Ask the next proposed substitute with the same time to answer, or, with nobody
    left, mark the seat vacant."""
    if now >= need.meeting.starts_at:
        need.status = CoverStatus.VACANT.value
        db.session.flush()
        return None
    ranking = ranking_for(need)
    if ranking.first is None:
        mark_vacant(actor, need)
        return None
    if notice_passed(need, now) and not need.late_agreed:
        need.status = CoverStatus.OPEN.value
        db.session.flush()
        for secretary in _secretaries():
            queue_email(
                secretary.email,
                f"Choose who to ask next: {need.meeting.kind_label}",
                "governors/email/cover_choose_next.txt",
                secretary=secretary,
                need=need,
                meeting=need.meeting,
                when=_when(need.meeting),
                link=_need_link(need),
            )
        return None
    return ask(
        actor,
        need,
        ranking.first.user_id,
        answer_hours=need.answer_hours,
        late_agreed=need.late_agreed,
        now=now,
    )


def mark_vacant(actor: Any, need: CoverNeed, now: datetime | None = None) -> None:
    """Nobody can stand in: the seat is vacant for this meeting. The secretary and the
    body's chair are told at once."""
    now = now or utcnow()
    if need.status in (CoverStatus.COVERED, CoverStatus.RELEASED):
        raise Refused(f"This cover is {CoverStatus(need.status).label.lower()}")
    _withdraw_waiting(need, now, tell=True)
    need.status = CoverStatus.VACANT.value
    need.updated_at = now
    db.session.flush()
    meeting = need.meeting
    record(
        actor,
        "cover.vacant",
        need,
        f"No substitute for {need.absent.name} at meeting {meeting.id}: seat vacant",
    )
    from governors.permissions import Permission, can

    told: set[int] = set()
    chairs = bodies.chair_ids(meeting.body_id)
    people = [*_secretaries(), *db.session.scalars(sa.select(User).where(User.id.in_(chairs)))]
    for person in people:
        if person.id in told or not person.active:
            continue
        told.add(person.id)
        queue_email(
            person.email,
            f"The {seat_name(need)} seat is vacant for the {meeting.kind_label}",
            "governors/email/cover_vacant.txt",
            person=person,
            need=need,
            seat=seat_name(need),
            meeting=meeting,
            when=_when(meeting),
            link=absolute_url("governors.meetings.detail", meeting_id=meeting.id),
            # The cover page is the secretary's: the chair is told, not sent there.
            need_link=_need_link(need) if can(person, Permission.COVER_ARRANGE) else None,
        )


# Answers ---------------------------------------------------------------------------------


def load_offer(token: str) -> CoverOffer | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalar(
        sa.select(CoverOffer)
        .where(CoverOffer.token == token)
        .options(
            joinedload(CoverOffer.need).joinedload(CoverNeed.meeting),
            joinedload(CoverOffer.need).joinedload(CoverNeed.absent),
            joinedload(CoverOffer.candidate),
        )
    )


def is_open(offer: CoverOffer, now: datetime | None = None) -> bool:
    return offer.status == OfferStatus.ASKED and (now or utcnow()) < offer.answer_by


def _stand_in(offer: CoverOffer, now: datetime) -> None:
    need = offer.need
    entry = own_record(need.meeting, offer.candidate) or AttendanceRecord(
        meeting_id=need.meeting_id, user_id=offer.candidate_id
    )
    entry.status = Presence.DEPUTY.value
    entry.deputy_for_id = need.absent_id
    entry.message = None
    entry.role_text = None
    entry.recorded_by_id = offer.candidate_id
    entry.updated_at = now
    db.session.add(entry)


def answer(offer: CoverOffer, *, accept: bool, now: datetime | None = None) -> CoverOffer:
    """The person asked answers from the email's link. Yes: they stand in, and the register
    shows them as deputy for the absent member. No: the next person is asked."""
    now = now or utcnow()
    if offer.status != OfferStatus.ASKED:
        raise Refused(f"This request has already been answered: {offer.status_label.lower()}")
    if now >= offer.answer_by:
        raise Refused("The time to answer this request has passed")
    need = offer.need
    candidate = offer.candidate
    offer.answered_at = now
    need.updated_at = now
    if accept:
        offer.status = OfferStatus.ACCEPTED.value
        _withdraw_waiting(need, now)
        need.status = CoverStatus.COVERED.value
        need.deputy_id = offer.candidate_id
        _stand_in(offer, now)
        db.session.flush()
        record(
            candidate,
            "cover.accepted",
            offer,
            f"{candidate.name} will stand in for {need.absent.name} at meeting {need.meeting_id}",
        )
        for secretary in _secretaries():
            queue_email(
                secretary.email,
                f"{candidate.name} will stand in at the {need.meeting.kind_label}",
                "governors/email/cover_accepted.txt",
                secretary=secretary,
                need=need,
                candidate=candidate,
                meeting=need.meeting,
                when=_when(need.meeting),
                link=_need_link(need),
            )
        return offer
    offer.status = OfferStatus.DECLINED.value
    db.session.flush()
    record(
        candidate,
        "cover.declined",
        offer,
        f"{candidate.name} cannot stand in for {need.absent.name} at meeting {need.meeting_id}",
    )
    _ask_next(offer.asked_by, need, now)
    return offer


# The sweep, for cron ------------------------------------------------------------------------


def sweep(now: datetime | None = None) -> dict[str, int]:
    """Requests not answered in time expire and the next person is asked; plans for periods
    until further notice are carried forward to the new horizon. For the frequent
    ``flask governors send-mail`` run."""
    now = now or utcnow()
    expired = 0
    late = db.session.scalars(
        sa.select(CoverOffer)
        .where(CoverOffer.status == OfferStatus.ASKED.value, CoverOffer.answer_by <= now)
        .options(joinedload(CoverOffer.need))
        .order_by(CoverOffer.id)
    ).all()
    for offer in late:
        if offer.status != OfferStatus.ASKED:
            continue
        offer.status = OfferStatus.EXPIRED.value
        expired += 1
        db.session.flush()
        record(
            None,
            "cover.expired",
            offer,
            f"{offer.candidate.name} did not answer in time for meeting {offer.need.meeting_id}",
        )
        if offer.need.status == CoverStatus.ASKED:
            _ask_next(offer.asked_by, offer.need, now)
    planned = 0
    today = local_today()
    open_ended = db.session.scalars(
        sa.select(Unavailability)
        .where(
            Unavailability.withdrawn_at.is_(None),
            Unavailability.starts_on <= today + PLAN_AHEAD,
            sa.or_(Unavailability.ends_on.is_(None), Unavailability.ends_on >= today),
        )
        .options(joinedload(Unavailability.user), joinedload(Unavailability.recorded_by))
        .order_by(Unavailability.id)
    ).all()
    for period in open_ended:
        planned += len(plan_cover(period.recorded_by, period, now))
    return {"expired": expired, "planned": planned}


# When a period ends early ------------------------------------------------------------------


def period_changed(actor: Any, period: Unavailability, now: datetime | None = None) -> None:
    """The period ended early or was withdrawn: cover for the meetings after its new end is
    released (waiting requests withdrawn, apologies taken back). Cover already given stays,
    and the secretary is told so they can tell the substitute."""
    now = now or utcnow()
    free_from = (
        period.starts_on
        if period.is_withdrawn
        else (period.ends_on + timedelta(days=1) if period.ends_on else None)
    )
    if free_from is None:
        return
    needs = db.session.scalars(
        sa.select(CoverNeed)
        .where(CoverNeed.unavailability_id == period.id)
        .options(joinedload(CoverNeed.meeting))
        .order_by(CoverNeed.id)
    ).all()
    meetings = _meetings_between(free_from, free_from + PLAN_AHEAD * 4, now)
    # Other periods may still keep them away: read once, not once for each meeting.
    periods = db.session.scalars(
        sa.select(Unavailability).where(
            Unavailability.user_id == period.user_id, Unavailability.withdrawn_at.is_(None)
        )
    ).all()
    still_away = {m.id for m in meetings if any(p.covers(m.day) for p in periods)}
    for need in needs:
        meeting = need.meeting
        if meeting.day < free_from or meeting.starts_at <= now or meeting.id in still_away:
            continue
        if need.status == CoverStatus.COVERED:
            for secretary in _secretaries():
                queue_email(
                    secretary.email,
                    f"{period.user.name} is available again: {meeting.kind_label}",
                    "governors/email/cover_still_covered.txt",
                    secretary=secretary,
                    need=need,
                    meeting=meeting,
                    when=_when(meeting),
                    link=_need_link(need),
                )
            continue
        if need.status == CoverStatus.RELEASED:
            continue
        _withdraw_waiting(need, now, tell=True)
        need.status = CoverStatus.RELEASED.value
        need.updated_at = now
        db.session.flush()
        record(
            actor,
            "cover.released",
            need,
            f"Cover for {period.user.name} at meeting {meeting.id} is no longer needed",
        )
    covered = {n.meeting_id for n in needs if n.status == CoverStatus.COVERED}
    for meeting in meetings:
        if meeting.id in still_away or meeting.id in covered:
            continue
        entry = own_record(meeting, period.user)
        # Only the apologies this period sent: none with a message, none sent before it.
        if (
            entry is None
            or entry.status != Presence.APOLOGIES
            or entry.message is not None
            or entry.recorded_by_id != period.recorded_by_id
            or entry.updated_at < period.created_at
        ):
            continue
        record(
            actor,
            "attendance.apologies_withdrawn",
            entry,
            f"Withdrew apologies for {period.user.name} for meeting {meeting.id}: available",
        )
        db.session.delete(entry)
    db.session.flush()


# What the pages list --------------------------------------------------------------------------


def upcoming_needs(
    now: datetime | None = None, statuses: Iterable[str] = UPCOMING
) -> list[CoverNeed]:
    """Needs for meetings not yet started, soonest first."""
    now = now or utcnow()
    return list(
        db.session.scalars(
            sa.select(CoverNeed)
            .join(Meeting, Meeting.id == CoverNeed.meeting_id)
            .where(
                CoverNeed.status.in_(list(statuses)),
                Meeting.cancelled_at.is_(None),
                Meeting.starts_at >= local_to_utc(to_local(now).date(), time(0, 0)),
            )
            .options(
                joinedload(CoverNeed.meeting),
                joinedload(CoverNeed.absent),
                joinedload(CoverNeed.deputy),
                joinedload(CoverNeed.seat),
            )
            .order_by(Meeting.starts_at, CoverNeed.id)
        ).unique()
    )


def load_need(need_id: int) -> CoverNeed | None:
    return db.session.scalar(
        sa.select(CoverNeed)
        .where(CoverNeed.id == need_id)
        .options(
            joinedload(CoverNeed.meeting),
            joinedload(CoverNeed.absent),
            joinedload(CoverNeed.deputy),
            joinedload(CoverNeed.seat).selectinload(Seat.deputies),
            selectinload(CoverNeed.offers).joinedload(CoverOffer.candidate),
        )
    )


def vacant_for(meeting: Meeting) -> list[CoverNeed]:
    """The vacant seats of a meeting, for its page and its agenda."""
    return list(
        db.session.scalars(
            sa.select(CoverNeed)
            .where(
                CoverNeed.meeting_id == meeting.id,
                CoverNeed.status == CoverStatus.VACANT.value,
            )
            .options(joinedload(CoverNeed.seat))
            .order_by(CoverNeed.id)
        )
    )


def vacant_seat_names(meeting: Meeting) -> list[str]:
    return [seat_name(need) for need in vacant_for(meeting)]


@dataclass(frozen=True)
class StandingIn:
    deputy: str
    absent: str


def standing_in(meeting: Meeting) -> list[StandingIn]:
    """Who stands in for whom at ``meeting``, for its page (names only)."""
    needs = db.session.scalars(
        sa.select(CoverNeed)
        .where(
            CoverNeed.meeting_id == meeting.id,
            CoverNeed.status == CoverStatus.COVERED.value,
        )
        .options(joinedload(CoverNeed.deputy), joinedload(CoverNeed.absent))
        .order_by(CoverNeed.id)
    )
    return [StandingIn(need.deputy.name, need.absent.name) for need in needs if need.deputy]


def cover_notices(meeting: Meeting) -> dict[str, list]:
    """What a meeting's page and agenda say about cover: vacant seats and stand-ins."""
    return {"vacant": vacant_seat_names(meeting), "standing_in": standing_in(meeting)}


def requirement_label(need: CoverNeed) -> str | None:
    if need.seat is None:
        return None
    return Requirement(need.seat.requirement).describe(need.seat.required)
