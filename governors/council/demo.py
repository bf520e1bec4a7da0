"""The demo council's settings: the constitution's 10 clear days, counted as calendar days."""

from __future__ import annotations

from governors.council.models import DEFAULTS, CouncilSettings
from governors.demo import DemoCouncil
from governors.extensions import db

TRUST_NAME = "Northshire Community and Mental Health NHS Foundation Trust"


def load(council: DemoCouncil) -> None:
    db.session.add(
        CouncilSettings(
            id=1,
            **(DEFAULTS | {"council_name": "Council of Governors", "trust_name": TRUST_NAME}),
        )
    )
    db.session.flush()
