"""A published Council meeting with papers of known length, and ways to read a pack."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from governors.agendas import services as agendas
from governors.agendas.models import AgendaVersion
from governors.documents.models import Document
from governors.documents.services import PDF, CheckedFile, store_checked
from governors.meetings.models import Meeting
from governors.people.models import User
from tests import factories

PRIVATE_CANARY = "CANARY-PRIVATE-7731"


def pdf_pages(count: int, text: str, *, password: str | None = None) -> bytes:
    """A real PDF of ``count`` A4 pages, each saying ``text`` and its page number."""
    writer = PdfWriter()
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
    )
    for number in range(1, count + 1):
        page = writer.add_blank_page(595, 842)
        stream = DecodedStreamObject()
        stream.set_data(f"BT /F1 14 Tf 72 600 Td ({text} sheet {number}) Tj ET".encode())
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def store(actor: User, data: bytes, filename: str, content_type: str = PDF) -> Document:
    return store_checked(
        actor,
        CheckedFile(
            filename=filename,
            content_type=content_type,
            data=data,
            sha256=hashlib.sha256(data).hexdigest(),
        ),
    )


@dataclass
class World:
    secretary: User
    meeting: Meeting
    version: AgendaVersion


def publish_meeting(extra_papers: dict[str, list[Document]] | None = None) -> World:
    """A Council meeting on Thursday 21 January 2027: two public items with papers of 3, 5
    and 4 pages, a private item with a planted paper, published as version 1."""
    secretary = factories.secretary()
    meeting = factories.MeetingFactory(starts_at=datetime(2027, 1, 21, 14, 0, tzinfo=UTC))
    finance = [
        store(secretary, pdf_pages(3, "Finance summary"), "Finance summary.pdf"),
        store(secretary, pdf_pages(5, "Finance detail"), "Finance detail.pdf"),
    ]
    agendas.add_item(
        secretary,
        meeting,
        part="public",
        title="Finance report",
        purpose="note",
        papers=finance + (extra_papers or {}).get("finance", []),
    )
    agendas.add_item(
        secretary,
        meeting,
        part="public",
        title="Quality report",
        purpose="discuss",
        description="What the CQC found when it inspected the wards.",
        papers=[store(secretary, pdf_pages(4, "Quality"), "Quality report.pdf")],
    )
    agendas.add_item(
        secretary,
        meeting,
        part="private",
        title=f"Contract award {PRIVATE_CANARY}",
        purpose="decide",
        papers=[store(secretary, pdf_pages(2, PRIVATE_CANARY), f"Bids {PRIVATE_CANARY}.pdf")],
    )
    version = agendas.publish(secretary, meeting, notify=False)
    return World(secretary=secretary, meeting=meeting, version=version)


@pytest.fixture
def world(app) -> World:
    return publish_meeting()


def read(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def page_texts(reader: PdfReader) -> list[str]:
    return [page.extract_text() or "" for page in reader.pages]
