"""Bodies: the only place they, their members, seats, deputies and join requests are
written, and the queries their pages share.

Every change takes the acting user, writes its audit entry, queues its emails and flushes;
the view commits. The Council of Governors is one body, made when the database is set up;
its members are the governors themselves (by election or appointment), so it has no
membership rows, seats or join requests of its own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from flask import g, has_app_context
from sqlalchemy.orm import joinedload, selectinload

from governors.audit.services import changes, record, snapshot
from governors.bodies import rules
from governors.bodies.models import Body, JoinRequest, JoinStatus, Membership, Seat, SeatDeputy
from governors.bodies.rules import BodyKind, MemberRole, PersonFacts, Requirement, SeatStatus
from governors.cover.rules import NoticeRule
from governors.cover.services import unavailable_on
from governors.documents.models import Document
from governors.errors import Refused
from governors.extensions import db
from governors.outbox.services import absolute_url, queue_email
from governors.people.models import Role, User, UserRole
from governors.timeutil import format_date, local_today, utcnow

AUDITED_FIELDS = [
    "name",
    "kind",
    "parent_id",
    "remit",
    "terms_document_id",
    "remit_review_on",
    "open_to_public",
    "chair_builds_agenda",
    "membership_review_on",
    "quorum_numerator",
    "quorum_denominator",
    "quorum_minimum",
    "quorum_elected_minimum",
    "quorum_elected_majority",
    "chair_casting_vote",
    "substitute_notice",
]
MEMBER_FIELDS = ["role", "seat_id", "starts_on", "ends_on", "description"]
# How far ahead a new body's first membership review is set.
REVIEW_EVERY = timedelta(days=365)
# What a list of current memberships is filtered by.
_CACHE = "governors_body_members"


def council() -> Body:
    """The Council of Governors: the one body every other body sits under."""
    return db.session.execute(
        sa.select(Body).where(Body.kind == BodyKind.COUNCIL.value)
    ).scalar_one()


def load_body(body_id: int) -> Body | None:
    return db.session.scalar(
        sa.select(Body)
        .where(Body.id == body_id)
        .options(
            selectinload(Body.seats).selectinload(Seat.deputies).selectinload(SeatDeputy.user),
            selectinload(Body.parent),
            selectinload(Body.terms_document),
        )
    )


# Who sits where: what the permissions policy asks -------------------------------------


def _in_force(today: date | None = None) -> sa.ColumnElement[bool]:
    today = today or local_today()
    return sa.and_(
        Membership.starts_on <= today,
        sa.or_(Membership.ends_on.is_(None), Membership.ends_on >= today),
    )


def _cached(key: tuple[str, int], load: Any) -> frozenset[int]:
    """Within one request, each body's members are looked up once."""
    if not has_app_context():
        return frozenset(load())
    cache = g.setdefault(_CACHE, {})
    if key not in cache:
        cache[key] = frozenset(load())
    return cache[key]


def _forget() -> None:
    if has_app_context():
        g.pop(_CACHE, None)


def member_ids(body_id: int) -> frozenset[int]:
    """The people (with accounts) who sit on a body today, in any role."""
    return _cached(
        ("members", body_id),
        lambda: db.session.scalars(
            sa.select(Membership.user_id).where(
                Membership.body_id == body_id, Membership.user_id.is_not(None), _in_force()
            )
        ),
    )


def chair_ids(body_id: int) -> frozenset[int]:
    """The chair and vice-chair of a body today."""
    chairing = sorted(role.value for role in rules.CHAIRING)
    return _cached(
        ("chairs", body_id),
        lambda: db.session.scalars(
            sa.select(Membership.user_id).where(
                Membership.body_id == body_id,
                Membership.user_id.is_not(None),
                Membership.role.in_(chairing),
                _in_force(),
            )
        ),
    )


def member_bodies(user_id: int) -> sa.Select:
    """The bodies a person sits on today, as a subquery of body ids."""
    return sa.select(Membership.body_id).where(Membership.user_id == user_id, _in_force())


