"""Writing risks: the first score goes into the history, every change of score needs a
reason and is kept, links to agenda items and actions, and every write is audited."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from governors.audit.models import AuditEntry
from governors.council.models import CouncilSettings
from governors.errors import Refused
from governors.extensions import db
from governors.risks import services
from tests.risks.conftest import EASY, HARD, details, make_risk

pytestmark = pytest.mark.clock(datetime(2027, 1, 3, 12, 0, tzinfo=UTC))


def audit(action: str) -> list[AuditEntry]:
    return list(
        db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        )
    )


def test_creating_writes_the_first_score_and_an_audit_entry(world):
    risk = make_risk(world, item_ids=[world.public_item.id], action_ids=[world.action.id])
    assert [(c.likelihood, c.impact, c.reason, c.changed_by_id) for c in risk.history] == [
        (4, 3, "Entered on the register", world.secretary.id)
    ]
    assert risk.created_by_id == world.secretary.id
    assert [item.title for item in risk.items] == ["Quality and safety report"]
    assert [action.description for action in risk.actions] == ["Send governors the staffing plan"]
    [entry] = audit("risk.created")
    assert entry.record_id == risk.id and entry.actor_id == world.secretary.id
    assert entry.after["item_ids"] == [world.public_item.id]
    assert entry.after["review_on"] == "2027-03-31"


def test_rescoring_needs_a_reason_and_appends_to_the_history(world):
    risk = make_risk(world)
    with pytest.raises(Refused) as refused:
        services.rescore(world.officer, risk, 5, 3, "  ")
    assert refused.value.field == "score_reason"
    with pytest.raises(Refused) as refused:
        services.rescore(world.officer, risk, 4, 3, "Same again")
    assert refused.value.field == "likelihood"
    services.rescore(world.officer, risk, 5, 3, "Two more wards short")
    services.rescore(world.secretary, risk, 2, 3, "Nurses recruited")
    assert [c.score for c in risk.history] == [12, 15, 6]
    assert [c.changed_by_id for c in risk.history][1:] == [world.officer.id, world.secretary.id]
    assert risk.score == 6
    entries = audit("risk.rescored")
    assert [e.summary for e in entries] == [
        f"Changed the score of risk {risk.id} from 12 to 15",
        f"Changed the score of risk {risk.id} from 15 to 6",
    ]
    assert entries[0].after["reason"] == "Two more wards short"


def test_updating_without_a_score_change_needs_no_reason_and_keeps_the_history(world):
    risk = make_risk(world)
    changed = services.update_risk(world.secretary, risk, details(world, title="Night nurses"))
    assert changed and risk.title == "Night nurses" and len(risk.history) == 1
    [entry] = audit("risk.updated")
    assert entry.before == {"title": "Nurse staffing at night"}
    assert entry.after == {"title": "Night nurses"}
    assert not services.update_risk(world.secretary, risk, details(world, title="Night nurses"))


def test_updating_the_score_needs_a_reason(world):
    risk = make_risk(world)
    with pytest.raises(Refused) as refused:
        services.update_risk(world.secretary, risk, details(world, impact=5))
    assert refused.value.field == "score_reason"
    services.update_risk(
        world.secretary, risk, details(world, impact=5), score_reason="A ward closed"
    )
    assert [c.score for c in risk.history] == [12, 20]


def test_links_can_be_changed_and_are_audited(world):
    risk = make_risk(world, item_ids=[world.public_item.id])
    services.update_risk(
        world.secretary,
        risk,
        details(world, item_ids=[world.private_item.id], action_ids=[world.action.id]),
    )
    assert [item.id for item in risk.items] == [world.private_item.id]
    [entry] = audit("risk.updated")
    assert entry.before["item_ids"] == [world.public_item.id]
    assert entry.after["item_ids"] == [world.private_item.id]
    assert entry.after["action_ids"] == [world.action.id]
    with pytest.raises(Refused) as refused:
        services.update_risk(world.secretary, risk, details(world, item_ids=[999999]))
    assert refused.value.field == "item_ids"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": " "}, "title"),
        ({"summary": ""}, "summary"),
        ({"likelihood": 6}, "likelihood"),
        ({"impact": True}, "impact"),
        ({"target_likelihood": 0}, "target_likelihood"),
        ({"initial_likelihood": 3}, "initial_impact"),
        ({"status": "lost"}, "status"),
        ({"owner_id": 999999}, "owner_id"),
        ({"body_id": 999999}, "body_id"),
    ],
)
def test_bad_details_are_refused_naming_the_field(world, changes, field):
    with pytest.raises(Refused) as refused:
        make_risk(world, **changes)
    assert refused.value.field == field


def test_readability_advice_for_easy_and_hard_summaries_and_acronyms(world):
    assert services.summary_advice(EASY) == []
    kinds = {advice.kind.value for advice in services.summary_advice(HARD)}
    assert {"hard_to_read", "long_sentence"} <= kinds
    [advice] = services.summary_advice("Because the ICB cut our budget, we may close a ward.")
    assert advice.kind.value == "acronym" and "“ICB”" in advice.message
    long = " ".join(["Staff are short."] * 21)
    assert "This has 63 words. Keep it to about 60" in " ".join(
        advice.message for advice in services.summary_advice(long)
    )


def test_bands_follow_the_councils_thresholds(world):
    risk = make_risk(world, likelihood=3, impact=3)
    assert services.band_of(9) == "high" and risk.band == "high"
    db.session.add(CouncilSettings(id=1, risk_low_top=4, risk_moderate_top=9, risk_high_top=16))
    db.session.flush()
    assert services.band_of(9) == "moderate"
    assert services.band_of(16) == "high" and services.band_of(20) == "extreme"
