"""Every main page reads easily: Flesch reading ease of 60 or more, for each role.

The NHS content style guide asks for plain English: short sentences and common words. The
check is ``textstat.flesch_reading_ease`` over a page's visible prose, as each role sees
it on the demo council (loaded once, into a database of its own).

What counts as a page's prose (``prose``):

- the text inside ``<main>``: not the header, menu, breadcrumbs or footer;
- not tables of data, summary lists (key and value pairs), tags, pagination, or form
  controls (a select's options, buttons, text boxes); labels, hints and legends stay,
  since people read them;
- not text that is hidden or only for screen readers;
- each heading, paragraph, list item, label or hint is one piece, and only sentences
  count: pieces that end with a full stop, a question mark or an exclamation mark.
  Headings, short labels and lists of names or meetings are not sentences; a piece made
  of dates and numbers only ("Thursday 21 January 2027.") is left out too.

A failure names the page and the role and prints the score. Add a line to ``PAGES`` for
each new main page.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import pytest
import sqlalchemy as sa
import textstat
from flask import Flask, url_for
from flask.testing import FlaskClient

from governors.demo import demo_password
from tests.browser.conftest import DEMO_SIGN_INS
from tests.browser.test_accessibility import (
    a_covered_need,
    a_governor,
    a_period,
    a_risk,
    an_item_with_a_cover_sheet,
    next_meeting,
    open_request,
    own_open_request,
    own_request,
    published_meeting,
    registered_meeting,
    support_request,
)
from tests.browser.test_buddying import governors_buddy_pair, waiting_buddy_request
from tests.conftest import _database_url, make_app

EASE = 60

# Tags whose text is not prose: data, controls and what is not shown.
SKIP_TAGS = frozenset(
    {"table", "nav", "script", "style", "select", "textarea", "button", "svg", "template"}
)
SKIP_CLASSES = frozenset(
    {
        "nhsuk-u-visually-hidden",
        "nhsuk-tag",
        "nhsuk-summary-list",
        "nhsuk-pagination",
        "nhsuk-breadcrumb",
        "nhsuk-back-link",
    }
)
# Each of these starts and ends a piece of prose.
BLOCKS = frozenset(
    {
        "p",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "dt",
        "dd",
        "label",
        "legend",
        "div",
        "details",
        "summary",
        "blockquote",
        "section",
        "br",
        "ul",
        "ol",
        "fieldset",
        "form",
    }
)
VOID = frozenset({"br", "img", "input", "hr", "meta", "link", "source", "wbr", "col"})
DATE_WORDS = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march"
    r"|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr"
    r"|jun|jul|aug|sep|sept|oct|nov|dec|am|pm|at|to|and|from)\b",
    re.IGNORECASE,
)


class _Prose(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self._stack: list[tuple[str, bool, bool]] = []  # tag, skipped, in main
        self._piece: list[str] = []

    def _skipping(self) -> bool:
        return any(skipped for _, skipped, _ in self._stack)

    def _in_main(self) -> bool:
        return any(main for _, _, main in self._stack)

    def _flush(self) -> None:
        text = " ".join("".join(self._piece).split())
        if text:
            self.pieces.append(text)
        self._piece = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCKS:
            self._flush()
        if tag in VOID:
            return
        found = dict(attrs)
        classes = set((found.get("class") or "").split())
        skipped = (
            tag in SKIP_TAGS
            or bool(classes & SKIP_CLASSES)
            or "hidden" in found
            or found.get("aria-hidden") == "true"
        )
        self._stack.append((tag, skipped, tag == "main"))

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCKS:
            self._flush()
        if not any(open_tag == tag for open_tag, _, _ in self._stack):
            return
        while self._stack:
            open_tag, _, _ = self._stack.pop()
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._in_main() and not self._skipping():
            self._piece.append(data)


def prose(html: str) -> str:
    """The visible prose of a page (see the rules at the top of this module)."""
    parser = _Prose()
    parser.feed(html)
    parser.close()
    return " ".join(
        piece
        for piece in parser.pieces
        if piece[-1] in ".!?" and re.search(r"[A-Za-z]{2,}", DATE_WORDS.sub(" ", piece))
    )


# The demo council, once for this module ---------------------------------------------------


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Iterator[Flask]:
    """An app on its own database, holding the demo council."""
    from flask_migrate import upgrade

    from governors.extensions import db

    fresh = contextlib.contextmanager(_database_url)
    with fresh(tmp_path_factory, f"readability_{worker_id}") as url:
        app = make_app(url, tmp_path_factory.mktemp("readability-instance"))
        with app.app_context():
            upgrade()
            result = app.test_cli_runner().invoke(args=["governors", "demo"])
            assert result.exit_code == 0, result.output
            try:
                yield app
            finally:
                db.session.remove()
                db.engine.dispose()


def _signed_in(app: Flask, role: str | None) -> FlaskClient:
    client = app.test_client()
    if role is not None:
        response = client.post(
            "/account/sign-in",
            data={"email": DEMO_SIGN_INS[role], "password": demo_password()},
        )
        assert response.status_code == 302, f"{role} could not sign in"
    return client


def _the_council(app: Flask) -> dict[str, int]:
    from governors.bodies.models import Body
    from governors.extensions import db

    with app.app_context():
        return {"body_id": db.session.scalar(sa.select(Body.id).where(Body.kind == "council"))}


@dataclass(frozen=True)
class Page:
    role: str | None
    endpoint: str
    values: Callable[[Flask], dict[str, Any]] | None = None
    marks: tuple[Any, ...] = ()

    @property
    def id(self) -> str:
        return f"{self.role or 'public'}-{self.endpoint.removeprefix('governors.')}"


PAGES = [
    # Not signed in
    Page(None, "governors.home"),
    Page(None, "governors.auth.sign_in"),
    Page(None, "governors.meetings.public_list"),
    Page(None, "governors.meetings.archive"),
    Page(None, "governors.agendas.public", published_meeting),
    Page(None, "governors.public.meeting", published_meeting),
    Page(None, "governors.questions.public"),
    Page(None, "governors.interests.public"),
    # Everyone's home page
    *(Page(role, "governors.home") for role in DEMO_SIGN_INS),
    # A governor
    Page("governor", "governors.meetings.calendar"),
    Page("governor", "governors.meetings.detail", next_meeting),
    Page("governor", "governors.meetings.subscription"),
    Page("governor", "governors.meetings.archive"),
    Page("governor", "governors.agendas.show", published_meeting),
    Page("governor", "governors.requests.propose"),
    Page("governor", "governors.requests.mine"),
    Page("governor", "governors.requests.detail", own_request),
    Page("governor", "governors.requests.change", own_open_request),
    Page("secretary", "governors.requests.support", support_request),
    Page("governor", "governors.questions.mine"),
    Page("governor", "governors.questions.ask"),
    Page("governor", "governors.interests.person", a_governor),
    Page("governor", "governors.bodies.index"),
    Page("governor", "governors.bodies.detail", _the_council),
    Page("governor", "governors.people.directory"),
    Page("governor", "governors.actions.mine"),
    Page("governor", "governors.minutes.draft", registered_meeting),
    # A service user governor
    Page("su_governor", "governors.meetings.calendar"),
    Page("su_governor", "governors.requests.propose"),
    Page("su_governor", "governors.requests.mine"),
    Page("su_governor", "governors.attendance.apologies", next_meeting),
    # The lead governor
    Page("lead_governor", "governors.actions.log"),
    Page("lead_governor", "governors.requests.queue"),
    Page("lead_governor", "governors.questions.mine"),
    # The chair
    Page("chair", "governors.requests.queue"),
    Page("chair", "governors.requests.decide", open_request),
    Page("chair", "governors.requests.mine"),
    # The secretary
    Page("secretary", "governors.meetings.calendar"),
    Page("secretary", "governors.meetings.detail", next_meeting),
    Page("secretary", "governors.agendas.edit", next_meeting),
    Page("secretary", "governors.requests.queue"),
    Page("secretary", "governors.people.directory"),
    Page("secretary", "governors.audit.log"),
    Page("secretary", "governors.outbox.unsent"),
    Page("secretary", "governors.questions.index"),
    Page("secretary", "governors.interests.index"),
    Page("secretary", "governors.bodies.index"),
    Page("secretary", "governors.actions.log"),
    Page("secretary", "governors.attendance.register", registered_meeting),
    Page("secretary", "governors.minutes.index", registered_meeting),
    # The glossary and the easy-read page
    Page(None, "governors.glossary.index"),
    Page("secretary", "governors.glossary.add"),
    Page("governor", "governors.easyread.show", published_meeting),
    Page(None, "governors.easyread.public", published_meeting),
    # Cover sheets
    Page("secretary", "governors.papers.cover_sheet", an_item_with_a_cover_sheet),
    # The risk register
    Page("governor", "governors.risks.register"),
    Page("governor", "governors.risks.overview"),
    Page("governor", "governors.risks.detail", a_risk),
    Page("secretary", "governors.risks.new"),
    Page("secretary", "governors.risks.rescore", a_risk),
    # Availability and cover
    Page("su_governor", "governors.availability.index"),
    Page("su_governor", "governors.availability.new"),
    Page("secretary", "governors.availability.everyone"),
    Page("secretary", "governors.availability.record"),
    Page("secretary", "governors.availability.period", a_period),
    Page("secretary", "governors.cover.index"),
    Page("secretary", "governors.cover.need", a_covered_need),
    # Buddying
    Page("su_governor", "governors.buddying.index"),
    Page("su_governor", "governors.buddying.ask"),
    Page("governor", "governors.buddying.pair", governors_buddy_pair),
    Page("secretary", "governors.buddying.all_pairs"),
    Page("secretary", "governors.buddying.answer", waiting_buddy_request),
]


@pytest.mark.parametrize("check", [pytest.param(p, marks=p.marks, id=p.id) for p in PAGES])
def test_page_reads_easily(demo_app: Flask, check: Page) -> None:
    client = _signed_in(demo_app, check.role)
    values = check.values(demo_app) if check.values else {}
    with demo_app.test_request_context():
        url = url_for(check.endpoint, **values)
    response = client.get(url, follow_redirects=True)
    assert response.status_code == 200, f"{check.id}: {url} gives {response.status_code}"

    text = prose(response.get_data(as_text=True))
    score = textstat.flesch_reading_ease(text)
    print(f"{check.id}: reading ease {score:.1f}")
    assert score >= EASE, (
        f"{check.id} ({url}) has a reading ease of {score:.1f}, below {EASE}. Its prose:\n{text}"
    )


def test_prose_leaves_out_data_controls_and_dates() -> None:
    html = """
    <header><p>Menu words are not prose</p></header>
    <main>
      <h1>Meetings</h1>
      <p>Send your request by the deadline.<span class="nhsuk-u-visually-hidden"> Hidden</span></p>
      <p>Thursday 21 January 2027</p>
      <table><tr><td>Quarterly integrated performance report</td></tr></table>
      <label for="x">Title</label><select id="x"><option>Council of Governors</option></select>
      <button>Send request</button>
    </main>
    """

    assert prose(html) == "Send your request by the deadline."
