"""Demo agendas: the business of past Council meetings and the next one, published.

Runs after the meetings demo (standing items already in place) and the requests demo
(accepted requests already placed on their agendas through ``services.add_item``). Adds
the substantive business, a few papers made as real PDFs, and publishes version 1 of
each agenda; the next meeting and one past meeting also get a version 2 with a note.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from html import escape

import sqlalchemy as sa

from governors.agendas import services
from governors.agendas.models import AgendaItem, AgendaVersion
from governors.agendas.rules import Part, Purpose
from governors.demo import DemoCouncil
from governors.documents.models import Document
from governors.documents.services import PDF, CheckedFile, store_checked
from governors.extensions import db
from governors.meetings.kinds import MeetingKind
from governors.meetings.models import Meeting
from governors.pdf import html_to_pdf
from governors.people.models import Role, User
from governors.timeutil import local_to_utc

CHIEF_EXECUTIVE = "Dr Fiona Marsh, Chief Executive"
MEDICAL_DIRECTOR = "Dr Anil Kapoor, Medical Director"
NURSING_DIRECTOR = "Deborah Walsh, Director of Nursing"
FINANCE_DIRECTOR = "Mark Hendry, Director of Finance"
STRATEGY_DIRECTOR = "Emma Sutton, Director of Strategy"


@dataclass(frozen=True)
class DemoItem:
    title: str
    purpose: str
    presenter: str
    minutes: int
    description: str
    part: str = Part.PUBLIC
    paper: str | None = None


def _plan_year(meeting: Meeting) -> str:
    """The trust's next planning year as of the meeting, like '2027/28'."""
    day = meeting.day
    start = day.year + 1 if day.month >= 4 else day.year
    return f"{start}/{(start + 1) % 100:02d}"


def _business(meeting: Meeting, index: int, lead_governor: str) -> list[DemoItem]:
    """Four to seven items of business, varied from meeting to meeting."""
    items = [
        DemoItem(
            "Chief executive's report",
            Purpose.NOTE,
            CHIEF_EXECUTIVE,
            15,
            "Performance against the main national standards, staffing, and news from "
            "across the trust since the last meeting.",
            paper="Chief executive's report",
        ),
        DemoItem(
            "Quality and safety report",
            Purpose.DISCUSS,
            NURSING_DIRECTOR,
            20,
            "Serious incidents, complaints and what patients and carers have told us, with "
            "the actions the board has agreed.",
            paper="Quality and safety report",
        ),
    ]
    rotating = [
        DemoItem(
            "Board assurance framework: the top five risks",
            Purpose.DISCUSS,
            FINANCE_DIRECTOR,
            15,
            "The five risks the board scores highest, in plain words, and how the "
            "non-executive directors are testing the controls.",
        ),
        DemoItem(
            f"Annual plan {_plan_year(meeting)}: governors' views",
            Purpose.DISCUSS,
            STRATEGY_DIRECTOR,
            25,
            "Governors are asked what members and the public want the plan to put first, "
            "so that their views reach the board before it approves the plan.",
            paper="Annual plan: governors' views",
        ),
        DemoItem(
            "Finance and performance update",
            Purpose.NOTE,
            FINANCE_DIRECTOR,
            10,
            "The position against the financial plan and the main operational targets.",
        ),
        DemoItem(
            "Learning from deaths: quarterly report",
            Purpose.NOTE,
            MEDICAL_DIRECTOR,
            10,
            "What reviews of deaths in our care have taught us and what has changed.",
        ),
    ]
    private = [
        DemoItem(
            "Non-executive director appointments",
            Purpose.DECIDE,
            "Caroline Ashdown, Chair",
            15,
            "Recommendations of the nominations committee on two non-executive director "
            "appointments, with the candidates' assessments.",
            part=Part.PRIVATE,
        ),
        DemoItem(
            "Remuneration of the chair and non-executive directors",
            Purpose.DECIDE,
            "Richard Penrose, Senior Independent Director",
            10,
            "The remuneration committee's proposal for the coming year.",
            part=Part.PRIVATE,
        ),
    ]
    chosen = items + rotating[index % 3 : index % 3 + 2 + index % 2]
    chosen.append(private[index % 2])
    return chosen


def stored_pdf(actor: User, title: str, filename: str, *paragraphs: str) -> Document:
    """A short, real PDF (a heading and ``paragraphs``), stored like any upload: the demo's
    papers and evidence."""
    body = "".join(f"<p>{escape(text)}</p>" for text in paragraphs)
    html = (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>body {{ font-family: sans-serif; }}</style>"
        f"</head><body><h1>{escape(title)}</h1>{body}</body></html>"
    )
    data = html_to_pdf(html)
    checked = CheckedFile(
        filename=filename,
        content_type=PDF,
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
    )
    return store_checked(actor, checked)


def _paper(actor: User, meeting: Meeting, title: str) -> Document:
    return stored_pdf(
        actor,
        title,
        f"{title} {meeting.day:%B %Y}.pdf",
        f"Paper for the {meeting.kind_label} on {meeting.day:%d %B %Y}.",
        "This is a demonstration paper. In a real council it would hold the full report "
        "that governors read before the meeting.",
    )


def _publish(actor: User, meeting: Meeting, at: datetime, note: str | None = None) -> AgendaVersion:
    # Demo history: published when a secretary would have, not when the demo ran (the
    # PDFs made at publishing print that date).
    return services.publish(actor, meeting, note, notify=False, at=at)


