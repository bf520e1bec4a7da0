"""What a published agenda version holds: one JSON object, read back as plain values.

A version keeps everything its pages and PDFs show, as it was when it was published: the
meeting (its title, date, start and end, place, video link, whether it is open to the
public, whether it was cancelled), the council's and the trust's names, and the numbered,
timed items of both parts with their papers, each item's cover sheet and linked risks
(band as it was), and the glossary's meanings of the terms its words use. Moving the
meeting, rescoring a risk or renaming the council afterwards changes none of it; the next
version picks the change up.

Pure: no Flask and no database, so it is tested on its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from governors.agendas.rules import Part, public_only
from governors.glossary.rules import Entry, terms_in
from governors.timeutil import format_date, format_time, to_local

# 1 was a bare list of items (the meeting and council were read live); 2 is this object;
# 3 adds the glossary (and items may carry a cover sheet and risks). 2 is still read.
SCHEMA = 3
READABLE = frozenset({2, SCHEMA})

# What the comparison of an agenda as it stands with a published version leaves out: the
# schema number, and the glossary, which follows from the words and changes only when the
# secretary edits the glossary (not a change to the agenda).
_NOT_COMPARED = ("schema", "glossary")


class UnknownSnapshot(ValueError):
    """A stored snapshot this code cannot read (a newer schema, or damaged)."""


@dataclass(frozen=True)
class MeetingHeader:
    """The meeting as the version shows it."""

    kind: str
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str | None
    video_link: str | None
    open_to_public: bool
    cancelled: bool

    @property
    def kind_label(self) -> str:
        return self.title

    @property
    def local_start(self) -> datetime:
        return to_local(self.starts_at)

    @property
    def day(self) -> date:
        """The local (Europe/London) date of the meeting."""
        return self.local_start.date()

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "starts_at": _moment(self.starts_at),
            "ends_at": _moment(self.ends_at),
            "place": self.place,
            "video_link": self.video_link,
            "open_to_public": self.open_to_public,
            "cancelled": self.cancelled,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> MeetingHeader:
        return cls(
            kind=data["kind"],
            title=data["title"],
            starts_at=_parse_moment(data["starts_at"]),
            ends_at=_parse_moment(data["ends_at"]),
            place=data.get("place"),
            video_link=data.get("video_link"),
            open_to_public=bool(data["open_to_public"]),
            cancelled=bool(data.get("cancelled", False)),
        )


@dataclass(frozen=True)
class CouncilNames:
    council_name: str
    trust_name: str

    def to_json(self) -> dict[str, Any]:
        return {"council_name": self.council_name, "trust_name": self.trust_name}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CouncilNames:
        return cls(council_name=data["council_name"], trust_name=data["trust_name"])


@dataclass(frozen=True)
class Snapshot:
    """A published agenda, read back: what every page and PDF of the version is made from."""

    meeting: MeetingHeader
    council: CouncilNames
    items: tuple[dict[str, Any], ...]
    # The glossary's terms the version's words use, A-Z, as they were at publishing.
    glossary: tuple[Entry, ...] = ()

    @property
    def public_items(self) -> list[dict[str, Any]]:
        return public_only(self.items)

    def public_part(self, *, full: bool) -> list[dict[str, Any]]:
        """The public part's items: for ``full`` readers with every action on them, for
        anyone else without the actions that came from private business."""
        if full:
            return [entry for entry in self.items if entry["part"] == Part.PUBLIC]
        return self.public_items

    @property
    def private_items(self) -> list[dict[str, Any]]:
        return [entry for entry in self.items if entry["part"] == Part.PRIVATE]

    @property
    def has_private_part(self) -> bool:
        return any(entry["part"] == Part.PRIVATE for entry in self.items)

    def entries(self, *, full: bool) -> list[dict[str, Any]]:
        """Both parts for those who attend in private; the public part alone for anyone else."""
        return list(self.items) if full else self.public_items

    def paper_ids(self, *, public_only: bool) -> frozenset[int]:
        entries = self.public_items if public_only else self.items
        return frozenset(paper["id"] for entry in entries for paper in entry["papers"])

    def glossary_for(self, entries: Iterable[Mapping[str, Any]]) -> list[Entry]:
        """The terms just these entries use (the public edition: its public items only)."""
        return terms_in((text for entry in entries for text in entry_texts(entry)), self.glossary)

    def to_json(self) -> dict[str, Any]:
        return freeze(self.meeting, self.council, self.items, self.glossary)


def entry_texts(entry: Mapping[str, Any]) -> list[str]:
    """The words an entry shows that the glossary may explain: its title and description,
    its cover sheet, and its risks' titles and summaries."""
    texts = [entry.get("title") or "", entry.get("description") or ""]
    sheet = entry.get("cover_sheet") or {}
    texts += [sheet.get("asks") or "", sheet.get("questions") or ""]
    for risk in entry.get("risks") or ():
        texts += [risk.get("title") or "", risk.get("summary") or ""]
    return [text for text in texts if text]


