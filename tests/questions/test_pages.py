"""Asking, passing on, answering, the asker's verdict and follow-up, through the pages:
with the emails each step sends and the audit entries it writes."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from governors.audit.models import AuditEntry
from governors.council.models import DEFAULTS, CouncilSettings
from governors.extensions import db
from governors.questions import services
from governors.questions.models import Question
from tests import factories
from tests.questions.conftest import ask_form, emails, page_text, path

# Monday 4 January 2027: questions passed on today are due on Sunday 24 January.
pytestmark = pytest.mark.clock(datetime(2027, 1, 4, 10, 0, tzinfo=UTC))


def _only_question() -> Question:
    return db.session.scalars(sa.select(Question)).one()


def _audit(action: str) -> AuditEntry:
    return db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id.desc())
    ).first()


def test_a_governor_asks_a_director_from_an_agenda_item(client, sign_in, council):
    sign_in(council.governor)
    url = path("governors.questions.ask", item=council.public_item.id)
    form = page_text(client.get(url))
    assert "Ask the board a question" in form
    assert (
        "About item 1, Quality report, on the agenda of the Council of Governors meeting on "
        "Thursday 21 January 2027."
    ) in form
    assert "Richard Penrose, non-executive director" in form
    response = client.post(
        url,
        data=ask_form(
            text="How many nurses left in 2026?", to_ned=str(council.ned.id), public="yes"
        ),
    )
    question = _only_question()
    assert response.status_code == 302
    assert response.location.endswith(path("governors.questions.detail", question_id=question.id))
    assert (question.asker_id, question.to_ned_id) == (council.governor.id, council.ned.id)
    assert (question.meeting_id, question.item_id) == (council.meeting.id, council.public_item.id)
    assert question.public and not question.private and question.status == "asked"
    page = page_text(client.get(response.location))
    assert f"Your question has been sent to the board secretary, as question {question.id}." in page
    assert "How many nurses left in 2026?" in page
    assert "Waiting to be passed on" in page
    assert "About “Quality report” at the Council of Governors meeting" in page

    # The secretary is told, by number: the email does not carry the question.
    [email] = emails()
    assert email.to_address == council.secretary.email
    assert email.subject == f"Question {question.id} to pass on: asked by Helen Carter"
    assert "Helen Carter has asked a question of Richard Penrose" in email.body_text
    assert "How many nurses" not in email.body_text
    assert f"/questions/{question.id}" in email.body_text
    entry = _audit("questions.asked")
    assert entry.summary == f"Helen Carter asked question {question.id} of Richard Penrose"
    assert "nurses" not in str(entry.after)


def test_a_question_on_its_own_may_name_a_coming_meeting(client, sign_in, council):
    sign_in(council.governor)
    form = page_text(client.get(path("governors.questions.ask")))
    assert "Council of Governors meeting, Thursday 21 January 2027" in form
    response = client.post(
        path("governors.questions.ask"), data=ask_form(meeting=str(council.meeting.id))
    )
    assert response.status_code == 302
    question = _only_question()
    assert (question.meeting_id, question.item_id, question.to_ned_id) == (
        council.meeting.id,
        None,
        None,
    )
    assert "For the Council of Governors meeting on Thursday 21 January 2027" in page_text(
        client.get(response.location)
    )


def test_a_question_about_a_private_item_is_never_public(client, sign_in, council):
    sign_in(council.governor)
    url = path("governors.questions.ask", item=council.private_item.id)
    form = page_text(client.get(url))
    assert "This question is about business in the private part of a meeting" in form
    assert "May your question and its answer be published?" not in form
    # Even a hand-made form saying "yes" is not published.
    assert client.post(url, data=ask_form(public="yes")).status_code == 302
    question = _only_question()
    assert question.private and not question.public
    entry = _audit("questions.asked")
    assert entry.summary == f"Helen Carter asked private question {question.id} of the board"
    assert entry.after["to_ned_id"] == "(private: not recorded in the log)"


def test_items_the_asker_may_not_see_or_that_are_not_published(client, sign_in, council):
    from governors.agendas import services as agendas

    secretary = council.secretary
    committee = factories.BodyFactory(name="Nominations Committee")
    closed = factories.MeetingFactory(body=committee)
    closed_item = agendas.add_item(secretary, closed, part="private", title="Candidates")
    agendas.publish(secretary, closed, notify=False)
    draft = agendas.add_item(secretary, council.meeting, part="public", title="Not yet published")
    db.session.commit()
    sign_in(council.governor)
    # The private part of a committee the governor does not sit on: forbidden.
    assert client.get(path("governors.questions.ask", item=closed_item.id)).status_code == 403
    # An item no published agenda shows yet, and one that does not exist: not found.
    assert client.get(path("governors.questions.ask", item=draft.id)).status_code == 404
    assert client.get(path("governors.questions.ask", item=999_999)).status_code == 404
    assert client.get(path("governors.questions.ask") + "?item=%C2%B2").status_code == 404
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Question)) == 0


def test_the_secretary_passes_it_on_and_the_director_is_told(client, sign_in, council):
    question = council.ask(to_ned=council.ned)
    sign_in(council.secretary)
    index = page_text(client.get(path("governors.questions.index")))
    assert "1 waiting to be passed on" in index
    assert f"Question {question.id}, asked 4 Jan 2027" in index
    route = path("governors.questions.route", question_id=question.id)
    page = page_text(client.get(route))
    assert "The answer will be due within 20 days of today, weekends included." in page
    response = client.post(route, data={"to_ned": str(council.ned.id)})
    assert response.status_code == 302
    assert (
        f"Question {question.id} passed to Richard Penrose. The answer is due by "
        "Sunday 24 January 2027."
    ) in page_text(client.get(response.location))
    db.session.refresh(question)
    assert question.status == "routed" and question.due_on == date(2027, 1, 24)
    assert question.routed_by_id == council.secretary.id
    [email] = emails()
    assert email.to_address == council.ned.email
    assert email.subject == (
        f"Question {question.id} from a governor: please answer by Sunday 24 January 2027"
    )
    assert "How many nurses" not in email.body_text
    assert _audit("questions.routed").summary == (
        f"Passed question {question.id} to Richard Penrose, answer due by Sunday 24 January 2027"
    )

    # Passed to another director: the due date stays.
    response = client.post(route, data={"to_ned": str(council.other_ned.id)})
    db.session.refresh(question)
    assert question.to_ned_id == council.other_ned.id and question.due_on == date(2027, 1, 24)
    assert emails()[-1].to_address == council.other_ned.email
    # Passing it to the same person again changes nothing.
    again = client.post(route, data={"to_ned": str(council.other_ned.id)})
    assert "Nothing was changed." in page_text(client.get(again.location))


def test_the_days_to_answer_are_the_councils_setting(client, sign_in, council):
    db.session.add(CouncilSettings(id=1, **(DEFAULTS | {"question_answer_days": 5})))
    question = council.ask()
    db.session.commit()
    sign_in(council.secretary)
    client.post(path("governors.questions.route", question_id=question.id), data={"to_ned": ""})
    db.session.refresh(question)
    assert (question.to_ned_id, question.due_on) == (None, date(2027, 1, 9))


def test_the_director_it_is_put_to_answers_and_the_asker_is_told(client, sign_in, council):
    question = council.routed(to_ned=council.ned)
    db.session.commit()
    sign_in(council.ned)
    home = page_text(client.get(path("governors.home")))
    assert "Questions waiting for your answer" in home
    assert f"Question {question.id} from Helen Carter, answer by Sunday 24 January 2027" in home
    url = path("governors.questions.answer", question_id=question.id)
    assert "Answer this question" in page_text(client.get(url))
    response = client.post(url, data={"answer": "Twelve nurses left; nine joined."})
    assert response.status_code == 302
    page = page_text(client.get(response.location))
    assert "The answer is recorded, and Helen Carter has been emailed." in page
    assert "Twelve nurses left; nine joined." in page
    assert "Answered by Richard Penrose on Monday 4 January 2027." in page
    db.session.refresh(question)
    assert question.status == "answered"
    assert (question.answered_by_id, question.answer_recorded_by_id) == (council.ned.id,) * 2
    [email] = emails()
    assert email.to_address == council.governor.email
    assert email.subject == f"Your question {question.id} has been answered"
    assert "answered by Richard Penrose" in email.body_text
    assert "Twelve" not in email.body_text
    entry = _audit("questions.answered")
    assert entry.summary == f"Recorded the answer to question {question.id} from Richard Penrose"
    assert "Twelve" not in str(entry.after)


def test_another_director_may_not_read_or_answer_it(client, sign_in, council):
    question = council.routed("Who scored the bids?", to_ned=council.ned)
    db.session.commit()
    sign_in(council.other_ned)
    for url in (
        path("governors.questions.detail", question_id=question.id),
        path("governors.questions.answer", question_id=question.id),
    ):
        assert client.get(url).status_code == 403
    response = client.post(
        path("governors.questions.answer", question_id=question.id), data={"answer": "Mine now"}
    )
    assert response.status_code == 403
    db.session.refresh(question)
    assert question.status == "routed" and question.answer is None
    # Nor does it wait for their answer on their home page.
    assert "Questions waiting for your answer" not in page_text(client.get(path("governors.home")))


def test_the_secretary_records_the_boards_answer_naming_who_gave_it(client, sign_in, council):
    question = council.routed()
    db.session.commit()
    sign_in(council.secretary)
    url = path("governors.questions.answer", question_id=question.id)
    page = page_text(client.get(url))
    assert "Record the answer" in page and "Mark Hendry, Trust officer" in page

    # Neither a person nor a name: the field is named; what was typed is kept.
    response = client.post(url, data={"answer": "Nine joined.", "answered_by": ""})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Say who answered the question" in page_text(response)
    assert 'href="#answered_by"' in html
    assert "Nine joined." in html
    assert page_text(response).startswith("Error: Record the answer")
    # Both: refused too.
    response = client.post(
        url,
        data={
            "answer": "Nine joined.",
            "answered_by": str(council.officer.id),
            "answered_by_name": "Chief Executive",
        },
    )
    assert "Choose the person who answered, or type who answered, but not both" in page_text(
        response
    )
    response = client.post(
        url, data={"answer": "Nine joined.", "answered_by_name": "Chief Executive"}
    )
    assert response.status_code == 302
    db.session.refresh(question)
    assert question.answered_by_id is None and question.answered_by_name == "Chief Executive"
    assert "Answered by Chief Executive on Monday 4 January 2027 (recorded by Rachel Turner)." in (
        page_text(client.get(response.location))
    )
    # Answered once: the answer page sends back to the question.
    again = client.get(url)
    assert again.status_code == 302
    assert "This question has already been answered." in page_text(client.get(again.location))


def test_an_answer_needs_the_question_passed_on_first(client, sign_in, council):
    question = council.ask()
    db.session.commit()
    sign_in(council.secretary)
    response = client.post(
        path("governors.questions.answer", question_id=question.id), data={"answer": "Early"}
    )
    assert response.status_code == 302
    assert "Pass this question on first" in page_text(client.get(response.location))
    assert db.session.get(Question, question.id).answer is None


def test_the_asker_says_it_did_not_answer_and_follows_it_up(client, sign_in, council):
    question = council.routed(to_ned=council.ned)
    services.answer(council.ned, question, "We are looking into it.", notify=False)
    db.session.commit()
    sign_in(council.governor)
    page = page_text(client.get(path("governors.questions.detail", question_id=question.id)))
    assert "Did the answer answer your question?" in page
    verdict = path("governors.questions.verdict", question_id=question.id)
    # Nothing chosen: the field is named.
    response = client.post(verdict, data={"comment": "It gives no numbers."})
    assert response.status_code == 200
    assert "Select whether the answer answered your question" in page_text(response)
    assert 'href="#answered_question"' in response.get_data(as_text=True)
    assert "It gives no numbers." in response.get_data(as_text=True)
    response = client.post(
        verdict, data={"answered_question": "no", "comment": "It gives no numbers."}
    )
    assert response.status_code == 302
    page = page_text(client.get(response.location))
    assert "You said the answer did not answer the question" in page
    assert "Comment: It gives no numbers." in page
    db.session.refresh(question)
    assert question.answered_question is False
    assert _audit("questions.verdict").summary == (
        f"Helen Carter said the answer did not answer question {question.id}"
    )

    follow = path("governors.questions.follow_up", question_id=question.id)
    form = page_text(client.get(follow))
    assert "Ask a follow-up question" in form and "We are looking into it." in form
    response = client.post(
        follow, data=ask_form(text="How many, please?", to_ned=str(council.ned.id))
    )
    assert response.status_code == 302
    later = db.session.scalars(sa.select(Question).where(Question.id != question.id)).one()
    assert later.follow_up_of_id == question.id and later.to_ned_id == council.ned.id
    assert (later.meeting_id, later.item_id) == (question.meeting_id, question.item_id)
    assert f"This follows up question {question.id}." in page_text(client.get(response.location))
    original = page_text(client.get(path("governors.questions.detail", question_id=question.id)))
    assert f"Follow-up questions Question {later.id}, asked Monday 4 January 2027" in original


def test_only_the_asker_gives_a_verdict_or_follows_up(client, sign_in, council):
    question = council.routed()
    services.answer(council.secretary, question, "Yes.", answered_by_name="Chief Executive")
    db.session.commit()
    sign_in(council.other_governor)
    for endpoint in ("governors.questions.verdict", "governors.questions.follow_up"):
        url = path(endpoint, question_id=question.id)
        assert client.post(url, data={"answered_question": "yes"}).status_code == 403
    assert db.session.get(Question, question.id).answered_question is None


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"text": "  "}, "text", "Enter your question"),
        ({"text": "x" * 2001}, "text", "Your question must be 2,000 characters or fewer"),
        ({"public": ""}, "public", "Select whether your question may be published"),
        ({"public": "perhaps"}, "public", "Select whether your question may be published"),
        ({"to_ned": "999999"}, "to_ned", "Choose the board or a non-executive director"),
        ({"meeting": "banana"}, "meeting", "Choose a meeting from the list, or none"),
        ({"text": "Budget\x00report"}, "text", "must not contain control characters"),
    ],
)
def test_bad_questions_are_named_and_what_was_typed_is_kept(
    client, sign_in, council, changes, field, message
):
    sign_in(council.governor)
    data = ask_form(text="What about the car park?") | changes
    response = client.post(path("governors.questions.ask"), data=data)
    assert response.status_code == 200
    text = page_text(response)
    html = response.get_data(as_text=True)
    assert text.startswith("Error: Ask the board a question")
    assert "There is a problem" in text and message in text
    assert f'href="#{field}"' in html
    if "text" not in changes:
        assert "What about the car park?" in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Question)) == 0


def test_a_director_who_is_not_one_cannot_be_asked(client, sign_in, council):
    sign_in(council.governor)
    response = client.post(
        path("governors.questions.ask"), data=ask_form(to_ned=str(council.officer.id))
    )
    assert response.status_code == 200
    assert "Choose the board or a non-executive director from the list" in page_text(response)


def test_missing_questions_are_not_found(client, sign_in, council):
    sign_in(council.secretary)
    for endpoint in ("detail", "route", "answer"):
        assert (
            client.get(path(f"governors.questions.{endpoint}", question_id=999_999)).status_code
            == 404
        )


def test_the_secretarys_list_filters_by_state(client, sign_in, council):
    council.ask("Waiting")
    council.routed("With the board")
    answered = council.routed("Answered")
    services.answer(council.secretary, answered, "Done.", answered_by_name="Chief Executive")
    late = council.routed("Late", routed_at=datetime(2026, 11, 2, 10, tzinfo=UTC))
    db.session.commit()
    sign_in(council.secretary)
    page = page_text(client.get(path("governors.questions.index")))
    assert "1 waiting to be passed on" in page
    assert "2 waiting for an answer, 1 of them late" in page
    assert "1 answered" in page
    only_late = page_text(client.get(path("governors.questions.index", state="late")))
    assert "Answer late (1)" in only_late
    assert f"Question {late.id}," in only_late and f"Question {answered.id}," not in only_late
    bad = client.get(path("governors.questions.index") + "?state=%00")
    assert bad.status_code == 200 and "There is a problem" in page_text(bad)
