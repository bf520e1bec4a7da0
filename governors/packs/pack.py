"""Making a board pack: the cover, the agenda with each item's cover sheet, the glossary,
then every paper, in one PDF with bookmarks and a running header on every page.

The front part (cover, agenda, glossary) is printed by WeasyPrint, through the one PDF
module's fetcher, as tagged PDF/UA; uploaded PDF papers are joined after it with
``pypdf``, each page stamped with a header naming the paper, the meeting and the page.

The agenda gives the page where each paper starts ("Paper B, page 14"). That depends on
how many pages the front part itself takes, so it is printed, its pages counted, the
numbers worked out again, and printed again until the count holds.

A paper that cannot be joined safely (not a PDF, protected by a password, broken, too big
or too long) is not joined: the agenda and a page where it would have been say why and
where to find it, and it is listed in ``Built.problems``. The pack is still made.

No database: everything comes in as plain values (the version's snapshot and the stored
papers' files), so it is tested and timed on its own.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import jinja2
import weasyprint
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    StreamObject,
)

from governors.pdf import CONFIDENTIAL, STATIC, url_fetcher
from governors.templating import environment, render_template

PDF = "application/pdf"
GLOSSARY_PARTIAL = "governors/pdf/_glossary.html"
TEMPLATE = "governors/pdf/pack.html"
NOTICE_TEMPLATE = "governors/pdf/pack_notice.html"
# The front part's page count settles in two printings, three if a number grows a digit.
MAX_PRINTINGS = 6

# Why a paper was listed rather than joined, in the words the pack prints.
NOT_PDF = "not_pdf"
ENCRYPTED = "encrypted"
BROKEN = "broken"
TOO_BIG = "too_big"
TOO_LONG = "too_long"
MISSING = "missing"

WHERE = "Open it from the agenda page."
TYPE_WORDS = {
    "application/msword": "a Word file",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "a Word file",
    "application/vnd.oasis.opendocument.text": "an OpenDocument file",
}

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limits:
    """The most a paper may be and still be joined into a pack."""

    max_pages: int = 500
    max_bytes: int = 50 * 1024 * 1024


@dataclass(frozen=True)
class PaperFile:
    """A stored paper: its type and size as recorded, how its file is read (raising
    :class:`FileNotFoundError` when it is missing), and where a reader finds it online."""

    id: int
    filename: str
    content_type: str
    size_bytes: int
    read: Callable[[], bytes] | None
    link: str | None = None


@dataclass
class PlacedPaper:
    """A paper in the pack: its letter, its item, and where it starts (or why not)."""

    letter: str
    document_id: int
    filename: str
    item_number: str
    item_title: str
    link: str | None
    pages: int = 0
    start: int | None = None
    problem: str | None = None
    message: str | None = None
    reader: PdfReader | None = field(default=None, repr=False)

    @property
    def title(self) -> str:
        stem, dot, _ext = self.filename.rpartition(".")
        return stem if dot and stem else self.filename

    @property
    def included(self) -> bool:
        return self.problem is None


@dataclass(frozen=True)
class Built:
    pdf: bytes
    page_count: int
    problems: list[dict[str, Any]]
    papers: list[PlacedPaper]


def letter(index: int) -> str:
    """A, B, … Z, AA, AB …: the paper's letter from its place (0 first)."""
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(ord("A") + rest) + text
    return text


def problem_message(problem: str, *, content_type: str = "", pages: int = 0, limits: Limits) -> str:
    """What the pack says about a paper it could not join, in plain words."""
    from governors.documents.services import size_in_words

    if problem == NOT_PDF:
        kind = TYPE_WORDS.get(content_type, "not a PDF")
        return f"This paper is {kind}, so it is not part of this pack. {WHERE}"
    if problem == ENCRYPTED:
        return f"This paper is protected by a password, so it could not be included. {WHERE}"
    if problem == TOO_BIG:
        return (
            f"This paper is larger than {size_in_words(limits.max_bytes)}, so it could not "
            f"be included. {WHERE}"
        )
    if problem == TOO_LONG:
        return (
            f"This paper has {pages} pages, more than the {limits.max_pages} a pack can "
            f"include, so it could not be included. {WHERE}"
        )
    if problem == MISSING:
        return f"The file of this paper could not be found, so it could not be included. {WHERE}"
    return f"This paper could not be read as a PDF, so it could not be included. {WHERE}"


