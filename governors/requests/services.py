"""Changes to agenda requests, and the queries their pages need.

Every change takes the acting user, records a RequestEvent and an audit entry, emails the
proposer through the outbox and flushes. Nothing here commits: the view does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, lazyload, selectinload

from governors.agendas.models import AgendaItem
from governors.agendas.rules import Part, Purpose
from governors.audit.services import private_name, record
from governors.council.models import current_settings
from governors.documents.services import CheckedFile, store_checked
from governors.errors import Refused
from governors.extensions import db
from governors.meetings.kinds import MeetingKind
from governors.meetings.models import Meeting
from governors.outbox.services import absolute_url, queue_email
from governors.people.models import User
from governors.permissions import Permission, can, people_who_may
from governors.requests import rules
from governors.requests.clear_days import ClearDaysRule, agenda_deadline, receipt_day
from governors.requests.models import AgendaRequest, RequestEvent, RequestStatus
from governors.timeutil import (
    format_date,
    format_short_date,
    local_to_utc,
    local_today,
    to_local,
    utcnow,
)

# Meetings ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingOption:
    """A meeting a request can be sent to, with its agenda deadline under the rule."""

    meeting: Meeting
    deadline: date

    def label(self, today: date) -> str:
        when = f"{self.meeting.title}, {format_short_date(self.meeting.day)}"
        if self.deadline >= today:
            return f"{when} (send by {format_short_date(self.deadline)})"
        return f"{when} (deadline {format_short_date(self.deadline)} passed: late)"


def upcoming_meetings(now: datetime | None = None) -> list[Meeting]:
    """Council meetings that have not started and are not cancelled, soonest first."""
    return list(
        db.session.scalars(
            sa.select(Meeting)
            .where(
                Meeting.starts_at > (now or utcnow()),
                Meeting.cancelled_at.is_(None),
                Meeting.kind.in_(MeetingKind.taking_requests()),
            )
            .order_by(Meeting.starts_at, Meeting.id)
        )
    )


def meeting_options(rule: ClearDaysRule, now: datetime | None = None) -> list[MeetingOption]:
    return [
        MeetingOption(meeting=meeting, deadline=agenda_deadline(meeting.day, rule))
        for meeting in upcoming_meetings(now)
    ]


def default_option(options: Sequence[MeetingOption], today: date) -> MeetingOption | None:
    index = rules.default_choice(options, today)
    return None if index is None else options[index]


def later_meetings(meeting: Meeting, now: datetime | None = None) -> list[Meeting]:
    """Upcoming meetings after ``meeting``: where a request can be deferred to."""
    return [m for m in upcoming_meetings(now) if m.starts_at > meeting.starts_at]


# Reading a request --------------------------------------------------------------------


def recorded_rule(request: AgendaRequest) -> ClearDaysRule:
    """The rule that was in force when the request was received."""
    return ClearDaysRule(
        days=request.rule_days,
        counting=request.rule_counting,
        nation=request.rule_nation,
        cutoff=request.rule_cutoff,
    )


def receipt_text(request: AgendaRequest, subject: str = "your request") -> str:
    """'We received your request on … That is 17 clear days before … so it is in time.'"""
    rule = recorded_rule(request)
    return rules.receipt_sentence(
        received_at=request.received_at,
        counted_day=receipt_day(request.received_at, rule),
        meeting_day=request.meeting.day,
        clear_days=request.clear_days,
        in_time=request.in_time,
        rule_days=request.rule_days,
        counting=request.rule_counting,
        cutoff=request.rule_cutoff,
        subject=subject,
    )


def current_meeting(request: AgendaRequest) -> Meeting:
    """The meeting the request is now for: where it was deferred to, if it was."""
    return request.deferred_to or request.meeting


def is_overdue(request: AgendaRequest, today: date | None = None) -> bool:
    return rules.is_overdue(request.status, request.response_due, today or local_today())


def agenda_item_for(request: AgendaRequest) -> AgendaItem | None:
    return db.session.scalar(sa.select(AgendaItem).where(AgendaItem.request_id == request.id))


def load_request(request_id: int) -> AgendaRequest | None:
    """One request with everything its pages show, in a fixed number of queries."""
    return db.session.scalar(
        sa.select(AgendaRequest)
        .where(AgendaRequest.id == request_id)
        .options(
            joinedload(AgendaRequest.meeting),
            joinedload(AgendaRequest.deferred_to),
            joinedload(AgendaRequest.proposer),
            joinedload(AgendaRequest.decided_by),
            selectinload(AgendaRequest.documents),
            selectinload(AgendaRequest.events).joinedload(RequestEvent.actor),
            selectinload(AgendaRequest.events).joinedload(RequestEvent.meeting),
        )
    )


def _list_options() -> tuple[Any, ...]:
    # Lists show only the proposer's name: their roles and profile (loaded by default with
    # a query per 500 people) are left until something asks for them.
    return (
        joinedload(AgendaRequest.meeting),
        joinedload(AgendaRequest.deferred_to),
        joinedload(AgendaRequest.proposer).options(
            lazyload(User.role_rows), lazyload(User.governor_profile)
        ),
    )


def requests_of(user: User) -> list[AgendaRequest]:
    """A governor's own requests, newest first."""
    return list(
        db.session.scalars(
            sa.select(AgendaRequest)
            .where(AgendaRequest.proposer_id == user.id)
            .options(*_list_options())
            .order_by(AgendaRequest.received_at.desc(), AgendaRequest.id.desc())
        )
    )


