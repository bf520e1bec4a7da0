"""The flags: late answers on the home page of those who follow questions up, a governor's
own questions and where each stands, and the section the action log shows. The words are
true: no page says every answer was in time when one was late."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from governors.questions import services
from governors.templating import render_template
from tests.questions.conftest import page_text, path, section

# Monday 1 February 2027.
TODAY = date(2027, 2, 1)
pytestmark = pytest.mark.clock(datetime(2027, 2, 1, 10, 0, tzinfo=UTC))
# Passed on Monday 4 January 2027: due Sunday 24 January, so late today.
LONG_AGO = datetime(2027, 1, 4, 10, 0, tzinfo=UTC)


def test_a_late_answer_is_counted_for_the_lead_governor(client, sign_in, council):
    late = council.routed(to_ned=council.ned, routed_at=LONG_AGO)
    council.routed("In time")
    council.ask("Waiting")
    sign_in(council.lead)
    home = section(client.get(path("governors.home")), "questions-late-heading")
    assert (
        "Questions to the board 1 answer is late: the question has not been answered by its "
        "due date:"
    ) in home
    assert (
        f"Question {late.id} from Helen Carter to Richard Penrose, due by Sunday 24 January 2027"
    ) in home
    assert "3 questions are waiting for an answer." in home
    assert "in time" not in home

    # Answered a week late: nothing is late now, and the page says one answer was late.
    services.answer(council.ned, late, "Here it is.", notify=False)
    home = section(client.get(path("governors.home")), "questions-late-heading")
    assert "No answer is late today, but 1 answer was given after its due date." in home
    assert "2 questions are waiting for an answer." in home
    assert late in services.questions_of(council.governor)
    assert services.state_of(late, TODAY).label == "Answered late"


def test_with_nothing_late_the_page_says_so(client, sign_in, council):
    council.routed()
    sign_in(council.chair)
    home = section(client.get(path("governors.home")), "questions-late-heading")
    assert "No answer is late today." in home
    assert "1 question is waiting for an answer." in home


def test_the_flags_list_late_and_unanswered_questions(council):
    late = council.routed(routed_at=LONG_AGO)
    on_time = council.routed("Not yet due")
    waiting = council.ask("Waiting")
    answered = council.routed("Answered")
    services.answer(council.secretary, answered, "Yes.", answered_by_name="Chief Executive")
    assert services.late_questions(TODAY) == [late]
    assert services.late_questions(date(2027, 1, 24)) == []
    assert services.unanswered_questions() == [late, on_time, waiting]


def test_a_governor_sees_their_own_questions_and_where_they_stand(client, sign_in, council):
    late = council.routed("Late one", routed_at=LONG_AGO)
    answered = council.routed("Answered one")
    services.answer(council.secretary, answered, "Yes.", answered_by_name="Chief Executive")
    council.ask("Someone else's", asker=council.other_governor)
    sign_in(council.governor)
    home = page_text(client.get(path("governors.home")))
    assert "Your questions to the board" in home
    assert f"Question {late.id} to the board: Answer late" in home
    assert (
        f"Question {answered.id} to the board: Answered Say whether it answered your question"
    ) in home
    # Only their own; and the flags of those who follow questions up are not theirs.
    assert "Someone else" not in home
    assert "answer is late" not in home
    mine = page_text(client.get(path("governors.questions.mine")))
    assert "Late one" in mine and "Answer was due by Sunday 24 January 2027" in mine


def test_the_action_log_section_lists_what_each_reader_may_see(app, council):
    late = council.routed("Late", to_ned=council.ned, routed_at=LONG_AGO)
    waiting = council.ask("Waiting", asker=council.other_governor)
    for_lead = services.log_context(council.lead, TODAY)["questions_log"]
    assert (for_lead.late, for_lead.waiting) == ([late], [waiting])
    # The director sees the late one put to them; a governor, only their own.
    assert services.log_context(council.ned, TODAY)["questions_log"].late == [late]
    other = services.log_context(council.other_governor, TODAY)["questions_log"]
    assert (other.late, other.waiting) == ([], [waiting])
    # Someone with nothing to see gets nothing.
    assert services.log_context(council.officer, TODAY) == {}

    with app.test_request_context():
        html = render_template(
            "governors/questions/_log_section.html", **services.log_context(council.lead, TODAY)
        )
        empty = render_template(
            "governors/questions/_log_section.html",
            **services.log_context(council.officer, TODAY),
        )
    assert "Late answers (1)" in html
    assert f'href="/questions/{late.id}"' in html
    assert "due by Sunday 24 January 2027" in html
    assert "Not yet due (1)" in html and "waiting to be passed on" in html
    assert empty.strip() == ""


def test_the_action_log_section_is_true_about_answers_given_late(app, council):
    late = council.routed("Late", routed_at=LONG_AGO)
    services.answer(council.secretary, late, "At last.", answered_by_name="Chief Executive")
    context = services.log_context(council.secretary, TODAY)
    with app.test_request_context():
        html = render_template("governors/questions/_log_section.html", **context)
    text = " ".join(html.split())
    assert "No answer is late, but 1 answer was given after its due date." in text
    assert "in time" not in text