def glossary_json(entries: Iterable[Entry]) -> list[dict[str, Any]]:
    return [
        {"term": entry.term, "meaning": entry.meaning, "spelled_out": entry.spelled_out}
        for entry in entries
    ]


def freeze(
    meeting: MeetingHeader,
    council: CouncilNames,
    items: Sequence[Mapping[str, Any]],
    glossary: Iterable[Entry] = (),
) -> dict[str, Any]:
    """The JSON a version stores. Plain values only, so it compares equal after a round trip.

    ``glossary``: the terms the items' words use (``terms_in``), kept with their meanings.
    """
    return {
        "schema": SCHEMA,
        "meeting": meeting.to_json(),
        "council": council.to_json(),
        "items": [dict(entry) for entry in items],
        "glossary": glossary_json(glossary),
    }


def read(data: Any) -> Snapshot:
    """A stored snapshot as plain values. Schema 2 (before cover sheets, risks and the
    glossary) reads with none of them; any other schema, or a damaged one, is refused."""
    if not isinstance(data, Mapping) or data.get("schema") not in READABLE:
        found = data.get("schema") if isinstance(data, Mapping) else type(data).__name__
        raise UnknownSnapshot(f"agenda snapshot schema {found!r} is not {SCHEMA}")
    try:
        return Snapshot(
            meeting=MeetingHeader.from_json(data["meeting"]),
            council=CouncilNames.from_json(data["council"]),
            items=tuple(data["items"]),
            glossary=tuple(
                Entry(
                    term=term["term"],
                    meaning=term["meaning"],
                    spelled_out=term.get("spelled_out"),
                )
                for term in data.get("glossary") or ()
            ),
        )
    except (KeyError, TypeError, ValueError) as damaged:
        raise UnknownSnapshot(f"agenda snapshot is damaged: {damaged!r}") from damaged


def comparable(data: Any) -> Any:
    """A stored snapshot as compared with the agenda as it stands: without its schema
    number or glossary, so a version published before either existed still matches an
    unchanged agenda."""
    if not isinstance(data, Mapping):
        return data
    return {key: value for key, value in data.items() if key not in _NOT_COMPARED}


def public_paper_ids(data: Any) -> frozenset[int]:
    """The papers a stored snapshot shows to the public: those of its public items only."""
    return read(data).paper_ids(public_only=True)


def _moment(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("moment must be timezone-aware")
    return moment.astimezone(UTC).isoformat()


def _parse_moment(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


# What changed between two versions, beyond the items ----------------------------------


def _changed_text(name: str, before: str | None, after: str | None) -> str:
    if not before:
        return f"{name} added: {after}"
    if not after:
        return f"{name} removed (was {before})"
    return f"{name} changed from {before} to {after}"


def meeting_changes(old: MeetingHeader, new: MeetingHeader, *, full: bool) -> list[str]:
    """The meeting's date, time, place and title as they changed, in words.

    The video link is named only for ``full`` readers: the public never sees it.
    """
    changes: list[str] = []
    if old.title != new.title:
        changes.append(f"Meeting changed from “{old.title}” to “{new.title}”")
    if old.day != new.day:
        changes.append(f"Date changed from {format_date(old.day)} to {format_date(new.day)}")
    for name, before, after in (
        ("Start time", old.starts_at, new.starts_at),
        ("End time", old.ends_at, new.ends_at),
    ):
        if format_time(before) != format_time(after):
            changes.append(f"{name} changed from {format_time(before)} to {format_time(after)}")
    if (old.place or None) != (new.place or None):
        changes.append(_changed_text("Place", old.place, new.place))
    if full and (old.video_link or None) != (new.video_link or None):
        if not old.video_link:
            changes.append("Video link added")
        elif not new.video_link:
            changes.append("Video link removed")
        else:
            changes.append("Video link changed")
    return changes


def changes_between(old: Snapshot, new: Snapshot, *, full: bool) -> list[str]:
    """What changed about the meeting and the council from one version to the next."""
    changes = meeting_changes(old.meeting, new.meeting, full=full)
    if old.meeting.cancelled != new.meeting.cancelled:
        changes.append(
            "The meeting has been cancelled"
            if new.meeting.cancelled
            else "The meeting is no longer cancelled"
        )
    if old.council.council_name != new.council.council_name:
        changes.append(
            _changed_text("Council name", old.council.council_name, new.council.council_name)
        )
    if old.council.trust_name != new.council.trust_name:
        changes.append(_changed_text("Trust name", old.council.trust_name, new.council.trust_name))
    return changes
