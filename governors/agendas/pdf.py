"""Agenda PDFs: a print template rendered to HTML, then the one PDF module
(``governors.pdf``) to tagged PDF bytes.

Two editions of a published version: the public one, which leaves out every private item
(not even its title, nor its cover sheet or risks), and the full one, marked confidential
on every page. Each item's cover sheet leads, then its papers; a glossary page ends it
when its words use any of the glossary's terms. Both are made
from the version's snapshot alone (the meeting and the council's names as they were), once,
when it is published; downloads are served the stored bytes (``services.pdf_bytes``).
"""

from __future__ import annotations

from governors.agendas.models import AgendaVersion
from governors.agendas.rules import Purpose
from governors.pdf import CONFIDENTIAL, html_to_pdf, slug
from governors.templating import render_template


def render_html(version: AgendaVersion, *, full: bool) -> str:
    """The print HTML for one edition, from the version's snapshot only. The public edition
    is given public items only."""
    frozen = version.frozen
    public_entries = frozen.public_part(full=full)
    private_entries = frozen.private_items if full else []
    return render_template(
        "governors/pdf/agenda.html",
        council=frozen.council,
        meeting=frozen.meeting,
        version=version,
        full=full,
        confidential=CONFIDENTIAL,
        public_entries=public_entries,
        private_entries=private_entries,
        has_private_part=frozen.has_private_part,
        purposes=Purpose.labels(),
        # The glossary page: only the terms this edition's items use.
        glossary_terms=frozen.glossary_for(public_entries + private_entries),
    )


def agenda_pdf(version: AgendaVersion, *, full: bool) -> bytes:
    """Make one edition's PDF (a tenth of a second or more of work: done once, at publishing)."""
    return html_to_pdf(render_html(version, full=full))


def filename(version: AgendaVersion, *, full: bool) -> str:
    """The download name, from the meeting as the version shows it."""
    meeting = version.frozen.meeting
    kind = slug(meeting.kind_label)
    edition = "full-confidential" if full else "public"
    return f"agenda-{kind}-{meeting.day:%Y-%m-%d}-v{version.number}-{edition}.pdf"
