"""Who may see and do what, and what the calendar, meeting and public pages show."""

from datetime import UTC, date, datetime, timedelta

import pytest

from governors.council.models import CouncilSettings
from governors.extensions import db
from governors.meetings.views import optional_url
from governors.people.models import Role
from tests import factories
from tests.meetings.helpers import NOTES, TODAY, VIDEO, page_text, path
from tests.queries import counting_queries

pytestmark = pytest.mark.clock(TODAY)


def _people() -> dict[str, object]:
    return {
        "secretary": factories.secretary(),
        "chair": factories.chair(),
        "governor": factories.governor(),
        "officer": factories.UserFactory(roles=[Role.OFFICER]),
    }


MANAGE = [
    ("GET", "governors.meetings.schedule"),
    ("POST", "governors.meetings.schedule"),
    ("GET", "governors.meetings.edit"),
    ("POST", "governors.meetings.edit"),
    ("GET", "governors.meetings.cancel"),
    ("POST", "governors.meetings.cancel"),
    ("POST", "governors.meetings.reinstate"),
]
MEMBERS = [
    ("GET", "governors.meetings.calendar"),
    ("GET", "governors.meetings.detail"),
    ("GET", "governors.meetings.subscription"),
    ("POST", "governors.meetings.subscription_new"),
    ("POST", "governors.meetings.subscription_revoke"),
]
PUBLIC = [
    ("GET", "governors.meetings.public_list"),
    ("GET", "governors.meetings.public_feed"),
    ("GET", "governors.meetings.download"),
]
TAKES_MEETING = {"edit", "cancel", "reinstate", "detail", "download"}


def _url(endpoint: str, meeting) -> str:
    if endpoint.rsplit(".", 1)[1] in TAKES_MEETING:
        return path(endpoint, meeting_id=meeting.id)
    return path(endpoint)


@pytest.mark.parametrize(("method", "endpoint"), MANAGE + MEMBERS + PUBLIC)
@pytest.mark.parametrize("who", ["anonymous", "officer", "governor", "chair", "secretary"])
def test_access(client, sign_in, meeting, who, method, endpoint):
    if who != "anonymous":
        sign_in(_people()[who])
    response = client.open(_url(endpoint, meeting), method=method)
    if (method, endpoint) in PUBLIC:
        assert response.status_code == 200
    elif who == "anonymous":
        assert response.status_code == 302
        assert path("governors.auth.sign_in") in response.headers["Location"]
    elif (method, endpoint) in MANAGE and who != "secretary":
        assert response.status_code == 403
    else:
        assert response.status_code in (200, 302)


def test_an_unknown_meeting_is_a_friendly_not_found(client, sign_in):
    sign_in(factories.governor())
    response = client.get(path("governors.meetings.detail", meeting_id=999999))
    assert response.status_code == 404
    assert "Page not found" in page_text(response)
    assert client.get(path("governors.meetings.download", meeting_id=999999)).status_code == 404


def test_calendar_lists_upcoming_then_past_with_deadlines(client, sign_in):
    factories.MeetingFactory(starts_at=datetime(2027, 1, 21, 14, 0, tzinfo=UTC))
    factories.MeetingFactory(
        kind="pre_meeting",
        starts_at=datetime(2027, 1, 14, 10, 0, tzinfo=UTC),
        duration_minutes=90,
        place=None,
        video_link=VIDEO,
    )
    factories.MeetingFactory(starts_at=datetime(2026, 11, 19, 14, 0, tzinfo=UTC))
    sign_in(factories.governor())

    text = page_text(client.get(path("governors.meetings.calendar")))

    upcoming, past = text.split("Past meetings", 1)
    assert upcoming.index("Thursday 14 January 2027") < upcoming.index("Thursday 21 January 2027")
    # Each cell starts with its column's heading, shown when the rows stack on a narrow screen.
    assert "10:00 to 11:30 Meeting Governors' pre-meeting Place Online" in upcoming
    assert (
        "14:00 to 16:30 Meeting Council of Governors meeting Place Boardroom, Trust Headquarters "
        "Send requests by Sunday 10 January 2027 12 days left"
    ) in upcoming
    assert "Thursday 19 November 2026" in past
    assert "Sunday 8 November 2026" in past  # the deadline it had
    assert "The rule in force is 10 clear days (weekends and bank holidays count)" in text


