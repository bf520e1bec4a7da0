"""Where governors read: each item's cover sheet leads (what they are asked to do, the key
risks summary first, the questions to ask), then its papers; the glossary explains its
terms; the meeting page lists the linked risks; the PDFs follow the same order and end
with a glossary page. Private items' cover sheets and risks never reach anything public."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from governors.agendas import services as agendas
from governors.extensions import db
from governors.papers import services as papers
from tests import factories
from tests.papers.conftest import PLAIN_ASKS, PLAIN_QUESTIONS, paper, pdf_pages, pdf_text
from tests.queries import counting_queries

pytestmark = pytest.mark.clock(datetime(2027, 1, 4, 9, 0, tzinfo=UTC))

SHEET_CANARY = "Zebracanarysheet"
RISK_CANARY = "Zebracanaryrisk"


@pytest.fixture
def published(secretary, meeting, item, risk):
    """The public item's cover sheet and risk, and a private item whose cover sheet and
    only risk carry canary texts; published."""
    factories.GlossaryTermFactory(
        term="CQC",
        key="cqc",
        meaning="The body that checks care.",
        spelled_out="Care Quality Commission",
    )
    papers.save_cover_sheet(
        secretary,
        item,
        asks=PLAIN_ASKS + " The CQC will check it.",
        questions=PLAIN_QUESTIONS,
        risk_ids=[risk.id],
    )
    private = agendas.add_item(
        secretary,
        meeting,
        part="private",
        title="Contract award",
        papers=[paper(secretary, "Bids.pdf")],
    )
    hidden = factories.RiskFactory(
        title=f"Supplier failure {RISK_CANARY}", summary=f"The supplier may fail. {RISK_CANARY}"
    )
    papers.save_cover_sheet(
        secretary,
        private,
        asks=f"Governors are asked to agree the award. {SHEET_CANARY}",
        risk_ids=[hidden.id],
    )
    from governors.glossary import services as glossary

    glossary._forget()
    version = agendas.publish(secretary, meeting, notify=False)
    db.session.commit()
    return version


def test_the_members_agenda_leads_each_item_with_its_cover_sheet_then_its_papers(
    client, sign_in, secretary, meeting, published, risk
):
    sign_in(factories.governor())
    html = client.get(f"/agendas/{meeting.id}").get_data(as_text=True)

    asks, risk_at, question, paper_at = (
        html.index("Governors are asked to note the plan"),
        html.index(risk.summary),
        html.index(PLAIN_QUESTIONS),
        html.index("Waiting times plan.pdf"),
    )
    assert html.index("Cover sheet") < asks < risk_at < question < paper_at
    assert "Governors are asked: to decide" in text_of_html(html)
    # The risk: summary first, then its band and score in words, then the detail behind
    # "More about this risk".
    assert risk_at < html.index("High risk, score 12") < html.index("More about this risk")
    assert html.index("More about this risk") < html.index(risk.detail)
    assert "nhsuk-tag--orange" in html
    # Governors attend the private part: its cover sheet is theirs to read.
    assert SHEET_CANARY in html
    # The glossary explains the terms used.
    assert "What these words mean" in html
    assert "Care Quality Commission" in html


def text_of_html(html: str) -> str:
    import re

    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_published_version_page_shows_the_cover_sheet_as_it_was(
    client, sign_in, secretary, meeting, item, published
):
    papers.save_cover_sheet(secretary, item, asks="Changed since publishing.")
    db.session.commit()
    sign_in(secretary)
    html = client.get(f"/agendas/{meeting.id}/versions/1").get_data(as_text=True)

    assert html.index("Governors are asked to note the plan") < html.index("Waiting times plan.pdf")
    assert "Changed since publishing." not in html


def test_the_public_agenda_leads_with_the_cover_sheet_and_hides_the_private_part(
    client, meeting, published, risk
):
    response = client.get(f"/agendas/{meeting.id}/public")
    html = response.get_data(as_text=True)

    assert response.status_code == 200
    assert html.index("Governors are asked to note the plan") < html.index(risk.summary)
    assert html.index(risk.summary) < html.index("Waiting times plan.pdf")
    assert SHEET_CANARY not in html
    assert RISK_CANARY not in html
    assert "Contract award" not in html


def test_the_meeting_page_lists_the_linked_risks_summary_first(
    client, sign_in, meeting, published, risk
):
    sign_in(factories.governor())
    html = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)

    assert "Risks on this agenda" in html
    assert html.index(risk.summary) < html.index("High risk, score 12")
    assert "on the agenda." in html
    # Governors attend the private part, so its risk is listed for them.
    assert RISK_CANARY in html


def test_the_public_pdf_leads_with_cover_sheets_ends_with_the_glossary_and_hides_private_ones(
    client, meeting, published, risk
):
    data = client.get(f"/agendas/{meeting.id}/agenda-public.pdf").data
    text = pdf_text(data)

    assert text.index("Cover sheet") < text.index("Governors are asked to note the plan")
    assert text.index("Governors are asked to note the plan") < text.index(
        "Paper: Waiting times plan.pdf"
    )
    assert text.index(risk.summary[:40]) < text.index("High risk, score 12")
    pages = pdf_pages(data)
    assert pages[-1].startswith("Glossary") or "Glossary" in pages[-1]
    assert "Care Quality Commission" in pages[-1]
    assert SHEET_CANARY not in text
    assert RISK_CANARY not in text
    assert "Bids.pdf" not in text


def test_the_full_pdf_has_the_private_cover_sheet_and_risk(client, sign_in, meeting, published):
    sign_in(factories.governor())
    text = pdf_text(client.get(f"/agendas/{meeting.id}/agenda-full.pdf?version=1").data)

    assert SHEET_CANARY in text
    assert RISK_CANARY in text
    assert text.index(SHEET_CANARY) < text.index("Paper: Bids.pdf")


def test_the_public_calendar_feed_names_no_private_cover_sheet_or_risk(client, meeting, published):
    response = client.get("/meetings/public/calendar.ics")

    assert response.status_code == 200
    assert SHEET_CANARY.encode() not in response.data
    assert RISK_CANARY.encode() not in response.data


def _agenda_with(secretary, size: int):
    meeting = factories.MeetingFactory()
    agendas.add_standing_items(secretary, meeting)
    risks = [factories.RiskFactory() for _ in range(2)]
    for n in range(size):
        item = agendas.add_item(
            secretary,
            meeting,
            part="private" if n % 4 == 0 else "public",
            title=f"Item {n}",
            minutes_allowed=5,
            papers=[paper(secretary, f"paper-{n}.pdf")],
        )
        papers.save_cover_sheet(secretary, item, asks=PLAIN_ASKS, risk_ids=[r.id for r in risks])
    agendas.publish(secretary, meeting, notify=False)
    db.session.commit()
    return meeting


def _count(client, url: str) -> int:
    db.session.expire_all()
    with counting_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(statements)


def test_pages_cost_the_same_for_2_or_20_items_with_cover_sheets_and_risks(
    client, sign_in, secretary
):
    small, large = _agenda_with(secretary, 2), _agenda_with(secretary, 20)
    sign_in(secretary)
    for page in ("/agendas/{}/edit", "/agendas/{}", "/agendas/{}/public", "/meetings/{}"):
        counts = [_count(client, page.format(m.id)) for m in (small, large)]
        assert counts[0] == counts[1], (page, counts)
