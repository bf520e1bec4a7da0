"""The pure request rules: overdue, receipt wording, deadlines, default meeting, digest."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

import pytest

from governors.requests import rules
from governors.requests.clear_days import ClearDaysRule
from governors.requests.models import RECEIPT_FIELDS
from governors.timeutil import LONDON


@pytest.mark.parametrize(
    ("status", "today", "overdue"),
    [
        ("submitted", date(2027, 1, 17), False),  # the due date itself is still in time
        ("submitted", date(2027, 1, 18), True),
        ("deferred", date(2027, 2, 1), False),  # a deferral is an answer
        ("accepted", date(2027, 2, 1), False),
        ("declined", date(2027, 2, 1), False),
        ("withdrawn", date(2027, 2, 1), False),
    ],
)
def test_an_answer_is_overdue_only_after_its_due_date(status, today, overdue):
    assert rules.is_overdue(status, date(2027, 1, 17), today) is overdue


def _sentence(**changes) -> str:
    values = {
        "received_at": datetime(2027, 1, 3, 14, 2, tzinfo=UTC),
        "counted_day": date(2027, 1, 3),
        "meeting_day": date(2027, 1, 21),
        "clear_days": 17,
        "in_time": True,
        "rule_days": 10,
        "counting": "calendar",
    } | changes
    return rules.receipt_sentence(**values)


def test_receipt_in_time_worked_example():
    # Clear days are 4 to 20 January: neither the day of receipt nor the meeting counts.
    assert _sentence() == (
        "We received your request on Sunday 3 January 2027 at 14:02. That is 17 clear days "
        "before the meeting on Thursday 21 January 2027, so it is in time."
    )


def test_receipt_late_says_the_chair_decides():
    assert _sentence(
        received_at=datetime(2027, 1, 16, 9, 15, tzinfo=UTC),
        counted_day=date(2027, 1, 16),
        clear_days=4,
        in_time=False,
    ) == (
        "We received your request on Saturday 16 January 2027 at 09:15. That is 4 clear days "
        "before the meeting on Thursday 21 January 2027. The rule asks for 10 clear days, so "
        "the chair will decide whether to include it."
    )


def test_receipt_with_working_days_and_one_day():
    text = _sentence(clear_days=1, in_time=False, counting="working", rule_days=10)
    assert "That is 1 clear working day before the meeting" in text
    assert "The rule asks for 10 clear working days" in text


def test_receipt_the_day_before_the_meeting_leaves_no_clear_days():
    text = _sentence(
        received_at=datetime(2027, 1, 20, 10, 0, tzinfo=UTC),
        counted_day=date(2027, 1, 20),
        clear_days=0,
        in_time=False,
    )
    assert "That leaves no clear days before the meeting on Thursday 21 January 2027." in text


def test_receipt_after_the_cut_off_counts_from_the_next_day():
    text = _sentence(
        received_at=datetime(2027, 1, 10, 17, 30, tzinfo=UTC),
        counted_day=date(2027, 1, 11),
        clear_days=9,
        in_time=False,
        cutoff=time(17, 0),
    )
    assert text.startswith(
        "We received your request on Sunday 10 January 2027 at 17:30. Requests received at "
        "or after 17:00 count as received the next day, so it counts as received on Monday "
        "11 January 2027. That is 9 clear days"
    )


def test_receipt_is_told_in_london_time_in_summer():
    # 23:30 UTC on 30 June is already 00:30 on 1 July in London (BST).
    text = _sentence(
        received_at=datetime(2027, 6, 30, 23, 30, tzinfo=UTC),
        counted_day=date(2027, 7, 1),
        meeting_day=date(2027, 7, 15),
        clear_days=13,
    )
    assert text.startswith("We received your request on Thursday 1 July 2027 at 00:30.")
    assert "counts as received" not in text


def test_receipt_for_the_chair_names_this_request():
    assert _sentence(subject="this request").startswith("We received this request on")


def test_a_receipt_records_the_rule_and_its_verdict():
    rule = ClearDaysRule()
    receipt = rules.receipt(datetime(2027, 1, 2, 10, 0, tzinfo=UTC), date(2027, 1, 21), rule, 14)
    assert receipt.counted_day == date(2027, 1, 2)
    assert receipt.deadline == date(2027, 1, 10)
    assert receipt.clear_days == 18
    assert receipt.in_time is True
    assert receipt.response_due == date(2027, 1, 16)
    columns = receipt.columns()
    # Everything fixed at receipt except the proposer, and the day an answer is due.
    assert set(columns) == (set(RECEIPT_FIELDS) - {"proposer_id"}) | {"response_due"}
    assert (columns["rule_days"], columns["rule_counting"], columns["rule_nation"]) == (
        10,
        "calendar",
        "england",
    )


def test_a_receipt_after_the_cut_off_counts_from_the_next_day():
    rule = ClearDaysRule(cutoff=time(17, 0))
    # 17:30 in London on the deadline day itself: it counts as received on the 11th.
    receipt = rules.receipt(datetime(2027, 1, 10, 17, 30, tzinfo=UTC), date(2027, 1, 21), rule, 7)
    assert receipt.counted_day == date(2027, 1, 11)
    assert receipt.clear_days == 9
    assert receipt.in_time is False
    assert receipt.response_due == date(2027, 1, 17)
    assert receipt.columns()["rule_cutoff"] == time(17, 0)


def test_each_status_has_its_label_and_tag_colour():
    assert [(status.label, status.colour) for status in rules.RequestStatus] == [
        ("Waiting for a decision", "blue"),
        ("Chair asked for more", "orange"),
        ("Accepted", "green"),
        ("Declined", "red"),
        ("Moved to a later meeting", "yellow"),
        ("Withdrawn", "grey"),
    ]
    assert {"submitted", "more_info", "deferred"} == rules.AWAITING
    # Asking the governor for more keeps the answer's clock running.
    assert rules.is_overdue("more_info", date(2027, 1, 10), date(2027, 1, 11))
    assert not rules.is_overdue("deferred", date(2027, 1, 10), date(2027, 1, 11))


@dataclass
class Option:
    deadline: date


def test_the_meeting_offered_is_the_next_and_the_open_one_is_named_when_it_is_late():
    options = [Option(date(2027, 1, 10)), Option(date(2027, 3, 7)), Option(date(2027, 5, 9))]
    assert rules.default_choice(options, date(2027, 1, 10)) == 0
    assert rules.open_alternative(options, date(2027, 1, 10)) is None
    # Past the first deadline: still the next meeting, with the next one in time named.
    assert rules.default_choice(options, date(2027, 1, 11)) == 0
    assert rules.open_alternative(options, date(2027, 1, 11)) == 1
    assert rules.open_alternative(options, date(2027, 6, 1)) is None
    assert rules.default_choice([], date(2027, 1, 1)) is None
    assert rules.open_alternative([], date(2027, 1, 1)) is None


def test_what_changed_is_said_in_plain_words():
    before = {"title": "Parking", "papers": [(1, False)], "meeting_id": 3}
    after = {"title": "Parking for carers", "papers": [(1, True)], "meeting_id": 3}
    names = rules.changed_fields(before, after)
    assert names == ["title", "papers"]
    assert rules.changes_sentence(names) == "Changed the title and the papers."
    assert rules.changes_sentence(["meeting_id"]) == "Changed the meeting."
    assert rules.changes_sentence(["title", "session", "papers"]) == (
        "Changed the title, the part of the meeting and the papers."
    )


def test_the_presenter_named_on_the_agenda_follows_the_governors_choice():
    assert rules.presenter_name("self", "Sam Okafor", None, None) == "Sam Okafor"
    assert rules.presenter_name("chair", "Sam Okafor", None, "Ann Lee") == "Ann Lee"
    assert rules.presenter_name("other", "Sam Okafor", "Dr Asha Patel", None) == "Dr Asha Patel"
    assert rules.presenter_name("support", "Sam Okafor", None, None) == "Sam Okafor, with support"


def test_the_next_request_comes_round_to_the_start():
    assert rules.next_after([4, 7, 9], 7) == 9
    assert rules.next_after([4, 7, 9], 9) == 4
    assert rules.next_after([7], 7) is None
    assert rules.next_after([4, 9], 7) == 4


def test_time_used_and_left():
    budget = rules.time_budget(150, [20, None, 45])
    assert (budget.used, budget.left, budget.untimed) == (65, 85, 1)
    assert rules.time_budget(30, [20, 20]).left == -10


@dataclass
class Req:
    id: int
    status: str
    in_time: bool
    response_due: date


def test_digest_lists_overdue_then_late_undecided_once_each():
    today = date(2027, 1, 20)
    overdue_late = Req(1, "submitted", False, date(2027, 1, 5))
    overdue = Req(2, "submitted", True, date(2027, 1, 19))
    late = Req(3, "submitted", False, date(2027, 1, 25))
    fresh = Req(4, "submitted", True, date(2027, 1, 30))
    decided_late = Req(5, "accepted", False, date(2027, 1, 1))
    deferred = Req(6, "deferred", True, date(2027, 1, 1))
    digest = rules.digest_selection(
        [fresh, late, overdue, decided_late, overdue_late, deferred], today
    )
    assert digest.overdue == [overdue_late, overdue]
    assert digest.late == [late]
    assert digest


def test_digest_is_empty_when_nothing_needs_an_answer():
    digest = rules.digest_selection(
        [Req(1, "submitted", True, date(2027, 2, 1))], date(2027, 1, 20)
    )
    assert not digest
    assert (digest.overdue, digest.late) == ([], [])


def test_receipt_of_a_summer_request_uses_bst():
    moment = datetime(2027, 6, 30, 23, 30, tzinfo=LONDON)
    assert _sentence(received_at=moment, counted_day=date(2027, 6, 30)).startswith(
        "We received your request on Wednesday 30 June 2027 at 23:30."
    )
