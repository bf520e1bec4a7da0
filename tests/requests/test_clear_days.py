"""Clear-days rule for agenda requests: hand-checked dates, zones, cut-offs, properties."""

import re
from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from governors.requests.clear_days import (
    COUNTINGS,
    LONDON,
    NATIONS,
    ClearDaysRule,
    Counting,
    Nation,
    agenda_deadline,
    clear_days_between,
    is_counted_day,
    receipt_day,
    received_in_time,
)

CALENDAR = ClearDaysRule()
WORKING = ClearDaysRule(counting="working")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def london(day: date, at: time) -> datetime:
    """A Europe/London wall-clock moment, handed over as UTC like the database does."""
    return datetime.combine(day, at, tzinfo=LONDON).astimezone(UTC)


def working(nation: str, days: int) -> ClearDaysRule:
    return ClearDaysRule(days=days, counting="working", nation=nation)


# --- the worked example -------------------------------------------------------


def test_worked_example_calendar():
    # Meeting Thu 21 Jan 2027: 11..20 Jan are the 10 clear days, so Sun 10 Jan.
    assert agenda_deadline(date(2027, 1, 21), CALENDAR) == date(2027, 1, 10)
    assert clear_days_between(date(2027, 1, 10), date(2027, 1, 21), CALENDAR) == 10
    assert clear_days_between(date(2027, 1, 11), date(2027, 1, 21), CALENDAR) == 9


def test_worked_example_working_days():
    # Working days back from Wed 20 Jan: 20,19,18,15,14,13,12,11,8,7 -> 10th is
    # Thu 7 Jan, so the deadline is Wed 6 Jan 2027.
    assert agenda_deadline(date(2027, 1, 21), WORKING) == date(2027, 1, 6)
    assert clear_days_between(date(2027, 1, 6), date(2027, 1, 21), WORKING) == 10
    assert clear_days_between(date(2027, 1, 7), date(2027, 1, 21), WORKING) == 9


def test_worked_example_received_in_time():
    meeting = date(2027, 1, 21)
    assert received_in_time(london(date(2027, 1, 10), time(23, 59)), meeting, CALENDAR)
    assert not received_in_time(london(date(2027, 1, 11), time(0, 0)), meeting, CALENDAR)
    assert received_in_time(london(date(2027, 1, 6), time(23, 59)), meeting, WORKING)
    assert not received_in_time(london(date(2027, 1, 7), time(0, 0)), meeting, WORKING)


def test_receipt_on_a_saturday_counts_from_that_saturday():
    # Received Sat 9 Jan 2027 for Thu 21 Jan: clear working days 11..15, 18..20 = 8.
    assert clear_days_between(date(2027, 1, 9), date(2027, 1, 21), WORKING) == 8
    assert not received_in_time(london(date(2027, 1, 9), time(9)), date(2027, 1, 21), WORKING)


def test_working_deadline_can_fall_on_a_sunday():
    # Meeting Mon 25 Jan 2027: back from Fri 22: 22,21,20,19,18,15,14,13,12,11 ->
    # earliest counted Mon 11 Jan, so the deadline is Sun 10 Jan.
    meeting = date(2027, 1, 25)
    assert agenda_deadline(meeting, WORKING) == date(2027, 1, 10)
    assert clear_days_between(date(2027, 1, 10), meeting, WORKING) == 10
    assert received_in_time(london(date(2027, 1, 10), time(20)), meeting, WORKING)
    assert not received_in_time(london(date(2027, 1, 11), time(8)), meeting, WORKING)


@pytest.mark.parametrize("counting", ["calendar", "working"])
def test_zero_days_means_any_day_before_the_meeting(counting):
    rule = ClearDaysRule(days=0, counting=counting)
    meeting = date(2027, 1, 21)
    assert agenda_deadline(meeting, rule) == date(2027, 1, 20)
    assert received_in_time(london(date(2027, 1, 20), time(23, 59, 59)), meeting, rule)
    assert not received_in_time(london(meeting, time(0, 0)), meeting, rule)
    # Monday meeting: the Sunday before is still "before the meeting".
    assert agenda_deadline(date(2027, 1, 25), rule) == date(2027, 1, 24)


