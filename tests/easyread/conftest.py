"""A Council meeting with a published agenda: public items, a private one with a canary."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from governors.agendas import services as agendas
from governors.extensions import db
from governors.glossary import services as glossary
from tests import factories

CANARY = "Canary-Redundancy-Plan-7731"


@pytest.fixture
def secretary(app):
    return factories.secretary(name="Sam Okafor", email="sam.okafor@example.org")


@pytest.fixture
def meeting(app, secretary):
    """Thursday 21 January 2027, 14:00, held in public; nothing published yet."""
    meeting = factories.MeetingFactory(starts_at=datetime(2027, 1, 21, 14, 0, tzinfo=UTC))
    db.session.commit()
    return meeting


@pytest.fixture
def published(meeting, secretary):
    """The glossary, then an agenda with three public items and one private one."""
    glossary.seed(secretary)
    quality = agendas.add_item(
        secretary,
        meeting,
        part="public",
        title="Quality report",
        purpose="note",
        description="The long description of the quality report.",
    )
    factories.CoverSheetFactory(
        item=quality,
        asks="Governors are asked to note what the CQC found. Waits are falling.",
        written_by=secretary,
    )
    agendas.add_item(
        secretary,
        meeting,
        part="public",
        title="Car parking for carers",
        purpose="discuss",
        description="Carers pay to park. Should the trust stop this?",
    )
    agendas.add_item(secretary, meeting, part="public", title="Membership plan", purpose="decide")
    agendas.add_item(
        secretary,
        meeting,
        part="private",
        title=f"Staff changes {CANARY}",
        purpose="decide",
        description=f"The NED view on {CANARY}, with the BAF.",
    )
    version = agendas.publish(secretary, meeting, notify=False)
    db.session.commit()
    return version


def pdf_pages(data: bytes) -> list[str]:
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    return [" ".join(page.extract_text().split()) for page in reader.pages]
