"""The risk register: the only place risks are written, and what its pages read.

Every change takes the acting user, keeps the score history (who, when and why), writes the
audit entry and flushes; the view commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import Any

import sqlalchemy as sa
from flask import has_request_context, request
from sqlalchemy.orm import joinedload, selectinload

from governors.actions.models import Action
from governors.actions.rules import ActionStatus
from governors.agendas.models import AgendaItem
from governors.audit.services import record, snapshot
from governors.bodies.models import Body
from governors.council.models import current_settings
from governors.errors import Refused
from governors.extensions import db
from governors.glossary.readability import Advice, advise
from governors.meetings.models import Meeting
from governors.people.models import User
from governors.permissions import visible_actions
from governors.risks.models import Risk, RiskScoreChange, risk_agenda_items
from governors.risks.rules import (
    BANDS,
    Band,
    RiskStatus,
    Thresholds,
    Trend,
    heat_map_counts,
    review_overdue,
    risk_band,
    risk_score,
    trend,
)
from governors.timeutil import local_to_utc

# A risk's summary: cause, event and impact in about this many words.
SUMMARY_WORDS = 60


_CACHE_KEY = "governors.risks.thresholds"


def thresholds() -> Thresholds:
    """The council's band thresholds now: read once per request."""
    if has_request_context():
        cached = request.environ.get(_CACHE_KEY)
        if cached is None:
            cached = request.environ[_CACHE_KEY] = current_settings().risk_thresholds
        return cached
    return current_settings().risk_thresholds


def forget_thresholds() -> None:
    """Read the thresholds afresh (after the secretary changes them in this request)."""
    if has_request_context():
        request.environ.pop(_CACHE_KEY, None)


def band_of(score: int) -> str:
    """The band of ``score`` by the council's current thresholds: "low" … "extreme"."""
    return risk_band(score, thresholds())


def _by_score(risks: Iterable[Risk]) -> list[Risk]:
    return sorted(risks, key=lambda risk: (-risk.score, risk.title.lower(), risk.id))


def risks_for_items(item_ids: Iterable[int]) -> dict[int, list[Risk]]:
    """The risks linked to each of ``item_ids``, score high to low, in one query. Items
    with no risk are left out."""
    ids = sorted(set(item_ids))
    if not ids:
        return {}
    rows = db.session.execute(
        sa.select(risk_agenda_items.c.item_id, Risk)
        .join(Risk, Risk.id == risk_agenda_items.c.risk_id)
        .where(risk_agenda_items.c.item_id.in_(ids))
        .options(selectinload(Risk.owner))
    ).all()
    found: dict[int, list[Risk]] = {}
    for item_id, risk in rows:
        found.setdefault(item_id, []).append(risk)
    return {item_id: _by_score(risks) for item_id, risks in found.items()}


# The glossary's terms, so an acronym it explains needs no spelling out ----------------------


def glossary_terms() -> list[str]:
    """Every term of the council's glossary."""
    from governors.glossary.services import entries

    return [entry.term for entry in entries()]


def summary_advice(summary: str) -> list[Advice]:
    """What would make a risk's summary easier to read; empty when it reads well."""
    return advise(summary or "", known_terms=glossary_terms(), max_words=SUMMARY_WORDS)


# Writing ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RiskDetails:
    """A risk as the form gives it."""

    title: str
    summary: str
    owner_id: int
    body_id: int
    likelihood: int
    impact: int
    target_likelihood: int
    target_impact: int
    review_on: date
    detail: str | None = None
    controls: str | None = None
    mitigations: str | None = None
    initial_likelihood: int | None = None
    initial_impact: int | None = None
    status: str = RiskStatus.OPEN.value
    item_ids: Sequence[int] = ()
    action_ids: Sequence[int] = ()
    # Why the summary was kept when it was advised to be hard to read.
    summary_reason: str | None = None


FIELDS = [
    "title",
    "summary",
    "summary_reason",
    "detail",
    "owner_id",
    "body_id",
    "status",
    "likelihood",
    "impact",
    "target_likelihood",
    "target_impact",
    "initial_likelihood",
    "initial_impact",
    "controls",
    "mitigations",
    "review_on",
]
FIRST_REASON = "Entered on the register"


