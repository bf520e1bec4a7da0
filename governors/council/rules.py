"""The clear-days rule explained in words, for the settings page. Pure: no Flask, no database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from governors.requests.clear_days import ClearDaysRule, Counting, Nation, agenda_deadline
from governors.timeutil import format_date


@dataclass(frozen=True)
class WorkedExample:
    meeting_day: date
    deadline: date
    is_next_meeting: bool
    sentences: list[str]


def sample_meeting_day(today: date) -> date:
    """A plausible meeting to explain the rule with: a Thursday five or more weeks ahead."""
    day = today + timedelta(days=35)
    return day + timedelta(days=(3 - day.weekday()) % 7)


def worked_example(
    rule: ClearDaysRule, response_days: int, meeting_day: date, *, is_next_meeting: bool
) -> WorkedExample:
    deadline = agenda_deadline(meeting_day, rule)
    meeting = format_date(meeting_day)
    if rule.cutoff is not None:
        by_when = f"before {rule.cutoff:%H:%M} on {format_date(deadline)}"
    else:
        by_when = f"by the end of {format_date(deadline)}"
    which = "the next meeting, on" if is_next_meeting else "a meeting on"
    sentences = [f"For {which} {meeting}, a governor's request is in time if it arrives {by_when}."]
    if rule.days:
        first, last = deadline + timedelta(days=1), meeting_day - timedelta(days=1)
        span = f"from {format_date(first)} to {format_date(last)}"
        if rule.counting == Counting.CALENDAR:
            noun = "day" if rule.days == 1 else "days"
            sentences.append(
                f"The {rule.days} clear {noun} are the days in between, {span}. "
                "Neither the day the request arrives nor the day of the meeting counts."
            )
        else:
            noun = "working day" if rule.days == 1 else "working days"
            sentences.append(
                f"The days in between, {span}, include {rule.days} {noun}. Weekends and "
                f"bank holidays in {Nation(rule.nation).label} do not count."
            )
    else:
        sentences.append("Any request that arrives before the day of the meeting is in time.")
    if rule.cutoff is not None:
        sentences.append(
            f"A request that arrives at {rule.cutoff:%H:%M} or later counts as arriving "
            "the next day."
        )
    sentences.append(
        "A request that arrives later still goes to the chair, who decides whether to include it."
    )
    noun = "day" if response_days == 1 else "days"
    sentences.append(
        f"The chair must answer each request within {response_days} {noun} of receiving it."
    )
    return WorkedExample(meeting_day, deadline, is_next_meeting, sentences)


# A phone number the public can dial: digits, with the spaces, brackets and dashes people
# write them with, and a leading + for an international number.
PHONE_CHARACTERS = frozenset("0123456789 +()-")
PHONE_DIGITS = (10, 15)


def phone_problem(phone: str) -> str | None:
    """What is wrong with a contact phone number, in words for the form, or None.

    An empty number is fine (it is optional).
    """
    phone = phone.strip()
    if not phone:
        return None
    digits = sum(ch.isdigit() for ch in phone)
    shape_ok = set(phone) <= PHONE_CHARACTERS and "+" not in phone[1:]
    if not shape_ok or not PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1]:
        return "Enter a phone number in the correct format, like 01632 960 123"
    return None
