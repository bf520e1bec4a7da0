"""Finding the glossary's terms in a text and explaining them where they appear.

Pure: no Flask and no database. A term matches whole words only ("FT" is not found in
"LEFT"), with an optional plural "s" ("NEDs", "clear day" is not "clear days"). Acronyms
("CQC", "CoG", "A&E": no spaces and two or more capitals) match with their capitals as
written; other terms ("quorum", "Council of Governors") whatever their capitals. Where two
terms start at the same place, the longer one wins ("NHS England" before "NHSE").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup, escape

# Letters, digits and "&" join a word: a term must not touch one on either side.
_BEFORE = r"(?<![A-Za-z0-9&])"
_AFTER = r"(?![A-Za-z0-9&])"


@dataclass(frozen=True)
class Entry:
    # As written in papers: "CQC", "Clear days".
    term: str
    # What it means, in plain words.
    meaning: str
    # An acronym in full: "Care Quality Commission".
    spelled_out: str | None = None

    @property
    def is_acronym(self) -> bool:
        """ "CQC", "CoG", "A&E": one word with two or more capitals."""
        term = self.term.strip()
        return not any(ch.isspace() for ch in term) and sum(ch.isupper() for ch in term) >= 2

    @property
    def key(self) -> str:
        """The term in lower case: one entry per term whatever its capitals."""
        return self.term.strip().lower()

    @property
    def anchor(self) -> str:
        """An id for the term's place in a list of meanings: ``term-a-e`` for "A&E"."""
        return "term-" + (re.sub(r"[^a-z0-9]+", "-", self.key).strip("-") or "x")


def _pattern(entry: Entry) -> str:
    words = entry.term.strip().split()
    body = r"\s+".join(re.escape(word) for word in words) + "s?"
    if entry.is_acronym:
        return body
    return f"(?i:{body})"


@lru_cache(maxsize=64)
def _compiled(entries: tuple[Entry, ...]) -> tuple[re.Pattern[str] | None, tuple[Entry, ...]]:
    usable = tuple(
        sorted(
            (entry for entry in entries if entry.term.strip()),
            key=lambda entry: (-len(entry.term.strip()), entry.key),
        )
    )
    if not usable:
        return None, ()
    alternatives = "|".join(f"(?P<t{index}>{_pattern(e)})" for index, e in enumerate(usable))
    return re.compile(f"{_BEFORE}(?:{alternatives}){_AFTER}"), usable


def _matches(text: str, entries: Iterable[Entry]) -> Iterator[tuple[re.Match[str], Entry]]:
    pattern, usable = _compiled(tuple(entries))
    if pattern is None or not text:
        return
    for match in pattern.finditer(text):
        name = match.lastgroup
        if name is not None:
            yield match, usable[int(name[1:])]


def sort_key(entry: Entry) -> tuple[str, str]:
    """A to Z whatever the capitals."""
    return (entry.key, entry.term)


def terms_in(texts: Iterable[str | None], entries: Iterable[Entry]) -> list[Entry]:
    """The entries used in any of ``texts``, once each, in alphabetical order."""
    entries = tuple(entries)
    found: dict[str, Entry] = {}
    for text in texts:
        for _match, entry in _matches(text or "", entries):
            found.setdefault(entry.key, entry)
    return sorted(found.values(), key=sort_key)


def explanation(entry: Entry) -> str:
    """What a reader is told about a term where it appears: "Care Quality Commission. The
    body that checks …" for an acronym, its meaning otherwise."""
    if entry.spelled_out:
        return f"{entry.spelled_out}. {entry.meaning}"
    return entry.meaning


def mark_up(text: str | None, entries: Iterable[Entry]) -> Markup:
    """``text`` escaped, with the first use of each glossary term marked.

    An acronym becomes ``<abbr title="Care Quality Commission. …">CQC</abbr>``; another
    term ``<span class="app-glossary-term" title="…">quorum</span>``. The title is a
    hint only: pages also list the meanings in full ("What these words mean"), which works
    without a mouse and with a screen reader.
    """
    text = text or ""
    pieces: list[str] = []
    seen: set[str] = set()
    last = 0
    for match, entry in _matches(text, entries):
        if entry.key in seen:
            continue
        seen.add(entry.key)
        pieces.append(str(escape(text[last : match.start()])))
        title = escape(explanation(entry))
        word = escape(match.group(0))
        if entry.is_acronym:
            pieces.append(f'<abbr class="app-glossary-term" title="{title}">{word}</abbr>')
        else:
            pieces.append(f'<span class="app-glossary-term" title="{title}">{word}</span>')
        last = match.end()
    pieces.append(str(escape(text[last:])))
    return Markup("".join(pieces))
