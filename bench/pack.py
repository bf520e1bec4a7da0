"""The board pack of a 30-item meeting with 300 pages of papers, against joining the same
PDFs with pypdf alone.

    python -m bench.pack [--runs 3] [--items 30] [--pages 300]

Builds a fresh SQLite database, publishes a Council meeting of ``--items`` items, each
with one paper (a real PDF printed by WeasyPrint, with headings and tables), ``--pages``
pages of papers in all. Then, in one run, times the product's full board pack (snapshot
to cover, agenda, page numbers worked out, papers joined, running headers stamped and
bookmarks added: ``packs.pack.build_pack``) and pypdf alone joining the same papers into
one file, and prints the medians and their ratio. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import hashlib
import io
from datetime import UTC, datetime, timedelta

from pypdf import PdfReader, PdfWriter

from bench.harness import add_database_option, median_seconds, migrated_app
from governors.agendas import services as agendas
from governors.documents.services import PDF, CheckedFile, store_checked
from governors.extensions import db
from governors.meetings.models import Meeting
from governors.packs import services as packs
from governors.packs.pack import build_pack
from governors.pdf import html_to_pdf
from governors.people.models import Role, User

ROW = (
    "<tr><td>Ward {n}</td><td>96%</td><td>4</td><td>Enough staff on every shift but two; "
    "the matron checked each one and moved staff from a quieter ward.</td></tr>"
)


def _paper(pages: int, n: int) -> bytes:
    sections = "".join(
        f"<section><h2>Section {page}</h2><p>What the board was told about care on the "
        f"wards in paper {n}, and what it has agreed to do next.</p>"
        "<table><thead><tr><th>Ward</th><th>Safe staffing</th><th>Incidents</th>"
        f"<th>Notes</th></tr></thead><tbody>{''.join(ROW.format(n=w) for w in range(12))}"
        "</tbody></table></section>"
        for page in range(1, pages + 1)
    )
    html = (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Paper</title>'
        "<style>section { break-after: page; } body { font-family: sans-serif; }</style>"
        f"</head><body><h1>Paper {n}</h1>{sections}</body></html>"
    )
    return html_to_pdf(html)


def _hold(items: int, pages: int) -> Meeting:
    secretary = User(email="secretary@example.org", name="Rachel Turner")
    secretary.set_roles({Role.SECRETARY})
    db.session.add(secretary)
    db.session.flush()
    from governors.bodies.services import council

    meeting = Meeting(
        body=council(),
        kind="ordinary",
        starts_at=datetime.now(UTC) + timedelta(days=10),
        duration_minutes=180,
        place="Boardroom",
    )
    db.session.add(meeting)
    db.session.flush()
    per_paper = max(1, pages // items)
    data = _paper(per_paper, 1)
    for n in range(items):
        checked = CheckedFile(
            filename=f"Paper {n + 1}.pdf",
            content_type=PDF,
            data=data,
            sha256=hashlib.sha256(data).hexdigest(),
        )
        agendas.add_item(
            secretary,
            meeting,
            part="private" if n % 5 == 4 else "public",
            title=f"Item {n + 1}: quality and safety report",
            description="Serious incidents, complaints and what patients told us.",
            minutes_allowed=5,
            papers=[store_checked(secretary, checked)],
        )
    agendas.publish(secretary, meeting, notify=False)
    db.session.commit()
    return meeting


def _pypdf_alone(papers: list[bytes]) -> bytes:
    writer = PdfWriter()
    for paper in papers:
        writer.append(PdfReader(io.BytesIO(paper)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--items", type=int, default=30)
    parser.add_argument("--pages", type=int, default=300)
    add_database_option(parser)
    args = parser.parse_args(argv)
    with migrated_app(args.database_url) as (app, _), app.app_context():
        meeting = _hold(args.items, args.pages)
        version = agendas.latest_version(meeting)
        content = packs.content_for(version, "full")
        files = packs.paper_files(
            paper["id"] for entry in content.entries for paper in entry["papers"]
        )
        papers = [files[paper["id"]].read() for e in content.entries for paper in e["papers"]]
        limits = packs.limits()
        built = build_pack(content, files, limits)
        ours = median_seconds(lambda: build_pack(content, files, limits), args.runs)
        alone = median_seconds(lambda: _pypdf_alone(papers), args.runs)
        print(
            f"full board pack, {args.items} items, {built.page_count} pages: "
            f"ours {ours * 1000:.0f} ms, pypdf joining the papers alone "
            f"{alone * 1000:.0f} ms, ratio {ours / alone:.2f}"
        )


if __name__ == "__main__":
    main()
