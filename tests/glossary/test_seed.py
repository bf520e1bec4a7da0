"""The common NHS governance terms a council starts with."""

from __future__ import annotations

import sqlalchemy as sa

from governors.extensions import db
from governors.glossary import services
from governors.glossary.models import GlossaryTerm
from governors.glossary.readability import reading_ease
from tests import factories


def test_the_seeded_glossary_has_the_common_terms_with_plain_meanings(app):
    added = services.seed()
    terms = {entry.term: entry for entry in services.entries()}
    assert added == len(terms) >= 25
    for term in ("NED", "CQC", "BAF", "FT", "ICB", "Quorum", "Clear days"):
        assert term in terms
    assert terms["CQC"].spelled_out == "Care Quality Commission"
    hard = {
        term: reading_ease(e.meaning) for term, e in terms.items() if reading_ease(e.meaning) < 60
    }
    assert hard == {}


def test_seeding_adds_only_missing_terms_and_keeps_the_secretary_s_words(app):
    factories.GlossaryTermFactory(term="quorum", key="quorum", meaning="Our own words.")
    db.session.commit()
    first = services.seed()
    assert services.seed() == 0
    assert first == len(services.COMMON_TERMS) - 1
    kept = db.session.scalar(sa.select(GlossaryTerm).where(GlossaryTerm.key == "quorum"))
    assert kept.meaning == "Our own words."


def test_the_seed_glossary_command_adds_the_terms(app):
    result = app.test_cli_runner().invoke(args=["governors", "seed-glossary"])
    assert result.exit_code == 0, result.output
    assert f"Added {len(services.COMMON_TERMS)} terms to the glossary." in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(GlossaryTerm)) == len(
        services.COMMON_TERMS
    )
