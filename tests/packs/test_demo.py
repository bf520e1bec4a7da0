"""The demo's board pack: real multi-page reports on the next Council meeting's agenda."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from governors.agendas.models import AgendaVersion
from governors.demo import load_demo
from governors.extensions import db
from governors.meetings.models import Meeting
from governors.packs import services
from governors.timeutil import utcnow
from tests.packs.conftest import page_texts, read


@pytest.mark.clock("2027-01-04 09:30:00+00:00")
def test_the_next_council_meeting_has_a_pack_of_real_reports(app):
    load_demo(today=date(2027, 1, 4))
    meeting = db.session.scalars(
        sa.select(Meeting)
        .where(Meeting.kind == "ordinary", Meeting.starts_at >= utcnow())
        .order_by(Meeting.starts_at)
        .limit(1)
    ).one()
    version = db.session.scalars(
        sa.select(AgendaVersion)
        .where(AgendaVersion.meeting_id == meeting.id)
        .order_by(AgendaVersion.number.desc())
        .limit(1)
    ).one()
    frozen = version.frozen
    public_papers = [p["filename"] for e in frozen.public_items for p in e["papers"]]
    private_papers = [p["filename"] for e in frozen.private_items for p in e["papers"]]
    assert "Finance report.pdf" in public_papers
    assert "Quality and safety report: patient safety and experience.pdf" in public_papers
    assert any(name.startswith("Non-executive director appointments") for name in private_papers)

    full = services.request_pack(version, "full")
    assert full.status == "ready" and full.problems == []
    texts = page_texts(read(full.pdf))
    finance = [t for t in texts if "Paper" in t and ": Finance report ·" in t]
    quality = [
        t for t in texts if ": Quality and safety report: patient safety and experience ·" in t
    ]
    assert len(finance) == 6 and len(quality) == 8
    assert "Income and spending" in "\n".join(finance)
    assert any("Non-executive director appointments" in t and "·" in t for t in texts)

    public = services.request_pack(version, "public")
    public_text = "\n".join(page_texts(read(public.pdf)))
    assert "Finance report" in public_text
    assert "Thirty-one people applied" not in public_text
