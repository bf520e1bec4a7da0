"""Demo action log.

Runs after the attendance demo and before the minutes demo, so the minutes circulated for
the last Council meeting list the actions raised on its items. The last Council meeting
raised actions in every state: one overdue and chased twice, one in progress, one owned by
a communications officer without an account (overdue), one done with a report as evidence,
one dropped, one whose due date moved (the first date kept), and a private one on the
private part. The Nominations and Remuneration Committee has an overdue action, and the
lead governor has one raised between meetings. The demo governor account owns two. The
next Council meeting's agenda is published again, its action log brought up to date.

Written through the services, backdated to the meetings they came from, without emails.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from governors.actions import services
from governors.actions.models import Action, ActionUpdate
from governors.actions.rules import ActionStatus
from governors.agendas.demo import stored_pdf
from governors.agendas.models import AgendaItem
from governors.agendas.services import items_for, latest_version, publish
from governors.attendance.demo import NOMINATIONS, committee_named, last_meeting
from governors.bodies.services import council as council_body
from governors.demo import DemoCouncil
from governors.documents.models import Document
from governors.extensions import db
from governors.meetings.kinds import MeetingKind
from governors.meetings.models import Meeting
from governors.meetings.services import upcoming_meetings
from governors.people.models import Role, User
from governors.timeutil import local_to_utc, utcnow

GOVERNOR = "governor@example.org"
LEAD = "lead.governor@example.org"
NAMED = ("Sam Reid", "sam.reid@example.org")


def evidence_document(actor: User, title: str) -> Document:
    """A short, real PDF stored like any upload, to stand as evidence that an action was done."""
    return stored_pdf(
        actor,
        title,
        f"{title}.pdf",
        "A demonstration document, attached as evidence that an action was done.",
    )


def _backdate(action: Action, at: datetime) -> None:
    action.created_at = at
    for update in db.session.query(ActionUpdate).filter_by(action_id=action.id):
        update.at = at


def _item(items: list[AgendaItem], title: str) -> AgendaItem | None:
    return next((item for item in items if item.title.startswith(title)), None)


def _raise(
    secretary: User,
    body: object,
    description: str,
    due_on: date,
    owners: list[services.Owner],
    *,
    item: AgendaItem | None = None,
    meeting: Meeting | None = None,
    at: datetime,
) -> Action | None:
    if not owners:
        return None
    action = services.raise_action(
        secretary,
        services.ActionDetails(description=description, due_on=due_on, owners=owners),
        body=body,
        item=item,
        meeting=meeting,
        notify=False,
        today=min(due_on, at.date()),
    )
    _backdate(action, at)
    return action


def load(council: DemoCouncil) -> None:
    people = list(council.people.values())
    secretary = next((p for p in people if p.has_role(Role.SECRETARY)), None)
    if secretary is None:
        return
    today = council.today
    now = min(local_to_utc(today, time(9, 0)), utcnow())
    by_role = {role: [p for p in people if p.has_role(role)] for role in Role}
    governor = council.people.get(GOVERNOR)
    lead = council.people.get(LEAD)
    officers = by_role[Role.OFFICER]
    chair = next(iter(by_role[Role.CHAIR]), None)

    def owner(person: User | None) -> list[services.Owner]:
        return [services.Owner(user_id=person.id)] if person is not None else []

    the_council = council_body()
    last = last_meeting(the_council, now, MeetingKind.ORDINARY)
    if last is not None:
        _council_actions(secretary, last, today, governor, lead, officers, chair, owner)
    nominations = last_meeting(committee_named(NOMINATIONS), now)
    if nominations is not None and chair is not None:
        _raise(
            secretary,
            nominations.body,
            "Write to the two unsuccessful candidates with feedback on their interviews",
            today - timedelta(days=6),
            owner(chair),
            meeting=nominations,
            at=nominations.starts_at,
        )
    if lead is not None:
        _raise(
            secretary,
            the_council,
            "Gather governors' views on the annual plan from the constituency meetings",
            today + timedelta(days=20),
            owner(lead),
            at=now - timedelta(days=3),
        )
    db.session.flush()
    # The next Council meeting's agenda, published again with its action log up to date.
    following = upcoming_meetings(
        today, kinds=[MeetingKind.ORDINARY.value], include_cancelled=False, limit=1
    )
    latest = latest_version(following[0]) if following else None
    if latest is not None:
        publish(
            secretary,
            following[0],
            "The action log is brought up to date.",
            notify=False,
            at=min(utcnow(), max(now, latest.published_at + timedelta(minutes=5))),
        )


def _council_actions(
    secretary: User,
    meeting: Meeting,
    today: date,
    governor: User | None,
    lead: User | None,
    officers: list[User],
    chair: User | None,
    owner: object,
) -> None:
    items = items_for(meeting)
    quality = _item(items, "Quality and safety report")
    chief = _item(items, "Chief executive's report")
    private = next((item for item in items if item.is_private), None)
    at = meeting.starts_at
    nurse = officers[0] if officers else None
    comms = officers[1] if len(officers) > 1 else None

    overdue = _raise(
        secretary,
        meeting.body,
        "Send governors the falls prevention plan and the date it will be reviewed",
        today - timedelta(days=10),
        owner(nurse),
        item=quality,
        at=at,
    )
    if overdue is not None:
        for days_ago in (5, 1):
            chased = services.chase(lead or secretary, overdue, notify=False)
            chased.at = datetime.combine(today - timedelta(days=days_ago), time(10), at.tzinfo)

    visit = _raise(
        secretary,
        meeting.body,
        "Arrange a visit for governors to the new discharge lounge",
        today + timedelta(days=12),
        owner(governor) + owner(comms),
        item=chief,
        at=at,
    )
    if visit is not None and governor is not None:
        services.update_progress(
            governor,
            visit,
            services.Progress(
                status=ActionStatus.IN_PROGRESS,
                progress="Two dates offered by the ward manager; waiting to hear which suits.",
            ),
        )

    _raise(
        secretary,
        meeting.body,
        "Publish the easy-read summary of the quality report on the trust's website",
        today - timedelta(days=3),
        [services.Owner(name=NAMED[0], email=NAMED[1])],
        item=quality,
        at=at,
    )

    done = _raise(
        secretary,
        meeting.body,
        "Circulate the timetable for the quality account, with the dates governors comment",
        today - timedelta(days=14),
        owner(governor),
        item=quality,
        at=at,
    )
    if done is not None and governor is not None:
        services.update_progress(
            governor,
            done,
            services.Progress(
                status=ActionStatus.DONE,
                outcome="Sent to all governors on the Monday after the meeting.",
                evidence=evidence_document(governor, "Quality account timetable"),
            ),
        )

    dropped = _raise(
        secretary,
        meeting.body,
        "Ask the ICB for a governor seat on the urgent care board",
        today + timedelta(days=30),
        owner(chair),
        item=chief,
        at=at,
    )
    if dropped is not None and chair is not None:
        services.update_progress(
            chair,
            dropped,
            services.Progress(
                status=ActionStatus.DROPPED,
                drop_reason="The urgent care board has closed; its work moved to the ICB's "
                "quality committee, where governors are already observers.",
            ),
        )

    moved = _raise(
        secretary,
        meeting.body,
        "Bring the results of the carers' survey to the Council",
        today - timedelta(days=2),
        owner(comms) or owner(secretary),
        item=chief,
        at=at,
    )
    if moved is not None:
        services.change_action(
            lead or secretary,
            moved,
            services.ActionDetails(
                description=moved.description,
                due_on=today + timedelta(days=40),
                owners=[services.Owner(user_id=o.user_id) for o in moved.owners],
            ),
            reason="The survey closes later than planned",
        )

    if private is not None:
        _raise(
            secretary,
            meeting.body,
            "Take up references for the preferred candidate before the offer is made",
            today + timedelta(days=7),
            owner(chair),
            item=private,
            at=at,
        )
