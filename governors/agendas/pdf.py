"""Agenda PDFs: a print template rendered to HTML, then WeasyPrint to tagged PDF bytes.

Two editions of a published version: the public one, which leaves out every private item
(not even its title), and the full one, marked confidential on every page. Both are made
from the version's snapshot alone (the meeting and the council's names as they were), once,
when it is published; downloads are served the stored bytes (``services.pdf_bytes``).
"""

from __future__ import annotations

import mimetypes
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import weasyprint

from governors.agendas.models import AgendaVersion
from governors.agendas.rules import Purpose
from governors.resources import resource_path
from governors.templating import render_template

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


def render_html(version: AgendaVersion, *, full: bool) -> str:
    """The print HTML for one edition, from the version's snapshot only. The public edition
    is given public items only."""
    frozen = version.frozen
    return render_template(
        "governors/pdf/agenda.html",
        council=frozen.council,
        meeting=frozen.meeting,
        version=version,
        full=full,
        confidential=CONFIDENTIAL,
        public_entries=frozen.public_items,
        private_entries=frozen.private_items if full else [],
        has_private_part=frozen.has_private_part,
        purposes=Purpose.labels(),
    )


def html_to_pdf(html: str) -> bytes:
    """Tagged PDF/UA-1: document title, language, headings and reading order for screen readers."""
    document = weasyprint.HTML(string=html, base_url=STATIC.as_uri() + "/", url_fetcher=url_fetcher)
    return document.write_pdf(pdf_variant="pdf/ua-1")


def agenda_pdf(version: AgendaVersion, *, full: bool) -> bytes:
    """Make one edition's PDF (a tenth of a second or more of work: done once, at publishing)."""
    return html_to_pdf(render_html(version, full=full))


def filename(version: AgendaVersion, *, full: bool) -> str:
    """The download name, from the meeting as the version shows it."""
    meeting = version.frozen.meeting
    kind = re.sub(r"[^a-z0-9]+", "-", meeting.kind_label.lower()).strip("-")
    edition = "full-confidential" if full else "public"
    return f"agenda-{kind}-{meeting.day:%Y-%m-%d}-v{version.number}-{edition}.pdf"
