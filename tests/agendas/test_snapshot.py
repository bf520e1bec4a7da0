"""What a published version keeps, read back, and what changed between two of them."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from governors.agendas import snapshot
from governors.agendas.snapshot import CouncilNames, MeetingHeader

HEADER = MeetingHeader(
    kind="ordinary",
    title="Council of Governors meeting",
    starts_at=datetime(2027, 7, 15, 13, 0, tzinfo=UTC),
    ends_at=datetime(2027, 7, 15, 15, 30, tzinfo=UTC),
    place="Boardroom, Trust Headquarters",
    video_link="https://meet.example.org/council",
    open_to_public=True,
    cancelled=False,
)
COUNCIL = CouncilNames(council_name="Northshire Council of Governors", trust_name="Northshire FT")


def entry(item_id: int, part: str = "public", papers: tuple[int, ...] = ()) -> dict:
    return {
        "item_id": item_id,
        "number": str(item_id),
        "part": part,
        "title": f"Item {item_id}",
        "papers": [{"id": paper, "filename": f"paper-{paper}.pdf"} for paper in papers],
    }


def test_a_frozen_snapshot_reads_back_the_same_after_a_json_round_trip() -> None:
    items = [entry(1, papers=(7,)), entry(2, part="private", papers=(8,))]
    stored = json.loads(json.dumps(snapshot.freeze(HEADER, COUNCIL, items)))

    read = snapshot.read(stored)

    assert stored["schema"] == snapshot.SCHEMA
    assert read.meeting == HEADER
    assert read.meeting.day.isoformat() == "2027-07-15"
    assert read.meeting.local_start.hour == 14  # British Summer Time
    assert read.council == COUNCIL
    assert [e["item_id"] for e in read.public_items] == [1]
    assert [e["item_id"] for e in read.private_items] == [2]
    assert read.has_private_part
    assert read.to_json() == stored


def test_only_public_items_papers_are_public() -> None:
    items = [entry(1, papers=(7, 9)), entry(2, part="private", papers=(8,))]
    stored = snapshot.freeze(HEADER, COUNCIL, items)

    assert snapshot.public_paper_ids(stored) == {7, 9}
    assert snapshot.read(stored).paper_ids(public_only=False) == {7, 8, 9}


@pytest.mark.parametrize("stored", [[entry(1)], {"schema": 1, "items": []}, {"schema": 3}, None])
def test_a_snapshot_of_another_schema_is_refused(stored) -> None:
    with pytest.raises(snapshot.UnknownSnapshot):
        snapshot.read(stored)


def test_a_naive_moment_is_never_stored() -> None:
    naive = replace(HEADER, starts_at=datetime(2027, 7, 15, 13, 0))
    with pytest.raises(ValueError, match="timezone-aware"):
        naive.to_json()


def test_a_moved_meeting_is_described_in_words() -> None:
    moved = replace(
        HEADER,
        starts_at=datetime(2027, 7, 22, 9, 0, tzinfo=UTC),
        ends_at=datetime(2027, 7, 22, 11, 30, tzinfo=UTC),
        place=None,
        video_link="https://meet.example.org/other",
    )

    assert snapshot.meeting_changes(HEADER, moved, full=True) == [
        "Date changed from Thursday 15 July 2027 to Thursday 22 July 2027",
        "Start time changed from 14:00 to 10:00",
        "End time changed from 16:30 to 12:30",
        "Place removed (was Boardroom, Trust Headquarters)",
        "Video link changed",
    ]
    # The public never hears of the video link.
    assert "Video link changed" not in snapshot.meeting_changes(HEADER, moved, full=False)
    assert snapshot.meeting_changes(HEADER, HEADER, full=True) == []


def test_a_renamed_council_and_a_cancellation_are_described_between_versions() -> None:
    old = snapshot.read(snapshot.freeze(HEADER, COUNCIL, [entry(1)]))
    new = snapshot.read(
        snapshot.freeze(
            replace(HEADER, cancelled=True),
            replace(COUNCIL, council_name="Westshire Council of Governors"),
            [entry(1)],
        )
    )

    assert snapshot.changes_between(old, new, full=False) == [
        "The meeting has been cancelled",
        "Council name changed from Northshire Council of Governors to "
        "Westshire Council of Governors",
    ]
