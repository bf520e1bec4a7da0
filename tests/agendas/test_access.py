"""Who may use each agenda page: only the secretary builds; the public reads public parts."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from governors.agendas.models import AgendaItem, AgendaVersion
from governors.extensions import db
from tests import factories
from tests.agendas.conftest import add
from tests.agendas.test_viewing import build_and_publish

OTHER_ROLES = ["chair", "lead_governor", "governor", "ned", "officer"]


def builder_routes(meeting, item) -> list[tuple[str, str, dict]]:
    base = f"/agendas/{meeting.id}"
    item_base = f"{base}/items/{item.id}"
    good = {
        "part": "public",
        "title": "Changed by someone",
        "purpose": "note",
        "minutes_allowed": "10",
    }
    return [
        ("GET", f"{base}/edit", {}),
        ("GET", f"{base}/items/new", {}),
        ("POST", f"{base}/items/new", good),
        ("GET", f"{item_base}/edit", {}),
        ("POST", f"{item_base}/edit", good),
        ("GET", f"{item_base}/remove", {}),
        ("POST", f"{item_base}/remove", {}),
        ("POST", f"{item_base}/move", {"direction": "up"}),
        ("POST", f"{item_base}/position", {"position": "1"}),
        ("POST", f"{base}/publish", {"change_note": "Changed"}),
    ]


def call(client, method: str, url: str, data: dict):
    return client.get(url) if method == "GET" else client.post(url, data=data)


def snapshot_of_agenda() -> list[tuple]:
    db.session.expire_all()
    items = db.session.execute(
        sa.select(AgendaItem.id, AgendaItem.title, AgendaItem.position).order_by(AgendaItem.id)
    ).all()
    versions = db.session.scalar(sa.select(sa.func.count(AgendaVersion.id)))
    return [*items, versions]


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_only_the_secretary_may_use_the_builder(client, sign_in, secretary, meeting, role):
    item = add(secretary, meeting, "Quality and safety report")
    person = factories.one_in_each_role()[role]
    db.session.commit()
    before = snapshot_of_agenda()
    sign_in(person)
    for method, url, data in builder_routes(meeting, item):
        assert call(client, method, url, data).status_code == 403, (role, method, url)
    assert snapshot_of_agenda() == before


def test_anonymous_visitors_are_sent_to_sign_in_from_every_builder_page(client, secretary, meeting):
    item = add(secretary, meeting, "Quality and safety report")
    before = snapshot_of_agenda()
    for method, url, data in builder_routes(meeting, item):
        response = call(client, method, url, data)
        assert response.status_code == 302, (method, url)
        assert "/account/sign-in" in response.headers["Location"]
    assert snapshot_of_agenda() == before


def test_the_secretary_may_use_every_builder_page(client, sign_in, secretary, meeting):
    item = add(secretary, meeting, "Quality and safety report")
    sign_in(secretary)
    for method, url, data in builder_routes(meeting, item):
        if url.endswith("/remove") and method == "POST":
            continue  # checked last, so later routes still have their item
        assert call(client, method, url, data).status_code in (200, 302), (method, url)
    assert client.post(f"/agendas/{meeting.id}/items/{item.id}/remove").status_code == 302


READERS = {
    # role: (members' page, full PDF)
    "secretary": (200, 200),
    "chair": (200, 200),
    "lead_governor": (200, 200),
    "governor": (200, 200),
    "ned": (200, 200),
    "officer": (200, 403),
}


@pytest.mark.parametrize("role", [*READERS, None])
def test_reading_pages_by_role(client, sign_in, secretary, meeting, role):
    build_and_publish(secretary, meeting)
    if role is not None:
        person = factories.one_in_each_role()[role]
        db.session.commit()
        sign_in(person)
    base = f"/agendas/{meeting.id}"
    show, full_pdf = READERS.get(role, (302, 302))
    assert client.get(base).status_code == show
    assert client.get(f"{base}/versions/1").status_code == show
    assert client.get(f"{base}/agenda-full.pdf").status_code == full_pdf
    assert client.get(f"{base}/public").status_code == 200
    assert client.get(f"{base}/agenda-public.pdf").status_code == 200
