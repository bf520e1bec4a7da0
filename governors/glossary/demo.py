"""Demo data for the glossary: the common NHS governance terms, as a new council starts with."""

from __future__ import annotations

from typing import Any

from governors.glossary.services import seed


def load(council: Any) -> None:
    seed(council.person("secretary@example.org"))
