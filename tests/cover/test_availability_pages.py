"""Saying you are not available, through the pages: two steps from the header link, the
secretary recording a period with the person's agreement, bad input answered on the form,
ending a period early in one step, and the private note kept to its person and the
secretary."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from governors.audit.models import AuditEntry
from governors.council.models import DEFAULTS, CouncilSettings
from governors.cover import services
from governors.cover.models import Unavailability
from governors.extensions import db
from governors.forms import DATE_PARTS
from governors.people.models import Role, User
from tests import factories
from tests.meetings.helpers import page_text, path

# Monday 4 January 2027.
pytestmark = pytest.mark.clock(datetime(2027, 1, 4, 10, 0, tzinfo=UTC))

NOTE = "Canary: back at the Larch Unit for a fortnight, then a new medicine"


@dataclass
class People:
    secretary: User
    chair: User
    lead: User
    governor: User
    other_governor: User
    ned: User
    officer: User


@pytest.fixture
def people(app) -> People:
    found = People(
        secretary=factories.secretary(name="Rachel Turner"),
        chair=factories.chair(name="Helen Carter"),
        lead=factories.governor(roles=(Role.LEAD_GOVERNOR,), name="Tom Lead"),
        governor=factories.governor("service_user", name="Sam Okafor"),
        other_governor=factories.governor(name="Priya Shah"),
        ned=factories.UserFactory(roles=[Role.NED], name="Richard Penrose"),
        officer=factories.UserFactory(roles=[Role.OFFICER], name="Olive Officer"),
    )
    db.session.commit()
    return found


def _form(**overrides: str) -> dict[str, str]:
    data = {
        "starts_on-day": "4",
        "starts_on-month": "1",
        "starts_on-year": "2027",
        "until": "known",
        "ends_on-day": "22",
        "ends_on-month": "1",
        "ends_on-year": "2027",
        "note": NOTE,
    }
    return data | overrides


def _periods() -> list[Unavailability]:
    return list(db.session.scalars(sa.select(Unavailability).order_by(Unavailability.id)))


def _period(person: User, **kwargs) -> Unavailability:
    kwargs.setdefault("starts_on", date(2027, 1, 4))
    kwargs.setdefault("ends_on", date(2027, 1, 22))
    kwargs.setdefault("note", NOTE)
    period = services.record_unavailability(person, person, plan=False, **kwargs)
    db.session.commit()
    return period


def _html(response) -> str:
    return response.get_data(as_text=True)


# The header link and the two steps -----------------------------------------------------


def test_every_page_a_governor_uses_links_to_saying_they_are_not_available(client, sign_in, people):
    sign_in(people.governor)
    for url in ("/", path("governors.meetings.calendar"), path("governors.people.directory")):
        html = _html(client.get(url))
        assert f'href="{path("governors.availability.new")}"' in html, url
        assert "Not available?" in html
    sign_in(people.officer)
    home = page_text(client.get("/"))
    assert "Sign out" in home
    assert "Not available?" not in home
    assert "Your name" not in page_text(client.get("/"))
    sign_in(people.secretary)
    html = _html(client.get("/"))
    assert f'href="{path("governors.availability.everyone")}"' in html
    assert "Not available?" not in html


def test_the_form_asks_for_no_reason_and_says_who_reads_the_note(client, sign_in, people):
    sign_in(people.governor)
    response = client.get(path("governors.availability.new"))
    assert response.status_code == 200
    text = page_text(response)
    assert "Tell us you are not available" in text
    assert "You do not need to give a reason." in text
    assert "Only you and the board secretary can read it." in text
    assert "It is deleted 12 months after the period ends." in text
    assert "Until further notice" in text and "On a day I know" in text
    # The first day is today unless changed; no field asks why.
    html = _html(response)
    assert 'id="starts_on-day" name="starts_on-day" type="text" value="4"' in html
    assert 'id="starts_on-year" name="starts_on-year" type="text" value="2027"' in html
    assert 'id="ends_on-day" name="ends_on-day" type="text" value=""' in html
    names = set(re.findall(r'name="([^"]+)"', html.split('action="/availability/new"')[1]))
    assert names - {"csrf_token"} == {
        *(f"{date}-{part}" for date in ("starts_on", "ends_on") for part in DATE_PARTS),
        "until",
        "note",
    }


def test_the_note_hint_follows_the_council_setting(client, sign_in, people):
    db.session.add(CouncilSettings(id=1, **(DEFAULTS | {"health_note_months": 6})))
    db.session.commit()
    sign_in(people.governor)
    text = page_text(client.get(path("governors.availability.new")))
    assert "It is deleted 6 months after the period ends." in text


def test_a_governor_says_they_are_not_available_in_two_steps(client, sign_in, people):
    sign_in(people.governor)
    url = path("governors.availability.new")
    check = client.post(url, data=_form())
    assert check.status_code == 200
    text = page_text(check)
    assert "Check your answers" in text
    assert "First day Monday 4 January 2027" in text
    assert "Last day Friday 22 January 2027" in text
    assert NOTE in text
    assert _periods() == []  # nothing is recorded until they confirm
    html = _html(check)
    assert 'type="hidden" name="ends_on-day" value="22"' in html
    assert f'type="hidden" name="note" value="{NOTE}"' in html

    # "Change" goes back to the form with every answer kept.
    back = client.post(url, data=_form(change="1"))
    assert back.status_code == 200
    assert "Tell us you are not available" in page_text(back)
    assert "There is a problem" not in page_text(back)
    assert 'value="22"' in _html(back) and NOTE in _html(back)
    assert _periods() == []

    done = client.post(url, data=_form(confirm="1"))
    [period] = _periods()
    assert done.status_code == 302
    assert done.location.endswith(path("governors.availability.period", period_id=period.id))
    assert (period.user_id, period.recorded_by_id) == (people.governor.id, people.governor.id)
    assert (period.starts_on, period.ends_on) == (date(2027, 1, 4), date(2027, 1, 22))
    assert period.note == NOTE and not period.consent_noted
    page = client.get(done.location)
    text = page_text(page)
    message = (
        "Thank you. You are recorded as not available from Monday 4 January 2027 to "
        "Friday 22 January 2027."
    )
    assert message in text
    # The success message holds no note; the note is in its labelled box only.
    banners = re.findall(r'nhsuk-notification-banner__content">(.*?)</div>', _html(page), re.S)
    assert any("Thank you." in banner for banner in banners)
    assert all("Canary" not in banner for banner in banners)
    assert "Private: only you and the board secretary can see this." in text
    assert NOTE in text
    assert "Recorded by You, on Monday 4 January 2027" in text
    assert "It will be deleted on Saturday 22 January 2028, or soon after." in text
    entry = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "availability.recorded")
    ).one()
    assert "Canary" not in f"{entry.summary} {entry.before} {entry.after}"
    assert "Recorded Sam Okafor as not available" in entry.summary


def test_until_further_notice_needs_no_last_day(client, sign_in, people):
    sign_in(people.governor)
    data = _form(until="further", note="")
    data |= {"ends_on-day": "", "ends_on-month": "", "ends_on-year": ""}
    check = client.post(path("governors.availability.new"), data=data)
    assert "Last day Until further notice" in page_text(check)
    assert "Private note None" in page_text(check)
    done = client.post(path("governors.availability.new"), data=data | {"confirm": "1"})
    assert done.status_code == 302
    [period] = _periods()
    assert period.ends_on is None and period.note is None
    text = page_text(client.get(done.location))
    assert "from Monday 4 January 2027 until further notice" in text
    assert "There is no private note." in text


def test_a_last_day_typed_then_left_for_until_further_notice_does_not_count(
    client, sign_in, people
):
    sign_in(people.governor)
    data = _form(until="further", **{"ends_on-day": "40"})
    check = client.post(path("governors.availability.new"), data=data)
    assert "Check your answers" in page_text(check)
    assert "Last day Until further notice" in page_text(check)


@pytest.mark.parametrize(
    ("typed", "message", "anchor"),
    [
        (
            {"ends_on-day": "2"},
            "Last day must be the same as or after the first day",
            "ends_on-day",
        ),
        ({"starts_on-day": "40"}, "First day must have a day from 1 to 31", "starts_on-day"),
        (
            {"starts_on-day": "31", "starts_on-month": "2"},
            "First day must be a real date, like 21 1 2027",
            "starts_on-day",
        ),
        ({"ends_on-month": ""}, "Last day must include a month", "ends_on-month"),
        (
            {"ends_on-day": "", "ends_on-month": "", "ends_on-year": ""},
            "Enter the last day, or choose until further notice",
            "ends_on-day",
        ),
        (
            {"starts_on-day": "", "starts_on-month": "", "starts_on-year": ""},
            "Enter the first day you are not available",
            "starts_on-day",
        ),
        ({"until": ""}, "Select whether you know your last day", "until"),
        ({"until": "never"}, "Select whether you know your last day", "until"),
        ({"note": "x" * 2001}, "Private note must be 2,000 characters or fewer", "note"),
        (
            {"starts_on-day": "1", "starts_on-month": "11", "starts_on-year": "2026"},
            "First day must be today or within the last month",
            "starts_on-day",
        ),
    ],
)
@pytest.mark.parametrize("step", ["continue", "confirm"])
def test_bad_input_is_answered_on_the_form_with_what_was_typed(
    client, sign_in, people, typed, message, anchor, step
):
    sign_in(people.governor)
    data = _form(**typed)
    if step == "confirm":
        data["confirm"] = "1"
    response = client.post(path("governors.availability.new"), data=data)
    assert response.status_code == 200
    text = page_text(response)
    assert "There is a problem" in text
    assert message in text
    assert f'href="#{anchor}"' in _html(response)
    assert "Tell us you are not available" in text
    # What was typed is kept.
    html = _html(response)
    for name, value in data.items():
        if name in ("confirm", "until") or not value or len(value) > 100:
            continue
        assert f'value="{value}"' in html or f">{value}</textarea>" in html, name
    assert _periods() == []


# On someone's behalf --------------------------------------------------------------------


def _record_form(person: User, **overrides: str) -> dict[str, str]:
    return _form(person=str(person.id), **overrides)


def test_the_secretary_records_a_period_only_with_the_persons_agreement(client, sign_in, people):
    sign_in(people.secretary)
    form = client.get(path("governors.availability.record"))
    assert form.status_code == 200
    text = page_text(form)
    assert "Record that someone is not available" in text
    assert "They have agreed to this being recorded" in text
    # Those who may sit on a body; not the officer.
    assert "Sam Okafor" in text and "Richard Penrose" in text
    assert "Olive Officer" not in text

    refused = client.post(path("governors.availability.record"), data=_record_form(people.governor))
    assert refused.status_code == 200
    text = page_text(refused)
    assert "There is a problem" in text
    assert "Confirm that Sam Okafor has agreed to this being recorded" in text
    assert 'href="#consent"' in _html(refused)
    assert NOTE in _html(refused)  # what was typed is kept
    assert _periods() == []

    done = client.post(
        path("governors.availability.record"), data=_record_form(people.governor, consent="y")
    )
    [period] = _periods()
    assert done.status_code == 302
    assert (period.user_id, period.recorded_by_id) == (people.governor.id, people.secretary.id)
    assert period.consent_noted
    text = page_text(client.get(done.location))
    assert "Sam Okafor is recorded as not available from Monday 4 January 2027" in text
    assert "Rachel Turner, the board secretary, with their agreement" in text
    assert "Private: only Sam Okafor and the board secretary can see this." in text
    assert NOTE in text

    sign_in(people.governor)
    text = page_text(client.get(done.location))
    assert "Rachel Turner, the board secretary, with your agreement" in text
    assert NOTE in text


def test_the_secretary_must_choose_someone_from_the_list(client, sign_in, people):
    sign_in(people.secretary)
    for chosen in ("", str(people.officer.id), "nobody"):
        response = client.post(
            path("governors.availability.record"), data=_form(person=chosen, consent="y")
        )
        assert response.status_code == 200
        assert "Choose who is not available from the list" in page_text(response)
    assert _periods() == []


def test_the_secretary_sees_who_is_away_and_whether_there_is_a_note_only(client, sign_in, people):
    _period(people.governor)
    _period(
        people.other_governor,
        starts_on=date(2027, 1, 18),
        ends_on=None,
        note=None,
    )
    _period(people.ned, starts_on=date(2026, 12, 10), ends_on=date(2026, 12, 20))
    sign_in(people.secretary)
    response = client.get(path("governors.availability.everyone"))
    assert response.status_code == 200
    text = page_text(response)
    assert "Away now" in text and "Away soon" in text
    now = _html(response).split('id="away-now"')[1].split("</table>")[0]
    soon = _html(response).split('id="away-soon"')[1].split("</table>")[0]
    assert "Sam Okafor" in now and "Has a private note" in now
    assert "Priya Shah" in soon and "Until further notice" in soon
    assert "Has a private note" not in soon
    # A period that has ended is not listed, and no note is ever shown here.
    assert "Richard Penrose" not in text
    assert "Canary" not in _html(response)


# One period: the note, and ending early ---------------------------------------------------


def test_a_period_that_has_begun_ends_yesterday_in_one_step(client, sign_in, people):
    period = _period(people.governor, starts_on=date(2026, 12, 28))
    sign_in(people.governor)
    page = page_text(client.get(path("governors.availability.period", period_id=period.id)))
    assert "I am available again" in page
    response = client.post(path("governors.availability.end", period_id=period.id))
    assert response.status_code == 302
    db.session.refresh(period)
    assert period.ends_on == date(2027, 1, 3) and period.ended_early_at is not None
    assert not period.is_withdrawn
    text = page_text(client.get(response.location))
    assert "You are available again from today, Monday 4 January 2027." in text
    assert "Ended early" in text
    assert "I am available again" not in text
    # A second press says so, and changes nothing.
    again = client.post(path("governors.availability.end", period_id=period.id))
    assert "This period has already ended" in page_text(client.get(again.location))


def test_a_period_not_begun_is_withdrawn_in_one_step(client, sign_in, people):
    period = _period(people.governor, starts_on=date(2027, 1, 11))
    sign_in(people.governor)
    response = client.post(path("governors.availability.end", period_id=period.id))
    assert response.status_code == 302
    db.session.refresh(period)
    assert period.is_withdrawn and period.ends_on == date(2027, 1, 22)
    text = page_text(client.get(response.location))
    assert "You are no longer recorded as away. The period is withdrawn." in text
    assert "Withdrawn" in text
    assert services.unavailable_on(date(2027, 1, 12)) == set()


def test_the_secretary_ends_a_period_for_someone(client, sign_in, people):
    period = _period(people.governor, starts_on=date(2027, 1, 1))
    sign_in(people.secretary)
    response = client.post(path("governors.availability.end", period_id=period.id))
    text = page_text(client.get(response.location))
    assert "Sam Okafor is available again from today, Monday 4 January 2027." in text


def test_the_person_changes_and_removes_their_note(client, sign_in, people):
    period = _period(people.governor)
    sign_in(people.governor)
    url = path("governors.availability.change_note", period_id=period.id)
    response = client.post(url, data={"note": "Canary two: a new note"})
    assert response.status_code == 302
    db.session.refresh(period)
    assert period.note == "Canary two: a new note"
    text = page_text(client.get(response.location))
    assert "The private note is saved." in text and "Canary two: a new note" in text

    too_long = client.post(url, data={"note": "y" * 2001})
    assert too_long.status_code == 200
    assert "Private note must be 2,000 characters or fewer" in page_text(too_long)
    assert 'href="#note"' in _html(too_long)
    assert "y" * 2001 in _html(too_long)

    removed = client.post(url, data={"note": "  "})
    db.session.refresh(period)
    assert period.note is None
    assert "The private note is removed." in page_text(client.get(removed.location))
    entries = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "availability.note_changed")
    ).all()
    assert len(entries) == 2
    assert all("Canary" not in f"{e.summary} {e.before} {e.after}" for e in entries)


def test_an_erased_note_says_when_it_was_erased(client, sign_in, people):
    period = factories.UnavailabilityFactory(
        user=people.governor, starts_on=date(2025, 12, 20), ends_on=date(2025, 12, 22), note=NOTE
    )
    assert services.purge_notes() == 1
    db.session.commit()
    sign_in(people.governor)
    text = page_text(client.get(path("governors.availability.period", period_id=period.id)))
    assert "The note was erased on Monday 4 January 2027" in text
    assert "Canary" not in text
    assert "Save the note" not in text


def test_your_availability_lists_your_periods(client, sign_in, people):
    coming = _period(people.governor, starts_on=date(2027, 2, 1), ends_on=date(2027, 2, 5))
    past = _period(people.governor, starts_on=date(2026, 12, 10), ends_on=date(2026, 12, 12))
    _period(people.other_governor)
    sign_in(people.governor)
    response = client.get(path("governors.availability.index"))
    assert response.status_code == 200
    html = _html(response)
    current = html.split('id="current"')[1].split("</ul>")[0]
    earlier = html.split('id="past"')[1].split("</ul>")[0]
    assert path("governors.availability.period", period_id=coming.id) in current
    assert "Monday 1 February 2027 to Friday 5 February 2027" in current
    assert path("governors.availability.period", period_id=past.id) in earlier
    assert "Priya" not in html and "Canary" not in html
    assert f'href="{path("governors.availability.new")}"' in html


@pytest.mark.parametrize("role", ["chair", "lead", "other_governor", "ned", "officer"])
def test_no_one_else_opens_a_period_or_reads_its_note(client, sign_in, people, role):
    period = _period(people.governor)
    sign_in(getattr(people, role))
    for method, endpoint in (
        ("GET", "governors.availability.period"),
        ("POST", "governors.availability.change_note"),
        ("POST", "governors.availability.end"),
    ):
        response = client.open(path(endpoint, period_id=period.id), method=method)
        assert response.status_code == 403, endpoint
        assert "You do not have permission to see this page" in page_text(response)
        assert "Canary" not in _html(response)
    for endpoint in ("governors.availability.everyone", "governors.availability.record"):
        response = client.get(path(endpoint))
        assert response.status_code == 403
        assert "Canary" not in _html(response)
    db.session.refresh(period)
    assert period.note == NOTE and period.ends_on == date(2027, 1, 22)


def test_a_period_that_does_not_exist_is_not_found(client, sign_in, people):
    sign_in(people.governor)
    for method, endpoint in (
        ("GET", "governors.availability.period"),
        ("POST", "governors.availability.change_note"),
        ("POST", "governors.availability.end"),
    ):
        response = client.open(path(endpoint, period_id=999_999), method=method)
        assert response.status_code == 404
        assert "Page not found" in page_text(response)


# The council's setting --------------------------------------------------------------------


SETTINGS = {
    "council_name": "Council of Governors",
    "trust_name": "Northshire NHS Foundation Trust",
    "clear_days": "10",
    "counting": "calendar",
    "nation": "england",
    "response_days": "14",
    "question_answer_days": "20",
}


def test_the_secretary_sets_how_long_notes_are_kept(client, sign_in, people):
    sign_in(people.secretary)
    page = page_text(client.get(path("governors.council.edit")))
    assert (
        "How long to keep private notes about availability, in months, after the period ends"
        in page
    )
    response = client.post(
        path("governors.council.edit"), data=SETTINGS | {"health_note_months": "6"}
    )
    assert response.status_code == 302
    assert db.session.get(CouncilSettings, 1).health_note_months == 6
    for bad in ("0", "121"):
        refused = client.post(
            path("governors.council.edit"), data=SETTINGS | {"health_note_months": bad}
        )
        assert refused.status_code == 200
        assert "Months to keep private notes must be between 1 and 120" in page_text(refused)
    # A form sent without it keeps the saved value.
    kept = client.post(path("governors.council.edit"), data=SETTINGS | {"trust_name": "Other"})
    assert kept.status_code == 302
    assert db.session.get(CouncilSettings, 1).health_note_months == 6