@pytest.mark.parametrize("counting", ["calendar", "working"])
def test_on_or_after_the_meeting_day_is_never_in_time_nor_negative(counting):
    rule = ClearDaysRule(days=0, counting=counting)
    meeting = date(2027, 1, 21)
    for received in (date(2027, 1, 20), meeting, date(2027, 1, 22), date(2027, 3, 1)):
        assert clear_days_between(received, meeting, rule) == 0
    assert not received_in_time(london(date(2027, 1, 22), time(9)), meeting, rule)


# --- weekends and bank holidays by nation --------------------------------------


@pytest.mark.parametrize(
    ("day", "england", "wales", "scotland", "northern_ireland"),
    [
        (date(2027, 1, 9), False, False, False, False),  # Saturday
        (date(2027, 1, 10), False, False, False, False),  # Sunday
        (date(2027, 1, 11), True, True, True, True),  # ordinary Monday
        (date(2026, 1, 2), True, True, False, True),  # 2 Jan (Fri): Scotland only
        (date(2027, 1, 4), True, True, False, True),  # Sat 2 Jan 2027's substitute, Scotland
        (date(2027, 3, 17), True, True, True, False),  # St Patrick's Day (Wed): NI only
        (date(2027, 3, 26), False, False, False, False),  # Good Friday: everywhere
        (date(2027, 3, 29), False, False, True, False),  # Easter Monday: not Scotland
        (date(2027, 7, 12), True, True, True, False),  # Battle of the Boyne (Mon): NI only
        (date(2027, 8, 2), True, True, False, True),  # Scottish summer bank holiday
        (date(2027, 8, 30), False, False, True, False),  # late summer, not Scotland
        (date(2027, 11, 30), True, True, False, True),  # St Andrew's Day (Tue): Scotland
    ],
)
def test_counted_days_by_nation(day, england, wales, scotland, northern_ireland):
    expected = {
        "england": england,
        "wales": wales,
        "scotland": scotland,
        "northern-ireland": northern_ireland,
    }
    for nation, counts in expected.items():
        assert is_counted_day(day, working(nation, 10)) is counts, nation
        # Calendar counting ignores weekends and holidays altogether.
        assert is_counted_day(day, ClearDaysRule(nation=nation)) is True


def test_easter_monday_2027_moves_the_deadline_except_in_scotland():
    # Meeting Fri 2 Apr 2027, 4 working days. Back from Thu 1 Apr:
    #   E/W/NI: 1 Apr, 31 Mar, 30 Mar, (29 Easter Mon, 27-28 weekend, 26 Good Fri),
    #           25 Mar -> deadline Wed 24 Mar.
    #   Scotland: 1 Apr, 31, 30, 29 Mar (Easter Monday is a working day) -> Sun 28 Mar.
    meeting = date(2027, 4, 2)
    for nation in ("england", "wales", "northern-ireland"):
        assert agenda_deadline(meeting, working(nation, 4)) == date(2027, 3, 24), nation
    assert agenda_deadline(meeting, working("scotland", 4)) == date(2027, 3, 28)


def test_st_patricks_day_moves_the_deadline_only_in_northern_ireland():
    # Meeting Fri 19 Mar 2027, 2 working days. Back from Thu 18 Mar:
    #   E/W/S: 18, 17 -> deadline Tue 16 Mar.
    #   NI: 18, (17 St Patrick's Day), 16 -> deadline Mon 15 Mar.
    meeting = date(2027, 3, 19)
    for nation in ("england", "wales", "scotland"):
        assert agenda_deadline(meeting, working(nation, 2)) == date(2027, 3, 16), nation
    assert agenda_deadline(meeting, working("northern-ireland", 2)) == date(2027, 3, 15)


