"""Minutes: the only place they are written. Every save is kept as a revision; a save made
from an older revision than the one stored is refused, never written over it.

A vote is recorded only on an item that was quorate, with the result worked out by the
vote rule (``attendance.rules.vote_carried``) from the counts, never typed in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, joinedload

from governors.agendas.models import AgendaItem
from governors.agendas.services import items_for
from governors.attendance.services import members_for, register_for
from governors.audit.services import private_name, record
from governors.errors import Refused
from governors.extensions import db
from governors.meetings.kinds import COUNCIL_STANDING_ITEMS
from governors.meetings.models import Meeting
from governors.minutes.models import (
    Approval,
    Minute,
    MinuteAmendment,
    MinuteRevision,
    MinutesRecord,
    MinutesResponse,
    MinutesStatus,
)
from governors.outbox.services import absolute_url, queue_email
from governors.people.models import User
from governors.timeutil import format_date, utcnow

TEXT_FIELDS = ("presented_by", "discussion", "decisions")
# The standing item under which a meeting approves the minutes of the one before.
LAST_MINUTES_TITLE = COUNCIL_STANDING_ITEMS[2].title
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
    found = record_of(meeting)
    if found is not None and found.locked:
        raise Refused(
            "These minutes have been approved, so they cannot be edited. Make an amendment: "
            "it is kept with the minutes, with who made it and why."
        )
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


# The lifecycle: draft, circulated for comment, approved at a later meeting, locked ------


def approved_minutes(meetings: Iterable[Meeting]) -> set[int]:
    """Which of these meetings have approved minutes (frozen, so their PDFs can be made),
    in one query."""
    ids = [meeting.id for meeting in meetings]
    if not ids:
        return set()
    return set(
        db.session.scalars(
            sa.select(MinutesRecord.meeting_id).where(
                MinutesRecord.meeting_id.in_(ids),
                MinutesRecord.status == MinutesStatus.APPROVED.value,
                MinutesRecord.snapshot.is_not(None),
            )
        )
    )


def minutes_statuses(meetings: Sequence[Meeting]) -> dict[int, str]:
    """Where each of these meetings' minutes stand (circulated or approved), in one query."""
    ids = [meeting.id for meeting in meetings]
    if not ids:
        return {}
    rows = db.session.execute(
        sa.select(MinutesRecord.meeting_id, MinutesRecord.status).where(
            MinutesRecord.meeting_id.in_(ids), MinutesRecord.snapshot.is_not(None)
        )
    ).all()
    return {row.meeting_id: row.status for row in rows}


def record_of(meeting: Meeting) -> MinutesRecord | None:
    return db.session.scalar(sa.select(MinutesRecord).where(MinutesRecord.meeting_id == meeting.id))


def status_of(meeting: Meeting) -> MinutesStatus:
    found = record_of(meeting)
    return MinutesStatus(found.status) if found is not None else MinutesStatus.DRAFT


def circulate(actor: Any, meeting: Meeting, *, notify: bool = True) -> MinutesRecord:
    """Send the draft minutes to the body's members for comment (emailed unless
    ``notify`` is off)."""
    found = record_of(meeting)
    if found is not None and found.status != MinutesStatus.DRAFT:
        raise Refused("These minutes have already been circulated")
    if not minutes_for(meeting):
        raise Refused("Minute at least one item before you circulate the minutes")
    found = found or MinutesRecord(meeting_id=meeting.id)
    found.status = MinutesStatus.CIRCULATED.value
    found.circulated_at = utcnow()
    found.circulated_by_id = actor.id
    db.session.add(found)
    db.session.flush()
    _freeze(meeting, found)
    record(
        actor, "minutes.circulated", found, f"Circulated the draft minutes of meeting {meeting.id}"
    )
    link = absolute_url("governors.minutes.draft", meeting_id=meeting.id)
    for member in members_for(meeting) if notify else ():
        queue_email(
            member.user.email,
            f"Draft minutes for comment: {meeting.kind_label}, {format_date(meeting.day)}",
            "governors/email/minutes_circulated.txt",
            person=member.user,
            meeting=meeting,
            link=link,
        )
    return found


