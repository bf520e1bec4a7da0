"""The pure rules of cover: who is proposed to stand in, in what order and why, and the
body's notice rule for substitutes."""

from __future__ import annotations

import datetime as dt

import pytest

from governors.bodies.rules import PersonFacts
from governors.cover.rules import (
    Candidate,
    NoticeRule,
    note_erase_after,
    notice_deadline,
    rank_substitutes,
    within_notice,
)

SERVICE_USER = PersonFacts(constituency="service_user", route="elected")
PUBLIC = PersonFacts(constituency="public", route="elected")
NED = PersonFacts(ned=True)


def person(user_id: int, name: str, facts: PersonFacts = SERVICE_USER, **kwargs) -> Candidate:
    return Candidate(user_id=user_id, name=name, facts=facts, **kwargs)


def test_pre_agreed_deputies_come_first_in_their_agreed_order():
    ranking = rank_substitutes(
        "service_user_governor",
        [
            person(1, "Ann", covers_last_year=0),
            person(2, "Bola", deputy_position=2, covers_last_year=5),
            person(3, "Carys", deputy_position=1, covers_last_year=9),
        ],
    )
    assert [p.name for p in ranking.proposed] == ["Carys", "Bola", "Ann"]
    assert "First pre-agreed deputy for this seat" in ranking.proposed[0].reasons
    assert "Pre-agreed deputy for this seat (choice 2)" in ranking.proposed[1].reasons


def test_after_the_deputies_the_load_is_shared():
    ranking = rank_substitutes(
        None,
        [
            person(1, "Ann", covers_last_year=3),
            person(2, "Bola", covers_last_year=0),
            person(3, "Carys", covers_last_year=1),
        ],
    )
    assert [p.name for p in ranking.proposed] == ["Bola", "Carys", "Ann"]
    assert "Has not stood in for anyone in the last 12 months" in ranking.proposed[0].reasons
    assert "Has stood in once in the last 12 months" in ranking.proposed[1].reasons
    assert "Has stood in three times in the last 12 months" in ranking.proposed[2].reasons


def test_only_those_who_fit_the_seat_are_proposed():
    ranking = rank_substitutes(
        "service_user_governor",
        [person(1, "Ann"), person(2, "Dev", PUBLIC), person(3, "Eve", NED)],
    )
    assert [p.name for p in ranking.proposed] == ["Ann"]
    assert "Is a service user governor, as the seat needs" in ranking.proposed[0].reasons
    why = {p.name: p.why for p in ranking.passed_over}
    assert why == {
        "Dev": "Is not a service user governor",
        "Eve": "Is not a service user governor",
    }


def test_those_who_fit_but_are_away_are_told_apart_from_those_who_do_not_fit():
    ranking = rank_substitutes(
        "service_user_governor",
        [person(1, "Ann", unavailable=True), person(2, "Dev", PUBLIC), person(3, "Fay")],
    )
    assert [p.name for p in ranking.passed_over_though_fitting] == ["Ann"]
    assert [p.name for p in ranking.not_fitting] == ["Dev"]


def test_a_ned_seat_is_for_directors():
    ranking = rank_substitutes("ned", [person(1, "Ann"), person(3, "Eve", NED)])
    assert [p.name for p in ranking.proposed] == ["Eve"]


def test_nobody_unavailable_or_committed_then_is_proposed():
    ranking = rank_substitutes(
        None,
        [
            person(1, "Ann", unavailable=True),
            person(2, "Bola", clash="the Audit Committee at 10:00"),
            person(3, "Carys", clash="already a member of this committee"),
            person(4, "Dev"),
        ],
    )
    assert [p.name for p in ranking.proposed] == ["Dev"]
    why = {p.name: p.why for p in ranking.passed_over}
    assert why["Ann"] == "Is not available then"
    assert why["Bola"] == "Is already committed then: the Audit Committee at 10:00"
    assert why["Carys"] == "Is already a member of this committee"


def test_those_already_asked_are_passed_over_with_why():
    ranking = rank_substitutes(
        None,
        [
            person(1, "Ann", deputy_position=1, already_asked="Declined on 3 December 2026"),
            person(2, "Bola", already_asked="Did not answer in time"),
            person(3, "Carys"),
        ],
    )
    assert [p.name for p in ranking.proposed] == ["Carys"]
    assert {p.why for p in ranking.passed_over} == {
        "Declined on 3 December 2026",
        "Did not answer in time",
    }


