"""The secretary schedules, changes, cancels and reinstates meetings through the real pages."""

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from governors.agendas.models import AgendaItem
from governors.audit.models import AuditEntry
from governors.extensions import db
from governors.meetings.models import Meeting
from governors.requests.clear_days import ClearDaysRule, agenda_deadline
from governors.requests.models import AgendaRequest
from tests import factories
from tests.meetings.helpers import TODAY, meeting_form, page_text, path

pytestmark = pytest.mark.clock(TODAY)


@pytest.fixture
def secretary(sign_in):
    user = factories.secretary(name="Sam Secretary")
    sign_in(user)
    return user


def _audit(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == action)))


def test_scheduling_a_council_meeting_stores_utc_and_adds_standing_items(client, secretary):
    response = client.post(path("governors.meetings.schedule"), data=meeting_form())

    meeting = db.session.scalars(sa.select(Meeting)).one()
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        path("governors.meetings.detail", meeting_id=meeting.id)
    )
    # January is GMT: 14:00 in London is 14:00 UTC.
    assert meeting.starts_at == datetime(2027, 1, 21, 14, 0, tzinfo=UTC)
    assert meeting.duration_minutes == 150
    assert meeting.place == "Boardroom, Trust Headquarters"
    assert meeting.video_link == "https://teams.microsoft.com/l/meetup-join/abc"
    assert meeting.notes == "Tea from 13:30."
    standing = db.session.scalars(
        sa.select(AgendaItem.title).where(AgendaItem.meeting_id == meeting.id)
    ).all()
    assert "Declarations of interest" in standing
    assert "Any other business" in standing
    [entry] = _audit("meeting.scheduled")
    assert entry.actor_id == secretary.id
    assert entry.record_id == meeting.id

    detail = client.get(response.headers["Location"])
    text = page_text(detail)
    assert "Council of Governors meeting scheduled for Thursday 21 January 2027 at 14:00" in text
    assert "Send requests by Sunday 10 January 2027. 12 days left." in text


def test_summer_meeting_is_stored_an_hour_earlier_in_utc(client, secretary):
    form = meeting_form(**{"day-day": "17", "day-month": "6"})
    client.post(path("governors.meetings.schedule"), data=form)
    meeting = db.session.scalars(sa.select(Meeting)).one()
    assert meeting.starts_at == datetime(2027, 6, 17, 13, 0, tzinfo=UTC)
    assert meeting.local_start.hour == 14


def test_pre_meeting_gets_no_standing_items(client, secretary):
    client.post(
        path("governors.meetings.schedule"),
        data=meeting_form(kind="pre_meeting", place="", notes=""),
    )
    meeting = db.session.scalars(sa.select(Meeting)).one()
    assert meeting.kind == "pre_meeting"
    assert meeting.place is None
    assert db.session.scalar(sa.select(sa.func.count(AgendaItem.id))) == 0


def _post_bad(client, **overrides):
    response = client.post(path("governors.meetings.schedule"), data=meeting_form(**overrides))
    assert response.status_code == 200
    assert db.session.scalar(sa.select(sa.func.count(Meeting.id))) == 0
    html = response.get_data(as_text=True)
    assert "<title>Error: Schedule a meeting" in html
    assert "There is a problem" in html
    return html, page_text(response)


def test_missing_date_is_asked_for(client, secretary):
    html, text = _post_bad(client, **{"day-day": "", "day-month": "", "day-year": ""})
    assert "Enter the date of the meeting" in text
    assert 'href="#day-day"' in html
    # Everything else typed is still there.
    assert 'value="Boardroom, Trust Headquarters"' in html
    assert 'value="14:00"' in html


def test_impossible_date_keeps_what_was_typed(client, secretary):
    html, text = _post_bad(client, **{"day-day": "31", "day-month": "2", "day-year": "2027"})
    assert "Date of the meeting must be a real date" in text
    assert 'value="31"' in html
    assert 'value="2"' in html
    assert 'value="2027"' in html