def respond(
    actor: User,
    meeting: Meeting,
    *,
    item: AgendaItem | None = None,
    comment: str | None = None,
    no_comments: bool = False,
) -> MinutesResponse:
    """A member comments on an item of circulated minutes, or says they have none."""
    found = record_of(meeting)
    if found is None or found.status != MinutesStatus.CIRCULATED:
        raise Refused("These minutes are not out for comment")
    comment = _clean(comment)
    if not no_comments and comment is None:
        raise Refused("Write your comment, or say you have no comments", field="comment")
    if item is not None and item.meeting_id != meeting.id:
        raise Refused("Choose one of this meeting's items", field="item_id")
    response = MinutesResponse(
        record_id=found.id,
        user_id=actor.id,
        item_id=None if no_comments else (item.id if item else None),
        comment=None if no_comments else comment,
        no_comments=no_comments,
    )
    db.session.add(response)
    db.session.flush()
    record(
        actor,
        "minutes.responded",
        response,
        f"{actor.name} {'had no comments on' if no_comments else 'commented on'} the draft "
        f"minutes of meeting {meeting.id}",
    )
    return response


def _freeze(meeting: Meeting, found: MinutesRecord) -> None:
    """Take the snapshot the PDFs are made from; the PDFs are made again from it."""
    from governors.minutes.snapshot import take

    found.snapshot = take(meeting, found)
    found.pdf_public = None
    found.pdf_full = None
    db.session.flush()


def pdf_bytes(found: MinutesRecord, *, full: bool) -> bytes:
    """One edition's PDF, made from the snapshot once and kept. The caller commits."""
    from governors.minutes.pdf import minutes_pdf

    column = "pdf_full" if full else "pdf_public"
    data = getattr(found, column)
    if data is None:
        data = minutes_pdf(found.snapshot, full=full)
        setattr(found, column, data)
        db.session.flush()
    return data


def responses_to(found: MinutesRecord | None) -> list[MinutesResponse]:
    if found is None:
        return []
    return list(
        db.session.scalars(
            sa.select(MinutesResponse)
            .where(MinutesResponse.record_id == found.id)
            .options(joinedload(MinutesResponse.user), joinedload(MinutesResponse.item))
            .order_by(MinutesResponse.created_at, MinutesResponse.id)
        )
    )


def awaiting_approval(meeting: Meeting) -> list[Meeting]:
    """Earlier meetings of the same body whose circulated minutes this meeting may approve."""
    return list(
        db.session.scalars(
            sa.select(Meeting)
            .join(MinutesRecord, MinutesRecord.meeting_id == Meeting.id)
            .where(
                Meeting.body_id == meeting.body_id,
                Meeting.starts_at < meeting.starts_at,
                MinutesRecord.status == MinutesStatus.CIRCULATED.value,
            )
            .order_by(Meeting.starts_at)
        )
    )


def approved_here(meeting: Meeting) -> list[MinutesRecord]:
    """The minutes this meeting approved, with the meetings they are of, in one query."""
    return list(
        db.session.scalars(
            sa.select(MinutesRecord)
            .join(Meeting, Meeting.id == MinutesRecord.meeting_id)
            .where(MinutesRecord.approved_at_meeting_id == meeting.id)
            .options(contains_eager(MinutesRecord.meeting))
            .order_by(Meeting.starts_at, Meeting.id)
        )
    )


