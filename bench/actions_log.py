"""Query counts and times of the action log and its CSV export, for 20 actions and then many.

    python -m bench.actions_log [--runs 5] [--actions 20000] [--database-url URL]

Builds a fresh database (an SQLite file in a temporary folder, or a new PostgreSQL
database when ``--database-url``/``BENCH_DATABASE_URL`` names a server) with a Council
meeting and a closed committee's meeting (each with a public and a private item), raises 20
actions on them and on their own with bulk inserts (``tests.actions.bulk``), and requests,
as the lead governor, the action log (its first page, a filtered page and a later page) and
the CSV export of every action. Then it adds actions until there are ``--actions`` and asks
again. It prints, per page, the SQL queries one request makes and the median time at each
size, and whether the count stayed flat; it exits with status 1 when a count grew. Not part
of the test suite (``tests/actions/test_queries.py`` checks the same pages).
"""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta

from flask import url_for

from bench.harness import add_database_option, migrated_app, timed
from bench.meeting_queries import measure, print_table
from governors.agendas import services as agendas
from governors.extensions import db
from governors.people.models import Role
from governors.timeutil import local_today, utcnow
from tests import factories
from tests.actions import bulk

FEW = 20


def build() -> tuple[list[bulk.Place], list[int], int, str]:
    """The people, the meetings and their items: where the actions go, who owns them, who
    raised them, and the lead governor's email."""
    secretary = factories.secretary(name="Rachel Turner", email="rachel.turner@example.org")
    lead = factories.governor(
        name="Lee Grant", email="lee.grant@example.org", roles=(Role.LEAD_GOVERNOR,)
    )
    governor = factories.governor(name="Helen Carter", email="helen.carter@example.org")
    officer = factories.UserFactory(name="Omar Hassan", roles=[Role.OFFICER])
    member = factories.governor(name="Cara Okoye")
    committee = factories.BodyFactory(name="Nominations and Remuneration Committee")
    factories.MembershipFactory(body=committee, user=member)
    held = utcnow() - timedelta(days=30)
    meeting = factories.MeetingFactory(starts_at=held)
    committee_meeting = factories.MeetingFactory(body=committee, starts_at=held)
    places = []
    for where in (meeting, committee_meeting):
        for part in ("public", "private"):
            item = agendas.add_item(secretary, where, part=part, title=f"A {part} item")
            places.append(bulk.Place(where.body_id, where.id, item.id, part == "private"))
    places += [bulk.Place(meeting.body_id), bulk.Place(committee.id, private=True)]
    owners = [governor.id, lead.id, officer.id, member.id]
    return places, owners, secretary.id, lead.email


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="requests per page (median)")
    parser.add_argument("--actions", type=int, default=20_000, help="actions at the end")
    add_database_option(parser)
    args = parser.parse_args(argv)

    with migrated_app(args.database_url) as (app, engine):
        with app.app_context():
            factories.bind(db.session)
            places, owners, secretary_id, lead = build()
            first_due = local_today() - timedelta(days=14)
            raised_at = utcnow() - timedelta(days=30)

            def grow(count: int, start: int) -> None:
                bulk.actions(
                    places,
                    owners,
                    secretary_id,
                    count,
                    start=start,
                    first_due=first_due,
                    raised_at=raised_at,
                )
                db.session.commit()

            timed(f"{FEW} actions", lambda: grow(FEW, 0))
            with app.test_request_context():
                urls = {
                    "lead": [
                        ("log", url_for("governors.actions.log")),
                        ("log overdue", url_for("governors.actions.log", period="overdue")),
                        ("log page 2", url_for("governors.actions.log", page=2)),
                        ("export.csv", url_for("governors.actions.export_csv")),
                    ]
                }
            db.session.remove()
        emails = {"lead": lead}
        small = timed(f"Measuring at {FEW}", lambda: measure(app, engine, urls, emails, args.runs))
        with app.app_context():
            factories.bind(db.session)
            timed(f"Growing to {args.actions}", lambda: grow(args.actions - FEW, FEW))
            db.session.remove()
        large = timed(
            f"Measuring at {args.actions}", lambda: measure(app, engine, urls, emails, args.runs)
        )
        flat = print_table(small, large, (FEW, args.actions), args.runs)
    return 0 if flat else 1


if __name__ == "__main__":
    sys.exit(main())
