"""Shared set-up for the agenda tests: a Council meeting with its standing items."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from governors.agendas import services
from governors.agendas.models import AgendaItem
from governors.extensions import db
from governors.requests.models import AgendaRequest
from tests import factories

# A PDF small enough to write by hand: the content check only needs the signature.
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def secretary(app):
    return factories.secretary(name="Sam Okafor", email="sam.okafor@example.org")


@pytest.fixture
def meeting(app, secretary):
    """Thursday 21 January 2027 at 14:00 (GMT), with the standing items."""
    meeting = factories.MeetingFactory(starts_at=datetime(2027, 1, 21, 14, 0, tzinfo=UTC))
    services.add_standing_items(secretary, meeting)
    # Committed, as data made before a request would be: a view's rollback keeps it.
    db.session.commit()
    return meeting


def add(secretary, meeting, title: str, part: str = "public", minutes: int = 15, **kwargs):
    item = services.add_item(
        secretary, meeting, part=part, title=title, minutes_allowed=minutes, **kwargs
    )
    db.session.commit()
    return item


def titles(meeting, part: str = "public") -> list[str]:
    return [item.title for item in parts(meeting)[part]]


def parts(meeting) -> dict[str, list[AgendaItem]]:
    db.session.expire_all()
    items = services.items_for(meeting)
    return {
        part: sorted((i for i in items if i.part == part), key=lambda i: i.position)
        for part in ("public", "private")
    }


def positions(meeting, part: str = "public") -> list[int]:
    return [item.position for item in parts(meeting)[part]]


def agenda_request(meeting, proposer, title: str, session: str = "public") -> AgendaRequest:
    request = AgendaRequest(
        meeting=meeting,
        proposer=proposer,
        title=title,
        purpose="discuss",
        session=session,
        private_reason="Names a member of staff" if session == "private" else None,
        note_to_chair="Patients have told governors about long waits.",
        received_at=datetime(2027, 1, 2, 10, 0, tzinfo=UTC),
        rule_days=10,
        rule_counting="calendar",
        rule_nation="england",
        deadline=date(2027, 1, 10),
        clear_days=18,
        in_time=True,
        response_due=date(2027, 1, 16),
        status="accepted",
    )
    db.session.add(request)
    db.session.commit()
    return request
