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
from governors.agendas.rules import Part, Purpose, item_number
from governors.audit.services import private_name, record
from governors.council.models import current_settings
from governors.documents.models import Document
from governors.documents.services import CheckedFile, release, store_checked
from governors.errors import Refused
from governors.extensions import db
from governors.meetings.kinds import MeetingKind
from governors.meetings.models import Meeting
from governors.outbox.services import absolute_url, queue_email, queue_reminder
from governors.people.models import User
from governors.permissions import Permission, can, people_who_may
from governors.requests import rules
from governors.requests.clear_days import (
    ClearDaysRule,
    agenda_deadline,
    receipt_day,
    received_in_time,
)
from governors.requests.models import AgendaRequest, RequestEvent, RequestPaper, RequestStatus
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


def open_alternative(options: Sequence[MeetingOption], today: date) -> MeetingOption | None:
    index = rules.open_alternative(options, today)
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


def meeting_passed(request: AgendaRequest, now: datetime | None = None) -> bool:
    """Still waiting for a decision, but the meeting it is for has begun."""
    return rules.awaiting_decision(request.status) and current_meeting(request).starts_at <= (
        now or utcnow()
    )


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
            selectinload(AgendaRequest.papers).joinedload(RequestPaper.document),
            joinedload(AgendaRequest.support_arranged_by),
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
            AgendaRequest.status.in_(rules.UNANSWERED),
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
            AgendaRequest.status.in_(rules.UNANSWERED),
            AgendaRequest.response_due < today,
        )
        .order_by(AgendaRequest.response_due, AgendaRequest.id),
        limit,
    )


def late_answer_count(today: date | None = None, days: int = 365) -> int:
    """How many requests first answered in the last ``days`` days were answered after
    their answer was due (by the local date of the first answer: asking for more,
    accepting, declining or moving counts; a later decision does not hide a late one)."""
    today = today or local_today()
    since = local_to_utc(today - timedelta(days=days), time(0))
    first = sa.func.min(RequestEvent.occurred_at)
    answered = db.session.execute(
        sa.select(AgendaRequest.response_due, first)
        .join(RequestEvent, RequestEvent.request_id == AgendaRequest.id)
        .where(RequestEvent.status.in_(rules.ANSWERS), RequestEvent.changed.is_(None))
        .group_by(AgendaRequest.id, AgendaRequest.response_due)
        .having(first >= since)
    ).all()
    return sum(1 for due, answered_at in answered if to_local(answered_at).date() > due)


def next_to_decide(after: AgendaRequest) -> AgendaRequest | None:
    """The request to decide after ``after``: the next awaiting one in the queue's order
    (soonest meeting first, then as received), coming round to the start."""
    target = _target_meeting()
    order = list(
        db.session.scalars(
            sa.select(AgendaRequest.id)
            .join(Meeting, Meeting.id == target)
            .where(sa.or_(AgendaRequest.status.in_(rules.AWAITING), AgendaRequest.id == after.id))
            .order_by(Meeting.starts_at, Meeting.id, AgendaRequest.received_at, AgendaRequest.id)
        )
    )
    following = rules.next_after(order, after.id)
    return None if following is None else db.session.get(AgendaRequest, following)


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


@dataclass(frozen=True)
class DraftAgenda:
    """A meeting's agenda as it stands, for deciding with it in view."""

    rows: dict[str, list[Any]]
    budget: rules.TimeBudget


def draft_agenda(meeting: Meeting) -> DraftAgenda:
    from governors.agendas.services import items_for, layout

    items = items_for(meeting)
    return DraftAgenda(
        rows=layout(meeting, items),
        budget=rules.time_budget(meeting.duration_minutes, [i.minutes_allowed for i in items]),
    )


# Writing ------------------------------------------------------------------------------


def _audit_name(request: AgendaRequest, private: bool | None = None) -> str:
    # The audit log may be exported: a private item is named by number only.
    if request.is_private if private is None else private:
        return private_name("agenda request", request.id)
    return f"agenda request {request.id} '{request.title}'"