def test_second_of_january_moves_the_deadline_only_in_scotland_across_the_year_end():
    # Meeting Tue 6 Jan 2026, 3 working days. Back from Mon 5 Jan:
    #   E/W/NI: 5, (3-4 weekend), 2 Fri, (1 New Year), 31 Dec -> deadline Tue 30 Dec 2025.
    #   Scotland: 5, (2 and 1 Jan holidays), 31 Dec, 30 Dec -> deadline Mon 29 Dec 2025.
    meeting = date(2026, 1, 6)
    for nation in ("england", "wales", "northern-ireland"):
        assert agenda_deadline(meeting, working(nation, 3)) == date(2025, 12, 30), nation
    assert agenda_deadline(meeting, working("scotland", 3)) == date(2025, 12, 29)


def test_st_andrews_day_moves_the_deadline_only_in_scotland():
    # Meeting Thu 2 Dec 2027, 2 working days. Back from Wed 1 Dec:
    #   E/W/NI: 1 Dec, 30 Nov -> deadline Mon 29 Nov.
    #   Scotland: 1 Dec, (30 Nov St Andrew's Day), 29 Nov -> deadline Sun 28 Nov.
    meeting = date(2027, 12, 2)
    for nation in ("england", "wales", "northern-ireland"):
        assert agenda_deadline(meeting, working(nation, 2)) == date(2027, 11, 29), nation
    assert agenda_deadline(meeting, working("scotland", 2)) == date(2027, 11, 28)


def test_battle_of_the_boyne_moves_the_deadline_only_in_northern_ireland():
    # Meeting Wed 14 Jul 2027, 2 working days. Back from Tue 13 Jul:
    #   E/W/S: 13, 12 -> deadline Sun 11 Jul.
    #   NI: 13, (12 Boyne, 10-11 weekend), 9 Fri -> deadline Thu 8 Jul.
    meeting = date(2027, 7, 14)
    for nation in ("england", "wales", "scotland"):
        assert agenda_deadline(meeting, working(nation, 2)) == date(2027, 7, 11), nation
    assert agenda_deadline(meeting, working("northern-ireland", 2)) == date(2027, 7, 8)


# --- Christmas and New Year substitute days ------------------------------------


@pytest.mark.parametrize(
    ("day", "counts_in_england", "counts_in_scotland"),
    [
        (date(2027, 12, 24), True, True),  # Friday, Christmas Eve is not a bank holiday
        (date(2027, 12, 25), False, False),  # Christmas Day, a Saturday
        (date(2027, 12, 26), False, False),  # Boxing Day, a Sunday
        (date(2027, 12, 27), False, False),  # Mon: substitute for Christmas Day
        (date(2027, 12, 28), False, False),  # Tue: substitute for Boxing Day
        (date(2027, 12, 29), True, True),
        (date(2027, 12, 31), True, True),
        (date(2028, 1, 3), False, False),  # Mon: substitute for New Year's Day (Sat)
        (date(2028, 1, 4), True, False),  # Tue: Scotland's substitute for 2 Jan (Sun)
        (date(2028, 1, 5), True, True),
    ],
)
def test_christmas_and_new_year_substitute_days(day, counts_in_england, counts_in_scotland):
    # Substitute days follow the gov.uk rule: a bank holiday on a weekend moves
    # to the next weekday not already a bank holiday.
    assert is_counted_day(day, working("england", 10)) is counts_in_england
    assert is_counted_day(day, working("scotland", 10)) is counts_in_scotland


def test_deadline_over_christmas_2027():
    # Meeting Thu 6 Jan 2028, 5 working days. Back from Wed 5 Jan:
    #   England: 5, 4, (3 sub, 1-2 weekend), 31 Dec, 30, 29 -> deadline Tue 28 Dec 2027.
    #   Scotland: 5, (4 and 3 subs, 1-2 weekend), 31, 30, 29, (28, 27 subs,
    #             25-26 weekend), 24 Dec -> deadline Thu 23 Dec 2027.
    #   Calendar: 6 Jan - 6 days = Fri 31 Dec 2027.
    meeting = date(2028, 1, 6)
    assert agenda_deadline(meeting, working("england", 5)) == date(2027, 12, 28)
    assert agenda_deadline(meeting, working("scotland", 5)) == date(2027, 12, 23)
    assert agenda_deadline(meeting, ClearDaysRule(days=5)) == date(2027, 12, 31)
    assert clear_days_between(date(2027, 12, 23), meeting, working("scotland", 5)) == 5
    assert clear_days_between(date(2027, 12, 24), meeting, working("scotland", 5)) == 4