def test_past_meetings_are_paged(client, sign_in):
    for months in range(12):
        factories.MeetingFactory(
            starts_at=datetime(2026, 12, 1, 14, 0, tzinfo=UTC) - timedelta(days=30 * months)
        )
    sign_in(factories.governor())

    first = page_text(client.get(path("governors.meetings.calendar")))
    second = page_text(client.get(path("governors.meetings.calendar", page=2)))

    assert "Page 1 of 2 (12 past meetings)" in first
    assert "Earlier meetings" in first
    assert "Tuesday 1 December 2026" in first
    assert "Tuesday 1 December 2026" not in second
    assert "Later meetings" in second
    assert client.get(path("governors.meetings.calendar", page=9)).status_code == 404


def test_detail_shows_deadline_rule_and_details_to_a_governor(client, sign_in, meeting):
    sign_in(factories.governor())
    response = client.get(path("governors.meetings.detail", meeting_id=meeting.id))
    text = page_text(response)
    assert "Send requests by Sunday 10 January 2027. 12 days left." in text
    assert "The rule in force is 10 clear days (weekends and bank holidays count)" in text
    assert "14:00 to 16:30" in text
    assert "Boardroom, Trust Headquarters" in text
    assert NOTES in text
    assert VIDEO in response.get_data(as_text=True)
    # Only the secretary changes meetings.
    assert "Change details" not in text
    assert "Cancel this meeting" not in text


def test_detail_follows_the_council_rule_as_it_stands(client, sign_in, meeting):
    db.session.add(CouncilSettings(id=1, clear_days=10, counting="working", nation="england"))
    db.session.flush()
    sign_in(factories.governor())
    text = page_text(client.get(path("governors.meetings.detail", meeting_id=meeting.id)))
    assert "Send requests by Wednesday 6 January 2027. 8 days left." in text
    assert "10 clear working days (weekends and bank holidays in England do not count)" in text


@pytest.mark.clock(datetime(2027, 1, 12, 9, 0, tzinfo=UTC))
def test_detail_after_the_deadline_says_late_requests_go_to_the_chair(client, sign_in, meeting):
    sign_in(factories.governor())
    text = page_text(client.get(path("governors.meetings.detail", meeting_id=meeting.id)))
    assert (
        "The deadline was Sunday 10 January 2027. You can still send a request. "
        "The chair will decide if it goes on the agenda."
    ) in text


def test_secretary_sees_change_and_cancel(client, sign_in, meeting):
    sign_in(factories.secretary())
    text = page_text(client.get(path("governors.meetings.detail", meeting_id=meeting.id)))
    assert "Change details" in text
    assert "Cancel this meeting" in text


def test_propose_link_only_for_governors_and_only_if_that_page_exists(
    app, client, sign_in, meeting
):
    with app.test_request_context():
        propose = optional_url("governors.requests.propose", meeting_id=meeting.id)
    sign_in(factories.governor())
    html = client.get(path("governors.meetings.detail", meeting_id=meeting.id)).get_data(
        as_text=True
    )
    if propose is None:
        assert "Propose an item" not in html
    else:
        assert f"meeting_id={meeting.id}" in propose
        assert propose.replace("&", "&amp;") in html

    client.post(path("governors.auth.sign_out"))
    sign_in(factories.UserFactory(roles=[Role.OFFICER]))
    officer_page = client.get(path("governors.meetings.detail", meeting_id=meeting.id))
    assert "Propose an item" not in page_text(officer_page)