def test_the_absent_member_is_never_proposed():
    ranking = rank_substitutes(None, [person(1, "Ann"), person(2, "Bola")], absent_id=1)
    assert [p.name for p in ranking.proposed] == ["Bola"]
    assert all(p.user_id != 1 for p in ranking.passed_over)


def test_no_suitable_substitute_when_nobody_fits():
    ranking = rank_substitutes(
        "carer_governor", [person(1, "Ann"), person(2, "Bola", unavailable=True)]
    )
    assert ranking.no_suitable_substitute
    assert ranking.first is None
    assert len(ranking.passed_over) == 2
    assert rank_substitutes(None, []).no_suitable_substitute


def test_a_negative_count_of_covers_is_refused():
    with pytest.raises(ValueError, match="cannot have stood in"):
        rank_substitutes(None, [person(1, "Ann", covers_last_year=-1)])


# Notice rules -------------------------------------------------------------------------------


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def test_any_time_ends_when_the_meeting_starts_so_same_day_cover_works():
    starts = utc(2027, 1, 21, 14, 0)
    assert notice_deadline(NoticeRule.ANY_TIME, starts) == starts
    assert within_notice("any_time", starts, utc(2027, 1, 21, 13, 59))
    assert not within_notice("any_time", starts, utc(2027, 1, 21, 14, 1))


def test_noon_on_the_working_day_before():
    # Thursday 21 January 2027: noon on Wednesday 20 January (GMT).
    starts = utc(2027, 1, 21, 14, 0)
    assert notice_deadline("noon_previous_working_day", starts) == utc(2027, 1, 20, 12, 0)
    assert within_notice("noon_previous_working_day", starts, utc(2027, 1, 20, 11, 59))
    assert not within_notice("noon_previous_working_day", starts, utc(2027, 1, 20, 12, 1))


def test_a_monday_meeting_looks_back_past_the_weekend():
    # Monday 25 January 2027: noon on Friday 22 January.
    starts = utc(2027, 1, 25, 10, 0)
    assert notice_deadline("noon_previous_working_day", starts) == utc(2027, 1, 22, 12, 0)
    assert notice_deadline("noon_two_working_days", starts) == utc(2027, 1, 21, 12, 0)


def test_bank_holidays_are_not_working_days():
    # Tuesday 29 December 2026: Monday 28 December is a bank holiday in England (Boxing
    # Day moved), and Sunday, Saturday 26 and Friday 25 are not working days either.
    starts = utc(2026, 12, 29, 10, 0)
    assert notice_deadline("noon_previous_working_day", starts) == utc(2026, 12, 24, 12, 0)


def test_summer_time_is_judged_in_london():
    # Thursday 17 June 2027: noon BST on Wednesday is 11:00 UTC.
    starts = utc(2027, 6, 17, 9, 0)
    assert notice_deadline("noon_previous_working_day", starts) == utc(2027, 6, 16, 11, 0)


def test_a_naive_start_is_refused():
    with pytest.raises(ValueError, match="aware"):
        notice_deadline("any_time", dt.datetime(2027, 1, 21, 14, 0))


def test_each_rule_has_a_plain_label():
    assert NoticeRule.NOON_PREVIOUS_WORKING_DAY.label == (
        "By noon on the working day before the meeting"
    )


# Keeping private notes --------------------------------------------------------------------


def test_a_note_is_kept_the_set_months_after_the_period_ends():
    assert note_erase_after(dt.date(2027, 1, 31), 12) == dt.date(2028, 1, 31)
    assert note_erase_after(dt.date(2027, 3, 15), 6) == dt.date(2027, 9, 15)


def test_a_month_end_that_the_later_month_lacks_is_its_last_day():
    assert note_erase_after(dt.date(2027, 8, 31), 6) == dt.date(2028, 2, 29)
    assert note_erase_after(dt.date(2027, 1, 31), 1) == dt.date(2027, 2, 28)


def test_until_further_notice_the_note_is_kept():
    assert note_erase_after(None, 12) is None


def test_a_note_is_kept_at_least_a_month():
    with pytest.raises(ValueError, match="at least a month"):
        note_erase_after(dt.date(2027, 1, 31), 0)