# --- GMT / BST ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("received_at", "local_day"),
    [
        # BST starts 28 Mar 2027 at 01:00 UTC.
        (utc(2027, 3, 27, 23, 30), date(2027, 3, 27)),  # 23:30 GMT
        (utc(2027, 3, 28, 0, 30), date(2027, 3, 28)),  # 00:30 GMT
        (utc(2027, 3, 28, 23, 30), date(2027, 3, 29)),  # 00:30 BST next day
        # Summer: 23:30 UTC is already tomorrow in London.
        (utc(2027, 6, 9, 22, 59, 59), date(2027, 6, 9)),  # 23:59:59 BST
        (utc(2027, 6, 9, 23, 0), date(2027, 6, 10)),  # 00:00 BST
        (utc(2027, 6, 9, 23, 30), date(2027, 6, 10)),  # 00:30 BST
        # BST ends 31 Oct 2027 at 01:00 UTC.
        (utc(2027, 10, 30, 23, 30), date(2027, 10, 31)),  # 00:30 BST
        (utc(2027, 10, 31, 23, 30), date(2027, 10, 31)),  # 23:30 GMT
        # Other zones are converted, not read at face value.
        (datetime(2027, 1, 6, 2, 0, tzinfo=timezone(timedelta(hours=5))), date(2027, 1, 5)),
    ],
)
def test_receipt_day_is_the_london_date(received_at, local_day):
    assert receipt_day(received_at, CALENDAR) == local_day


def test_late_evening_utc_in_summer_can_make_a_request_late():
    # 7 calendar clear days before Thu 17 Jun 2027: 10..16 Jun, so deadline Wed 9 Jun.
    rule = ClearDaysRule(days=7)
    meeting = date(2027, 6, 17)
    assert agenda_deadline(meeting, rule) == date(2027, 6, 9)
    assert received_in_time(utc(2027, 6, 9, 22, 59), meeting, rule)  # 23:59 BST 9 Jun
    assert not received_in_time(utc(2027, 6, 9, 23, 30), meeting, rule)  # 00:30 BST 10 Jun


# --- cut-off times ------------------------------------------------------------


@pytest.mark.parametrize(
    ("received_at", "local_day"),
    [
        # Winter: London is on GMT, so UTC reads the same.
        (utc(2027, 1, 6, 16, 59, 59), date(2027, 1, 6)),  # before the cut-off
        (utc(2027, 1, 6, 17, 0), date(2027, 1, 7)),  # exactly at it: next day
        (utc(2027, 1, 6, 17, 1), date(2027, 1, 7)),  # after it
        (utc(2027, 12, 31, 18, 0), date(2028, 1, 1)),  # rolls over the year
        # Summer: 17:00 BST is 16:00 UTC.
        (utc(2027, 6, 9, 15, 59), date(2027, 6, 9)),  # 16:59 BST
        (utc(2027, 6, 9, 16, 0), date(2027, 6, 10)),  # 17:00 BST
        (utc(2027, 6, 9, 16, 30), date(2027, 6, 10)),  # 17:30 BST, still 9 Jun in UTC
    ],
)
def test_cutoff_moves_receipt_to_the_next_day(received_at, local_day):
    assert receipt_day(received_at, ClearDaysRule(cutoff=time(17, 0))) == local_day


def test_cutoff_decides_in_time_on_the_deadline_day():
    # Worked example with working days and a 17:00 cut-off: deadline Wed 6 Jan 2027.
    rule = ClearDaysRule(counting="working", cutoff=time(17, 0))
    meeting = date(2027, 1, 21)
    assert received_in_time(utc(2027, 1, 6, 16, 59, 59), meeting, rule)
    assert not received_in_time(utc(2027, 1, 6, 17, 0), meeting, rule)