def open_paper(paper: PaperFile, limits: Limits) -> tuple[PdfReader | None, int, str | None]:
    """The paper opened for joining and its page count, or the reason it cannot be joined.

    Untrusted: anyone who may add a paper may have sent a damaged or hostile file, so any
    failure to read it is a reason, never an error.
    """
    if paper.content_type != PDF:
        return None, 0, NOT_PDF
    if paper.read is None:
        return None, 0, MISSING
    if paper.size_bytes > limits.max_bytes:
        return None, 0, TOO_BIG
    try:
        data = paper.read()
    except FileNotFoundError:
        return None, 0, MISSING
    if len(data) > limits.max_bytes:
        return None, 0, TOO_BIG
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            return None, 0, ENCRYPTED
        pages = len(reader.pages)
        if pages > limits.max_pages:
            return None, pages, TOO_LONG
        if pages == 0:
            return None, 0, BROKEN
        # Every page must at least have a size.
        if any(page.mediabox.width <= 0 for page in reader.pages):
            return None, 0, BROKEN
    except Exception as error:  # a hostile file may raise anything
        log.info("paper %s could not be read: %s", paper.id, error)
        return None, 0, BROKEN
    return reader, pages, None


def place_papers(
    entries: Sequence[Mapping[str, Any]],
    files: Mapping[int, PaperFile],
    limits: Limits,
    broken: frozenset[int] = frozenset(),
) -> list[PlacedPaper]:
    """Every paper of ``entries``, in agenda order, lettered and opened (or refused).
    ``broken``: papers that opened but failed while being joined."""
    placed: list[PlacedPaper] = []
    for entry in entries:
        for paper in entry.get("papers") or ():
            stored = files.get(paper["id"])
            item = PlacedPaper(
                letter=letter(len(placed)),
                document_id=paper["id"],
                filename=paper["filename"],
                item_number=str(entry["number"]),
                item_title=entry["title"],
                link=stored.link if stored else None,
            )
            if stored is None:
                item.problem = MISSING
            elif paper["id"] in broken:
                item.problem = BROKEN
            else:
                item.reader, item.pages, item.problem = open_paper(stored, limits)
            if item.problem is not None:
                item.message = problem_message(
                    item.problem,
                    content_type=stored.content_type if stored else "",
                    pages=item.pages,
                    limits=limits,
                )
                item.pages = 1  # a page says where it would have been
            placed.append(item)
    return placed


def number_pages(papers: Sequence[PlacedPaper], front_pages: int) -> int:
    """Set where each paper starts, after ``front_pages``; the pack's total pages."""
    page = front_pages + 1
    for paper in papers:
        paper.start = page
        page += paper.pages
    return page - 1


# Printing ----------------------------------------------------------------------------


def _render(html: str) -> weasyprint.Document:
    document = weasyprint.HTML(string=html, base_url=STATIC.as_uri() + "/", url_fetcher=url_fetcher)
    return document.render(pdf_variant="pdf/ua-1")


def _glossary_partial() -> str | None:
    try:
        environment().get_template(GLOSSARY_PARTIAL)
    except jinja2.TemplateNotFound:
        return None
    return GLOSSARY_PARTIAL


@dataclass(frozen=True)
class PackContent:
    """What one edition shows, all from the version's snapshot."""

    council: Any
    meeting: Any
    version_number: int
    published_at: Any
    full: bool
    public_entries: Sequence[Mapping[str, Any]]
    private_entries: Sequence[Mapping[str, Any]]
    has_private_part: bool
    glossary_terms: Sequence[Any] = ()
    agenda_link: str | None = None

    @property
    def entries(self) -> list[Mapping[str, Any]]:
        return [*self.public_entries, *self.private_entries]

    @property
    def title(self) -> str:
        edition = "full edition, confidential" if self.full else "public edition"
        return f"Board pack: {self.meeting.kind_label}, {self.meeting.day:%-d %B %Y} ({edition})"

    @property
    def header_meeting(self) -> str:
        return f"{self.meeting.kind_label} {self.meeting.day:%-d %B %Y}"


def front_html(content: PackContent, papers: Sequence[PlacedPaper], total: int) -> str:
    """The print HTML of the cover, the agenda and the glossary."""
    from governors.agendas.rules import Purpose

    by_item: dict[str, list[PlacedPaper]] = {}
    for paper in papers:
        by_item.setdefault(paper.item_number, []).append(paper)
    return render_template(
        TEMPLATE,
        pack=content,
        council=content.council,
        meeting=content.meeting,
        full=content.full,
        confidential=CONFIDENTIAL,
        public_entries=content.public_entries,
        private_entries=content.private_entries,
        has_private_part=content.has_private_part,
        papers_for=by_item,
        papers=papers,
        total=total,
        purposes=Purpose.labels(),
        glossary_terms=list(content.glossary_terms),
        glossary_partial=_glossary_partial() if content.glossary_terms else None,
    )


