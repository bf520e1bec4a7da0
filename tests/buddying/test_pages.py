"""Buddying pages as each role: a governor asks, the secretary answers and pairs, the pair
keep notes; nobody else opens a pair or reads its notes. Bad input is named on the form."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from governors.buddying import services
from governors.buddying.models import BuddyNote, BuddyPair, BuddyRequest
from governors.extensions import db
from governors.people.models import Role
from tests import factories
from tests.buddying.helpers import director, governor_since
from tests.meetings.helpers import page_text, path

pytestmark = pytest.mark.clock(datetime(2027, 1, 4, 10, 0, tzinfo=UTC))
TODAY = date(2027, 1, 4)
NOTE = "We talked about the pelican-crossing plan 9X"


@pytest.fixture
def people(app):
    people = {
        "secretary": factories.secretary(),
        "new": governor_since(date(2026, 11, 1), name="Kevin Doyle"),
        "veteran": governor_since(date(2019, 4, 1), name="Margaret Ellis"),
        "ned": director(name="Nkechi Obi"),
        "third": factories.governor(name="Third Governor"),
        "chair": factories.chair(),
        "lead": factories.governor(roles=(Role.LEAD_GOVERNOR,), name="Lead Governor"),
        "officer": factories.UserFactory(roles=[Role.OFFICER]),
    }
    db.session.commit()
    return people


def test_a_new_governor_asks_and_the_secretary_accepts_from_the_request_page(app, sign_in, people):
    client = sign_in(people["new"])
    home = page_text(client.get(path("governors.home")))
    assert "Ask for a buddy" in home
    page = page_text(client.get(path("governors.buddying.ask")))
    assert "Help in the first months" in page and "Nkechi Obi, non-executive director" in page
    response = client.post(
        path("governors.buddying.ask"),
        data={"purpose": "induction", "preferred": str(people["ned"].id), "message": "Hello"},
    )
    assert response.status_code == 302
    page = page_text(client.get(path("governors.buddying.index")))
    assert "Waiting for the secretary" in page and "Nkechi Obi" in page
    asked = db.session.scalars(sa.select(BuddyRequest)).one()

    client = sign_in(people["secretary"])
    home = page_text(client.get(path("governors.home")))
    assert "Kevin Doyle asks for a buddy" in home
    overview = page_text(client.get(path("governors.buddying.all_pairs")))
    assert "Kevin Doyle asks for a buddy" in overview
    page = page_text(client.get(path("governors.buddying.answer", buddy_request_id=asked.id)))
    assert "The governor asked for them" in page
    # The preference is suggested first.
    assert page.index("Nkechi Obi") < page.index("Margaret Ellis")
    response = client.post(
        path("governors.buddying.answer", buddy_request_id=asked.id),
        data={"decision": "accept", "buddy": str(people["ned"].id), "reason": ""},
    )
    assert response.status_code == 302
    pair = db.session.scalars(sa.select(BuddyPair)).one()
    assert response.headers["Location"].endswith(f"/buddying/pairs/{pair.id}")

    client = sign_in(people["new"])
    page = page_text(client.get(path("governors.buddying.index")))
    assert "Nkechi Obi" in page and "Buddy arranged" in page
    page = page_text(client.get(path("governors.buddying.pair", pair_id=pair.id)))
    assert "Buddies: Kevin Doyle and Nkechi Obi" in page


def test_declining_shows_the_reason_to_the_governor(app, sign_in, people):
    asked = services.ask_for_buddy(people["new"], purpose="support", notify=False)
    db.session.commit()
    client = sign_in(people["secretary"])
    refused = client.post(
        path("governors.buddying.answer", buddy_request_id=asked.id),
        data={"decision": "decline", "buddy": str(people["ned"].id), "reason": ""},
    )
    assert refused.status_code == 200
    page = page_text(refused)
    assert "There is a problem" in page and "Give a reason, so the governor knows why" in page
    assert 'href="#reason"' in refused.get_data(as_text=True)
    client.post(
        path("governors.buddying.answer", buddy_request_id=asked.id),
        data={"decision": "decline", "buddy": "", "reason": "Nobody is free until May."},
    )
    client = sign_in(people["new"])
    page = page_text(client.get(path("governors.buddying.index")))
    assert "Answered: not arranged" in page and "Nobody is free until May." in page


def test_asking_with_bad_input_names_the_field_and_keeps_the_message(app, sign_in, people):
    client = sign_in(people["new"])
    response = client.post(
        path("governors.buddying.ask"),
        data={"purpose": "", "preferred": "999999", "message": "Keep me"},
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    page = page_text(response)
    assert "Select what the buddy is for" in page
    assert "Choose someone from the list, or no one" in page
    assert 'href="#purpose"' in html and 'href="#preferred"' in html
    assert "Keep me" in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(BuddyRequest)) == 0


def test_the_pair_and_the_secretary_keep_notes_no_one_else_opens_the_pair(app, sign_in, people):
    pair = services.create_pair(
        people["secretary"],
        people["new"],
        people["veteran"],
        purpose="induction",
        starts_on=TODAY,
        notify=False,
    )
    db.session.commit()
    client = sign_in(people["new"])
    response = client.post(
        path("governors.buddying.add_note", pair_id=pair.id),
        data={"met_on-day": "4", "met_on-month": "1", "met_on-year": "2027", "note": NOTE},
    )
    assert response.status_code == 302
    assert db.session.scalars(sa.select(BuddyNote)).one().note == NOTE
    for reader in ("new", "veteran", "secretary"):
        client = sign_in(people[reader])
        page = page_text(client.get(path("governors.buddying.pair", pair_id=pair.id)))
        assert NOTE in page, reader
    for outsider in ("third", "chair", "lead", "ned", "officer"):
        client = sign_in(people[outsider])
        response = client.get(path("governors.buddying.pair", pair_id=pair.id))
        assert response.status_code == 403, outsider
        assert NOTE not in response.get_data(as_text=True)
        posted = client.post(
            path("governors.buddying.add_note", pair_id=pair.id),
            data={"met_on-day": "4", "met_on-month": "1", "met_on-year": "2027", "note": "x"},
        )
        assert posted.status_code == 403
        for page in ("governors.buddying.index", "governors.home"):
            response = client.get(path(page))
            assert response.status_code == 200 and "Sign out" in response.get_data(as_text=True)
            assert NOTE not in response.get_data(as_text=True)
    client = sign_in(people["secretary"])
    for page in ("governors.buddying.all_pairs", "governors.home", "governors.audit.log"):
        response = client.get(path(page))
        assert response.status_code == 200
        assert NOTE not in response.get_data(as_text=True)


def test_a_note_with_bad_input_names_the_field(app, sign_in, people):
    pair = services.create_pair(
        people["secretary"],
        people["new"],
        people["veteran"],
        purpose="support",
        starts_on=TODAY,
        notify=False,
    )
    db.session.commit()
    client = sign_in(people["veteran"])
    response = client.post(
        path("governors.buddying.add_note", pair_id=pair.id),
        data={"met_on-day": "40", "met_on-month": "1", "met_on-year": "2027", "note": ""},
    )
    assert response.status_code == 200
    page = page_text(response)
    assert "The day you met must have a day from 1 to 31" in page
    assert "Enter a note of the meeting" in page
    response = client.post(
        path("governors.buddying.add_note", pair_id=pair.id),
        data={"met_on-day": "5", "met_on-month": "2", "met_on-year": "2027", "note": "Soon"},
    )
    assert "The day you met must be today or in the past" in page_text(response)
    assert "Soon" in response.get_data(as_text=True)


def test_the_secretary_pairs_a_flagged_new_governor_with_suggestions_and_ends_a_pair(
    app, sign_in, people
):
    client = sign_in(people["secretary"])
    assert "Kevin Doyle is a new governor without a buddy" in page_text(
        client.get(path("governors.home"))
    )
    overview = page_text(client.get(path("governors.buddying.all_pairs")))
    assert "New governors without a buddy" in overview and "Kevin Doyle" in overview
    url = path("governors.buddying.new_pair", governor=people["new"].id)
    page = page_text(client.get(url))
    assert "Who could be Kevin Doyle's buddy" in page
    assert page.index("Margaret Ellis") < page.index("Third Governor")
    bad = client.post(url, data={"governor": str(people["new"].id), "buddy": "", "purpose": "x"})
    assert bad.status_code == 200
    assert "Choose their buddy from the list" in page_text(bad)
    assert "Select what the buddy is for" in page_text(bad)
    response = client.post(
        url,
        data={
            "governor": str(people["new"].id),
            "buddy": str(people["veteran"].id),
            "purpose": "induction",
            "starts_on-day": "4",
            "starts_on-month": "1",
            "starts_on-year": "2027",
        },
    )
    assert response.status_code == 302
    pair = db.session.scalars(sa.select(BuddyPair)).one()
    home = page_text(client.get(path("governors.home")))
    assert "Welcome" in home
    assert "Kevin Doyle is a new governor without a buddy" not in home
    overview = page_text(client.get(path("governors.buddying.all_pairs")))
    assert "Every new governor has a buddy" in overview
    response = client.post(path("governors.buddying.end", pair_id=pair.id))
    assert response.status_code == 302
    db.session.refresh(pair)
    assert pair.ends_on == TODAY


def test_missing_records_are_not_found(app, sign_in, people):
    client = sign_in(people["secretary"])
    for url in (
        path("governors.buddying.pair", pair_id=999999),
        path("governors.buddying.answer", buddy_request_id=999999),
        path("governors.buddying.new_pair", governor=999999),
        path("governors.buddying.new_pair") + "?governor=abc",
        path("governors.buddying.new_pair", governor=people["ned"].id),
    ):
        assert client.get(url).status_code == 404, url


def test_only_the_governor_who_asked_withdraws(app, sign_in, people):
    asked = services.ask_for_buddy(people["new"], purpose="support", notify=False)
    db.session.commit()
    client = sign_in(people["third"])
    assert (
        client.post(path("governors.buddying.withdraw", buddy_request_id=asked.id)).status_code
        == 403
    )
    client = sign_in(people["new"])
    assert (
        client.post(path("governors.buddying.withdraw", buddy_request_id=asked.id)).status_code
        == 302
    )
    db.session.refresh(asked)
    assert asked.status == "withdrawn"
