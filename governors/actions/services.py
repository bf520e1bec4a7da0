"""The action log: the only place actions are written, and what its pages read.

Every change takes the acting user, writes the action's own history (who, when, what
changed, before and after) and the audit entry, queues its emails and flushes; the view
commits. An action from a private item is named in the audit log only as a private record.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import Any

import holidays
import sqlalchemy as sa
from sqlalchemy.orm import joinedload, noload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from governors.actions import rules
from governors.actions.models import Action, ActionChase, ActionOwner, ActionUpdate
from governors.actions.rules import ActionStatus, DuePeriod
from governors.agendas.models import AgendaItem
from governors.audit.services import private_name, record
from governors.bodies.models import Body
from governors.council.models import current_settings
from governors.documents.models import Document
from governors.errors import Refused
from governors.extensions import db
from governors.meetings.models import Meeting
from governors.outbox.services import absolute_url, queue_email
from governors.people.models import User
from governors.requests.clear_days import Nation
from governors.timeutil import format_date, local_to_utc, local_today, to_local, utcnow


@dataclass(frozen=True)
class Owner:
    """An owner as chosen on a form: a person with an account, or a name and an email."""

    user_id: int | None = None
    name: str | None = None
    email: str | None = None

    def key(self) -> tuple[str, str]:
        if self.user_id is not None:
            return ("user", str(self.user_id))
        return ("named", (self.email or "").strip().lower())


@dataclass(frozen=True)
class ActionDetails:
    description: str
    due_on: date
    owners: Sequence[Owner]


def _named(action: Action) -> str:
    return private_name("action", action.id) if action.private else f"action {action.id}"


def _check(details: ActionDetails, today: date, *, moving_from: date | None = None) -> str:
    description = (details.description or "").strip()
    if not description:
        raise Refused("Say what is to be done", field="description")
    if len(description) > 2000:
        raise Refused("What is to be done must be 2,000 characters or fewer", field="description")
    if details.due_on < today and details.due_on != moving_from:
        raise Refused("The due date must be today or later", field="due_on")
    if not details.owners:
        raise Refused("Choose at least one owner, or name someone with their email", field="owners")
    if len({owner.key() for owner in details.owners}) != len(details.owners):
        raise Refused("Each owner can be named only once", field="owners")
    for owner in details.owners:
        if owner.user_id is None and not (
            (owner.name or "").strip() and (owner.email or "").strip()
        ):
            raise Refused(
                "Give the name and the email of someone without an account", field="owner_name"
            )
    return description


def _owner_rows(owners: Sequence[Owner]) -> list[ActionOwner]:
    rows = []
    for owner in owners:
        if owner.user_id is not None:
            rows.append(ActionOwner(user_id=owner.user_id))
        else:
            rows.append(
                ActionOwner(name=(owner.name or "").strip(), email=(owner.email or "").strip())
            )
    return rows


def _history(actor: Any, action: Action, summary: str, changes: dict[str, Any]) -> None:
    db.session.add(
        ActionUpdate(action_id=action.id, actor_id=actor.id, summary=summary, changes=changes)
    )


def _tell_owners(action: Action, subject: str, template: str, **context: Any) -> int:
    """Email each owner (people with accounts who are still with the trust, and named
    people); returns how many were told."""
    told = 0
    for owner in action.owners:
        if owner.user is not None and not owner.user.active:
            continue
        queue_email(
            owner.address,
            subject,
            template,
            owner=owner,
            action=action,
            link=absolute_url("governors.actions.detail", action_id=action.id),
            minute_link=_minute_link(action),
            **context,
        )
        told += 1
    return told


def _minute_link(action: Action) -> str | None:
    """The page of the meeting the action came from, where its minutes are reached."""
    if action.meeting_id is None:
        return None
    return absolute_url("governors.meetings.detail", meeting_id=action.meeting_id)


def raise_action(
    actor: Any,
    details: ActionDetails,
    *,
    body: Body,
    meeting: Meeting | None = None,
    item: AgendaItem | None = None,
    private: bool = False,
    question: Any = None,
    notify: bool = True,
    today: date | None = None,
) -> Action:
    """Raise an action: from a minuted item (``item``: private when the item is), at a
    meeting, or on its own for ``body``; ``question`` is the question to the board whose
    answer it follows up (private unless the question is published)."""
    today = today or local_today()
    description = _check(details, today)
    if item is not None:
        meeting = item.meeting
        private = item.is_private
    if question is not None:
        private = private or not question.published
    if meeting is not None and meeting.body_id != body.id:
        raise Refused("The meeting must be one of the body's own", field="meeting_id")
    action = Action(
        body=body,
        meeting=meeting,
        item=item,
        private=private,
        description=description,
        due_on=details.due_on,
        original_due_on=details.due_on,
        status=ActionStatus.OPEN.value,
        raised_by_id=actor.id,
        question_id=question.id if question is not None else None,
        owners=_owner_rows(details.owners),
    )
    db.session.add(action)
    db.session.flush()
    _history(actor, action, "Raised", {"due_on": details.due_on.isoformat()})
    record(
        actor,
        "actions.raised",
        action,
        f"Raised {_named(action)}, due {details.due_on.isoformat()}",
        after={"due_on": details.due_on.isoformat()},
        private=private,
    )
    if notify:
        db.session.refresh(action, ["owners"])
        _tell_owners(action, "An action for you", "governors/email/actions_raised.txt")
    return action


def change_action(
    actor: Any, action: Action, details: ActionDetails, *, reason: str | None = None
) -> None:
    """Those who follow actions up change what is to be done, its owners or its due date.
    A new due date keeps the one first given (``original_due_on``)."""
    today = local_today()
    description = _check(details, today, moving_from=action.due_on)
    before = {
        "description": action.description,
        "due_on": action.due_on.isoformat(),
        "owners": action.owner_names,
    }
    action.description = description
    action.due_on = details.due_on
    wanted = {owner.key(): owner for owner in details.owners}
    for row in list(action.owners):
        key = (
            ("user", str(row.user_id))
            if row.user_id is not None
            else ("named", (row.email or "").lower())
        )
        if key in wanted:
            wanted.pop(key)
        else:
            action.owners.remove(row)
    action.owners.extend(_owner_rows(list(wanted.values())))
    db.session.flush()
    db.session.refresh(action, ["owners"])
    after = {
        "description": action.description,
        "due_on": action.due_on.isoformat(),
        "owners": action.owner_names,
    }
    changed = {name: [before[name], after[name]] for name in before if before[name] != after[name]}
    if not changed:
        return
    words = {"description": "what is to be done", "due_on": "the due date", "owners": "the owners"}
    summary = "Changed " + ", ".join(words[name] for name in changed)
    if reason:
        changed["reason"] = reason.strip()
    _history(actor, action, summary, changed)
    record(
        actor,
        "actions.changed",
        action,
        f"{summary} of {_named(action)}",
        before={name: value[0] for name, value in changed.items() if name != "reason"},
        after={name: value[1] for name, value in changed.items() if name != "reason"},
        private=action.private,
    )


@dataclass(frozen=True)
class Progress:
    status: ActionStatus | str
    progress: str | None = None
    outcome: str | None = None
    drop_reason: str | None = None
    evidence: Document | None = None


def update_progress(actor: Any, action: Action, update: Progress) -> None:
    """An owner (or someone who follows up) moves an action on: in progress, done (saying
    what was done, with evidence if there is some) or dropped (saying why)."""
    status = ActionStatus(update.status)
    progress = (update.progress or "").strip() or None
    outcome = (update.outcome or "").strip() or None
    reason = (update.drop_reason or "").strip() or None
    if status is ActionStatus.DONE and outcome is None:
        raise Refused("Say what was done", field="outcome")
    if status is ActionStatus.DROPPED and reason is None:
        raise Refused("Say why the action is being dropped", field="drop_reason")
    before = {
        "status": action.status,
        "progress": action.progress,
        "outcome": action.outcome,
        "drop_reason": action.drop_reason,
        "evidence": action.evidence.filename if action.evidence else None,
    }
    action.status = status.value
    action.progress = progress
    action.outcome = outcome if status is ActionStatus.DONE else None
    action.drop_reason = reason if status is ActionStatus.DROPPED else None
    if update.evidence is not None:
        action.evidence = update.evidence
    if status.is_open:
        action.closed_at = None
    elif action.closed_at is None:
        action.closed_at = utcnow()
    db.session.flush()
    after = {
        "status": action.status,
        "progress": action.progress,
        "outcome": action.outcome,
        "drop_reason": action.drop_reason,
        "evidence": action.evidence.filename if action.evidence else None,
    }
    changed = {name: [before[name], after[name]] for name in before if before[name] != after[name]}
    if not changed:
        return
    summary = f"Marked {status.label.lower()}" if "status" in changed else "Updated the progress"
    _history(actor, action, summary, changed)
    record(
        actor,
        "actions.updated",
        action,
        f"{summary}: {_named(action)}",
        before={"status": before["status"]},
        after={"status": after["status"]},
        private=action.private,
    )


def chase(
    actor: Any, action: Action, note: str | None = None, *, notify: bool = True
) -> ActionChase:
    """Email the owners of an open action asking for news, with links to the action and the
    meeting it came from; kept with the action. ``notify`` False records a chase made
    another way (by phone, say) without emailing."""
    if not action.is_open:
        raise Refused("This action is closed, so there is nothing to chase")
    note = (note or "").strip() or None
    if notify:
        told = _tell_owners(
            action,
            "Can you give an update on your action?",
            "governors/email/actions_chased.txt",
            chaser=actor,
            note=note,
            overdue=rules.is_overdue(action.due_on, action.status, local_today()),
        )
    else:
        told = sum(1 for owner in action.owners if owner.user is None or owner.user.active)
    if not told:
        raise Refused("None of the owners can be emailed. Change the owners first.")
    chased = ActionChase(action_id=action.id, chased_by_id=actor.id, recipients=told, note=note)
    db.session.add(chased)
    db.session.flush()
    record(
        actor,
        "actions.chased",
        action,
        f"Chased the owners of {_named(action)}",
        private=action.private,
    )
    return chased


# Reading -----------------------------------------------------------------------------------


def load_action(action_id: int) -> Action | None:
    return db.session.scalar(
        sa.select(Action)
        .where(Action.id == action_id)
        .options(
            selectinload(Action.owners).joinedload(ActionOwner.user),
            joinedload(Action.meeting).joinedload(Meeting.body),
            joinedload(Action.body),
            joinedload(Action.item),
            joinedload(Action.evidence),
        )
    )


def history_of(action: Action) -> list[ActionUpdate]:
    return list(
        db.session.scalars(
            sa.select(ActionUpdate)
            .where(ActionUpdate.action_id == action.id)
            .options(joinedload(ActionUpdate.actor))
            .order_by(ActionUpdate.at.desc(), ActionUpdate.id.desc())
        )
    )


def chases_of(action: Action) -> list[ActionChase]:
    return list(
        db.session.scalars(
            sa.select(ActionChase)
            .where(ActionChase.action_id == action.id)
            .options(joinedload(ActionChase.chased_by))
            .order_by(ActionChase.at.desc(), ActionChase.id.desc())
        )
    )


@dataclass(frozen=True)
class Filters:
    owner_id: int | None = None
    body_id: int | None = None
    meeting_id: int | None = None
    status: str | None = None  # a status, or STILL_OPEN for open and in progress
    period: str | None = None  # a DuePeriod value

    @property
    def any(self) -> bool:
        return any(
            value is not None
            for value in (self.owner_id, self.body_id, self.meeting_id, self.status, self.period)
        )


OPEN_STATUSES = [s.value for s in ActionStatus if s.is_open]
# The status filter for every action still to be done.
STILL_OPEN = "still_open"


def _filtered(query: sa.Select, filters: Filters, today: date) -> sa.Select:
    if filters.owner_id is not None:
        query = query.where(
            Action.id.in_(
                sa.select(ActionOwner.action_id).where(ActionOwner.user_id == filters.owner_id)
            )
        )
    if filters.body_id is not None:
        query = query.where(Action.body_id == filters.body_id)
    if filters.meeting_id is not None:
        query = query.where(Action.meeting_id == filters.meeting_id)
    if filters.status == STILL_OPEN:
        query = query.where(Action.status.in_(OPEN_STATUSES))
    elif filters.status:
        query = query.where(Action.status == filters.status)
    if filters.period:
        period = DuePeriod(filters.period)
        week = today + rules.WEEK
        query = query.where(
            {
                DuePeriod.OVERDUE: sa.and_(Action.due_on < today, Action.status.in_(OPEN_STATUSES)),
                DuePeriod.TODAY: Action.due_on == today,
                DuePeriod.WITHIN_A_WEEK: sa.and_(Action.due_on > today, Action.due_on <= week),
                DuePeriod.LATER: Action.due_on > week,
            }[period]
        )
    return query


def _overdue_first(today: date) -> list[Any]:
    overdue = sa.and_(Action.due_on < today, Action.status.in_(OPEN_STATUSES))
    still_open = Action.status.in_(OPEN_STATUSES)
    return [
        sa.case((overdue, 0), (still_open, 1), else_=2),
        Action.due_on,
        Action.id,
    ]


@dataclass
class LogPage:
    actions: list[Action]
    total: int
    counts: dict[str, int] = field(default_factory=dict)
    overdue: int = 0
    page: int = 1
    pages: int = 1


PAGE_SIZE = 50


def log(
    visible: sa.ColumnElement[bool],
    filters: Filters,
    *,
    today: date | None = None,
    page: int = 1,
    page_size: int | None = PAGE_SIZE,
) -> LogPage:
    """The action log as ``visible`` allows: overdue first, then open by due date, then
    closed; counts by status (of the filtered log), in a fixed number of queries."""
    today = today or local_today()
    base = _filtered(sa.select(Action).where(visible), filters, today)
    counts, overdue = counts_of(visible, filters, today)
    total = sum(counts.values())
    query = base.order_by(*_overdue_first(today)).options(
        selectinload(Action.owners).joinedload(ActionOwner.user),
        joinedload(Action.meeting).joinedload(Meeting.body),
        joinedload(Action.body),
        joinedload(Action.item),
    )
    pages = 1
    if page_size is not None:
        pages = max(1, -(-total // page_size))
        page = min(max(page, 1), pages)
        query = query.limit(page_size).offset((page - 1) * page_size)
    return LogPage(
        actions=list(db.session.scalars(query).unique()),
        total=total,
        counts=counts,
        overdue=overdue,
        page=page,
        pages=pages,
    )


def counts_of(
    visible: sa.ColumnElement[bool], filters: Filters, today: date
) -> tuple[dict[str, int], int]:
    """How many actions of the filtered log there are in each status, and how many are
    overdue: two queries."""
    counted = db.session.execute(
        _filtered(
            sa.select(Action.status, sa.func.count()).where(visible), filters, today
        ).group_by(Action.status)
    ).all()
    counts = {status.value: 0 for status in ActionStatus}
    counts.update({status: n for status, n in counted})
    overdue = db.session.scalar(
        _filtered(sa.select(sa.func.count(Action.id)).where(visible), filters, today).where(
            Action.due_on < today, Action.status.in_(OPEN_STATUSES)
        )
    )
    return counts, overdue or 0


def every_action(
    visible: sa.ColumnElement[bool], filters: Filters, *, today: date | None = None
) -> list[Action]:
    """Every action of the filtered log (not one page), in the log's order, with its owners
    and where it came from: what the PDF export holds (the CSV export reads plain rows,
    ``export_rows``). Two queries however many there are: the actions, then all of their
    owners at once (not in batches by id)."""
    today = today or local_today()
    matching = _filtered(sa.select(Action.id).where(visible), filters, today)
    actions = list(
        db.session.scalars(
            _filtered(sa.select(Action).where(visible), filters, today)
            .order_by(*_overdue_first(today))
            .options(
                joinedload(Action.meeting).joinedload(Meeting.body),
                joinedload(Action.body),
                joinedload(Action.item),
                noload(Action.owners),
            )
        )
    )
    _attach_owners(actions, matching)
    return actions


def owners_in_log(visible: sa.ColumnElement[bool]) -> list[User]:
    """Everyone with an account who owns an action in the log: the owner filter's choices."""
    return list(
        db.session.scalars(
            sa.select(User)
            .where(
                User.id.in_(
                    sa.select(ActionOwner.user_id)
                    .join(Action, Action.id == ActionOwner.action_id)
                    .where(visible)
                )
            )
            .order_by(User.name, User.id)
        )
    )