@dataclass
class QueueGroup:
    """The requests for one meeting: those awaiting a decision, then the decided ones."""

    meeting: Meeting
    awaiting: list[AgendaRequest] = field(default_factory=list)
    decided: list[AgendaRequest] = field(default_factory=list)


# Decided requests of past meetings are shown this many at a time.
EARLIER_PER_PAGE = 25


@dataclass
class DecisionQueue:
    """What the queue page shows.

    ``current``: every request awaiting a decision, whatever its meeting, and the decided
    requests of meetings still to come. ``earlier``: one page of the requests decided for
    meetings that have taken place, most recent meeting first. Both grouped by meeting.
    """

    current: list[QueueGroup]
    earlier: list[QueueGroup]
    page: int
    pages: int
    earlier_total: int


def _target_meeting() -> Any:
    """The meeting a request is now for: where it was deferred to, if it was."""
    return sa.func.coalesce(AgendaRequest.deferred_to_id, AgendaRequest.meeting_id)


def _grouped(requests: Iterable[AgendaRequest]) -> list[QueueGroup]:
    groups: dict[int, QueueGroup] = {}
    for request in requests:
        meeting = current_meeting(request)
        group = groups.setdefault(meeting.id, QueueGroup(meeting=meeting))
        if rules.awaiting_decision(request.status):
            group.awaiting.append(request)
        else:
            group.decided.append(request)
    return list(groups.values())


def decision_queue(
    page: int = 1, meeting_id: int | None = None, now: datetime | None = None
) -> DecisionQueue:
    """The queue in a fixed number of queries, optionally for one meeting only.

    Nothing awaiting a decision is ever left out of the first page; only decisions already
    made for past meetings are paged. Later pages carry those decisions alone.
    """
    now = now or utcnow()
    target = _target_meeting()
    query = sa.select(AgendaRequest).join(Meeting, Meeting.id == target).options(*_list_options())
    if meeting_id is not None:
        query = query.where(target == meeting_id)
    awaiting = AgendaRequest.status.in_(rules.AWAITING)
    current: Iterable[AgendaRequest] = ()
    if page == 1:
        current = db.session.scalars(
            query.where(sa.or_(awaiting, Meeting.starts_at >= now)).order_by(
                Meeting.starts_at, Meeting.id, AgendaRequest.received_at, AgendaRequest.id
            )
        )
    earlier = db.paginate(
        query.where(sa.not_(awaiting), Meeting.starts_at < now).order_by(
            Meeting.starts_at.desc(),
            Meeting.id.desc(),
            AgendaRequest.received_at,
            AgendaRequest.id,
        ),
        page=page,
        per_page=EARLIER_PER_PAGE,
        error_out=False,
    )
    return DecisionQueue(
        current=_grouped(current),
        earlier=_grouped(earlier.items),
        page=earlier.page,
        pages=earlier.pages,
        earlier_total=earlier.total or 0,
    )


