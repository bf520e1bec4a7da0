"""The secretary sets where the risk bands end on the council settings page; the bands
must rise, and the register follows them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from governors.council.models import CouncilSettings
from governors.extensions import db
from tests.risks.conftest import make_risk, page_text

pytestmark = pytest.mark.clock(datetime(2027, 1, 3, 12, 0, tzinfo=UTC))

GOOD = {
    "council_name": "Council of Governors",
    "trust_name": "Northshire NHS Foundation Trust",
    "clear_days": "10",
    "counting": "calendar",
    "nation": "england",
    "cutoff": "",
    "response_days": "14",
    "question_answer_days": "20",
    "risk_low_top": "4",
    "risk_moderate_top": "9",
    "risk_high_top": "16",
}


def test_the_secretary_sets_the_bands_and_the_register_follows(world, client, sign_in):
    risk = make_risk(world, likelihood=3, impact=3)
    db.session.commit()
    sign_in(world.secretary)
    text = page_text(client.get("/settings/"))
    assert "Low 1 to 3, moderate 4 to 6, high 8 to 12, extreme 15 to 25" in text
    assert "High risk, score 9" in page_text(client.get("/risks/"))
    assert client.post("/settings/", data=GOOD).status_code == 302
    settings = db.session.get(CouncilSettings, 1)
    assert (settings.risk_low_top, settings.risk_moderate_top, settings.risk_high_top) == (4, 9, 16)
    assert "Moderate risk, score 9" in page_text(client.get("/risks/"))
    assert "Moderate risk, score 9" in page_text(client.get(f"/risks/{risk.id}"))
    text = page_text(client.get("/risks/overview"))
    assert "Low 1 to 4, moderate 5 to 9, high 10 to 16, extreme 20 to 25" in text


def test_a_form_without_the_band_fields_keeps_the_saved_bands(world, client, sign_in):
    sign_in(world.secretary)
    data = {k: v for k, v in GOOD.items() if not k.startswith("risk_")}
    assert client.post("/settings/", data=data).status_code == 302
    settings = db.session.get(CouncilSettings, 1)
    assert (settings.risk_low_top, settings.risk_moderate_top, settings.risk_high_top) == (3, 6, 12)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"risk_low_top": ""}, "risk_low_top", "Enter the top of the low band"),
        ({"risk_low_top": "0"}, "risk_low_top", "Top of the low band must be between 1 and 22"),
        ({"risk_low_top": "x"}, "risk_low_top", "Top of the low band must be a whole number"),
        (
            {"risk_moderate_top": "4"},
            "risk_moderate_top",
            "Top of the moderate band must be more than the top of the low band (4)",
        ),
        (
            {"risk_high_top": "9"},
            "risk_high_top",
            "Top of the high band must be more than the top of the moderate band (9)",
        ),
        ({"risk_high_top": "25"}, "risk_high_top", "Top of the high band must be between 3 and 24"),
        ({"risk_high_top": ""}, "risk_high_top", "Enter the top of the high band"),
    ],
)
def test_bands_that_do_not_rise_are_named(world, client, sign_in, changes, field, message):
    sign_in(world.secretary)
    response = client.post("/settings/", data=GOOD | changes)
    assert response.status_code == 200
    text = page_text(response)
    assert text.startswith("Error: Council settings")
    assert message in text
    assert f'href="#{field}"' in response.get_data(as_text=True)
    assert db.session.get(CouncilSettings, 1) is None