def _subject(text: str, request: AgendaRequest) -> str:
    if request.is_private:
        return f"{text} (an item for the private part)"
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
    changed: str | None = None,
) -> RequestEvent:
    event = RequestEvent(
        request=request,
        actor_id=getattr(actor, "id", None),
        status=status,
        note=note,
        meeting=meeting,
        changed=changed,
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


@dataclass(frozen=True)
class PaperChoice:
    """A stored paper going with a request, and whether it may be published."""

    document: Document
    may_publish: bool


@dataclass(frozen=True)
class RequestText:
    """What a governor writes in a request: the same checks on sending and on changing."""

    title: str
    purpose: str
    session: str
    private_reason: str | None
    note_to_chair: str
    presenter_choice: str
    presenter_name: str | None


def _checked_text(
    *,
    title: str,
    purpose: str,
    session: str,
    private_reason: str | None,
    note_to_chair: str,
    presenter_choice: str,
    presenter_name: str | None,
) -> RequestText:
    title = (title or "").strip()
    if not title:
        raise Refused("Enter a title for the item", field="title")
    if purpose not in Purpose.askable():
        raise Refused("Select what you are asking the Council to do", field="purpose")
    if session not in set(Part):
        raise Refused("Select whether the item is for the public or private part", field="session")
    session = Part(session).value
    private_reason = _clean(private_reason) if session == Part.PRIVATE else None
    if session == Part.PRIVATE and not private_reason:
        raise Refused("Enter why the item needs to be discussed in private", field="private_reason")
    if presenter_choice not in set(rules.Presenter):
        raise Refused("Select who will present the item", field="presenter_choice")
    presenter_choice = rules.Presenter(presenter_choice).value
    presenter_name = _clean(presenter_name) if presenter_choice == rules.Presenter.OTHER else None
    if presenter_choice == rules.Presenter.OTHER and not presenter_name:
        raise Refused(
            "Enter the name of the person who will present the item", field="presenter_name"
        )
    return RequestText(
        title=title,
        purpose=Purpose(purpose).value,
        session=session,
        private_reason=private_reason,
        note_to_chair=(note_to_chair or "").strip(),
        presenter_choice=presenter_choice,
        presenter_name=presenter_name,
    )


def _check_meeting(meeting: Meeting, at: datetime) -> None:
    if meeting.cancelled_at is not None:
        raise Refused("That meeting has been cancelled. Choose another meeting", field="meeting_id")
    if at >= meeting.starts_at:
        raise Refused(
            "That meeting has already started. Choose a later meeting", field="meeting_id"
        )


def _attach(
    actor: User,
    request: AgendaRequest,
    papers: Iterable[PaperChoice],
    files: Iterable[CheckedFile],
    files_public: bool,
) -> None:
    """Give the request exactly ``papers`` (kept ones keep their row) plus new ``files``."""
    chosen = {choice.document.id: choice for choice in papers}
    for paper in list(request.papers):
        if paper.document_id not in chosen:
            request.papers.remove(paper)
        else:
            paper.may_publish = chosen.pop(paper.document_id).may_publish
    for choice in chosen.values():
        request.papers.append(
            RequestPaper(document=choice.document, may_publish=choice.may_publish)
        )
    release(choice.document for choice in chosen.values())
    for checked in files:
        request.papers.append(
            RequestPaper(document=store_checked(actor, checked), may_publish=files_public)
        )


def _paper_facts(request: AgendaRequest) -> list[tuple[int, bool]]:
    return sorted((paper.document_id, paper.may_publish) for paper in request.papers)


def request_with_key(actor: User, submission_key: str) -> AgendaRequest | None:
    """The request ``actor`` sent from the form carrying ``submission_key``, if any."""
    return db.session.scalar(
        sa.select(AgendaRequest).where(
            AgendaRequest.proposer_id == actor.id,
            AgendaRequest.submission_key == submission_key,
        )
    )


def _begin_writing() -> None:
    """On SQLite, begin the transaction now, holding the write lock.

    SQLite's Python driver begins a transaction only at the first write, and a savepoint
    taken before then is the whole transaction: releasing it would commit the request on
    its own, before its audit entry and receipt. Holding the lock from here also makes the
    look-up for an earlier send and the insert one step. PostgreSQL needs none of this.
    """
    connection = db.session.connection()
    raw = connection.connection.dbapi_connection
    if connection.dialect.name == "sqlite" and not raw.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def submit_request(
    actor: User,
    *,
    meeting: Meeting,
    title: str,
    purpose: str,
    session: str,
    private_reason: str | None = None,
    note_to_chair: str = "",
    presenter_choice: str = rules.Presenter.SELF.value,
    presenter_name: str | None = None,
    papers: Iterable[PaperChoice] = (),
    files: Iterable[CheckedFile] = (),
    files_public: bool = False,
    received_at: datetime | None = None,
    notify: bool = True,
    submission_key: str | None = None,
) -> AgendaRequest:
    """Record a governor's request with its receipt, fixed from this moment on.

    ``papers`` are files already stored (held from a form that had a problem); ``files``
    are stored now, each published with the agenda only if ``files_public``.
    ``received_at`` is the server's clock; only the demo loader and tests pass their own
    time, and every receipt field is still worked out from it.

    ``submission_key`` is the form's one-time key. If this governor already sent a request
    with it, that request is the answer: nothing new is stored, audited or emailed. Two
    sends at the same moment (on different workers) meet at the database's unique key:
    the one that loses finds the winner's request and answers with it.
    """
    text = _checked_text(
        title=title,
        purpose=purpose,
        session=session,
        private_reason=private_reason,
        note_to_chair=note_to_chair,
        presenter_choice=presenter_choice,
        presenter_name=presenter_name,
    )
    received_at = received_at or utcnow()
    if submission_key is not None:
        _begin_writing()
        earlier = request_with_key(actor, submission_key)
        if earlier is not None:
            return earlier
    _check_meeting(meeting, received_at)
    settings = current_settings()
    meeting_day = meeting.day
    receipt = rules.receipt(received_at, meeting_day, settings.rule, settings.response_days)
    request = AgendaRequest(
        meeting=meeting,
        proposer=actor,
        **vars(text),
        **receipt.columns(),
        status=RequestStatus.SUBMITTED.value,
        submission_key=submission_key,
        # Known to be empty: inserted before its papers, it need not ask the database.
        papers=[],
    )
    try:
        # Alone in a savepoint: a clash on the key undoes this insert and nothing else.
        with db.session.begin_nested():
            db.session.add(request)
    except sa.exc.IntegrityError:
        earlier = request_with_key(actor, submission_key) if submission_key else None
        if earlier is None:
            raise
        return earlier
    _attach(actor, request, papers, files, files_public)
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
            "documents": len(request.papers),
            "presenter_choice": request.presenter_choice,
        },
    )
    if notify:
        _email_proposer(
            request,
            "We received your agenda request",
            "requests_received.txt",
            receipt=receipt_text(request),
        )
        if request.wants_support:
            _ask_for_support(request)
    db.session.flush()
    return request