def print_front(
    content: PackContent, papers: Sequence[PlacedPaper]
) -> tuple[weasyprint.Document, int]:
    """Print the front part until the page numbers it gives are where the papers start."""
    front_pages = 2
    document = None
    for _ in range(MAX_PRINTINGS):
        total = number_pages(papers, front_pages)
        document = _render(front_html(content, papers, total))
        if len(document.pages) == front_pages:
            return document, total
        front_pages = len(document.pages)
    raise RuntimeError("the agenda's page numbers did not settle")  # pragma: no cover


def _compress(writer: PdfWriter) -> None:
    """Compress the front part's streams (fonts above all), as WeasyPrint would have."""
    for index, obj in enumerate(writer._objects):
        if (
            isinstance(obj, StreamObject)
            and "/Filter" not in obj
            and obj.get("/Type") != "/Metadata"
            and len(obj.get_data()) > 512
        ):
            writer._objects[index] = obj.flate_encode()


def _anchor_pages(document: weasyprint.Document) -> dict[str, int]:
    pages: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for name in page.anchors:
            pages.setdefault(name, index)
    return pages


# Stamping the running header on joined pages ------------------------------------------


def _pdf_text(text: str) -> bytes:
    data = text.encode("cp1252", errors="replace")
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


class Stamper:
    """Adds a running header (and, in the full edition, the confidential marking) to pages
    already in ``writer``, as artifacts a screen reader skips."""

    def __init__(self, writer: PdfWriter, *, confidential: str | None) -> None:
        self.writer = writer
        self.confidential = confidential
        self.font = writer._add_object(self._font("/Helvetica"))
        self.bold = writer._add_object(self._font("/Helvetica-Bold"))
        opening = DecodedStreamObject()
        opening.set_data(b"q\n")
        self.opening = writer._add_object(opening)

    @staticmethod
    def _font(name: str) -> DictionaryObject:
        return DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject(name),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )

    def stamp(self, page: Any, header: str) -> None:
        box = page.cropbox
        left, top, bottom = float(box.left), float(box.top), float(box.bottom)
        ops = [
            b"Q\nq",
            b"/Artifact <</Type /Pagination /Subtype /Header>> BDC",
            b"BT 0.26 0.33 0.39 rg /GovPackF 8 Tf",
            f"{left + 36:.2f} {top - 22:.2f} Td".encode(),
            b"(" + _pdf_text(header) + b") Tj ET EMC",
        ]
        if self.confidential:
            ops += [
                b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC",
                b"BT 0.54 0.08 0.22 rg /GovPackB 8 Tf",
                f"{left + 36:.2f} {bottom + 16:.2f} Td".encode(),
                b"(" + _pdf_text(self.confidential) + b") Tj ET EMC",
            ]
        ops.append(b"Q\n")
        closing = DecodedStreamObject()
        closing.set_data(b"\n".join(ops))
        contents = page.get("/Contents")
        existing: list[Any] = []
        if contents is not None:
            resolved = contents.get_object()
            if isinstance(resolved, ArrayObject):
                existing = list(resolved)
            else:
                existing = [contents if isinstance(contents, IndirectObject) else resolved]
        page[NameObject("/Contents")] = ArrayObject(
            [self.opening, *existing, self.writer._add_object(closing)]
        )
        resources = page.get("/Resources")
        if resources is None:
            resources = DictionaryObject()
            page[NameObject("/Resources")] = resources
        resources = resources.get_object()
        fonts = resources.get("/Font")
        if fonts is None:
            fonts = DictionaryObject()
            resources[NameObject("/Font")] = fonts
        fonts = fonts.get_object()
        fonts[NameObject("/GovPackF")] = self.font
        fonts[NameObject("/GovPackB")] = self.bold


def header_text(content: PackContent, paper: PlacedPaper, page: int, total: int) -> str:
    title = paper.title if len(paper.title) <= 60 else paper.title[:57] + "…"
    return (
        f"Paper {paper.letter}: {title} \N{MIDDLE DOT} {content.header_meeting} "
        f"\N{MIDDLE DOT} page {page} of {total}"
    )


