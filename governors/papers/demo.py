"""Demo cover sheets: on the demo agendas' items that have papers, and on the items that
came from governors' requests. Plain words throughout, but one deliberately hard one, kept
with the secretary's reason. A few demo risks are linked to items if the risks demo linked
none; then each agenda already published gets a new version carrying them.

Runs last, after the agendas, risks and packs demos.
"""

from __future__ import annotations

from datetime import time

import sqlalchemy as sa

from governors.agendas import rules
from governors.agendas import services as agendas
from governors.agendas.models import AgendaItem
from governors.agendas.rules import Part, Purpose
from governors.demo import DemoCouncil
from governors.extensions import db
from governors.meetings.models import Meeting
from governors.papers import services
from governors.people.models import Role
from governors.risks.models import Risk, risk_agenda_items
from governors.timeutil import local_to_utc

CHANGE_NOTE = "Cover sheets added"

# What governors are asked to do, by the start of the item's title: three sentences or
# fewer, then the questions they may want to ask (one a line).
SHEETS: dict[str, tuple[str, str]] = {
    "Chief executive's report": (
        "Governors are asked to note the report. It says how the trust is doing on waits, "
        "staff and money since the last meeting.",
        "Which waits are still longer than the national standard?\n"
        "What is the trust doing to keep staff?",
    ),
    "Quality and safety report": (
        "Governors are asked to read what patients and carers told us. The report shows "
        "where care went wrong and what has changed since.",
        "Are falls on the wards going down?\nHow do we know the changes are working?",
    ),
    "Annual plan": (
        "Governors are asked what members want the plan to put first. Their views go to "
        "the board before it agrees the plan.",
        "What did members say at constituency meetings?\n"
        "Which choices in the plan would change care most?",
    ),
    "Finance and performance update": (
        "Governors are asked to note where the trust stands against its money plan. It is "
        "a little behind, and the report says how it will catch up.",
        "What will the trust stop doing to save money?",
    ),
    "Non-executive director appointments": (
        "Governors are asked to agree the committee's choice of two new non-executive "
        "directors. The committee met each person and explains its choice.",
        "How did the panel test each person's skills?",
    ),
}

# The one the secretary kept although the readability check advised against it.
HARD = (
    "Governors are requested to acknowledge the comprehensive organisational assurance "
    "documentation regarding the board assurance framework, notwithstanding the "
    "considerable interdependencies identified."
)
HARD_REASON = "These are the words the board used. The chair will explain them at the meeting."


def _sheet_for(item: AgendaItem) -> tuple[str, str | None]:
    for start, (asks, questions) in SHEETS.items():
        if item.title.startswith(start):
            return asks, questions
    if item.request_id is not None:
        return (
            "A governor asks the Council to talk about this. Governors are asked to share "
            "what they have heard and agree what to ask the board.",
            "What have members told you about this?",
        )
    verb = {
        Purpose.DECIDE: "decide on",
        Purpose.DISCUSS: "talk about",
    }.get(Purpose(item.purpose), "note")
    return (
        f"Governors are asked to {verb} the paper. The person presenting it will take questions.",
        None,
    )


def _link_some_risks(items: list[AgendaItem]) -> None:
    """If no demo risk is linked to any of these items, link the highest scored ones to a
    few items with papers (public and private)."""
    ids = [item.id for item in items]
    if not ids or db.session.scalar(
        sa.select(sa.func.count()).where(risk_agenda_items.c.item_id.in_(ids))
    ):
        return
    risks = sorted(
        db.session.scalars(sa.select(Risk).where(Risk.status != "closed")),
        key=lambda risk: -risk.score,
    )[:3]
    with_papers = [item for item in items if item.papers]
    rows = [
        {"risk_id": risk.id, "item_id": item.id}
        for item, risk in zip(with_papers[:3], risks, strict=False)
    ]
    if rows:
        db.session.execute(sa.insert(risk_agenda_items), rows)


def load(council: DemoCouncil) -> None:
    people = list(council.people.values())
    secretary = next(person for person in people if person.has_role(Role.SECRETARY))
    now = local_to_utc(council.today, time(9, 0))
    latest = agendas.latest_versions(db.session.scalars(sa.select(Meeting.id)).all())
    meetings = db.session.scalars(
        sa.select(Meeting).where(Meeting.id.in_(sorted(latest))).order_by(Meeting.starts_at)
    ).all()
    items = [item for meeting in meetings for item in agendas.items_for(meeting)]
    _link_some_risks(items)
    hard_done = False
    written: set[int] = set()
    for item in items:
        if item.standing or not (item.papers or item.request_id is not None):
            continue
        written.add(item.meeting_id)
        linked = services.linked_risk_ids(item)
        if not hard_done and item.part == Part.PUBLIC and item.title.startswith("Board assurance"):
            services.save_cover_sheet(
                secretary, item, asks=HARD, risk_ids=linked, advice_reason=HARD_REASON
            )
            hard_done = True
            continue
        asks, questions = _sheet_for(item)
        services.save_cover_sheet(secretary, item, asks=asks, questions=questions, risk_ids=linked)
    if not hard_done:
        # No board assurance item with a paper: the hard one goes on the first such item.
        for item in items:
            if item.title.startswith("Board assurance") and item.cover_sheet is None:
                services.save_cover_sheet(secretary, item, asks=HARD, advice_reason=HARD_REASON)
                written.add(item.meeting_id)
                break
    db.session.flush()
    for meeting in meetings:
        version = latest[meeting.id]
        if meeting.id not in written:
            continue
        if not rules.has_unpublished_changes(agendas.current_snapshot(meeting), version.snapshot):
            continue
        # Between the last version and the meeting (or now, if sooner), as a secretary
        # would have done it.
        until = min(meeting.starts_at, now)
        at = version.published_at + (until - version.published_at) / 2
        agendas.publish(secretary, meeting, CHANGE_NOTE, notify=False, at=at)