def _ask_for_support(request: AgendaRequest) -> None:
    """The governor would like help to present: the secretary arranges it."""
    link = absolute_url("governors.requests.detail", request_id=request.id)
    for person in people_who_may(Permission.REQUESTS_SUPPORT):
        queue_email(
            person.email,
            _subject("A governor would like support to present", request),
            "governors/email/requests_support_asked.txt",
            person=person,
            request=request,
            meeting=current_meeting(request),
            link=link,
        )


def _change_facts(request: AgendaRequest) -> dict[str, Any]:
    return {
        "title": request.title,
        "purpose": request.purpose,
        "session": request.session,
        "private_reason": request.private_reason,
        "note_to_chair": request.note_to_chair,
        "presenter": (request.presenter_choice, request.presenter_name),
        "meeting_id": current_meeting(request).id,
        "papers": _paper_facts(request),
    }


def change_request(
    actor: User,
    request: AgendaRequest,
    *,
    meeting: Meeting,
    title: str,
    purpose: str,
    session: str,
    private_reason: str | None = None,
    note_to_chair: str = "",
    presenter_choice: str = rules.Presenter.SELF.value,
    presenter_name: str | None = None,
    papers: Iterable[PaperChoice] = (),
    files: Iterable[CheckedFile] = (),
    files_public: bool = False,
    reply: str | None = None,
    at: datetime | None = None,
    notify: bool = True,
) -> list[str]:
    """The proposer changes their request while it waits for a decision.

    The receipt (when it arrived and whether it was in time) stays that of the first
    receipt. A request in time may move only to a meeting it is still in time for; one the
    chair moved stays at that meeting. Answering the chair's question sends it back to
    them. Returns the names of what changed (``rules.CHANGEABLE``).
    """
    _require_awaiting(request)
    at = at or utcnow()
    text = _checked_text(
        title=title,
        purpose=purpose,
        session=session,
        private_reason=private_reason,
        note_to_chair=note_to_chair,
        presenter_choice=presenter_choice,
        presenter_name=presenter_name,
    )
    asked = request.status == RequestStatus.MORE_INFO
    reply = _clean(reply)
    if asked and not reply:
        raise Refused("Enter your answer to the chair's question", field="reply")
    current = current_meeting(request)
    if meeting.id != current.id:
        if request.deferred_to_id is not None:
            raise Refused(
                f"The chair moved this request to the meeting on {format_date(current.day)}. "
                "Ask the board secretary if it needs to move again",
                field="meeting_id",
            )
        _check_meeting(meeting, at)
        if request.in_time and not received_in_time(
            request.received_at, meeting.day, recorded_rule(request)
        ):
            raise Refused(
                f"Your request arrived on {format_date(to_local(request.received_at).date())}, "
                f"which is after the deadline for the meeting on {format_date(meeting.day)}. "
                "Choose a later meeting, or send a new request for that one",
                field="meeting_id",
            )
    before = _change_facts(request)
    support_before = request.wants_support
    for name, value in vars(text).items():
        setattr(request, name, value)
    if request.deferred_to_id is None:
        request.meeting = meeting
    _attach(actor, request, papers, files, files_public)
    db.session.flush()
    db.session.expire(request, ["documents"])
    after = _change_facts(request)
    changed = rules.changed_fields(before, after)
    if not changed and not reply:
        return []
    if asked:
        request.status = RequestStatus.SUBMITTED.value
    sentence = rules.changes_sentence(changed) if changed else None
    _event(request, actor, request.status, at, note=reply, meeting=meeting, changed=sentence)
    _audit(
        actor,
        "request.changed",
        request,
        f"Changed {_audit_name(request)}: {', '.join(changed) or 'answered the question'}",
        at,
        private=request.is_private or before["session"] == Part.PRIVATE,
        before={name: before[name] for name in changed if name != "papers"},
        after={name: after[name] for name in changed if name != "papers"},
    )
    if notify:
        _email_proposer(
            request,
            "You changed your agenda request",
            "requests_changed.txt",
            changes=sentence,
            receipt=receipt_text(request),
        )
        if asked:
            _email_deciders(request, reply)
        if request.wants_support and not support_before:
            _ask_for_support(request)
    db.session.flush()
    return changed


