"""The meetings rules, checked against dates worked out by hand."""

from datetime import UTC, date, datetime, time

import pytest

from governors.meetings.rules import (
    DeadlineState,
    deadline_notice,
    elapsed_minutes,
    is_https_url,
    local_time_exists,
    meeting_times,
)
from governors.requests.clear_days import ClearDaysRule

# Thursday 21 January 2027: 10 calendar clear days are 11 to 20 January, so the deadline
# is Sunday 10 January; counting working days (England) it is Wednesday 6 January.
MEETING = date(2027, 1, 21)
CALENDAR = ClearDaysRule(days=10, counting="calendar")
WORKING = ClearDaysRule(days=10, counting="working", nation="england")


def test_calendar_days_deadline_twelve_days_ahead():
    notice = deadline_notice(MEETING, date(2026, 12, 29), CALENDAR)
    assert notice.deadline == date(2027, 1, 10)
    assert notice.text == "Send requests by Sunday 10 January 2027. 12 days left."
    assert notice.status == "12 days left"
    assert notice.state is DeadlineState.OPEN
    assert notice.in_time


def test_working_days_deadline_is_wednesday_6_january():
    notice = deadline_notice(MEETING, date(2027, 1, 4), WORKING)
    assert notice.deadline == date(2027, 1, 6)
    assert notice.text == "Send requests by Wednesday 6 January 2027. 2 days left."


def test_one_day_left_the_day_before_the_deadline():
    notice = deadline_notice(MEETING, date(2027, 1, 9), CALENDAR)
    assert notice.text == "Send requests by Sunday 10 January 2027. 1 day left."
    assert notice.days_left == 1


def test_last_day_on_the_deadline_itself():
    notice = deadline_notice(MEETING, date(2027, 1, 10), CALENDAR)
    assert notice.state is DeadlineState.LAST_DAY
    assert notice.text == "Send requests by Sunday 10 January 2027. Today is the last day."
    assert notice.in_time


@pytest.mark.parametrize("today", [date(2027, 1, 11), date(2027, 1, 20), MEETING])
def test_after_the_deadline_late_requests_go_to_the_chair(today):
    notice = deadline_notice(MEETING, today, CALENDAR)
    assert notice.state is DeadlineState.PASSED
    assert notice.text == (
        "The deadline was Sunday 10 January 2027. You can still send a request. "
        "The chair will decide if it goes on the agenda."
    )
    assert not notice.in_time


def test_after_the_meeting_the_deadline_is_history():
    notice = deadline_notice(MEETING, date(2027, 1, 22), CALENDAR)
    assert notice.state is DeadlineState.HELD
    assert notice.text == "The deadline was Sunday 10 January 2027."


def test_a_cut_off_time_is_part_of_the_deadline():
    rule = ClearDaysRule(days=10, cutoff=time(17, 0))
    notice = deadline_notice(MEETING, date(2026, 12, 29), rule)
    assert notice.text == "Send requests before 17:00 on Sunday 10 January 2027. 12 days left."


def test_working_days_skip_christmas_and_new_year_bank_holidays():
    # Meeting Tuesday 5 January 2027. Christmas 2026 is a Friday and Boxing Day a Saturday,
    # so Monday 28 December is the substitute; 1 January 2027 is a Friday.
    # Counted: 4 Jan, 31, 30, 29, 24, 23, 22, 21, 18, 17 Dec -> deadline Wednesday 16 Dec.
    notice = deadline_notice(date(2027, 1, 5), date(2026, 12, 1), WORKING)
    assert notice.deadline == date(2026, 12, 16)


def test_gmt_meeting_start_is_stored_as_the_same_utc_hour():
    starts_at, minutes = meeting_times(MEETING, time(14, 0), time(16, 30))
    assert starts_at == datetime(2027, 1, 21, 14, 0, tzinfo=UTC)
    assert minutes == 150


def test_bst_meeting_start_is_an_hour_earlier_in_utc():
    starts_at, minutes = meeting_times(date(2027, 6, 17), time(14, 0), time(16, 30))
    assert starts_at == datetime(2027, 6, 17, 13, 0, tzinfo=UTC)
    assert minutes == 150


def test_the_hour_skipped_when_clocks_go_forward_does_not_exist():
    clocks_forward = date(2027, 3, 28)
    assert not local_time_exists(clocks_forward, time(1, 30))
    assert local_time_exists(clocks_forward, time(2, 0))
    assert local_time_exists(date(2027, 3, 27), time(1, 30))
    with pytest.raises(ValueError, match="does not exist"):
        meeting_times(clocks_forward, time(1, 30), time(3, 0))


def test_elapsed_minutes_count_real_time_across_clock_changes():
    # Spring: 00:30 to 03:00 is 90 real minutes; autumn: 00:30 to 02:30 is 180.
    assert elapsed_minutes(date(2027, 3, 28), time(0, 30), time(3, 0)) == 90
    assert elapsed_minutes(date(2027, 10, 31), time(0, 30), time(2, 30)) == 180


def test_meeting_must_end_after_it_starts_and_last_at_most_twelve_hours():
    with pytest.raises(ValueError, match="end after it starts"):
        meeting_times(MEETING, time(14, 0), time(14, 0))
    with pytest.raises(ValueError, match="12 hours"):
        meeting_times(MEETING, time(7, 0), time(19, 30))


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("https://teams.microsoft.com/l/meetup-join/abc", True),
        ("HTTPS://zoom.us/j/123", True),
        ("http://teams.microsoft.com/l/meetup-join/abc", False),
        ("teams.microsoft.com/l/meetup-join/abc", False),
        ("https://", False),
        ("https://localhost/x", False),
        ("https://teams.microsoft.com/a b", False),
        ("javascript:alert(1)", False),
        ("", False),
    ],
)
def test_video_links_must_be_full_https_addresses(text, ok):
    assert is_https_url(text) is ok
