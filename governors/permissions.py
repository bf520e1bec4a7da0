"""The one permissions policy: who may do what, object rules included.

Views, templates, emails and digests all ask this module, and nothing else lists roles:

- ``can(user, permission, obj)`` answers yes or no;
- ``people_who_may(permission, obj)`` lists the active people ``can`` says yes to, for
  emails and digests;
- ``load_or_404`` loads a record (404 when there is none), then ``authorise`` refuses
  with 401 (not signed in) or 403; ``get_authorised`` does both, in that order.

Both answers come from ``allowed(permission, obj)``: the roles, the particular people and
whether anyone at all (signed in or not) may. Role grants are in ``GRANTS``; what a kind
of meeting means (who attends it and its private part, whether it is held in public) is
read from ``governors.meetings.kinds``; who sits on each body (and chairs it) from
``governors.bodies.services``; the facts about a document (what it is attached to, which
published agendas show it) come from ``governors.documents.services``. Lists of meetings
are filtered by ``visible_meetings``, the same rule as ``can`` written as SQL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import wraps
from typing import Any, TypeVar

import sqlalchemy as sa
from flask import abort
from flask_login import current_user

from governors.extensions import db
from governors.meetings.kinds import (
    Audience,
    KindMeaning,
    MeetingFacts,
    MeetingKind,
    variants,
)
from governors.people.models import Role, User, UserRole

T = TypeVar("T")


class Permission(StrEnum):
    HOME = "home:view"
    PEOPLE_VIEW = "people:view"
    PEOPLE_MANAGE = "people:manage"
    AUDIT_READ = "audit:read"
    SETTINGS_EDIT = "settings:edit"
    # The members' calendar; with a meeting, its page, members' .ics and agenda's public part.
    MEETINGS_VIEW = "meetings:view"
    MEETINGS_MANAGE = "meetings:manage"
    # With a meeting: its private part (private items and papers, the full agenda PDF).
    PRIVATE_VIEW = "private:view"
    # What anyone may see without signing in; with a meeting: its public details, public
    # agenda and public PDF, for meetings held in public.
    PUBLIC_VIEW = "public:view"
    REQUESTS_PROPOSE = "requests:propose"
    REQUESTS_VIEW = "requests:view"
    REQUESTS_WITHDRAW = "requests:withdraw"
    # With a request: change it while it waits for a decision (its proposer).
    REQUESTS_CHANGE = "requests:change"
    # Arrange support for a governor who asked for help to present their item.
    REQUESTS_SUPPORT = "requests:support"
    REQUESTS_DECIDE = "requests:decide"
    REQUESTS_OVERSEE = "requests:oversee"
    AGENDAS_EDIT = "agendas:edit"
    DOCUMENT_VIEW = "document:view"
    # Every body's remit, members and seats.
    BODIES_VIEW = "bodies:view"
    BODIES_MANAGE = "bodies:manage"
    # Ask to sit on a body.
    BODIES_JOIN = "bodies:join"
    # With a meeting: send apologies for it (its body's members).
    ATTENDANCE_APOLOGISE = "attendance:apologise"
    # Keep a meeting's register and its declarations of interest.
    ATTENDANCE_KEEP = "attendance:keep"
    # Take a meeting's minutes, circulate them, record their approval and amend them.
    MINUTES_WRITE = "minutes:write"
    # With a meeting: read its circulated draft minutes and comment on them (its members).
    MINUTES_COMMENT = "minutes:comment"
    # With a person: keep their register of interests and make its yearly return (their
    # own; the secretary, anyone's). Sensitive entries are read this way only.
    INTERESTS_KEEP = "interests:keep"
    # Every register of interests, and who is late with their yearly return.
    INTERESTS_OVERSEE = "interests:oversee"
    # With an action: read it (and its history); an action from a private item only for
    # those who may see that meeting's private part.
    ACTIONS_VIEW = "actions:view"
    # With an action: update its status and progress (its owners, and those who follow up).
    ACTIONS_UPDATE = "actions:update"
    # Raise actions, change anything about them (owners, due dates) and chase their owners.
    ACTIONS_FOLLOW_UP = "actions:follow_up"
    # The whole action log, its filters and exports.
    ACTIONS_LOG = "actions:log"
    # Ask the board, or a named non-executive director, a question.
    QUESTIONS_ASK = "questions:ask"
    # Pass questions on to the board or a director, and see every question.
    QUESTIONS_ROUTE = "questions:route"
    # With a question: read it (see ``_question``); without: every question, and who is late
    # with an answer.
    QUESTIONS_VIEW = "questions:view"
    # With a question: answer it (the director it is put to) or record its answer (the
    # secretary).
    QUESTIONS_ANSWER = "questions:answer"
    # With a question: say whether the answer answered it, and ask a follow-up (its asker).
    QUESTIONS_REPLY = "questions:reply"
    # The risk register, its overview and each risk with its history.
    RISKS_VIEW = "risks:view"
    # Enter risks, change anything about them and link them to agenda items and actions.
    RISKS_MANAGE = "risks:manage"
    # With a risk: change its score, saying why (its owner, and the secretary).
    RISKS_RESCORE = "risks:rescore"
    # Keep the council's glossary (everyone, signed in or not, may read it).
    GLOSSARY_EDIT = "glossary:edit"
    # With an agenda item: write its cover sheet (those who build the agenda, and the
    # governor who proposed it when they present it).
    COVER_SHEETS_WRITE = "papers:cover"
    # Say when you are not available; with a period: see it (its private note included)
    # and end it early (the person, and the secretary only).
    AVAILABILITY_OWN = "availability:own"
    # Record periods for others (with their agreement), and see everyone's.
    AVAILABILITY_MANAGE = "availability:manage"
    # Arrange who stands in for someone who is not available.
    COVER_ARRANGE = "cover:arrange"
    # Ask the secretary for a buddy.
    BUDDIES_ASK = "buddies:ask"
    # With a pair: read it and keep notes of its meetings (the two, and the secretary).
    # Without: every pair.
    BUDDIES_VIEW = "buddies:view"
    # With a request for a buddy: withdraw it (the governor who asked, only).
    BUDDIES_WITHDRAW = "buddies:withdraw"
    # Pair people up, end pairs and answer requests for a buddy.
    BUDDIES_MANAGE = "buddies:manage"


EVERY_MEMBER = frozenset(Role)
SECRETARY = frozenset({Role.SECRETARY})
# The governors' side of the Council: they propose agenda items.
GOVERNING = frozenset({Role.SECRETARY, Role.CHAIR, Role.LEAD_GOVERNOR, Role.GOVERNOR})
# The lead governor follows up unanswered requests but does not decide them.
OVERSEERS = frozenset({Role.SECRETARY, Role.CHAIR, Role.LEAD_GOVERNOR})
DECIDERS = frozenset({Role.SECRETARY, Role.CHAIR})
# Who follows actions up: raises them, changes anything about them and chases owners.
FOLLOWERS = frozenset({Role.SECRETARY, Role.LEAD_GOVERNOR})
# Who sits on the Council itself: its governors, and the chair who chairs it.
SITTING_ON_THE_COUNCIL = frozenset({Role.CHAIR, Role.LEAD_GOVERNOR, Role.GOVERNOR})
# Who may ask to sit on a committee: governors and non-executive directors.
JOINERS = frozenset({Role.LEAD_GOVERNOR, Role.GOVERNOR, Role.NED})
# The governors themselves (the trust's chair chairs the Council but is not one).
GOVERNORS = frozenset({Role.LEAD_GOVERNOR, Role.GOVERNOR})
# Everyone who may sit on a body, and so be missed when they are not available.
SITTING = SITTING_ON_THE_COUNCIL | JOINERS
# The roles that make up each audience a kind of meeting (or its private part) is for.
AUDIENCES: dict[Audience, frozenset[Role]] = {
    Audience.EVERY_MEMBER: EVERY_MEMBER,
    Audience.COUNCIL: frozenset(
        {Role.SECRETARY, Role.CHAIR, Role.LEAD_GOVERNOR, Role.GOVERNOR, Role.NED}
    ),
    Audience.GOVERNORS: frozenset({Role.SECRETARY, Role.LEAD_GOVERNOR, Role.GOVERNOR}),
    # With the body's own members, who are admitted as people (``_meeting``).
    Audience.BODY_MEMBERS: SECRETARY,
}


def _attending(part: Callable[[KindMeaning], Audience]) -> frozenset[Role]:
    """Everyone who attends some kind of meeting, or (``part``) some part of one."""
    return frozenset().union(*(AUDIENCES[part(meaning)] for _, _, meaning in variants()))


# What each role may do, before any particular record is looked at. For the meeting
# permissions these are the roles that attend some kind of meeting; a given meeting
# narrows them to those who attend that kind.
GRANTS: dict[Permission, frozenset[Role]] = {
    Permission.HOME: EVERY_MEMBER,
    Permission.PEOPLE_VIEW: EVERY_MEMBER,
    Permission.PEOPLE_MANAGE: SECRETARY,
    Permission.AUDIT_READ: SECRETARY,
    Permission.SETTINGS_EDIT: SECRETARY,
    Permission.MEETINGS_VIEW: _attending(lambda meaning: meaning.attended_by),
    Permission.MEETINGS_MANAGE: SECRETARY,
    Permission.PRIVATE_VIEW: _attending(lambda meaning: meaning.private_part_for),
    Permission.PUBLIC_VIEW: frozenset(),
    Permission.REQUESTS_PROPOSE: GOVERNING,
    # Any request; each proposer also sees (and may withdraw) their own.
    Permission.REQUESTS_VIEW: OVERSEERS,
    Permission.REQUESTS_WITHDRAW: frozenset(),
    Permission.REQUESTS_CHANGE: frozenset(),
    Permission.REQUESTS_SUPPORT: SECRETARY,
    Permission.REQUESTS_DECIDE: DECIDERS,
    Permission.REQUESTS_OVERSEE: OVERSEERS,
    # The secretary builds agendas, so sees every paper on them, drafts included; a
    # committee's chair may too, for their committee, when the secretary allows it.
    Permission.AGENDAS_EDIT: SECRETARY,
    # Documents are read by what they are attached to (see ``_document``).
    Permission.DOCUMENT_VIEW: frozenset(),
    Permission.BODIES_VIEW: EVERY_MEMBER,
    Permission.BODIES_MANAGE: SECRETARY,
    Permission.BODIES_JOIN: JOINERS,
    # The Council's members are its governors, and its chair; a committee's, its members.
    Permission.ATTENDANCE_APOLOGISE: SITTING_ON_THE_COUNCIL,
    Permission.ATTENDANCE_KEEP: SECRETARY,
    Permission.MINUTES_WRITE: SECRETARY,
    Permission.MINUTES_COMMENT: SITTING_ON_THE_COUNCIL,
    # Everyone keeps their own register (see ``_register``); the secretary, everyone's.
    Permission.INTERESTS_KEEP: EVERY_MEMBER,
    Permission.INTERESTS_OVERSEE: SECRETARY,
    # Actions are read by way of where they were raised (see ``_action``).
    Permission.ACTIONS_VIEW: frozenset(),
    Permission.ACTIONS_UPDATE: FOLLOWERS,
    Permission.ACTIONS_FOLLOW_UP: FOLLOWERS,
    Permission.ACTIONS_LOG: OVERSEERS,
    Permission.QUESTIONS_ASK: GOVERNING,
    Permission.QUESTIONS_ROUTE: SECRETARY,
    # Those who follow questions up; each asker, and the director asked, too (``_question``).
    Permission.QUESTIONS_VIEW: OVERSEERS,
    Permission.QUESTIONS_ANSWER: SECRETARY,
    Permission.QUESTIONS_REPLY: frozenset(),
    Permission.RISKS_VIEW: EVERY_MEMBER,
    Permission.RISKS_MANAGE: SECRETARY,
    Permission.RISKS_RESCORE: SECRETARY,
    Permission.GLOSSARY_EDIT: SECRETARY,
    Permission.COVER_SHEETS_WRITE: SECRETARY,
    Permission.AVAILABILITY_OWN: SITTING,
    Permission.AVAILABILITY_MANAGE: SECRETARY,
    Permission.COVER_ARRANGE: SECRETARY,
    Permission.BUDDIES_ASK: GOVERNORS,
    Permission.BUDDIES_VIEW: SECRETARY,
    Permission.BUDDIES_WITHDRAW: frozenset(),
    Permission.BUDDIES_MANAGE: SECRETARY,
}
# What anyone may do, signed in or not.
OPEN_TO_ALL = frozenset({Permission.PUBLIC_VIEW})


@dataclass(frozen=True)
class Allowed:
    """Who may: holders of ``roles``, the people ``user_ids``, or ``anyone`` at all."""

    roles: frozenset[Role] = frozenset()
    user_ids: frozenset[int] = frozenset()
    anyone: bool = False

    def __or__(self, other: Allowed) -> Allowed:
        return Allowed(
            roles=self.roles | other.roles,
            user_ids=self.user_ids | other.user_ids,
            anyone=self.anyone or other.anyone,
        )

    def admits(self, user: Any) -> bool:
        if self.anyone:
            return True
        if not _signed_in(user):
            return False
        return bool(user.roles & self.roles) or user.id in self.user_ids


NOBODY = Allowed()


def _signed_in(user: Any) -> bool:
    return (
        user is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
    )


# Object rules -----------------------------------------------------------------------------


def _meeting(permission: Permission, meeting: Any) -> Allowed:
    """A meeting (or a kind of meeting) is for those who attend it: the roles its meaning
    names and, for a committee's meeting, the committee's own members.

    A published agenda version stands for its meeting; it is public only if the meeting
    was held in public when the version was published, whatever the meeting is now.
    """
    from governors.agendas.models import AgendaVersion

    published_in_public = True
    if isinstance(meeting, AgendaVersion):
        published_in_public = meeting.frozen.meeting.open_to_public
        meeting = meeting.meeting
    if isinstance(meeting, MeetingKind | str):
        # A kind of the Council's own meetings, with no meeting in particular.
        meaning, members = MeetingKind(meeting).meaning, frozenset[int]()
    else:
        facts = _facts(meeting)
        meaning = facts.meaning
        members = frozenset() if facts.for_council else _members(facts.body_id)
    if permission is Permission.PUBLIC_VIEW:
        return Allowed(anyone=meaning.public and published_in_public)
    audience = (
        meaning.private_part_for if permission is Permission.PRIVATE_VIEW else meaning.attended_by
    )
    return Allowed(roles=GRANTS[permission] & AUDIENCES[audience], user_ids=members)


def _facts(meeting: Any) -> MeetingFacts:
    return meeting if isinstance(meeting, MeetingFacts) else meeting.facts


def _members(body_id: int) -> frozenset[int]:
    from governors.bodies.services import member_ids

    return member_ids(body_id)


def _agenda(permission: Permission, meeting: Any) -> Allowed:
    """A meeting's agenda is built by the secretary and, where the secretary allows it, by
    the chair and vice-chair of the committee that holds it."""
    from governors.bodies.services import chair_ids

    allowed = Allowed(roles=GRANTS[permission])
    facts = _facts(meeting)
    if facts.chair_builds_agenda and not facts.for_council:
        allowed |= Allowed(user_ids=chair_ids(facts.body_id))
    return allowed


def _person(permission: Permission, person: Any) -> Allowed:
    # People who have left stay on record for the secretary only.
    if person.active:
        return Allowed(roles=GRANTS[permission])
    return Allowed(roles=GRANTS[Permission.PEOPLE_MANAGE])


def _request(permission: Permission, request: Any) -> Allowed:
    """The proposer's own request: they see it and may withdraw it (while it waits)."""
    return Allowed(roles=GRANTS[permission], user_ids=frozenset({request.proposer_id}))


