"""The clear-days rule in words: pure, no Flask or database."""

from __future__ import annotations

from datetime import date, time

from governors.council.rules import sample_meeting_day, worked_example
from governors.requests.clear_days import ClearDaysRule

MEETING = date(2027, 1, 21)  # the design guide's worked example


def test_calendar_days_example_matches_the_design_guide():
    example = worked_example(ClearDaysRule(), 14, MEETING, is_next_meeting=True)
    assert example.deadline == date(2027, 1, 10)
    assert example.sentences[0] == (
        "For the next meeting, on Thursday 21 January 2027, a governor's request is in time "
        "if it arrives by the end of Sunday 10 January 2027."
    )
    assert example.sentences[1] == (
        "The 10 clear days are the days in between, from Monday 11 January 2027 to "
        "Wednesday 20 January 2027. Neither the day the request arrives nor the day of the "
        "meeting counts."
    )
    assert example.sentences[-1] == (
        "The chair must answer each request within 14 days of receiving it."
    )


def test_working_days_example_names_the_nation():
    rule = ClearDaysRule(counting="working", nation="scotland")
    example = worked_example(rule, 1, MEETING, is_next_meeting=False)
    assert example.deadline == date(2027, 1, 6)
    assert example.sentences[0].startswith("For a meeting on Thursday 21 January 2027")
    assert "Wednesday 6 January 2027" in example.sentences[0]
    assert "include 10 working days" in example.sentences[1]
    assert "bank holidays in Scotland do not count" in example.sentences[1]
    assert example.sentences[-1].endswith("within 1 day of receiving it.")


def test_a_cut_off_time_is_explained():
    rule = ClearDaysRule(cutoff=time(17, 0))
    example = worked_example(rule, 14, MEETING, is_next_meeting=True)
    assert "arrives before 17:00 on Sunday 10 January 2027" in example.sentences[0]
    assert any(
        "arrives at 17:00 or later counts as arriving the next day" in s for s in example.sentences
    )


def test_no_clear_days_means_any_day_before_the_meeting():
    example = worked_example(ClearDaysRule(days=0), 14, MEETING, is_next_meeting=True)
    assert example.deadline == date(2027, 1, 20)
    assert (
        example.sentences[1] == "Any request that arrives before the day of the meeting is in time."
    )


def test_the_sample_meeting_is_a_thursday_at_least_five_weeks_ahead():
    for offset in range(7):
        today = date(2027, 3, 1 + offset)
        day = sample_meeting_day(today)
        assert day.weekday() == 3
        assert 35 <= (day - today).days < 42
