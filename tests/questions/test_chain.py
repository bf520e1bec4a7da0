"""Question, answer, action, evidence: one chain. The lead governor raises an action from
an answer; the question's page lists it with its progress, and the action names the
question it follows up."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

from governors.actions.models import Action
from governors.extensions import db
from governors.questions import services
from tests.questions.conftest import page_text, path

pytestmark = pytest.mark.clock(datetime(2027, 1, 4, 10, 0, tzinfo=UTC))
PROMISE = "Send governors the monthly figures for memory clinic waits"


def _answered(council, *, public: bool):
    question = council.routed(
        "How long do people wait for a memory clinic?",
        to_ned=council.ned,
        item=council.public_item,
        public=public,
    )
    services.answer(council.ned, question, "212 people waited over 6 weeks.", notify=False)
    db.session.commit()
    return question


def test_an_action_follows_up_an_answer_through_to_its_evidence(client, sign_in, council):
    question = _answered(council, public=True)
    sign_in(council.lead)
    page = page_text(client.get(path("governors.questions.detail", question_id=question.id)))
    assert "Raise an action to follow up this answer" in page

    response = client.post(
        path("governors.actions.new", question=question.id),
        data={
            "question": str(question.id),
            "body_id": str(council.meeting.body_id),
            "description": PROMISE,
            "owner_1": str(council.governor.id),
            "due_on-day": "18",
            "due_on-month": "1",
            "due_on-year": "2027",
        },
    )
    assert response.status_code == 302, page_text(response)
    action = db.session.scalar(sa.select(Action))
    assert action.question_id == question.id and not action.private
    page = page_text(client.get(path("governors.actions.detail", action_id=action.id)))
    assert f"follows up the answer to question {question.id}" in page

    # The owner closes it with evidence; the question's page shows where it got to.
    sign_in(council.governor)
    client.post(
        path("governors.actions.update", action_id=action.id),
        data={
            "status": "done",
            "outcome": "Sent with the Quality Committee's report.",
            "evidence": FileStorage(
                stream=io.BytesIO(b"%PDF-1.4\n%%EOF\n"), filename="Memory clinic waits.pdf"
            ),
        },
        content_type="multipart/form-data",
    )
    page = page_text(client.get(path("governors.questions.detail", question_id=question.id)))
    assert PROMISE in page and "Done, with evidence." in page


def test_an_action_from_a_private_question_is_private(client, sign_in, council):
    question = _answered(council, public=False)
    sign_in(council.secretary)
    client.post(
        path("governors.actions.new"),
        data={
            "question": str(question.id),
            "body_id": str(council.meeting.body_id),
            "description": "Canary: write to the complainant's family",
            "owner_1": str(council.governor.id),
            "due_on-day": "18",
            "due_on-month": "1",
            "due_on-year": "2027",
        },
    )
    action = db.session.scalar(sa.select(Action))
    assert action.private and action.question_id == question.id
    # An officer, who may see the meeting's public part, does not see it.
    sign_in(council.officer)
    assert client.get(path("governors.actions.detail", action_id=action.id)).status_code == 403


def test_only_an_answered_question_can_be_followed_up(client, sign_in, council):
    question = council.routed("Will the car park reopen?", to_ned=council.ned)
    db.session.commit()
    sign_in(council.lead)
    assert client.get(path("governors.actions.new", question=question.id)).status_code == 404
    assert client.get(path("governors.actions.new", question="abc")).status_code == 404
    assert client.get(path("governors.actions.new")).status_code == 200