def notices_pdf(content: PackContent, papers: Sequence[PlacedPaper]) -> bytes | None:
    """One page for each paper that could not be joined, saying why and where it is."""
    refused = [paper for paper in papers if not paper.included]
    if not refused:
        return None
    html = render_template(
        NOTICE_TEMPLATE, pack=content, papers=refused, full=content.full, confidential=CONFIDENTIAL
    )
    return _render(html).write_pdf(pdf_variant="pdf/ua-1")


# The whole pack ------------------------------------------------------------------------


def build(
    content: PackContent,
    files: Mapping[int, PaperFile],
    limits: Limits,
    broken: frozenset[int] = frozenset(),
) -> Built:
    """Make one edition's pack: front part, then each paper (or its notice), bookmarked."""
    papers = place_papers(content.entries, files, limits, broken)
    document, total = print_front(content, papers)
    anchors = _anchor_pages(document)
    # Written without object streams: pypdf reads those slowly (each object from the
    # start of its stream), which made cloning a long agenda take seconds.
    front = document.write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=True)
    writer = PdfWriter(clone_from=io.BytesIO(front))
    _compress(writer)
    # The outline is the pack's own (below), not one made from the headings.
    if "/Outlines" in writer._root_object:
        del writer._root_object["/Outlines"]
    stamper = Stamper(writer, confidential=CONFIDENTIAL if content.full else None)
    notices = notices_pdf(content, papers)
    notice_pages = iter(PdfReader(io.BytesIO(notices)).pages) if notices else iter(())
    for paper in papers:
        assert paper.start is not None
        source = paper.reader.pages if paper.reader is not None else [next(notice_pages)]
        try:
            for number, page in enumerate(source, start=paper.start):
                new = writer.add_page(page)
                stamper.stamp(new, header_text(content, paper, number, total))
        except Exception as error:  # a hostile file may raise anything
            # Damaged inside: made again, with a page saying so where it would have been.
            log.info("paper %s could not be joined: %s", paper.document_id, error)
            raise _Redo(paper.document_id) from error
    _outline(writer, content, papers, anchors)
    if any(paper.included for paper in papers):
        # Joined papers are other people's files, untagged: the pack as a whole is not
        # PDF/UA, so it drops the claim (the XMP packet); its own pages stay tagged.
        writer._root_object.pop("/Metadata", None)
    writer.add_metadata({"/Title": content.title})
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    problems = [
        {
            "document_id": paper.document_id,
            "paper": paper.letter,
            "filename": paper.filename,
            "item": paper.item_number,
            "reason": paper.problem,
            "message": paper.message,
        }
        for paper in papers
        if not paper.included
    ]
    return Built(pdf=out.getvalue(), page_count=len(writer.pages), problems=problems, papers=papers)


class _Redo(Exception):
    """A paper failed while being joined: the pack is made again without it."""

    def __init__(self, document_id: int) -> None:
        super().__init__(document_id)
        self.document_id = document_id


def build_pack(content: PackContent, files: Mapping[int, PaperFile], limits: Limits) -> Built:
    """``build``, leaving out (as broken) any paper that opened but failed while joined."""
    broken: set[int] = set()
    while True:
        try:
            return build(content, files, limits, frozenset(broken))
        except _Redo as redo:
            if redo.document_id in broken:  # pragma: no cover - cannot fail twice
                raise
            broken.add(redo.document_id)


def _outline(
    writer: PdfWriter,
    content: PackContent,
    papers: Sequence[PlacedPaper],
    anchors: Mapping[str, int],
) -> None:
    """Bookmarks: the cover, the agenda, each item (its papers nested under it), the
    glossary."""
    writer.add_outline_item("Cover", 0)
    writer.add_outline_item("Agenda", anchors.get("agenda", 0))
    by_item: dict[str, list[PlacedPaper]] = {}
    for paper in papers:
        by_item.setdefault(paper.item_number, []).append(paper)
    for entry in content.entries:
        number = str(entry["number"])
        parent = writer.add_outline_item(
            f"Item {number}: {entry['title']}", anchors.get(f"item-{number}", 0)
        )
        for paper in by_item.get(number, []):
            assert paper.start is not None
            writer.add_outline_item(
                f"Paper {paper.letter}: {paper.title}", paper.start - 1, parent=parent
            )
    if "glossary" in anchors:
        writer.add_outline_item("Glossary", anchors["glossary"])
