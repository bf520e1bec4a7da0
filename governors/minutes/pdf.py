"""Minutes PDFs, from the frozen snapshot only, by the one PDF module (``governors.pdf``).

The public edition leaves out the private part entirely; the full edition is marked
confidential on every page. Both say on every page whether the minutes are approved.
"""

from __future__ import annotations

from typing import Any

from governors.minutes.snapshot import public_view, stamp
from governors.pdf import CONFIDENTIAL, html_to_pdf, slug
from governors.templating import render_template


def render_html(snapshot: dict[str, Any], *, full: bool) -> str:
    shown = snapshot if full else public_view(snapshot)
    return render_template(
        "governors/pdf/minutes.html",
        minutes=shown,
        full=full,
        confidential=CONFIDENTIAL,
        stamp=stamp(snapshot),
        public_items=[i for i in shown["items"] if i["part"] == "public"],
        private_items=[i for i in shown["items"] if i["part"] == "private"],
    )


def minutes_pdf(snapshot: dict[str, Any], *, full: bool) -> bytes:
    return html_to_pdf(render_html(snapshot, full=full))


def filename(snapshot: dict[str, Any], *, full: bool) -> str:
    edition = "full-confidential" if full else "public"
    return f"minutes-{slug(snapshot['title'])}-{slug(snapshot['date'])}-{edition}.pdf"