def _document(permission: Permission, document: Any) -> Allowed:
    """A document is read by way of what it is attached to.

    Its uploader reads it. A request's document: whoever may see the request. An agenda
    paper: the secretary, who builds the agenda, from the moment it is added; everyone
    else only as published: those who may see the part of the meeting a published
    version shows it in, and anyone once the latest version shows it in the public part
    of a meeting held in public that is going ahead.
    """
    from governors.documents.services import DocumentFacts, document_facts

    facts = document if isinstance(document, DocumentFacts) else document_facts(document)
    allowed = Allowed(
        user_ids=frozenset({facts.uploaded_by_id} if facts.uploaded_by_id is not None else ())
    )
    for proposer_id in facts.proposer_ids:
        allowed |= _request(Permission.REQUESTS_VIEW, _Proposed(proposer_id))
    for meeting in facts.on_agendas:
        allowed |= _agenda(Permission.AGENDAS_EDIT, meeting)
    if facts.terms_of_reference:
        # A body's terms of reference are read by everyone who may see the body.
        allowed |= Allowed(roles=GRANTS[Permission.BODIES_VIEW])
    for placement in facts.published:
        private = placement.part == "private"
        part = Permission.PRIVATE_VIEW if private else Permission.MEETINGS_VIEW
        allowed |= _meeting(part, placement.meeting)
        if placement.latest and not private and not placement.meeting_cancelled:
            allowed |= _meeting(Permission.PUBLIC_VIEW, placement.meeting)
    return allowed


