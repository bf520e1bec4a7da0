"""The pure agenda rules: numbering, timings, moves, snapshots and what changed."""

from __future__ import annotations

from datetime import datetime

import pytest

from governors.agendas import rules
from governors.timeutil import LONDON

START = datetime(2027, 1, 21, 14, 0, tzinfo=LONDON)


def entry(item_id: int, part: str = "public", **changes) -> dict:
    item = {
        "id": item_id,
        "part": part,
        "title": f"Item {item_id}",
        "purpose": "note",
        "presenter": "Chief Executive",
        "minutes_allowed": 10,
        "description": None,
        "standing": False,
        "request_id": None,
        "papers": [],
    }
    return item | changes


def snapshot(*items: dict) -> list[dict]:
    return rules.build_snapshot(START, items)


# Numbering and timings -----------------------------------------------------------------


def test_public_items_are_numbered_1_2_3_and_private_items_p1_p2() -> None:
    assert [rules.item_number("public", i) for i in (1, 2, 3)] == ["1", "2", "3"]
    assert [rules.item_number("private", i) for i in (1, 2)] == ["P1", "P2"]


@pytest.mark.parametrize(("part", "index"), [("secret", 1), ("public", 0)])
def test_numbering_refuses_nonsense(part: str, index: int) -> None:
    with pytest.raises(ValueError):
        rules.item_number(part, index)


def test_each_item_starts_when_the_ones_before_it_have_had_their_time() -> None:
    times = rules.start_times(START, [5, 10, 45, 15])
    assert [f"{t:%H:%M}" for t in times] == ["14:00", "14:05", "14:15", "15:00"]
    assert f"{rules.end_time(START, [5, 10, 45, 15]):%H:%M}" == "15:15"


def test_an_item_with_no_time_set_takes_none() -> None:
    times = rules.start_times(START, [30, None, 20])
    assert [f"{t:%H:%M}" for t in times] == ["14:00", "14:30", "14:30"]


def test_timings_run_past_midnight_and_keep_the_time_zone() -> None:
    late = datetime(2027, 3, 27, 23, 30, tzinfo=LONDON)
    times = rules.start_times(late, [45, 10])
    assert times[1] == datetime(2027, 3, 28, 0, 15, tzinfo=LONDON)


def test_no_items_means_no_times() -> None:
    assert rules.start_times(START, []) == []
    assert rules.end_time(START, []) == START


# Any other business stays last ---------------------------------------------------------


def test_any_other_business_is_recognised_only_as_a_standing_item() -> None:
    assert rules.is_closing("Any other business", standing=True)
    assert rules.is_closing("any other business (notified in advance)", standing=True)
    assert not rules.is_closing("Any other business", standing=False)
    assert not rules.is_closing("Declarations of interest", standing=True)


def test_new_items_go_before_a_closing_item_and_otherwise_at_the_end() -> None:
    assert rules.insertion_index([False, False, True]) == 2
    assert rules.insertion_index([False, False]) == 2
    assert rules.insertion_index([]) == 0


# Moving --------------------------------------------------------------------------------


def test_moving_up_and_down_swaps_neighbours() -> None:
    assert rules.move([1, 2, 3], 2, -1) == [2, 1, 3]
    assert rules.move([1, 2, 3], 2, 1) == [1, 3, 2]


def test_the_first_item_cannot_move_up_nor_the_last_down() -> None:
    assert rules.move([1, 2, 3], 1, -1) == [1, 2, 3]
    assert rules.move([1, 2, 3], 3, 1) == [1, 2, 3]
    assert not rules.can_move([1, 2, 3], 1, -1)
    assert not rules.can_move([1, 2, 3], 3, 1)
    assert rules.can_move([1, 2, 3], 1, 1)


def test_nothing_passes_the_pinned_closing_item_and_it_does_not_move() -> None:
    assert rules.move([1, 2, 9], 2, 1, pinned_last=9) == [1, 2, 9]
    assert rules.move([1, 2, 9], 9, -1, pinned_last=9) == [1, 2, 9]
    assert rules.move([1, 2, 9], 1, 1, pinned_last=9) == [2, 1, 9]


def test_a_move_needs_a_direction() -> None:
    with pytest.raises(ValueError):
        rules.move([1, 2], 1, 2)


# Snapshots -----------------------------------------------------------------------------


def test_a_snapshot_numbers_and_times_public_items_then_private_items() -> None:
    result = snapshot(
        entry(1, minutes_allowed=5),
        entry(7, part="private", minutes_allowed=30),
        entry(
            2,
            minutes_allowed=20,
            papers=[{"id": 9, "filename": "b.pdf"}, {"id": 3, "filename": "a.pdf"}],
        ),
        entry(8, part="private", minutes_allowed=15),
    )
    assert [(e["number"], e["item_id"], e["starts_at"]) for e in result] == [
        ("1", 1, "14:00"),
        ("2", 2, "14:05"),
        ("P1", 7, "14:25"),
        ("P2", 8, "14:55"),
    ]
    assert result[1]["papers"] == [{"id": 3, "filename": "a.pdf"}, {"id": 9, "filename": "b.pdf"}]


