"""The demo council's people: governors in every constituency, the chair, NEDs and officers.

Everyone shares one password hash (hashing is deliberately slow, and it is the same
password). Terms are placed around ``council.today`` so some end within 90 days.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from werkzeug.security import generate_password_hash

from governors.demo import DemoCouncil, demo_password
from governors.extensions import db
from governors.people.models import Constituency, GovernorProfile, Role, Route, User
from governors.timeutil import utcnow

PUBLIC = Constituency.PUBLIC
SERVICE_USER = Constituency.SERVICE_USER
CARER = Constituency.CARER
STAFF = Constituency.STAFF
APPOINTED = Constituency.APPOINTED

# (name, email or None for first.last@example.org, constituency, area, days until term ends)
GOVERNORS: list[tuple[str, str | None, Constituency, str | None, int]] = [
    ("Helen Carter", "governor@example.org", PUBLIC, "Castlebridge", 610),
    ("David Okoro", "lead.governor@example.org", PUBLIC, "Bramley Vale", 480),
    ("Margaret Ellis", None, PUBLIC, "Ashworth", 34),
    ("Rajesh Patel", None, PUBLIC, "Elmsford", 850),
    ("Siobhan Murphy", None, PUBLIC, "Dunmore Coast", 250),
    ("Gareth Williams", None, PUBLIC, "Ashworth", 980),
    ("Fatima Hussain", None, PUBLIC, "Castlebridge", 370),
    ("Peter Lawson", None, PUBLIC, "Bramley Vale", 72),
    ("Joanne Fletcher", None, PUBLIC, "Elmsford", 700),
    ("Kwame Mensah", None, PUBLIC, "Castlebridge", 1020),
    ("Eleanor Whitfield", None, PUBLIC, "Dunmore Coast", 540),
    ("Stuart McKenzie", None, PUBLIC, "Rest of England", 300),
    ("Imran Qureshi", None, PUBLIC, "Elmsford", 890),
    ("Zoe Marshall", None, PUBLIC, "Ashworth", 1090),
    ("Chloe Bennett", "su.governor@example.org", SERVICE_USER, None, 420),
    ("Tom Harrison", None, SERVICE_USER, None, 58),
    ("Aisha Begum", None, SERVICE_USER, None, 760),
    ("Callum Reid", None, SERVICE_USER, None, 190),
    ("Donna Price", None, SERVICE_USER, None, 930),
    ("Marcus Thompson", None, SERVICE_USER, None, 640),
    ("Niamh Gallagher", None, SERVICE_USER, None, 86),
    ("Leon Wright", None, SERVICE_USER, None, 330),
    ("Priya Nair", None, SERVICE_USER, None, 1000),
    ("Susan Clarke", None, CARER, None, 260),
    ("Oluwaseun Adeyemi", None, CARER, None, 820),
    ("Janet Morris", None, CARER, None, 15),
    ("Robert Hughes", None, CARER, None, 560),
    ("Amanda Foster", None, STAFF, "Nursing", 400),
    ("Dr Sanjay Mehta", None, STAFF, "Medical", 720),
    ("Laura Jenkins", None, STAFF, "Allied health professionals", 150),
    ("Kevin Doyle", None, STAFF, "Support staff", 950),
    ("Cllr Patricia Moore", None, APPOINTED, "Northshire County Council", 210),
    ("Professor Alan Graves", None, APPOINTED, "University of Northshire", 680),
    ("Yvonne Campbell", None, APPOINTED, "Northshire Voluntary Action", 460),
    ("Dr Hannah Lowe", None, APPOINTED, "Northshire Integrated Care Board", 880),
    ("Cllr Mohammed Akhtar", None, APPOINTED, "Castlebridge City Council", 45),
]

# (name, email or None, roles)
OTHERS: list[tuple[str, str | None, tuple[Role, ...]]] = [
    ("Caroline Ashdown", "chair@example.org", (Role.CHAIR,)),
    ("Rachel Turner", "secretary@example.org", (Role.SECRETARY,)),
    ("Richard Penrose", None, (Role.NED,)),
    ("Dr Nkechi Obi", None, (Role.NED,)),
    ("Alison Grant", None, (Role.NED,)),
    ("Michael Brennan", None, (Role.NED,)),
    ("Sarah Lindqvist", None, (Role.NED,)),
    ("Jonathan Reeve", None, (Role.NED,)),
    ("Dr Anil Kapoor", None, (Role.OFFICER,)),
    ("Deborah Walsh", None, (Role.OFFICER,)),
    ("Mark Hendry", None, (Role.OFFICER,)),
    ("Emma Sutton", None, (Role.OFFICER,)),
]

# Invited a fortnight ago and has not yet set a password.
NOT_YET_ACCEPTED = "zoe.marshall@example.org"
# A former governor whose term ended: deactivated, kept for history.
FORMER_GOVERNOR = ("Brian Stokes", PUBLIC, "Dunmore Coast", -60)

TITLES = {"dr", "cllr", "professor"}


def email_for(name: str) -> str:
    words = [w for w in re.sub(r"[^a-z ]", "", name.lower()).split() if w not in TITLES]
    return f"{words[0]}.{words[-1]}@example.org"


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _governor(
    name: str,
    email: str,
    constituency: Constituency,
    area: str | None,
    term_end: date,
    password_hash: str | None,
) -> User:
    user = User(name=name, email=email, password_hash=password_hash, active=True)
    roles = {Role.GOVERNOR}
    if email == "lead.governor@example.org":
        roles.add(Role.LEAD_GOVERNOR)
    user.set_roles(roles)
    user.governor_profile = GovernorProfile(
        constituency=constituency.value,
        area=area,
        route=Route.APPOINTED if constituency is APPOINTED else Route.ELECTED,
        # Three-year terms ending on the given day.
        term_start=years_before(term_end, 3) + timedelta(days=1),
        term_end=term_end,
    )
    return user


def load(council: DemoCouncil) -> None:
    password_hash = generate_password_hash(demo_password())
    people: list[User] = []
    for name, email, constituency, area, days_left in GOVERNORS:
        email = email or email_for(name)
        people.append(
            _governor(
                name,
                email,
                constituency,
                area,
                council.today + timedelta(days=days_left),
                None if email == NOT_YET_ACCEPTED else password_hash,
            )
        )
    for name, email, roles in OTHERS:
        user = User(name=name, email=email or email_for(name), password_hash=password_hash)
        user.set_roles(set(roles))
        people.append(user)
    name, constituency, area, days_left = FORMER_GOVERNOR
    former = _governor(
        name,
        email_for(name),
        constituency,
        area,
        council.today + timedelta(days=days_left),
        password_hash,
    )
    former.active = False
    former.deactivated_at = utcnow() + timedelta(days=days_left)
    people.append(former)
    db.session.add_all(people)
    db.session.flush()
    # Other areas' demo data uses these people as proposers, owners and attendees: only
    # those who can sign in, so nothing is credited to someone who never could have done it.
    council.people.update(
        {person.email: person for person in people if person.active and person.password_hash}
    )