def test_optional_url_is_none_for_a_page_that_does_not_exist(app):
    with app.test_request_context():
        assert optional_url("governors.nowhere.page", meeting_id=1) is None
        assert optional_url("governors.meetings.detail") is None  # a missing argument
        assert optional_url("governors.meetings.detail", meeting_id=3) == "/meetings/3"


def test_public_page_shows_public_meetings_without_private_details(client):
    council = factories.MeetingFactory(
        starts_at=datetime(2027, 1, 21, 14, 0, tzinfo=UTC), notes=NOTES, video_link=VIDEO
    )
    factories.MeetingFactory(
        kind="pre_meeting",
        starts_at=datetime(2027, 1, 14, 10, 0, tzinfo=UTC),
        place="Committee Room 2",
    )
    factories.MeetingFactory(
        kind="annual_members",
        starts_at=datetime(2026, 9, 15, 17, 0, tzinfo=UTC),
        place="Lecture Theatre, Education Centre",
    )
    cancelled = factories.MeetingFactory(
        starts_at=datetime(2027, 3, 18, 14, 0, tzinfo=UTC),
        cancelled_at=datetime(2026, 12, 1, tzinfo=UTC),
    )

    response = client.get(path("governors.meetings.public_list"))
    html = response.get_data(as_text=True)
    text = page_text(response)

    assert response.status_code == 200
    assert (
        "Thursday 21 January 2027 Time 14:00 to 16:30 Meeting Council of Governors meeting" in text
    )
    assert "Tuesday 15 September 2026 Time 18:00 to 20:30 Meeting Annual members' meeting" in text
    assert "Thursday 18 March 2027" in text and "Cancelled" in text
    assert "pre-meeting" not in text
    assert "Committee Room 2" not in text
    assert NOTES not in html
    assert VIDEO not in html
    # Links go only to public things: calendar downloads, never the members' pages.
    assert path("governors.meetings.detail", meeting_id=council.id) + '"' not in html
    assert path("governors.meetings.download", meeting_id=cancelled.id) in html


def test_calendar_costs_the_same_queries_for_3_or_30_meetings(client, sign_in):
    sign_in(factories.governor())
    start = date(2026, 6, 4)

    def add(n: int, offset: int) -> None:
        for k in range(offset, offset + n):
            factories.MeetingFactory(
                starts_at=datetime.combine(
                    start + timedelta(days=14 * k), datetime.min.time()
                ).replace(hour=14, tzinfo=UTC),
                video_link=VIDEO if k % 2 else None,
                cancelled_at=datetime(2026, 12, 1, tzinfo=UTC) if k % 5 == 0 else None,
            )

    add(3, 0)
    url = path("governors.meetings.calendar")
    client.get(url)
    with counting_queries() as few:
        assert client.get(url).status_code == 200
    add(27, 3)
    with counting_queries() as many:
        page = client.get(url)
    assert page.status_code == 200
    assert page_text(page).count("Council of Governors meeting") > 20
    assert len(few) > 0
    assert len(many) == len(few), many


def test_a_pre_meeting_points_to_the_next_council_meetings_deadline(client, sign_in, meeting):
    pre = factories.MeetingFactory(
        kind="pre_meeting",
        starts_at=datetime(2027, 1, 14, 10, 0, tzinfo=UTC),
        place=None,
        video_link=VIDEO,
    )
    sign_in(factories.governor())

    text = page_text(client.get(path("governors.meetings.detail", meeting_id=pre.id)))
    assert "Governors' agenda requests are for Council meetings, not for this meeting." in text
    assert "The next Council of Governors meeting is on Thursday 21 January 2027." in text
    assert "Send requests by Sunday 10 January 2027. 12 days left." in text
    assert "Propose an item" not in text

    calendar = page_text(client.get(path("governors.meetings.calendar")))
    assert "Online Send requests by No agenda requests (not a Council meeting)" in calendar
