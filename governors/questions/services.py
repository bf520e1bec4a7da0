"""Questions to the board: the only place questions are written, and what their pages read.

Every change takes the acting user, writes its audit entry, queues its emails and flushes;
the view commits. The audit log and the emails name a question by its number, never by its
text: a question that is not public may say things only its readers should see, and the
log may be exported. A question asked from a private item is named in the log as a private
question, with its values withheld.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, lazyload, selectinload

from governors.agendas.models import AgendaItem
from governors.agendas.rules import Part
from governors.audit.services import private_name, record
from governors.council.models import current_settings
from governors.errors import Refused
from governors.extensions import db
from governors.meetings.models import Meeting
from governors.outbox.services import absolute_url, queue_email
from governors.people.models import Role, User, UserRole
from governors.permissions import GRANTS, Permission, can, people_who_may
from governors.questions import rules
from governors.questions.models import Question
from governors.questions.rules import AnswerState, QuestionStatus
from governors.timeutil import format_date, local_today, to_local, utcnow

# The secretary's list shows this many questions a page.
PER_PAGE = 50
# Home page lists stop here, with a link to the rest.
SHOWN = 10


# Who is who ------------------------------------------------------------------------------


def _holding(*roles: Role) -> sa.Select:
    return sa.select(UserRole.user_id).where(UserRole.role.in_([role.value for role in roles]))


def directors() -> list[User]:
    """The non-executive directors a question may be put to: active, by name."""
    return list(
        db.session.scalars(
            sa.select(User)
            .where(User.active.is_(True), User.id.in_(_holding(Role.NED)))
            .order_by(User.name, User.id)
        )
    )


def answerers() -> list[User]:
    """Who the secretary may name as having answered a question to the board: the chair,
    the non-executive directors and the trust's officers with an account."""
    return list(
        db.session.scalars(
            sa.select(User)
            .where(User.active.is_(True), User.id.in_(_holding(Role.CHAIR, Role.NED, Role.OFFICER)))
            .order_by(User.name, User.id)
        )
    )


def _director(person: User | None, field_name: str) -> User | None:
    if person is None:
        return None
    if not person.active or not person.has_role(Role.NED):
        raise Refused("Choose a non-executive director from the list, or the board", field_name)
    return person


# Asking --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AskedFrom:
    """The published agenda item a question is asked from, as the asker sees it."""

    item: AgendaItem
    meeting: Meeting
    number: str
    title: str

    @property
    def private(self) -> bool:
        return self.item.is_private


def asked_from(user: Any, item: AgendaItem) -> AskedFrom | None:
    """The item as published in its meeting's latest agenda, if ``user`` may see it there:
    the meeting (``MEETINGS_VIEW``) and, for a private item, its private part. None when
    the latest published agenda does not show it to them."""
    from governors.agendas.services import latest_version

    meeting = item.meeting
    if not can(user, Permission.MEETINGS_VIEW, meeting):
        return None
    private = can(user, Permission.PRIVATE_VIEW, meeting)
    version = latest_version(meeting)
    if version is None:
        return None
    for entry in version.frozen.entries(full=private):
        if entry["item_id"] == item.id:
            return AskedFrom(
                item=item, meeting=meeting, number=entry["number"], title=entry["title"]
            )
    return None


def _clean(text: str | None) -> str:
    return (text or "").strip()


def _facts(question: Question) -> dict[str, Any]:
    """What the audit log keeps of a question: never its text or its answer."""
    return {
        "status": question.status,
        "to_ned_id": question.to_ned_id,
        "meeting_id": question.meeting_id,
        "item_id": question.item_id,
        "public": question.public,
        "due_on": question.due_on.isoformat() if question.due_on else None,
        "follow_up_of_id": question.follow_up_of_id,
    }


def _named(question: Question) -> str:
    return private_name("question", question.id) if question.private else question.reference


def _link(question: Question) -> str:
    return absolute_url("governors.questions.detail", question_id=question.id)


