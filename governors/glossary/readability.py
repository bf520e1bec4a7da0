"""Plain-language advice on a short text a governor will read: a risk's summary, a paper's
cover sheet.

Measured with ``textstat`` (its syllable dictionary comes with the package, so nothing is
fetched when it runs). The advice says what was found, with the figure, and what to do.
It is advice, never a refusal: the author may save anyway and say why.

Pure: no Flask and no database. The council's glossary is passed in as the terms it
explains, so an acronym in the glossary needs no spelling out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

import textstat

# Flesch reading ease: 60 and above is plain English; below it, most people slow down.
EASE = 60
LONGEST_SENTENCE = 25
# Acronyms everyone reads without help.
WELL_KNOWN = frozenset({"NHS", "UK", "OK", "TV"})

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'\u2019&-]*")
# Two or more capitals (digits and & allowed after the first): CQC, ICB, A&E, 5YFV is not.
_ACRONYM = re.compile(r"(?<![A-Za-z0-9&])([A-Z][A-Z0-9&]*[A-Z0-9])s?(?![A-Za-z0-9&])")


class AdviceKind(StrEnum):
    HARD_TO_READ = "hard_to_read"
    LONG_SENTENCE = "long_sentence"
    ACRONYM = "acronym"
    TOO_LONG = "too_long"
    TOO_MANY_SENTENCES = "too_many_sentences"


@dataclass(frozen=True)
class Advice:
    kind: AdviceKind
    # What was found, with the figure, and what to do: shown to the author as it is.
    message: str


def sentences(text: str) -> list[str]:
    """The text's sentences: split after a full stop, question or exclamation mark."""
    pieces = (piece.strip() for line in text.splitlines() for piece in _SENTENCE_END.split(line))
    return [piece for piece in pieces if _WORD.search(piece)]


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def reading_ease(text: str) -> float:
    """Flesch reading ease (higher is easier; 60 or more is plain English)."""
    return round(float(textstat.flesch_reading_ease(text)), 1)


def _spelled_out(text: str, acronym: str) -> bool:
    """ "Care Quality Commission (CQC)" or "CQC (Care Quality Commission)"."""
    escaped = re.escape(acronym)
    return bool(
        re.search(rf"\w[\w\s,'\u2019-]*\(\s*{escaped}\s*\)", text)
        or re.search(rf"(?<![A-Za-z0-9]){escaped}\s*\(\s*[A-Za-z][^)]*\)", text)
    )


def acronyms(text: str) -> list[str]:
    """Every acronym the text uses, in order of first use, once each."""
    found: dict[str, None] = {}
    for match in _ACRONYM.finditer(text):
        found.setdefault(match.group(1), None)
    return list(found)


def unexplained_acronyms(text: str, known_terms: Iterable[str] = ()) -> list[str]:
    """Acronyms that are not in the glossary, not well known and not spelled out here."""
    known = {term.strip().upper() for term in known_terms} | WELL_KNOWN
    return [
        acronym
        for acronym in acronyms(text)
        if acronym.upper() not in known and not _spelled_out(text, acronym)
    ]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def advise(
    text: str,
    *,
    known_terms: Iterable[str] = (),
    max_words: int | None = None,
    max_sentences: int | None = None,
) -> list[Advice]:
    """What would make ``text`` easier to read; empty when it reads well.

    ``known_terms`` are the glossary's terms; ``max_words`` and ``max_sentences`` are the
    place's own limits (about 60 words for a risk summary, three sentences for what a
    cover sheet asks).
    """
    text = text.strip()
    if not text:
        return []
    advice: list[Advice] = []
    ease = reading_ease(text)
    if ease < EASE:
        advice.append(
            Advice(
                AdviceKind.HARD_TO_READ,
                f"This is hard to read: it scores {ease:g} for reading ease, and plain "
                f"English scores {EASE} or more. Use shorter sentences and everyday words.",
            )
        )
    for sentence in sentences(text):
        words = word_count(sentence)
        if words > LONGEST_SENTENCE:
            opening = " ".join(sentence.split()[:6])
            advice.append(
                Advice(
                    AdviceKind.LONG_SENTENCE,
                    f"The sentence starting “{opening}…” has {words} words. Keep each "
                    f"sentence to {LONGEST_SENTENCE} words or fewer: split it in two.",
                )
            )
    for acronym in unexplained_acronyms(text, known_terms):
        advice.append(
            Advice(
                AdviceKind.ACRONYM,
                f"“{acronym}” is not in the glossary and is not spelled out. Write it in "
                f"full the first time, for example “Full name ({acronym})”, or ask the "
                "secretary to add it to the glossary.",
            )
        )
    words = word_count(text)
    if max_words is not None and words > max_words:
        advice.append(
            Advice(
                AdviceKind.TOO_LONG,
                f"This has {words} words. Keep it to about {max_words}: put the rest in "
                "the detail.",
            )
        )
    count = len(sentences(text))
    if max_sentences is not None and count > max_sentences:
        advice.append(
            Advice(
                AdviceKind.TOO_MANY_SENTENCES,
                f"This has {_plural(count, 'sentence')}. Say it in {max_sentences} or fewer.",
            )
        )
    return advice
