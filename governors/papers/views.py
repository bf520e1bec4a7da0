"""Cover sheet pages: writing an item's cover sheet, with its key risks and a readability
check that advises, never refuses; and the risks a meeting's published agenda links to,
for the meeting's page."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, request, url_for
from flask_login import current_user
from markupsafe import Markup
from werkzeug.wrappers import Response

from governors.agendas.models import AgendaItem
from governors.errors import Refused
from governors.extensions import db
from governors.forms import refused_on_form
from governors.meetings.models import Meeting
from governors.papers import services
from governors.papers.forms import CoverSheetForm
from governors.permissions import Permission, can, get_authorised
from governors.risks.rules import risk_band
from governors.risks.services import thresholds
from governors.templating import render_template

bp = Blueprint("papers", __name__, url_prefix="/papers")


def meeting_risks(meeting: Meeting) -> list[dict[str, Any]]:
    """The risks linked to the items of a meeting's latest published agenda, as it was
    published, that the reader may see (private items' risks only for those who attend
    the private part): each once, score high to low, with the items it is linked to.
    One query."""
    from governors.agendas.services import latest_version

    version = latest_version(meeting)
    if version is None:
        return []
    full = can(current_user, Permission.PRIVATE_VIEW, meeting)
    found: dict[int, dict[str, Any]] = {}
    for entry in version.frozen.entries(full=full):
        for risk in entry.get("risks") or ():
            shown = found.setdefault(risk["id"], {"risk": risk, "items": []})
            shown["items"].append(entry["number"])
    return sorted(
        found.values(), key=lambda shown: (-shown["risk"]["score"], shown["risk"]["title"])
    )


def _readers() -> dict[str, Any]:
    # A function, so only the pages that list a meeting's risks pay for the query.
    return {"meeting_risks": meeting_risks}


@bp.record_once
def _offer_readers(state: Any) -> None:
    """Give our own pages (every blueprint under the parent) ``meeting_risks``; a host
    app's own templates are left as they are."""
    state.app.template_context_processors.setdefault(state.name_prefix or None, []).append(_readers)


def _choices(item: AgendaItem) -> list[tuple[int, str]]:
    limits = thresholds()
    return [
        (
            risk.id,
            f"{risk.title} ({risk_band(risk.score, limits).capitalize()} risk, "
            f"score {risk.score}): {risk.summary}",
        )
        for risk in services.linkable_risks(item)
    ]


def _done(item: AgendaItem) -> str:
    if can(current_user, Permission.AGENDAS_EDIT, item.meeting):
        return url_for(
            "governors.agendas.edit", meeting_id=item.meeting_id, _anchor=f"item-{item.id}"
        )
    return url_for("governors.agendas.show", meeting_id=item.meeting_id)


@bp.route("/items/<governors_id:item_id>/cover-sheet", methods=["GET", "POST"])
def cover_sheet(item_id: int) -> str | Response:
    """Write or change an item's cover sheet. Words that are hard to read are shown with
    the figures and the author may save anyway, saying why."""
    item = get_authorised(AgendaItem, item_id, Permission.COVER_SHEETS_WRITE)
    sheet = item.cover_sheet
    data = None
    if request.method == "GET":
        data = {
            "asks": sheet.asks if sheet else "",
            "questions": (sheet.questions or "") if sheet else "",
            "advice_reason": (sheet.advice_reason or "") if sheet else "",
            "risks": services.linked_risk_ids(item),
        }
    form = CoverSheetForm(data=data, risk_choices=_choices(item))
    advice: list[Any] = []
    if form.validate_on_submit():
        try:
            services.check_asks(form.asks.data)
        except Refused as refused:
            refused_on_form(form, refused)
        else:
            advice = services.advice_on(
                form.asks.data, form.questions.data, services.glossary_terms()
            )
            if not advice or request.form.get("save_anyway"):
                try:
                    services.save_cover_sheet(
                        current_user,
                        item,
                        asks=form.asks.data,
                        questions=form.questions.data,
                        risk_ids=form.risks.data or [],
                        advice_reason=form.advice_reason.data if advice else None,
                    )
                except Refused as refused:
                    db.session.rollback()
                    refused_on_form(form, refused)
                    advice = []
                else:
                    db.session.commit()
                    flash(
                        Markup(
                            "Saved the cover sheet for “{}”. Publish the agenda again so "
                            "governors see it."
                        ).format(item.title),
                        "success",
                    )
                    return redirect(_done(item))
    return render_template(
        "governors/papers/cover_sheet.html",
        item=item,
        meeting=item.meeting,
        sheet=sheet,
        form=form,
        advice=advice,
        max_sentences=services.MAX_SENTENCES,
        back=_done(item),
    )
