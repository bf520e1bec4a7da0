"""Pure agenda rules: numbering, timings, snapshots and what changed between versions.

Plain functions of plain values (no Flask, no database), so they are tested on their own.
The two parts of a meeting (``Part``) and the purposes of an item (``Purpose``) are written
here once, for agenda items and governors' requests alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any


class Part(StrEnum):
    """The two parts of a meeting, for agenda items and governors' requests alike.

    Anyone may attend the public part; the private part is for those entitled to attend
    it (``governors.meetings.kinds``). Public comes first on every agenda.
    """

    PUBLIC = "public"
    PRIVATE = "private"

    @property
    def label(self) -> str:
        return _PART_LABELS[self]


_PART_LABELS = {Part.PUBLIC: "Public part", Part.PRIVATE: "Private part"}


class Purpose(StrEnum):
    """What the Council is asked to do with an item: for information, discussion or decision.

    Standing items (welcome, declarations, minutes, action log, any other business) have a
    purpose of their own that nobody chooses.
    """

    NOTE = "note"
    DISCUSS = "discuss"
    DECIDE = "decide"
    STANDING = "standing"

    @property
    def label(self) -> str:
        return _PURPOSE_TEXT[self][0]

    @property
    def hint(self) -> str:
        return _PURPOSE_TEXT[self][1]

    @classmethod
    def askable(cls) -> tuple[Purpose, ...]:
        """The purposes a governor's request or a new item may be given."""
        return (cls.NOTE, cls.DISCUSS, cls.DECIDE)

    @classmethod
    def labels(cls) -> dict[str, str]:
        """Each purpose's value and label, for templates that look a stored value up."""
        return {purpose.value: purpose.label for purpose in cls}

    @classmethod
    def hints(cls) -> dict[str, str]:
        """Each purpose's value and what it means, for the hints beside a choice."""
        return {purpose.value: purpose.hint for purpose in cls}


_PURPOSE_TEXT = {
    Purpose.NOTE: (
        "For information",
        "The Council is told about something. No discussion or decision is needed.",
    ),
    Purpose.DISCUSS: (
        "To discuss",
        "Governors talk about it, share views and may ask for more information.",
    ),
    Purpose.DECIDE: (
        "To decide",
        "The Council makes a decision, for example to agree a view or ask for action.",
    ),
    Purpose.STANDING: ("Standing item", "An item every Council meeting opens or closes with."),
}

MINUTES_MIN = 1
# Mirrors the database check on agenda_items.minutes_allowed.
MINUTES_MAX = 480

# Any other business closes the public part, whatever is added after it.
CLOSING_TITLE = "Any other business"

# The fields of a snapshot entry whose change is worth telling governors about.
CONTENT_FIELDS = ("title", "purpose", "presenter", "minutes_allowed", "description")


def item_number(part: str, index: int) -> str:
    """The number printed against an item: 1, 2, 3 … in public; P1, P2 … in private.

    ``index`` counts from 1 within the part. Private items carry a "P" so that the public
    numbering never hints at how much business is taken in private.
    """
    if index < 1:
        raise ValueError("index counts from 1")
    if part == Part.PUBLIC:
        return str(index)
    if part == Part.PRIVATE:
        return f"P{index}"
    raise ValueError(f"unknown part {part!r}: use 'public' or 'private'")


def is_closing(title: str, standing: bool) -> bool:
    """Is this the standing item that must stay last in the public part?"""
    return standing and title.strip().casefold().startswith(CLOSING_TITLE.casefold())


def start_times(start: datetime, minutes: Sequence[int | None]) -> list[datetime]:
    """When each item starts: the meeting's start plus the time allowed for items before it.

    An item with no time allowed takes none, so the next item starts at the same time.
    """
    times: list[datetime] = []
    moment = start
    for allowed in minutes:
        times.append(moment)
        moment += timedelta(minutes=allowed or 0)
    return times


def end_time(start: datetime, minutes: Sequence[int | None]) -> datetime:
    return start + timedelta(minutes=sum(m or 0 for m in minutes))


def insertion_index(closing_flags: Sequence[bool]) -> int:
    """Where a new item goes in a part (0-based): the end, but before a closing item."""
    if closing_flags and closing_flags[-1]:
        return len(closing_flags) - 1
    return len(closing_flags)