def test_public_only_leaves_out_every_private_entry() -> None:
    result = snapshot(entry(1), entry(2, part="private", title="Chief executive's pay"))
    public = rules.public_only(result)
    assert [e["item_id"] for e in public] == [1]
    assert "Chief executive's pay" not in repr(public)


def test_unpublished_changes_are_any_difference_from_the_last_snapshot() -> None:
    published = snapshot(entry(1), entry(2))
    assert not rules.has_unpublished_changes(snapshot(entry(1), entry(2)), published)
    assert rules.has_unpublished_changes(snapshot(entry(1), entry(2, title="New")), published)
    assert rules.has_unpublished_changes(snapshot(entry(2), entry(1)), published)
    assert rules.has_unpublished_changes(snapshot(entry(1)), published)
    assert rules.has_unpublished_changes(
        snapshot(entry(1), entry(2, minutes_allowed=11)), published
    )


# What changed between versions -----------------------------------------------------------


def test_nothing_changed_gives_an_empty_diff() -> None:
    same = snapshot(entry(1), entry(2))
    changes = rules.diff_snapshots(same, snapshot(entry(1), entry(2)))
    assert not changes
    assert changes.added == changes.removed == changes.changed == []


def test_added_and_removed_items_are_listed() -> None:
    old = snapshot(entry(1), entry(2), entry(3))
    new = snapshot(entry(1), entry(3), entry(4, title="Finance report"))
    changes = rules.diff_snapshots(old, new)
    assert [e["title"] for e in changes.added] == ["Finance report"]
    assert [e["title"] for e in changes.removed] == ["Item 2"]
    # Item 3 became item 2 only because item 2 went: that is not a change to tell anyone.
    assert changes.changed == []


def test_changed_details_are_described_in_plain_words() -> None:
    old = snapshot(entry(1, presenter=None, papers=[{"id": 5, "filename": "old.pdf"}]))
    new = snapshot(
        entry(
            1,
            title="Quality and safety report",
            purpose="decide",
            presenter="Director of Nursing",
            minutes_allowed=25,
            description="Winter pressures",
            papers=[{"id": 6, "filename": "new.pdf"}],
        )
    )
    [change] = rules.diff_snapshots(old, new).changed
    assert change.entry["title"] == "Quality and safety report"
    assert change.changes == [
        "Title changed from “Item 1” to “Quality and safety report”",
        "Purpose changed from “For information” to “To decide”",
        "Presenter added: Director of Nursing",
        "Time allowed changed from 10 to 25 minutes",
        "Description changed",
        "Paper added: new.pdf",
        "Paper removed: old.pdf",
    ]


def test_swapping_two_neighbours_reports_one_move() -> None:
    old = snapshot(entry(1), entry(2), entry(3), entry(4))
    new = snapshot(entry(1), entry(3), entry(2), entry(4))
    changed = rules.diff_snapshots(old, new).changed
    assert len(changed) == 1
    assert changed[0].changes[0] in ("Moved from item 3 to item 2", "Moved from item 2 to item 3")


def test_moving_an_item_to_the_private_part_is_one_change_and_moves_nothing_else() -> None:
    old = snapshot(entry(1), entry(2), entry(3), entry(9, part="private"))
    new = snapshot(entry(1), entry(2), entry(9, part="private"), entry(3, part="private"))
    changed = rules.diff_snapshots(old, new).changed
    assert [(c.entry["item_id"], c.changes) for c in changed] == [
        (3, ["Moved to the private part"])
    ]


def test_an_item_moved_a_long_way_is_the_one_reported() -> None:
    old = snapshot(*(entry(i) for i in range(1, 7)))
    new = snapshot(*(entry(i) for i in (2, 3, 4, 5, 6, 1)))
    changed = rules.diff_snapshots(old, new).changed
    assert [(c.entry["item_id"], c.changes) for c in changed] == [
        (1, ["Moved from item 1 to item 6"])
    ]


def test_the_two_parts_carry_their_labels_public_first():
    assert [(part.value, part.label) for part in rules.Part] == [
        ("public", "Public part"),
        ("private", "Private part"),
    ]
    assert rules.Part("private") is rules.Part.PRIVATE


def test_purposes_carry_their_labels_and_hints_and_standing_is_never_chosen():
    assert rules.Purpose.askable() == (
        rules.Purpose.NOTE,
        rules.Purpose.DISCUSS,
        rules.Purpose.DECIDE,
    )
    assert rules.Purpose.labels() == {
        "note": "For information",
        "discuss": "To discuss",
        "decide": "To decide",
        "standing": "Standing item",
    }
    assert rules.Purpose.hints()["decide"].startswith("The Council makes a decision")
    assert all(purpose.hint for purpose in rules.Purpose)
