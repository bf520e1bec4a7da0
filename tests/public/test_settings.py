"""The secretary says what the public page shows: the council's contact details and usual
words on the settings page, and each meeting's access and public link on its form."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from governors.audit.models import AuditEntry
from governors.council.models import CouncilSettings
from governors.extensions import db
from governors.meetings.models import Meeting
from tests import factories
from tests.meetings.helpers import meeting_form, page_text, path

NOW = datetime(2026, 12, 29, 12, 0, tzinfo=UTC)
GOOD = {
    "council_name": "Council of Governors",
    "trust_name": "Northshire NHS Foundation Trust",
    "clear_days": "10",
    "counting": "calendar",
    "nation": "england",
    "cutoff": "",
    "response_days": "14",
    "question_answer_days": "20",
    "contact_email": "governors@northshire.example.org",
    "contact_phone": "01632 960 123",
    "postal_address": "Governors' Office\r\nTrust Headquarters\r\nNorthshire NS1 4RW",
    "access_info": "Step-free access from the main door.",
    "joining_online": "Email us for the link.",
    "asking_questions": "Send us your question a week before.",
}

pytestmark = pytest.mark.clock(NOW)


def test_the_secretary_saves_the_public_pages_details_and_they_are_audited(as_secretary):
    response = as_secretary.post(path("governors.council.edit"), data=GOOD)
    assert response.status_code == 302
    settings = db.session.get(CouncilSettings, 1)
    assert settings.contact_email == GOOD["contact_email"]
    assert settings.contact_phone == "01632 960 123"
    assert settings.postal_address.splitlines() == [
        "Governors' Office",
        "Trust Headquarters",
        "Northshire NS1 4RW",
    ]
    assert settings.access_info == GOOD["access_info"]
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "settings.updated"))
    assert entry.after["contact_email"] == GOOD["contact_email"]
    assert entry.after["asking_questions"] == GOOD["asking_questions"]
    front = page_text(as_secretary.get(path("governors.public.front")))
    assert "Email: governors@northshire.example.org" in front


def test_emptied_fields_are_stored_as_nothing(as_secretary):
    as_secretary.post(path("governors.council.edit"), data=GOOD)
    blank = dict.fromkeys(("contact_email", "contact_phone", "postal_address", "access_info"), "  ")
    as_secretary.post(path("governors.council.edit"), data=GOOD | blank)
    settings = db.session.get(CouncilSettings, 1)
    assert settings.contact_email is None and settings.postal_address is None


@pytest.mark.parametrize(
    ("changes", "field_id", "message"),
    [
        (
            {"contact_email": "governors at northshire"},
            "contact_email",
            "Enter an email address in the correct format, like governors@example.org",
        ),
        (
            {"contact_phone": "call reception"},
            "contact_phone",
            "Enter a phone number in the correct format, like 01632 960 123",
        ),
        (
            {"contact_phone": "0" * 41},
            "contact_phone",
            "Phone number must be 40 characters or fewer",
        ),
        (
            {"postal_address": "x" * 501},
            "postal_address",
            "Postal address must be 500 characters or fewer",
        ),
        (
            {"access_info": "x" * 2001},
            "access_info",
            "Access to meetings must be 2,000 characters or fewer",
        ),
        (
            {"asking_questions": "Ask\x00us"},
            "asking_questions",
            "How to ask a question must not contain control characters",
        ),
    ],
)
def test_bad_public_details_are_named_in_the_error_summary(
    as_secretary, changes, field_id, message
):
    response = as_secretary.post(path("governors.council.edit"), data=GOOD | changes)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    text = page_text(response)
    assert text.startswith("Error: Council settings")
    assert "There is a problem" in text
    assert f'href="#{field_id}"' in html
    assert message in text
    assert db.session.get(CouncilSettings, 1) is None


def test_the_meeting_form_keeps_access_and_a_public_link(as_secretary):
    data = meeting_form(
        access_info="Use the side door: it has a ramp.",
        public_link="https://www.youtube.com/@northshire/live",
    )
    response = as_secretary.post(path("governors.meetings.schedule"), data=data)
    assert response.status_code == 302
    meeting = db.session.scalar(sa.select(Meeting).order_by(Meeting.id.desc()))
    assert meeting.access_info == "Use the side door: it has a ramp."
    assert meeting.public_link == "https://www.youtube.com/@northshire/live"
    form = as_secretary.get(path("governors.meetings.edit", meeting_id=meeting.id))
    assert 'value="https://www.youtube.com/@northshire/live"' in form.get_data(as_text=True)

    changed = meeting_form(access_info="", public_link="")
    as_secretary.post(path("governors.meetings.edit", meeting_id=meeting.id), data=changed)
    db.session.refresh(meeting)
    assert meeting.access_info is None and meeting.public_link is None
    entry = db.session.scalar(
        sa.select(AuditEntry)
        .where(AuditEntry.action == "meeting.updated")
        .order_by(AuditEntry.id.desc())
    )
    assert entry.before["public_link"] == "https://www.youtube.com/@northshire/live"


@pytest.mark.parametrize(
    ("changes", "field_id", "message"),
    [
        (
            {"public_link": "www.youtube.com/live"},
            "public_link",
            "Link for the public must be a full web address starting https://",
        ),
        (
            {"public_link": "https://" + "a" * 500 + ".org"},
            "public_link",
            "Link for the public must be 500 characters or fewer",
        ),
        (
            {"access_info": "x" * 2001},
            "access_info",
            "Access for the public must be 2,000 characters or fewer",
        ),
    ],
)
def test_bad_public_meeting_details_are_named_in_the_error_summary(
    as_secretary, changes, field_id, message
):
    response = as_secretary.post(path("governors.meetings.schedule"), data=meeting_form(**changes))
    assert response.status_code == 200
    text = page_text(response)
    assert text.startswith("Error: Schedule a meeting")
    assert f'href="#{field_id}"' in response.get_data(as_text=True)
    assert message in text
    assert db.session.scalar(sa.select(sa.func.count(Meeting.id))) == 0


def test_the_database_refuses_a_public_link_that_is_not_https(app):
    meeting = factories.MeetingFactory()
    db.session.flush()
    with pytest.raises(sa.exc.IntegrityError, match="public_link_https"):
        db.session.execute(
            sa.update(Meeting).where(Meeting.id == meeting.id).values(public_link="http://x.org")
        )
    db.session.rollback()
