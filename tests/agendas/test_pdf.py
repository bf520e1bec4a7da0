"""Agenda PDFs: the public edition leaves out private items; the full one is marked."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from governors import pdf as printing
from governors.agendas import pdf, services
from governors.council.models import CouncilSettings
from governors.extensions import db
from governors.people.models import Role
from tests import factories
from tests.agendas.conftest import add
from tests.agendas.test_viewing import PRIVATE_TITLE, build_and_publish


def read(data: bytes) -> PdfReader:
    assert data.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(data))


def text_of(reader: PdfReader) -> str:
    # Table cells wrap long titles over lines: compare words, not layout.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def named_council(app):
    db.session.add(
        CouncilSettings(
            id=1, council_name="Northshire Council of Governors", trust_name="Northshire NHS FT"
        )
    )
    db.session.commit()


def test_the_public_pdf_has_public_items_and_no_private_title(
    client, secretary, meeting, named_council
):
    build_and_publish(secretary, meeting)
    response = client.get(f"/agendas/{meeting.id}/agenda-public.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "public.pdf" in response.headers["Content-Disposition"]
    reader = read(response.data)
    text = text_of(reader)
    assert "Quality and safety report" in text
    assert "Chief executive's report" in text
    assert "Any other business" in text
    assert PRIVATE_TITLE not in text
    assert "Non-executive" not in text
    assert "CONFIDENTIAL" not in text
    assert "The meeting will also have a private part" in text
    assert "Northshire Council of Governors" in text
    assert "Thursday 21 January 2027" in text
    assert "14:00" in text and "Boardroom, Trust Headquarters" in text
    assert "Agenda version 1" in text
    assert "Jo Brennan" in text and "For information" in text
    # The private title is in no part of the file, compressed or not.
    assert PRIVATE_TITLE.encode() not in response.data


def test_the_full_pdf_has_both_parts_and_says_confidential_on_every_page(
    client, sign_in, secretary, meeting, named_council
):
    build_and_publish(secretary, meeting)
    # Enough private business to run over several pages.
    for n in range(30):
        add(
            secretary,
            meeting,
            f"Confidential contract review {n}",
            part="private",
            minutes=5,
            description="Commercial terms under negotiation. " * 8,
        )
    services.publish(secretary, meeting, "Added contract reviews", notify=False)
    db.session.commit()
    sign_in(factories.governor())
    response = client.get(f"/agendas/{meeting.id}/agenda-full.pdf")
    assert response.status_code == 200
    reader = read(response.data)
    assert len(reader.pages) > 1
    for page in reader.pages:
        assert pdf.CONFIDENTIAL in " ".join(page.extract_text().split())
    text = text_of(reader)
    assert "Quality and safety report" in text
    assert PRIVATE_TITLE in text
    assert "P1" in text
    assert "Agenda version 2" in text


def test_an_earlier_version_can_be_had_as_a_full_pdf(client, sign_in, secretary, meeting):
    build_and_publish(secretary, meeting)
    add(secretary, meeting, "Late addition")
    services.publish(secretary, meeting, "Added a late item", notify=False)
    db.session.commit()
    sign_in(factories.UserFactory(roles=[Role.NED]))
    text = text_of(read(client.get(f"/agendas/{meeting.id}/agenda-full.pdf?version=1").data))
    assert "Agenda version 1" in text and "Late addition" not in text
    assert client.get(f"/agendas/{meeting.id}/agenda-full.pdf?version=9").status_code == 404


def test_pdfs_are_tagged_with_a_title_and_language(client, sign_in, secretary, meeting):
    version = build_and_publish(secretary, meeting)
    for full in (False, True):
        reader = read(pdf.agenda_pdf(version, full=full))
        catalog = reader.trailer["/Root"]
        assert reader.metadata.title.startswith("Agenda: Council of Governors meeting")
        assert ("confidential" in reader.metadata.title) is full
        assert catalog["/Lang"] == "en-GB"
        assert catalog["/MarkInfo"]["/Marked"].value is True
        assert "/StructTreeRoot" in catalog
        tags = structure_tags(catalog["/StructTreeRoot"].get_object())
        assert {"/H1", "/H2", "/Table", "/TH", "/TD"} <= tags


def structure_tags(node, seen=None) -> set[str]:
    """Every structure type in the tagged PDF's tree (headings, tables, paragraphs …)."""
    seen = set() if seen is None else seen
    node = node.get_object()
    if isinstance(node, dict):
        if "/S" in node:
            seen.add(str(node["/S"]))
        kids = node.get("/K")
        if kids is not None:
            for kid in kids if isinstance(kids, list) else [kids]:
                kid = kid.get_object() if hasattr(kid, "get_object") else kid
                if isinstance(kid, dict):
                    structure_tags(kid, seen)
    return seen


def test_the_print_html_of_the_public_edition_holds_no_private_title(secretary, meeting):
    version = build_and_publish(secretary, meeting)
    html = pdf.render_html(version, full=False)
    assert PRIVATE_TITLE not in html
    assert '<html lang="en-GB">' in html
    assert "<h1>" in html and "<h2>" in html


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/style.css",
        "https://example.org/logo.png",
        "file:///etc/passwd",
        "ftp://example.org/x",
    ],
)
def test_the_pdf_url_fetcher_refuses_anything_outside(url):
    with pytest.raises(printing.RefusedURL):
        printing.url_fetcher(url)


def test_the_pdf_url_fetcher_serves_our_static_files_and_data_urls():
    css = (printing.STATIC / "governors.css").as_uri()
    assert b".app-inline-form" in printing.url_fetcher(css)["string"]
    escape = (printing.STATIC / ".." / "agendas" / "pdf.py").resolve().as_uri()
    with pytest.raises(printing.RefusedURL):
        printing.url_fetcher(escape)
    fetched = printing.url_fetcher("data:text/plain;base64,aGVsbG8=")
    assert fetched.get("string", b"") == b"hello" or fetched["file_obj"].read() == b"hello"