def meetings_in_log(visible: sa.ColumnElement[bool]) -> list[Meeting]:
    return list(
        db.session.scalars(
            sa.select(Meeting)
            .where(Meeting.id.in_(sa.select(Action.meeting_id).where(visible)))
            .options(joinedload(Meeting.body))
            .order_by(Meeting.starts_at.desc())
        )
    )


def actions_of(user: User, *, open_only: bool = True, limit: int | None = None) -> list[Action]:
    """The actions ``user`` owns (the first ``limit`` of them), overdue first, with their
    owners and where they came from: two queries, however many they own."""
    mine = sa.select(Action.id).where(
        Action.id.in_(sa.select(ActionOwner.action_id).where(ActionOwner.user_id == user.id))
    )
    if open_only:
        mine = mine.where(Action.status.in_(OPEN_STATUSES))
    query = (
        sa.select(Action)
        .where(Action.id.in_(mine))
        .order_by(*_overdue_first(local_today()))
        .options(
            joinedload(Action.meeting).joinedload(Meeting.body),
            joinedload(Action.body),
            joinedload(Action.item),
            noload(Action.owners),
        )
    )
    if limit is not None:
        query = query.limit(limit)
    actions = list(db.session.scalars(query))
    _attach_owners(actions, [a.id for a in actions] if limit is not None else mine)
    return actions


