"""The audit log page: newest first, filters, pagination, readable changes, secretary only."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from governors.audit.models import AuditEntry
from governors.audit.views import describe_changes, show_value
from governors.extensions import db
from tests import factories
from tests.people.conftest import page_text
from tests.queries import counting_queries

BASE = datetime(2027, 1, 10, 12, 0, tzinfo=UTC)


def _entry(actor, action="person.updated", when=BASE, record_type="users", **kwargs):
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        action=action,
        record_type=record_type,
        record_id=kwargs.pop("record_id", 1),
        summary=kwargs.pop("summary", f"{action} at {when:%d %H:%M}"),
        occurred_at=when,
        **kwargs,
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def _rows(response) -> str:
    text = page_text(response)
    return text[text.index("When Who What Changes") :]


def test_newest_first_with_who_what_when_and_changes(as_secretary, secretary):
    person = factories.governor(name="Amy Public")
    _entry(secretary, summary="Older change", when=BASE)
    _entry(
        secretary,
        summary="Changed details of Amy Public",
        when=BASE + timedelta(days=1),
        record_id=person.id,
        before={"roles": ["governor"], "term_end": "2028-03-31", "active": True},
        after={"roles": ["governor", "lead_governor"], "term_end": "2029-03-31", "active": False},
    )
    _entry(
        None,
        action="requests.overdue_flagged",
        record_type="agenda_requests",
        summary="Flagged an overdue answer",
        when=BASE - timedelta(days=1),
    )
    response = as_secretary.get("/audit/")
    assert response.status_code == 200
    rows = _rows(response)
    assert rows.index("Changed details of Amy Public") < rows.index("Older change")
    assert rows.index("Older change") < rows.index("Flagged an overdue answer")
    # London time: 12:00 UTC on 11 January is 12:00 GMT. Each cell starts with its column's
    # heading, shown when the rows stack on a narrow screen.
    assert "11 Jan 2027 at 12:00 Who Sam Okafor What Changed details of Amy Public" in rows
    assert "Person's details changed · Person" in rows
    # Sighted readers see an arrow; screen readers hear "changed to".
    assert "Roles: Governor → changed to Governor, Lead governor" in rows
    assert "Term end: 31 Mar 2028 → changed to 31 Mar 2029" in rows
    assert "Active: Yes → changed to No" in rows
    assert "The system What Flagged an overdue answer" in rows
    assert "Requests overdue flagged · Agenda request" in rows
    html = response.get_data(as_text=True)
    assert f'href="/people/{person.id}"' in html


def test_summer_times_are_shown_in_british_summer_time(as_secretary, secretary):
    _entry(secretary, when=datetime(2027, 7, 1, 23, 30, tzinfo=UTC), summary="Late change")
    assert "2 Jul 2027 at 00:30 Who Sam Okafor What Late change" in _rows(
        as_secretary.get("/audit/")
    )


def test_filters_by_who_record_action_and_london_dates(as_secretary, secretary):
    other = factories.secretary(name="Olu Other")
    _entry(secretary, summary="Mine on the 10th", when=BASE)
    _entry(other, summary="Theirs on the 12th", when=BASE + timedelta(days=2))
    _entry(
        secretary,
        action="settings.updated",
        record_type="council_settings",
        summary="Settings on the 14th",
        when=BASE + timedelta(days=4),
    )
    _entry(None, summary="System on the 11th", when=BASE + timedelta(days=1))

    def shown(**args) -> str:
        return _rows(as_secretary.get("/audit/", query_string=args))

    by_other = shown(who=str(other.id))
    assert "Theirs on the 12th" in by_other and "Mine on the 10th" not in by_other
    assert "System on the 11th" in shown(who="system")
    assert "Mine on the 10th" not in shown(who="system")
    settings_only = shown(record_type="council_settings")
    assert "Settings on the 14th" in settings_only and "Mine on the 10th" not in settings_only
    assert "Settings on the 14th" not in shown(action="person.updated")
    between = shown(
        **{
            "date_from-day": "11",
            "date_from-month": "1",
            "date_from-year": "2027",
            "date_to-day": "12",
            "date_to-month": "1",
            "date_to-year": "2027",
        }
    )
    assert "System on the 11th" in between and "Theirs on the 12th" in between
    assert "Mine on the 10th" not in between and "Settings on the 14th" not in between
    text = page_text(as_secretary.get("/audit/", query_string={"who": str(other.id)}))
    assert "1 entry matches your filters." in text
    assert "Clear filters" in text


def test_filter_choices_list_people_records_and_actions(as_secretary, secretary):
    _entry(secretary, action="settings.updated", record_type="council_settings")
    html = re.sub(r"\s+>", ">", as_secretary.get("/audit/").get_data(as_text=True))
    assert f'<option value="{secretary.id}">Sam Okafor</option>' in html
    assert '<option value="council_settings">Council settings</option>' in html
    assert '<option value="settings.updated">Council settings changed</option>' in html


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            {"date_from-day": "31", "date_from-month": "2", "date_from-year": "2027"},
            "Date from must be a real date, like 21 1 2027",
        ),
        (
            {"date_to-day": "1", "date_to-month": "", "date_to-year": "2027"},
            "Date to must include a month",
        ),
        (
            {
                "date_from-day": "5",
                "date_from-month": "1",
                "date_from-year": "2027",
                "date_to-day": "4",
                "date_to-month": "1",
                "date_to-year": "2027",
            },
            "Date to must be the same as or after date from",
        ),
    ],
)
def test_bad_dates_give_a_field_error_not_a_crash(as_secretary, secretary, args, message):
    _entry(secretary, summary="Still listed")
    response = as_secretary.get("/audit/", query_string=args)
    assert response.status_code == 200
    text = page_text(response)
    assert text.startswith("Error: Audit log")
    assert message in text
    assert "Still listed" in text
    for key, value in args.items():
        if value:
            assert f'value="{value}"' in response.get_data(as_text=True), key


def test_nonsense_page_numbers_are_not_found_and_nonsense_filters_match_nothing(
    as_secretary, secretary
):
    _entry(secretary, summary="Only entry")
    for page in ("x", "²", "0", "-1", "99999999999999999999"):
        response = as_secretary.get("/audit/", query_string={"page": page})
        assert response.status_code == 404, page
        assert "Page not found" in page_text(response)
    # A page past the end is simply empty.
    past = as_secretary.get("/audit/", query_string={"page": "999"})
    assert past.status_code == 200
    assert "Audit log" in page_text(past)
    for args in (
        {"who": "nobody"},
        {"who": "99999999999999999999"},
        {"record_id": "abc"},
        {"record_id": "²"},
        {"record_id": "99999999999999999999"},
    ):
        response = as_secretary.get("/audit/", query_string=args)
        assert response.status_code == 200, args
        text = page_text(response)
        assert "Audit log" in text
        assert "Only entry" not in text, args
    assert "Only entry" in page_text(as_secretary.get("/audit/"))


def test_pages_of_fifty_with_nhs_pagination_keeping_filters(as_secretary, secretary):
    for n in range(55):
        _entry(secretary, summary=f"Change number {n:02d}", when=BASE + timedelta(minutes=n))
    first = as_secretary.get("/audit/", query_string={"who": str(secretary.id)})
    text = page_text(first)
    assert "55 entries match your filters. Page 1 of 2." in text
    assert "Change number 54" in text and "Change number 04" not in text
    html = first.get_data(as_text=True)
    assert "nhsuk-pagination" in html
    assert f'href="/audit/?page=2&amp;who={secretary.id}" class="nhsuk-pagination__next"' in html
    second = page_text(as_secretary.get("/audit/", query_string={"page": 2}))
    assert "Change number 04" in second and "Change number 05" not in second


def test_the_log_costs_the_same_queries_for_any_number_of_entries(as_secretary, secretary):
    _entry(secretary)
    as_secretary.get("/audit/")
    with counting_queries() as few:
        as_secretary.get("/audit/")
    for n in range(40):
        actor = factories.secretary(name=f"Secretary {n}")
        _entry(
            actor,
            action=f"thing.{n % 5}",
            record_type=f"type_{n % 4}",
            before={"name": "a"},
            after={"name": "b"},
        )
    with counting_queries() as many:
        response = as_secretary.get("/audit/")
    assert "Secretary 39" in page_text(response)
    assert len(many) == len(few)


def test_an_audit_entry_cannot_be_changed(app, secretary):
    entry = _entry(secretary)
    entry.summary = "rewritten"
    with pytest.raises(RuntimeError, match="append-only"):
        db.session.flush()


def test_an_audit_entry_cannot_be_deleted(app, secretary):
    db.session.delete(_entry(secretary))
    with pytest.raises(RuntimeError, match="append-only"):
        db.session.flush()


def test_changes_read_as_plain_words():
    changes = describe_changes(
        {"route": "elected", "constituency": "public", "cutoff": None},
        {
            "route": "appointed",
            "constituency": "service_user",
            "cutoff": "17:00",
            "something_new": {"a": 1},
        },
    )
    assert [(c.label, c.before, c.after) for c in changes] == [
        ("Elected or appointed", "Elected", "Appointed"),
        ("Constituency", "Public", "Service user"),
        ("Cut-off time", "(none)", "17:00"),
        ("Something new", None, '{"a": 1}'),
    ]
    assert show_value(["secretary", "ned"]) == "Board secretary, Non-executive director"
    assert show_value("2027-01-21") == "21 Jan 2027"
    assert show_value(14) == "14"
    assert describe_changes(None, None) == []
