"""Each main page and each PDF against the least it could cost, as ratios from one run.

    python -m bench.ratios [--runs 5] [--database-url URL] [--no-gc] [--people 2000] ...

Builds a fresh database and fills it as ``bench/pages.py`` does (2,000 people, 300
meetings, 5,000 requests, 20,000 actions, 20,000 audit entries; the same options change
the sizes). Then, in the same run:

- each main page (``bench.pages.PAGES``, requested through the test client as the person
  it is for) against the floor for a page: a bare Flask app (``bench/floor.py``) on the
  same database answering, through its own test client, with a page of the very same
  size rendered by a Jinja template from one query. Target: 2x.
- the agenda PDF of the busiest meeting (public and full editions, from its snapshot) and
  the minutes PDF of a 30-item meeting (``bench/minutes_pdf.py``) against WeasyPrint alone
  on the same HTML. Target: 1.15x.

Each pair is timed in turn (ours, then the floor or WeasyPrint alone, ``--runs`` times)
and compared by medians, so a busy machine slows both sides alike. It prints a table with
the ratios and marks each one over its target. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from flask import Flask

from bench.floor import create_floor
from bench.harness import add_database_option, migrated_app, timed
from bench.minutes_pdf import _hold as hold_minutes
from bench.minutes_pdf import _weasyprint_alone
from bench.pages import (
    ROLE_IDS,
    Result,
    _signed_in_client,
    add_size_options,
    measure,
    seed_council,
    sizes_from,
)
from governors.agendas import pdf as agenda_pdf
from governors.agendas import services as agendas
from governors.extensions import db
from governors.meetings.models import Meeting
from governors.minutes import pdf as minutes_pdf
from governors.minutes import services as minutes

PAGE_TARGET = 2.0
PDF_TARGET = 1.15


@dataclass(frozen=True)
class Ratio:
    what: str
    ours_ms: float
    floor_ms: float
    target: float
    size: int
    queries: int | None = None

    @property
    def ratio(self) -> float:
        return self.ours_ms / self.floor_ms

    @property
    def met(self) -> bool:
        return self.ratio <= self.target


def page_ratios(app: Flask, results: list[Result], floor: Flask, runs: int) -> list[Ratio]:
    """Each page against the floor page of its size, timed in turn through the two test
    clients; the queries are those ``bench.pages.measure`` counted."""
    clients = {role: _signed_in_client(app, user_id) for role, user_id in ROLE_IDS.items()}
    floor_client = floor.test_client()
    ratios = []
    for result in results:
        if result.median_ms is None or result.status != 200:
            print(f"  {result.role} {result.page}: {result.status}, left out")
            continue
        size = round(result.kilobytes * 1024)
        fetch_floor = partial(floor_client.get, f"/?bytes={size}")
        assert len(fetch_floor().data) == size, "the floor page must be the page's size"
        ours, alone = paired_medians(
            partial(clients[result.role].get, result.path), fetch_floor, runs
        )
        ratios.append(
            Ratio(
                f"{result.role}: {result.page}",
                ours * 1000,
                alone * 1000,
                PAGE_TARGET,
                size,
                result.queries,
            )
        )
    return ratios


def paired_medians(
    ours: Callable[[], object], alone: Callable[[], object], runs: int
) -> tuple[float, float]:
    """The median seconds of ``ours`` and of ``alone``, timed in turn (one of each, then
    again), so a busy machine slows both alike; one warm-up call of each first."""
    ours()
    alone()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for action, kept in ((ours, times[0]), (alone, times[1])):
            started = time.perf_counter()
            action()
            kept.append(time.perf_counter() - started)
    return statistics.median(times[0]), statistics.median(times[1])


def _pdf_ratios(
    subject: str, render_html: Any, make_pdf: Any, source: Any, runs: int
) -> list[Ratio]:
    """Both editions of one PDF against WeasyPrint alone on the HTML the product prints."""
    ratios = []
    for full in (False, True):
        html = render_html(source, full=full)
        ours, alone = paired_medians(
            partial(make_pdf, source, full=full), partial(_weasyprint_alone, html), runs
        )
        size = len(make_pdf(source, full=full))
        what = subject.format(edition="full" if full else "public")
        ratios.append(Ratio(what, ours * 1000, alone * 1000, PDF_TARGET, size))
    return ratios


def agenda_ratios(meeting_id: int, runs: int) -> list[Ratio]:
    """The agenda PDFs of the busiest meeting."""
    version = agendas.latest_version(db.session.get(Meeting, meeting_id))
    items = len(version.snapshot["items"])
    subject = f"agenda PDF, {{edition}}, {items} items"
    return _pdf_ratios(subject, agenda_pdf.render_html, agenda_pdf.agenda_pdf, version, runs)


def minutes_ratios(runs: int) -> list[Ratio]:
    """The minutes PDFs of a 30-item meeting held as ``bench/minutes_pdf.py`` holds it, on
    a small council of its own (on the large one its 24 governors would not be quorate)."""
    with migrated_app(None) as (app, _), app.app_context():
        snapshot = minutes.record_of(hold_minutes(30)).snapshot
        subject = "minutes PDF, {edition}, 30 items"
        return _pdf_ratios(
            subject, minutes_pdf.render_html, minutes_pdf.minutes_pdf, snapshot, runs
        )


def print_table(pages: list[Ratio], pdfs: list[Ratio], runs: int) -> None:
    print(
        f"\n{'page (as whom: endpoint)':<44} {'KB':>6} {'queries':>7} {'ours ms':>8} "
        f"{'floor ms':>8} {'ratio':>6}  target"
    )
    print("-" * 94)
    for r in pages:
        mark = "met" if r.met else "MISSED"
        print(
            f"{r.what:<44} {r.size / 1024:>6.1f} {r.queries:>7} {r.ours_ms:>8.1f} "
            f"{r.floor_ms:>8.2f} {r.ratio:>6.1f}  <= {r.target:g}x {mark}"
        )
    print(f"\n{'PDF':<44} {'KB':>6} {'':>7} {'ours ms':>8} {'alone ms':>8} {'ratio':>6}  target")
    print("-" * 94)
    for r in pdfs:
        mark = "met" if r.met else "MISSED"
        print(
            f"{r.what:<44} {r.size / 1024:>6.1f} {'':>7} {r.ours_ms:>8.1f} "
            f"{r.floor_ms:>8.1f} {r.ratio:>6.2f}  <= {r.target:g}x {mark}"
        )
    met = sum(r.met for r in pages + pdfs)
    print(
        f"\nMedians of {runs} after one warm-up. Floor: a bare Flask app rendering a page of "
        "the same size from one query.\nAlone: WeasyPrint on the same HTML. "
        f"{met} of {len(pages) + len(pdfs)} within their targets."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="requests per page (median)")
    parser.add_argument(
        "--no-gc",
        action="store_true",
        help="measure pages with Python's cycle collector off (see the Makefile's bench)",
    )
    # The sizes bench/pages.py takes, so one BENCH_ARGS serves both.
    add_size_options(parser)
    add_database_option(parser)
    args = parser.parse_args(argv)
    with migrated_app(args.database_url) as (app, engine):
        with app.app_context():
            ids = seed_council(sizes_from(args))
            db.session.remove()
        floor = create_floor(engine.url.render_as_string(hide_password=False))
        if args.no_gc:
            gc.disable()
        results = timed("Queries", lambda: measure(app, engine, ids, 1))
        pages = timed("Pages and floor", lambda: page_ratios(app, results, floor, args.runs))
        gc.enable()
        with app.app_context():
            pdfs = timed("Agenda PDFs", lambda: agenda_ratios(ids["meeting_id"], args.runs))
            db.session.remove()
        pdfs += timed("Minutes PDFs", lambda: minutes_ratios(args.runs))
        floor.extensions["floor_engine"].dispose()
        print_table(pages, pdfs, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
