"""Who reads a question: a canary planted in a question that is not public never reaches the
public pages, the public agenda, another governor's pages, emails to others or the audit
log; an answered public question is published, with its answer and who gave it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from governors.audit.models import AuditEntry
from governors.extensions import db
from governors.permissions import Permission, can
from governors.questions import services
from governors.questions.models import Question
from tests.questions.conftest import emails, page_text, path

pytestmark = pytest.mark.clock(datetime(2027, 1, 4, 10, 0, tzinfo=UTC))

CANARY = "Canary: is the ward manager on Larch Ward being investigated?"
CANARY_ANSWER = "Canary answer: yes, since November."
PRIVATE_CANARY = "Private canary: what did the losing bidder offer?"


@pytest.fixture
def planted(council):
    """A question that is not public, from the public item, answered; a question from the
    private item, answered; and a public question, answered for the board."""
    hidden = council.routed(CANARY, to_ned=council.ned, item=council.public_item)
    services.answer(council.ned, hidden, CANARY_ANSWER, notify=True)
    private = council.routed(
        PRIVATE_CANARY, asker=council.lead, to_ned=council.ned, item=council.private_item
    )
    services.answer(council.ned, private, "Private canary answer", notify=True)
    public = council.routed(
        "How many beds are closed for repairs?", item=council.public_item, public=True
    )
    services.answer(
        council.secretary,
        public,
        "Four beds, reopening in March.",
        answered_by_name="Director of Estates",
        notify=True,
    )
    db.session.commit()
    return {"hidden": hidden, "private": private, "public": public}


def _nothing_secret(response) -> None:
    html = response.get_data(as_text=True)
    assert "Canary" not in html and "canary" not in html


def test_the_public_pages_show_only_the_answered_public_question(client, council, planted):
    listing = client.get(path("governors.questions.public"))
    assert listing.status_code == 200
    text = page_text(listing)
    _nothing_secret(listing)
    assert "How many beds are closed for repairs?" in text
    assert "Four beds, reopening in March." in text
    assert "Answered by Director of Estates on Monday 4 January 2027." in text
    assert (
        "Asked by Helen Carter of the board on Monday 4 January 2027, about “Quality report” "
        "at the Council of Governors meeting on Thursday 21 January 2027."
    ) in text

    agenda = client.get(path("governors.agendas.public", meeting_id=council.meeting.id))
    assert agenda.status_code == 200
    _nothing_secret(agenda)
    text = page_text(agenda)
    assert "Questions from governors, and their answers" in text
    assert "How many beds are closed for repairs?" in text and "Director of Estates" in text

    # Anyone may open the published one; the others send them to sign in.
    one = client.get(path("governors.questions.detail", question_id=planted["public"].id))
    assert one.status_code == 200 and "Four beds" in page_text(one)
    for name in ("hidden", "private"):
        response = client.get(path("governors.questions.detail", question_id=planted[name].id))
        assert response.status_code == 302 and "/account/sign-in" in response.location


def test_another_governor_sees_none_of_it(client, sign_in, council, planted):
    sign_in(council.other_governor)
    for name in ("hidden", "private"):
        response = client.get(path("governors.questions.detail", question_id=planted[name].id))
        assert response.status_code == 403
        _nothing_secret(response)
    for endpoint in ("governors.questions.mine", "governors.home", "governors.questions.public"):
        response = client.get(path(endpoint))
        assert response.status_code == 200
        _nothing_secret(response)
    # The published one, yes.
    response = client.get(path("governors.questions.detail", question_id=planted["public"].id))
    assert response.status_code == 200


def test_those_who_may_read_it_do(client, sign_in, council, planted):
    hidden = planted["hidden"]
    for person in (council.governor, council.ned, council.secretary, council.chair, council.lead):
        assert can(person, Permission.QUESTIONS_VIEW, hidden), person.name
    for person in (council.other_governor, council.other_ned, council.officer):
        assert not can(person, Permission.QUESTIONS_VIEW, hidden), person.name
    sign_in(council.chair)
    text = page_text(client.get(path("governors.questions.detail", question_id=hidden.id)))
    assert CANARY in text and CANARY_ANSWER in text


def test_emails_and_the_audit_log_name_questions_by_number_only(council, planted):
    for email in emails():
        assert "anary" not in email.body_text and "anary" not in email.subject
    entries = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.record_type == "questions").order_by(AuditEntry.id)
    ).all()
    assert len(entries) == 9
    for entry in entries:
        assert "anary" not in f"{entry.summary} {entry.before} {entry.after}"
    private = planted["private"].id
    summaries = [entry.summary for entry in entries if entry.record_id == private]
    assert summaries == [
        f"David Okoro asked private question {private} of Richard Penrose",
        f"Passed private question {private} to Richard Penrose, answer due by "
        "Sunday 24 January 2027",
        f"Recorded the answer to private question {private} from Richard Penrose",
    ]


def test_a_public_question_whose_item_moves_to_the_private_part_is_withdrawn(
    client, council, planted
):
    from governors.agendas import services as agendas

    # Published while its item is in the public part.
    assert "How many beds" in page_text(client.get(path("governors.questions.public")))
    item = council.public_item
    agendas.update_item(
        council.secretary,
        item,
        part="private",
        title=item.title,
        purpose=item.purpose,
        presenter=item.presenter,
        minutes_allowed=item.minutes_allowed,
        description=item.description,
    )
    db.session.commit()
    listing = client.get(path("governors.questions.public"))
    assert listing.status_code == 200
    assert "How many beds" not in page_text(listing)
    assert not db.session.get(Question, planted["public"].id).published


def test_the_list_rule_agrees_with_the_policy(council, planted):
    questions = db.session.scalars(sa.select(Question).order_by(Question.id)).all()
    people = [
        council.secretary,
        council.chair,
        council.lead,
        council.governor,
        council.other_governor,
        council.ned,
        council.other_ned,
        council.officer,
        None,
    ]
    for person in people:
        listed = set(
            db.session.scalars(sa.select(Question.id).where(services.visible_questions(person)))
        )
        allowed = {q.id for q in questions if can(person, Permission.QUESTIONS_VIEW, q)}
        assert listed == allowed, person and person.name