@dataclass(frozen=True)
class ExportRow:
    """One action of the log as a spreadsheet has it: plain values, no records."""

    id: int
    description: str
    body: str
    meeting: str
    item: str
    owners: str
    due_on: date
    original_due_on: date
    status: str
    overdue: bool
    progress: str
    outcome: str
    raised_on: date
    private: bool


def export_rows(
    visible: sa.ColumnElement[bool], filters: Filters, *, today: date | None = None
) -> list[ExportRow]:
    """Every action of the filtered log (not one page), in the log's order, as plain rows
    for the CSV export: three queries however many there are (the actions with their body
    and item, the meetings they came from, and all their owners at once), and no records
    built for them, so a log of thousands is quick to export."""
    today = today or local_today()
    matching = _filtered(sa.select(Action.id).where(visible), filters, today)
    rows = db.session.execute(
        _filtered(
            sa.select(
                Action.id,
                Action.description,
                Action.meeting_id,
                Action.private,
                Action.due_on,
                Action.original_due_on,
                Action.status,
                Action.progress,
                Action.outcome,
                Action.drop_reason,
                Action.created_at,
                Body.name.label("body_name"),
                AgendaItem.title.label("item_title"),
            )
            .join(Body, Body.id == Action.body_id)
            .outerjoin(AgendaItem, AgendaItem.id == Action.item_id)
            .where(visible),
            filters,
            today,
        ).order_by(*_overdue_first(today))
    ).all()
    meetings = {
        meeting.id: f"{meeting.kind_label}, {format_date(meeting.day)}"
        for meeting in db.session.scalars(
            sa.select(Meeting)
            .where(Meeting.id.in_(matching.with_only_columns(Action.meeting_id)))
            .options(joinedload(Meeting.body))
        )
    }
    owners: dict[int, list[str]] = {}
    for action_id, user_name, named in db.session.execute(
        sa.select(ActionOwner.action_id, User.name, ActionOwner.name)
        .outerjoin(User, User.id == ActionOwner.user_id)
        .where(ActionOwner.action_id.in_(matching))
        .order_by(ActionOwner.id)
    ):
        owners.setdefault(action_id, []).append(user_name or named or "")
    return [
        ExportRow(
            id=row.id,
            description=row.description,
            body=row.body_name,
            meeting=meetings.get(row.meeting_id, "") if row.meeting_id is not None else "",
            item=row.item_title or "",
            owners=", ".join(owners.get(row.id, [])),
            due_on=row.due_on,
            original_due_on=row.original_due_on,
            status=ActionStatus(row.status).label,
            overdue=rules.is_overdue(row.due_on, row.status, today),
            progress=row.progress or "",
            outcome=row.outcome or row.drop_reason or "",
            raised_on=to_local(row.created_at).date(),
            private=row.private,
        )
        for row in rows
    ]