# Who someone is, as the seat rules see them ---------------------------------------------


def person_facts(user: User) -> PersonFacts:
    profile = user.governor_profile
    return PersonFacts(
        constituency=profile.constituency if profile is not None else None,
        route=profile.route if profile is not None else None,
        ned=Role.NED in user.roles,
    )


def _check_fits(user: User, seat: Seat, doing: str) -> None:
    requirement = Requirement(seat.requirement)
    if not rules.fits(requirement, person_facts(user)):
        raise Refused(
            f"{user.name} is not a {requirement.singular}, so cannot {doing} the "
            f"{requirement.singular} seat. Choose a {requirement.singular}.",
            field="user_id" if doing == "deputise for" else "seat_id",
        )


# What a body's page shows -----------------------------------------------------------------


@dataclass(frozen=True)
class SeatView:
    seat: Seat
    holders: list[Membership]
    status: SeatStatus
    flag: str | None

    @property
    def deputies(self) -> list[SeatDeputy]:
        return self.seat.deputies


@dataclass
class BodyView:
    """A body with who sits on it today and what needs the secretary's attention."""

    body: Body
    members: list[Membership] = field(default_factory=list)
    seats: list[SeatView] = field(default_factory=list)
    members_in_office: int = 0
    elected_in_office: int = 0
    # For the Council, whose members are the governors: how many, and who chairs.
    council_chairs: list[User] = field(default_factory=list)

    @property
    def chairs(self) -> list[str]:
        if self.body.is_council:
            return [user.name for user in self.council_chairs]
        return [m.display_name for m in self.members if m.role == MemberRole.CHAIR]

    @property
    def quorum_text(self) -> str:
        noun = "governors" if self.body.is_council else "members"
        return rules.describe_quorum(self.body.quorum, self.members_in_office, noun)

    def flags(self, today: date, *, with_availability: bool = True) -> list[str]:
        """What needs attention, in plain words. ``with_availability``: include seats whose
        holders are not available (for those who may know that)."""
        found = []
        for seat in self.seats:
            if seat.flag and (with_availability or seat.status is not SeatStatus.UNAVAILABLE):
                found.append(seat.flag)
        if not self.body.is_council and not self.chairs:
            found.append("It has no chair")
        if rules.review_due(self.body.membership_review_on, today):
            found.append(
                f"Its membership review is due on {format_date(self.body.membership_review_on)}"
            )
        if rules.review_due(self.body.remit_review_on, today):
            found.append(
                f"Its terms of reference are due for review on "
                f"{format_date(self.body.remit_review_on)}"
            )
        return found


def _with_people(query: sa.Select) -> sa.Select:
    # Joined, not "select in": that loads in batches of 500, a query more per 500 rows.
    return query.options(
        joinedload(Membership.user).joinedload(User.governor_profile),
        joinedload(Membership.user).selectinload(User.role_rows),
    )