def _joining(permission: Permission, obj: Any) -> Allowed:
    """Governors and directors ask to join a body; a request to join is withdrawn by the
    person who made it."""
    from governors.bodies.models import JoinRequest

    if isinstance(obj, JoinRequest):
        return Allowed(user_ids=frozenset({obj.user_id}))
    return Allowed(roles=GRANTS[permission])


def _sitting(permission: Permission, meeting: Any) -> Allowed:
    """Those who sit on the body holding the meeting: they send apologies for it and comment
    on its draft minutes."""
    facts = _facts(meeting)
    if facts.for_council:
        return Allowed(roles=GRANTS[permission])
    return Allowed(user_ids=_members(facts.body_id))


def _register(permission: Permission, person: Any) -> Allowed:
    """A register of interests is kept by its own person, and by the secretary for them."""
    allowed = Allowed(roles=GRANTS[Permission.INTERESTS_OVERSEE])
    if person.active:
        allowed |= Allowed(user_ids=frozenset({person.id}))
    return allowed


def _action_audience(action: Any) -> Allowed:
    """Who may know of an action: those who may see the part of the meeting it was raised
    in (its private part, for an action from a private item); for one raised on its own,
    the body's members and, unless private, everyone on the Council's side."""
    if action.meeting is not None:
        part = Permission.PRIVATE_VIEW if action.private else Permission.MEETINGS_VIEW
        return _meeting(part, action.meeting)
    body = action.body
    members = Allowed(user_ids=frozenset() if body.is_council else _members(body.id))
    if action.private:
        roles = SITTING_ON_THE_COUNCIL if body.is_council else frozenset()
        return members | Allowed(roles=roles | SECRETARY)
    return members | Allowed(roles=AUDIENCES[Audience.COUNCIL])