def count_of_mine(user: User, today: date) -> tuple[int, int]:
    """How many open actions ``user`` owns, and how many of those are overdue: one query."""
    still_open = sa.and_(
        Action.status.in_(OPEN_STATUSES),
        Action.id.in_(sa.select(ActionOwner.action_id).where(ActionOwner.user_id == user.id)),
    )
    row = db.session.execute(
        sa.select(
            sa.func.count(Action.id), sa.func.count(sa.case((Action.due_on < today, 1)))
        ).where(still_open)
    ).one()
    return row[0] or 0, row[1] or 0


def _attach_owners(actions: Sequence[Action], ids: sa.Select | Sequence[int]) -> None:
    """Load the owners of ``actions`` (whose ids are ``ids``, a list or a query) in one
    query, not in batches by id as a relationship loader would."""
    owners: dict[int, list[ActionOwner]] = {action.id: [] for action in actions}
    if owners:
        for owner in db.session.scalars(
            sa.select(ActionOwner)
            .where(ActionOwner.action_id.in_(ids))
            .options(joinedload(ActionOwner.user), noload(ActionOwner.action))
            .order_by(ActionOwner.id)
        ):
            if owner.action_id in owners:
                owners[owner.action_id].append(owner)
    for action in actions:
        set_committed_value(action, "owners", owners[action.id])


