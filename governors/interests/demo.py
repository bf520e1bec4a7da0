"""Demo register of interests.

Runs after the bodies demo and before the attendance demo (whose declarations name the
entries they come from). Several governors list interests: the demo governor account is an
unpaid trustee of Age UK Northshire, which the next Council meeting's quality report
mentions, so her home page and the meeting page ask her to check the agenda; the service
user governor's interest is sensitive (the public register says only that one is held);
the lead governor directs a consultancy; a staff governor is employed by the trust. Almost
everyone who sits on a body made their yearly declaration in the past year, one saying
"nothing to declare"; one governor's is overdue, and the demo governor's is due soon.

Written through the services, dated from ``council.today``, without emails.
"""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from governors.council.models import current_settings
from governors.demo import DemoCouncil
from governors.extensions import db
from governors.interests import services
from governors.interests.models import Interest, InterestKind
from governors.people.models import Role, User

# The organisation the next Council meeting's quality report mentions (agendas demo).
AGE_UK = "Age UK Northshire"
# Whose declarations of interest at the last Council meeting come from their register.
STAFF_GOVERNOR = "Amanda Foster"
SU_GOVERNOR = "su.governor@example.org"
SENSITIVE = "Receives care from the trust's community mental health team"
# Whose yearly declaration is overdue, and who declared nothing.
OVERDUE = "Peter Lawson"
NOTHING = "Kwame Mensah"


def _entries(today: date) -> list[tuple[str, InterestKind, str, str, date]]:
    """(name, kind, organisation, description, held from)."""
    trust = current_settings().trust_name

    def years(n: int) -> date:
        return today.replace(year=today.year - n, day=1)

    return [
        ("Helen Carter", InterestKind.PROFESSIONAL, AGE_UK, "Unpaid trustee", years(3)),
        (
            "David Okoro",
            InterestKind.FINANCIAL,
            "Okoro Advisory Ltd",
            "Director and shareholder of a consultancy that advises charities on governance",
            years(6),
        ),
        (
            STAFF_GOVERNOR,
            InterestKind.FINANCIAL,
            trust,
            "Employed by the trust as a ward manager in inpatient services",
            years(9),
        ),
        (
            "Chloe Bennett",
            InterestKind.PERSONAL,
            "Northshire Community Mental Health Team",
            SENSITIVE,
            years(4),
        ),
        (
            "Rajesh Patel",
            InterestKind.INDIRECT,
            "Riverside Medical Practice",
            "His wife is a GP partner at the practice, which refers patients to the trust",
            years(2),
        ),
        (
            "Fatima Hussain",
            InterestKind.PROFESSIONAL,
            "Healthwatch Northshire",
            "Volunteer Enter and View representative",
            years(1),
        ),
    ]


def entry_of(user: User) -> Interest | None:
    """A person's first entry in the demo register, for the attendance demo."""
    return db.session.scalar(
        sa.select(Interest).where(Interest.user_id == user.id).order_by(Interest.id).limit(1)
    )


def load(council: DemoCouncil) -> None:
    people = list(council.people.values())
    secretary = next((p for p in people if p.has_role(Role.SECRETARY)), None)
    if secretary is None:
        return
    today = council.today
    by_name = {person.name: person for person in people}
    for name, kind, organisation, description, since in _entries(today):
        person = by_name.get(name)
        if person is None:
            continue
        services.add_interest(
            person,
            person,
            services.InterestDetails(
                kind=kind,
                organisation=organisation,
                description=description,
                starts_on=since,
                sensitive=description == SENSITIVE,
            ),
        )
    sitting = [row.person for row in services.overview(today)]
    for n, person in enumerate(sitting):
        if person.name == OVERDUE:
            made = today - timedelta(days=400)
        elif person.email == "governor@example.org":
            made = today - timedelta(days=350)
        else:
            made = today - timedelta(days=20 + (n * 37) % 300)
        services.make_return(person, person, nothing_to_declare=person.name == NOTHING, today=made)
    db.session.flush()
