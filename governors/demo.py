"""The demo council: realistic data for trying the product, loaded into an empty database.

People come first; each area then adds its own data through ``<area>/demo.py``'s
``load(council)`` where ``council`` is the ``DemoCouncil`` below. Loaders write through
services or models and never commit: ``load_demo`` commits once, so a failure leaves
the database as empty as it found it.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass, field
from datetime import date
from types import ModuleType

import sqlalchemy as sa

from governors.people.models import User

DEFAULT_PASSWORD = "governors-demo"

# Loaded in this order: later areas use what earlier ones made.
AREAS = (
    "council",
    "people",
    "meetings",
    "requests",
    "agendas",
    "bodies",
    "buddying",
    "interests",
    "attendance",
    "cover",
    "actions",
    "minutes",
    "questions",
    "glossary",
    "risks",
    "packs",
    "papers",
)

# The demo accounts to try each role with, and what each shows.
SIGN_INS = (
    ("secretary@example.org", "Board secretary: runs everything"),
    ("chair@example.org", "Chair: decides agenda requests"),
    ("lead.governor@example.org", "Lead governor, also a public governor"),
    ("governor@example.org", "Public governor"),
    ("su.governor@example.org", "Service user governor"),
)


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD


@dataclass
class DemoCouncil:
    """What the loaders share: today's date and the people, by email and by role."""

    today: date
    people: dict[str, User] = field(default_factory=dict)

    def person(self, email: str) -> User:
        return self.people[email]


class DemoRefused(Exception):
    """The database already holds people, so the demo would mix with real data."""


def database_is_empty() -> bool:
    from governors.extensions import db

    return db.session.scalar(sa.select(User.id).limit(1)) is None


def area_loader(area: str) -> ModuleType | None:
    """An area's demo module, or None if that area has none (yet)."""
    name = f"governors.{area}.demo"
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        # Only a missing demo module is skipped; a broken import inside one is a bug.
        if error.name == name:
            return None
        raise


def load_demo(today: date | None = None) -> DemoCouncil:
    """Load every area's demo data and commit once. Refuses a database that has people."""
    from governors.extensions import db
    from governors.timeutil import local_today

    if not database_is_empty():
        raise DemoRefused(
            "The database already has people in it. The demo council loads only into an "
            "empty database, so it never mixes with real data."
        )
    council = DemoCouncil(today=today or local_today())
    try:
        for area in AREAS:
            module = area_loader(area)
            if module is not None:
                module.load(council)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return council