def overdue_actions(
    visible: sa.ColumnElement[bool], today: date | None = None, limit: int = 10
) -> tuple[int, list[Action]]:
    """How many actions ``visible`` allows are overdue, and the oldest ``limit`` of them."""
    today = today or local_today()
    late = sa.and_(visible, Action.due_on < today, Action.status.in_(OPEN_STATUSES))
    count = db.session.scalar(sa.select(sa.func.count(Action.id)).where(late)) or 0
    first = db.session.scalars(
        sa.select(Action)
        .where(late)
        .order_by(Action.due_on, Action.id)
        .limit(limit)
        .options(selectinload(Action.owners).joinedload(ActionOwner.user), joinedload(Action.body))
    ).unique()
    return count, list(first)


# Carried to the next meeting -------------------------------------------------------------


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The same body's meeting before this one, not cancelled."""
    return db.session.scalar(
        sa.select(Meeting)
        .where(
            Meeting.body_id == meeting.body_id,
            Meeting.starts_at < meeting.starts_at,
            Meeting.cancelled_at.is_(None),
        )
        .order_by(Meeting.starts_at.desc())
        .limit(1)
    )


def carried_to(meeting: Meeting) -> list[Action]:
    """The action log for a meeting's "Matters arising and action log" item: the body's
    actions raised before the meeting that are still open, and those closed since its
    previous meeting. Private ones are marked so (the public edition leaves them out)."""
    before = previous_meeting(meeting)
    closed_since = Action.closed_at >= before.starts_at if before is not None else sa.true()
    return list(
        db.session.scalars(
            sa.select(Action)
            .where(
                Action.body_id == meeting.body_id,
                Action.created_at < meeting.starts_at,
                sa.or_(
                    Action.status.in_(OPEN_STATUSES),
                    sa.and_(
                        Action.closed_at.is_not(None),
                        closed_since,
                        Action.closed_at < meeting.starts_at,
                    ),
                ),
            )
            .options(selectinload(Action.owners).joinedload(ActionOwner.user))
            .order_by(*_overdue_first(meeting.day))
        ).unique()
    )