def body_views(bodies: Sequence[Body], today: date | None = None) -> list[BodyView]:
    """Each body with its members and seat states, in a fixed number of queries."""
    today = today or local_today()
    views = {body.id: BodyView(body=body) for body in bodies}
    ids = sorted(views)
    if not ids:
        return []
    # People who have left the trust no longer fill a place, whatever their dates say.
    still_here = sa.or_(
        Membership.user_id.is_(None),
        Membership.user_id.in_(sa.select(User.id).where(User.active.is_(True))),
    )
    memberships = (
        db.session.scalars(
            _with_people(
                sa.select(Membership)
                .where(Membership.body_id.in_(ids), _in_force(today), still_here)
                .order_by(Membership.body_id, Membership.role, Membership.id)
            )
        )
        .unique()
        .all()
    )
    seats = (
        db.session.scalars(
            sa.select(Seat)
            .where(Seat.body_id.in_(ids))
            .order_by(Seat.id)
            .options(joinedload(Seat.deputies).joinedload(SeatDeputy.user))
        )
        .unique()
        .all()
    )
    holder_ids = {m.user_id for m in memberships if m.seat_id is not None}
    away = unavailable_on(today, holder_ids) if holder_ids else set()
    by_seat: dict[int, list[Membership]] = defaultdict(list)
    for membership in memberships:
        views[membership.body_id].members.append(membership)
        if membership.seat_id is not None:
            by_seat[membership.seat_id].append(membership)
        if MemberRole(membership.role).in_office:
            views[membership.body_id].members_in_office += 1
            if membership.user is not None and person_facts(membership.user).is_elected_governor:
                views[membership.body_id].elected_in_office += 1
    for seat in seats:
        holders = by_seat.get(seat.id, [])
        holder_ids = [m.user_id for m in holders if m.user_id is not None]
        status = rules.seat_status(seat.required, holder_ids, away)
        available = len(set(holder_ids) - away)
        flag = rules.seat_flag(seat.name, seat.required, status, len(holder_ids), available)
        views[seat.body_id].seats.append(SeatView(seat, holders, status, flag))
    council_view = next((view for view in views.values() if view.body.is_council), None)
    if council_view is not None:
        _fill_council(council_view, today)
    for view in views.values():
        view.members.sort(
            key=lambda m: (list(MemberRole).index(MemberRole(m.role)), m.display_name)
        )
    return [views[body.id] for body in bodies]


def governors_in_term(day: date) -> sa.Select:
    """Ids of the governors whose term covers ``day``: the Council's members then (whether
    or not they are still with the trust; callers say who still counts)."""
    from governors.people.models import GovernorProfile

    return sa.select(GovernorProfile.user_id).where(
        GovernorProfile.term_start <= day, GovernorProfile.term_end >= day
    )


def council_chairs() -> sa.Select:
    """Ids of the trust's chair (or chairs), who chair the Council without being counted."""
    return sa.select(UserRole.user_id).where(UserRole.role == Role.CHAIR.value)


def _fill_council(view: BodyView, today: date) -> None:
    """The Council's members are its governors in term, its chair the trust's chair."""
    from governors.people.models import GovernorProfile

    governors = db.session.execute(
        sa.select(sa.func.count(), sa.func.count(sa.case((GovernorProfile.route == "elected", 1))))
        .select_from(GovernorProfile)
        .join(User, User.id == GovernorProfile.user_id)
        .where(User.active.is_(True), GovernorProfile.user_id.in_(governors_in_term(today)))
    ).one()
    view.members_in_office, view.elected_in_office = governors[0], governors[1]
    view.council_chairs = list(
        db.session.scalars(
            sa.select(User)
            .where(User.id.in_(council_chairs()), User.active.is_(True))
            .order_by(User.name)
        )
    )


def all_bodies() -> list[Body]:
    """Every body, the Council first, then by name."""
    return list(
        db.session.scalars(
            sa.select(Body)
            .options(selectinload(Body.parent))
            .order_by(sa.case((Body.kind == BodyKind.COUNCIL.value, 0), else_=1), Body.name)
        )
    )


def needing_attention(today: date | None = None) -> list[tuple[BodyView, list[str]]]:
    """The bodies the secretary should look at, and why."""
    today = today or local_today()
    found = []
    for view in body_views(all_bodies(), today):
        flags = view.flags(today)
        if flags:
            found.append((view, flags))
    return found


def past_members(body: Body, today: date | None = None) -> list[Membership]:
    today = today or local_today()
    return list(
        db.session.scalars(
            _with_people(
                sa.select(Membership)
                .where(Membership.body_id == body.id, Membership.ends_on < today)
                .order_by(Membership.ends_on.desc(), Membership.id)
            )
        )
    )


