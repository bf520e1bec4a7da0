"""The pure rules behind the secretary's prompts: moving to a number, what to check before
publishing, what a new version changed, and where an agenda stands. No Flask, no database."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from governors.agendas import rules
from governors.agendas.rules import AgendaState
from governors.agendas.snapshot import CouncilNames, MeetingHeader, freeze


def entry(item_id: int, number: str, title: str, part: str = "public", **extra) -> dict:
    return {
        "item_id": item_id,
        "number": number,
        "part": part,
        "title": title,
        "purpose": "note",
        "presenter": None,
        "minutes_allowed": 10,
        "starts_at": "14:00",
        "description": None,
        "standing": False,
        "request_id": None,
        "requested_by": None,
        "papers": [],
    } | extra


# Moving to a number ---------------------------------------------------------------------


def test_moving_item_13_to_5_takes_one_step():
    order = list(range(1, 15))  # 14 items, the last is any other business
    moved = rules.move_to(order, 13, 5, pinned_last=14)
    assert moved[:6] == [1, 2, 3, 4, 13, 5]
    assert moved[-1] == 14
    assert sorted(moved) == order


def test_moving_down_and_to_the_same_place():
    assert rules.move_to([1, 2, 3, 4], 1, 3) == [2, 3, 1, 4]
    assert rules.move_to([1, 2, 3, 4], 2, 2) == [1, 2, 3, 4]
    assert rules.move_to([1, 2, 3, 4], 3, 4) == [1, 2, 4, 3]


@pytest.mark.parametrize("position", [0, -1, 4])
def test_nothing_goes_below_the_closing_item_or_outside_the_part(position):
    with pytest.raises(ValueError, match="from 1 to 3"):
        rules.move_to([1, 2, 3, 4], 2, position, pinned_last=4)


def test_the_closing_item_and_strangers_do_not_move():
    with pytest.raises(ValueError):
        rules.move_to([1, 2, 3], 3, 1, pinned_last=3)
    with pytest.raises(ValueError):
        rules.move_to([1, 2, 3], 9, 1)


def test_allowed_positions():
    assert rules.allowed_positions(14, pinned=True) == 13
    assert rules.allowed_positions(3, pinned=False) == 3
    assert rules.allowed_positions(0, pinned=False) == 1


# Before publishing ----------------------------------------------------------------------


def test_untimed_items_are_named():
    entries = [entry(1, "1", "Welcome"), entry(2, "2", "Parking", minutes_allowed=None)]
    assert [e["title"] for e in rules.untimed(entries)] == ["Parking"]


def test_a_governors_words_in_public_need_a_check_until_published_as_they_are():
    words = entry(2, "2", "Parking", request_id=7, description="Carers cannot park.")
    papers = entry(3, "3", "Food", request_id=8, papers=[{"id": 4, "filename": "food.pdf"}])
    bare = entry(4, "4", "Title only", request_id=9)
    private = entry(5, "P1", "Ward 7", part="private", request_id=10, description="Names staff")
    secretary = entry(6, "5", "Finance", description="Written by the trust")
    entries = [words, papers, bare, private, secretary]

    assert [e["item_id"] for e in rules.needs_check(entries)] == [2, 3]
    # Published as it is now: checked already.
    assert [e["item_id"] for e in rules.needs_check(entries, [words, papers])] == []
    # The words changed since: check again.
    changed = words | {"description": "Carers cannot park near the wards."}
    assert [e["item_id"] for e in rules.needs_check([changed], [words])] == [2]
    # Published in private before, public now: check.
    assert rules.needs_check([words], [words | {"part": "private"}]) == [words]


def test_publish_warnings_are_false_when_there_is_nothing_to_check():
    assert not rules.publish_warnings([entry(1, "1", "Welcome")])
    warnings = rules.publish_warnings([entry(1, "1", "Welcome", minutes_allowed=None)])
    assert warnings and [e["title"] for e in warnings.untimed] == ["Welcome"]


def test_becoming_public_lists_the_public_part_only_with_flags():
    entries = [
        entry(1, "1", "Welcome"),
        entry(2, "2", "Parking", request_id=7, description="Carers cannot park."),
        entry(3, "P1", "Pay", part="private"),
    ]
    found = rules.becoming_public(entries)
    assert [(f.entry["title"], f.check) for f in found] == [
        ("Welcome", False),
        ("Parking", True),
    ]


# What a new version changed -------------------------------------------------------------


def header(**changes) -> MeetingHeader:
    values = {
        "kind": "ordinary",
        "title": "Council of Governors meeting",
        "starts_at": datetime(2027, 1, 21, 14, tzinfo=UTC),
        "ends_at": datetime(2027, 1, 21, 16, 30, tzinfo=UTC),
        "place": "Boardroom",
        "video_link": "https://example.org/secret-room",
        "open_to_public": True,
        "cancelled": False,
    } | changes
    return MeetingHeader(**values)


NAMES = CouncilNames(council_name="Council of Governors", trust_name="Northshire NHS FT")


def test_version_changes_name_items_and_the_meeting():
    old = freeze(
        header(),
        NAMES,
        [
            entry(1, "1", "Welcome"),
            entry(2, "2", "Quality report", presenter="Director of Nursing"),
            entry(3, "3", "Estates"),
            entry(4, "4", "Finance"),
            entry(9, "P1", "Chief executive's pay", part="private"),
        ],
    )
    new = freeze(
        header(starts_at=datetime(2027, 1, 28, 14, tzinfo=UTC), place="Lecture theatre"),
        NAMES,
        [
            entry(1, "1", "Welcome"),
            entry(4, "2", "Finance and performance", minutes_allowed=20),
            entry(2, "3", "Quality report", presenter="Medical Director"),
            entry(5, "4", "Governor elections"),
            entry(9, "P1", "Chief executive's pay and benefits", part="private"),
        ],
    )
    lines = rules.version_changes(old, new, full=True)
    text = "\n".join(lines)
    assert "Date changed from Thursday 21 January 2027 to Thursday 28 January 2027" in text
    assert "Place changed from Boardroom to Lecture theatre" in text
    assert "Added item 4, “Governor elections”" in text
    assert "Removed “Estates”" in text
    assert "Title changed from “Finance” to “Finance and performance”" in text
    assert "Time allowed changed from 10 to 20 minutes" in text
    assert "Presenter changed from Director of Nursing to Medical Director" in text
    assert "Moved from item 4 to item 2" in text
    assert "Chief executive's pay and benefits" in text

    public = "\n".join(rules.version_changes(old, new, full=False))
    assert "Chief executive" not in public
    assert "P1" not in public
    assert "Video link" not in public


def test_no_change_no_lines():
    snapshot = freeze(header(), NAMES, [entry(1, "1", "Welcome")])
    assert rules.version_changes(snapshot, snapshot, full=True) == []


# Where an agenda stands -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "business", "published", "changed", "state"),
    [
        (date(2026, 12, 1), 0, False, False, AgendaState.PREPARE),
        (date(2026, 12, 1), 3, False, False, AgendaState.PREPARE),
        # Papers are due on 14 January; from 7 January it needs publishing.
        (date(2027, 1, 7), 3, False, False, AgendaState.PUBLISH),
        (date(2027, 1, 7), 0, False, False, AgendaState.PREPARE),
        (date(2026, 12, 1), 3, True, False, AgendaState.READY),
        (date(2026, 12, 1), 3, True, True, AgendaState.PUBLISH),
    ],
)
def test_agenda_state(today, business, published, changed, state):
    meeting_day = date(2027, 1, 21)
    assert rules.papers_due(meeting_day) == date(2027, 1, 14)
    found = rules.agenda_state(
        meeting_day=meeting_day,
        today=today,
        business_items=business,
        published=published,
        changed=changed,
    )
    assert found == state


def test_without_actions_leaves_out_the_action_log_only():
    snapshot = freeze(header(), NAMES, [entry(1, "4", "Action log", actions=[{"id": 1}])])
    assert "actions" not in rules.without_actions(snapshot)["items"][0]
    assert rules.without_actions(snapshot)["meeting"] == snapshot["meeting"]
