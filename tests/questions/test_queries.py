"""The question pages cost the same number of queries with 5 questions as with 100."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from governors.extensions import db
from governors.questions import services
from tests import factories
from tests.people.conftest import page_text
from tests.queries import counting_queries
from tests.questions.conftest import path

pytestmark = pytest.mark.clock(datetime(2027, 2, 1, 10, 0, tzinfo=UTC))


def _grow(council, numbers: range) -> None:
    """Questions from several governors, to the board and to directors, in every state: a
    third late, a fifth answered (some public, some followed up), some private. Number 10
    is answered and published, so even the smallest set has one of each."""
    askers = [council.governor, council.lead, *(factories.governor() for _ in range(3))]
    directors = [None, council.ned, council.other_ned]
    for n in numbers:
        asker = askers[n % len(askers)]
        item = (None, council.public_item, council.private_item)[n % 3]
        question = services.ask(
            asker,
            f"Question number {n}",
            to_ned=directors[n % len(directors)],
            item=item,
            public=item is not council.private_item and n % 2 == 0,
            notify=False,
        )
        if n % 4 == 0:
            continue  # waiting to be passed on
        routed_at = datetime(2027, 1, 4, tzinfo=UTC) if n % 3 == 0 else None
        services.route(
            council.secretary, question, directors[n % len(directors)], at=routed_at, notify=False
        )
        if n % 5 == 0:
            services.answer(
                council.secretary,
                question,
                f"Answer number {n}",
                answered_by_name="Chief Executive",
                at=(routed_at or datetime(2027, 2, 1, tzinfo=UTC)) + timedelta(days=1),
                notify=False,
            )
            services.give_verdict(asker, question, n % 2 == 0)
            if n % 2:
                services.ask(asker, f"Follow-up {n}", follow_up_of=question, notify=False)
    db.session.commit()


def _count(client, url: str) -> int:
    db.session.expire_all()
    with counting_queries() as statements:
        response = client.get(url)
        assert response.status_code == 200, url
    return len(statements)


def test_the_pages_do_not_grow_with_the_questions(client, sign_in, council):
    pages = {
        council.secretary: [
            path("governors.questions.index"),
            path("governors.questions.index", state="late"),
            path("governors.home"),
        ],
        council.lead: [
            path("governors.home"),
            path("governors.questions.mine"),
            path("governors.questions.public"),
        ],
        council.ned: [path("governors.home")],
    }

    def counts() -> dict[str, int]:
        found = {}
        for person, urls in pages.items():
            sign_in(person)
            found |= {f"{person.name} {url}": _count(client, url) for url in urls}
            client.post(path("governors.auth.sign_out"))
        return found

    _grow(council, range(10, 15))
    small = counts()
    _grow(council, range(15, 110))
    assert counts() == small

    # The pages show what there is: the list pages 50 questions at a time.
    sign_in(council.secretary)
    text = page_text(client.get(path("governors.questions.index")))
    assert "All questions (" in text and "Next page" in text
    client.post(path("governors.auth.sign_out"))
    sign_in(council.lead)
    home = page_text(client.get(path("governors.home")))
    assert "answers are late" in home