def future_members(body: Body, today: date | None = None) -> list[Membership]:
    today = today or local_today()
    return list(
        db.session.scalars(
            _with_people(
                sa.select(Membership)
                .where(Membership.body_id == body.id, Membership.starts_on > today)
                .order_by(Membership.starts_on, Membership.id)
            )
        )
    )


def memberships_of(user: User, today: date | None = None) -> list[Membership]:
    """Where a person sits today, by body name."""
    return list(
        db.session.scalars(
            sa.select(Membership)
            .join(Body, Body.id == Membership.body_id)
            .where(Membership.user_id == user.id, _in_force(today))
            .options(selectinload(Membership.body), selectinload(Membership.seat))
            .order_by(Body.name)
        )
    )


def join_requests_for(body: Body) -> list[JoinRequest]:
    return list(
        db.session.scalars(
            sa.select(JoinRequest)
            .where(JoinRequest.body_id == body.id)
            .options(selectinload(JoinRequest.user), selectinload(JoinRequest.answered_by))
            .order_by(
                sa.case((JoinRequest.status == JoinStatus.WAITING.value, 0), else_=1),
                JoinRequest.created_at.desc(),
            )
        )
    )


def join_requests_of(user: User) -> list[JoinRequest]:
    return list(
        db.session.scalars(
            sa.select(JoinRequest)
            .where(JoinRequest.user_id == user.id)
            .options(selectinload(JoinRequest.body), selectinload(JoinRequest.answered_by))
            .order_by(JoinRequest.created_at.desc())
        )
    )


def waiting_join_requests() -> list[JoinRequest]:
    """Every request to join waiting for the secretary's answer, oldest first."""
    return list(
        db.session.scalars(
            sa.select(JoinRequest)
            .where(JoinRequest.status == JoinStatus.WAITING.value)
            .options(selectinload(JoinRequest.user), selectinload(JoinRequest.body))
            .order_by(JoinRequest.created_at)
        )
    )


def children_of(body: Body) -> list[Body]:
    return list(
        db.session.scalars(sa.select(Body).where(Body.parent_id == body.id).order_by(Body.name))
    )


# Bodies --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BodyDetails:
    """What the secretary says about a body."""

    name: str
    kind: BodyKind
    parent_id: int
    remit: str | None = None
    remit_review_on: date | None = None
    open_to_public: bool = False
    chair_builds_agenda: bool = False
    membership_review_on: date | None = None
    quorum_numerator: int = 1
    quorum_denominator: int = 3
    quorum_minimum: int = 0
    quorum_elected_minimum: int = 0
    quorum_elected_majority: bool = False
    chair_casting_vote: bool = True
    # By when the body must be told who stands in (governors.cover.rules.NoticeRule).
    substitute_notice: str = NoticeRule.ANY_TIME.value