def queue_meetings() -> list[Meeting]:
    """Meetings that have requests, latest first: the choices for the queue's filter."""
    return list(
        db.session.scalars(
            sa.select(Meeting)
            .where(Meeting.id.in_(sa.select(_target_meeting())))
            .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        )
    )


@dataclass(frozen=True)
class RequestCounts:
    awaiting: int
    overdue: int


def queue_counts(today: date | None = None, meeting_id: int | None = None) -> RequestCounts:
    """How many requests await a decision and how many answers are overdue, in one query;
    for one meeting (where requests are now for) when ``meeting_id`` is given."""
    today = today or local_today()
    query = sa.select(
        sa.func.count(AgendaRequest.id),
        sa.func.count(AgendaRequest.id).filter(
            AgendaRequest.status == RequestStatus.SUBMITTED,
            AgendaRequest.response_due < today,
        ),
    ).where(AgendaRequest.status.in_(rules.AWAITING))
    if meeting_id is not None:
        query = query.where(_target_meeting() == meeting_id)
    awaiting, overdue = db.session.execute(query).one()
    return RequestCounts(awaiting=awaiting, overdue=overdue)


@dataclass(frozen=True)
class Shortlist:
    """The first few of a list, and how long the whole list is."""

    items: list[AgendaRequest]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.items)


def _shortlist(query: sa.Select, limit: int) -> Shortlist:
    # The window count is taken before LIMIT: the first few and the total in one query.
    rows = db.session.execute(
        query.add_columns(sa.func.count().over()).options(*_list_options()).limit(limit)
    ).all()
    return Shortlist(items=[row[0] for row in rows], total=rows[0][1] if rows else 0)


def overdue_requests(limit: int, today: date | None = None) -> Shortlist:
    """Submitted requests whose answer is overdue, the longest overdue first."""
    today = today or local_today()
    return _shortlist(
        sa.select(AgendaRequest)
        .where(
            AgendaRequest.status == RequestStatus.SUBMITTED,
            AgendaRequest.response_due < today,
        )
        .order_by(AgendaRequest.response_due, AgendaRequest.id),
        limit,
    )


def late_answer_count(today: date | None = None, days: int = 365) -> int:
    """How many requests answered in the last ``days`` days were answered after their
    answer was due (by the local date of the answer)."""
    today = today or local_today()
    since = local_to_utc(today - timedelta(days=days), time(0))
    answered = db.session.execute(
        sa.select(AgendaRequest.response_due, AgendaRequest.decided_at).where(
            AgendaRequest.decided_at.is_not(None), AgendaRequest.decided_at >= since
        )
    ).all()
    return sum(1 for due, decided in answered if to_local(decided).date() > due)


def open_requests_of(user: User, limit: int) -> Shortlist:
    """A governor's requests still awaiting a decision, newest first."""
    return _shortlist(
        sa.select(AgendaRequest)
        .where(
            AgendaRequest.proposer_id == user.id,
            AgendaRequest.status.in_(rules.AWAITING),
        )
        .order_by(AgendaRequest.received_at.desc(), AgendaRequest.id.desc()),
        limit,
    )


# Writing ------------------------------------------------------------------------------