def action_entry(action: Action, on: date) -> dict[str, Any]:
    """An action as an agenda or minutes snapshot keeps it: plain values."""
    return {
        "id": action.id,
        "description": action.description,
        "owners": action.owner_names,
        "due_on": format_date(action.due_on),
        "moved_from": format_date(action.original_due_on)
        if action.original_due_on != action.due_on
        else None,
        "status": action.status_label,
        "overdue": rules.is_overdue(action.due_on, action.status, on),
        "outcome": action.outcome or action.drop_reason,
        "private": action.private,
    }


def arising_from(question: Any) -> list[Action]:
    """The actions raised to follow up a question's answer, oldest first."""
    return list(
        db.session.scalars(
            sa.select(Action)
            .where(Action.question_id == question.id)
            .options(
                selectinload(Action.owners).joinedload(ActionOwner.user),
                joinedload(Action.meeting).joinedload(Meeting.body),
                joinedload(Action.body),
            )
            .order_by(Action.id)
        )
    )


def raised_on(items: Iterable[AgendaItem]) -> dict[int, list[Action]]:
    """The actions raised on each of these items, by item id."""
    ids = [item.id for item in items]
    if not ids:
        return {}
    found: dict[int, list[Action]] = {}
    for action in db.session.scalars(
        sa.select(Action)
        .where(Action.item_id.in_(ids))
        .options(selectinload(Action.owners).joinedload(ActionOwner.user))
        .order_by(Action.id)
    ).unique():
        found.setdefault(action.item_id, []).append(action)
    return found


