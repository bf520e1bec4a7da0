"""Cancelling a meeting: a reason is asked for, an ended meeting cannot be cancelled, and
everyone expected at it is told, with a calendar file that marks it cancelled."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from icalendar import Calendar

from governors.audit.models import AuditEntry
from governors.errors import Refused
from governors.extensions import db
from governors.meetings import services
from governors.outbox.models import OutboxMessage
from tests import factories
from tests.meetings.helpers import TODAY, page_text, path

pytestmark = pytest.mark.clock(TODAY)

REASON = "Too few governors can come, so the meeting would not be quorate."


@pytest.fixture
def secretary(sign_in):
    user = factories.secretary(name="Sam Secretary")
    sign_in(user)
    return user


def emails() -> list[OutboxMessage]:
    return list(db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))


def cancel(client, meeting, reason: str | None = REASON):
    return client.post(
        path("governors.meetings.cancel", meeting_id=meeting.id),
        data={} if reason is None else {"reason": reason},
    )


def test_the_reason_is_required_and_named_in_the_error_summary(client, secretary, meeting):
    for reason in (None, "   "):
        response = cancel(client, meeting, reason)
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert "<title>Error: " in html
        summary = html[html.index("nhsuk-error-summary") : html.index("<h1")]
        assert "Enter why the meeting is cancelled" in summary
        assert 'href="#reason"' in summary
    db.session.refresh(meeting)
    assert meeting.cancelled_at is None
    assert emails() == []


def test_the_form_asks_why_and_says_who_is_told(client, secretary, meeting):
    text = page_text(client.get(path("governors.meetings.cancel", meeting_id=meeting.id)))
    assert "Why is the meeting cancelled?" in text
    assert "Everyone expected at the meeting gets an email with your reason." in text


def test_cancelling_stores_the_reason_and_tells_everyone_expected(client, secretary, meeting):
    governor = factories.governor(name="Gill Governor")
    chair = factories.chair(name="Chris Chair")
    director = factories.UserFactory(name="Nia Director", roles=[factories.Role.NED])
    officer = factories.UserFactory(name="Owen Officer", roles=[factories.Role.OFFICER])
    gone = factories.governor(name="Gone Governor", active=False)

    response = cancel(client, meeting)
    assert response.status_code == 302
    db.session.refresh(meeting)
    assert meeting.cancel_reason == REASON
    assert meeting.cancelled_at is not None
    assert meeting.sequence == 1
    [entry] = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "meeting.cancelled")
    ).all()
    assert entry.after == {"cancel_reason": REASON}

    sent = {message.to_address: message for message in emails()}
    assert {governor.email, chair.email, director.email, secretary.email} <= set(sent)
    assert officer.email not in sent
    assert gone.email not in sent
    message = sent[governor.email]
    assert message.subject == "Cancelled: Council of Governors meeting, Thursday 21 January 2027"
    assert "is cancelled" in message.body_text
    assert f"Why: {REASON}" in message.body_text
    assert f"/meetings/{meeting.id}" in message.body_text
    # The calendar file marks the same event cancelled, one sequence on.
    assert message.attachment_type == "text/calendar"
    [event] = Calendar.from_ical(message.attachment_data).walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["SEQUENCE"] == 1
    assert REASON in str(event["DESCRIPTION"])

    detail = page_text(client.get(response.headers["Location"]))
    assert "We have sent an email to everyone who was due to come." in detail
    # The meeting's page says why, for anyone who opens it later.
    assert f"Why: {REASON}" in detail


def test_a_pre_meetings_cancellation_reaches_governors_only(client, secretary):
    pre = factories.MeetingFactory(
        kind="pre_meeting", starts_at=datetime(2027, 1, 14, 10, 0, tzinfo=UTC)
    )
    governor = factories.governor(name="Gill Governor")
    chair = factories.chair(name="Chris Chair")
    director = factories.UserFactory(name="Nia Director", roles=[factories.Role.NED])
    cancel(client, pre)
    sent = {message.to_address for message in emails()}
    assert governor.email in sent
    assert chair.email not in sent and director.email not in sent


def test_a_committees_cancellation_reaches_its_members(client, secretary):
    body = factories.BodyFactory(name="Membership Committee")
    member = factories.MembershipFactory(body=body).user
    outsider = factories.governor(name="Not A Member")
    meeting = factories.MeetingFactory(body=body, starts_at=datetime(2027, 1, 12, 10, tzinfo=UTC))
    cancel(client, meeting)
    sent = {message.to_address for message in emails()}
    assert member.email in sent
    assert outsider.email not in sent


def test_a_meeting_that_has_ended_cannot_be_cancelled(client, secretary):
    held = factories.MeetingFactory(starts_at=datetime(2026, 12, 10, 14, 0, tzinfo=UTC))
    response = client.get(path("governors.meetings.cancel", meeting_id=held.id))
    assert response.status_code == 302
    page = page_text(client.get(response.headers["Location"]))
    assert "This meeting has ended, so you cannot cancel it." in page
    response = cancel(client, held)
    assert response.status_code == 302
    db.session.refresh(held)
    assert held.cancelled_at is None
    assert emails() == []
    with pytest.raises(Refused, match="has ended"):
        services.cancel_meeting(secretary, held, REASON)


def test_reinstating_clears_the_reason(client, secretary, meeting):
    cancel(client, meeting)
    client.post(path("governors.meetings.reinstate", meeting_id=meeting.id))
    db.session.refresh(meeting)
    assert meeting.cancelled_at is None
    assert meeting.cancel_reason is None
    assert meeting.sequence == 2
    [entry] = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "meeting.reinstated")
    ).all()
    assert entry.before == {"cancel_reason": REASON}


def test_the_database_insists_a_cancelled_meeting_has_a_reason(meeting):
    meeting.cancelled_at = datetime(2026, 12, 28, tzinfo=UTC)
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()


def test_the_database_keeps_no_reason_for_a_meeting_going_ahead(meeting):
    meeting.cancel_reason = "A reason without a cancellation"
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()


def test_members_calendars_give_the_reason_the_public_feed_does_not(client, secretary, meeting):
    cancel(client, meeting)
    members = client.get(path("governors.meetings.download", meeting_id=meeting.id)).data
    assert b"quorate" in members
    client.post("/account/sign-out")
    public = client.get(path("governors.meetings.public_feed")).data
    assert b"CANCELLED" in public
    assert b"quorate" not in public