def _audit_name(request: AgendaRequest, private: bool | None = None) -> str:
    # The audit log may be exported: a private item is named by number only.
    if request.is_private if private is None else private:
        return private_name("agenda request", request.id)
    return f"agenda request {request.id} '{request.title}'"


def _subject(text: str, request: AgendaRequest) -> str:
    if request.is_private:
        return f"{text} (private session item)"
    title = request.title if len(request.title) <= 80 else request.title[:77] + "..."
    return f"{text}: {title}"


def _email_proposer(request: AgendaRequest, subject: str, template: str, **context: Any) -> None:
    if not request.proposer.active:
        return
    queue_email(
        request.proposer.email,
        _subject(subject, request),
        f"governors/email/{template}",
        request=request,
        proposer=request.proposer,
        meeting=current_meeting(request),
        link=absolute_url("governors.requests.detail", request_id=request.id),
        **context,
    )


def _event(
    request: AgendaRequest,
    actor: Any,
    status: str,
    at: datetime,
    note: str | None = None,
    meeting: Meeting | None = None,
) -> RequestEvent:
    event = RequestEvent(
        request=request,
        actor_id=getattr(actor, "id", None),
        status=status,
        note=note,
        meeting=meeting,
        occurred_at=at,
    )
    db.session.add(event)
    return event


def _audit(
    actor: Any,
    action: str,
    request: AgendaRequest,
    summary: str,
    at: datetime,
    *,
    private: bool | None = None,
    **kw: Any,
) -> Any:
    """An audit entry for ``request``; a private one (see ``_audit_name``) withholds its texts."""
    private = request.is_private if private is None else private
    entry = record(actor, action, request, summary, private=private, **kw)
    entry.occurred_at = at
    return entry


