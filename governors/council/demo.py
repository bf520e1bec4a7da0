"""The demo council's settings: the constitution's 10 clear days, counted as calendar days."""

from __future__ import annotations

from governors.council.models import DEFAULTS, CouncilSettings
from governors.demo import DemoCouncil
from governors.extensions import db

TRUST_NAME = "Northshire Community and Mental Health NHS Foundation Trust"
# The governance office, as the public page shows it. Phone numbers in 01632 960 are
# set aside by Ofcom for drama, so no real line is rung.
CONTACT = {
    "contact_email": "governors@northshire-cmh.example.org",
    "contact_phone": "01632 960 123",
    "postal_address": "Governors' Office\nTrust Headquarters\n1 Riverside Way\nNorthshire\nNS1 4RW",
    "access_info": (
        "The boardroom is on the ground floor. There is step-free access from the main door. "
        "The room has a hearing loop.\n\n"
        "There are blue badge spaces by the main door. Tell us a week before if you need "
        "any other help, such as a British Sign Language interpreter."
    ),
    "joining_online": (
        "You can watch the meeting online. Email us by noon the day before. "
        "We will send you the link."
    ),
    "asking_questions": (
        "You can ask the governors a question about the trust. Email or write to us at least "
        "three working days before the meeting. The chair will answer it at the meeting. "
        "If there is no time, we will write to you."
    ),
}


def load(council: DemoCouncil) -> None:
    db.session.add(
        CouncilSettings(
            id=1,
            **(
                DEFAULTS
                | {"council_name": "Council of Governors", "trust_name": TRUST_NAME}
                | CONTACT
            ),
        )
    )
    db.session.flush()