def _email_deciders(request: AgendaRequest, reply: str) -> None:
    link = absolute_url("governors.requests.decide", request_id=request.id)
    for person in people_who_may(Permission.REQUESTS_DECIDE):
        queue_email(
            person.email,
            _subject("A governor answered your question", request),
            "governors/email/requests_answered.txt",
            person=person,
            request=request,
            reply=reply,
            link=link,
        )


def arrange_support(
    actor: User, request: AgendaRequest, *, note: str, at: datetime | None = None
) -> None:
    """The secretary records the support arranged for a governor to present their item."""
    note = _clean(note) or ""
    if not note:
        raise Refused("Enter what support has been arranged", field="note")
    if not request.wants_support:
        raise Refused("This governor did not ask for support to present")
    if request.support_arranged_at is not None:
        raise Refused("Support has already been arranged. Reload the page to see it")
    at = at or utcnow()
    request.support_arranged_at = at
    request.support_arranged_by = actor
    _event(request, actor, request.status, at, note=note, changed=rules.SUPPORT_ARRANGED)
    _audit(
        actor,
        "request.support_arranged",
        request,
        f"Arranged support for {_audit_name(request)}",
        at,
    )
    _email_proposer(
        request, "Support to present your item", "requests_support_arranged.txt", note=note
    )
    db.session.flush()


def support_waiting(limit: int) -> Shortlist:
    """Requests whose governor asked for support to present, not yet arranged, oldest first."""
    return _shortlist(
        sa.select(AgendaRequest)
        .where(
            AgendaRequest.presenter_choice == rules.Presenter.SUPPORT,
            AgendaRequest.support_arranged_at.is_(None),
            AgendaRequest.status.in_([*rules.AWAITING, RequestStatus.ACCEPTED]),
        )
        .order_by(AgendaRequest.received_at, AgendaRequest.id),
        limit,
    )


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


def _chair_name() -> str | None:
    from governors.bodies.services import council_chairs

    return db.session.scalar(
        sa.select(User.name).where(User.id.in_(council_chairs())).order_by(User.id).limit(1)
    )


