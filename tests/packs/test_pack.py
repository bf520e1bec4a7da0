"""The board pack itself: its order, bookmarks, page numbers, headers and editions, and
how it copes with papers it cannot join."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from governors.agendas.snapshot import CouncilNames, MeetingHeader
from governors.documents.services import DOCX
from governors.extensions import db
from governors.glossary.rules import Entry
from governors.packs import pack, services
from governors.papers.models import BoardPack
from tests.packs.conftest import PRIVATE_CANARY, page_texts, pdf_pages, publish_meeting, read, store

pytestmark = pytest.mark.clock(datetime(2027, 1, 4, 9, 0, tzinfo=UTC))

MEETING = "Council of Governors meeting 21 January 2027"
PAPER_LINE = re.compile(r"Paper ([A-Z]+): (.+?), page (\d+)")


def _made(version, edition: str) -> bytes:
    made = services.request_pack(version, edition)
    assert made.status == "ready", made.error
    return made.pdf


def _outline(reader: PdfReader) -> list[tuple[str, int, list[tuple[str, int]]]]:
    """(title, page, [(child title, page)]) for each top-level bookmark."""
    result: list[tuple[str, int, list[tuple[str, int]]]] = []
    for node in reader.outline:
        if isinstance(node, list):
            title, page, _ = result[-1]
            result[-1] = (
                title,
                page,
                [(c.title, reader.get_destination_page_number(c)) for c in node],
            )
        else:
            result.append((node.title, reader.get_destination_page_number(node), []))
    return result


def test_the_pack_is_the_cover_then_the_agenda_then_every_paper_in_agenda_order(world):
    reader = read(_made(world.version, "full"))
    texts = page_texts(reader)
    assert "Board pack" in texts[0] and "Thursday 21 January 2027" in texts[0]
    assert "Agenda version" in texts[0] and "Full edition" in texts[0]
    assert texts[1].startswith("Agenda")
    sheets = [re.search(r"^(.+?) sheet 1$", text, re.M) for text in texts]
    firsts = [match.group(1) for match in sheets if match]
    assert firsts == ["Finance summary", "Finance detail", "Quality", PRIVATE_CANARY]
    assert len(reader.pages) == 2 + 3 + 5 + 4 + 2


def test_the_glossary_follows_the_agenda_and_comes_before_the_papers(app):
    from tests.factories import GlossaryTermFactory

    GlossaryTermFactory(
        term="CQC", spelled_out="Care Quality Commission", meaning="Inspects health care."
    )
    world = publish_meeting()
    reader = read(_made(world.version, "public"))
    texts = page_texts(reader)
    assert texts[2].startswith("Glossary") and "CQC (Care Quality Commission)" in texts[2]
    assert texts[3].startswith("Finance summary sheet 1")
    agenda = "\n".join(texts[:2])
    assert "Paper A: Finance summary, page 4" in agenda


def test_the_agenda_gives_the_page_each_paper_really_starts_on(world):
    reader = read(_made(world.version, "full"))
    texts = page_texts(reader)
    agenda = "\n".join(texts[:2])
    refs = PAPER_LINE.findall(agenda)
    assert [letter for letter, _title, _page in refs] == ["A", "B", "C", "D"]
    for letter, title, page in refs:
        start = texts[int(page) - 1]
        assert f"Paper {letter}: {title}" in start
        assert " sheet 1" in start, f"paper {letter} does not start on page {page}"
        assert f"page {page} of {len(reader.pages)}" in start


def test_each_item_has_a_bookmark_with_its_papers_nested_under_it(world):
    reader = read(_made(world.version, "full"))
    outline = _outline(reader)
    titles = [title for title, _page, _children in outline]
    assert titles[:2] == ["Cover", "Agenda"]
    finance = next(entry for entry in outline if entry[0] == "Item 1: Finance report")
    assert finance[2] == [("Paper A: Finance summary", 2), ("Paper B: Finance detail", 5)]
    quality = next(entry for entry in outline if entry[0] == "Item 2: Quality report")
    assert quality[1] == 1  # on the agenda page
    assert quality[2] == [("Paper C: Quality report", 10)]


def test_every_paper_page_has_a_running_header(world):
    reader = read(_made(world.version, "full"))
    texts = page_texts(reader)
    total = len(texts)
    for number, text in enumerate(texts[2:], start=3):
        assert re.search(
            rf"Paper [A-D]: .+ · {MEETING} · page {number} of {total}",
            text,
        ), text
    # The front part has its header and page numbers too.
    assert "Board pack · Council of Governors meeting 21 January 2027" in texts[1]
    assert f"Page 2 of {total}" in texts[1]


def test_the_public_pack_leaves_out_private_items_and_their_papers(world):
    data = _made(world.version, "public")
    reader = read(data)
    texts = page_texts(reader)
    everything = "\n".join(texts) + str(reader.metadata) + str(_outline(reader))
    assert PRIVATE_CANARY not in everything
    assert PRIVATE_CANARY.encode() not in data
    assert "CONFIDENTIAL" not in everything
    assert "Public edition" in texts[0]
    assert "The meeting will also have a private part" in "\n".join(texts[:2])
    assert len(reader.pages) == 2 + 3 + 5 + 4


def test_the_full_pack_has_the_private_part_and_says_confidential_on_every_page(world):
    reader = read(_made(world.version, "full"))
    texts = page_texts(reader)
    assert all("CONFIDENTIAL" in text for text in texts)
    assert f"Contract award {PRIVATE_CANARY}" in "\n".join(texts[:2])
    assert any(f"{PRIVATE_CANARY} sheet 2" in text for text in texts)


def test_the_title_and_language_are_kept_after_the_papers_are_joined(world):
    reader = read(_made(world.version, "public"))
    assert reader.metadata.title == (
        "Board pack: Council of Governors meeting, 21 January 2027 (public edition)"
    )
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert "/StructTreeRoot" in root  # the agenda part stays tagged for screen readers
    # Untagged papers are joined, so the pack makes no PDF/UA claim it cannot keep.
    assert "/Metadata" not in root


def test_a_pack_is_made_once_and_then_served_as_stored(world, monkeypatch):
    first = services.request_pack(world.version, "public")
    calls = []
    monkeypatch.setattr(services, "build_pack", lambda *a, **k: calls.append(a))
    again = services.request_pack(world.version, "public")
    assert again.id == first.id and again.pdf == first.pdf
    assert calls == []


def test_two_requests_at_once_make_one_pack(world, monkeypatch):
    # The other request recorded it between this one looking and inserting.
    made = services.request_pack(world.version, "full")
    looked = []

    def not_yet(version, edition):
        looked.append(edition)
        return None if len(looked) == 1 else made

    monkeypatch.setattr(services, "find", not_yet)
    assert services.request_pack(world.version, "full") is made
    monkeypatch.undo()
    assert db.session.scalar(sa.select(sa.func.count(BoardPack.id))) == 1


def test_cover_sheets_key_risks_and_the_glossary_are_in_the_agenda_part(app):
    meeting = MeetingHeader(
        kind="ordinary",
        title="Council of Governors meeting",
        starts_at=datetime(2027, 1, 21, 14, 0, tzinfo=UTC),
        ends_at=datetime(2027, 1, 21, 16, 30, tzinfo=UTC),
        place="Boardroom",
        video_link=None,
        open_to_public=True,
        cancelled=False,
    )
    entry = {
        "number": "1",
        "part": "public",
        "title": "Winter plan",
        "purpose": "decide",
        "presenter": "Emma Sutton",
        "minutes_allowed": 20,
        "starts_at": "14:00",
        "description": None,
        "papers": [],
        "cover_sheet": {"asks": "Support the winter plan.", "questions": "Is there enough staff?"},
        "risks": [
            {
                "id": 4,
                "title": "Winter pressures",
                "summary": "We may not have enough beds in January.",
                "detail": "Bed occupancy ran at 97% last winter.",
                "likelihood": 4,
                "impact": 4,
                "score": 16,
                "band": "extreme",
                "owner": "Chief Operating Officer",
                "review_on": "2027-02-01",
                "status": "open",
            }
        ],
    }
    content = pack.PackContent(
        council=CouncilNames("Council of Governors", "Northshire NHS Foundation Trust"),
        meeting=meeting,
        version_number=1,
        published_at=datetime(2027, 1, 4, 9, 0, tzinfo=UTC),
        full=False,
        public_entries=[entry],
        private_entries=[],
        has_private_part=False,
        glossary_terms=[
            Entry("ICB", "The NHS body that plans care for the area.", "integrated care board")
        ],
    )
    built = pack.build_pack(content, {}, pack.Limits())
    reader = read(built.pdf)
    texts = page_texts(reader)
    agenda = "\n".join(texts)
    assert "What governors are asked to do" in agenda and "Support the winter plan." in agenda
    assert "Is there enough staff?" in agenda
    assert "We may not have enough beds in January." in agenda
    assert "Extreme risk, score 16" in agenda
    # The glossary has a page of its own after the agenda, and a bookmark.
    assert texts[-1].startswith("Glossary") and "ICB (integrated care board)" in texts[-1]
    last = reader.outline[-1]
    assert last.title == "Glossary"
    assert reader.get_destination_page_number(last) == len(texts) - 1


@pytest.fixture
def hostile(app):
    """A meeting whose one item has, between two good papers, an encrypted PDF, a
    truncated one, one too long for the limit and a Word file."""
    from tests import factories

    secretary = factories.secretary()
    good = pdf_pages(2, "Good")
    papers = [
        store(secretary, pdf_pages(3, "Locked", password="secret"), "Locked.pdf"),
        store(secretary, good[: len(good) // 2], "Truncated.pdf"),
        store(secretary, pdf_pages(6, "Long"), "Long.pdf"),
        store(secretary, b"PK\x03\x04 not really", "Notes.docx", content_type=DOCX),
    ]
    return publish_meeting({"finance": papers})


def test_papers_that_cannot_be_joined_are_listed_with_why_and_the_pack_still_builds(
    app, hostile, monkeypatch
):
    monkeypatch.setitem(app.config, "PACK_MAX_PAPER_PAGES", 5)
    made = services.request_pack(hostile.version, "public")
    assert made.status == "ready"
    reader = read(made.pdf)
    texts = page_texts(reader)
    agenda = "\n".join(texts[:2])
    assert (
        "Paper A: Locked. This paper is protected by a password, so it could not be "
        "included. Open it from the agenda page." in agenda.replace("\n", " ")
    )
    assert "Paper B: Truncated. This paper could not be read as a PDF" in agenda.replace("\n", " ")
    assert "Paper C: Long. This paper has 6 pages, more than the 5" in agenda.replace("\n", " ")
    assert "Paper D: Notes. This paper is a Word file, so it is not part of this pack" in (
        agenda.replace("\n", " ")
    )
    # None of their pages is joined; a page where each would have been says why.
    everything = "\n".join(texts)
    assert "Locked sheet" not in everything and "Long sheet" not in everything
    notice = next(text for text in texts if text.startswith("Paper A: Locked"))
    assert "protected by a password" in notice and "/documents/" in notice
    assert len(reader.pages) == 2 + 3 + 5 + 4 + 4
    assert [(p["paper"], p["reason"]) for p in made.problems] == [
        ("A", "encrypted"),
        ("B", "broken"),
        ("C", "too_long"),
        ("D", "not_pdf"),
    ]
    # The good papers after them still start where the agenda says.
    for letter, title, page in PAPER_LINE.findall(agenda):
        assert f"Paper {letter}: {title}" in texts[int(page) - 1]


def test_a_paper_larger_than_the_limit_is_not_even_opened(app, world, monkeypatch):
    monkeypatch.setitem(app.config, "PACK_MAX_PAPER_BYTES", 1000)
    opened = []
    real = pack.PdfReader
    monkeypatch.setattr(pack, "PdfReader", lambda *a, **k: opened.append(a) or real(*a, **k))
    made = services.request_pack(world.version, "public")
    assert made.status == "ready"
    assert {p["reason"] for p in made.problems} == {"too_big"}
    assert "This paper is larger than 1000 bytes" in page_texts(read(made.pdf))[1].replace(
        "\n", " "
    )
    assert not [args for args in opened if isinstance(args[0], Path)]


def test_a_pack_that_cannot_be_made_is_recorded_as_failed_in_plain_words(world, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("fonts missing")

    monkeypatch.setattr(services, "build_pack", broken)
    made = services.request_pack(world.version, "full")
    assert made.status == "failed" and made.pdf is None
    assert made.error == services.FAILED
    assert "fonts" not in made.error
