"""The minutes PDF of a 30-item meeting against WeasyPrint alone on the same HTML.

    python -m bench.minutes_pdf [--runs 5] [--items 30]

Builds a fresh SQLite database, holds a Council meeting of ``--items`` items with a full
register, declarations and a minute (with a vote on every third item) for each, and
circulates the minutes. Then, in one run, times the product's minutes PDF (snapshot to
print HTML to tagged PDF, ``minutes.pdf.minutes_pdf``) and WeasyPrint alone on the very
same HTML (``weasyprint.HTML(string=...).write_pdf(pdf_variant="pdf/ua-1")``), and prints
the medians and their ratio (the target is 1.15 or less). Not part of the test suite.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime, timedelta
from functools import partial

import weasyprint

from bench.harness import add_database_option, median_seconds, migrated_app
from governors.agendas import services as agendas
from governors.attendance import services as attendance
from governors.extensions import db
from governors.meetings.models import Meeting
from governors.minutes import pdf as minutes_pdf
from governors.minutes import services as minutes
from governors.people.models import GovernorProfile, Role, User

TEXT = (
    "The director introduced the report. Governors asked how the trust would know the "
    "change had worked for patients and carers, and when the next report would come. "
)


def _hold(items: int) -> Meeting:
    secretary = User(email="secretary@example.org", name="Rachel Turner")
    secretary.set_roles({Role.SECRETARY})
    db.session.add(secretary)
    governors = []
    for n in range(24):
        person = User(email=f"governor{n}@example.org", name=f"Governor {n:02d}")
        person.set_roles({Role.GOVERNOR})
        person.governor_profile = GovernorProfile(
            constituency="public",
            route="elected",
            term_start=datetime(2025, 4, 1).date(),
            term_end=datetime(2029, 3, 31).date(),
        )
        governors.append(person)
    db.session.add_all(governors)
    db.session.flush()
    from governors.bodies.services import council

    start = datetime.now(UTC) - timedelta(hours=3)
    meeting = Meeting(
        body=council(), kind="ordinary", starts_at=start, duration_minutes=180, place="Boardroom"
    )
    db.session.add(meeting)
    db.session.flush()
    added = [
        agendas.add_item(
            secretary,
            meeting,
            part="private" if n % 5 == 4 else "public",
            title=f"Item {n}: quality and safety report",
            minutes_allowed=5,
        )
        for n in range(items)
    ]
    for n, person in enumerate(governors):
        status = "apologies" if n % 8 == 7 else "present"
        attendance.record_attendance(secretary, meeting, person, status)
    for n, item in enumerate(added):
        if n % 6 == 0:
            attendance.record_declaration(
                secretary, item, governors[n % len(governors)], "Trustee of a charity", "stayed"
            )
        vote = {"votes_for": 12, "votes_against": 6, "votes_abstaining": 2} if n % 3 == 0 else {}
        minutes.save_minute(
            secretary,
            item,
            minutes.MinuteText(
                presented_by="Dr Asha Patel, Medical Director",
                discussion=TEXT * 3,
                decisions="The Council noted the report.",
                **vote,
            ),
            revision=None,
        )
    minutes.circulate(secretary, meeting, notify=False)
    db.session.commit()
    return meeting


def _weasyprint_alone(html: str) -> bytes:
    return weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--items", type=int, default=30)
    add_database_option(parser)
    args = parser.parse_args(argv)
    with migrated_app(args.database_url) as (app, _), app.app_context():
        meeting = _hold(args.items)
        snapshot = minutes.record_of(meeting).snapshot
        for full in (False, True):
            html = minutes_pdf.render_html(snapshot, full=full)
            ours = median_seconds(partial(minutes_pdf.minutes_pdf, snapshot, full=full), args.runs)
            alone = median_seconds(partial(_weasyprint_alone, html), args.runs)
            edition = "full" if full else "public"
            print(
                f"{edition:6} minutes PDF, {args.items} items: ours {ours * 1000:.0f} ms, "
                f"WeasyPrint alone {alone * 1000:.0f} ms, ratio {ours / alone:.3f}"
            )


if __name__ == "__main__":
    main()
