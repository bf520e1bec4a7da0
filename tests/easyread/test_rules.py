"""What the easy-read page says about each item: pure, no Flask."""

from __future__ import annotations

from governors.easyread.rules import NO_SUMMARY, SummaryFrom, easy_items, words_used
from governors.glossary.rules import Entry


def test_each_item_says_what_governors_are_asked_to_do_in_plain_words():
    items = easy_items(
        [
            {"number": "1", "title": "A", "purpose": "note", "part": "public"},
            {"number": "2", "title": "B", "purpose": "discuss", "part": "public"},
            {"number": "3", "title": "C", "purpose": "decide", "part": "public"},
            {"number": "4", "title": "D", "purpose": "standing", "part": "public"},
        ]
    )
    assert [(item.number, item.asks) for item in items] == [
        ("1", "Read and note"),
        ("2", "Talk about it"),
        ("3", "Make a decision"),
        ("4", "A regular item"),
    ]


def test_the_summary_is_the_cover_sheet_then_the_description_then_none_yet():
    with_sheet, described, bare = easy_items(
        [
            {"title": "A", "purpose": "note", "description": "Long text.",
             "cover_sheet": {"asks": "Note the waits.", "questions": None}},
            {"title": "B", "purpose": "note", "description": "Long text."},
            {"title": "C", "purpose": "note", "description": None, "cover_sheet": {"asks": " "}},
        ]
    )  # fmt: skip
    assert (with_sheet.summary, with_sheet.summary_from) == (
        "Note the waits.",
        SummaryFrom.COVER_SHEET,
    )
    assert (described.summary, described.summary_from) == ("Long text.", SummaryFrom.DESCRIPTION)
    assert (bare.summary, bare.has_summary) == (NO_SUMMARY, False)


def test_a_standing_item_needs_no_summary():
    [standing] = easy_items([{"title": "Apologies", "purpose": "standing", "standing": True}])
    assert (standing.asks, standing.summary, standing.has_summary) == ("A regular item", "", False)


def test_the_words_used_are_those_of_titles_and_summaries_shown():
    glossary = [Entry("NED", "A board member."), Entry("Quorum", "Enough to decide.")]
    items = easy_items(
        [{"title": "NED report", "purpose": "note", "description": None,
          "cover_sheet": {"asks": "Check the quorum."}}]
    )  # fmt: skip
    assert [entry.term for entry in words_used(items, glossary)] == ["NED", "Quorum"]
