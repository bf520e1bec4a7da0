"""Demo board pack papers: real multi-page reports, as a trust's directors would write
them, attached to the next Council meeting's items so its board pack has something to
join.

Runs after the agendas demo (the next meeting's agenda is published). The papers demo
that follows writes the cover sheets and publishes the agenda again, with these papers on
it; without one, this publishes it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import time
from html import escape

import sqlalchemy as sa

from governors.agendas import services as agendas
from governors.agendas.models import AgendaItem, AgendaVersion
from governors.agendas.rules import Part
from governors.demo import AREAS, DemoCouncil, area_loader
from governors.documents.models import Document
from governors.documents.services import PDF, CheckedFile, store_checked
from governors.extensions import db
from governors.meetings.kinds import MeetingKind
from governors.meetings.models import Meeting
from governors.pdf import html_to_pdf
from governors.people.models import Role, User
from governors.timeutil import local_to_utc

STYLE = """
@page {
  size: A4; margin: 22mm 18mm;
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; }
}
html {
  font-family: Arial, "Liberation Sans", "DejaVu Sans", sans-serif;
  font-size: 10.5pt; line-height: 1.45; color: #212b32;
}
section { break-after: page; }
section:last-child { break-after: auto; }
h1 { font-size: 20pt; color: #005eb8; margin: 0 0 6pt; }
h2 { font-size: 14pt; color: #005eb8; margin: 0 0 6pt; }
.meta { color: #425563; margin: 0 0 14pt; }
table { width: 100%; border-collapse: collapse; margin: 8pt 0; }
th, td { text-align: left; padding: 4pt; border-bottom: 0.75pt solid #aeb7bd; }
th { border-bottom: 1.5pt solid #212b32; }
td.n, th.n { text-align: right; }
"""


@dataclass(frozen=True)
class Page:
    heading: str
    paragraphs: tuple[str, ...] = ()
    table: tuple[tuple[str, ...], ...] = ()


def _html(title: str, byline: str, pages: tuple[Page, ...]) -> str:
    sections = []
    for number, page in enumerate(pages):
        parts = (
            [f"<h1>{escape(title)}</h1><p class='meta'>{escape(byline)}</p>"] if not number else []
        )
        parts.append(f"<h2>{escape(page.heading)}</h2>")
        parts += [f"<p>{escape(text)}</p>" for text in page.paragraphs]
        if page.table:
            head, *rows = page.table
            cells = "".join(
                f"<th scope='col'{' class=n' if i else ''}>{escape(c)}</th>"
                for i, c in enumerate(head)
            )
            body = "".join(
                "<tr>"
                + "".join(
                    f"<td{' class=n' if i else ''}>{escape(c)}</td>" for i, c in enumerate(row)
                )
                + "</tr>"
                for row in rows
            )
            parts.append(f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>")
        sections.append(f"<section>{''.join(parts)}</section>")
    return (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
        f"<body>{''.join(sections)}</body></html>"
    )


def _store(actor: User, title: str, byline: str, pages: tuple[Page, ...]) -> Document:
    data = html_to_pdf(_html(title, byline, pages))
    return store_checked(
        actor,
        CheckedFile(
            filename=f"{title}.pdf",
            content_type=PDF,
            data=data,
            sha256=hashlib.sha256(data).hexdigest(),
        ),
    )


def finance_report(month: str) -> tuple[Page, ...]:
    """Six pages: the money, in tables, with what it means."""
    return (
        Page(
            "Summary",
            (
                f"At the end of {month} the trust has spent £1.2 million more than planned. "
                "Most of this is the cost of agency nurses on the medical wards, where "
                "winter pressures came early.",
                "The trust still expects to meet its plan for the year, because savings "
                "from the new rostering system start in the last quarter.",
                "Governors are asked to note the position and the actions the board has "
                "agreed to bring agency spending down.",
            ),
        ),
        Page(
            "Income and spending",
            ("The table shows the position for the year so far, in millions of pounds.",),
            (
                ("Line", "Plan", "Actual", "Difference"),
                ("Income from NHS commissioners", "212.4", "212.9", "0.5"),
                ("Other income", "18.1", "17.6", "-0.5"),
                ("Pay: permanent staff", "141.0", "139.8", "1.2"),
                ("Pay: bank and agency staff", "9.5", "12.6", "-3.1"),
                ("Drugs and medical supplies", "41.2", "41.0", "0.2"),
                ("Other spending", "36.6", "36.1", "0.5"),
                ("Surplus or deficit", "2.2", "1.0", "-1.2"),
            ),
        ),
        Page(
            "Agency staffing",
            (
                "Agency spending is £3.1 million above plan. Two wards account for half of "
                "it: Ward 7 (respiratory) and Ward 12 (older people's care).",
                "Recruitment has improved: 46 newly qualified nurses started in September "
                "and 18 international nurses arrive by March. The use of the most "
                "expensive agencies has stopped except in emergencies, which now need the "
                "director of nursing's approval.",
            ),
            (
                ("Staff group", "Vacancies", "Agency shifts", "Cost (£m)"),
                ("Registered nurses", "112", "3,940", "1.9"),
                ("Health care assistants", "64", "2,210", "0.6"),
                ("Doctors", "21", "380", "0.5"),
                ("Allied health professionals", "9", "120", "0.1"),
            ),
        ),
        Page(
            "Savings",
            (
                "The trust plans to save £9.8 million this year. So far it has saved £5.1 "
                "million, which is £0.4 million behind plan.",
            ),
            (
                ("Scheme", "Plan (£m)", "Saved so far (£m)"),
                ("Rostering and bank staff", "3.0", "1.2"),
                ("Medicines", "1.8", "1.1"),
                ("Buying and contracts", "2.2", "1.5"),
                ("Estates and energy", "1.4", "0.8"),
                ("Outpatients", "1.4", "0.5"),
            ),
        ),
        Page(
            "Building and equipment",
            (
                "The trust plans to spend £24 million this year on buildings and equipment. "
                "The new endoscopy unit is on time and on budget and opens in April.",
                "The replacement of two CT scanners has moved to next year because the "
                "supplier cannot deliver before June. The money stays set aside.",
            ),
            (
                ("Project", "Budget (£m)", "Spent (£m)"),
                ("Endoscopy unit", "9.0", "6.4"),
                ("Digital patient record", "6.5", "3.9"),
                ("Ward refurbishment", "4.5", "2.1"),
                ("CT scanners", "4.0", "0.2"),
            ),
        ),
        Page(
            "Cash, risks and what governors are asked to do",
            (
                "The trust holds £31 million in cash, enough for 40 days of spending. It "
                "does not need to borrow this year.",
                "The main risk is that winter demand keeps agency spending high. The board "
                "reviews it each month and the finance committee has asked for a weekly "
                "report until the end of February.",
                "Governors are asked to note this report and to ask the non-executive "
                "directors how they are testing the plan to reduce agency spending.",
            ),
        ),
    )


def quality_report(month: str) -> tuple[Page, ...]:
    """Eight pages: safety, experience and effectiveness."""
    return (
        Page(
            "Summary",
            (
                f"This report covers care up to the end of {month}. Most measures are "
                "stable or improving. Falls with harm have risen on two wards and are the "
                "main concern this month.",
                "Governors are asked to discuss the report and to support the new falls "
                "prevention plan, developed with Age UK Northshire.",
            ),
        ),
        Page(
            "Patient safety",
            (
                "There were three serious incidents this month. Each is being investigated "
                "with the patient or their family involved from the start.",
            ),
            (
                ("Measure", "Last month", "This month", "Target"),
                ("Serious incidents", "2", "3", "—"),
                ("Pressure ulcers (category 2+)", "14", "11", "12"),
                ("Medication errors with harm", "4", "3", "5"),
                ("Hospital-acquired infections (C. diff)", "3", "2", "3"),
            ),
        ),
        Page(
            "Falls",
            (
                "Falls with moderate or severe harm rose from 4 to 7. Five of the seven "
                "were on Wards 9 and 12, where many patients are frail and some have "
                "dementia.",
                "The falls prevention plan adds a falls check within six hours of "
                "admission, low beds and sensor mats on both wards, and volunteers from "
                "Age UK Northshire to sit with patients at night.",
            ),
        ),
        Page(
            "What patients and carers told us",
            (
                "1,840 people answered the Friends and Family Test this month; 93% would "
                "recommend our care. Comments praise the kindness of staff and criticise "
                "waiting times in the emergency department.",
                "Carers told the carers' forum that they are not always told when their "
                "relative is moved between wards. The wards now ring the named carer for "
                "every move.",
            ),
        ),
        Page(
            "Complaints",
            ("The trust received 52 complaints and answered 88% within the agreed time.",),
            (
                ("Theme", "Complaints", "Upheld"),
                ("Communication", "19", "11"),
                ("Waiting times", "14", "6"),
                ("Care and treatment", "12", "5"),
                ("Discharge", "7", "4"),
            ),
        ),
        Page(
            "Staffing and safe care",
            (
                "Every ward had enough staff for safe care on 96% of shifts. Where it did "
                "not, staff moved from other wards and the matron checked each shift.",
                "Sickness absence is 5.1%, above the 4.5% target, mostly from winter "
                "viruses. Staff flu vaccination has reached 71%.",
            ),
        ),
        Page(
            "Learning and improvement",
            (
                "The maternity unit's improvement plan after last year's inspection is on "
                "track: 18 of 22 actions are done and the rest are due by March.",
                "The sepsis screening rate in the emergency department has risen from 82% "
                "to 91% since the new electronic alert went live.",
            ),
        ),
        Page(
            "What governors are asked to do",
            (
                "Governors are asked to discuss this report, and in particular to support "
                "the falls prevention plan.",
                "Governors may wish to ask the non-executive directors how the quality "
                "committee will know the plan is working, and when it will report back.",
            ),
        ),
    )


def strategy_paper(year: str) -> tuple[Page, ...]:
    """Four pages: what the plan should put first."""
    return (
        Page(
            "Why governors are asked",
            (
                f"The board approves the trust's plan for {year} in March. Governors "
                "represent members and the public, and the board wants their views first.",
                "This paper sets out the choices the plan faces and asks governors what "
                "members and the public want it to put first.",
            ),
        ),
        Page(
            "What we have heard so far",
            (
                "At constituency meetings and the members' survey, people asked most often "
                "for shorter waits for planned operations, better mental health care for "
                "young people, and easier parking for carers.",
            ),
            (
                ("Priority", "Members' survey (%)", "Staff survey (%)"),
                ("Shorter waits for operations", "61", "44"),
                ("Young people's mental health", "48", "39"),
                ("Care closer to home", "37", "41"),
                ("Parking and transport", "29", "12"),
            ),
        ),
        Page(
            "The choices",
            (
                "The trust cannot do everything in one year. The plan could open a second "
                "day surgery theatre, which would cut waits for planned operations by about "
                "six weeks, or expand the community team for young people's mental health.",
                "Both cost about £2 million a year. The integrated care board may fund part "
                "of the mental health expansion.",
            ),
        ),
        Page(
            "What governors are asked to do",
            (
                "Governors are asked to say which priorities members and the public would "
                "put first, and what would tell them the plan has worked.",
                "The strategy director will bring the draft plan back to the Council in "
                "March, showing how governors' views were used.",
            ),
        ),
    )


def appointments_paper() -> tuple[Page, ...]:
    """Three pages, for the private part."""
    return (
        Page(
            "Recommendation",
            (
                "The nominations committee recommends two appointments of non-executive "
                "directors for three years from 1 April, one with a clinical background "
                "and one with experience of finance.",
            ),
        ),
        Page(
            "How the candidates were chosen",
            (
                "Thirty-one people applied. Eight were shortlisted and interviewed by a "
                "panel of the chair, two governors, a non-executive director and an "
                "independent assessor. Stakeholder groups met each candidate.",
            ),
        ),
        Page(
            "What governors are asked to do",
            (
                "Governors are asked to approve the two appointments and the terms set out "
                "by the remuneration committee.",
            ),
        ),
    )


def _next_meeting(council: DemoCouncil) -> Meeting | None:
    now = local_to_utc(council.today, time(9, 0))
    return db.session.scalars(
        sa.select(Meeting)
        .join(AgendaVersion, AgendaVersion.meeting_id == Meeting.id)
        .where(
            Meeting.kind == MeetingKind.ORDINARY.value,
            Meeting.cancelled_at.is_(None),
            Meeting.starts_at >= now,
        )
        .order_by(Meeting.starts_at)
        .limit(1)
    ).first()


def _attach(actor: User, item: AgendaItem, paper: Document) -> None:
    agendas.update_item(
        actor,
        item,
        part=item.part,
        title=item.title,
        purpose=item.purpose,
        presenter=item.presenter,
        minutes_allowed=item.minutes_allowed,
        description=item.description,
        add_papers=[paper],
    )


def load(council: DemoCouncil) -> None:
    meeting = _next_meeting(council)
    if meeting is None:
        return
    secretary = next(p for p in council.people.values() if p.has_role(Role.SECRETARY))
    items = agendas.items_for(meeting)
    by_title = {item.title: item for item in items}
    public = [item for item in items if item.part == Part.PUBLIC and not item.standing]
    private = [item for item in items if item.part == Part.PRIVATE and not item.standing]
    month = f"{meeting.day:%B %Y}"

    def item_for(*titles: str) -> AgendaItem | None:
        for title in titles:
            for name, item in by_title.items():
                if name.startswith(title):
                    return item
        return public[0] if public else None

    plans = [
        (
            item_for("Finance and performance update", "Chief executive's report"),
            "Finance report",
            "Mark Hendry, Director of Finance",
            finance_report(month),
        ),
        (
            item_for("Quality and safety report"),
            "Quality and safety report: patient safety and experience",
            "Deborah Walsh, Director of Nursing",
            quality_report(month),
        ),
        (
            item_for("Annual plan", "Board assurance framework"),
            "Annual plan: the choices ahead",
            "Emma Sutton, Director of Strategy",
            strategy_paper(
                f"{meeting.day.year + (1 if meeting.day.month >= 4 else 0)}/"
                f"{(meeting.day.year + (2 if meeting.day.month >= 4 else 1)) % 100:02d}"
            ),
        ),
    ]
    if private:
        plans.append(
            (
                private[0],
                "Non-executive director appointments: the committee's recommendation",
                "Caroline Ashdown, Chair",
                appointments_paper(),
            )
        )
    for item, title, byline, pages in plans:
        if item is not None:
            _attach(secretary, item, _store(secretary, title, f"{byline} · {month}", pages))
    db.session.flush()
    if "papers" not in AREAS or area_loader("papers") is None:
        agendas.publish(
            secretary,
            meeting,
            "Added the finance, quality and strategy reports, and the private paper on "
            "appointments.",
            notify=False,
        )
