"""Exports of the action log: a CSV file for spreadsheets and a tagged PDF, both of the
filtered log as its reader may see it (every matching action, not one page).

Every CSV cell goes through ``rules.csv_safe``, so a description typed as ``=HYPERLINK(…)``
is shown as text, never run. The PDF is printed by the one PDF module (``governors.pdf``)
from the shared page frame; when it holds an action from private business it is marked
confidential on every page.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from governors.actions.models import Action
from governors.actions.rules import csv_safe, is_overdue
from governors.actions.services import ExportRow
from governors.pdf import CONFIDENTIAL, html_to_pdf
from governors.templating import render_template

COLUMNS = (
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
)
# Excel reads a CSV file as UTF-8 only when it starts with a byte order mark.
BOM = "\N{BYTE ORDER MARK}"


def csv_row(row: ExportRow) -> list[str]:
    """One action as the cells of a CSV row, each safe to open in a spreadsheet."""
    cells = [
        str(row.id),
        row.description,
        row.body,
        row.meeting,
        row.item,
        row.owners,
        row.due_on.isoformat(),
        row.original_due_on.isoformat(),
        row.status,
        "Yes" if row.overdue else "No",
        row.progress,
        row.outcome,
        row.raised_on.isoformat(),
    ]
    return [csv_safe(cell) for cell in cells]


def to_csv(rows: Iterable[ExportRow]) -> str:
    """The CSV file's text: a byte order mark, the heading row, then one row per action."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(csv_row(row))
    return out.getvalue()


def has_private(actions: Sequence[Action]) -> bool:
    return any(action.private for action in actions)


def render_html(
    actions: Sequence[Action],
    *,
    today: date,
    counts: dict[str, int],
    overdue: int,
    statuses: dict[str, str],
    filters: list[tuple[str, str]],
    council: Any,
    reader: Any,
) -> str:
    """The print HTML of the PDF: confidential on every page when any action is private."""
    return render_template(
        "governors/pdf/actions.html",
        actions=actions,
        today=today,
        counts=counts,
        overdue=overdue,
        statuses=statuses,
        filters=filters,
        council=council,
        reader=reader,
        full=has_private(actions),
        confidential=CONFIDENTIAL,
        is_overdue=is_overdue,
    )


def to_pdf(actions: Sequence[Action], **context: Any) -> bytes:
    return html_to_pdf(render_html(actions, **context))


def filename(today: date, extension: str) -> str:
    return f"action-log-{today.isoformat()}.{extension}"
