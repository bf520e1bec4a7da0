"""Periods of unavailability in the services: recording (own, or with agreement), ending
early, and the private note kept only as long as the council allows, then erased by
``flask governors purge`` with the erasure audited without its content."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from governors.audit.models import AuditEntry
from governors.council.models import DEFAULTS, CouncilSettings
from governors.cover import services
from governors.cover.models import Unavailability
from governors.errors import Refused
from governors.extensions import db
from tests import factories

# Monday 4 January 2027.
pytestmark = [
    pytest.mark.clock(datetime(2027, 1, 4, 10, 0, tzinfo=UTC)),
    pytest.mark.usefixtures("app"),
]

NOTE = "Canary: admitted to the Larch Unit"


def _old(user=None, **kwargs) -> Unavailability:
    """A period as it stands in the database (dates the form would not take now)."""
    kwargs.setdefault("note", NOTE)
    return factories.UnavailabilityFactory(user=user or factories.governor(), **kwargs)


def _erasures() -> list[AuditEntry]:
    return list(
        db.session.scalars(
            sa.select(AuditEntry)
            .where(AuditEntry.action == "availability.note_erased")
            .order_by(AuditEntry.id)
        )
    )


def _set_months(months: int) -> None:
    db.session.add(CouncilSettings(id=1, **(DEFAULTS | {"health_note_months": months})))
    db.session.flush()


# Recording -----------------------------------------------------------------------------


def test_a_person_records_their_own_period_with_no_reason_asked():
    person = factories.governor(name="Sam Okafor")
    period = services.record_unavailability(
        person, person, starts_on=date(2027, 1, 4), ends_on=None, note=f"  {NOTE}  ", plan=False
    )
    assert period.note == NOTE  # the spaces typed around it are dropped
    assert period.recorded_by_id == person.id and not period.consent_noted
    assert services.unavailable_on(date(2027, 6, 1)) == {person.id}
    [entry] = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "availability.recorded")
    )
    assert entry.summary == (
        "Recorded Sam Okafor as not available from Monday 4 January 2027 until further notice"
    )
    assert "Canary" not in f"{entry.before} {entry.after}"


def test_someone_else_records_it_only_with_the_persons_agreement():
    person, secretary = factories.governor(name="Sam Okafor"), factories.secretary()
    with pytest.raises(Refused) as refused:
        services.record_unavailability(
            secretary, person, starts_on=date(2027, 1, 4), note=NOTE, plan=False
        )
    assert refused.value.field == "consent"
    assert refused.value.message == "Confirm that Sam Okafor has agreed to this being recorded"
    assert db.session.scalars(sa.select(Unavailability)).all() == []
    period = services.record_unavailability(
        secretary, person, starts_on=date(2027, 1, 4), consent_noted=True, plan=False
    )
    assert period.consent_noted and period.recorded_by_id == secretary.id
    entry = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "availability.recorded")
    ).one()
    assert entry.summary.endswith(", with their agreement")


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "field", "message"),
    [
        (
            date(2027, 1, 10),
            date(2027, 1, 9),
            "ends_on",
            "Last day must be the same as or after the first day",
        ),
        (date(2026, 12, 3), None, "starts_on", "First day must be today or within the last month"),
    ],
)
def test_dates_a_period_cannot_have_are_refused(starts_on, ends_on, field, message):
    person = factories.governor()
    with pytest.raises(Refused) as refused:
        services.record_unavailability(
            person, person, starts_on=starts_on, ends_on=ends_on, plan=False
        )
    assert (refused.value.field, refused.value.message) == (field, message)
    # A month back is still in time, and a one-day period is fine.
    services.check_dates(date(2026, 12, 4), date(2026, 12, 4))


def test_a_note_too_long_is_refused():
    person = factories.governor()
    with pytest.raises(Refused) as refused:
        services.record_unavailability(
            person, person, starts_on=date(2027, 1, 4), note="x" * 2001, plan=False
        )
    assert refused.value.field == "note"
    assert refused.value.message == "Private note must be 2,000 characters or fewer"
    period = services.record_unavailability(
        person, person, starts_on=date(2027, 1, 4), note="x" * 2000, plan=False
    )
    assert len(period.note) == 2000


# Ending early ---------------------------------------------------------------------------


def test_a_period_that_has_begun_ends_yesterday():
    period = _old(starts_on=date(2026, 12, 28), ends_on=None)
    services.end_early(period.user, period)
    assert period.ends_on == date(2027, 1, 3) and period.ended_early_at is not None
    assert not period.is_withdrawn
    assert services.unavailable_on(date(2027, 1, 4)) == set()
    assert services.unavailable_on(date(2027, 1, 3)) == {period.user_id}
    with pytest.raises(Refused, match="already ended"):
        services.end_early(period.user, period)


@pytest.mark.parametrize("starts_on", [date(2027, 1, 4), date(2027, 2, 1)])
def test_a_period_not_yet_begun_or_beginning_today_is_withdrawn(starts_on):
    period = _old(starts_on=starts_on, ends_on=date(2027, 2, 12))
    services.end_early(period.user, period)
    assert period.is_withdrawn and period.ends_on == date(2027, 2, 12)
    assert services.unavailable_between(date(2027, 1, 1), date(2027, 3, 1)) == set()
    assert services.periods_of(period.user) == []
    entry = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "availability.ended")
    ).one()
    assert entry.summary.startswith("Withdrew")
    with pytest.raises(Refused):
        services.end_early(period.user, period)


def test_changing_the_note_is_audited_without_it():
    period = _old(starts_on=date(2027, 1, 4))
    services.change_note(period.user, period, "Canary: a different note")
    assert period.note == "Canary: a different note"
    services.change_note(period.user, period, "")
    assert period.note is None
    entries = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "availability.note_changed")
    ).all()
    assert [entry.summary for entry in entries] == ["Changed the private note on a period"] * 2
    assert all("Canary" not in f"{e.before} {e.after}" for e in entries)


# Retention and purge ----------------------------------------------------------------------


def test_notes_are_erased_only_once_kept_the_set_months_after_the_period_ends():
    person = factories.governor(name="Sam Okafor")
    # Ended 3 January 2026: kept to 3 January 2027, erased from the 4th.
    due = _old(person, starts_on=date(2025, 12, 1), ends_on=date(2026, 1, 3))
    # Ended 4 January 2026: kept to today, erased tomorrow.
    kept_today = _old(person, starts_on=date(2025, 12, 1), ends_on=date(2026, 1, 4))
    recent = _old(person, starts_on=date(2026, 11, 1), ends_on=date(2026, 12, 1))
    open_ended = _old(person, starts_on=date(2025, 1, 1), ends_on=None)
    without = _old(person, starts_on=date(2025, 1, 1), ends_on=date(2025, 1, 2), note=None)

    assert services.erase_after(due) == date(2027, 1, 3)
    assert services.erase_after(open_ended) is None
    assert services.purge_notes() == 1
    assert due.note is None and due.note_erased_at is not None
    for period in (kept_today, recent, open_ended):
        assert period.note == NOTE and period.note_erased_at is None
    assert without.note_erased_at is None  # nothing to erase, nothing said
    # The period itself stays: only the note goes.
    assert db.session.get(Unavailability, due.id).ends_on == date(2026, 1, 3)

    [entry] = _erasures()
    assert entry.actor_id is None
    assert entry.summary == (
        "Erased the private note on Sam Okafor's period from Monday 1 December 2025, "
        "kept 12 months after it ended"
    )
    assert "Canary" not in f"{entry.summary} {entry.before} {entry.after}"

    # Run again: nothing more today; tomorrow the next one.
    assert services.purge_notes() == 0
    assert services.purge_notes(today=date(2027, 1, 5)) == 1
    assert kept_today.note is None
    assert len(_erasures()) == 2


def test_the_retention_time_is_the_councils_setting():
    _set_months(3)
    period = _old(starts_on=date(2026, 9, 1), ends_on=date(2026, 10, 1))
    assert services.erase_after(period) == date(2027, 1, 1)
    assert services.purge_notes() == 1
    assert "kept 3 months after it ended" in _erasures()[0].summary


def test_a_period_ended_early_is_kept_from_its_new_last_day():
    period = _old(starts_on=date(2026, 12, 20), ends_on=None)
    services.end_early(period.user, period)
    assert services.erase_after(period) == date(2028, 1, 3)
    assert services.purge_notes(today=date(2028, 1, 3)) == 0
    assert services.purge_notes(today=date(2028, 1, 4)) == 1


def test_a_withdrawn_period_is_kept_from_the_day_it_was_withdrawn():
    period = _old(starts_on=date(2027, 3, 1), ends_on=date(2027, 6, 30))
    services.end_early(period.user, period)
    assert services.erase_after(period) == date(2028, 1, 4)
    assert services.purge_notes(today=date(2028, 1, 5)) == 1


def test_an_erased_note_cannot_be_changed():
    period = _old(starts_on=date(2025, 1, 1), ends_on=date(2025, 1, 2))
    services.purge_notes()
    with pytest.raises(Refused, match="erased"):
        services.change_note(period.user, period, "Canary: again")
    assert period.note is None


def test_the_purge_command_erases_and_says_how_many(app):
    _old(starts_on=date(2025, 1, 1), ends_on=date(2025, 1, 2))
    _old(starts_on=date(2025, 2, 1), ends_on=date(2025, 2, 2))
    _old(starts_on=date(2026, 12, 1), ends_on=date(2026, 12, 2))
    db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["governors", "purge"])
    assert result.exit_code == 0, result.output
    # The first line; the command then tidies the upload folder, which may say more.
    assert result.output.splitlines()[0] == "Erased 2 private notes."
    assert "Canary" not in result.output
    notes = db.session.scalars(sa.select(Unavailability.note).order_by(Unavailability.id)).all()
    assert notes == [None, None, NOTE]
    assert len(_erasures()) == 2
    again = runner.invoke(args=["governors", "purge"])
    assert again.output.splitlines()[0] == "Erased 0 private notes."
