"""Shared set-up for the cover sheet tests: a Council meeting on Thursday 21 January 2027
with a public item that has a paper, and a risk on the register."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader
from werkzeug.datastructures import FileStorage

from governors.agendas import services as agendas
from governors.documents import services as documents
from governors.extensions import db
from tests import factories

PLAIN_ASKS = "Governors are asked to note the plan. It will cut waits for a first visit."
PLAIN_QUESTIONS = "How will we know the plan has worked?"


@pytest.fixture
def secretary(app):
    return factories.secretary(name="Sam Okafor", email="sam.okafor@example.org")


@pytest.fixture
def meeting(app, secretary):
    meeting = factories.MeetingFactory(starts_at=datetime(2027, 1, 21, 14, 0, tzinfo=UTC))
    agendas.add_standing_items(secretary, meeting)
    db.session.commit()
    return meeting


def paper(owner, filename: str):
    return documents.store_upload(
        owner, FileStorage(stream=io.BytesIO(b"%PDF-1.4\n%%EOF\n"), filename=filename)
    )


@pytest.fixture
def item(secretary, meeting):
    """A public item with a paper."""
    found = agendas.add_item(
        secretary,
        meeting,
        part="public",
        title="Waiting times plan",
        purpose="decide",
        minutes_allowed=20,
        papers=[paper(secretary, "Waiting times plan.pdf")],
    )
    db.session.commit()
    return found


@pytest.fixture
def risk(app):
    found = factories.RiskFactory(
        title="Night nurse staffing",
        summary="Because we have too few nurses at night, wards may close to new patients.",
        likelihood=4,
        impact=3,
    )
    db.session.commit()
    return found


def text_of(response) -> str:
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def pdf_pages(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    return [" ".join(page.extract_text().split()) for page in reader.pages]