def _action(permission: Permission, action: Any) -> Allowed:
    """An action is read by those who may know of it and by its owners; it is updated by
    its owners, and by those who follow actions up when they may know of it."""
    owners = Allowed(
        user_ids=frozenset(owner.user_id for owner in action.owners if owner.user_id is not None)
    )
    audience = _action_audience(action)
    if permission is Permission.ACTIONS_VIEW:
        return audience | owners
    return owners | Allowed(roles=GRANTS[permission] & audience.roles)


def _question(permission: Permission, question: Any) -> Allowed:
    """A question is read by its asker, the non-executive director it is put to and those
    who follow questions up; once answered, if its asker agreed it may be public and it was
    not asked from a private item, by anyone. The director it is put to answers it, and
    the secretary may record any answer. Only its asker says whether the answer answered
    it and asks a follow-up."""
    asker = Allowed(user_ids=frozenset({question.asker_id}))
    put_to = Allowed(
        user_ids=frozenset({question.to_ned_id} if question.to_ned_id is not None else ())
    )
    if permission is Permission.QUESTIONS_VIEW:
        if question.published:
            return Allowed(anyone=True)
        return Allowed(roles=GRANTS[permission]) | asker | put_to
    if permission is Permission.QUESTIONS_ANSWER:
        return Allowed(roles=GRANTS[permission]) | put_to
    return asker


