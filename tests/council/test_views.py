"""The council settings page: defaults until saved, clear errors, a worked example, audited."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest
import sqlalchemy as sa

from governors.audit.models import AuditEntry
from governors.council.models import CouncilSettings, current_settings
from governors.extensions import db
from tests import factories
from tests.people.conftest import page_text

GOOD = {
    "council_name": "Council of Governors",
    "trust_name": "Northshire Community and Mental Health NHS Foundation Trust",
    "clear_days": "10",
    "counting": "working",
    "nation": "wales",
    "cutoff": "17:00",
    "response_days": "21",
    "question_answer_days": "20",
}


def test_the_page_shows_the_defaults_until_they_are_saved(as_secretary):
    text = page_text(as_secretary.get("/settings/"))
    assert "Nothing has been saved yet" in text
    assert "A request needs 10 clear days (weekends and bank holidays count)." in text
    assert db.session.get(CouncilSettings, 1) is None


def test_saving_creates_the_settings_and_audits_before_and_after(as_secretary, secretary):
    response = as_secretary.post("/settings/", data=GOOD)
    assert response.status_code == 302
    settings = db.session.get(CouncilSettings, 1)
    assert settings.trust_name == GOOD["trust_name"]
    assert settings.counting == "working" and settings.nation == "wales"
    assert settings.cutoff == time(17, 0)
    assert settings.response_days == 21
    assert current_settings() is settings
    entry = db.session.scalar(sa.select(AuditEntry))
    assert entry.action == "settings.updated"
    assert entry.actor_id == secretary.id
    assert entry.before == {
        "trust_name": "NHS Foundation Trust",
        "counting": "calendar",
        "nation": "england",
        "cutoff": None,
        "response_days": 14,
    }
    assert entry.after == {
        "trust_name": GOOD["trust_name"],
        "counting": "working",
        "nation": "wales",
        "cutoff": "17:00",
        "response_days": 21,
    }
    text = page_text(as_secretary.get("/settings/"))
    assert "The council settings are saved." in text
    assert "Nothing has been saved yet" not in text
    assert GOOD["trust_name"] in text  # in the footer of every page


def test_saving_again_changes_the_row_and_audits_only_the_change(as_secretary):
    as_secretary.post("/settings/", data=GOOD)
    as_secretary.post("/settings/", data=GOOD | {"clear_days": "7", "cutoff": ""})
    settings = db.session.get(CouncilSettings, 1)
    assert settings.clear_days == 7 and settings.cutoff is None
    entries = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()
    assert len(entries) == 2
    assert entries[1].before == {"clear_days": 10, "cutoff": "17:00"}
    assert entries[1].after == {"clear_days": 7, "cutoff": None}


@pytest.mark.parametrize(
    ("changes", "field_id", "message"),
    [
        ({"council_name": " "}, "council_name", "Enter the name of the council"),
        ({"trust_name": ""}, "trust_name", "Enter the name of the trust"),
        ({"clear_days": ""}, "clear_days", "Enter the number of clear days"),
        ({"clear_days": "ten"}, "clear_days", "Clear days must be a whole number, like 10"),
        ({"clear_days": "61"}, "clear_days", "Clear days must be between 0 and 60"),
        ({"clear_days": "-1"}, "clear_days", "Clear days must be between 0 and 60"),
        ({"counting": None}, "counting", "Select which days count as clear days"),
        (
            {"cutoff": "25:00"},
            "cutoff",
            "Cut-off time must be a real time in 24-hour format, like 14:30",
        ),
        (
            {"cutoff": "00:00"},
            "cutoff",
            "Cut-off time must be later than 00:00. Leave it blank for no cut-off",
        ),
        (
            {"response_days": "0"},
            "response_days",
            "Days to answer a request must be between 1 and 90",
        ),
        (
            {"response_days": "91"},
            "response_days",
            "Days to answer a request must be between 1 and 90",
        ),
        (
            {"question_answer_days": "0"},
            "question_answer_days",
            "Days to answer a question must be between 1 and 90",
        ),
        (
            {"question_answer_days": ""},
            "question_answer_days",
            "Enter the number of days to answer a question",
        ),
    ],
)
def test_bad_settings_are_named_and_what_was_typed_is_kept(
    as_secretary, changes, field_id, message
):
    data = {k: v for k, v in (GOOD | changes).items() if v is not None}
    response = as_secretary.post("/settings/", data=data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    text = page_text(response)
    assert text.startswith("Error: Council settings")
    assert f'href="#{field_id}"' in html
    assert message in text
    if "clear_days" in changes:
        assert f'value="{changes["clear_days"]}"' in html
    assert db.session.get(CouncilSettings, 1) is None


def test_zero_clear_days_is_allowed(as_secretary):
    assert as_secretary.post("/settings/", data=GOOD | {"clear_days": "0"}).status_code == 302
    assert db.session.get(CouncilSettings, 1).clear_days == 0


@pytest.mark.clock(datetime(2026, 12, 1, 12, tzinfo=UTC))
def test_preview_explains_the_typed_rule_without_saving(as_secretary):
    response = as_secretary.post("/settings/", data=GOOD | {"preview": "1"})
    text = page_text(response)
    assert "What your changes would mean" in text
    assert "10 clear working days (weekends and bank holidays in Wales do not count)" in text
    assert "This is a preview. Nothing is saved yet." in text
    assert db.session.get(CouncilSettings, 1) is None


@pytest.mark.clock(datetime(2026, 12, 1, 12, tzinfo=UTC))
def test_the_example_uses_the_next_meeting(as_secretary):
    factories.MeetingFactory(starts_at=datetime(2027, 1, 21, 14, tzinfo=UTC))
    text = page_text(as_secretary.get("/settings/"))
    assert (
        "For the next meeting, on Thursday 21 January 2027, a governor's request is in time "
        "if it arrives by the end of Sunday 10 January 2027." in text
    )


@pytest.mark.clock(datetime(2026, 12, 1, 12, tzinfo=UTC))
def test_the_example_skips_pre_meetings(as_secretary):
    factories.MeetingFactory(kind="pre_meeting", starts_at=datetime(2027, 1, 14, 10, tzinfo=UTC))
    factories.MeetingFactory(starts_at=datetime(2027, 1, 21, 14, tzinfo=UTC))
    text = page_text(as_secretary.get("/settings/"))
    assert "For the next meeting, on Thursday 21 January 2027" in text
