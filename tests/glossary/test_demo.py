"""The demo council's glossary: the common terms, and the easy-read page explains them."""

from __future__ import annotations

from datetime import date

import pytest

from governors.demo import AREAS, load_demo
from governors.glossary import services

TODAY = date(2027, 3, 15)


def test_the_glossary_loads_after_questions():
    assert AREAS.index("glossary") == AREAS.index("questions") + 1


@pytest.mark.clock("2027-03-15 10:00:00+00:00")
def test_the_demo_has_the_common_terms(app):
    load_demo(today=TODAY)
    terms = {entry.term for entry in services.entries()}
    assert {"NED", "CQC", "BAF", "FT", "ICB", "Quorum", "Clear days"} <= terms
    assert services.seed() == 0
