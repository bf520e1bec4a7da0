"""Agenda PDFs: a print template rendered to HTML, then WeasyPrint to tagged PDF bytes.

Two editions of a published version: the public one, which leaves out every private item
(not even its title), and the full one, marked confidential on every page.
"""

from __future__ import annotations

import mimetypes
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import weasyprint
from flask import render_template

from governors.agendas import rules
from governors.agendas.models import AgendaVersion
from governors.council.models import current_settings
from governors.meetings.models import Meeting
from governors.resources import resource_path

STATIC = resource_path("static")

CONFIDENTIAL = "CONFIDENTIAL \N{EN DASH} private part included \N{EN DASH} not for publication"


class RefusedURL(ValueError):
    pass


def url_fetcher(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Fetch only data: URLs and files inside our own static folder; refuse everything else.

    A print template must never reach the network or read files elsewhere on the server.
    """
    if url.startswith("data:"):
        return weasyprint.default_url_fetcher(url, *args, **kwargs)
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        raise RefusedURL(f"refused to fetch {url}: only local static files may be used")
    path = Path(unquote(parts.path)).resolve()
    if not path.is_relative_to(STATIC) or not path.is_file():
        raise RefusedURL(f"refused to fetch {url}: not one of our static files")
    mime_type, _ = mimetypes.guess_type(path.name)
    return {"string": path.read_bytes(), "mime_type": mime_type, "filename": path.name}


def render_html(meeting: Meeting, version: AgendaVersion, *, full: bool) -> str:
    """The print HTML for one edition. The public edition is given public items only."""
    entries = version.snapshot if full else rules.public_only(version.snapshot)
    return render_template(
        "governors/pdf/agenda.html",
        settings=current_settings(),
        meeting=meeting,
        version=version,
        full=full,
        confidential=CONFIDENTIAL,
        public_entries=rules.public_only(entries),
        private_entries=[entry for entry in entries if entry["part"] == rules.PRIVATE],
        has_private_part=any(entry["part"] == rules.PRIVATE for entry in version.snapshot),
        purposes=rules.PURPOSE_LABELS,
    )


def html_to_pdf(html: str) -> bytes:
    """Tagged PDF/UA-1: document title, language, headings and reading order for screen readers."""
    document = weasyprint.HTML(string=html, base_url=STATIC.as_uri() + "/", url_fetcher=url_fetcher)
    return document.write_pdf(pdf_variant="pdf/ua-1")


def agenda_pdf(meeting: Meeting, version: AgendaVersion, *, full: bool) -> bytes:
    return html_to_pdf(render_html(meeting, version, full=full))


def filename(meeting: Meeting, version: AgendaVersion, *, full: bool) -> str:
    kind = re.sub(r"[^a-z0-9]+", "-", meeting.kind_label.lower()).strip("-")
    edition = "full-confidential" if full else "public"
    return f"agenda-{kind}-{meeting.day:%Y-%m-%d}-v{version.number}-{edition}.pdf"