def test_part_of_a_date_missing_says_which_part(client, secretary):
    _, text = _post_bad(client, **{"day-month": ""})
    assert "Date of the meeting must include a month" in text


def test_bad_time_is_refused_and_kept(client, secretary):
    html, text = _post_bad(client, start="25:00")
    assert "Start time must be a real time in 24-hour format" in text
    assert 'value="25:00"' in html


def test_end_time_must_come_after_start(client, secretary):
    _, text = _post_bad(client, start="16:00", end="15:00")
    assert "End time must be after the start time" in text


def test_missing_times_are_asked_for(client, secretary):
    _, text = _post_bad(client, start="", end="")
    assert "Enter the start time" in text
    assert "Enter the end time" in text


def test_neither_place_nor_link_is_refused(client, secretary):
    html, text = _post_bad(client, place="", video_link="")
    assert "Enter a place or a video link, or both" in text
    assert 'href="#place"' in html


def test_plain_http_video_link_is_refused_and_kept(client, secretary):
    html, text = _post_bad(client, video_link="http://teams.example.org/join")
    assert "Video link must be a full web address starting https://" in text
    assert 'value="http://teams.example.org/join"' in html


def test_kind_must_be_chosen(client, secretary):
    _, text = _post_bad(client, kind="")
    assert "Select the type of meeting" in text


def test_a_new_meeting_cannot_be_in_the_past(client, secretary):
    _, text = _post_bad(client, **{"day-day": "28", "day-month": "12", "day-year": "2026"})
    assert "Date of the meeting must be today or in the future" in text


def test_a_time_skipped_by_the_clocks_going_forward_is_refused(client, secretary):
    form = {"day-day": "28", "day-month": "3", "day-year": "2027", "start": "01:30"}
    _, text = _post_bad(client, **form)
    assert "Start time does not exist on Sunday 28 March 2027" in text


def test_editing_shows_current_details_and_records_the_change(client, secretary):
    meeting = factories.MeetingFactory(
        starts_at=datetime(2027, 1, 21, 14, 0, tzinfo=UTC), notes="Old notes"
    )
    form_page = client.get(path("governors.meetings.edit", meeting_id=meeting.id))
    html = form_page.get_data(as_text=True)
    assert 'value="14:00"' in html
    assert 'value="16:30"' in html
    assert 'value="21"' in html
    assert "Old notes" in html

    response = client.post(
        path("governors.meetings.edit", meeting_id=meeting.id),
        data=meeting_form(start="13:30", video_link=""),
    )
    assert response.status_code == 302
    db.session.refresh(meeting)
    assert meeting.starts_at == datetime(2027, 1, 21, 13, 30, tzinfo=UTC)
    assert meeting.duration_minutes == 180
    assert meeting.sequence == 1
    [entry] = _audit("meeting.updated")
    assert "starts_at" in entry.after
    assert entry.before["starts_at"].startswith("2027-01-21 14:00")


def test_editing_a_past_meeting_keeps_its_date_allowed(client, secretary):
    meeting = factories.MeetingFactory(starts_at=datetime(2026, 11, 19, 14, 0, tzinfo=UTC))
    response = client.post(
        path("governors.meetings.edit", meeting_id=meeting.id),
        data=meeting_form(**{"day-day": "19", "day-month": "11", "day-year": "2026"}),
    )
    assert response.status_code == 302


def test_edit_with_bad_input_keeps_the_meeting_unchanged(client, secretary):
    meeting = factories.MeetingFactory(starts_at=datetime(2027, 1, 21, 14, 0, tzinfo=UTC))
    response = client.post(
        path("governors.meetings.edit", meeting_id=meeting.id),
        data=meeting_form(end="25:00"),
    )
    assert response.status_code == 200
    assert "End time must be a real time" in page_text(response)
    db.session.refresh(meeting)
    assert meeting.duration_minutes == 150
    assert meeting.sequence == 0


