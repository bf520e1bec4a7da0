"""Pages of the risk register: the register with its filters, the overview with the heat
map, a risk's own page, adding and changing a risk, and changing its score."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, request, url_for
from flask_login import current_user

from governors.bodies.services import active_people, all_bodies
from governors.converters import parse_id
from governors.errors import Refused
from governors.extensions import db
from governors.forms import refused_on_form
from governors.people.models import User
from governors.permissions import Permission, authorise, can, load_or_404, requires
from governors.risks import heatmap, services
from governors.risks.forms import SUMMARY_PATTERN, RescoreForm, RiskForm
from governors.risks.models import Risk
from governors.risks.rules import (
    BANDS,
    IMPACT_WORDS,
    LIKELIHOOD_WORDS,
    SCALE,
    Band,
    RiskStatus,
    review_overdue,
    score_words,
    trend,
)
from governors.templating import render_template
from governors.timeutil import format_date, local_today

bp = Blueprint("risks", __name__, url_prefix="/risks")


def _actor() -> User:
    return current_user._get_current_object()


def _risk(risk_id: int, permission: Permission = Permission.RISKS_VIEW) -> Risk:
    """The risk (404 for one that is not there, as for every record), then the checks."""
    risk = load_or_404(Risk, risk_id, loader=services.load_risk)
    authorise(Permission.RISKS_VIEW)
    if permission is not Permission.RISKS_VIEW:
        authorise(permission, risk)
    return risk


# The register and the overview -----------------------------------------------------------


def _filters(bodies: list[Any]) -> tuple[services.Filters, list[tuple[str, str]]]:
    """The filters asked for, and a message for each that cannot be used (it is ignored)."""
    problems: list[tuple[str, str]] = []
    body_id = None
    raw_body = request.args.get("body", "").strip()
    if raw_body:
        body_id = parse_id(raw_body)
        if body_id is None or body_id not in {body.id for body in bodies}:
            problems.append(("body", "Choose a body from the list, or All bodies"))
            body_id = None
    band = request.args.get("band", "").strip().lower() or None
    if band is not None and band not in {b.value for b in BANDS}:
        problems.append(("band", "Choose a band from the list, or All bands"))
        band = None
    status = request.args.get("status", "").strip() or services.CURRENT
    if status not in services.STATUS_FILTERS:
        problems.append(("status", "Choose a status from the list"))
        status = services.CURRENT
    return services.Filters(body_id=body_id, band=band, status=status), problems


@bp.route("/")
@requires(Permission.RISKS_VIEW)
def register() -> Any:
    """Every risk, score high to low, with its trend and band; overdue reviews flagged."""
    bodies = all_bodies()
    filters, problems = _filters(bodies)
    today = local_today()
    rows = services.register(filters, today)
    page = render_template(
        "governors/risks/register.html",
        rows=rows,
        filters=filters,
        problems=problems,
        bodies=bodies,
        bands=BANDS,
        statuses=services.STATUS_FILTERS,
        overdue_count=sum(1 for row in rows if row.overdue),
        filtered=bool(request.args),
    )
    return page


@bp.route("/overview")
@requires(Permission.RISKS_VIEW)
def overview() -> Any:
    """The heat map of the open risks, as a picture and as a table."""
    bodies = all_bodies()
    filters, problems = _filters(bodies)
    today = local_today()
    rows = services.register(filters, today)
    limits = services.thresholds()
    heat = services.heat_map([row.risk for row in rows], limits)
    page = render_template(
        "governors/risks/overview.html",
        heat=heat,
        cells=heatmap.cells(heat.counts, heat.bands),
        row_labels=heatmap.row_labels(),
        column_labels=heatmap.column_labels(),
        geometry=heatmap,
        scale=list(SCALE),
        likelihood_words=LIKELIHOOD_WORDS,
        impact_words=IMPACT_WORDS,
        bands=BANDS,
        ranges=limits.ranges(),
        thresholds_text=limits.describe(),
        filters=filters,
        problems=problems,
        bodies=bodies,
        statuses=services.STATUS_FILTERS,
        overdue=[row for row in rows if row.overdue],
        top=[row for row in rows if row.band in (Band.EXTREME, Band.HIGH)],
    )
    return page


# A risk's page ----------------------------------------------------------------------------


def _linked_items(risk: Risk) -> list[dict[str, Any]]:
    """The agenda items a risk is linked to, as the reader may know of them: a private
    item's title only for those who may see that meeting's private part."""
    seen: dict[tuple[int, str], bool] = {}
    shown = []
    for item in sorted(risk.items, key=lambda i: (i.meeting.starts_at, i.part, i.position)):
        meeting = item.meeting
        private = item.part == "private"
        key = (meeting.id, item.part)
        if key not in seen:
            permission = Permission.PRIVATE_VIEW if private else Permission.MEETINGS_VIEW
            seen[key] = can(current_user, permission, meeting)
        shown.append(
            {
                "item": item,
                "meeting": meeting,
                "private": private,
                "visible": seen[key],
                "when": format_date(meeting.day),
            }
        )
    return shown


@bp.route("/<governors_id:risk_id>")
def detail(risk_id: int) -> str:
    risk = _risk(risk_id)
    today = local_today()
    limits = services.thresholds()
    scores = [change.score for change in risk.history]
    actions = services.visible_linked_actions(risk, current_user)
    may_manage = can(current_user, Permission.RISKS_MANAGE)
    advice = (
        services.summary_advice(risk.summary)
        if may_manage or current_user.id == risk.owner_id
        else []
    )
    return render_template(
        "governors/risks/detail.html",
        risk=risk,
        band=Band(risk.band),
        words=score_words(risk.likelihood, risk.impact, limits),
        target_words=score_words(risk.target_likelihood, risk.target_impact, limits),
        initial_words=(
            score_words(risk.initial_likelihood, risk.initial_impact, limits)
            if risk.initial_score is not None
            else None
        ),
        trend=trend(scores),
        history=list(reversed(risk.history)),
        chart=_chart(scores),
        overdue=review_overdue(risk.review_on, today, risk.status),
        items=_linked_items(risk),
        actions=actions,
        hidden_actions=len(risk.actions) - len(actions),
        may_manage=may_manage,
        may_rescore=can(current_user, Permission.RISKS_RESCORE, risk),
        advice=advice,
        status_label=RiskStatus(risk.status).label,
    )


def _chart(scores: list[int]) -> dict[str, Any] | None:
    """A small line of the score over time, oldest first, for the history's picture."""
    if len(scores) < 2:
        return None
    step = 80
    height = 120
    points = [
        (10 + index * step, 10 + round((25 - score) * (height - 20) / 24))
        for index, score in enumerate(scores)
    ]
    return {
        "width": 20 + step * (len(scores) - 1),
        "height": height,
        "points": " ".join(f"{x},{y}" for x, y in points),
        "dots": [
            {"x": x, "y": y, "score": score} for (x, y), score in zip(points, scores, strict=True)
        ],
    }