def _blank_to_none(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None


def _check_scale(value: Any, field: str, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value not in range(1, 6):
        raise Refused(f"Choose the {what}", field=field)


def _check(details: RiskDetails) -> None:
    title = (details.title or "").strip()
    if not title:
        raise Refused("Enter a short title for the risk", field="title")
    if len(title) > 200:
        raise Refused("The title must be 200 characters or fewer", field="title")
    summary = (details.summary or "").strip()
    if not summary:
        raise Refused("Write a short summary of the risk in plain words", field="summary")
    if len(summary) > 1000:
        raise Refused("The summary must be 1,000 characters or fewer", field="summary")
    if details.summary_reason and len(details.summary_reason) > 1000:
        raise Refused("The reason must be 1,000 characters or fewer", field="summary_reason")
    _check_scale(details.likelihood, "likelihood", "likelihood")
    _check_scale(details.impact, "impact", "impact")
    _check_scale(details.target_likelihood, "target_likelihood", "target likelihood")
    _check_scale(details.target_impact, "target_impact", "target impact")
    if (details.initial_likelihood is None) != (details.initial_impact is None):
        field = "initial_impact" if details.initial_impact is None else "initial_likelihood"
        raise Refused(
            "Choose both the first likelihood and the first impact, or neither", field=field
        )
    if details.initial_likelihood is not None:
        _check_scale(details.initial_likelihood, "initial_likelihood", "first likelihood")
        _check_scale(details.initial_impact, "initial_impact", "first impact")
    if details.status not in {status.value for status in RiskStatus}:
        raise Refused("Choose the risk's status", field="status")
    if db.session.get(User, details.owner_id) is None:
        raise Refused("Choose the risk's owner from the list", field="owner_id")
    if db.session.get(Body, details.body_id) is None:
        raise Refused("Choose the body that oversees the risk", field="body_id")


def _links(risk: Risk, details: RiskDetails) -> None:
    item_ids = sorted(set(details.item_ids))
    action_ids = sorted(set(details.action_ids))
    items = (
        list(db.session.scalars(sa.select(AgendaItem).where(AgendaItem.id.in_(item_ids))))
        if item_ids
        else []
    )
    if len(items) != len(item_ids):
        raise Refused("Choose agenda items from the list", field="item_ids")
    actions = (
        list(db.session.scalars(sa.select(Action).where(Action.id.in_(action_ids))))
        if action_ids
        else []
    )
    if len(actions) != len(action_ids):
        raise Refused("Choose actions from the list", field="action_ids")
    risk.items = sorted(items, key=lambda item: item.id)
    risk.actions = sorted(actions, key=lambda action: action.id)


def _apply(risk: Risk, details: RiskDetails) -> None:
    risk.title = details.title.strip()
    risk.summary = details.summary.strip()
    risk.summary_reason = _blank_to_none(details.summary_reason)
    risk.detail = _blank_to_none(details.detail)
    risk.controls = _blank_to_none(details.controls)
    risk.mitigations = _blank_to_none(details.mitigations)
    risk.owner_id = details.owner_id
    risk.body_id = details.body_id
    risk.status = details.status
    risk.likelihood = details.likelihood
    risk.impact = details.impact
    risk.target_likelihood = details.target_likelihood
    risk.target_impact = details.target_impact
    risk.initial_likelihood = details.initial_likelihood
    risk.initial_impact = details.initial_impact
    risk.review_on = details.review_on


def _summary(risk: Risk) -> dict[str, Any]:
    """The risk as plain JSON for the audit log."""
    values = snapshot(risk, FIELDS)
    values["review_on"] = risk.review_on.isoformat() if risk.review_on else None
    return {**values, **_links_summary(risk)}


def _links_summary(risk: Risk) -> dict[str, Any]:
    return {
        "item_ids": [item.id for item in risk.items],
        "action_ids": [action.id for action in risk.actions],
    }


def create_risk(actor: Any, details: RiskDetails) -> Risk:
    """Put a risk on the register, with its first score in its history."""
    _check(details)
    risk = Risk(created_by_id=actor.id)
    _apply(risk, details)
    _links(risk, details)
    risk.history.append(
        RiskScoreChange(
            changed_by_id=actor.id,
            likelihood=details.likelihood,
            impact=details.impact,
            reason=FIRST_REASON,
        )
    )
    db.session.add(risk)
    db.session.flush()
    record(
        actor,
        "risk.created",
        risk,
        f"Added risk {risk.id} to the register",
        after=_summary(risk),
    )
    db.session.flush()
    return risk


def _rescored(actor: Any, risk: Risk, likelihood: int, impact: int, reason: str | None) -> None:
    reason = (reason or "").strip()
    if not reason:
        raise Refused("Say why the score has changed", field="score_reason")
    if len(reason) > 1000:
        raise Refused("The reason must be 1,000 characters or fewer", field="score_reason")
    risk.history.append(
        RiskScoreChange(changed_by_id=actor.id, likelihood=likelihood, impact=impact, reason=reason)
    )


def update_risk(
    actor: Any, risk: Risk, details: RiskDetails, *, score_reason: str | None = None
) -> bool:
    """Change a risk. A change to its current score needs ``score_reason`` and goes into
    its history. False when nothing changed."""
    _check(details)
    rescoring = (details.likelihood, details.impact) != (risk.likelihood, risk.impact)
    if rescoring:
        reason = (score_reason or "").strip()
        if not reason:
            raise Refused("Say why the current score has changed", field="score_reason")
    old = _summary(risk)
    _apply(risk, details)
    _links(risk, details)
    if rescoring:
        _rescored(actor, risk, details.likelihood, details.impact, score_reason)
    new = _summary(risk)
    before = {name: old[name] for name in new if old[name] != new[name]}
    after = {name: new[name] for name in new if old[name] != new[name]}
    if not after:
        return False
    db.session.flush()
    record(actor, "risk.updated", risk, f"Changed risk {risk.id}", before=before, after=after)
    db.session.flush()
    return True


def rescore(
    actor: Any,
    risk: Risk,
    likelihood: int,
    impact: int,
    reason: str | None,
    *,
    review_on: date | None = None,
) -> None:
    """Change a risk's current score, with why; optionally set its next review."""
    _check_scale(likelihood, "likelihood", "likelihood")
    _check_scale(impact, "impact", "impact")
    if (likelihood, impact) == (risk.likelihood, risk.impact):
        raise Refused(
            "The likelihood and impact are the same as now: change at least one of them",
            field="likelihood",
        )
    before = {
        "likelihood": risk.likelihood,
        "impact": risk.impact,
        "review_on": risk.review_on.isoformat(),
    }
    old_score = risk.score
    _rescored(actor, risk, likelihood, impact, reason)
    risk.likelihood = likelihood
    risk.impact = impact
    if review_on is not None:
        risk.review_on = review_on
    db.session.flush()
    record(
        actor,
        "risk.rescored",
        risk,
        f"Changed the score of risk {risk.id} from {old_score} to {risk.score}",
        before=before,
        after={
            "likelihood": likelihood,
            "impact": impact,
            "review_on": risk.review_on.isoformat(),
            "reason": risk.history[-1].reason,
        },
    )
    db.session.flush()


# Reading ------------------------------------------------------------------------------------


def load_risk(risk_id: int) -> Risk | None:
    """A risk with what its page shows."""
    return db.session.scalar(
        sa.select(Risk)
        .where(Risk.id == risk_id)
        .options(
            joinedload(Risk.owner),
            joinedload(Risk.body),
            selectinload(Risk.history).joinedload(RiskScoreChange.changed_by),
            selectinload(Risk.items).joinedload(AgendaItem.meeting).joinedload(Meeting.body),
            selectinload(Risk.actions),
        )
    )


CURRENT = "current"
STATUS_FILTERS = {
    CURRENT: "Open or accepted",
    RiskStatus.OPEN.value: RiskStatus.OPEN.label,
    RiskStatus.TOLERATED.value: RiskStatus.TOLERATED.label,
    RiskStatus.CLOSED.value: RiskStatus.CLOSED.label,
    "all": "All, closed too",
}


@dataclass(frozen=True)
class Filters:
    body_id: int | None = None
    band: str | None = None
    status: str = CURRENT


@dataclass(frozen=True)
class RegisterRow:
    """A risk as the register lists it."""

    risk: Risk
    band: Band
    trend: Trend
    overdue: bool

    @property
    def score(self) -> int:
        return self.risk.score


def _status_condition(status: str) -> sa.ColumnElement[bool]:
    if status == CURRENT:
        return Risk.status != RiskStatus.CLOSED.value
    if status == "all":
        return sa.true()
    return Risk.status == status


def register(filters: Filters, today: date) -> list[RegisterRow]:
    """The risks that match ``filters``, score high to low, each with its band, trend and
    whether its review is overdue. The same few queries whatever the number of risks."""
    query = (
        sa.select(Risk)
        .where(_status_condition(filters.status))
        .options(
            joinedload(Risk.owner),
            joinedload(Risk.body),
            selectinload(Risk.history),
        )
    )
    if filters.body_id is not None:
        query = query.where(Risk.body_id == filters.body_id)
    limits = thresholds()
    rows = []
    for risk in _by_score(db.session.scalars(query).unique()):
        band = Band(risk_band(risk.score, limits))
        if filters.band is not None and band.value != filters.band:
            continue
        rows.append(
            RegisterRow(
                risk=risk,
                band=band,
                trend=trend([change.score for change in risk.history]),
                overdue=review_overdue(risk.review_on, today, risk.status),
            )
        )
    return rows


@dataclass(frozen=True)
class HeatMap:
    """How many risks sit in each cell of the 5 by 5 matrix, with each cell's band."""

    counts: dict[tuple[int, int], int]
    bands: dict[tuple[int, int], Band]
    by_band: dict[Band, int]
    total: int

    def describe(self) -> str:
        """ "12 risks: 2 extreme, 4 high, 5 moderate and 1 low"."""
        parts = [f"{self.by_band[band]} {band.value}" for band in reversed(BANDS)]
        listed = ", ".join(parts[:-1]) + " and " + parts[-1]
        noun = "risk" if self.total == 1 else "risks"
        return f"{self.total} {noun}: {listed}"


def heat_map(risks: Iterable[Risk], limits: Thresholds | None = None) -> HeatMap:
    """The heat map of ``risks`` by their current likelihood and impact."""
    limits = limits or thresholds()
    counts = heat_map_counts((risk.likelihood, risk.impact) for risk in risks)
    bands = {cell: Band(risk_band(risk_score(*cell), limits)) for cell in counts}
    by_band = dict.fromkeys(BANDS, 0)
    for cell, count in counts.items():
        by_band[bands[cell]] += count
    return HeatMap(counts=counts, bands=bands, by_band=by_band, total=sum(counts.values()))


def linkable_items(today: date, keep: Iterable[AgendaItem] = ()) -> list[AgendaItem]:
    """Agenda items a risk may be linked to: those of meetings from ``today`` on that go
    ahead, and those it is linked to already."""
    start = local_to_utc(today, time(0, 0))
    items = list(
        db.session.scalars(
            sa.select(AgendaItem)
            .join(Meeting, Meeting.id == AgendaItem.meeting_id)
            .where(Meeting.starts_at >= start, Meeting.cancelled_at.is_(None))
            .options(joinedload(AgendaItem.meeting).joinedload(Meeting.body))
            .order_by(Meeting.starts_at, AgendaItem.part.desc(), AgendaItem.position)
        ).unique()
    )
    ids = {item.id for item in items}
    return items + [item for item in keep if item.id not in ids]


def linkable_actions(keep: Iterable[Action] = ()) -> list[Action]:
    """Actions a risk may be linked to: open or in progress, and those it is linked to."""
    open_statuses = [status.value for status in ActionStatus if status.is_open]
    actions = list(
        db.session.scalars(
            sa.select(Action)
            .where(Action.status.in_(open_statuses))
            .order_by(Action.due_on, Action.id)
        )
    )
    ids = {action.id for action in actions}
    return actions + [action for action in keep if action.id not in ids]


def visible_linked_actions(risk: Risk, user: Any) -> list[Action]:
    """The actions linked to ``risk`` that ``user`` may read."""
    ids = [action.id for action in risk.actions]
    if not ids:
        return []
    return list(
        db.session.scalars(
            sa.select(Action)
            .where(Action.id.in_(ids), visible_actions(user))
            .order_by(Action.due_on, Action.id)
        )
    )
