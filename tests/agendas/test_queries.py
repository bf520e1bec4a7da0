"""The agenda pages cost the same number of queries whatever the size of the agenda."""

from __future__ import annotations

import secrets

from governors.agendas import services
from governors.documents.models import Document
from governors.extensions import db
from tests import factories
from tests.agendas.conftest import agenda_request
from tests.queries import counting_queries


def paper(owner, name: str) -> Document:
    document = Document(
        storage_key=secrets.token_hex(32),
        filename=name,
        content_type="application/pdf",
        size_bytes=100,
        sha256="0" * 64,
        uploaded_by_id=owner.id,
    )
    db.session.add(document)
    return document


def agenda_of(secretary, size: int):
    """A published agenda of ``size`` items with papers, requests and a private part."""
    meeting = factories.MeetingFactory()
    services.add_standing_items(secretary, meeting)
    for n in range(size):
        part = "private" if n % 4 == 0 else "public"
        request = None
        if n % 3 == 0:
            request = agenda_request(meeting, factories.governor(), f"Request {n}", session=part)
        services.add_item(
            secretary,
            meeting,
            part=part,
            title=f"Item {n}",
            minutes_allowed=5,
            request=request,
            papers=[paper(secretary, f"paper-{n}-a.pdf"), paper(secretary, f"paper-{n}-b.pdf")],
        )
    services.publish(secretary, meeting, notify=False)
    services.add_item(secretary, meeting, part="public", title="Unpublished", minutes_allowed=5)
    services.publish(secretary, meeting, "Added one more", notify=False)
    db.session.commit()
    return meeting


def queries_for(client, url: str) -> int:
    db.session.expire_all()
    with counting_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(statements)


def test_builder_and_reading_pages_cost_the_same_for_5_or_40_items(client, sign_in, secretary):
    small = agenda_of(secretary, 5)
    large = agenda_of(secretary, 40)
    sign_in(secretary)
    for page in ("edit", "", "versions/1", "public"):
        counts = [
            queries_for(client, f"/agendas/{meeting.id}/{page}".rstrip("/"))
            for meeting in (small, large)
        ]
        assert counts[0] == counts[1], (page, counts)
        # The builder also reads the body's action log for its standing item, and the
        # risks linked to the items (cover sheets come with the items).
        assert counts[0] <= 14, (page, counts)