def move(
    order: Sequence[int], item_id: int, step: int, pinned_last: int | None = None
) -> list[int]:
    """The order after moving ``item_id`` one place up (step -1) or down (step +1).

    Moving past either end, or past the pinned closing item, leaves the order unchanged.
    """
    if step not in (-1, 1):
        raise ValueError("step must be -1 (up) or +1 (down)")
    result = list(order)
    if item_id not in result or item_id == pinned_last:
        return result
    here = result.index(item_id)
    there = here + step
    if there < 0 or there >= len(result) or result[there] == pinned_last:
        return result
    result[here], result[there] = result[there], result[here]
    return result


def can_move(order: Sequence[int], item_id: int, step: int, pinned_last: int | None = None) -> bool:
    return move(order, item_id, step, pinned_last) != list(order)


def build_snapshot(start: datetime, items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The frozen form of an agenda: items numbered and timed, public part first.

    ``start`` is the meeting's local start; ``items`` are plain dicts with ``id``, ``part``,
    ``title``, ``purpose``, ``presenter``, ``minutes_allowed``, ``description``, ``standing``,
    ``request_id``, ``requested_by`` (the name of the governor who asked, if any),
    ``papers`` (dicts of ``id`` and ``filename``), for a committee's report,
    ``report_from`` and ``report_body_id``, and optionally ``cover_sheet`` (``asks`` and
    ``questions``) and ``risks`` (plain dicts with ``id``, ``title``, ``summary``,
    ``detail``, ``likelihood``, ``impact``, ``score``, ``band``, ``owner``, ``review_on``
    as an ISO date and ``status``), already in order within each part. The result is
    JSON-safe, so it compares equal after a database round trip.
    """
    by_part: dict[str, list[dict[str, Any]]] = {part: [] for part in Part}
    for item in items:
        by_part[item["part"]].append(item)
    ordered = by_part[Part.PUBLIC] + by_part[Part.PRIVATE]
    times = start_times(start, [item["minutes_allowed"] for item in ordered])
    snapshot: list[dict[str, Any]] = []
    counters = dict.fromkeys(Part, 0)
    for item, begins in zip(ordered, times, strict=True):
        counters[item["part"]] += 1
        entry = {
            "item_id": item["id"],
            "number": item_number(item["part"], counters[item["part"]]),
            "part": item["part"],
            "title": item["title"],
            "purpose": item["purpose"],
            "presenter": item["presenter"] or None,
            "minutes_allowed": item["minutes_allowed"],
            "starts_at": f"{begins:%H:%M}",
            "description": item["description"] or None,
            "standing": bool(item["standing"]),
            "request_id": item["request_id"],
            "requested_by": item.get("requested_by") or None,
            "papers": [
                {"id": paper["id"], "filename": paper["filename"]}
                for paper in sorted(item["papers"], key=lambda p: p["id"])
            ],
        }
        # A committee's report names the committee (kept only when there is one, so
        # versions published before reports existed still compare equal).
        if item.get("report_from"):
            entry["report_from"] = item["report_from"]
            entry["report_body_id"] = item.get("report_body_id")
        # The action log item carries the body's actions (kept only when there are some).
        if item.get("actions"):
            entry["actions"] = [dict(action) for action in item["actions"]]
        # The cover sheet and the linked risks (score high to low), each kept only when
        # there is one, so versions published before cover sheets still compare equal.
        if item.get("cover_sheet"):
            sheet = item["cover_sheet"]
            entry["cover_sheet"] = {
                "asks": sheet["asks"],
                "questions": sheet.get("questions") or None,
            }
        if item.get("risks"):
            entry["risks"] = [
                dict(risk)
                for risk in sorted(item["risks"], key=lambda r: (-r["score"], r["title"], r["id"]))
            ]
        snapshot.append(entry)
    return snapshot


def public_entry(entry: dict[str, Any]) -> dict[str, Any]:
    """An entry of the public part as anyone may see it: without the actions that came
    from private business."""
    if not entry.get("actions"):
        return entry
    return {**entry, "actions": [a for a in entry["actions"] if not a.get("private")]}


def public_only(snapshot: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The entries anyone may see: a private item is left out entirely, and so is every
    action from private business."""
    return [public_entry(entry) for entry in snapshot if entry["part"] == Part.PUBLIC]


def has_unpublished_changes(current: Any, published: Any) -> bool:
    """Does the agenda as it stands (meeting and council included, cover sheets and linked
    risks too) differ from the last published snapshot? The schema number and the glossary
    are not compared (``snapshot.comparable``)."""
    from governors.agendas.snapshot import comparable

    return comparable(current) != comparable(published)


@dataclass(frozen=True)
class ItemChange:
    """One item present in both versions, and what changed about it, in words."""

    entry: dict[str, Any]
    changes: list[str]


@dataclass
class AgendaChanges:
    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    changed: list[ItemChange] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def _moved_ids(old_order: list[int], new_order: list[int]) -> set[int]:
    """Items that moved relative to the others: those outside a longest kept sequence.

    Swapping two neighbours reports one move, not two, and an insertion above an item
    (which only renumbers it) reports none.
    """
    old_index = {item_id: i for i, item_id in enumerate(old_order)}
    sequence = [old_index[item_id] for item_id in new_order]
    # Longest increasing subsequence, O(n log n), keeping predecessors to recover it.
    tails: list[int] = []
    tail_at: list[int] = []
    previous = [-1] * len(sequence)
    for i, value in enumerate(sequence):
        low, high = 0, len(tails)
        while low < high:
            middle = (low + high) // 2
            if tails[middle] < value:
                low = middle + 1
            else:
                high = middle
        if low > 0:
            previous[i] = tail_at[low - 1]
        if low == len(tails):
            tails.append(value)
            tail_at.append(i)
        else:
            tails[low] = value
            tail_at[low] = i
    kept: set[int] = set()
    i = tail_at[-1] if tail_at else -1
    while i >= 0:
        kept.add(new_order[i])
        i = previous[i]
    return set(new_order) - kept


def _quoted(value: Any) -> str:
    return f"“{value}”"


def _describe(name: str, before: Any, after: Any) -> str:
    if name == "title":
        return f"Title changed from {_quoted(before)} to {_quoted(after)}"
    if name == "purpose":
        return (
            f"Purpose changed from {_quoted(Purpose.labels().get(before, before))} "
            f"to {_quoted(Purpose.labels().get(after, after))}"
        )
    if name == "presenter":
        if not before:
            return f"Presenter added: {after}"
        if not after:
            return f"Presenter removed (was {before})"
        return f"Presenter changed from {before} to {after}"
    if name == "minutes_allowed":
        if not before:
            return f"Time allowed set to {after} minutes"
        if not after:
            return f"Time allowed removed (was {before} minutes)"
        return f"Time allowed changed from {before} to {after} minutes"
    if name == "description":
        return "Description changed"
    raise ValueError(f"no description for a change of {name}")


def _cover_sheet_changes(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """The cover sheet written, changed or taken away, and the risks linked or unlinked."""
    changes: list[str] = []
    old_sheet, new_sheet = before.get("cover_sheet"), after.get("cover_sheet")
    if old_sheet != new_sheet:
        if not old_sheet:
            changes.append("Cover sheet added")
        elif not new_sheet:
            changes.append("Cover sheet removed")
        else:
            changes.append("Cover sheet changed")
    old_risks = {risk["id"]: risk["title"] for risk in before.get("risks") or ()}
    new_risks = {risk["id"]: risk["title"] for risk in after.get("risks") or ()}
    changes.extend(
        f"Risk linked: {title}" for rid, title in new_risks.items() if rid not in old_risks
    )
    changes.extend(
        f"Risk no longer linked: {title}"
        for rid, title in old_risks.items()
        if rid not in new_risks
    )
    return changes


def diff_snapshots(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> AgendaChanges:
    """What changed between two published versions: items added, removed and changed.

    Items are matched by their identity, not their title, so a renamed item shows as
    changed. Renumbering caused by other items being added or removed is not a change.
    """
    old_by_id = {entry["item_id"]: entry for entry in old}
    new_by_id = {entry["item_id"]: entry for entry in new}
    result = AgendaChanges(
        added=[entry for entry in new if entry["item_id"] not in old_by_id],
        removed=[entry for entry in old if entry["item_id"] not in new_by_id],
    )
    # Moves are judged within a part, among the items that stayed in it.
    moved: set[int] = set()
    for part in Part:
        stayed = {
            item_id
            for item_id, entry in new_by_id.items()
            if entry["part"] == part and old_by_id.get(item_id, {}).get("part") == part
        }
        moved |= _moved_ids(
            [entry["item_id"] for entry in old if entry["item_id"] in stayed],
            [entry["item_id"] for entry in new if entry["item_id"] in stayed],
        )
    common_new = [entry["item_id"] for entry in new if entry["item_id"] in old_by_id]
    for item_id in common_new:
        before, after = old_by_id[item_id], new_by_id[item_id]
        changes: list[str] = []
        if before["part"] != after["part"]:
            changes.append(f"Moved to the {Part(after['part']).label.lower()}")
        elif item_id in moved:
            changes.append(f"Moved from item {before['number']} to item {after['number']}")
        changes.extend(
            _describe(name, before.get(name), after.get(name))
            for name in CONTENT_FIELDS
            if before.get(name) != after.get(name)
        )
        old_papers = {p["id"]: p["filename"] for p in before["papers"]}
        new_papers = {p["id"]: p["filename"] for p in after["papers"]}
        changes.extend(
            f"Paper added: {name}" for pid, name in new_papers.items() if pid not in old_papers
        )
        changes.extend(
            f"Paper removed: {name}" for pid, name in old_papers.items() if pid not in new_papers
        )
        changes.extend(_cover_sheet_changes(before, after))
        if changes:
            result.changed.append(ItemChange(entry=after, changes=changes))
    return result


# Moving an item straight to a position ------------------------------------------------


def move_to(
    order: Sequence[int], item_id: int, position: int, pinned_last: int | None = None
) -> list[int]:
    """The order after moving ``item_id`` to ``position`` (1 is the first) in one go.

    The pinned closing item stays last, so nothing may go below it and it may not move.
    Raises ``ValueError`` for an item not in the order, the pinned item, or a position
    outside ``allowed_positions``.
    """
    result = list(order)
    if item_id not in result:
        raise ValueError("the item is not in this part")
    if item_id == pinned_last:
        raise ValueError("the closing item stays last")
    highest = allowed_positions(len(result), pinned_last is not None and pinned_last in result)
    if not 1 <= position <= highest:
        raise ValueError(f"position must be from 1 to {highest}")
    result.remove(item_id)
    result.insert(position - 1, item_id)
    return result


def allowed_positions(count: int, pinned: bool) -> int:
    """The highest position an item may move to in a part of ``count`` items: the last,
    or the one above a pinned closing item."""
    return max(count - 1, 1) if pinned else max(count, 1)


# What publishing makes public, and what to check first --------------------------------

# The parts of an entry a governor may have written, which everyone reads once published.
REQUEST_TEXT_FIELDS = ("title", "description", "papers")


def untimed(entries: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The items with no time allowed: the timings after them are guesses."""
    return [entry for entry in entries if entry.get("minutes_allowed") is None]


def _request_text(entry: dict[str, Any]) -> tuple[Any, ...]:
    papers = tuple(sorted(paper["id"] for paper in entry.get("papers") or ()))
    return (entry.get("title"), entry.get("description") or None, papers)


def needs_check(
    entries: Iterable[dict[str, Any]], published: Iterable[dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    """The public items whose words or papers came from a governor's request and have not
    been published as they are now.

    A governor writes what they like; once in the public part it goes to everyone. So an
    item from a request (``request_id`` set) with a description or papers needs a check,
    unless the last published version (``published``: its entries) already showed the
    same title, description and papers in the public part.
    """
    shown = {
        entry["item_id"]: _request_text(entry)
        for entry in published or ()
        if entry["part"] == Part.PUBLIC
    }
    return [
        entry
        for entry in entries
        if entry["part"] == Part.PUBLIC
        and entry.get("request_id") is not None
        and (entry.get("description") or entry.get("papers"))
        and shown.get(entry["item_id"]) != _request_text(entry)
    ]


@dataclass(frozen=True)
class PublishWarnings:
    """What the secretary is asked to look at before publishing."""

    untimed: list[dict[str, Any]]
    to_check: list[dict[str, Any]]

    def __bool__(self) -> bool:
        return bool(self.untimed or self.to_check)


def publish_warnings(
    entries: Sequence[dict[str, Any]], published: Sequence[dict[str, Any]] | None = None
) -> PublishWarnings:
    """The untimed items and the governors' words to check, for the agenda as it stands
    (``entries``) against the last published version's entries (``published``)."""
    return PublishWarnings(untimed=untimed(entries), to_check=needs_check(entries, published))


@dataclass(frozen=True)
class BecomingPublic:
    """A public item as everyone will read it once published, and whether to check it."""

    entry: dict[str, Any]
    check: bool


def becoming_public(
    entries: Sequence[dict[str, Any]], published: Sequence[dict[str, Any]] | None = None
) -> list[BecomingPublic]:
    """Every public item, with its words and papers, flagged where a governor wrote them."""
    flagged = {entry["item_id"] for entry in needs_check(entries, published)}
    return [
        BecomingPublic(entry=entry, check=entry["item_id"] in flagged)
        for entry in entries
        if entry["part"] == Part.PUBLIC
    ]


# What a new version changed, in words -------------------------------------------------


def _named(entry: dict[str, Any]) -> str:
    return f"item {entry['number']}, {_quoted(entry['title'])}"


def changes_in_words(changes: AgendaChanges) -> list[str]:
    """The items added, removed and changed, one line each, for an email."""
    lines = [f"Added {_named(entry)}" for entry in changes.added]
    lines += [f"Removed {_quoted(entry['title'])}" for entry in changes.removed]
    for change in changes.changed:
        lines.append(f"Changed {_named(change.entry)}: " + "; ".join(change.changes) + ".")
    return lines


def version_changes(old: dict[str, Any], new: dict[str, Any], *, full: bool) -> list[str]:
    """What changed from one published version to the next, in words: the meeting's date,
    time and place, and the items added, removed, retitled, moved or retimed.

    ``old`` and ``new`` are the two stored snapshots. Only ``full`` readers (those who
    attend the private part) hear about private items, or the video link.
    """
    from governors.agendas.snapshot import changes_between, read

    before, after = read(old), read(new)
    lines = changes_between(before, after, full=full)
    lines += changes_in_words(diff_snapshots(before.entries(full=full), after.entries(full=full)))
    return lines


# The secretary's prompts --------------------------------------------------------------

# Papers go out a week before the meeting; the home page says so a week before that.
PAPERS_DAYS_BEFORE = 7
PAPERS_WARNING_DAYS = 7


class AgendaState(StrEnum):
    """Where an upcoming meeting's agenda stands, for the secretary's home page."""

    PREPARE = "prepare"
    PUBLISH = "publish"
    READY = "ready"


def papers_due(meeting_day: date) -> date:
    """The day the agenda and papers should go out."""
    return meeting_day - timedelta(days=PAPERS_DAYS_BEFORE)


def agenda_state(
    *,
    meeting_day: date,
    today: date,
    business_items: int,
    published: bool,
    changed: bool,
) -> AgendaState:
    """Does an upcoming agenda need preparing, publishing, or neither?

    ``business_items`` counts the items that are not standing items. Never published:
    it needs publishing once the papers are due within a week, and preparing before
    that. Published: it needs publishing again when it has changed since.
    """
    if published:
        return AgendaState.PUBLISH if changed else AgendaState.READY
    if today >= papers_due(meeting_day) - timedelta(days=PAPERS_WARNING_DAYS) and business_items:
        return AgendaState.PUBLISH
    return AgendaState.PREPARE


def without_actions(snapshot: dict[str, Any]) -> dict[str, Any]:
    """A stored snapshot without the action log's actions, which come from another area:
    what the home page compares, so that it needs no query per meeting."""
    items = [
        {key: value for key, value in entry.items() if key != "actions"}
        for entry in snapshot.get("items", ())
    ]
    return {**snapshot, "items": items}
