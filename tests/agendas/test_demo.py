"""The demo council's agendas: realistic, published, and one changed after publishing."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from governors.agendas.models import AgendaItem, AgendaVersion
from governors.demo import load_demo
from governors.documents.services import read_document
from governors.extensions import db
from governors.meetings.models import Meeting
from governors.timeutil import utcnow

TODAY = date(2027, 1, 4)


@pytest.mark.clock("2027-01-04 09:30:00+00:00")
def test_the_demo_publishes_agendas_for_past_council_meetings_and_the_next_one(app):
    load_demo(today=TODAY)
    now = utcnow()
    meetings = db.session.scalars(
        sa.select(Meeting)
        .where(Meeting.kind.in_(("ordinary", "extraordinary")))
        .order_by(Meeting.starts_at)
    ).all()
    past = [m for m in meetings if m.starts_at < now]
    following = [m for m in meetings if m.starts_at >= now]
    assert past and following

    for meeting in [*past, following[0]]:
        versions = meeting.versions
        assert versions and versions[0].number == 1, meeting
        assert all(v.published_at <= now for v in versions)
        assert all(v.published_at < meeting.starts_at for v in versions)
        # Each version's two PDFs were made when it was published, and kept.
        assert all(v.pdf_public.startswith(b"%PDF-") for v in versions)
        assert all(v.pdf_full.startswith(b"%PDF-") for v in versions)
        latest = versions[-1].entries
        substantive = [e for e in latest if not e["standing"]]
        if meeting.kind == "ordinary":
            assert 4 <= len([e for e in substantive if e["request_id"] is None]) <= 8
            assert any(e["part"] == "private" for e in latest)
            assert latest[[e["part"] for e in latest].index("private") - 1]["title"] == (
                "Any other business"
            )
    for meeting in following[1:]:
        assert meeting.versions == []

    second = db.session.scalars(sa.select(AgendaVersion).where(AgendaVersion.number == 2)).all()
    assert len(second) >= 2
    assert all(v.change_note for v in second)
    assert following[0].id in {v.meeting_id for v in second}

    titles = set(db.session.scalars(sa.select(AgendaItem.title)))
    assert "Chief executive's report" in titles
    assert "Non-executive director appointments" in titles or (
        "Remuneration of the chair and non-executive directors" in titles
    )
    papers = [p for item in db.session.scalars(sa.select(AgendaItem)) for p in item.papers]
    assert papers and all(read_document(p).startswith(b"%PDF-") for p in papers)
