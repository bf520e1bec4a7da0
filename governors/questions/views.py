"""Pages of questions to the board: ask (from an agenda item or on its own), follow your
own, the secretary's list and routing, answering, the asker's verdict and follow-up, and
the public page of answered public questions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from governors.actions.rules import is_overdue
from governors.actions.services import arising_from
from governors.agendas.models import AgendaItem
from governors.converters import id_arg, page_arg
from governors.council.models import current_settings
from governors.errors import Refused
from governors.extensions import db
from governors.forms import refused_on_form
from governors.meetings.models import Meeting
from governors.meetings.services import upcoming_meetings
from governors.people.models import User
from governors.permissions import (
    Permission,
    authorise,
    can,
    get_authorised,
    load_or_404,
    own_meetings,
    requires,
)
from governors.questions import rules, services
from governors.questions.forms import BOARD, AnswerForm, AskForm, FilterForm, RouteForm, VerdictForm
from governors.questions.models import Question
from governors.templating import render_template
from governors.timeutil import format_date, local_today

bp = Blueprint("questions", __name__, url_prefix="/questions")

# How far ahead a question asked on its own may name a meeting.
MEETINGS_AHEAD_DAYS = 183


@bp.context_processor
def _helpers() -> dict[str, Any]:
    today = local_today()
    return {
        "question_state": lambda question: services.state_of(question, today),
        "question_rules": rules,
        "today": today,
    }


def _actor() -> User:
    return current_user._get_current_object()


def _question(question_id: int, permission: Permission) -> Question:
    return get_authorised(Question, question_id, permission, loader=services.load_question)


def _to_question(question: Question, message: str, category: str = "success") -> Response:
    flash(message, category)
    return redirect(url_for(".detail", question_id=question.id))


def _director_choices(none_label: str) -> list[tuple[str, str]]:
    return [
        (BOARD, none_label),
        *(
            (str(person.id), f"{person.name}, non-executive director")
            for person in services.directors()
        ),
    ]


def _chosen_person(value: str | None) -> User | None:
    return db.session.get(User, int(value)) if value and value.isdigit() else None


# Asking ------------------------------------------------------------------------------------


def _meeting_choices() -> list[tuple[str, str]]:
    today = local_today()
    meetings = [
        meeting
        for meeting in upcoming_meetings(
            today, visible=own_meetings(current_user), include_cancelled=False
        )
        if meeting.day <= today + timedelta(days=MEETINGS_AHEAD_DAYS)
    ]
    return [
        ("", "Not for a particular meeting"),
        *((str(m.id), f"{m.kind_label}, {format_date(m.day)}") for m in meetings),
    ]


def _ask_form(*, private: bool, follow_up: Question | None = None) -> AskForm:
    form = AskForm()
    form.to_ned.choices = _director_choices("The board")
    form.meeting.choices = _meeting_choices()
    if private:
        # Never published: there is nothing to choose.
        form.public.validators = []
        form.public.data = "no"
    if request.method == "GET" and follow_up is not None:
        form.to_ned.data = str(follow_up.to_ned_id) if follow_up.to_ned_id else BOARD
    return form


def _asked_from() -> services.AskedFrom | None:
    """The published item named by ``?item=``: 404 if there is none, 403 if the asker may
    not see it, 404 if no published agenda of theirs shows it."""
    item_id = id_arg("item")
    if item_id is None:
        return None
    item = load_or_404(AgendaItem, item_id)
    authorise(Permission.MEETINGS_VIEW, item.meeting)
    if item.is_private:
        authorise(Permission.PRIVATE_VIEW, item.meeting)
    found = services.asked_from(current_user, item)
    if found is None:
        abort(404)
    return found


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.QUESTIONS_ASK)
def ask() -> str | Response:
    source = _asked_from()
    form = _ask_form(private=bool(source and source.private))
    if source is None and request.method == "GET":
        meeting_id = id_arg("meeting")
        if meeting_id is not None:
            form.meeting.data = str(meeting_id)
    if form.validate_on_submit():
        meeting = None
        if source is None and form.meeting.data:
            meeting = db.session.get(Meeting, int(form.meeting.data))
        try:
            question = services.ask(
                _actor(),
                form.text.data,
                to_ned=_chosen_person(form.to_ned.data),
                item=source.item if source else None,
                meeting=meeting,
                public=form.public.data == "yes" and not (source and source.private),
            )
        except Refused as refused:
            db.session.rollback()
            refused_on_form(form, refused)
        else:
            db.session.commit()
            return _to_question(
                question,
                f"Your question has been sent to the board secretary, as question {question.id}.",
            )
    return render_template("governors/questions/ask.html", form=form, source=source, follow_up=None)


@bp.route("/<governors_id:question_id>/follow-up", methods=["GET", "POST"])
def follow_up(question_id: int) -> str | Response:
    original = _question(question_id, Permission.QUESTIONS_REPLY)
    authorise(Permission.QUESTIONS_ASK)
    if not original.is_answered:
        return _to_question(
            original, "You can ask a follow-up question once this one is answered.", "info"
        )
    private = original.from_private_part
    form = _ask_form(private=private, follow_up=original)
    if form.validate_on_submit():
        try:
            question = services.ask(
                _actor(),
                form.text.data,
                to_ned=_chosen_person(form.to_ned.data),
                public=form.public.data == "yes" and not private,
                follow_up_of=original,
            )
        except Refused as refused:
            db.session.rollback()
            refused_on_form(form, refused)
        else:
            db.session.commit()
            return _to_question(
                question,
                f"Your follow-up question has been sent to the board secretary, as question "
                f"{question.id}.",
            )
    return render_template(
        "governors/questions/ask.html", form=form, source=None, follow_up=original
    )


# Lists -------------------------------------------------------------------------------------


@bp.route("/mine")
@requires(Permission.QUESTIONS_ASK)
def mine() -> str:
    return render_template(
        "governors/questions/mine.html", questions=services.questions_of(_actor())
    )


@bp.route("/")
@requires(Permission.QUESTIONS_ROUTE)
def index() -> str:
    filtered = "state" in request.args
    form = FilterForm(formdata=request.args if filtered else None)
    form.state.choices = list(services.FILTERS.items())
    state = form.state.data if filtered and form.validate() else "all"
    found = services.all_questions(state, page_arg())
    args = {"state": state} if state != "all" else {}
    return render_template(
        "governors/questions/index.html",
        form=form,
        found=found,
        state=state,
        filters=services.FILTERS,
        previous_url=url_for(".index", page=found.page - 1, **args) if found.page > 1 else None,
        next_url=url_for(".index", page=found.page + 1, **args)
        if found.page < found.pages
        else None,
    )


@bp.route("/public")
def public() -> str:
    """Answered questions their askers agreed may be public, with who answered them."""
    authorise(Permission.PUBLIC_VIEW)
    return render_template(
        "governors/questions/public.html", questions=services.published_questions()
    )


# One question ------------------------------------------------------------------------------


def _page(question: Question, **forms: Any) -> str:
    me = _actor()
    meeting = question.meeting
    shows_meeting = meeting is not None and can(
        me,
        Permission.PRIVATE_VIEW if question.from_private_part else Permission.MEETINGS_VIEW,
        meeting,
    )
    follow_ups = [q for q in question.follow_ups if can(me, Permission.QUESTIONS_VIEW, q)]
    follows = question.follow_up_of
    return render_template(
        "governors/questions/detail.html",
        question=question,
        state=services.state_of(question),
        shows_meeting=shows_meeting,
        follow_ups=follow_ups,
        follows=follows if follows and can(me, Permission.QUESTIONS_VIEW, follows) else None,
        own=question.asker_id == me.id,
        verdict_form=forms.get("verdict_form") or _verdict_form(question),
        form=forms.get("verdict_form"),
        actions=[a for a in arising_from(question) if can(me, Permission.ACTIONS_VIEW, a)],
        today=local_today(),
        is_overdue=is_overdue,
    )


def _verdict_form(question: Question) -> VerdictForm:
    form = VerdictForm(formdata=None)
    if question.answered_question is not None:
        form.answered_question.data = "yes" if question.answered_question else "no"
        form.comment.data = question.verdict_comment
    return form


@bp.route("/<governors_id:question_id>")
def detail(question_id: int) -> str:
    question = _question(question_id, Permission.QUESTIONS_VIEW)
    if not current_user.is_authenticated:
        return render_template("governors/questions/public.html", questions=[question], single=True)
    return _page(question)


@bp.route("/<governors_id:question_id>/route", methods=["GET", "POST"])
def route(question_id: int) -> str | Response:
    question = _question(question_id, Permission.QUESTIONS_ROUTE)
    if question.is_answered:
        return _to_question(
            question, "This question has been answered, so it can no longer be passed on.", "info"
        )
    form = RouteForm()
    form.to_ned.choices = _director_choices("The board")
    if request.method == "GET":
        form.to_ned.data = str(question.to_ned_id) if question.to_ned_id else BOARD
    if form.validate_on_submit():
        try:
            changed = services.route(_actor(), question, _chosen_person(form.to_ned.data))
        except Refused as refused:
            db.session.rollback()
            refused_on_form(form, refused)
        else:
            db.session.commit()
            if not changed:
                return _to_question(question, "Nothing was changed.", "info")
            to_whom = question.to_ned.name if question.to_ned else "the board"
            return _to_question(
                question,
                f"Question {question.id} passed to {to_whom}. "
                f"The answer is due by {format_date(question.due_on)}.",
            )
    return render_template(
        "governors/questions/route.html",
        form=form,
        question=question,
        answer_days=current_settings().question_answer_days,
    )


@bp.route("/<governors_id:question_id>/answer", methods=["GET", "POST"])
def answer(question_id: int) -> str | Response:
    question = _question(question_id, Permission.QUESTIONS_ANSWER)
    if question.is_answered:
        return _to_question(question, "This question has already been answered.", "info")
    if question.status == rules.QuestionStatus.ASKED:
        return _to_question(
            question, "Pass this question on first: then its answer can be recorded.", "info"
        )
    form = AnswerForm()
    for_board = question.to_ned_id is None
    if for_board:
        form.answered_by.choices = [
            ("", "Choose a person"),
            *((str(p.id), f"{p.name}, {', '.join(p.role_labels)}") for p in services.answerers()),
        ]
    else:
        # The director it was put to answered: there is no one to name.
        del form.answered_by
        del form.answered_by_name
    if form.validate_on_submit():
        try:
            services.answer(
                _actor(),
                question,
                form.answer.data,
                answered_by=_chosen_person(form.answered_by.data) if for_board else None,
                answered_by_name=form.answered_by_name.data if for_board else None,
            )
        except Refused as refused:
            db.session.rollback()
            refused_on_form(form, refused)
        else:
            db.session.commit()
            return _to_question(
                question, f"The answer is recorded, and {question.asker.name} has been emailed."
            )
    return render_template(
        "governors/questions/answer.html",
        form=form,
        question=question,
        for_board=for_board,
        own=question.to_ned_id == current_user.id,
    )


@bp.route("/<governors_id:question_id>/verdict", methods=["GET", "POST"])
def verdict(question_id: int) -> str | Response:
    question = _question(question_id, Permission.QUESTIONS_REPLY)
    if not question.is_answered:
        return _to_question(
            question, "You can say whether it answered your question once it is answered.", "info"
        )
    if request.method == "GET":
        return redirect(url_for(".detail", question_id=question.id, _anchor="verdict"))
    form = VerdictForm()
    if form.validate_on_submit():
        try:
            services.give_verdict(
                _actor(), question, form.answered_question.data == "yes", form.comment.data
            )
        except Refused as refused:
            db.session.rollback()
            refused_on_form(form, refused)
        else:
            db.session.commit()
            message = (
                "Thank you. You said the answer answered your question."
                if question.answered_question
                else "Thank you. You said the answer did not answer your question. The board "
                "secretary, the chair and the lead governor can see this. You can ask a "
                "follow-up question."
            )
            return _to_question(question, message)
    return _page(question, verdict_form=form)