# Reminders -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """Who a digest goes to: an owner with an account."""

    id: int
    name: str
    email: str


@dataclass(frozen=True)
class Summary:
    """The week's numbers of the action log, as one person who follows it up may see it."""

    overdue: int = 0
    due_this_week: int = 0
    still_open: int = 0
    closed_last_week: int = 0

    def __bool__(self) -> bool:
        return bool(self.still_open or self.closed_last_week)


# The most overdue actions a weekly summary lists (the log has them all).
SUMMARY_LISTS = 50


def bank_holidays(today: date) -> frozenset[date]:
    """The bank holidays, around ``today``, of the UK nation the council's settings name."""
    nation = Nation(current_settings().nation)
    years = range(today.year - 1, today.year + 2)
    return frozenset(holidays.country_holidays("GB", subdiv=nation.subdivision, years=years))


def _already_sent(pattern: str) -> set[str]:
    from governors.outbox.models import SentReminder

    return set(
        db.session.scalars(sa.select(SentReminder.key).where(SentReminder.key.like(pattern)))
    )


def _digest_subject(groups: dict[DuePeriod, list[Action]]) -> str:
    parts = [
        f"{len(found)} {period.label.lower()}"
        for period, found in groups.items()
        if found and period is not DuePeriod.LATER
    ]
    return "Your actions: " + ", ".join(parts)


def _owner_digests(today: date) -> int:
    """One digest to each owner with an account on a day any of their open actions is due a
    reminder. Three queries, however many owners and actions, and then one queued email
    (with its key) for each digest sent."""
    from governors.outbox.services import queue_reminder

    holidays = bank_holidays(today)
    rows = db.session.execute(
        sa.select(Action, User.id, User.name, User.email)
        .join(ActionOwner, ActionOwner.action_id == Action.id)
        .join(User, User.id == ActionOwner.user_id)
        .where(Action.status.in_(OPEN_STATUSES), User.active.is_(True))
        .order_by(User.id, Action.due_on, Action.id)
    ).all()
    theirs: dict[Person, list[Action]] = {}
    for action, user_id, name, email in rows:
        theirs.setdefault(Person(user_id, name, email), []).append(action)
    sent = _already_sent(f"actions:owner:%:{today.isoformat()}")
    queued = 0
    for person, actions in theirs.items():
        key = f"actions:owner:{person.id}:{today.isoformat()}"
        if key in sent or not any(
            rules.reminder_due(a.due_on, a.status, today, holidays) for a in actions
        ):
            continue
        groups = rules.digest(((a, a.due_on, a.status) for a in actions), today)
        if not any(groups.values()):
            continue
        listed = [action for found in groups.values() for action in found]
        if queue_reminder(
            key,
            person.email,
            _digest_subject(groups),
            "governors/email/actions_digest.txt",
            person=person,
            today=today,
            sections=[(period.label, found) for period, found in groups.items() if found],
            links={a.id: absolute_url("governors.actions.detail", action_id=a.id) for a in listed},
            mine_link=absolute_url("governors.actions.mine"),
        ):
            queued += 1
    return queued