# Adding and changing ----------------------------------------------------------------------


def _item_label(item: Any) -> str:
    part = "private part" if item.part == "private" else "public part"
    return f"{item.title} ({item.meeting.kind_label}, {format_date(item.meeting.day)}, {part})"


def _form(risk: Risk | None = None) -> RiskForm:
    today = local_today()
    items = services.linkable_items(today, risk.items if risk else ())
    actions = services.linkable_actions(risk.actions if risk else ())
    return RiskForm(
        data=_form_data(risk) if request.method == "GET" and risk is not None else None,
        people=[(str(person.id), person.name) for person in active_people()],
        bodies=[(str(body.id), body.name) for body in all_bodies()],
        items=[(str(item.id), _item_label(item)) for item in items],
        actions=[
            (str(action.id), f"{action.description} (due {format_date(action.due_on)})")
            for action in actions
        ],
    )


def _form_data(risk: Risk) -> dict[str, Any]:
    def text(value: int | None) -> str:
        return "" if value is None else str(value)

    return {
        **{name: getattr(risk, name) for name in services.FIELDS},
        "owner_id": str(risk.owner_id),
        "body_id": str(risk.body_id),
        "likelihood": text(risk.likelihood),
        "impact": text(risk.impact),
        "target_likelihood": text(risk.target_likelihood),
        "target_impact": text(risk.target_impact),
        "initial_likelihood": text(risk.initial_likelihood),
        "initial_impact": text(risk.initial_impact),
        "item_ids": [str(item.id) for item in risk.items],
        "action_ids": [str(action.id) for action in risk.actions],
    }