def _clean(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None


def submit_request(
    actor: User,
    *,
    meeting: Meeting,
    title: str,
    purpose: str,
    session: str,
    private_reason: str | None = None,
    supporting_info: str = "",
    files: Iterable[CheckedFile] = (),
    received_at: datetime | None = None,
    notify: bool = True,
) -> AgendaRequest:
    """Record a governor's request with its receipt, fixed from this moment on.

    ``received_at`` is the server's clock; only the demo loader and tests pass their own
    time, and every receipt field is still worked out from it.
    """
    title = (title or "").strip()
    if not title:
        raise Refused("Enter a title for the item", field="title")
    if purpose not in Purpose.askable():
        raise Refused("Select what you are asking the Council to do", field="purpose")
    if session not in set(Part):
        raise Refused("Select whether the item is for the public or private part", field="session")
    purpose, session = Purpose(purpose).value, Part(session).value
    private_reason = _clean(private_reason) if session == Part.PRIVATE else None
    if session == Part.PRIVATE and not private_reason:
        raise Refused("Enter why the item needs to be discussed in private", field="private_reason")
    if meeting.cancelled_at is not None:
        raise Refused("That meeting has been cancelled. Choose another meeting", field="meeting_id")

    received_at = received_at or utcnow()
    if received_at >= meeting.starts_at:
        raise Refused(
            "That meeting has already started. Choose a later meeting", field="meeting_id"
        )
    settings = current_settings()
    meeting_day = meeting.day
    receipt = rules.receipt(received_at, meeting_day, settings.rule, settings.response_days)
    request = AgendaRequest(
        meeting=meeting,
        proposer=actor,
        title=title,
        purpose=purpose,
        session=session,
        private_reason=private_reason,
        supporting_info=(supporting_info or "").strip(),
        **receipt.columns(),
        status=RequestStatus.SUBMITTED.value,
    )
    db.session.add(request)
    for checked in files:
        request.documents.append(store_checked(actor, checked))
    db.session.flush()
    verdict = "in time" if request.in_time else "late"
    _event(request, actor, RequestStatus.SUBMITTED, received_at, meeting=meeting)
    _audit(
        actor,
        "request.submitted",
        request,
        f"Submitted {_audit_name(request)} for the meeting on {format_date(meeting_day)} "
        f"({verdict}, {request.clear_days} clear days)",
        received_at,
        after={
            "meeting_id": meeting.id,
            "received_at": received_at.isoformat(),
            "clear_days": request.clear_days,
            "in_time": request.in_time,
            "deadline": request.deadline.isoformat(),
            "response_due": request.response_due.isoformat(),
            "documents": len(request.documents),
        },
    )
    if notify:
        _email_proposer(
            request,
            "We received your agenda request",
            "requests_received.txt",
            receipt=receipt_text(request),
        )
    db.session.flush()
    return request


def _require_awaiting(request: AgendaRequest) -> None:
    if not rules.awaiting_decision(request.status):
        raise Refused(f"This request has already been {request.status}. Reload the page to see it")


def _reason_given(request: AgendaRequest, reason: str | None, doing: str) -> str:
    """A decision that must say why: still awaiting one, and the reason is not blank."""
    _require_awaiting(request)
    reason = _clean(reason)
    if not reason:
        raise Refused(f"Enter a reason for {doing} the request", field="reason")
    return reason


def withdraw_request(
    actor: User, request: AgendaRequest, *, at: datetime | None = None, notify: bool = True
) -> None:
    """The proposer takes back a request that has not been finally decided."""
    _require_awaiting(request)
    at = at or utcnow()
    before = request.status
    request.status = RequestStatus.WITHDRAWN.value
    request.decided_at = at
    request.decided_by = actor
    _event(request, actor, RequestStatus.WITHDRAWN, at)
    _audit(
        actor,
        "request.withdrawn",
        request,
        f"Withdrew {_audit_name(request)}",
        at,
        before={"status": before},
        after={"status": request.status},
    )
    if notify:
        _email_proposer(request, "You withdrew your agenda request", "requests_withdrawn.txt")
    db.session.flush()


def _decide(
    actor: User,
    request: AgendaRequest,
    status: RequestStatus,
    *,
    at: datetime,
    reason: str | None,
    meeting: Meeting,
    summary: str,
    private: bool | None = None,
) -> None:
    before = {"status": request.status, "meeting_id": current_meeting(request).id}
    request.status = status.value
    request.decided_at = at
    request.decided_by = actor
    request.decision_reason = reason
    _event(request, actor, status, at, note=reason, meeting=meeting)
    _audit(
        actor,
        f"request.{status.value}",
        request,
        summary,
        at,
        before=before,
        after={"status": status.value, "meeting_id": meeting.id, "reason": reason},
        private=private,
    )


def accept_request(
    actor: User,
    request: AgendaRequest,
    *,
    part: str,
    reason: str | None = None,
    at: datetime | None = None,
    notify: bool = True,
) -> AgendaItem:
    """Place the request on its meeting's agenda, in the part the decider chose."""
    from governors.agendas.services import add_item

    _require_awaiting(request)
    if part not in set(Part):
        raise Refused("Select the public or private part of the agenda", field="part")
    part = Part(part).value
    reason = _clean(reason)
    if not request.in_time and not reason:
        raise Refused(
            "Enter a reason for accepting this late request: the chair's discretion is recorded",
            field="reason",
        )
    at = at or utcnow()
    meeting = current_meeting(request)
    if meeting.cancelled_at is not None:
        raise Refused(
            "That meeting has been cancelled. Defer the request to a later meeting instead",
            field="decision",
        )
    if meeting.starts_at <= at:
        raise Refused(
            "That meeting has already taken place. Defer the request to a later meeting "
            "or decline it",
            field="decision",
        )
    private = request.is_private or part == Part.PRIVATE
    _decide(
        actor,
        request,
        RequestStatus.ACCEPTED,
        at=at,
        reason=reason,
        meeting=meeting,
        summary=f"Accepted {_audit_name(request, private)} for the {part} part of the meeting "
        f"on {format_date(meeting.day)}",
        # Placed in the private part, a public request becomes private business too.
        private=private,
    )
    item = add_item(
        actor,
        meeting,
        part=part,
        title=request.title,
        purpose=request.purpose,
        presenter=request.proposer.name,
        description=request.supporting_info or None,
        request=request,
    )
    if notify:
        _email_proposer(
            request, "Your agenda request was accepted", "requests_accepted.txt", part=part
        )
    db.session.flush()
    return item


def decline_request(
    actor: User,
    request: AgendaRequest,
    *,
    reason: str,
    at: datetime | None = None,
    notify: bool = True,
) -> None:
    reason = _reason_given(request, reason, "declining")
    at = at or utcnow()
    _decide(
        actor,
        request,
        RequestStatus.DECLINED,
        at=at,
        reason=reason,
        meeting=current_meeting(request),
        summary=f"Declined {_audit_name(request)}",
    )
    if notify:
        _email_proposer(request, "Your agenda request was declined", "requests_declined.txt")
    db.session.flush()


def defer_request(
    actor: User,
    request: AgendaRequest,
    *,
    to_meeting: Meeting,
    reason: str,
    at: datetime | None = None,
    notify: bool = True,
) -> None:
    """Move the request to a named later meeting, where it waits for a fresh decision."""
    reason = _reason_given(request, reason, "deferring")
    at = at or utcnow()
    if (
        to_meeting.cancelled_at is not None
        or to_meeting.starts_at <= at
        or to_meeting.starts_at <= current_meeting(request).starts_at
    ):
        raise Refused("Select a later meeting from the list", field="defer_to")
    request.deferred_to = to_meeting
    _decide(
        actor,
        request,
        RequestStatus.DEFERRED,
        at=at,
        reason=reason,
        meeting=to_meeting,
        summary=f"Deferred {_audit_name(request)} to the meeting on {format_date(to_meeting.day)}",
    )
    if notify:
        _email_proposer(request, "Your agenda request was deferred", "requests_deferred.txt")
    db.session.flush()


# The daily digest ---------------------------------------------------------------------


@dataclass(frozen=True)
class DigestResult:
    recipients: list[str]
    overdue: int
    late: int


def digest_recipients() -> list[User]:
    """Everyone who oversees requests (the policy says who): those who answer and chase them."""
    return people_who_may(Permission.REQUESTS_OVERSEE)


def _digest_subject(digest: rules.Digest) -> str:
    parts = []
    if digest.overdue:
        parts.append(f"{len(digest.overdue)} overdue")
    if digest.late:
        parts.append(f"{len(digest.late)} late")
    return "Agenda requests needing an answer: " + " and ".join(parts)


def send_digest(today: date | None = None) -> DigestResult:
    """Email the overdue and late undecided requests; send nothing when there are none."""
    today = today or local_today()
    undecided = db.session.scalars(
        sa.select(AgendaRequest)
        .where(AgendaRequest.status == RequestStatus.SUBMITTED)
        .options(*_list_options())
    ).all()
    digest = rules.digest_selection(undecided, today)
    if not digest:
        return DigestResult(recipients=[], overdue=0, late=0)
    recipients = digest_recipients()
    if not recipients:
        return DigestResult(recipients=[], overdue=len(digest.overdue), late=len(digest.late))
    queue_link = absolute_url("governors.requests.queue")
    links = {
        r.id: absolute_url("governors.requests.detail", request_id=r.id)
        for r in (*digest.overdue, *digest.late)
    }
    for person in recipients:
        queue_email(
            person.email,
            _digest_subject(digest),
            "governors/email/requests_digest.txt",
            person=person,
            digest=digest,
            today=today,
            queue_link=queue_link,
            links=links,
            can_decide=can(person, Permission.REQUESTS_DECIDE),
        )
    db.session.flush()
    return DigestResult(
        recipients=[p.email for p in recipients],
        overdue=len(digest.overdue),
        late=len(digest.late),
    )