def proposed_presenter(request: AgendaRequest) -> str:
    """Who the agenda names as presenting, from what the governor asked for."""
    return rules.presenter_name(
        request.presenter_choice,
        request.proposer.name,
        request.presenter_name,
        _chair_name() if request.presenter_choice == rules.Presenter.CHAIR else None,
    )


def accept_request(
    actor: User,
    request: AgendaRequest,
    *,
    part: str,
    reason: str | None = None,
    position: int | None = None,
    minutes_allowed: int | None = None,
    presenter: str | None = None,
    description: str | None = None,
    at: datetime | None = None,
    notify: bool = True,
) -> AgendaItem:
    """Place the request on its meeting's agenda: in the part, at the number (else at the
    end) and with the time the decider chose. ``description`` is what the agenda says
    about it (the governor's note is never published); only the papers the governor
    agreed may be published go onto the agenda."""
    from governors.agendas.services import add_item, move_item_to

    _require_awaiting(request)
    if part not in set(Part):
        raise Refused("Select the public or private part of the agenda", field="part")
    part = Part(part).value
    reason = _clean(reason)
    if rules.is_late_undecided(request.status, request.in_time) and not reason:
        raise Refused(
            "Enter a reason for accepting this late request. The reason is recorded",
            field="reason",
        )
    at = at or utcnow()
    meeting = current_meeting(request)
    if meeting.cancelled_at is not None:
        raise Refused(
            "That meeting has been cancelled. Move the request to a later meeting instead",
            field="decision",
        )
    if meeting.starts_at <= at:
        raise Refused(
            "That meeting has already taken place. Move the request to a later meeting "
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
        presenter=_clean(presenter) or proposed_presenter(request),
        minutes_allowed=minutes_allowed,
        description=_clean(description),
        request=request,
        papers=request.publishable_documents(),
    )
    if position is not None and position != item.position:
        move_item_to(actor, item, position)
    if notify:
        _email_proposer(
            request,
            "Your agenda request was accepted",
            "requests_accepted.txt",
            part=part,
            item=item,
            number=item_number(item.part, item.position),
        )
    db.session.flush()
    return item


def ask_for_more(
    actor: User,
    request: AgendaRequest,
    *,
    question: str,
    at: datetime | None = None,
    notify: bool = True,
) -> None:
    """Ask the governor for more before deciding. The clock for the answer keeps running."""
    question = _clean(question)
    _require_awaiting(request)
    if not question:
        raise Refused("Enter your question for the governor", field="reason")
    at = at or utcnow()
    before = request.status
    request.status = RequestStatus.MORE_INFO.value
    request.decision_reason = question
    _event(request, actor, RequestStatus.MORE_INFO, at, note=question)
    _audit(
        actor,
        "request.more_info",
        request,
        f"Asked the governor for more about {_audit_name(request)}",
        at,
        before={"status": before},
        after={"status": request.status, "question": question},
    )
    if notify:
        _email_proposer(
            request,
            "The chair would like more about your agenda request",
            "requests_more_info.txt",
            question=question,
            change_link=absolute_url("governors.requests.change", request_id=request.id),
        )
    db.session.flush()


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
        _email_proposer(
            request, "Your agenda request was moved to a later meeting", "requests_deferred.txt"
        )
    db.session.flush()


# The daily digest ---------------------------------------------------------------------


@dataclass(frozen=True)
class DigestResult:
    recipients: list[str]
    overdue: int
    late: int
    # Those who had today's digest already (from an earlier run, on this server or another).
    sent_already: int = 0


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
        .where(AgendaRequest.status.in_(rules.UNANSWERED))
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
    sent_already = 0
    for person in recipients:
        # Once a day each, however many servers run the digest.
        if not queue_reminder(
            f"requests:digest:{person.id}:{today.isoformat()}",
            person.email,
            _digest_subject(digest),
            "governors/email/requests_digest.txt",
            person=person,
            digest=digest,
            today=today,
            queue_link=queue_link,
            links=links,
            can_decide=can(person, Permission.REQUESTS_DECIDE),
        ):
            sent_already += 1
    db.session.flush()
    return DigestResult(
        recipients=[p.email for p in recipients],
        overdue=len(digest.overdue),
        late=len(digest.late),
        sent_already=sent_already,
    )