def test_cutoff_in_bst_decides_in_time():
    # Deadline Wed 9 Jun 2027 (7 calendar days before Thu 17 Jun); 17:00 BST = 16:00 UTC.
    rule = ClearDaysRule(days=7, cutoff=time(17, 0))
    meeting = date(2027, 6, 17)
    assert received_in_time(utc(2027, 6, 9, 15, 59), meeting, rule)
    assert not received_in_time(utc(2027, 6, 9, 16, 0), meeting, rule)


# --- bad arguments ------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"days": -1}, "days must be 0 or more, not -1"),
        ({"days": 2.5}, "days must be a whole number"),
        ({"days": True}, "days must be a whole number"),
        ({"days": "10"}, "days must be a whole number"),
        ({"counting": "weekdays"}, "counting must be 'calendar' or 'working', not 'weekdays'"),
        (
            {"nation": "cornwall"},
            "nation must be 'england', 'wales', 'scotland' or 'northern-ireland', not 'cornwall'",
        ),
        ({"nation": "England"}, "nation must be"),
        ({"cutoff": "17:00"}, "cutoff must be a datetime.time"),
        ({"cutoff": time(17, tzinfo=UTC)}, "cutoff must be a naive datetime.time"),
        ({"cutoff": time(0, 0)}, "cutoff must be later than 00:00"),
    ],
)
def test_bad_rule_settings_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        ClearDaysRule(**kwargs)


def test_naive_received_at_is_refused():
    with pytest.raises(ValueError, match="received_at must be timezone-aware"):
        received_in_time(datetime(2027, 1, 6, 12, 0), date(2027, 1, 21), CALENDAR)
    with pytest.raises(ValueError, match="received_at must be timezone-aware"):
        receipt_day(datetime(2027, 1, 6, 12, 0), CALENDAR)


def test_received_at_must_be_a_datetime():
    with pytest.raises(ValueError, match="received_at must be a timezone-aware datetime"):
        receipt_day(date(2027, 1, 6), CALENDAR)


def test_datetime_meeting_day_is_refused():
    meeting = datetime(2027, 1, 21, 18, 0, tzinfo=UTC)
    with pytest.raises(ValueError, match="meeting_day must be a date, not a datetime"):
        agenda_deadline(meeting, CALENDAR)
    with pytest.raises(ValueError, match="meeting_day must be a date, not a datetime"):
        received_in_time(utc(2027, 1, 6, 12), meeting, CALENDAR)
    with pytest.raises(ValueError, match="meeting_day must be a date, not a datetime"):
        clear_days_between(date(2027, 1, 6), meeting, CALENDAR)


def test_rule_must_be_a_clear_days_rule():
    with pytest.raises(ValueError, match="rule must be a ClearDaysRule, not dict"):
        agenda_deadline(date(2027, 1, 21), {"days": 10})
    with pytest.raises(ValueError, match="rule must be a ClearDaysRule, not int"):
        received_in_time(utc(2027, 1, 6, 12), date(2027, 1, 21), 10)
    with pytest.raises(ValueError, match="rule must be a ClearDaysRule"):
        is_counted_day(date(2027, 1, 6), None)


# --- describe() ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        (ClearDaysRule(), "10 clear days (weekends and bank holidays count)"),
        (ClearDaysRule(days=1), "1 clear day (weekends and bank holidays count)"),
        (
            ClearDaysRule(counting="working"),
            "10 clear working days (weekends and bank holidays in England do not count)",
        ),
        (
            ClearDaysRule(counting="working", nation="northern-ireland", cutoff=time(17)),
            "10 clear working days (weekends and bank holidays in Northern Ireland do not count), "
            "requests at or after 17:00 count as received the next day",
        ),
        (
            ClearDaysRule(days=5, cutoff=time(16, 30)),
            "5 clear days (weekends and bank holidays count), "
            "requests at or after 16:30 count as received the next day",
        ),
    ],
)
def test_describe(rule, text):
    assert rule.describe() == text