def _extraordinary(actor: User, meeting: Meeting) -> None:
    """A single item of business: the routine standing items are taken off."""
    keep = {"Welcome and apologies for absence", "Declarations of interest"}
    for item in services.items_for(meeting):
        if item.standing and item.title not in keep:
            services.remove_item(actor, item)
    services.add_item(
        actor,
        meeting,
        part=Part.PUBLIC,
        title="Appointment of a non-executive director",
        purpose=Purpose.DECIDE,
        presenter="Caroline Ashdown, Chair",
        minutes_allowed=30,
        description="The nominations committee recommends an appointment to fill the "
        "vacancy left by the retirement of a non-executive director.",
    )
    services.add_item(
        actor,
        meeting,
        part=Part.PRIVATE,
        title="Nominations committee: assessment of the candidates",
        purpose=Purpose.NOTE,
        presenter="Caroline Ashdown, Chair",
        minutes_allowed=20,
        description="The interview panel's assessment of each shortlisted candidate.",
    )


def load(council: DemoCouncil) -> None:
    people = list(council.people.values())
    secretary = next(person for person in people if person.has_role(Role.SECRETARY))
    lead = next((p for p in people if p.has_role(Role.LEAD_GOVERNOR)), None)
    lead_name = lead.name if lead is not None else "The lead governor"
    now = local_to_utc(council.today, time(9, 0))

    meetings = db.session.scalars(
        sa.select(Meeting)
        .where(Meeting.kind.in_(MeetingKind.taking_requests()), Meeting.cancelled_at.is_(None))
        .order_by(Meeting.starts_at)
    ).all()
    past = [meeting for meeting in meetings if meeting.starts_at < now]
    upcoming = [meeting for meeting in meetings if meeting.starts_at >= now]
    ordinary_index = 0
    for meeting in [*past, *upcoming[:1]]:
        published_at = min(meeting.starts_at - timedelta(days=9), now - timedelta(days=2))
        if meeting.kind == MeetingKind.EXTRAORDINARY:
            _extraordinary(secretary, meeting)
            _publish(secretary, meeting, published_at)
            continue
        # The secretary gives governors' items a time before publishing.
        _time_requested_items(secretary, meeting)
        papers = {}
        for entry in _business(meeting, ordinary_index, lead_name):
            item = services.add_item(
                secretary,
                meeting,
                part=entry.part,
                title=entry.title,
                purpose=entry.purpose,
                presenter=entry.presenter,
                minutes_allowed=entry.minutes,
                description=entry.description,
                papers=[_paper(secretary, meeting, entry.paper)] if entry.paper else [],
            )
            papers[entry.title] = item
        _publish(secretary, meeting, published_at)
        if meeting in upcoming or ordinary_index == 1:
            _second_version(secretary, meeting, papers, published_at, now)
        ordinary_index += 1
    pre_meeting = db.session.scalars(
        sa.select(Meeting)
        .where(
            Meeting.kind == MeetingKind.PRE_MEETING,
            Meeting.cancelled_at.is_(None),
            Meeting.starts_at >= now,
        )
        .order_by(Meeting.starts_at)
        .limit(1)
    ).first()
    if pre_meeting is not None:
        _in_preparation(secretary, pre_meeting)


def _time_requested_items(actor: User, meeting: Meeting) -> None:
    for item in services.items_for(meeting):
        if item.request_id is not None and item.minutes_allowed is None:
            services.update_item(
                actor,
                item,
                part=item.part,
                title=item.title,
                purpose=item.purpose,
                presenter=item.presenter,
                minutes_allowed=15,
                description=item.description,
            )


def _in_preparation(actor: User, meeting: Meeting) -> None:
    """The next governors' pre-meeting: its agenda is started, not published, and one item
    has no time yet, so the secretary's home page has something to do."""
    services.add_item(
        actor,
        meeting,
        part=Part.PUBLIC,
        title="Questions to put to the board",
        purpose=Purpose.DISCUSS,
        presenter="The lead governor",
        minutes_allowed=30,
        description="Governors agree which questions to ask at the Council meeting.",
    )
    services.add_item(
        actor,
        meeting,
        part=Part.PUBLIC,
        title="What members told us this month",
        purpose=Purpose.DISCUSS,
        description="Each governor shares what they heard at their constituency meetings.",
    )


def _second_version(
    actor: User,
    meeting: Meeting,
    items: dict[str, AgendaItem],
    first_published: datetime,
    now: datetime,
) -> None:
    """A later change, as happens: a paper arrives, an item is added and timings shift."""
    quality = items["Quality and safety report"]
    services.update_item(
        actor,
        quality,
        part=quality.part,
        title=quality.title,
        purpose=Purpose.DECIDE,
        presenter=quality.presenter,
        minutes_allowed=25,
        description=(quality.description or "")
        + " Governors are asked to support the new falls prevention plan, developed with "
        "Age UK Northshire.",
    )
    services.add_item(
        actor,
        meeting,
        part=Part.PUBLIC,
        title="Governor elections: timetable and constituencies",
        purpose=Purpose.DECIDE,
        presenter="Rachel Turner, Board Secretary",
        minutes_allowed=10,
        description="The timetable for this year's elections and the seats to be filled.",
    )
    services.move_item(actor, quality, "up")
    second_at = min(first_published + timedelta(days=3), now - timedelta(hours=1))
    _publish(
        actor,
        meeting,
        second_at,
        "The quality report now asks governors to support the falls prevention plan, so it "
        "has more time and comes earlier. Added the governor elections timetable.",
    )
