"""The secretary's page of email that could not be sent, and its "Try again" button."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from governors.audit.models import AuditEntry
from governors.extensions import db
from governors.outbox.models import OutboxMessage
from governors.outbox.services import MAX_ATTEMPTS
from governors.timeutil import utcnow
from tests import factories
from tests.conftest import TEST_PASSWORD, make_app
from tests.people.conftest import page_text

UNSENT = "/email/unsent"


def _parked(to: str = "gone@example.org") -> OutboxMessage:
    message = OutboxMessage(
        to_address=to,
        subject="You are invited to the Council of Governors website",
        body_text="Dear Nia",
        status="failed",
        attempts=MAX_ATTEMPTS,
        last_attempt_at=utcnow(),
        last_error="{'gone@example.org': (550, b'No such user')}",
    )
    db.session.add(message)
    db.session.commit()
    return message


def test_the_secretary_is_told_on_the_home_page_and_sees_why(as_secretary):
    message = _parked()
    home = page_text(as_secretary.get("/"))
    assert "1 email could not be sent" in home
    assert f'href="{UNSENT}"' in as_secretary.get("/").get_data(as_text=True)

    response = as_secretary.get(UNSENT)
    assert response.status_code == 200
    text = page_text(response)
    assert "Email that could not be sent" in text
    assert "gone@example.org" in text
    assert message.subject in text
    assert "No such user" in text
    assert "Try again to send the email to gone@example.org" in text


def test_the_audit_log_links_to_the_page(as_secretary):
    page = as_secretary.get("/audit/").get_data(as_text=True)
    assert f'href="{UNSENT}"' in page
    response = as_secretary.get(UNSENT)
    assert response.status_code == 200
    assert "Nothing needs your attention" in page_text(response)


def test_nothing_is_said_on_the_home_page_when_all_email_went(as_secretary):
    response = as_secretary.get("/")
    assert response.status_code == 200
    assert "Welcome, Sam Okafor" in page_text(response)
    assert "could not be sent" not in page_text(response)


def test_try_again_puts_the_message_back_in_the_queue(as_secretary, secretary):
    message = _parked()
    response = as_secretary.post(f"/email/{message.id}/try-again")
    assert response.status_code == 302
    assert response.location.endswith(UNSENT)
    page = page_text(as_secretary.get(response.location))
    assert "The email to gone@example.org will be tried again within a few minutes." in page
    assert "Nothing needs your attention" in page
    db.session.refresh(message)
    assert (message.status, message.attempts) == ("pending", 0)
    entry = db.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.action == "outbox.tried_again")
    )
    assert entry.actor_id == secretary.id

    # Pressed twice (say, from an old tab): a plain answer, nothing changed.
    again = as_secretary.post(f"/email/{message.id}/try-again")
    assert "no longer waiting" in page_text(as_secretary.get(again.location))


def test_a_message_that_does_not_exist_is_not_found(as_secretary):
    response = as_secretary.post("/email/999999/try-again")
    assert response.status_code == 404
    assert "Page not found" in page_text(response)


def test_other_people_cannot_see_or_retry(client, sign_in):
    message = _parked()
    sign_in(factories.governor())
    assert client.get(UNSENT).status_code == 403
    assert client.post(f"/email/{message.id}/try-again").status_code == 403
    assert message.status == "failed"


@pytest.fixture
def csrf_app(app: Flask, database_url: str, tmp_path: Path) -> Flask:
    return make_app(database_url, tmp_path, WTF_CSRF_ENABLED=True)


def test_try_again_needs_the_csrf_token(csrf_app):
    import re

    message = _parked()
    secretary = factories.secretary()
    client = csrf_app.test_client()

    def token(path: str) -> str:
        html = client.get(path).get_data(as_text=True)
        return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)

    client.post(
        "/account/sign-in",
        data={
            "email": secretary.email,
            "password": TEST_PASSWORD,
            "csrf_token": token("/account/sign-in"),
        },
    )
    refused = client.post(f"/email/{message.id}/try-again")
    assert refused.status_code == 400
    assert "This page has timed out" in page_text(refused)
    db.session.refresh(message)
    assert message.status == "failed"

    accepted = client.post(f"/email/{message.id}/try-again", data={"csrf_token": token(UNSENT)})
    assert accepted.status_code == 302
    db.session.refresh(message)
    assert message.status == "pending"