# --- properties ---------------------------------------------------------------

meeting_days = st.dates(min_value=date(2025, 1, 1), max_value=date(2035, 12, 31))
rules = st.builds(
    ClearDaysRule,
    days=st.integers(min_value=0, max_value=30),
    counting=st.sampled_from(["calendar", "working"]),
    nation=st.sampled_from(["england", "wales", "scotland", "northern-ireland"]),
    cutoff=st.none() | st.times(min_value=time(0, 0, 0, 1)),
)
# Modest so the suite stays quick; no example database of past failures.
property_settings = settings(max_examples=200, deadline=None, database=None)


def _exists_in_london(moment: datetime) -> bool:
    """False for wall-clock times skipped when the clocks go forward."""
    round_trip = moment.astimezone(UTC).astimezone(LONDON)
    return round_trip.replace(tzinfo=None) == moment.replace(tzinfo=None)


@property_settings
@given(meeting=meeting_days, rule=rules, data=st.data())
def test_deadline_day_is_in_time_and_the_day_after_is_not(meeting, rule, data):
    deadline = agenda_deadline(meeting, rule)
    latest = time.max
    if rule.cutoff is not None:
        latest = (datetime.combine(date.min, rule.cutoff) - timedelta(microseconds=1)).time()
    at = data.draw(st.times(max_value=latest), label="local time before cut-off")
    on_deadline = datetime.combine(deadline, at, tzinfo=LONDON)
    assume(_exists_in_london(on_deadline))
    assert received_in_time(on_deadline.astimezone(UTC), meeting, rule)

    any_time = data.draw(st.times(), label="local time the day after")
    day_after = datetime.combine(deadline + timedelta(days=1), any_time, tzinfo=LONDON)
    assume(_exists_in_london(day_after))
    assert not received_in_time(day_after.astimezone(UTC), meeting, rule)


@property_settings
@given(meeting=meeting_days, rule=rules)
def test_deadline_is_the_latest_day_with_enough_clear_days(meeting, rule):
    deadline = agenda_deadline(meeting, rule)
    assert deadline < meeting
    assert clear_days_between(deadline, meeting, rule) >= rule.days
    assert clear_days_between(deadline + timedelta(days=1), meeting, rule) < rule.days or (
        # With 0 days every day has "enough"; the day before the meeting is the limit.
        rule.days == 0 and deadline == meeting - timedelta(days=1)
    )


@property_settings
@given(
    meeting=meeting_days,
    rule=rules,
    offset=st.integers(min_value=-3, max_value=60),
)
def test_clear_days_and_in_time_agree_with_a_day_by_day_count(meeting, rule, offset):
    received = meeting - timedelta(days=offset)
    # Independent reference: count each day strictly between, one by one.
    expected = 0
    day = received + timedelta(days=1)
    while day < meeting:
        expected += is_counted_day(day, rule)
        day += timedelta(days=1)
    assert clear_days_between(received, meeting, rule) == expected

    noon = london(received, time(12, 0))
    if rule.cutoff is None or rule.cutoff > time(12, 0):
        in_time = received < meeting and expected >= rule.days
        assert received_in_time(noon, meeting, rule) is in_time
        assert (received <= agenda_deadline(meeting, rule)) is in_time


def test_nations_and_countings_carry_their_names_and_the_tuples_stay_as_they_were():
    assert NATIONS == ("england", "wales", "scotland", "northern-ireland")
    assert COUNTINGS == ("calendar", "working")
    assert [(nation.label, nation.subdivision) for nation in Nation] == [
        ("England", "ENG"),
        ("Wales", "WLS"),
        ("Scotland", "SCT"),
        ("Northern Ireland", "NIR"),
    ]
    assert Counting.WORKING.label == "Working days only"
    # An enum member is accepted wherever the rule takes the setting's text.
    rule = ClearDaysRule(counting=Counting.WORKING, nation=Nation.SCOTLAND)
    assert "bank holidays in Scotland" in rule.describe()
