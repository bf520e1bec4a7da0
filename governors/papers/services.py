"""Cover sheets: the only place they are written, with the risks they link to the item.

A cover sheet leads an item's papers: what governors are asked to do (three sentences or
fewer), the key risks (risks from the register, linked to the item), and what governors
may want to ask. Every change takes the acting user, writes its audit entry and flushes;
the view commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa

from governors.agendas.models import AgendaItem
from governors.audit.services import private_name, record
from governors.errors import Refused
from governors.extensions import db
from governors.glossary.readability import Advice, AdviceKind, advise, sentences
from governors.papers.models import CoverSheet
from governors.risks.models import Risk, risk_agenda_items
from governors.risks.rules import RiskStatus

# What the cover sheet asks is said in three sentences or fewer.
MAX_SENTENCES = 3
ASKS_MAX = 1000
QUESTIONS_MAX = 2000
REASON_MAX = 1000


def _clean(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None


def sentence_count(text: str | None) -> int:
    return len(sentences(text or ""))


def check_asks(asks: str | None) -> str:
    """What the cover sheet asks, trimmed; refused when blank, too long, or more than
    three sentences."""
    text = _clean(asks)
    if text is None:
        raise Refused("Enter what governors are asked to do", field="asks")
    if len(text) > ASKS_MAX:
        raise Refused(
            f"What governors are asked to do must be {ASKS_MAX:,} characters or fewer",
            field="asks",
        )
    count = sentence_count(text)
    if count > MAX_SENTENCES:
        raise Refused(
            f"What governors are asked to do must be {MAX_SENTENCES} sentences or fewer: "
            f"it has {count}. Cut it to {MAX_SENTENCES} and put the rest in the paper",
            field="asks",
        )
    return text


def advice_on(asks: str | None, questions: str | None, known_terms: Iterable[str]) -> list[Advice]:
    """Plain-language advice on the cover sheet's words (the sentence limit is a refusal,
    not advice, so it is not repeated here)."""
    text = "\n".join(part for part in (_clean(asks), _clean(questions)) if part)
    return [
        found
        for found in advise(text, known_terms=list(known_terms))
        if found.kind is not AdviceKind.TOO_MANY_SENTENCES
    ]


def glossary_terms() -> list[str]:
    """The glossary's terms, which need no spelling out."""
    from governors.glossary.services import entries

    return [entry.term for entry in entries()]


def linkable_risks(item: AgendaItem) -> list[Risk]:
    """The risks a cover sheet may name: every risk not closed, and any already linked to
    the item, score high to low. Two queries (the risks, the item's links)."""
    linked = linked_risk_ids(item)
    risks = db.session.scalars(
        sa.select(Risk).where(sa.or_(Risk.status != RiskStatus.CLOSED.value, Risk.id.in_(linked)))
    ).all()
    return sorted(risks, key=lambda risk: (-risk.score, risk.title.lower(), risk.id))


def linked_risk_ids(item: AgendaItem) -> list[int]:
    return sorted(
        db.session.scalars(
            sa.select(risk_agenda_items.c.risk_id).where(risk_agenda_items.c.item_id == item.id)
        )
    )


def _set_links(item: AgendaItem, risk_ids: Sequence[int]) -> tuple[list[int], list[int]]:
    """Link exactly ``risk_ids`` to the item; returns the ids linked and unlinked."""
    wanted = set(risk_ids)
    if wanted:
        found = set(db.session.scalars(sa.select(Risk.id).where(Risk.id.in_(sorted(wanted)))))
        if found != wanted:
            raise Refused("Choose risks from the register", field="risks")
    have = set(linked_risk_ids(item))
    added, dropped = sorted(wanted - have), sorted(have - wanted)
    if dropped:
        db.session.execute(
            sa.delete(risk_agenda_items).where(
                risk_agenda_items.c.item_id == item.id,
                risk_agenda_items.c.risk_id.in_(dropped),
            )
        )
    if added:
        db.session.execute(
            sa.insert(risk_agenda_items),
            [{"risk_id": risk_id, "item_id": item.id} for risk_id in added],
        )
    return added, dropped


def _facts(sheet: CoverSheet | None, risk_ids: Iterable[int]) -> dict[str, Any]:
    return {
        "asks": sheet.asks if sheet else None,
        "questions": sheet.questions if sheet else None,
        "advice_reason": sheet.advice_reason if sheet else None,
        "risks": sorted(risk_ids),
    }


def save_cover_sheet(
    actor: Any,
    item: AgendaItem,
    *,
    asks: str | None,
    questions: str | None = None,
    risk_ids: Sequence[int] = (),
    advice_reason: str | None = None,
) -> CoverSheet:
    """Write or rewrite the item's cover sheet and link exactly the chosen risks to it.

    ``advice_reason``: why the author kept words they were advised are hard to read.
    Refused, naming the field, when what it asks is blank or more than three sentences.
    """
    text = check_asks(asks)
    questions = _clean(questions)
    if questions is not None and len(questions) > QUESTIONS_MAX:
        raise Refused(
            f"What governors may want to ask must be {QUESTIONS_MAX:,} characters or fewer",
            field="questions",
        )
    reason = _clean(advice_reason)
    if reason is not None and len(reason) > REASON_MAX:
        raise Refused(
            f"Why you are keeping these words must be {REASON_MAX:,} characters or fewer",
            field="advice_reason",
        )
    sheet = db.session.scalar(sa.select(CoverSheet).where(CoverSheet.item_id == item.id))
    before = _facts(sheet, linked_risk_ids(item))
    new = sheet is None
    if sheet is None:
        sheet = CoverSheet(item=item, asks=text, written_by_id=actor.id)
        db.session.add(sheet)
    sheet.asks = text
    sheet.questions = questions
    sheet.advice_reason = reason
    sheet.written_by_id = actor.id
    _set_links(item, risk_ids)
    db.session.flush()
    after = _facts(sheet, risk_ids)
    changed = [name for name in after if before[name] != after[name]]
    private = item.is_private
    name = private_name("agenda item", item.id) if private else f"'{item.title}'"
    record(
        actor,
        "papers.cover_sheet_written" if new else "papers.cover_sheet_changed",
        sheet,
        f"{'Wrote' if new else 'Changed'} the cover sheet for {name} "
        f"({', '.join(changed) or 'nothing'})",
        before=None if new else {key: before[key] for key in changed},
        after={key: after[key] for key in changed},
        private=private,
    )
    db.session.flush()
    return sheet
