"""The demo council's questions to the board: one in every state, a public one published
with the latest Council agenda, and a private one that is not."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from governors.demo import load_demo
from governors.extensions import db
from governors.outbox.models import OutboxMessage
from governors.questions import services
from governors.questions.demo import latest_published_meeting
from governors.questions.models import Question
from governors.questions.rules import AnswerState

TODAY = date(2027, 3, 15)


@pytest.mark.clock("2027-03-15 10:00:00+00:00")
def test_the_demo_has_questions_in_every_state(app):
    load_demo(today=TODAY)
    questions = db.session.scalars(sa.select(Question).order_by(Question.id)).all()
    states = {services.state_of(q, TODAY) for q in questions}
    assert {
        AnswerState.WAITING_TO_BE_ROUTED,
        AnswerState.WAITING_FOR_ANSWER,
        AnswerState.LATE,
        AnswerState.ANSWERED,
    } <= states
    assert any(q.to_ned_id and q.status == "routed" for q in questions)
    assert any(q.answered_question is True for q in questions)
    not_answered = [q for q in questions if q.answered_question is False]
    assert len(not_answered) == 1 and not_answered[0].follow_ups
    assert len(services.late_questions(TODAY)) == 1

    latest, _ = latest_published_meeting()
    [published] = services.published_questions(latest)
    assert published.item is not None and published.item.part == "public"
    private = [q for q in questions if q.private]
    assert private and not any(q.published for q in private)
    assert published in services.published_questions()
    # The history is written without email.
    assert not db.session.scalar(
        sa.select(sa.func.count())
        .select_from(OutboxMessage)
        .where(OutboxMessage.subject.contains("uestion"))
    )
