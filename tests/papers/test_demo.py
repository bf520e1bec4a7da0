"""The demo's cover sheets: on items with papers and on governors' requests, plain words
but one kept hard on purpose with its reason, and published in a new version."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from governors.agendas.models import AgendaVersion
from governors.demo import load_demo
from governors.extensions import db
from governors.papers import services
from governors.papers.demo import CHANGE_NOTE
from governors.papers.models import CoverSheet


@pytest.mark.clock("2027-01-04 09:30:00+00:00")
def test_the_demo_writes_readable_cover_sheets_and_publishes_them(app):
    load_demo(today=date(2027, 1, 4))

    sheets = db.session.scalars(sa.select(CoverSheet)).all()
    assert len(sheets) >= 5
    kept = [sheet for sheet in sheets if sheet.advice_reason]
    assert len(kept) == 1
    terms = services.glossary_terms()
    assert services.advice_on(kept[0].asks, kept[0].questions, terms)
    for sheet in sheets:
        assert services.sentence_count(sheet.asks) <= 3
        if not sheet.advice_reason:
            assert services.advice_on(sheet.asks, sheet.questions, terms) == [], sheet.asks
    assert any(sheet.item.request_id is not None for sheet in sheets)

    added = db.session.scalars(
        sa.select(AgendaVersion).where(AgendaVersion.change_note == CHANGE_NOTE)
    ).all()
    assert added
    for version in added:
        assert version.published_at < version.meeting.starts_at
        assert any(entry.get("cover_sheet") for entry in version.frozen.items)
    assert any(entry.get("risks") for version in added for entry in version.frozen.items)
