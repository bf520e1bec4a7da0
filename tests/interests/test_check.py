"""Before a meeting, a member is shown the published agenda items that mention an
organisation in their register, and says whether they will declare an interest; the
secretary sees those answers on the register and records the declaration from them."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from governors.agendas import services as agendas
from governors.attendance.models import Declaration
from governors.extensions import db
from governors.interests import services
from governors.interests.models import InterestCheck
from tests import factories
from tests.meetings.helpers import page_text, path

pytestmark = pytest.mark.clock(datetime(2027, 1, 4, 10, 0, tzinfo=UTC))
MEETING_AT = datetime(2027, 1, 21, 14, 0, tzinfo=UTC)
NOTE = "Unpaid trustee of Age UK Northshire, which developed the plan with the trust"


@pytest.fixture
def agenda(app):
    """A Council meeting on 21 January 2027 whose published agenda names Age UK Northshire
    in a public item and a private one; a draft item added since also names it. Helen
    Carter is a trustee of Age UK Northshire."""
    secretary = factories.secretary(name="Rachel Turner")
    helen = factories.governor(name="Helen Carter")
    entry = factories.InterestFactory(
        user=helen, organisation="Age UK Northshire", description="Unpaid trustee"
    )
    meeting = factories.MeetingFactory(starts_at=MEETING_AT)
    agendas.add_standing_items(secretary, meeting)
    quality = agendas.add_item(
        secretary,
        meeting,
        part="public",
        title="Quality and safety report",
        description="Governors are asked to support the falls prevention plan, developed "
        "with AGE UK (Northshire).",
    )
    agendas.add_item(secretary, meeting, part="public", title="Finance report")
    contract = agendas.add_item(
        secretary,
        meeting,
        part="private",
        title="Community falls service contract",
        description="Bids received from Age UK Northshire's trading arm and two others.",
    )
    agendas.publish(secretary, meeting, notify=False)
    draft = agendas.add_item(
        secretary, meeting, part="public", title="Partnership with Age UK Northshire"
    )
    db.session.commit()
    return secretary, helen, entry, meeting, quality, contract, draft


def test_a_member_is_asked_about_the_items_that_name_their_interest(agenda, client, sign_in):
    _, helen, entry, meeting, quality, contract, _ = agenda
    sign_in(helen)
    page = page_text(client.get(path("governors.meetings.detail", meeting_id=meeting.id)))
    assert (
        "Your interests and this agenda 2 items on the agenda mention an organisation in your "
        "register of interests: item 5, Quality and safety report, "
        "item P1, Community falls service contract. Say whether you will declare an interest. "
        "Check the agenda against your interests"
    ) in page
    home = page_text(client.get(path("governors.home")))
    assert (
        "2 items on the agenda of the Council of Governors meeting on Thursday 21 January 2027 "
        "mention an organisation in your register"
    ) in home

    check = path("governors.interests.check", meeting_id=meeting.id)
    response = client.get(check)
    page = page_text(response)
    assert (
        "Item 5: Quality and safety report It mentions Age UK Northshire, listed in your "
        "register as: professional, Unpaid trustee. Will you declare an interest on item 5?"
    ) in page
    assert "Item P1: Community falls service contract" in page
    # Neither the unpublished item nor one naming nothing in the register is asked about.
    assert "Partnership with Age UK Northshire" not in page and "Finance report" not in page
    # The answer box starts with what the register says.
    assert 'value="Interest in Age UK Northshire: Unpaid trustee"' in response.get_data(
        as_text=True
    )

    # "Will declare" needs what the interest is; each item needs an answer.
    refused = client.post(
        check, data={f"answer_{quality.id}": "declare", f"note_{quality.id}": "  "}
    )
    assert refused.status_code == 200
    html = refused.get_data(as_text=True)
    text = page_text(refused)
    assert "<title>Error: Check the agenda against your interests" in html
    assert "There is a problem Say what the interest is for item 5 " in text
    assert "Select whether you will declare an interest on item P1" in text
    assert f'href="#note_{quality.id}"' in html
    assert db.session.scalars(sa.select(InterestCheck)).all() == []

    sent = client.post(
        check,
        data={
            f"answer_{quality.id}": "declare",
            f"note_{quality.id}": NOTE,
            f"answer_{contract.id}": "none",
        },
    )
    assert sent.status_code == 302
    assert sent.location.endswith(path("governors.meetings.detail", meeting_id=meeting.id))
    page = page_text(client.get(sent.location))
    assert "Thank you. The board secretary can see your answers." in page
    assert "You have answered for each. Change your answers" in page
    answers = {
        check.item_id: (check.answer, check.note, check.interest_id)
        for check in db.session.scalars(sa.select(InterestCheck))
    }
    assert answers == {
        quality.id: ("declare", NOTE, entry.id),
        contract.id: ("none", None, entry.id),
    }
    home = page_text(client.get(path("governors.home")))
    assert "mention an organisation in your register" not in home
    assert "Your yearly declaration of interests is due by" in home
    # Asked again, the page shows the answers given.
    again = client.get(check).get_data(as_text=True)
    assert f'value="{NOTE}"' in again


def test_only_published_items_the_member_may_read_are_checked(agenda):
    _, helen, _, meeting, quality, contract, draft = agenda
    with_private = services.items_to_check(helen, meeting, private=True)
    assert [(c.item_id, c.number, c.title) for c in with_private] == [
        (quality.id, "5", "Quality and safety report"),
        (contract.id, "P1", "Community falls service contract"),
    ]
    # Someone who may not read the private part is never shown its items.
    public_only = services.items_to_check(helen, meeting, private=False)
    assert [c.title for c in public_only] == ["Quality and safety report"]
    assert draft.id not in {c.item_id for c in with_private}


def test_a_governor_with_nothing_named_on_the_agenda_is_not_asked(agenda, client, sign_in):
    _, _, _, meeting, _, _, _ = agenda
    other = factories.governor(name="David Okoro")
    factories.InterestFactory(user=other, organisation="Okoro Advisory Ltd")
    db.session.commit()
    sign_in(other)
    page = page_text(client.get(path("governors.meetings.detail", meeting_id=meeting.id)))
    assert "Council of Governors meeting" in page
    assert "Your interests and this agenda" not in page
    check = page_text(client.get(path("governors.interests.check", meeting_id=meeting.id)))
    assert "No item on this meeting's published agenda mentions an organisation in" in check


def test_the_secretary_records_the_declaration_from_the_advance_answer(
    agenda, client, sign_in, clock
):
    secretary, helen, entry, meeting, quality, contract, _ = agenda
    sign_in(helen)
    client.post(
        path("governors.interests.check", meeting_id=meeting.id),
        data={
            f"answer_{quality.id}": "declare",
            f"note_{quality.id}": NOTE,
            f"answer_{contract.id}": "none",
        },
    )
    client.post(path("governors.auth.sign_out"))

    clock.move_to(datetime(2027, 1, 21, 14, 5, tzinfo=UTC))
    sign_in(secretary)
    register = client.get(path("governors.attendance.register", meeting_id=meeting.id))
    page = page_text(register)
    assert (
        f"Said before the meeting they will declare Item 5: Helen Carter, {NOTE}. "
        "Record what they did about Helen Carter's interest on item 5"
    ) in page
    check = db.session.scalars(sa.select(InterestCheck).filter_by(answer="declare")).one()
    link = path("governors.attendance.declare", meeting_id=meeting.id, check=check.id)
    assert f'href="{link}"' in register.get_data(as_text=True).replace("&amp;", "&")

    form = client.get(link)
    html = form.get_data(as_text=True)
    assert (
        "Helen Carter said before the meeting that they will declare this interest, from "
        "their register: professional, Age UK Northshire."
    ) in page_text(form)
    assert re.search(rf'<option value="{helen.id}"\s+selected', html)
    assert re.search(rf'<option value="{quality.id}"\s+selected', html)
    assert f'value="{NOTE}"' in html
    assert re.search(rf'name="check_id"[^>]*value="{check.id}"', html)

    recorded = client.post(
        path("governors.attendance.declare", meeting_id=meeting.id),
        data={
            "user_id": str(helen.id),
            "item_id": str(quality.id),
            "interest": NOTE,
            "check_id": str(check.id),
            "action": "stayed",
        },
    )
    assert recorded.status_code == 302
    declaration = db.session.scalars(sa.select(Declaration)).one()
    assert (declaration.user_id, declaration.item_id, declaration.interest_id) == (
        helen.id,
        quality.id,
        entry.id,
    )
    assert declaration.sensitive is False
    page = page_text(client.get(path("governors.attendance.register", meeting_id=meeting.id)))
    assert f"Item 5, Quality and safety report: Helen Carter, {NOTE}." in page
    # Recorded, it is no longer waiting.
    assert "Said before the meeting they will declare" not in page


def test_a_declaration_from_a_sensitive_entry_is_sensitive(agenda, client, sign_in, clock):
    secretary, helen, entry, meeting, quality, contract, _ = agenda
    entry.sensitive = True
    db.session.commit()
    sign_in(helen)
    client.post(
        path("governors.interests.check", meeting_id=meeting.id),
        data={
            f"answer_{quality.id}": "none",
            f"answer_{contract.id}": "declare",
            f"note_{contract.id}": NOTE,
        },
    )
    client.post(path("governors.auth.sign_out"))

    clock.move_to(datetime(2027, 1, 21, 14, 5, tzinfo=UTC))
    sign_in(secretary)
    page = page_text(client.get(path("governors.attendance.register", meeting_id=meeting.id)))
    assert f"Item P1: Helen Carter, {NOTE} (sensitive)." in page
    check = db.session.scalars(sa.select(InterestCheck).filter_by(answer="declare")).one()
    form = client.get(path("governors.attendance.declare", meeting_id=meeting.id, check=check.id))
    assert re.search(r'name="sensitive"[^>]*checked', form.get_data(as_text=True))

    # Sent without the box ticked, the declaration is still sensitive: its entry is.
    client.post(
        path("governors.attendance.declare", meeting_id=meeting.id),
        data={
            "user_id": str(helen.id),
            "item_id": str(contract.id),
            "interest": NOTE,
            "check_id": str(check.id),
            "action": "left",
        },
    )
    declaration = db.session.scalars(sa.select(Declaration)).one()
    assert (declaration.interest_id, declaration.sensitive) == (entry.id, True)
    page = page_text(client.get(path("governors.attendance.register", meeting_id=meeting.id)))
    assert f"Helen Carter, {NOTE} (sensitive: not in the public minutes)." in page
    client.post(path("governors.auth.sign_out"))

    # The entry taken out of the register afterwards, the declaration stays sensitive.
    sign_in(helen)
    removed = client.post(path("governors.interests.remove", interest_id=entry.id))
    assert removed.status_code == 302
    assert "Interest in Age UK Northshire removed" in page_text(client.get(removed.location))
    db.session.expire_all()
    declaration = db.session.scalars(sa.select(Declaration)).one()
    assert (declaration.interest_id, declaration.sensitive, declaration.interest) == (
        None,
        True,
        NOTE,
    )


def test_once_the_meeting_has_started_answers_go_to_the_meeting(agenda, client, sign_in, clock):
    _, helen, _, meeting, quality, contract, _ = agenda
    clock.move_to(datetime(2027, 1, 21, 14, 1, tzinfo=UTC))
    sign_in(helen)
    check = path("governors.interests.check", meeting_id=meeting.id)
    page = page_text(client.get(check))
    assert "The meeting has started: declare any interest at the meeting." in page
    assert "Send my answers" not in page
    late = client.post(
        check,
        data={
            f"answer_{quality.id}": "declare",
            f"note_{quality.id}": NOTE,
            f"answer_{contract.id}": "none",
        },
        follow_redirects=True,
    )
    assert (
        "The meeting has started, so answers can no longer be sent here. Declare your "
        "interest at the meeting, and the board secretary will record it."
    ) in page_text(late)
    assert db.session.scalars(sa.select(InterestCheck)).all() == []
    detail = page_text(client.get(path("governors.meetings.detail", meeting_id=meeting.id)))
    assert "Council of Governors meeting" in detail
    assert "Your interests and this agenda" not in detail