def ask(
    actor: User,
    text: str,
    *,
    to_ned: User | None = None,
    item: AgendaItem | None = None,
    meeting: Meeting | None = None,
    public: bool = False,
    follow_up_of: Question | None = None,
    at: datetime | None = None,
    notify: bool = True,
) -> Question:
    """A governor asks the board (``to_ned`` None) or a non-executive director a question:
    from a published agenda item, for a meeting, or on its own. The secretary is told."""
    text = _clean(text)
    if not text:
        raise Refused("Enter your question", "text")
    if len(text) > rules.TEXT_MAX:
        raise Refused(f"Your question must be {rules.TEXT_MAX:,} characters or fewer", "text")
    to_ned = _director(to_ned, "to_ned")
    private = False
    if follow_up_of is not None:
        if follow_up_of.asker_id != actor.id:
            raise Refused("Only the governor who asked a question can follow it up")
        if not follow_up_of.is_answered:
            raise Refused("A question can be followed up once it has been answered")
        item, meeting = follow_up_of.item, follow_up_of.meeting
        private = follow_up_of.from_private_part
    if item is not None:
        found = asked_from(actor, item)
        if found is None and follow_up_of is None:
            raise Refused("You can only ask about an item of a published agenda you can see")
        meeting = item.meeting
        private = private or item.is_private
    elif meeting is not None and not can(actor, Permission.MEETINGS_VIEW, meeting):
        raise Refused("Choose a meeting from the list", "meeting")
    if private and public:
        raise Refused(
            "A question about an item in the private part of a meeting cannot be published",
            "public",
        )
    question = Question(
        asker_id=actor.id,
        text=text,
        to_ned_id=to_ned.id if to_ned else None,
        meeting_id=meeting.id if meeting else None,
        item_id=item.id if item else None,
        private=private,
        public=bool(public),
        status=QuestionStatus.ASKED.value,
        asked_at=at or utcnow(),
        follow_up_of_id=follow_up_of.id if follow_up_of else None,
    )
    db.session.add(question)
    db.session.flush()
    follows = f", following up {_named(follow_up_of)}" if follow_up_of else ""
    record(
        actor,
        "questions.asked",
        question,
        f"{actor.name} asked {_named(question)} of "
        f"{to_ned.name if to_ned else 'the board'}{follows}",
        after=_facts(question),
        private=private,
    )
    if notify:
        link = _link(question)
        for person in people_who_may(Permission.QUESTIONS_ROUTE):
            queue_email(
                person.email,
                f"Question {question.id} to pass on: asked by {actor.name}",
                "governors/email/questions_asked.txt",
                person=person,
                question=question,
                asker=actor,
                addressee=to_ned.name if to_ned else "the board",
                link=link,
            )
    return question


# Routing -------------------------------------------------------------------------------------


def route(
    actor: User,
    question: Question,
    to_ned: User | None,
    *,
    at: datetime | None = None,
    notify: bool = True,
) -> bool:
    """The secretary passes a question on, to the board or a named non-executive director.

    The first time, it is routed: the answer is due ``question_answer_days`` calendar days
    after the day it is routed. Passing it on again, to someone else, keeps the due date,
    so a change of hands never gives the answer longer. False when nothing changed."""
    if question.is_answered:
        raise Refused("This question has been answered, so it can no longer be passed on")
    to_ned = _director(to_ned, "to_ned")
    new_id = to_ned.id if to_ned else None
    first = question.status == QuestionStatus.ASKED
    if not first and new_id == question.to_ned_id:
        return False
    before = _facts(question)
    moment = at or utcnow()
    due_on = rules.answer_due_on(to_local(moment).date(), current_settings().question_answer_days)
    # Everything read first: a query part-way through would flush a half-routed question.
    actor_id = actor.id
    question.to_ned_id = new_id
    question.to_ned = to_ned
    if first:
        question.status = QuestionStatus.ROUTED.value
        question.routed_at = moment
        question.routed_by_id = actor_id
        question.due_on = due_on
    db.session.flush()
    to_whom = to_ned.name if to_ned else "the board"
    record(
        actor,
        "questions.routed" if first else "questions.rerouted",
        question,
        f"{'Passed' if first else 'Passed on again'} {_named(question)} to {to_whom}, "
        f"answer due by {format_date(question.due_on)}",
        before=before,
        after=_facts(question),
        private=question.private,
    )
    if notify and to_ned is not None:
        queue_email(
            to_ned.email,
            f"Question {question.id} from a governor: please answer by "
            f"{format_date(question.due_on)}",
            "governors/email/questions_routed.txt",
            person=to_ned,
            question=question,
            link=_link(question),
        )
    return True


