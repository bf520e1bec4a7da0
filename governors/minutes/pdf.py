"""Minutes PDFs, from the frozen snapshot only, by the one PDF module (``governors.pdf``).

The public edition leaves out the private part entirely; the full edition is marked
confidential on every page. Both say on every page whether the minutes are approved.
Each minuted item lists the risks linked to it as the published agenda showed them
(summary first), and a glossary page ends the PDF when its words use any of the terms.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from governors.minutes.snapshot import public_view, stamp
from governors.pdf import CONFIDENTIAL, html_to_pdf, slug
from governors.templating import render_template


def _agenda_risks(snapshot: dict[str, Any]) -> dict[int, list[dict[str, Any]]]:
    """The risks the meeting's latest published agenda linked to each minuted item, by
    item id (the minutes' own, where they keep them). Two queries."""
    from governors.agendas.models import AgendaItem, AgendaVersion

    kept = {item["id"]: item["risks"] for item in snapshot["items"] if item.get("risks")}
    ids = [item["id"] for item in snapshot["items"] if item["id"] not in kept]
    if not ids:
        return kept
    from governors.extensions import db

    meeting_id = db.session.scalar(
        sa.select(AgendaItem.meeting_id).where(AgendaItem.id.in_(ids)).limit(1)
    )
    if meeting_id is None:
        return kept
    version = db.session.scalar(
        sa.select(AgendaVersion)
        .where(AgendaVersion.meeting_id == meeting_id)
        .order_by(AgendaVersion.number.desc())
        .limit(1)
    )
    if version is None:
        return kept
    wanted = set(ids)
    found = {
        entry["item_id"]: entry["risks"]
        for entry in version.frozen.items
        if entry["item_id"] in wanted and entry.get("risks")
    }
    return {**found, **kept}


def _texts(items: list[dict[str, Any]], risks: dict[int, list[dict[str, Any]]]) -> list[str]:
    texts: list[str] = []
    for item in items:
        texts += [item.get("title") or "", item.get("discussion") or "", item.get("decisions")]
        for risk in risks.get(item["id"], ()):
            texts += [risk.get("title") or "", risk.get("summary") or ""]
    return [text for text in texts if text]


def render_html(snapshot: dict[str, Any], *, full: bool) -> str:
    from governors.glossary.rules import terms_in
    from governors.glossary.services import entries

    shown = snapshot if full else public_view(snapshot)
    # Only the items this edition shows: never a private item's risks in the public one.
    risks = _agenda_risks(shown)
    return render_template(
        "governors/pdf/minutes.html",
        minutes=shown,
        full=full,
        confidential=CONFIDENTIAL,
        stamp=stamp(snapshot),
        public_items=[i for i in shown["items"] if i["part"] == "public"],
        private_items=[i for i in shown["items"] if i["part"] == "private"],
        risks=risks,
        glossary_terms=terms_in(_texts(shown["items"], risks), entries()),
    )


def minutes_pdf(snapshot: dict[str, Any], *, full: bool) -> bytes:
    return html_to_pdf(render_html(snapshot, full=full))


def filename(snapshot: dict[str, Any], *, full: bool) -> str:
    edition = "full-confidential" if full else "public"
    return f"minutes-{slug(snapshot['title'])}-{slug(snapshot['date'])}-{edition}.pdf"
