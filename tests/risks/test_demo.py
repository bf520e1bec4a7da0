"""The demo council's risks: about twenty across the Council and its committees, with
histories getting better and worse, one review overdue, one closed, three hard summaries
kept with a reason, and links to the next Council meeting's items and to open actions."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from governors.demo import AREAS, load_demo
from governors.extensions import db
from governors.risks import services
from governors.risks.models import Risk
from governors.risks.rules import Trend, review_overdue, trend

TODAY = date(2027, 3, 15)


def test_risks_load_after_questions_and_the_glossary():
    assert AREAS.index("questions") < AREAS.index("glossary") < AREAS.index("risks")


@pytest.mark.clock("2027-03-15 10:00:00+00:00")
def test_the_demo_has_a_realistic_register(app):
    load_demo(today=TODAY)
    risks = db.session.scalars(sa.select(Risk).order_by(Risk.id)).all()
    assert 18 <= len(risks) <= 22
    assert len({risk.body_id for risk in risks}) >= 3
    trends = {trend([change.score for change in risk.history]) for risk in risks}
    assert {Trend.RISING, Trend.FALLING, Trend.STEADY} <= trends
    assert all(risk.history[0].changed_at.date() < TODAY for risk in risks)
    assert [r.title for r in risks if review_overdue(r.review_on, TODAY, r.status)] == [
        "Complaints answered late"
    ]
    assert [risk.title for risk in risks if risk.status == "closed"] == ["Car parking for carers"]
    kept = [risk for risk in risks if risk.summary_reason]
    assert len(kept) == 3
    assert all(services.summary_advice(risk.summary) for risk in kept)
    readable = [risk for risk in risks if not risk.summary_reason]
    assert not [risk.title for risk in readable if services.summary_advice(risk.summary)]
    linked = [item for risk in risks for item in risk.items]
    assert {item.part for item in linked} == {"public", "private"}
    assert len({item.meeting_id for item in linked}) == 1
    assert linked[0].meeting.starts_at.date() >= TODAY
    assert sum(len(risk.actions) for risk in risks) >= 3
    assert all(action.status in ("open", "in_progress") for r in risks for action in r.actions)
