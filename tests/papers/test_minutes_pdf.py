"""The minutes PDF: each minuted item's linked risks, summary first with the band in words,
and a glossary page at the end; the public edition has none of the private part's risks."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from governors.agendas import services as agendas
from governors.extensions import db
from governors.minutes import services as minutes
from governors.minutes.pdf import minutes_pdf
from governors.minutes.services import MinuteText
from governors.papers import services as papers
from tests import factories
from tests.papers.conftest import PLAIN_ASKS, pdf_pages, pdf_text

pytestmark = pytest.mark.clock(datetime(2027, 1, 22, 9, 0, tzinfo=UTC))

RISK_CANARY = "Zebracanaryrisk"


@pytest.fixture
def circulated(secretary, meeting, item, risk):
    factories.GlossaryTermFactory(term="Quorum", key="quorum", meaning="Enough members to decide.")
    private = agendas.add_item(secretary, meeting, part="private", title="Contract award")
    hidden = factories.RiskFactory(
        title="Supplier failure", summary=f"The supplier may fail. {RISK_CANARY}"
    )
    papers.save_cover_sheet(secretary, item, asks=PLAIN_ASKS, risk_ids=[risk.id])
    papers.save_cover_sheet(secretary, private, asks=PLAIN_ASKS, risk_ids=[hidden.id])
    from governors.glossary import services as glossary

    glossary._forget()
    agendas.publish(secretary, meeting, notify=False)
    minutes.save_minute(
        secretary,
        item,
        MinuteText(discussion="There was a quorum. Governors agreed the plan."),
        revision=None,
    )
    minutes.save_minute(secretary, private, MinuteText(discussion="Agreed."), revision=None)
    found = minutes.circulate(secretary, meeting, notify=False)
    db.session.commit()
    return found


def test_the_minutes_pdf_lists_the_risks_summary_first_and_ends_with_the_glossary(circulated, risk):
    data = minutes_pdf(circulated.snapshot, full=False)
    text = pdf_text(data)

    assert "Risks linked to this item" in text
    assert text.index(risk.summary[:40]) < text.index("High risk, score 12")
    assert RISK_CANARY not in text
    last = pdf_pages(data)[-1]
    assert "Glossary" in last and "Enough members to decide." in last


def test_the_full_minutes_pdf_has_the_private_items_risk(circulated):
    assert RISK_CANARY in pdf_text(minutes_pdf(circulated.snapshot, full=True))