def approve(
    actor: Any,
    earlier: Meeting,
    at: Meeting,
    approval: Approval | str,
    amendments: str | None = None,
) -> MinutesRecord:
    """``at`` approves ``earlier``'s circulated minutes, through its "Minutes of the last
    meeting" item: as a true record, or with the amendments it agreed. They are locked."""
    approval = Approval(approval)
    found = record_of(earlier)
    if found is None or found.status != MinutesStatus.CIRCULATED:
        raise Refused("Only circulated minutes can be approved")
    if earlier.body_id != at.body_id or earlier.starts_at >= at.starts_at:
        raise Refused("Minutes are approved at a later meeting of the same body")
    if utcnow() < at.starts_at:
        raise Refused("Minutes are approved at the meeting, once it has started")
    amendments = _clean(amendments)
    if approval is Approval.WITH_AMENDMENTS and amendments is None:
        raise Refused("Say what the amendments are", field="amendments")
    standing = next(
        (item for item in items_for(at) if item.standing and item.title == LAST_MINUTES_TITLE),
        None,
    )
    if standing is None:
        raise Refused(f"This meeting has no “{LAST_MINUTES_TITLE}” item to approve them under")
    found.status = MinutesStatus.APPROVED.value
    found.approved_at = utcnow()
    found.approved_at_meeting_id = at.id
    found.approval = approval.value
    found.amendments = amendments if approval is Approval.WITH_AMENDMENTS else None
    db.session.flush()
    _freeze(earlier, found)
    wording = f"The minutes of the meeting of {format_date(earlier.day)} were " + (
        "approved as a true record."
        if approval is Approval.TRUE_RECORD
        else f"approved with these amendments: {amendments}"
    )
    current = minute_of(standing)
    decisions = f"{current.decisions}\n\n{wording}" if current and current.decisions else wording
    save_minute(
        actor,
        standing,
        MinuteText(
            presented_by=current.presented_by if current else None,
            discussion=current.discussion if current else None,
            decisions=decisions,
        ),
        revision=current.revision if current else None,
    )
    record(
        actor,
        "minutes.approved",
        found,
        f"Meeting {at.id} approved the minutes of meeting {earlier.id}: {approval.label.lower()}",
        after={"approval": approval.value, "approved_at_meeting_id": at.id},
    )
    return found


def amend(
    actor: Any,
    minute: Minute,
    *,
    reason: str,
    discussion: str | None,
    decisions: str | None,
) -> MinuteAmendment:
    """A correction to approved minutes, kept with them: who, when, why, before and after."""
    found = record_of(minute.item.meeting)
    if found is None or not found.locked:
        raise Refused("These minutes are not approved yet: change the minute itself")
    reason = _clean(reason) or ""
    if not reason:
        raise Refused("Say why the minute is being corrected", field="reason")
    discussion, decisions = _clean(discussion), _clean(decisions)
    if (discussion, decisions) == (minute.discussion, minute.decisions):
        raise Refused("Nothing has changed. Change the text, or go back.", field="discussion")
    amendment = MinuteAmendment(
        minute_id=minute.id,
        amended_by_id=actor.id,
        amended_at=utcnow(),
        reason=reason,
        old_discussion=minute.discussion,
        new_discussion=discussion,
        old_decisions=minute.decisions,
        new_decisions=decisions,
    )
    db.session.add(amendment)
    minute.discussion, minute.decisions = discussion, decisions
    minute.revision += 1
    minute.updated_by_id = actor.id
    minute.updated_at = amendment.amended_at
    db.session.flush()
    db.session.add(
        MinuteRevision(
            minute_id=minute.id,
            revision=minute.revision,
            saved_by_id=actor.id,
            saved_at=minute.updated_at,
            **{name: getattr(minute, name) for name in TEXT_FIELDS + VOTE_FIELDS},
        )
    )
    item = minute.item
    name = private_name("agenda item", item.id) if item.is_private else f"agenda item {item.id}"
    record(
        actor,
        "minutes.amended",
        amendment,
        f"Amended the approved minute of {name}",
        private=item.is_private,
    )
    db.session.flush()
    _freeze(item.meeting, found)
    return amendment


def amendments_for(meeting: Meeting) -> list[MinuteAmendment]:
    return list(
        db.session.scalars(
            sa.select(MinuteAmendment)
            .join(Minute, Minute.id == MinuteAmendment.minute_id)
            .where(Minute.meeting_id == meeting.id)
            .options(joinedload(MinuteAmendment.amended_by))
            .order_by(MinuteAmendment.amended_at)
        )
    )
