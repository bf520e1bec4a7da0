"""A year of demo meetings around ``council.today``, written through the meetings services.

Council meetings fall every other month on the same Thursday of the month at 14:00, placed
so that the next one is two to five weeks away (its agenda deadline is then still ahead or
only just passed). Each has a governors' pre-meeting the week before; there is one annual
members' meeting in September and one extraordinary meeting in the past.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from governors.demo import DemoCouncil
from governors.meetings.kinds import MeetingKind
from governors.meetings.services import MeetingDetails, schedule_meeting
from governors.people.models import Role

BOARDROOM = "Boardroom, Trust Headquarters, 1 Riverside Way, Northshire NS1 4RW"
LECTURE_THEATRE = "Lecture Theatre, Education Centre, 3 Riverside Way, Northshire NS1 4RW"
# The annual members' meeting is streamed for anyone to watch.
LIVE_STREAM = "https://www.youtube.com/@northshire-cmh-demo/live"
LECTURE_THEATRE_ACCESS = (
    "The lecture theatre is on the ground floor, with step-free access and a hearing loop. "
    "There is level parking behind the Education Centre.\n\n"
    "A British Sign Language interpreter will be there. Tell us a week before if you need "
    "any other help."
)
TEAMS_LINK = "https://teams.microsoft.com/l/meetup-join/council-of-governors-demo"
PRE_MEETING_LINK = "https://teams.microsoft.com/l/meetup-join/governors-pre-meeting-demo"
THURSDAY = 3
# Council meetings before and after the next one: about a year in all.
PAST_COUNCIL_MEETINGS = 3
LATER_COUNCIL_MEETINGS = 2
# The next Council meeting falls this many days after today.
SOONEST, LATEST = 14, 35


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The ``n``th ``weekday`` (Monday 0) of a month, e.g. the third Thursday."""
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def council_days(today: date) -> list[date]:
    """Council meeting days, every other month, the next one 2 to 5 weeks after ``today``.

    Prefers the third Thursday of odd months (January, March …); when that would put the
    next meeting too near or too far, another Thursday of the month or the even months.
    """
    for parity in (1, 0):
        for n in (3, 2, 4, 1):
            year, month = today.year, today.month
            if month % 2 != parity:
                year, month = _add_months(year, month, -1)
            # Step back far enough, then forward to the first meeting after today.
            year, month = _add_months(year, month, -2 * (PAST_COUNCIL_MEETINGS + 1))
            days = [nth_weekday(*_add_months(year, month, 2 * k), THURSDAY, n) for k in range(12)]
            upcoming = [day for day in days if day > today]
            if upcoming and SOONEST <= (upcoming[0] - today).days <= LATEST:
                at = days.index(upcoming[0])
                return days[at - PAST_COUNCIL_MEETINGS : at + LATER_COUNCIL_MEETINGS + 1]
    raise RuntimeError("no Council meeting pattern fits")  # pragma: no cover - always fits


def annual_members_day(today: date) -> date:
    """The September annual members' meeting nearest ``today``: third Tuesday, evening."""
    candidates = [nth_weekday(year, 9, 1, 3) for year in (today.year - 1, today.year)]
    candidates.append(nth_weekday(today.year + 1, 9, 1, 3))
    return min(candidates, key=lambda day: abs((day - today).days))


def load(council: DemoCouncil) -> None:
    secretary = next(
        (person for person in council.people.values() if person.has_role(Role.SECRETARY)), None
    )
    days = council_days(council.today)
    for day in days:
        schedule_meeting(
            secretary,
            MeetingDetails(
                kind=MeetingKind.PRE_MEETING,
                day=day - timedelta(days=7),
                start=time(10, 0),
                end=time(11, 30),
                video_link=PRE_MEETING_LINK,
                notes="Governors only: a chance to agree questions for the Council meeting.",
            ),
        )
        schedule_meeting(
            secretary,
            MeetingDetails(
                kind=MeetingKind.ORDINARY,
                day=day,
                start=time(14, 0),
                end=time(16, 30),
                place=BOARDROOM,
                video_link=TEAMS_LINK,
                notes="Tea and coffee from 13:30. Parking in the visitors' car park.",
            ),
        )
    # Called between two past Council meetings to approve a non-executive appointment.
    schedule_meeting(
        secretary,
        MeetingDetails(
            kind=MeetingKind.EXTRAORDINARY,
            day=days[0] + timedelta(days=26),
            start=time(17, 0),
            end=time(18, 0),
            video_link=TEAMS_LINK,
            notes="To approve the appointment of a non-executive director.",
        ),
    )
    schedule_meeting(
        secretary,
        MeetingDetails(
            kind=MeetingKind.ANNUAL_MEMBERS,
            day=annual_members_day(council.today),
            start=time(18, 0),
            end=time(20, 0),
            place=LECTURE_THEATRE,
            video_link=TEAMS_LINK,
            notes="Open to all members of the trust and the public.",
            access_info=LECTURE_THEATRE_ACCESS,
            public_link=LIVE_STREAM,
        ),
    )