def _risk(permission: Permission, risk: Any) -> Allowed:
    """A risk's score is changed by its owner, and by the secretary."""
    return Allowed(roles=GRANTS[permission], user_ids=frozenset({risk.owner_id}))


def _cover_sheet(permission: Permission, item: Any) -> Allowed:
    """An item's cover sheet is written by those who build its agenda and, for an item a
    governor proposed and presents, by that governor."""
    from governors.requests.rules import Presenter

    allowed = _agenda(Permission.AGENDAS_EDIT, item.meeting)
    request = item.request
    if request is not None and request.presenter_choice == Presenter.SELF:
        allowed |= Allowed(user_ids=frozenset({request.proposer_id}))
    return allowed


def _period(permission: Permission, period: Any) -> Allowed:
    """A period of unavailability, and its private note, are for its person and the
    secretary only."""
    return Allowed(
        roles=GRANTS[Permission.AVAILABILITY_MANAGE], user_ids=frozenset({period.user_id})
    )


def _buddy_pair(permission: Permission, pair: Any) -> Allowed:
    """A buddy pair and the notes of its meetings are for the two of them and the secretary."""
    return Allowed(roles=GRANTS[permission], user_ids=frozenset({pair.governor_id, pair.buddy_id}))


def _buddy_request(permission: Permission, asked: Any) -> Allowed:
    """A request for a buddy is withdrawn by the governor who asked, only."""
    return Allowed(user_ids=frozenset({asked.governor_id}))


