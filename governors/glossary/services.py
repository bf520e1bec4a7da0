"""The council's glossary: the only place its terms are written, and what pages read.

Every change takes the acting user, writes its audit entry and flushes; the view commits.
The glossary is public (it explains public agendas), so the log may name terms in full.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import g, has_app_context

from governors.audit.services import record
from governors.errors import Refused
from governors.extensions import db
from governors.glossary.models import GlossaryTerm
from governors.glossary.rules import Entry, sort_key

TERM_MAX = 80
SPELLED_OUT_MAX = 200
MEANING_MAX = 1000

_CACHE = "governors_glossary_entries"

# The common terms of NHS governance, each with a plain meaning: what ``seed`` adds.
COMMON_TERMS: tuple[Entry, ...] = (
    Entry(
        "A&E",
        "The part of a hospital that sees people who are badly hurt or very ill and need help now.",
        "Accident and emergency",
    ),
    Entry(
        "Action log",
        (
            "A list of the jobs agreed at meetings. It says who will do each job, by when, and if"
            " it is done."
        ),
    ),
    Entry(
        "AGM",
        (
            "A meeting held once a year, open to the public. The trust shows its yearly report "
            "and accounts."
        ),
        "Annual general meeting",
    ),
    Entry(
        "BAF",
        (
            "The list of the biggest risks to the trust's main aims. It says what is being done "
            "about each one."
        ),
        "Board assurance framework",
    ),
    Entry(
        "Board assurance framework",
        (
            "The list of the biggest risks to the trust's main aims. It says what is being done "
            "about each one. People often call it the BAF."
        ),
    ),
    Entry(
        "Clear days",
        (
            "Whole days between two dates. Do not count the day a request arrives or the day of "
            "the meeting."
        ),
    ),
    Entry(
        "CoG",
        (
            "The governors of the trust meeting together. They hold the board to account and "
            "speak for members and the public."
        ),
        "Council of Governors",
    ),
    Entry(
        "Constituency",
        (
            "A group of members who elect governors. It may be a place, such as a town, or a "
            "group, such as staff."
        ),
    ),
    Entry(
        "Council of Governors",
        (
            "The governors of the trust meeting together. They hold the board to account and "
            "speak for members and the public."
        ),
    ),
    Entry(
        "CQC",
        (
            "The body that checks health and care services in England. It says how good they are "
            "and can make them put things right."
        ),
        "Care Quality Commission",
    ),
    Entry(
        "Declaration of interest",
        (
            "When someone says they have a link to a subject, like a job or a family tie. They "
            "may have to leave while it is talked about."
        ),
    ),
    Entry(
        "Deputy",
        "Someone who takes the place of another person when they cannot be there.",
    ),
    Entry(
        "Foundation trust",
        (
            "An NHS trust that runs its own affairs. Local people can join as members and elect "
            "its governors."
        ),
    ),
    Entry(
        "FT",
        (
            "An NHS trust that runs its own affairs. Local people can join as members and elect "
            "its governors."
        ),
        "Foundation trust",
    ),
    Entry(
        "ICB",
        "The NHS body that plans and pays for health services in our area.",
        "Integrated care board",
    ),
    Entry(
        "In private",
        (
            "The part of a meeting the public cannot attend. It is for things that must be kept "
            "private for now."
        ),
    ),
    Entry(
        "KPI",
        "A number used to check how well something is going, such as how long people wait.",
        "Key performance indicator",
    ),
    Entry(
        "Lead governor",
        (
            "The governor chosen to speak for the other governors. They are the main link with "
            "the chair and the board."
        ),
    ),
    Entry(
        "Minutes",
        (
            "The written record of a meeting. It says what was talked about, what was decided and"
            " who will do what."
        ),
    ),
    Entry(
        "Motion",
        "A plan or idea put to a meeting so it can be voted on.",
    ),
    Entry(
        "NED",
        (
            "A board member who is not on the staff. They check the work of the board and help it"
            " make good choices."
        ),
        "Non-executive director",
    ),
    Entry(
        "NHS England",
        "The body that leads the NHS in England. It sets rules and checks how trusts are doing.",
    ),
    Entry(
        "NHSE",
        "The body that leads the NHS in England. It sets rules and checks how trusts are doing.",
        "NHS England",
    ),
    Entry(
        "Non-executive director",
        (
            "A board member who is not on the staff. They check the work of the board and help it"
            " make good choices."
        ),
    ),
    Entry(
        "Private part",
        (
            "The part of a meeting the public cannot attend. It is for things that must be kept "
            "private for now."
        ),
    ),
    Entry(
        "Quorum",
        "The least number of members who must be there for a meeting to make decisions.",
    ),
    Entry(
        "RTT",
        "How long people wait from when they are sent to hospital to when their care starts.",
        "Referral to treatment",
    ),
)


def _as_entry(term: GlossaryTerm) -> Entry:
    return Entry(term=term.term, meaning=term.meaning, spelled_out=term.spelled_out)


def terms() -> list[GlossaryTerm]:
    """Every term, A to Z whatever its capitals."""
    return list(db.session.scalars(sa.select(GlossaryTerm).order_by(GlossaryTerm.key)))


def entries() -> list[Entry]:
    """The whole glossary, A to Z: one query, looked up once a request."""
    if has_app_context() and _CACHE in g:
        return list(g.get(_CACHE))
    found = sorted((_as_entry(term) for term in terms()), key=sort_key)
    if has_app_context():
        setattr(g, _CACHE, tuple(found))
    return found


def _forget() -> None:
    if has_app_context():
        g.pop(_CACHE, None)


def get_term(term_id: int) -> GlossaryTerm | None:
    return db.session.get(GlossaryTerm, term_id)


def _values(term: GlossaryTerm) -> dict[str, Any]:
    return {"term": term.term, "spelled_out": term.spelled_out, "meaning": term.meaning}


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def _checked(term: str, spelled_out: str, meaning: str, *, keep_id: int | None) -> None:
    if not term:
        raise Refused("Enter the term", "term")
    if len(term) > TERM_MAX:
        raise Refused(f"Term must be {TERM_MAX} characters or fewer", "term")
    if len(spelled_out) > SPELLED_OUT_MAX:
        raise Refused(f"In full must be {SPELLED_OUT_MAX} characters or fewer", "spelled_out")
    if not meaning:
        raise Refused("Enter what the term means", "meaning")
    if len(meaning) > MEANING_MAX:
        raise Refused(f"Meaning must be {MEANING_MAX} characters or fewer", "meaning")
    clash = db.session.scalar(
        sa.select(GlossaryTerm).where(GlossaryTerm.key == term.lower(), GlossaryTerm.id != keep_id)
        if keep_id is not None
        else sa.select(GlossaryTerm).where(GlossaryTerm.key == term.lower())
    )
    if clash is not None:
        raise Refused(
            f"Term “{clash.term}” is already in the glossary: change that one instead", "term"
        )


def add_term(
    user: Any, *, term: str | None, meaning: str | None, spelled_out: str | None = None
) -> GlossaryTerm:
    term_text, spelled, meaning_text = _clean(term), _clean(spelled_out), (meaning or "").strip()
    _checked(term_text, spelled, meaning_text, keep_id=None)
    entry = GlossaryTerm(
        term=term_text,
        key=term_text.lower(),
        spelled_out=spelled or None,
        meaning=meaning_text,
        updated_by_id=getattr(user, "id", None),
    )
    db.session.add(entry)
    db.session.flush()
    record(
        user, "glossary.add", entry, f"Added “{entry.term}” to the glossary", after=_values(entry)
    )
    _forget()
    db.session.flush()
    return entry


def edit_term(
    user: Any,
    entry: GlossaryTerm,
    *,
    term: str | None,
    meaning: str | None,
    spelled_out: str | None = None,
) -> GlossaryTerm:
    term_text, spelled, meaning_text = _clean(term), _clean(spelled_out), (meaning or "").strip()
    _checked(term_text, spelled, meaning_text, keep_id=entry.id)
    before = _values(entry)
    entry.term = term_text
    entry.key = term_text.lower()
    entry.spelled_out = spelled or None
    entry.meaning = meaning_text
    entry.updated_by_id = getattr(user, "id", None)
    after = _values(entry)
    if before != after:
        changed = [name for name in after if before[name] != after[name]]
        record(
            user,
            "glossary.edit",
            entry,
            f"Changed “{entry.term}” in the glossary",
            before={name: before[name] for name in changed},
            after={name: after[name] for name in changed},
        )
    _forget()
    db.session.flush()
    return entry


def remove_term(user: Any, entry: GlossaryTerm) -> None:
    record(
        user,
        "glossary.remove",
        entry,
        f"Removed “{entry.term}” from the glossary",
        before=_values(entry),
    )
    db.session.delete(entry)
    _forget()
    db.session.flush()


def seed(user: Any = None) -> int:
    """Add the common NHS governance terms the glossary does not have yet (by term,
    whatever its capitals); never changes a term the secretary has written. Returns how
    many were added."""
    have = set(db.session.scalars(sa.select(GlossaryTerm.key)))
    added = 0
    for common in COMMON_TERMS:
        if common.key in have:
            continue
        add_term(user, term=common.term, meaning=common.meaning, spelled_out=common.spelled_out)
        have.add(common.key)
        added += 1
    return added