def _checked_summary(form: RiskForm, risk: Risk | None) -> tuple[list[Any], str | None]:
    """The plain-language advice to show before saving (empty: go ahead), and the reason to
    keep with the summary."""
    summary = form.summary.data
    if risk is not None and summary == risk.summary:
        return [], form.summary_reason.data or None
    advice = services.summary_advice(summary)
    if not advice:
        return [], None
    anyway = "save_anyway" in request.form and form.advised_summary.data == summary
    if anyway:
        return [], form.summary_reason.data or None
    form.advised_summary.data = summary
    return advice, None


def _render_form(form: RiskForm, risk: Risk | None, advice: list[Any]) -> str:
    return render_template(
        "governors/risks/form.html",
        form=form,
        risk=risk,
        advice=advice,
        pattern=SUMMARY_PATTERN,
        show_reason=bool(advice) or bool(risk is not None and risk.summary_reason),
    )


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.RISKS_MANAGE)
def new() -> Any:
    form = _form()
    advice: list[Any] = []
    if form.validate_on_submit():
        advice, reason = _checked_summary(form, None)
        if not advice:
            details = form.details()
            details = services.RiskDetails(**{**details.__dict__, "summary_reason": reason})
            try:
                risk = services.create_risk(_actor(), details)
            except Refused as refused:
                db.session.rollback()
                refused_on_form(form, refused)
            else:
                db.session.commit()
                flash("The risk is on the register.", "success")
                return redirect(url_for(".detail", risk_id=risk.id))
    return _render_form(form, None, advice)


@bp.route("/<governors_id:risk_id>/edit", methods=["GET", "POST"])
def edit(risk_id: int) -> Any:
    risk = _risk(risk_id, Permission.RISKS_MANAGE)
    form = _form(risk)
    advice: list[Any] = []
    if form.validate_on_submit():
        advice, reason = _checked_summary(form, risk)
        if not advice:
            details = form.details()
            details = services.RiskDetails(**{**details.__dict__, "summary_reason": reason})
            try:
                changed = services.update_risk(
                    _actor(), risk, details, score_reason=form.score_reason.data
                )
            except Refused as refused:
                db.session.rollback()
                refused_on_form(form, refused)
                risk = _risk(risk_id)
            else:
                db.session.commit()
                flash(
                    "The risk is saved." if changed else "Nothing was changed.",
                    "success" if changed else "info",
                )
                return redirect(url_for(".detail", risk_id=risk.id))
    return _render_form(form, risk, advice)


@bp.route("/<governors_id:risk_id>/score", methods=["GET", "POST"])
def rescore(risk_id: int) -> Any:
    """Change a risk's current score, saying why: its owner or the secretary."""
    risk = _risk(risk_id, Permission.RISKS_RESCORE)
    form = RescoreForm(
        data={"likelihood": str(risk.likelihood), "impact": str(risk.impact)}
        if request.method == "GET"
        else None
    )
    if form.validate_on_submit():
        try:
            services.rescore(
                _actor(),
                risk,
                int(form.likelihood.data),
                int(form.impact.data),
                form.score_reason.data,
                review_on=form.review_on.data,
            )
        except Refused as refused:
            db.session.rollback()
            refused_on_form(form, refused)
            risk = _risk(risk_id)
        else:
            db.session.commit()
            flash(f"The score is now {risk.score}.", "success")
            return redirect(url_for(".detail", risk_id=risk.id))
    return render_template(
        "governors/risks/rescore.html",
        form=form,
        risk=risk,
        words=score_words(risk.likelihood, risk.impact, services.thresholds()),
    )