@dataclass(frozen=True)
class _Proposed:
    proposer_id: int


OBJECT_RULES: dict[Permission, Callable[[Permission, Any], Allowed]] = {
    Permission.MEETINGS_VIEW: _meeting,
    Permission.PRIVATE_VIEW: _meeting,
    Permission.PUBLIC_VIEW: _meeting,
    Permission.PEOPLE_VIEW: _person,
    Permission.REQUESTS_VIEW: _request,
    Permission.REQUESTS_WITHDRAW: _request,
    Permission.REQUESTS_CHANGE: _request,
    Permission.AGENDAS_EDIT: _agenda,
    Permission.DOCUMENT_VIEW: _document,
    Permission.BODIES_JOIN: _joining,
    Permission.ATTENDANCE_APOLOGISE: _sitting,
    Permission.MINUTES_COMMENT: _sitting,
    Permission.INTERESTS_KEEP: _register,
    Permission.ACTIONS_VIEW: _action,
    Permission.ACTIONS_UPDATE: _action,
    Permission.QUESTIONS_VIEW: _question,
    Permission.QUESTIONS_ANSWER: _question,
    Permission.QUESTIONS_REPLY: _question,
    Permission.RISKS_RESCORE: _risk,
    Permission.COVER_SHEETS_WRITE: _cover_sheet,
    Permission.AVAILABILITY_OWN: _period,
    Permission.BUDDIES_VIEW: _buddy_pair,
    Permission.BUDDIES_WITHDRAW: _buddy_request,
}