def _weekly_summaries(today: date) -> int:
    """Once an ISO week, to each person who follows actions up: the week's numbers and the
    overdue actions they may see. A fixed number of queries for everyone together (each
    person's numbers and list are parts of one query), then one queued email each."""
    from governors.outbox.services import queue_reminder
    from governors.permissions import Permission, people_who_may, visible_actions

    week = rules.week_of(today)
    sent = _already_sent(f"actions:weekly:%:{week}")
    people = [
        person
        for person in people_who_may(Permission.ACTIONS_FOLLOW_UP)
        if f"actions:weekly:{person.id}:{week}" not in sent
    ]
    if not people:
        return 0
    sunday = today + timedelta(days=6 - today.weekday())
    # Closed in the 7 days before today, by the London clock.
    since = local_to_utc(today - rules.WEEK, time(0, 0))
    still_open = Action.status.in_(OPEN_STATUSES)
    late = sa.and_(still_open, Action.due_on < today)

    def counted(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
        return sa.func.count(sa.case((condition, 1)))

    numbers = sa.union_all(
        *(
            sa.select(
                sa.literal(person.id, sa.Integer).label("person_id"),
                counted(late).label("overdue"),
                counted(sa.and_(still_open, Action.due_on >= today, Action.due_on <= sunday)).label(
                    "due_this_week"
                ),
                counted(still_open).label("still_open"),
                counted(Action.closed_at >= since).label("closed_last_week"),
            ).where(visible_actions(person))
            for person in people
        )
    )
    summaries = {
        row.person_id: Summary(row.overdue, row.due_this_week, row.still_open, row.closed_last_week)
        for row in db.session.execute(numbers)
    }
    firsts = []
    for person in people:
        first = (
            sa.select(
                sa.literal(person.id, sa.Integer).label("person_id"),
                Action.id.label("action_id"),
            )
            .where(visible_actions(person), late)
            .order_by(Action.due_on, Action.id)
            .limit(SUMMARY_LISTS)
            .subquery()
        )
        firsts.append(sa.select(first.c.person_id, first.c.action_id))
    listed: dict[int, list[int]] = {}
    for person_id, action_id in db.session.execute(sa.union_all(*firsts)):
        listed.setdefault(person_id, []).append(action_id)
    ids = sorted({action_id for found in listed.values() for action_id in found})
    actions = _with_owners(ids)
    queued = 0
    for person in people:
        summary = summaries.get(person.id, Summary())
        if not summary:
            continue
        overdue = sorted(
            (actions[i] for i in listed.get(person.id, [])), key=lambda a: (a.due_on, a.id)
        )
        if queue_reminder(
            f"actions:weekly:{person.id}:{week}",
            person.email,
            f"The action log this week: {summary.overdue} overdue",
            "governors/email/actions_weekly.txt",
            person=person,
            week=week,
            monday=today - timedelta(days=today.weekday()),
            summary=summary,
            overdue=overdue,
            links={a.id: absolute_url("governors.actions.detail", action_id=a.id) for a in overdue},
            log_link=absolute_url("governors.actions.log", period=DuePeriod.OVERDUE.value),
        ):
            queued += 1
    return queued


def _with_owners(ids: Sequence[int]) -> dict[int, Action]:
    """These actions by id, each with its owners: two queries, however many."""
    if not ids:
        return {}
    actions = list(
        db.session.scalars(
            sa.select(Action).where(Action.id.in_(ids)).options(noload(Action.owners))
        )
    )
    _attach_owners(actions, ids)
    return {action.id: action for action in actions}


def send_action_reminders(today: date | None = None) -> tuple[int, int]:
    """Queue the action log's reminders that are due ``today``: each owner's digest (on the
    days ``rules.reminder_due`` says, for any of their open actions) and the weekly summary
    to those who follow actions up (on the first run of the ISO week). Each is queued once,
    however often this runs. Returns how many digests and how many summaries were queued.

    Named owners without an account get no digest: they were emailed when the action was
    raised and whenever it is chased."""
    today = today or local_today()
    return _owner_digests(today), _weekly_summaries(today)