def test_turning_a_pre_meeting_into_a_council_meeting_adds_standing_items_once(client, secretary):
    meeting = factories.MeetingFactory(
        kind="pre_meeting", starts_at=datetime(2027, 1, 14, 10, 0, tzinfo=UTC)
    )
    form = meeting_form(**{"day-day": "14"})
    client.post(path("governors.meetings.edit", meeting_id=meeting.id), data=form)
    client.post(
        path("governors.meetings.edit", meeting_id=meeting.id), data={**form, "start": "10:30"}
    )
    count = db.session.scalar(
        sa.select(sa.func.count(AgendaItem.id)).where(AgendaItem.meeting_id == meeting.id)
    )
    assert count == 5


def _request_for(meeting: Meeting, proposer) -> AgendaRequest:
    rule = ClearDaysRule()
    request = AgendaRequest(
        meeting_id=meeting.id,
        proposer_id=proposer.id,
        title="Car parking for carers",
        purpose="discuss",
        session="public",
        note_to_chair="",
        received_at=datetime(2026, 12, 20, 10, 0, tzinfo=UTC),
        rule_days=rule.days,
        rule_counting=rule.counting,
        rule_nation=rule.nation,
        deadline=agenda_deadline(meeting.day, rule),
        clear_days=31,
        in_time=True,
        response_due=date(2027, 1, 3),
    )
    db.session.add(request)
    db.session.flush()
    return request


def test_cancelling_asks_first_then_keeps_the_meeting_and_its_requests(client, secretary):
    meeting = factories.MeetingFactory(starts_at=datetime(2027, 1, 21, 14, 0, tzinfo=UTC))
    request = _request_for(meeting, factories.governor())

    confirm = client.get(path("governors.meetings.cancel", meeting_id=meeting.id))
    text = page_text(confirm)
    assert "Are you sure you want to cancel this meeting?" in text
    assert "1 agenda request names this meeting" in text
    db.session.refresh(meeting)
    assert meeting.cancelled_at is None

    response = client.post(
        path("governors.meetings.cancel", meeting_id=meeting.id),
        data={"reason": "Too few governors can come."},
    )
    assert response.status_code == 302
    db.session.refresh(meeting)
    assert meeting.cancelled_at is not None
    assert meeting.cancel_reason == "Too few governors can come."
    assert meeting.sequence == 1
    assert db.session.get(AgendaRequest, request.id) is not None
    assert len(_audit("meeting.cancelled")) == 1

    detail = page_text(client.get(path("governors.meetings.detail", meeting_id=meeting.id)))
    assert "This meeting has been cancelled" in detail
    assert "Propose an item" not in detail
    calendar = page_text(client.get(path("governors.meetings.calendar")))
    assert "Cancelled" in calendar


def test_a_cancelled_meeting_can_be_reinstated(client, secretary):
    meeting = factories.MeetingFactory(
        starts_at=datetime(2027, 1, 21, 14, 0, tzinfo=UTC),
        cancelled_at=datetime(2026, 12, 28, 9, 0, tzinfo=UTC),
    )
    edit = client.get(path("governors.meetings.edit", meeting_id=meeting.id))
    assert edit.status_code == 302  # reinstate first, then change

    client.post(path("governors.meetings.reinstate", meeting_id=meeting.id))
    db.session.refresh(meeting)
    assert meeting.cancelled_at is None
    assert meeting.cancel_reason is None
    assert len(_audit("meeting.reinstated")) == 1


def test_the_date_boxes_on_the_page_are_named_as_the_form_reads_them(client, secretary):
    # A browser sends each box under its name attribute; the field reads day-day etc.
    html = client.get(path("governors.meetings.schedule")).get_data(as_text=True)
    for part in ("day", "month", "year"):
        assert f'name="day-{part}"' in html