# Asking the policy ------------------------------------------------------------------------


def allowed(permission: Permission | str, obj: Any = None) -> Allowed:
    """Everyone who may do ``permission`` (to ``obj``): the policy itself."""
    permission = Permission(permission)
    rule = OBJECT_RULES.get(permission)
    if obj is not None and rule is not None:
        return rule(permission, obj)
    return Allowed(roles=GRANTS[permission], anyone=permission in OPEN_TO_ALL)


def can(user: Any, permission: Permission | str, obj: Any = None) -> bool:
    """May ``user`` do ``permission`` (to ``obj``)? Signed-out and deactivated people may
    do only what anyone may."""
    return allowed(permission, obj).admits(user)


def people_who_may(permission: Permission | str, obj: Any = None) -> list[User]:
    """The active people ``can`` says yes to, by id: who an email or digest goes to."""
    who = allowed(permission, obj)
    query = sa.select(User).where(User.active.is_(True)).order_by(User.id)
    if not who.anyone:
        conditions = []
        if who.roles:
            holders = sa.select(UserRole.user_id).where(
                UserRole.role.in_(sorted(role.value for role in who.roles))
            )
            conditions.append(User.id.in_(holders))
        if who.user_ids:
            conditions.append(User.id.in_(sorted(who.user_ids)))
        if not conditions:
            return []
        query = query.where(sa.or_(*conditions))
    return list(db.session.scalars(query))


def visible_meetings(
    user: Any, permission: Permission | str = Permission.MEETINGS_VIEW
) -> sa.ColumnElement[bool]:
    """The meetings ``user`` may do ``permission`` to, as a condition on ``Meeting``: what
    their lists and calendar feeds show. The same rule as ``_meeting``, for many meetings
    in one query (``tests/foundation/test_policy.py`` holds the two to agreement)."""
    from governors.bodies.models import Body
    from governors.bodies.services import member_bodies
    from governors.meetings.models import Meeting

    permission = Permission(permission)
    signed_in = _signed_in(user)
    roles = user.roles if signed_in else frozenset()
    conditions: list[sa.ColumnElement[bool]] = []
    for kind, open_to_public, meaning in variants():
        if permission is Permission.PUBLIC_VIEW:
            admitted = meaning.public
        else:
            audience = (
                meaning.private_part_for
                if permission is Permission.PRIVATE_VIEW
                else meaning.attended_by
            )
            admitted = bool(roles & GRANTS[permission] & AUDIENCES[audience])
        if not admitted:
            continue
        condition = Meeting.kind == kind.value
        if open_to_public is not None:
            bodies = sa.select(Body.id).where(Body.open_to_public.is_(open_to_public))
            condition = sa.and_(condition, Meeting.body_id.in_(bodies))
        conditions.append(condition)
    if signed_in and permission is not Permission.PUBLIC_VIEW:
        conditions.append(
            sa.and_(
                Meeting.kind == MeetingKind.COMMITTEE.value,
                Meeting.body_id.in_(member_bodies(user.id)),
            )
        )
    return sa.or_(*conditions) if conditions else sa.false()