def _clean(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None


def _apply(body: Body, details: BodyDetails) -> None:
    name = _clean(details.name)
    if name is None:
        raise Refused("Enter the body's name", field="name")
    clash = db.session.scalar(
        sa.select(Body.id).where(sa.func.lower(Body.name) == name.lower(), Body.id != body.id)
    )
    if clash is not None:
        raise Refused(f"There is already a body called {name}. Choose another name.", field="name")
    if not body.is_council:
        kind = BodyKind(details.kind)
        if kind is BodyKind.COUNCIL:
            raise Refused("Choose a committee, sub-committee, working group or panel", field="kind")
        parent = db.session.get(Body, details.parent_id)
        if parent is None:
            raise Refused("Choose the body it reports to", field="parent_id")
        ancestor: Body | None = parent
        while ancestor is not None:
            if body.id is not None and ancestor.id == body.id:
                raise Refused(
                    "A body cannot report to itself or to one of its own sub-bodies",
                    field="parent_id",
                )
            ancestor = ancestor.parent
        body.kind = kind.value
        body.parent = parent
    if details.quorum_numerator > details.quorum_denominator or details.quorum_denominator < 1:
        raise Refused("The share of members must be no more than all of them", field="quorum")
    body.name = name
    body.remit = _clean(details.remit)
    body.remit_review_on = details.remit_review_on
    body.open_to_public = details.open_to_public
    body.chair_builds_agenda = details.chair_builds_agenda and not body.is_council
    body.membership_review_on = details.membership_review_on
    body.quorum_numerator = details.quorum_numerator
    body.quorum_denominator = details.quorum_denominator
    body.quorum_minimum = details.quorum_minimum
    body.quorum_elected_minimum = details.quorum_elected_minimum
    body.quorum_elected_majority = details.quorum_elected_majority
    body.chair_casting_vote = details.chair_casting_vote
    try:
        body.substitute_notice = NoticeRule(details.substitute_notice).value
    except ValueError:
        raise Refused(
            "Choose by when the body must be told who stands in", field="substitute_notice"
        ) from None


def create_body(actor: Any, details: BodyDetails, terms: Document | None = None) -> Body:
    """Set up a committee, sub-committee, working group or panel under another body."""
    body = Body(kind=BodyKind(details.kind).value)
    _apply(body, details)
    if body.membership_review_on is None:
        body.membership_review_on = local_today() + REVIEW_EVERY
    body.terms_document = terms
    now = utcnow()
    body.created_at = body.updated_at = now
    db.session.add(body)
    db.session.flush()
    record(
        actor,
        "body.created",
        body,
        f"Set up {body.name} ({body.kind_label.lower()}) under {body.parent.name}",
        after=changes(body, AUDITED_FIELDS, {})[1],
    )
    return body


def update_body(
    actor: Any, body: Body, details: BodyDetails, terms: Document | None = None
) -> bool:
    """Change a body's details; False when nothing changed."""
    old = snapshot(body, AUDITED_FIELDS)
    _apply(body, details)
    if terms is not None:
        body.terms_document = terms
    db.session.flush()
    before, after = changes(body, AUDITED_FIELDS, old)
    if not after:
        return False
    body.updated_at = utcnow()
    record(actor, "body.updated", body, f"Changed {body.name}", before=before, after=after)
    return True


def mark_membership_reviewed(actor: Any, body: Body, next_review: date | None = None) -> date:
    """The secretary has reviewed who sits on the body; the next review is a year on."""
    today = local_today()
    next_review = next_review or today + REVIEW_EVERY
    if next_review <= today:
        raise Refused("The next review must be after today", field="next_review")
    before = {"membership_review_on": str(body.membership_review_on)}
    body.membership_review_on = next_review
    body.updated_at = utcnow()
    record(
        actor,
        "body.membership_reviewed",
        body,
        f"Reviewed the membership of {body.name}; next review {format_date(next_review)}",
        before=before,
        after={"membership_review_on": str(next_review)},
    )
    db.session.flush()
    return next_review


# Members -------------------------------------------------------------------------------------


def _not_council(body: Body) -> None:
    if body.is_council:
        raise Refused(
            "The Council's members are its governors. Add a governor from the people pages."
        )


def _check_role(body: Body, role: MemberRole, exclude: Membership | None = None) -> None:
    if role is not MemberRole.CHAIR:
        return
    chair = db.session.scalar(
        sa.select(Membership).where(
            Membership.body_id == body.id,
            Membership.role == MemberRole.CHAIR.value,
            _in_force(),
            Membership.id != (exclude.id if exclude is not None and exclude.id else -1),
        )
    )
    if chair is not None:
        raise Refused(
            f"{chair.display_name} already chairs {body.name}. End their place as chair first, "
            "or choose another role.",
            field="role",
        )


def _check_seat(
    body: Body, seat: Seat | None, user: User | None, exclude: Membership | None
) -> None:
    if seat is None:
        return
    if seat.body_id != body.id:
        raise Refused("Choose one of this body's seats", field="seat_id")
    if user is None:
        raise Refused("Only someone with an account can hold a seat", field="seat_id")
    _check_fits(user, seat, "hold")
    held = db.session.scalar(
        sa.select(sa.func.count(Membership.id)).where(
            Membership.seat_id == seat.id,
            _in_force(),
            Membership.id != (exclude.id if exclude is not None and exclude.id else -1),
        )
    )
    if (held or 0) >= seat.required:
        raise Refused(
            f"The {seat.name} seat is already held by {held}. End someone's place in it first.",
            field="seat_id",
        )


def add_member(
    actor: Any,
    body: Body,
    *,
    role: MemberRole | str = MemberRole.MEMBER,
    user: User | None = None,
    name: str | None = None,
    description: str | None = None,
    seat: Seat | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
    notify: bool = True,
) -> Membership:
    """Put someone on a body: a person with an account (told by email, unless they put
    themselves there or ``notify`` is off), or someone listed by name."""
    _not_council(body)
    role = MemberRole(role)
    starts_on = starts_on or local_today()
    name = _clean(name)
    if user is None and name is None:
        raise Refused(
            "Choose a person, or enter the name of someone without an account", field="user_id"
        )
    if user is not None and name is not None:
        raise Refused("Choose a person or enter a name, not both", field="name")
    if user is not None and not user.active:
        raise Refused(f"{user.name} has left. Choose someone who is active.", field="user_id")
    if ends_on is not None and ends_on < starts_on:
        raise Refused("The last day must be on or after the first day", field="ends_on")
    if user is not None:
        already = db.session.scalar(
            sa.select(Membership.id).where(
                Membership.body_id == body.id,
                Membership.user_id == user.id,
                sa.or_(Membership.ends_on.is_(None), Membership.ends_on >= starts_on),
            )
        )
        if already is not None:
            raise Refused(f"{user.name} is already a member of {body.name}", field="user_id")
    _check_role(body, role)
    _check_seat(body, seat, user, None)
    membership = Membership(
        body=body,
        user=user,
        name=None if user is not None else name,
        description=_clean(description),
        role=role.value,
        seat=seat,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    db.session.add(membership)
    db.session.flush()
    _forget()
    who = user.name if user is not None else name
    in_seat = f" in the {seat.name} seat" if seat is not None else ""
    record(
        actor,
        "body.member_added",
        membership,
        f"Added {who} to {body.name} as {role.label.lower()}{in_seat} "
        f"from {format_date(starts_on)}",
        after=changes(membership, [*MEMBER_FIELDS, "user_id", "name"], {})[1],
    )
    if notify and user is not None and getattr(actor, "id", None) != user.id:
        _tell_member(user, body, role, seat)
    return membership


def _tell_member(user: User, body: Body, role: MemberRole, seat: Seat | None) -> None:
    queue_email(
        user.email,
        f"You have been added to {body.name}",
        "governors/email/bodies_member_added.txt",
        person=user,
        body=body,
        role=role,
        seat=seat,
        link=absolute_url("governors.bodies.detail", body_id=body.id),
    )


def update_member(
    actor: Any,
    membership: Membership,
    *,
    role: MemberRole | str,
    seat: Seat | None,
    starts_on: date,
    ends_on: date | None,
    description: str | None = None,
) -> bool:
    """Change someone's role, seat or dates on a body; False when nothing changed."""
    role = MemberRole(role)
    if ends_on is not None and ends_on < starts_on:
        raise Refused("The last day must be on or after the first day", field="ends_on")
    if role.value != membership.role:
        _check_role(membership.body, role, exclude=membership)
    if seat is not None and seat.id != membership.seat_id:
        _check_seat(membership.body, seat, membership.user, membership)
    old = snapshot(membership, MEMBER_FIELDS)
    membership.role = role.value
    membership.seat = seat
    membership.starts_on = starts_on
    membership.ends_on = ends_on
    membership.description = _clean(description) if membership.user is None else None
    db.session.flush()
    _forget()
    before, after = changes(membership, MEMBER_FIELDS, old)
    if not after:
        return False
    record(
        actor,
        "body.member_changed",
        membership,
        f"Changed {membership.display_name}'s place on {membership.body.name}",
        before=before,
        after=after,
    )
    return True


def end_membership(actor: Any, membership: Membership, last_day: date | None = None) -> None:
    """Someone leaves a body (their last day today, unless named). Kept on record."""
    last_day = last_day or local_today()
    if last_day < membership.starts_on:
        raise Refused("The last day must be on or after the day they joined", field="ends_on")
    if membership.ends_on is not None and membership.ends_on <= last_day:
        return
    before = {"ends_on": str(membership.ends_on) if membership.ends_on else None}
    membership.ends_on = last_day
    db.session.flush()
    _forget()
    record(
        actor,
        "body.member_ended",
        membership,
        f"{membership.display_name}'s place on {membership.body.name} ends on "
        f"{format_date(last_day)}",
        before=before,
        after={"ends_on": str(last_day)},
    )


# Seats and deputies -------------------------------------------------------------------------


def add_seat(actor: Any, body: Body, requirement: Requirement | str, required: int = 1) -> Seat:
    """A place on the body that must be held by a kind of person."""
    _not_council(body)
    requirement = Requirement(requirement)
    if not 1 <= required <= 50:
        raise Refused("Enter how many people the seat needs, from 1 to 50", field="required")
    if any(seat.requirement == requirement.value for seat in body.seats):
        raise Refused(
            f"{body.name} already has a {requirement.singular} seat. Change how many it needs "
            "instead.",
            field="requirement",
        )
    seat = Seat(body=body, requirement=requirement.value, required=required)
    db.session.add(seat)
    db.session.flush()
    record(
        actor,
        "body.seat_added",
        seat,
        f"Added a seat to {body.name}: {requirement.describe(required).lower()}",
        after={"requirement": requirement.value, "required": required},
    )
    return seat


def remove_seat(actor: Any, seat: Seat) -> None:
    """Take a seat away; its holders stay members, no longer in a seat."""
    body = seat.body
    record(
        actor,
        "body.seat_removed",
        seat,
        f"Removed the {seat.name} seat from {body.name}",
        before={"requirement": seat.requirement, "required": seat.required},
    )
    for membership in db.session.scalars(
        sa.select(Membership).where(Membership.seat_id == seat.id)
    ):
        membership.seat = None
    body.seats.remove(seat)
    db.session.flush()


def add_deputy(actor: Any, seat: Seat, user: User) -> SeatDeputy:
    """Agree in advance that ``user`` stands in when the seat's holder cannot."""
    if not user.active:
        raise Refused(f"{user.name} has left. Choose someone who is active.", field="user_id")
    _check_fits(user, seat, "deputise for")
    if any(deputy.user_id == user.id for deputy in seat.deputies):
        raise Refused(f"{user.name} is already a deputy for this seat", field="user_id")
    holders = db.session.scalars(
        sa.select(Membership.user_id).where(Membership.seat_id == seat.id, _in_force())
    ).all()
    if user.id in holders:
        raise Refused(f"{user.name} holds this seat, so cannot also be its deputy", field="user_id")
    deputy = SeatDeputy(
        seat=seat, user=user, position=1 + max((d.position for d in seat.deputies), default=0)
    )
    db.session.add(deputy)
    db.session.flush()
    record(
        actor,
        "body.deputy_added",
        deputy,
        f"Agreed {user.name} as deputy {deputy.position} for the {seat.name} seat on "
        f"{seat.body.name}",
    )
    return deputy


def remove_deputy(actor: Any, deputy: SeatDeputy) -> None:
    seat = deputy.seat
    record(
        actor,
        "body.deputy_removed",
        deputy,
        f"{deputy.user.name} is no longer a deputy for the {seat.name} seat on {seat.body.name}",
    )
    seat.deputies.remove(deputy)
    db.session.flush()
    for position, other in enumerate(seat.deputies, start=1):
        other.position = position
    db.session.flush()


# Joining -------------------------------------------------------------------------------------


def waiting_request(body: Body, user: User) -> JoinRequest | None:
    return db.session.scalar(
        sa.select(JoinRequest).where(
            JoinRequest.body_id == body.id,
            JoinRequest.user_id == user.id,
            JoinRequest.status == JoinStatus.WAITING.value,
        )
    )


def join_blocked(body: Body, user: User) -> str | None:
    """Why ``user`` may not ask to join ``body`` now, or None."""
    return rules.join_blocked(
        body.kind,
        is_member=user.id in member_ids(body.id),
        waiting=waiting_request(body, user) is not None,
    )


def _secretaries() -> list[User]:
    from governors.permissions import Permission, people_who_may

    return people_who_may(Permission.BODIES_MANAGE)


def ask_to_join(actor: User, body: Body, reason: str, *, notify: bool = True) -> JoinRequest:
    """A governor asks to sit on a body, saying why. The secretary is told (unless
    ``notify`` is off)."""
    reason = _clean(reason) or ""
    if not reason:
        raise Refused("Say why you would like to join", field="reason")
    blocked = join_blocked(body, actor)
    if blocked:
        raise Refused(blocked)
    join = JoinRequest(body=body, user=actor, reason=reason, created_at=utcnow())
    db.session.add(join)
    db.session.flush()
    record(actor, "body.join_requested", join, f"{actor.name} asked to join {body.name}")
    for secretary in _secretaries() if notify else ():
        queue_email(
            secretary.email,
            f"{actor.name} asks to join {body.name}",
            "governors/email/bodies_join_requested.txt",
            secretary=secretary,
            join=join,
            link=absolute_url("governors.bodies.answer", join_id=join.id),
        )
    return join


def answer_join(
    actor: Any, join: JoinRequest, *, accept: bool, answer: str, notify: bool = True
) -> JoinRequest:
    """The secretary accepts (the governor joins as a member from today) or declines, with
    a reason either way. The governor is told (unless ``notify`` is off)."""
    if join.status != JoinStatus.WAITING:
        raise Refused("This request has already been answered")
    answer = _clean(answer) or ""
    if not answer:
        raise Refused(
            "Give a reason for accepting" if accept else "Give a reason for declining",
            field="answer",
        )
    if accept:
        # The answer's email says they have joined.
        add_member(actor, join.body, user=join.user, role=MemberRole.MEMBER, notify=False)
    join.status = (JoinStatus.ACCEPTED if accept else JoinStatus.DECLINED).value
    join.answer = answer
    join.answered_by = actor
    join.answered_at = utcnow()
    db.session.flush()
    record(
        actor,
        "body.join_accepted" if accept else "body.join_declined",
        join,
        f"{'Accepted' if accept else 'Declined'} {join.user.name}'s request to join "
        f"{join.body.name}",
        after={"status": join.status, "answer": answer},
    )
    if not notify:
        return join
    queue_email(
        join.user.email,
        f"Your request to join {join.body.name}: {JoinStatus(join.status).label.lower()}",
        "governors/email/bodies_join_answered.txt",
        join=join,
        link=absolute_url("governors.bodies.detail", body_id=join.body_id),
    )
    return join


def withdraw_join(actor: User, join: JoinRequest) -> None:
    if join.status != JoinStatus.WAITING:
        raise Refused("This request has already been answered")
    join.status = JoinStatus.WITHDRAWN.value
    db.session.flush()
    record(
        actor,
        "body.join_withdrawn",
        join,
        f"{actor.name} withdrew their request to join {join.body.name}",
    )


def active_people() -> list[User]:
    """Everyone who may be put on a body, by name."""
    return list(
        db.session.scalars(
            sa.select(User)
            .where(User.active.is_(True))
            .options(selectinload(User.role_rows), selectinload(User.governor_profile))
            .order_by(User.name, User.id)
        )
    )
