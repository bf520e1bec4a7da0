"""The easy-read PDF: the same words as the page, in large type, one short document with a
glossary page at the end when it uses any terms."""

from __future__ import annotations

from governors.easyread.services import EasyRead
from governors.pdf import CONFIDENTIAL, html_to_pdf, slug
from governors.templating import render_template


def render_html(page: EasyRead) -> str:
    return render_template(
        "governors/easyread/print.html",
        page=page,
        confidential=CONFIDENTIAL,
        glossary_terms=page.glossary,
    )


def easy_read_pdf(page: EasyRead) -> bytes:
    return html_to_pdf(render_html(page))


def filename(page: EasyRead) -> str:
    edition = "full-confidential" if page.full else "public"
    kind = slug(page.meeting.kind_label)
    return f"easy-read-{kind}-{page.meeting.day:%Y-%m-%d}-v{page.version.number}-{edition}.pdf"