def visible_actions(user: Any) -> sa.ColumnElement[bool]:
    """The actions ``user`` may read, as a condition on ``Action``: the same rule as
    ``_action`` for ``ACTIONS_VIEW``, for a whole log in one query."""
    from governors.actions.models import Action, ActionOwner
    from governors.bodies.models import Body
    from governors.bodies.rules import BodyKind
    from governors.bodies.services import member_bodies
    from governors.meetings.models import Meeting

    if not _signed_in(user):
        return sa.false()
    roles = user.roles
    owned = Action.id.in_(sa.select(ActionOwner.action_id).where(ActionOwner.user_id == user.id))
    in_public_part = sa.and_(
        Action.private.is_(False),
        Action.meeting_id.in_(sa.select(Meeting.id).where(visible_meetings(user))),
    )
    in_private_part = sa.and_(
        Action.private.is_(True),
        Action.meeting_id.in_(
            sa.select(Meeting.id).where(visible_meetings(user, Permission.PRIVATE_VIEW))
        ),
    )
    mine = Action.body_id.in_(member_bodies(user.id))
    council = Action.body_id.in_(sa.select(Body.id).where(Body.kind == BodyKind.COUNCIL.value))
    on_its_own = []
    if roles & AUDIENCES[Audience.COUNCIL]:
        on_its_own.append(Action.private.is_(False))
    if roles & SECRETARY:
        on_its_own.append(sa.true())
    if roles & SITTING_ON_THE_COUNCIL:
        on_its_own.append(council)
    on_its_own.append(sa.and_(~council, mine))
    return sa.or_(
        owned,
        sa.and_(Action.meeting_id.is_not(None), sa.or_(in_public_part, in_private_part)),
        sa.and_(Action.meeting_id.is_(None), sa.or_(*on_its_own)),
    )


def own_meetings(user: Any) -> sa.ColumnElement[bool]:
    """The meetings that are ``user``'s own business: the Council's (those they attend)
    and those of the bodies they sit on, or of every body for those who support them all.
    What their home page and personal calendar feed carry."""
    from governors.meetings.models import Meeting

    visible = visible_meetings(user)
    if _signed_in(user) and user.roles & AUDIENCES[Audience.BODY_MEMBERS]:
        return visible
    from governors.bodies.services import member_bodies

    council = Meeting.kind.in_([kind.value for kind in MeetingKind.council_kinds()])
    mine = (
        council
        if not _signed_in(user)
        else sa.or_(council, Meeting.body_id.in_(member_bodies(user.id)))
    )
    return sa.and_(visible, mine)


# Views ------------------------------------------------------------------------------------


def authorise(permission: Permission | str, obj: Any = None, *, hide: bool = False) -> None:
    """Stop the request unless the current user may do ``permission`` (to ``obj``).

    Not signed in: 401, which sends them to sign in. Signed in: 403. With ``hide``,
    someone who may do this to other records but not to this one gets 404, as if it were
    not there: the public agenda of a meeting not held in public, a person who has left.
    """
    if can(current_user, permission, obj):
        return
    if hide and obj is not None and can(current_user, permission):
        abort(404)
    abort(403 if _signed_in(current_user) else 401)


def requires(permission: Permission) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """View decorator for permissions that need no particular record."""

    def decorator(view: Callable[..., T]) -> Callable[..., T]:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> T:
            authorise(permission)
            return view(*args, **kwargs)

        # The header menu shows a link to this page to whoever passes this same check.
        wrapped.required_permission = permission  # type: ignore[attr-defined]
        return wrapped

    return decorator


def load_or_404(
    model: type[T], record_id: int, *, loader: Callable[[int], T | None] | None = None
) -> T:
    """The record, or a 404 page. ``loader`` loads it with what its page needs."""
    record = loader(record_id) if loader is not None else db.session.get(model, record_id)
    if record is None:
        abort(404)
    return record


def get_authorised(
    model: type[T],
    record_id: int,
    permission: Permission,
    *,
    loader: Callable[[int], T | None] | None = None,
    hide: bool = False,
) -> T:
    """Load the record (404), then check the current user may do ``permission`` to it."""
    record = load_or_404(model, record_id, loader=loader)
    authorise(permission, record, hide=hide)
    return record
