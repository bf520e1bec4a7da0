"""Periods of unavailability: recorded, ended early or withdrawn, and their private notes
kept only as long as the council allows. The bodies' seat flags and cover ask here who is
away.

The private note may hold health information. It is written and read here only: it is
never passed to the audit log, an email, a calendar, an export or a search, and audit
entries about a period say only that it was recorded, changed or erased.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from governors.audit.services import record
from governors.council.models import current_settings
from governors.cover import rules
from governors.cover.models import Unavailability
from governors.errors import Refused
from governors.extensions import db
from governors.people.models import User
from governors.timeutil import format_date, local_today, utcnow

NOTE_LIMIT = 2000
# How far back a period may begin: a late record of an absence just past.
BACKDATE_DAYS = 31


def describe_dates(starts_on: date, ends_on: date | None) -> str:
    """ "from 4 January 2027 to 31 January 2027", "from 4 January 2027 until further notice"."""
    until = f"to {format_date(ends_on)}" if ends_on else "until further notice"
    return f"from {format_date(starts_on)} {until}"


def _clean_note(note: str | None) -> str | None:
    note = (note or "").strip() or None
    if note is not None and len(note) > NOTE_LIMIT:
        raise Refused(f"Private note must be {NOTE_LIMIT:,} characters or fewer", field="note")
    return note


def check_dates(starts_on: date, ends_on: date | None) -> None:
    """Refuse dates a period cannot have: a last day before the first, or a first day
    more than a month ago (a form checks them before it asks the person to confirm)."""
    if ends_on is not None and ends_on < starts_on:
        raise Refused("Last day must be the same as or after the first day", field="ends_on")
    if starts_on < local_today() - timedelta(days=BACKDATE_DAYS):
        raise Refused("First day must be today or within the last month", field="starts_on")


def record_unavailability(
    actor: Any,
    user: User,
    *,
    starts_on: date,
    ends_on: date | None = None,
    note: str | None = None,
    consent_noted: bool = False,
    plan: bool = True,
) -> Unavailability:
    """Record that ``user`` is not available from ``starts_on`` to ``ends_on`` (or until
    further notice). No reason is asked for. Someone else (the secretary) records it only
    with the person's agreement (``consent_noted``). ``note`` is private to the person and
    the secretary. With ``plan``, the meetings the period touches are listed for cover."""
    check_dates(starts_on, ends_on)
    if actor.id != user.id and not consent_noted:
        raise Refused(
            f"Confirm that {user.name} has agreed to this being recorded", field="consent"
        )
    period = Unavailability(
        user_id=user.id,
        starts_on=starts_on,
        ends_on=ends_on,
        recorded_by_id=actor.id,
        consent_noted=actor.id != user.id,
        note=_clean_note(note),
    )
    db.session.add(period)
    db.session.flush()
    on_behalf = "" if actor.id == user.id else ", with their agreement"
    record(
        actor,
        "availability.recorded",
        period,
        f"Recorded {user.name} as not available {describe_dates(starts_on, ends_on)}{on_behalf}",
    )
    if plan:
        from governors.cover import arranging

        arranging.plan_cover(actor, period)
    return period


def change_note(actor: Any, period: Unavailability, note: str | None) -> None:
    """The person (or the secretary) changes or clears the private note."""
    if period.note_erased_at is not None:
        raise Refused("This note was erased, as the council's retention rule says", field="note")
    period.note = _clean_note(note)
    db.session.flush()
    record(actor, "availability.note_changed", period, "Changed the private note on a period")


def end_early(actor: Any, period: Unavailability) -> Unavailability:
    """The person is available again from today: a period that has begun ends yesterday;
    one that has not begun (or begins today) is withdrawn. Cover not yet given for the
    days now free is released."""
    today = local_today()
    if period.is_withdrawn or (period.ends_on is not None and period.ends_on < today):
        raise Refused("This period has already ended")
    if period.starts_on >= today:
        period.withdrawn_at = utcnow()
        summary = f"Withdrew {period.user.name}'s period from {format_date(period.starts_on)}"
    else:
        period.ends_on = today - timedelta(days=1)
        period.ended_early_at = utcnow()
        summary = f"{period.user.name} is available again from {format_date(today)}"
    db.session.flush()
    record(actor, "availability.ended", period, summary)
    from governors.cover import arranging

    arranging.period_changed(actor, period)
    return period


def load_period(period_id: int) -> Unavailability | None:
    return db.session.scalars(
        sa.select(Unavailability)
        .options(joinedload(Unavailability.user), joinedload(Unavailability.recorded_by))
        .where(Unavailability.id == period_id)
    ).one_or_none()


def _live() -> sa.ColumnElement[bool]:
    return Unavailability.withdrawn_at.is_(None)


def periods_of(user: User) -> list[Unavailability]:
    """A person's own periods, the latest first (withdrawn ones left out)."""
    return list(
        db.session.scalars(
            sa.select(Unavailability)
            .where(Unavailability.user_id == user.id, _live())
            .order_by(Unavailability.starts_on.desc(), Unavailability.id.desc())
        )
    )


def current_and_coming(today: date | None = None) -> list[Unavailability]:
    """Everyone's periods that have not ended, soonest first: for the secretary."""
    today = today or local_today()
    return list(
        db.session.scalars(
            sa.select(Unavailability)
            .options(joinedload(Unavailability.user))
            .where(
                _live(),
                sa.or_(Unavailability.ends_on.is_(None), Unavailability.ends_on >= today),
            )
            .order_by(Unavailability.starts_on, Unavailability.id)
        )
    )


def unavailable_on(day: date, user_ids: Iterable[int] | None = None) -> set[int]:
    """Which people (of ``user_ids``, or of everyone) are not available on ``day``."""
    return unavailable_between(day, day, user_ids)


def unavailable_between(first: date, last: date, user_ids: Iterable[int] | None = None) -> set[int]:
    """Which people (of ``user_ids``, or of everyone) are away on any day from ``first``
    to ``last``."""
    query = sa.select(Unavailability.user_id).where(
        _live(),
        Unavailability.starts_on <= last,
        sa.or_(Unavailability.ends_on.is_(None), Unavailability.ends_on >= first),
    )
    if user_ids is not None:
        ids = sorted(set(user_ids))
        if not ids:
            return set()
        query = query.where(Unavailability.user_id.in_(ids))
    return set(db.session.scalars(query.distinct()))


def erase_after(period: Unavailability, months: int | None = None) -> date | None:
    """The day after which the period's private note is erased (None: not yet known)."""
    if months is None:
        months = current_settings().health_note_months
    end = period.ends_on
    if period.is_withdrawn:
        end = period.withdrawn_at.date() if period.withdrawn_at else period.starts_on
    return rules.note_erase_after(end, months)


def purge_notes(today: date | None = None) -> int:
    """Erase every private note kept past the council's retention time; how many. Each
    erasure is audited, without the note."""
    today = today or local_today()
    months = current_settings().health_note_months
    erased = 0
    periods = db.session.scalars(
        sa.select(Unavailability)
        .options(joinedload(Unavailability.user))
        .where(Unavailability.note.is_not(None))
        .order_by(Unavailability.id)
    )
    for period in periods:
        after = erase_after(period, months)
        if after is None or today <= after:
            continue
        period.note = None
        period.note_erased_at = utcnow()
        erased += 1
        db.session.flush()
        record(
            None,
            "availability.note_erased",
            period,
            f"Erased the private note on {period.user.name}'s period from "
            f"{format_date(period.starts_on)}, kept {months} months after it ended",
        )
    return erased
