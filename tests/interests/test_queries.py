"""The registers of interests cost the same number of queries whatever the number of
governors and entries."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from governors.agendas import services as agendas
from governors.extensions import db
from governors.interests.models import InterestReturn
from tests import factories
from tests.meetings.helpers import page_text, path
from tests.queries import counting_queries

pytestmark = pytest.mark.clock(datetime(2027, 1, 4, 10, 0, tzinfo=UTC))


def _grow(governors: int, viewer) -> None:
    """Governors with entries (one in three sensitive, one in four ended) and returns (one
    in two long overdue); the viewing governor gains an entry too."""
    for n in range(governors):
        person = factories.governor(created_at=datetime(2025, 4, 1, 9, 0, tzinfo=UTC))
        factories.InterestFactory(user=person, sensitive=n % 3 == 0)
        if n % 4 == 0:
            factories.InterestFactory(user=person, ends_on=date(2026, 1, 1))
        made = date(2025, 6, 1) if n % 2 else date(2026, 6, 1)
        db.session.add(InterestReturn(user_id=person.id, made_on=made, made_by_id=person.id))
    factories.InterestFactory(user=viewer)
    db.session.flush()


def _count(client, url: str) -> int:
    # As a new request would: nothing already loaded by the set-up or an earlier page.
    db.session.expire_all()
    with counting_queries() as statements:
        response = client.get(url)
        assert response.status_code == 200, url
    return len(statements)


def test_the_registers_and_home_page_do_not_grow_with_the_council(app, client, sign_in):
    secretary = factories.secretary()
    helen = factories.governor(name="Helen Carter")
    factories.InterestFactory(user=helen, organisation="Age UK Northshire")
    meeting = factories.MeetingFactory(starts_at=datetime(2027, 1, 21, 14, 0, tzinfo=UTC))
    agendas.add_item(
        secretary, meeting, part="public", title="Falls prevention plan with Age UK Northshire"
    )
    agendas.publish(secretary, meeting, notify=False)
    _grow(3, helen)

    pages = {
        "governor": [
            path("governors.interests.public"),
            path("governors.interests.person", person_id=helen.id),
            path("governors.home"),
        ],
        "secretary": [
            path("governors.interests.index"),
            path("governors.interests.person", person_id=helen.id),
            path("governors.home"),
        ],
    }

    def counts() -> dict[str, int]:
        found = {}
        for who, person in (("governor", helen), ("secretary", secretary)):
            sign_in(person)
            found |= {f"{who} {url}": _count(client, url) for url in pages[who]}
            client.post(path("governors.auth.sign_out"))
        return found

    small = counts()
    _grow(57, helen)
    assert counts() == small

    # The pages show all of it: 20 sensitive entries of the 60 governors, 29 of them
    # overdue, Helen's three entries and the agenda item naming one.
    public = page_text(client.get(path("governors.interests.public")))
    assert public.count("An interest is held. Its detail is not published") == 20
    sign_in(helen)
    assert "1 item on the agenda of the Council of Governors meeting" in page_text(
        client.get(path("governors.home"))
    )
    client.post(path("governors.auth.sign_out"))
    sign_in(secretary)
    overview = page_text(client.get(path("governors.interests.index")))
    assert overview.count(" Overdue") == 29
    assert "Helen Carter Interests held 3 " in overview
    home = page_text(client.get(path("governors.home")))
    assert "29 yearly declarations of interests are overdue" in home
