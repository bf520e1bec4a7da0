"""iCalendar downloads and feeds: valid RFC 5545, and only what the reader may see."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from icalendar import Calendar

from governors.audit.models import AuditEntry
from governors.extensions import db
from governors.meetings import services as meetings_services
from governors.meetings.ical import meeting_uid
from governors.meetings.kinds import MeetingKind
from governors.people.models import User
from tests import factories
from tests.meetings.helpers import NOTES, TODAY, VIDEO, meeting_form, page_text, path
from tests.queries import counting_queries

pytestmark = pytest.mark.clock(TODAY)


@pytest.fixture
def pre_meeting(app):
    return factories.MeetingFactory(
        kind="pre_meeting",
        starts_at=datetime(2027, 1, 14, 10, 0, tzinfo=UTC),
        duration_minutes=90,
        place=None,
        video_link=VIDEO,
        notes=NOTES,
    )


def _parse(response) -> Calendar:
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    body = response.data
    # RFC 5545 lines end in CRLF, every one of them.
    assert body.endswith(b"\r\n")
    assert b"\n" not in body.replace(b"\r\n", b"")
    calendar = Calendar.from_ical(body)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    return calendar


def _events(calendar: Calendar) -> dict[str, object]:
    events = {}
    for event in calendar.walk("VEVENT"):
        for name in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "SEQUENCE"):
            assert name in event, f"{name} missing"
        events[str(event["UID"])] = event
    return events


def test_member_download_of_one_meeting(client, sign_in, meeting):
    sign_in(factories.governor())
    response = client.get(path("governors.meetings.download", meeting_id=meeting.id))

    calendar = _parse(response)
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="meeting-2027-01-21.ics"'
    )
    [event] = _events(calendar).values()
    assert str(event["UID"]) == meeting_uid(meeting)
    assert event.decoded("DTSTART") == datetime(2027, 1, 21, 14, 0, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2027, 1, 21, 16, 30, tzinfo=UTC)
    assert str(event["SUMMARY"]) == "Council of Governors meeting"
    assert str(event["LOCATION"]) == "Boardroom, Trust Headquarters"
    assert str(event["URL"]) == f"http://localhost/meetings/{meeting.id}"
    assert str(event["STATUS"]) == "CONFIRMED"
    description = str(event["DESCRIPTION"])
    assert "Deadline for governors' agenda requests: Sunday 10 January 2027." in description
    assert VIDEO in description
    # Notes stay in the app: calendars are copied to other companies' services.
    assert NOTES not in response.get_data(as_text=True)


def test_summer_meeting_starts_at_the_right_utc_hour(client, sign_in):
    meeting = factories.MeetingFactory(starts_at=datetime(2027, 6, 17, 13, 0, tzinfo=UTC))
    sign_in(factories.governor())
    calendar = _parse(client.get(path("governors.meetings.download", meeting_id=meeting.id)))
    [event] = _events(calendar).values()
    assert "DTSTART:20270617T130000Z" in event.to_ical().decode()


def test_anonymous_download_has_public_details_only(client, meeting):
    response = client.get(path("governors.meetings.download", meeting_id=meeting.id))
    [event] = _events(_parse(response)).values()
    text = response.get_data(as_text=True)
    assert NOTES not in text
    assert "secret-room" not in text
    # The public sees each meeting's own public page.
    assert str(event["URL"]) == f"http://localhost/meetings/public/{meeting.id}"


def test_anonymous_cannot_download_a_governors_pre_meeting(client, pre_meeting):
    response = client.get(path("governors.meetings.download", meeting_id=pre_meeting.id))
    assert response.status_code == 302
    assert path("governors.auth.sign_in") in response.headers["Location"]


def test_cancelled_meeting_is_marked_cancelled_with_a_higher_sequence(client, sign_in):
    meeting = factories.MeetingFactory(
        starts_at=datetime(2027, 1, 21, 14, 0, tzinfo=UTC),
        cancelled_at=datetime(2026, 12, 28, tzinfo=UTC),
        sequence=1,
    )
    sign_in(factories.governor())
    calendar = _parse(client.get(path("governors.meetings.download", meeting_id=meeting.id)))
    [event] = _events(calendar).values()
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["SEQUENCE"] == 1
    assert str(event["SUMMARY"]).startswith("Cancelled:")


def test_public_feed_has_public_meetings_without_private_details(client, meeting, pre_meeting):
    response = client.get(path("governors.meetings.public_feed"))
    calendar = _parse(response)
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["X-WR-CALNAME"] == "Council of Governors meetings"
    uids = set(_events(calendar))
    assert meeting_uid(meeting) in uids
    assert meeting_uid(pre_meeting) not in uids
    text = response.get_data(as_text=True)
    assert NOTES not in text
    assert "secret-room" not in text


def _turn_on_feed(client) -> str:
    client.post(path("governors.meetings.subscription_new"))
    html = client.get(path("governors.meetings.subscription")).get_data(as_text=True)
    return re.search(r'id="feed-url"[^>]*value="([^"]+)"', html).group(1)


def test_personal_feed_from_the_subscription_page(client, sign_in, meeting, pre_meeting):
    user = factories.governor()
    sign_in(user)
    assert "Your calendar feed is off" in page_text(
        client.get(path("governors.meetings.subscription"))
    )

    feed_url = _turn_on_feed(client)
    db.session.refresh(user)
    assert user.calendar_token and len(user.calendar_token) >= 40
    assert feed_url == f"http://localhost/meetings/feed/{user.calendar_token}.ics"

    anonymous = client.application.test_client()
    response = anonymous.get(feed_url.removeprefix("http://localhost"))
    calendar = _parse(response)
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["X-WR-CALNAME"]
    events = _events(calendar)
    assert meeting_uid(meeting) in events
    pre = events[meeting_uid(pre_meeting)]
    # A pre-meeting takes no agenda requests, so its entry gives no deadline.
    assert "Deadline" not in str(pre["DESCRIPTION"])
    assert str(pre["LOCATION"]) == "Online"
    assert VIDEO in response.get_data(as_text=True).replace("\r\n ", "")
    assert NOTES not in response.get_data(as_text=True)


def test_a_revoked_or_replaced_feed_address_is_not_found(client, sign_in, meeting):
    user = factories.governor()
    sign_in(user)
    anonymous = client.application.test_client()

    first = _turn_on_feed(client).removeprefix("http://localhost")
    second = _turn_on_feed(client).removeprefix("http://localhost")
    assert first != second
    assert anonymous.get(first).status_code == 404
    assert anonymous.get(second).status_code == 200

    client.post(path("governors.meetings.subscription_revoke"))
    assert anonymous.get(second).status_code == 404
    actions = db.session.scalars(
        sa.select(AuditEntry.action).where(AuditEntry.record_id == user.id).order_by(AuditEntry.id)
    ).all()
    assert [a for a in actions if a.startswith("calendar.")] == [
        "calendar.token_created",
        "calendar.token_replaced",
        "calendar.token_revoked",
    ]
    db.session.refresh(user)
    assert user.calendar_token is None
    assert "Your calendar feed is off" in page_text(
        client.get(path("governors.meetings.subscription"))
    )


def test_a_deactivated_members_feed_stops(client, sign_in, meeting):
    user = factories.governor()
    sign_in(user)
    feed = _turn_on_feed(client).removeprefix("http://localhost")
    db.session.get(User, user.id).active = False
    db.session.flush()
    assert client.application.test_client().get(feed).status_code == 404


def test_unknown_feed_token_is_not_found(client):
    assert client.get(path("governors.meetings.personal_feed", token="nope")).status_code == 404


def test_feed_costs_the_same_queries_for_few_or_many_meetings(client, sign_in):
    user = factories.governor()
    sign_in(user)
    feed = _turn_on_feed(client).removeprefix("http://localhost")
    for day in range(3):
        factories.MeetingFactory(starts_at=datetime(2027, 2, 1 + day, 14, 0, tzinfo=UTC))
    with counting_queries() as few:
        client.get(feed)
    for day in range(27):
        factories.MeetingFactory(starts_at=datetime(2027, 3, 1 + day, 14, 0, tzinfo=UTC))
    with counting_queries() as many:
        response = client.get(feed)
    assert len(_events(_parse(response))) >= 30
    assert len(many) == len(few)


# Control characters, refreshing, conditional requests and stable UIDs --------------------


def test_a_lone_carriage_return_in_a_place_never_reaches_the_feed(client):
    # Typed before forms refused control characters, or written by something else.
    meeting = factories.MeetingFactory(
        starts_at=datetime(2027, 1, 21, 14, 0, tzinfo=UTC),
        place="Board\rroom, Trust\x1b Headquarters\x7f\r\n",
    )
    response = client.get(path("governors.meetings.public_feed"))
    body = response.data
    # Every CR ends a line; no other control character but the line ends is left.
    assert b"\r" not in body.replace(b"\r\n", b"")
    assert not re.search(rb"[\x00-\x08\x0b-\x1f\x7f]", body.replace(b"\r\n", b""))
    [event] = _events(_parse(response)).values()
    assert str(event["UID"]) == meeting_uid(meeting)
    assert str(event["LOCATION"]) == "Board room, Trust Headquarters"


def test_the_meeting_form_refuses_a_carriage_return_in_the_place(client, sign_in, meeting):
    sign_in(factories.secretary())
    response = client.post(
        path("governors.meetings.edit", meeting_id=meeting.id),
        data=meeting_form(place="Board\rroom"),
    )
    assert response.status_code == 200
    assert "Place must not contain control characters: remove them and try again" in page_text(
        response
    )
    db.session.refresh(meeting)
    assert meeting.place == "Boardroom, Trust Headquarters"


def test_feeds_say_how_often_to_refresh_and_a_download_does_not(client, sign_in, meeting):
    feed = client.get(path("governors.meetings.public_feed")).data.decode()
    assert "\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in feed
    assert "\r\nX-PUBLISHED-TTL:PT1H\r\n" in feed
    calendar = Calendar.from_ical(feed)
    assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    sign_in(factories.governor())
    download = client.get(path("governors.meetings.download", meeting_id=meeting.id))
    assert b"BEGIN:VEVENT" in download.data
    assert b"REFRESH-INTERVAL" not in download.data


def test_a_feed_unchanged_since_the_last_fetch_is_a_304(client, clock, meeting):
    url = path("governors.meetings.public_feed")
    first = client.get(url)
    assert first.status_code == 200
    etag, last_modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert etag.startswith('"') and len(etag) > 20
    assert first.headers["Cache-Control"] == "no-cache"
    clock.advance(minutes=30)
    # The same meetings give the same bytes, and so the same ETag.
    again = client.get(url)
    assert again.headers["ETag"] == etag
    assert again.data == first.data

    by_etag = client.get(url, headers={"If-None-Match": etag})
    assert by_etag.status_code == 304
    assert by_etag.data == b""
    assert by_etag.headers["ETag"] == etag
    by_date = client.get(url, headers={"If-Modified-Since": last_modified})
    assert by_date.status_code == 304

    clock.advance(minutes=30)
    meetings_services.update_meeting(
        factories.secretary(),
        meeting,
        meetings_services.MeetingDetails(
            kind=MeetingKind(meeting.kind),
            day=meeting.day,
            start=meeting.local_start.time(),
            end=(meeting.local_start + timedelta(minutes=meeting.duration_minutes)).time(),
            place="Seminar room 2",
        ),
    )
    db.session.flush()
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert "Seminar room 2" in changed.get_data(as_text=True)
    assert client.get(url, headers={"If-Modified-Since": last_modified}).status_code == 200


def test_a_members_feed_is_for_their_own_device_and_also_answers_304(client, sign_in, meeting):
    sign_in(factories.governor())
    feed = _turn_on_feed(client).removeprefix("http://localhost")
    first = client.get(feed)
    assert first.status_code == 200
    assert first.headers["Cache-Control"] == "private, no-cache"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in first.data
    repeat = client.get(feed, headers={"If-None-Match": first.headers["ETag"]})
    assert repeat.status_code == 304


def test_event_uids_stay_the_same_when_the_site_moves(app, client, meeting, monkeypatch):
    url = path("governors.meetings.public_feed")
    before = _events(_parse(client.get(url)))
    assert list(before) == [f"meeting-{meeting.id}-20261229T120000Z@governors.invalid"]
    monkeypatch.setitem(app.config, "GOVERNORS_BASE_URL", "https://governors.northshire.nhs.uk")
    after = _events(_parse(client.get(url)))
    assert list(after) == list(before)
    [event] = after.values()
    assert str(event["URL"]) == f"https://governors.northshire.nhs.uk/meetings/public/{meeting.id}"
