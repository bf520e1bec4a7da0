"""Demo minutes: the most recent Council and Nominations and Remuneration Committee
meetings, minuted item by item.

Runs after the attendance demo (their registers are kept). Every Council item has a
minute; the first substantive one was revised after a governor's correction, so it has two
revisions. At the committee, the vote on the non-executive directors' pay was tied and
carried by the chair's casting vote, and the item the chair left (not quorate) is minuted
without a vote.

The minutes are in every state of their life. The Council meeting before last was
minuted, circulated, approved at the last one with an amendment agreed there, and then
corrected once more by an amendment kept with them. The last Council meeting's minutes are
out for comment: one governor has commented on an item and another has none. The
committee's minutes are still a draft.

Written through the services, dated from ``council.today``, without emails. A meeting the
other demos did not make is skipped.
"""

from __future__ import annotations

from datetime import time

from governors.agendas.models import AgendaItem
from governors.agendas.services import items_for
from governors.attendance.demo import NOMINATIONS, committee_named, last_meeting
from governors.attendance.services import members_for, register_for
from governors.bodies.services import council as council_body
from governors.demo import DemoCouncil
from governors.meetings.kinds import ACTION_LOG_TITLE, MeetingKind
from governors.meetings.models import Meeting
from governors.minutes.services import (
    MinuteText,
    amend,
    approve,
    circulate,
    minutes_for,
    respond,
    save_minute,
)
from governors.people.models import Role, User
from governors.timeutil import local_to_utc, utcnow

STANDING = {
    "Welcome and apologies for absence": "The chair welcomed everyone. Apologies were noted.",
    "Declarations of interest": "Declarations are recorded against the items they concern.",
    "Minutes of the last meeting": "The minutes of the last meeting were agreed.",
    ACTION_LOG_TITLE: "The action log was reviewed; no matters arose.",
}


def _minute_of(item: AgendaItem) -> MinuteText:
    if item.standing:
        return MinuteText(discussion=STANDING.get(item.title, "No other business was raised."))
    return MinuteText(
        presented_by=item.presenter,
        discussion=f"{item.presenter or 'The chair'} introduced the item. Governors asked "
        "what it would mean for patients and carers. They asked how we will hear how it goes.",
        decisions=f"The meeting noted the {item.title.lower()}.",
    )


def _council(secretary: User, meeting: Meeting) -> None:
    revised = False
    for item in items_for(meeting):
        minute = save_minute(secretary, item, _minute_of(item), revision=None)
        if not item.standing and not revised:
            # A governor's correction, made the day after.
            revised = True
            corrected = MinuteText(
                presented_by=minute.presented_by,
                discussion=f"{minute.discussion} Governors asked that the next report name "
                "the waiting-time target for children's mental health services.",
                decisions=f"{minute.decisions} The target is to be named in the next report.",
            )
            save_minute(secretary, item, corrected, revision=minute.revision)


def _nominations(secretary: User, meeting: Meeting) -> None:
    quorum = {item.id: q for item, q in register_for(meeting).quorum}
    voted = False
    for item in items_for(meeting):
        text = _minute_of(item)
        if not item.standing and not quorum[item.id].met:
            text = MinuteText(
                presented_by=item.presenter,
                discussion="The chair left for this item, having declared an interest. The "
                "meeting was not quorate for it, so no decision was made; it returns to the "
                "next meeting.",
            )
        elif not item.standing and not voted and quorum[item.id].present >= 3:
            voted = True
            text = MinuteText(
                presented_by=item.presenter,
                discussion=text.discussion,
                decisions="The committee recommends the proposal to the Council.",
                votes_for=1,
                votes_against=1,
                votes_abstaining=quorum[item.id].present - 2,
                casting_vote="for",
            )
        save_minute(secretary, item, text, revision=None)


def _before_last(now) -> Meeting | None:
    last = last_meeting(council_body(), now, MeetingKind.ORDINARY)
    if last is None:
        return None
    return last_meeting(council_body(), last.starts_at, MeetingKind.ORDINARY)


def _approved(secretary: User, earlier: Meeting, at: Meeting) -> None:
    """Minuted, circulated, approved at ``at`` with an amendment, then corrected again."""
    for item in items_for(earlier):
        save_minute(secretary, item, _minute_of(item), revision=None)
    circulate(secretary, earlier, notify=False)
    approve(
        secretary,
        earlier,
        at,
        "with_amendments",
        "In the finance item, the deficit is £2.1 million, not £2.4 million.",
    )
    substantive = [m for m in minutes_for(earlier).values() if not m.item.standing]
    if substantive:
        minute = substantive[0]
        amend(
            secretary,
            minute,
            reason="A governor's name was misspelt; corrected at the chair's request.",
            discussion=f"{minute.discussion} Governor Siobhan Murphy asked about carers' parking.",
            decisions=minute.decisions,
        )


def _out_for_comment(secretary: User, meeting: Meeting) -> None:
    circulate(secretary, meeting, notify=False)
    members = [m.user for m in members_for(meeting) if m.counts]
    items = [item for item in items_for(meeting) if not item.standing]
    if len(members) >= 2 and items:
        respond(
            members[0],
            meeting,
            item=items[0],
            comment="Please add that governors asked for the next report to include carers.",
        )
        respond(members[1], meeting, no_comments=True)


def load(council: DemoCouncil) -> None:
    secretary = next((p for p in council.people.values() if p.has_role(Role.SECRETARY)), None)
    if secretary is None:
        return
    now = min(local_to_utc(council.today, time(9, 0)), utcnow())
    last = last_meeting(council_body(), now, MeetingKind.ORDINARY)
    earlier = _before_last(now)
    if last is not None:
        _council(secretary, last)
        if earlier is not None:
            _approved(secretary, earlier, last)
        _out_for_comment(secretary, last)
    nominations = last_meeting(committee_named(NOMINATIONS), now)
    if nominations is not None:
        _nominations(secretary, nominations)
