"""Minutes: the only place they are written. Every save is kept as a revision; a save made
from an older revision than the one stored is refused, never written over it.

A vote is recorded only on an item that was quorate, with the result worked out by the
vote rule (``attendance.rules.vote_carried``) from the counts, never typed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from governors.agendas.models import AgendaItem
from governors.attendance.services import register_for
from governors.audit.services import private_name, record
from governors.errors import Refused
from governors.extensions import db
from governors.meetings.models import Meeting
from governors.minutes.models import Minute, MinuteRevision
from governors.timeutil import utcnow

TEXT_FIELDS = ("presented_by", "discussion", "decisions")
VOTE_FIELDS = ("votes_for", "votes_against", "votes_abstaining", "casting_vote")


@dataclass(frozen=True)
class MinuteText:
    """What the secretary typed for one item."""

    presented_by: str | None = None
    discussion: str | None = None
    decisions: str | None = None
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstaining: int | None = None
    casting_vote: str | None = None

    @property
    def voted(self) -> bool:
        return self.votes_for is not None


class MinuteConflict(Exception):
    """Someone else saved the minute since this person opened it: nothing was saved."""

    def __init__(self, current: Minute, attempted: MinuteText) -> None:
        super().__init__("the minute has changed since it was opened")
        self.current = current
        self.attempted = attempted


def minutes_for(meeting: Meeting) -> dict[int, Minute]:
    """Each item's minute, by item id, in one query."""
    found = db.session.scalars(
        sa.select(Minute)
        .where(Minute.meeting_id == meeting.id)
        .options(joinedload(Minute.updated_by))
    ).all()
    return {minute.item_id: minute for minute in found}


def minute_of(item: AgendaItem) -> Minute | None:
    return db.session.scalar(sa.select(Minute).where(Minute.item_id == item.id))


def revisions_of(minute: Minute) -> list[MinuteRevision]:
    return list(
        db.session.scalars(
            sa.select(MinuteRevision)
            .where(MinuteRevision.minute_id == minute.id)
            .options(joinedload(MinuteRevision.saved_by))
            .order_by(MinuteRevision.revision.desc())
        )
    )


def _clean(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None


def _check_vote(item: AgendaItem, text: MinuteText) -> None:
    if not text.voted:
        if text.casting_vote is not None:
            raise Refused("A casting vote needs the vote it decides", field="casting_vote")
        return
    counts = (text.votes_for, text.votes_against, text.votes_abstaining)
    if any(count is None for count in counts):
        raise Refused("Enter the votes for, against and abstaining", field="votes_for")
    if any(count < 0 for count in counts):  # type: ignore[operator]
        raise Refused("Votes cannot be negative", field="votes_for")
    quorum = {each.id: q for each, q in register_for(item.meeting).quorum}[item.id]
    if not quorum.met:
        raise Refused(
            f"This item was not quorate ({quorum.statement}), so no vote can be carried. "
            "Record the discussion without a vote.",
            field="votes_for",
        )
    if sum(counts) > quorum.present:  # type: ignore[arg-type]
        raise Refused(
            f"There are more votes than the {quorum.present} members present for this item",
            field="votes_for",
        )
    if text.casting_vote is not None:
        if text.votes_for != text.votes_against:
            raise Refused("A casting vote is only for a tie", field="casting_vote")
        if not item.meeting.body.chair_casting_vote:
            raise Refused(
                f"The chair of the {item.meeting.body.name} has no casting vote",
                field="casting_vote",
            )


def save_minute(actor: Any, item: AgendaItem, text: MinuteText, *, revision: int | None) -> Minute:
    """Save what the secretary typed for ``item``, from ``revision`` (None for a new minute).

    Raises ``MinuteConflict`` when someone else saved it since, and ``Refused`` for a vote
    that cannot stand.
    """
    meeting = item.meeting
    if meeting.is_cancelled:
        raise Refused("This meeting was cancelled, so it has no minutes")
    if utcnow() < meeting.starts_at:
        raise Refused("The meeting has not started yet. Minutes are taken at the meeting.")
    text = MinuteText(
        presented_by=_clean(text.presented_by),
        discussion=_clean(text.discussion),
        decisions=_clean(text.decisions),
        votes_for=text.votes_for,
        votes_against=text.votes_against,
        votes_abstaining=text.votes_abstaining,
        casting_vote=text.casting_vote or None,
    )
    _check_vote(item, text)
    minute = minute_of(item)
    if minute is not None and revision != minute.revision:
        raise MinuteConflict(minute, text)
    if minute is None and revision is not None:
        raise Refused("This minute could not be found. Open the item again.")
    new = minute is None
    if minute is None:
        minute = Minute(meeting_id=meeting.id, item_id=item.id, revision=0)
    elif all(getattr(minute, name) == getattr(text, name) for name in TEXT_FIELDS + VOTE_FIELDS):
        return minute
    for name in TEXT_FIELDS + VOTE_FIELDS:
        setattr(minute, name, getattr(text, name))
    minute.revision += 1
    minute.updated_by_id = actor.id
    minute.updated_at = utcnow()
    if new:
        db.session.add(minute)
    db.session.flush()
    db.session.add(
        MinuteRevision(
            minute_id=minute.id,
            revision=minute.revision,
            saved_by_id=actor.id,
            saved_at=minute.updated_at,
            **{name: getattr(text, name) for name in TEXT_FIELDS + VOTE_FIELDS},
        )
    )
    name = private_name("agenda item", item.id) if item.is_private else f"agenda item {item.id}"
    record(
        actor,
        "minutes.saved",
        minute,
        f"Saved revision {minute.revision} of the minute of {name}",
        after={"revision": minute.revision, "voted": text.voted},
        private=item.is_private,
    )
    db.session.flush()
    return minute
