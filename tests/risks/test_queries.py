"""The register, the overview, a risk's page and the linked risks of agenda items cost the
same number of queries with 2 risks and with 40."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from governors.extensions import db
from governors.risks import services
from tests.queries import counting_queries
from tests.risks.conftest import make_risk

pytestmark = pytest.mark.clock(datetime(2027, 1, 3, 12, 0, tzinfo=UTC))


def _grow(world, count: int) -> None:
    for n in range(count):
        risk = make_risk(
            world,
            title=f"Risk number {n}",
            likelihood=1 + n % 5,
            impact=1 + (n // 5) % 5,
            owner_id=(world.officer if n % 2 else world.other_officer).id,
            body_id=(world.committee.id if n % 3 else world.meeting.body_id),
            item_ids=[world.public_item.id, world.private_item.id][: 1 + n % 2],
            action_ids=[world.action.id],
        )
        services.rescore(world.secretary, risk, 1 + (n + 1) % 5, risk.impact, "Reviewed")
    db.session.commit()


def _count(client, url: str) -> int:
    db.session.expire_all()
    with counting_queries() as statements:
        response = client.get(url)
        assert response.status_code == 200, url
        response.close()
    return len(statements)


def _pages(world, risk_id: int) -> list[str]:
    return ["/risks/", "/risks/overview", "/risks/?band=high", f"/risks/{risk_id}", "/risks/new"]


def test_pages_cost_the_same_with_2_risks_and_with_40(world, client, sign_in):
    _grow(world, 2)
    sign_in(world.secretary)
    first = make_risk(world, item_ids=[world.public_item.id, world.private_item.id])
    db.session.commit()
    few = {url: _count(client, url) for url in _pages(world, first.id)}
    _grow(world, 38)
    many = {url: _count(client, url) for url in _pages(world, first.id)}
    assert many == few


def test_risks_for_items_is_one_query_sorted_high_to_low(world):
    low = make_risk(world, title="Low one", likelihood=1, impact=1, item_ids=[world.public_item.id])
    high = make_risk(
        world,
        title="High one",
        likelihood=5,
        impact=5,
        item_ids=[world.public_item.id, world.private_item.id],
    )
    db.session.commit()
    public_id, private_id, low_id, high_id = (
        world.public_item.id,
        world.private_item.id,
        low.id,
        high.id,
    )
    db.session.expire_all()
    with counting_queries() as statements:
        found = services.risks_for_items([public_id, private_id, 999])
        owners = [risk.owner.name for risks in found.values() for risk in risks]
    # One query for the risks; their owners (with their roles and profiles) come with them.
    assert len([s for s in statements if "risk_agenda_items" in s]) == 1
    assert len(statements) <= 4
    assert owners
    assert [risk.id for risk in found[public_id]] == [high_id, low_id]
    assert [risk.id for risk in found[private_id]] == [high_id]
    assert 999 not in found
    assert services.risks_for_items([]) == {}
