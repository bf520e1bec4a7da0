"""The demo council: realistic data for trying the product, loaded into an empty database.

People come first; each area then adds its own data through ``<area>/demo.py``'s
``load(council)`` where ``council`` is the ``DemoCouncil`` below.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date

from governors.people.models import User

DEFAULT_PASSWORD = "governors-demo"


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD


@dataclass
class DemoCouncil:
    """What the loaders share: today's date and the people, by email and by role."""

    today: date
    people: dict[str, User] = field(default_factory=dict)

    def person(self, email: str) -> User:
        return self.people[email]
