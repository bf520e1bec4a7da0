"""The demo year of meetings: the next Council meeting is always two to five weeks away."""

from datetime import date, timedelta
from itertools import pairwise

import sqlalchemy as sa

from governors.agendas.models import AgendaItem
from governors.demo import DemoCouncil
from governors.extensions import db
from governors.meetings import demo
from governors.meetings.models import Meeting
from governors.people.models import Role
from tests import factories


def test_every_day_of_three_years_gets_a_next_council_meeting_in_two_to_five_weeks():
    day = date(2026, 1, 1)
    while day < date(2029, 1, 1):
        days = demo.council_days(day)
        upcoming = [d for d in days if d > day]
        assert 14 <= (upcoming[0] - day).days <= 35, day
        assert len(days) == 6
        assert len([d for d in days if d <= day]) == 3
        assert all(d.weekday() == 3 for d in days)  # Thursdays
        gaps = [(b - a).days for a, b in pairwise(days)]
        assert all(49 <= gap <= 70 for gap in gaps), (day, gaps)
        day += timedelta(days=1)


def test_third_thursday_of_odd_months_when_it_fits():
    # From 1 December 2026 the third Thursday of January (21 January 2027) is 51 days
    # away, too far; from 29 December it is 23 days away, so the pattern is used.
    days = demo.council_days(date(2026, 12, 29))
    assert date(2027, 1, 21) in days
    assert [d.month for d in days] == [7, 9, 11, 1, 3, 5]


def test_nth_weekday():
    assert demo.nth_weekday(2027, 1, 3, 3) == date(2027, 1, 21)
    assert demo.nth_weekday(2027, 9, 1, 3) == date(2027, 9, 21)


def test_load_makes_a_year_of_meetings_through_the_services(app):
    secretary = factories.secretary(email="secretary@example.org")
    today = date(2026, 12, 29)
    demo.load(DemoCouncil(today=today, people={secretary.email: secretary}))

    meetings = db.session.scalars(sa.select(Meeting).order_by(Meeting.starts_at)).all()
    kinds = [m.kind for m in meetings]
    assert kinds.count("ordinary") == 6
    assert kinds.count("pre_meeting") == 6
    assert kinds.count("extraordinary") == 1
    assert kinds.count("annual_members") == 1

    council = [m for m in meetings if m.kind == "ordinary"]
    assert all(m.local_start.hour == 14 and m.place == demo.BOARDROOM for m in council)
    assert all(m.video_link == demo.TEAMS_LINK for m in council)
    following = next(m for m in council if m.day > today)
    assert 14 <= (following.day - today).days <= 35
    pre = next(m for m in meetings if m.kind == "pre_meeting" and m.day > today)
    assert following.day - pre.day == timedelta(days=7)
    [annual] = [m for m in meetings if m.kind == "annual_members"]
    assert annual.day.month == 9
    [extraordinary] = [m for m in meetings if m.kind == "extraordinary"]
    assert extraordinary.day < today

    standing = db.session.scalars(
        sa.select(AgendaItem.meeting_id).where(AgendaItem.standing.is_(True)).distinct()
    ).all()
    assert set(standing) == {m.id for m in meetings if m.kind in ("ordinary", "extraordinary")}
    assert secretary.has_role(Role.SECRETARY)
