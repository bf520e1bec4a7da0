"""What a meeting's minutes show, frozen: the meeting, the register, the quorum, the
declarations and each item's minute, as they were when circulated or approved.

Each item keeps the actions raised on it, and the action log item the body's actions as
they stood (open ones, and those closed since the last meeting).

The public edition is cut from the same snapshot by ``public_view``: no item of the private
part (not even its title) nor any action from one, no declaration made on one, no detail
of a sensitive interest, and no apology messages at all (they are never frozen: they are
the member's note to the secretary).
"""

from __future__ import annotations

from typing import Any

from governors.actions.services import action_entry, carried_to, raised_on
from governors.agendas.rules import Part
from governors.agendas.services import council_names
from governors.attendance.models import Presence
from governors.attendance.services import register_for
from governors.meetings.kinds import ACTION_LOG_TITLE
from governors.meetings.models import Meeting
from governors.minutes.models import MinutesRecord, MinutesStatus
from governors.minutes.services import amendments_for, minutes_for
from governors.timeutil import format_date, format_time, to_local

SCHEMA = 1


def take(meeting: Meeting, record: MinutesRecord) -> dict[str, Any]:
    """The minutes as they stand, in plain JSON values."""
    register = register_for(meeting)
    numbers = register.numbers
    minutes = minutes_for(meeting)
    quorum = {item.id: q for item, q in register.quorum}
    entries = [line.record for line in register.lines if line.record is not None]
    everyone = [*entries, *register.others]
    item_of_minute = {minute.id: item_id for item_id, minute in minutes.items()}

    def names(*statuses: Presence) -> list[str]:
        return [e.display_name for e in entries if e.status in statuses]

    raised = raised_on(register.items)
    carried = [action_entry(action, meeting.day) for action in carried_to(meeting)]
    items = []
    for item in register.items:
        minute = minutes.get(item.id)
        q = quorum[item.id]
        items.append(
            {
                "id": item.id,
                "number": numbers[item.id],
                "part": item.part,
                "title": item.title,
                "presented_by": minute.presented_by if minute else None,
                "discussion": minute.discussion if minute else None,
                "decisions": minute.decisions if minute else None,
                "vote": None
                if minute is None or not minute.voted
                else {
                    "for": minute.votes_for,
                    "against": minute.votes_against,
                    "abstaining": minute.votes_abstaining,
                    "casting_vote": minute.casting_vote,
                    "carried": minute.carried,
                },
                "quorate": q.met,
                "quorum": q.statement,
                "actions": [action_entry(a, meeting.day) for a in raised.get(item.id, [])],
                "action_log": carried if item.standing and item.title == ACTION_LOG_TITLE else [],
            }
        )
    approved_at = record.approved_at_meeting
    council = council_names()
    return {
        "schema": SCHEMA,
        "council_name": council.council_name,
        "body": meeting.body.name,
        "title": meeting.kind_label,
        "date": format_date(meeting.day),
        "time": format_time(meeting.starts_at) + "\N{EN DASH}" + format_time(meeting.ends_at),
        "place": meeting.place or "Online",
        "status": record.status,
        "approval": record.approval_label,
        "approved_at": f"the {approved_at.kind_label} of {format_date(approved_at.day)}"
        if approved_at
        else None,
        "amendments_agreed": record.amendments,
        "present": names(Presence.PRESENT),
        "deputies": [
            f"{e.display_name} (for {e.deputy_for.name})"
            for e in everyone
            if e.status == Presence.DEPUTY and e.deputy_for is not None
        ],
        "apologies": names(Presence.APOLOGIES),
        "absent": names(Presence.ABSENT),
        "in_attendance": [
            f"{e.display_name}, {e.role_text}" if e.role_text else e.display_name
            for e in everyone
            if e.status == Presence.IN_ATTENDANCE
        ],
        "public_count": meeting.public_count,
        "quorum_at_start": register.at_start.statement if register.at_start else None,
        "declarations": [
            {
                "item_id": d.item_id,
                "number": numbers[d.item_id],
                "part": d.item.part,
                "who": d.user.name,
                "interest": d.interest,
                "sensitive": d.sensitive,
                "action": d.action_label,
            }
            for d in register.declarations
        ],
        "items": items,
        "amendments": [
            {
                "item_id": item_of_minute.get(a.minute_id),
                "number": numbers.get(item_of_minute.get(a.minute_id), ""),
                "when": format_date(to_local(a.amended_at).date()),
                "who": a.amended_by.name,
                "reason": a.reason,
            }
            for a in amendments_for(meeting)
        ],
    }


# What public minutes say in place of a sensitive interest.
SENSITIVE_INTEREST = "an interest, not published because it is sensitive"


def public_view(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The snapshot without the private part (its items and the declarations on them) and
    without the detail of sensitive interests."""
    private = {item["id"] for item in snapshot["items"] if item["part"] == Part.PRIVATE}
    return {
        **snapshot,
        "items": [
            {
                **item,
                "action_log": [a for a in item.get("action_log", []) if not a["private"]],
            }
            for item in snapshot["items"]
            if item["id"] not in private
        ],
        "declarations": [
            {**d, "interest": SENSITIVE_INTEREST} if d.get("sensitive") else d
            for d in snapshot["declarations"]
            if d["item_id"] not in private
        ],
        "amendments": [a for a in snapshot["amendments"] if a["item_id"] not in private],
    }


def stamp(snapshot: dict[str, Any]) -> str:
    """What every page says about the minutes' standing."""
    if snapshot["status"] == MinutesStatus.APPROVED:
        return f"{snapshot['approval']} by {snapshot['approved_at']}"
    return "Draft \N{EN DASH} not yet approved"