# Answering -----------------------------------------------------------------------------------


def answer(
    actor: User,
    question: Question,
    text: str,
    *,
    answered_by: User | None = None,
    answered_by_name: str | None = None,
    at: datetime | None = None,
    notify: bool = True,
) -> None:
    """The answer, recorded with who gave it and when. A question put to a director is
    answered by them (the secretary may record it for them); for the board, the secretary
    names who answered: a person with an account, or in words ("Chief Executive")."""
    if question.status == QuestionStatus.ASKED:
        raise Refused("This question has not been passed on yet, so it cannot be answered")
    if question.is_answered:
        raise Refused("This question has already been answered")
    text = _clean(text)
    if not text:
        raise Refused("Enter the answer", "answer")
    if len(text) > rules.ANSWER_MAX:
        raise Refused(f"The answer must be {rules.ANSWER_MAX:,} characters or fewer", "answer")
    name = _clean(answered_by_name) or None
    if question.to_ned is not None:
        answered_by, name = question.to_ned, None
    elif answered_by is not None and name is not None:
        raise Refused(
            "Choose the person who answered, or type who answered, but not both",
            "answered_by_name",
        )
    elif answered_by is None and name is None:
        raise Refused("Say who answered the question", "answered_by")
    elif name is not None and len(name) > rules.NAME_MAX:
        raise Refused(
            f"Who answered must be {rules.NAME_MAX} characters or fewer", "answered_by_name"
        )
    before = _facts(question)
    actor_id, answered_by_id = actor.id, answered_by.id if answered_by else None
    question.status = QuestionStatus.ANSWERED.value
    question.answer = text
    question.answered_at = at or utcnow()
    question.answered_by_id = answered_by_id
    question.answered_by = answered_by
    question.answered_by_name = name
    question.answer_recorded_by_id = actor_id
    db.session.flush()
    late = rules.is_late(question.due_on, question.answered_on, question.answered_on)
    record(
        actor,
        "questions.answered",
        question,
        f"Recorded the answer to {_named(question)} from {question.answerer}"
        + (" (after its due date)" if late else ""),
        before=before,
        after=_facts(question) | {"answered_by_id": question.answered_by_id, "late": late},
        private=question.private,
    )
    asker = question.asker
    if notify and asker.active:
        queue_email(
            asker.email,
            f"Your question {question.id} has been answered",
            "governors/email/questions_answered.txt",
            person=asker,
            question=question,
            link=_link(question),
        )


# The asker's verdict -------------------------------------------------------------------------


def give_verdict(
    actor: User,
    question: Question,
    answered_question: bool,
    comment: str | None = None,
    *,
    at: datetime | None = None,
) -> None:
    """The asker says whether the answer answered their question, with an optional
    comment. They may change their mind; the log keeps each verdict."""
    if not question.is_answered:
        raise Refused("You can say whether it answered your question once it is answered")
    comment = _clean(comment) or None
    if comment is not None and len(comment) > rules.COMMENT_MAX:
        raise Refused(f"Your comment must be {rules.COMMENT_MAX:,} characters or fewer", "comment")
    before = {"answered_question": question.answered_question}
    question.answered_question = bool(answered_question)
    question.verdict_comment = comment
    question.verdict_at = at or utcnow()
    db.session.flush()
    said = "answered" if answered_question else "did not answer"
    record(
        actor,
        "questions.verdict",
        question,
        f"{actor.name} said the answer {said} {_named(question)}",
        before=before,
        after={"answered_question": question.answered_question},
        private=question.private,
    )


# Reading -------------------------------------------------------------------------------------


def _options() -> tuple[Any, ...]:
    """What lists of questions show, in the same query: the people (their roles and
    profiles only when asked for), the meeting and the item."""
    people = [
        joinedload(relation).options(lazyload(User.role_rows), lazyload(User.governor_profile))
        for relation in (Question.asker, Question.to_ned, Question.answered_by)
    ]
    return (*people, joinedload(Question.meeting), joinedload(Question.item))


