"""What the easy-read page of a meeting says, from a published agenda snapshot alone.

Pure: no Flask and no database. For each item, in agenda order: its number and title,
what governors are asked to do in plain words (from its purpose), and a short summary
(what its cover sheet says governors are asked to do, else its description).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from governors.agendas.rules import Part, Purpose
from governors.glossary.rules import Entry, terms_in

# What governors are asked to do, by the item's purpose: a short label and a sentence.
ASKS: dict[str, tuple[str, str]] = {
    Purpose.NOTE: (
        "Read and note",
        "You are told about something. You do not need to talk about it or decide.",
    ),
    Purpose.DISCUSS: ("Talk about it", "Governors share their views and can ask questions."),
    Purpose.DECIDE: (
        "Make a decision",
        "Governors decide what to do, for example to agree a plan.",
    ),
    Purpose.STANDING: ("A regular item", "Every meeting has this item."),
}
NO_SUMMARY = "There is no summary of this item yet."


class SummaryFrom:
    COVER_SHEET = "cover_sheet"
    DESCRIPTION = "description"
    NONE = "none"


@dataclass(frozen=True)
class EasyItem:
    number: str
    title: str
    asks: str
    asks_more: str
    summary: str
    # Where the summary came from: the cover sheet, the description, or none yet.
    summary_from: str
    private: bool

    @property
    def has_summary(self) -> bool:
        return self.summary_from != SummaryFrom.NONE

    @property
    def texts(self) -> list[str]:
        """The words the page shows that the glossary may explain."""
        return [self.title, self.summary] if self.has_summary else [self.title]


def asks_for(purpose: str | None) -> tuple[str, str]:
    """ "Read and note", "Talk about it", "Make a decision", or a regular item."""
    try:
        return ASKS[Purpose(purpose)]
    except ValueError:
        return ASKS[Purpose.NOTE]


def summary_of(entry: Mapping[str, Any]) -> tuple[str, str]:
    """The item's summary and where it came from: what its cover sheet says governors are
    asked to do, else its description, else none yet (said plainly, except for a standing
    item, which needs no summary)."""
    sheet = entry.get("cover_sheet") or {}
    asks = (sheet.get("asks") or "").strip()
    if asks:
        return asks, SummaryFrom.COVER_SHEET
    description = (entry.get("description") or "").strip()
    if description:
        return description, SummaryFrom.DESCRIPTION
    # Every meeting has its standing items: nothing more needs saying about them.
    if entry.get("standing") or entry.get("purpose") == Purpose.STANDING:
        return "", SummaryFrom.NONE
    return NO_SUMMARY, SummaryFrom.NONE


def easy_item(entry: Mapping[str, Any]) -> EasyItem:
    asks, asks_more = asks_for(entry.get("purpose"))
    summary, summary_from = summary_of(entry)
    return EasyItem(
        number=str(entry.get("number") or ""),
        title=entry.get("title") or "",
        asks=asks,
        asks_more=asks_more,
        summary=summary,
        summary_from=summary_from,
        private=entry.get("part") == Part.PRIVATE,
    )


def easy_items(entries: Iterable[Mapping[str, Any]]) -> list[EasyItem]:
    """The entries as the easy-read page shows them, in the order given (agenda order)."""
    return [easy_item(entry) for entry in entries]


def words_used(items: Iterable[EasyItem], glossary: Iterable[Entry]) -> list[Entry]:
    """The glossary terms the page's words use, A to Z."""
    return terms_in((text for item in items for text in item.texts), glossary)
