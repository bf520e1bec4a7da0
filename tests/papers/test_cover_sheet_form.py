"""Writing a cover sheet: three sentences at most, advice on hard words with a "Save
anyway" that keeps the reason, the key risks linked to the item, and who may write it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from governors.agendas import services as agendas
from governors.audit.models import AuditEntry
from governors.extensions import db
from governors.papers.models import CoverSheet
from governors.risks.models import risk_agenda_items
from tests import factories
from tests.papers.conftest import PLAIN_ASKS, PLAIN_QUESTIONS, text_of

pytestmark = pytest.mark.clock(datetime(2027, 1, 4, 9, 0, tzinfo=UTC))

HARD_ASKS = (
    "The Council of Governors is requested to acknowledge the comprehensive organisational "
    "transformation programme documentation, notwithstanding the considerable operational "
    "interdependencies identified previously."
)


def url(item) -> str:
    return f"/papers/items/{item.id}/cover-sheet"


def sheet_of(item) -> CoverSheet | None:
    db.session.expire_all()
    return db.session.scalar(sa.select(CoverSheet).where(CoverSheet.item_id == item.id))


def linked(item) -> list[int]:
    return list(
        db.session.scalars(
            sa.select(risk_agenda_items.c.risk_id).where(risk_agenda_items.c.item_id == item.id)
        )
    )


def test_the_secretary_writes_a_cover_sheet_with_a_key_risk(client, sign_in, secretary, item, risk):
    sign_in(secretary)
    page = client.get(url(item))
    assert page.status_code == 200
    assert "To decide" in text_of(page)
    assert "Night nurse staffing" in text_of(page)

    response = client.post(
        url(item), data={"asks": PLAIN_ASKS, "questions": PLAIN_QUESTIONS, "risks": [risk.id]}
    )

    assert response.status_code == 302
    assert f"/agendas/{item.meeting_id}/edit" in response.headers["Location"]
    sheet = sheet_of(item)
    assert sheet.asks == PLAIN_ASKS
    assert sheet.questions == PLAIN_QUESTIONS
    assert sheet.advice_reason is None
    assert sheet.written_by_id == secretary.id
    assert linked(item) == [risk.id]
    entry = db.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.action == "papers.cover_sheet_written")
    )
    assert entry is not None and "Waiting times plan" in entry.summary


def test_more_than_three_sentences_are_refused_naming_the_field_and_the_fix(
    client, sign_in, secretary, item
):
    sign_in(secretary)
    four = "We ask you to agree. It is needed. Waits are long. Staff are ready."

    response = client.post(url(item), data={"asks": four, "questions": PLAIN_QUESTIONS})

    assert response.status_code == 200
    page = text_of(response)
    assert "There is a problem" in page
    assert "must be 3 sentences or fewer: it has 4" in page
    assert 'href="#asks"' in response.get_data(as_text=True)
    # Nothing typed is lost.
    assert four in response.get_data(as_text=True)
    assert PLAIN_QUESTIONS in response.get_data(as_text=True)
    assert sheet_of(item) is None


def test_hard_words_get_advice_with_the_figures_and_save_anyway_keeps_the_reason(
    client, sign_in, secretary, item
):
    sign_in(secretary)

    advised = client.post(url(item), data={"asks": HARD_ASKS})

    assert advised.status_code == 200
    page = text_of(advised)
    assert "The cover sheet may be hard to read" in page
    assert "for reading ease" in page and "plain English scores 60" in page
    assert "Save anyway" in page
    assert sheet_of(item) is None

    saved = client.post(
        url(item),
        data={
            "asks": HARD_ASKS,
            "advice_reason": "These are the words the regulator uses.",
            "save_anyway": "1",
        },
    )

    assert saved.status_code == 302
    sheet = sheet_of(item)
    assert sheet.asks == HARD_ASKS
    assert sheet.advice_reason == "These are the words the regulator uses."


def test_an_acronym_in_the_glossary_needs_no_spelling_out(client, sign_in, secretary, item):
    factories.GlossaryTermFactory(term="CQC", key="cqc", spelled_out="Care Quality Commission")
    db.session.commit()
    sign_in(secretary)

    response = client.post(
        url(item), data={"asks": "Governors are asked to note what the CQC found."}
    )

    assert response.status_code == 302
    assert sheet_of(item).asks.endswith("CQC found.")


def test_the_builder_prompts_for_a_cover_sheet_on_items_with_papers(
    client, sign_in, secretary, item
):
    sign_in(secretary)
    before = text_of(client.get(f"/agendas/{item.meeting_id}/edit"))
    assert "No cover sheet" in before
    assert "Write a cover sheet for" in before

    client.post(url(item), data={"asks": PLAIN_ASKS})

    after = text_of(client.get(f"/agendas/{item.meeting_id}/edit"))
    assert "No cover sheet" not in after
    assert "Change the cover sheet" in after


def _proposed_item(secretary, meeting, proposer, presenter_choice: str):
    request = factories.AgendaRequestFactory(
        meeting=meeting, proposer=proposer, status="accepted", presenter_choice=presenter_choice
    )
    found = agendas.add_item(
        secretary, meeting, part="public", title="Parking for carers", request=request
    )
    db.session.commit()
    return found


def test_the_governor_who_proposed_and_presents_the_item_may_write_its_cover_sheet(
    client, sign_in, secretary, meeting
):
    proposer = factories.governor()
    proposed = _proposed_item(secretary, meeting, proposer, "self")
    sign_in(proposer)

    assert client.get(url(proposed)).status_code == 200
    response = client.post(url(proposed), data={"asks": PLAIN_ASKS})

    assert response.status_code == 302
    # Not an agenda builder: back to the agenda as governors see it.
    assert response.headers["Location"].endswith(f"/agendas/{meeting.id}")
    assert sheet_of(proposed).written_by_id == proposer.id


def test_another_governor_is_refused_and_the_signed_out_are_asked_to_sign_in(
    client, sign_in, secretary, meeting, item
):
    proposer = factories.governor()
    proposed = _proposed_item(secretary, meeting, proposer, "chair")
    sign_in(proposer)  # proposed it, but the chair presents it
    assert client.get(url(proposed)).status_code == 403

    sign_in(factories.governor())
    assert client.get(url(item)).status_code == 403
    assert client.post(url(item), data={"asks": PLAIN_ASKS}).status_code == 403
    assert sheet_of(item) is None

    client.post("/account/sign-out")
    response = client.get(url(item))
    assert response.status_code == 302
    assert "/account/sign-in" in response.headers["Location"]


def test_a_missing_item_is_not_found(client, sign_in, secretary):
    sign_in(secretary)
    assert client.get("/papers/items/999999/cover-sheet").status_code == 404