def load_question(question_id: int) -> Question | None:
    """A question with what its page shows: its people, meeting, item and follow-ups."""
    return db.session.scalar(
        sa.select(Question)
        .where(Question.id == question_id)
        .options(
            *_options(),
            joinedload(Question.follow_up_of),
            selectinload(Question.follow_ups),
        )
    )


def state_of(question: Question, today: date | None = None) -> AnswerState:
    return rules.answer_state(
        question.status, question.due_on, question.answered_on, today or local_today()
    )


def questions_of(user: User) -> list[Question]:
    """The questions ``user`` asked, newest first."""
    return list(
        db.session.scalars(
            sa.select(Question)
            .where(Question.asker_id == user.id)
            .options(*_options())
            .order_by(Question.asked_at.desc(), Question.id.desc())
        ).unique()
    )


def put_to(user: User) -> list[Question]:
    """The questions waiting for ``user``'s answer as a director, soonest due first."""
    return list(
        db.session.scalars(
            sa.select(Question)
            .where(
                Question.to_ned_id == user.id,
                Question.status == QuestionStatus.ROUTED.value,
            )
            .options(*_options())
            .order_by(Question.due_on, Question.id)
        ).unique()
    )


def _late(today: date) -> sa.ColumnElement[bool]:
    return sa.and_(Question.status == QuestionStatus.ROUTED.value, Question.due_on < today)


_UNANSWERED = Question.status != QuestionStatus.ANSWERED.value


def late_questions(today: date | None = None) -> list[Question]:
    """Questions passed on and not answered by their due date: longest overdue first."""
    today = today or local_today()
    return list(
        db.session.scalars(
            sa.select(Question)
            .where(_late(today))
            .options(*_options())
            .order_by(Question.due_on, Question.id)
        ).unique()
    )


def unanswered_questions() -> list[Question]:
    """Every question not answered yet (waiting to be passed on, or for its answer), the
    longest waiting first."""
    return list(
        db.session.scalars(
            sa.select(Question)
            .where(_UNANSWERED)
            .options(*_options())
            .order_by(Question.asked_at, Question.id)
        ).unique()
    )


def _published() -> sa.ColumnElement[bool]:
    """Answered, public, and not asked from an item that is (or has moved to) the private
    part: the same test as ``Question.published``, for a query."""
    return sa.and_(
        Question.status == QuestionStatus.ANSWERED.value,
        Question.public.is_(True),
        Question.private.is_(False),
        sa.or_(
            Question.item_id.is_(None),
            Question.item_id.in_(sa.select(AgendaItem.id).where(AgendaItem.part == Part.PUBLIC)),
        ),
    )


def visible_questions(user: Any) -> sa.ColumnElement[bool]:
    """The questions ``user`` may read, as a condition on ``Question``: the same rule as
    the policy's ``_question`` for ``QUESTIONS_VIEW``, for a list in one query."""
    published = _published()
    signed_in = bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
    )
    if not signed_in:
        return published
    if user.roles & GRANTS[Permission.QUESTIONS_VIEW]:
        return sa.true()
    return sa.or_(published, Question.asker_id == user.id, Question.to_ned_id == user.id)


def published_questions(meeting: Meeting | None = None) -> list[Question]:
    """Answered public questions, newest answer first; for ``meeting``, those asked from
    its items or for it."""
    query = sa.select(Question).where(_published()).options(*_options())
    if meeting is not None:
        query = query.where(Question.meeting_id == meeting.id)
    return list(
        db.session.scalars(query.order_by(Question.answered_at.desc(), Question.id.desc())).unique()
    )


# The secretary's list ------------------------------------------------------------------------

FILTERS = {
    "all": "All questions",
    "asked": "Waiting to be passed on",
    "routed": "Waiting for an answer",
    "late": "Answer late",
    "answered": "Answered",
    "not_answered_well": "The asker said it did not answer their question",
}


def _filter(state: str, today: date) -> sa.ColumnElement[bool]:
    if state == "asked":
        return Question.status == QuestionStatus.ASKED.value
    if state == "routed":
        return Question.status == QuestionStatus.ROUTED.value
    if state == "late":
        return _late(today)
    if state == "answered":
        return Question.status == QuestionStatus.ANSWERED.value
    if state == "not_answered_well":
        return Question.answered_question.is_(False)
    return sa.true()


@dataclass
class QuestionList:
    questions: list[Question]
    page: int
    pages: int
    total: int
    counts: dict[str, int] = field(default_factory=dict)


def counts(today: date | None = None) -> dict[str, int]:
    """How many questions there are in each of ``FILTERS``, in one query."""
    today = today or local_today()
    row = db.session.execute(
        sa.select(
            *(
                sa.func.coalesce(sa.func.sum(sa.case((_filter(name, today), 1), else_=0)), 0)
                for name in FILTERS
            )
        ).select_from(Question)
    ).one()
    return dict(zip(FILTERS, (int(value) for value in row), strict=True))


def all_questions(state: str = "all", page: int = 1, today: date | None = None) -> QuestionList:
    """Every question in ``state`` (one of ``FILTERS``): those waiting longest first, then
    the answered, newest first. A fixed number of queries, however many there are."""
    today = today or local_today()
    found = db.paginate(
        sa.select(Question)
        .where(_filter(state, today))
        .options(*_options())
        .order_by(
            sa.case((_UNANSWERED, 0), else_=1),
            sa.case((_UNANSWERED, Question.asked_at), else_=None),
            Question.answered_at.desc(),
            Question.id.desc(),
        ),
        page=page,
        per_page=PER_PAGE,
        error_out=False,
        count=True,
    )
    return QuestionList(
        questions=list(found.items),
        page=found.page,
        pages=found.pages,
        total=found.total or 0,
        counts=counts(today),
    )


# Flags: for the home page and the action log -----------------------------------------------


def answered_late_count() -> int:
    """How many answers were given after their due date (one query, a row per answer)."""
    rows = db.session.execute(
        sa.select(Question.due_on, Question.answered_at).where(
            Question.status == QuestionStatus.ANSWERED.value
        )
    ).all()
    return sum(1 for due_on, answered_at in rows if to_local(answered_at).date() > due_on)


@dataclass
class QuestionsLog:
    """The late and other unanswered questions someone may see, for the action log."""

    today: date
    late: list[Question]
    waiting: list[Question]
    answered_late: int = 0


def log_context(user: Any, today: date) -> dict[str, Any]:
    """What the action log shows of questions to the board: the late answers and the other
    questions still waiting for one, that ``user`` may see, each with a link
    (``governors/questions/_log_section.html``). Empty for those who may see none."""
    if not getattr(user, "is_authenticated", False):
        return {}
    query = (
        sa.select(Question)
        .where(_UNANSWERED, visible_questions(user))
        .options(*_options())
        .order_by(Question.due_on.is_(None), Question.due_on, Question.asked_at, Question.id)
    )
    found = list(db.session.scalars(query).unique())
    late = [q for q in found if rules.is_late(q.due_on, None, today)]
    waiting = [q for q in found if not rules.is_late(q.due_on, None, today)]
    overseer = can(user, Permission.QUESTIONS_VIEW)
    if not (late or waiting or overseer):
        return {}
    return {
        "questions_log": QuestionsLog(
            today=today,
            late=late,
            waiting=waiting,
            answered_late=answered_late_count() if overseer else 0,
        )
    }


def unanswered_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Question).where(_UNANSWERED))


def late_count(today: date | None = None) -> int:
    today = today or local_today()
    return db.session.scalar(sa.select(sa.func.count()).select_from(Question).where(_late(today)))


def waiting_for_verdict(user: User) -> Sequence[Question]:
    """The asker's answered questions they have not yet said answered them or not."""
    return (
        db.session.scalars(
            sa.select(Question)
            .where(
                Question.asker_id == user.id,
                Question.status == QuestionStatus.ANSWERED.value,
                Question.answered_question.is_(None),
            )
            .options(*_options())
            .order_by(Question.answered_at.desc(), Question.id.desc())
        )
        .unique()
        .all()
    )
