"""The action log goes on the next agenda of the same body, under "Matters arising and
action log": the actions still open, and those closed since its last meeting. An action
stays on every later agenda until it is done or dropped; a closed one drops off after the
meeting that follows its closing. In the agenda pages and in both agenda PDFs."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from governors.actions import services
from governors.agendas import services as agendas
from governors.extensions import db
from tests import factories
from tests.actions.conftest import page_text, path, pdf_text

# Thursday 21 January 2027, after the Council meeting that afternoon.
pytestmark = pytest.mark.clock(datetime(2027, 1, 21, 17, 0, tzinfo=UTC))
OPEN = "Arrange a visit for governors to the new discharge lounge"
DONE = "Circulate the timetable for the quality account"
DROPPED = "Ask the ICB for a governor seat on the urgent care board"
COMMITTEE = "Write to the unsuccessful candidates with feedback"


def _close(action, owner, **progress) -> None:
    services.update_progress(owner, action, services.Progress(**progress))
    db.session.commit()


def _published(council, meeting) -> None:
    agendas.publish(council.secretary, meeting, notify=False)
    db.session.commit()


def _editions(client, sign_in, council, meeting) -> dict[str, str]:
    """The words of the published agenda: its public page, the members' page, and both PDFs
    (the full one as a governor)."""
    found = {
        "public page": page_text(
            client.get(path("governors.agendas.public", meeting_id=meeting.id))
        )
    }
    with client.get(path("governors.agendas.pdf_public", meeting_id=meeting.id)) as response:
        found["public PDF"] = " ".join(pdf_text(response.data))
    sign_in(council.other_governor)
    found["members' page"] = page_text(
        client.get(path("governors.agendas.show", meeting_id=meeting.id))
    )
    with client.get(path("governors.agendas.pdf_full", meeting_id=meeting.id)) as response:
        found["full PDF"] = " ".join(pdf_text(response.data))
    client.post(path("governors.auth.sign_out"))
    return found


@pytest.fixture
def actions(council):
    """Three actions raised at the January meeting, and one at the committee's."""
    made = {
        "open": council.raise_(OPEN, date(2027, 2, 11), item=council.public_item),
        "done": council.raise_(DONE, date(2027, 2, 4), [council.lead], item=council.public_item),
        "dropped": council.raise_(
            DROPPED, date(2027, 3, 4), [council.chair], item=council.public_item
        ),
        "committee": council.raise_(
            COMMITTEE, date(2027, 2, 4), [council.member], item=council.committee_public_item
        ),
    }
    return made


def test_the_next_agenda_lists_open_actions_and_those_closed_since_the_last_meeting(
    council, actions, client, sign_in, clock
):
    clock.move_to(datetime(2027, 2, 10, 9, 0, tzinfo=UTC))
    _close(actions["done"], council.lead, status="done", outcome="Sent on 3 February.")
    _close(
        actions["dropped"],
        council.chair,
        status="dropped",
        drop_reason="The urgent care board has closed.",
    )
    services.update_progress(
        council.governor,
        actions["open"],
        services.Progress(status="in_progress", progress="Two dates offered."),
    )
    db.session.commit()
    # Published three weeks before the March meeting: the February due date has passed.
    clock.move_to(datetime(2027, 2, 25, 9, 0, tzinfo=UTC))
    _published(council, council.next_meeting)
    for edition, text in _editions(client, sign_in, council, council.next_meeting).items():
        assert "Matters arising and action log" in text, edition
        assert f"{OPEN}. Helen Carter; due Thursday 11 February 2027. In progress, overdue" in (
            text
        ), edition
        assert f"{DONE}. Lee Grant; due Thursday 4 February 2027. Done: Sent on 3 February." in (
            text
        ), edition
        assert (
            f"{DROPPED}. Priya Shah; due Thursday 4 March 2027. Dropped: The urgent care board "
            "has closed."
        ) in text, edition
        # A committee's actions go on the committee's agendas, not the Council's.
        assert COMMITTEE not in text, edition


def test_a_moved_due_date_shows_the_first_one_on_the_agenda(council, actions, client, sign_in):
    services.change_action(
        council.lead,
        actions["open"],
        services.ActionDetails(
            description=OPEN,
            due_on=date(2027, 4, 1),
            owners=[services.Owner(user_id=council.governor.id)],
        ),
    )
    db.session.commit()
    _published(council, council.next_meeting)
    for edition, text in _editions(client, sign_in, council, council.next_meeting).items():
        assert (
            f"{OPEN}. Helen Carter; due Thursday 1 April 2027 (first due Thursday 11 February "
            "2027). Open"
        ) in text, edition


def test_an_action_stays_on_every_agenda_until_closed_then_drops_off_after_one_more(
    council, actions, client, sign_in, clock
):
    may = factories.MeetingFactory(starts_at=datetime(2027, 5, 20, 14, 0, tzinfo=UTC))
    july = factories.MeetingFactory(starts_at=datetime(2027, 7, 15, 14, 0, tzinfo=UTC))
    for meeting in (may, july):
        agendas.add_standing_items(council.secretary, meeting)
    db.session.commit()

    # Before March: one closed.
    clock.move_to(datetime(2027, 2, 10, 9, 0, tzinfo=UTC))
    _close(actions["done"], council.lead, status="done", outcome="Sent on 3 February.")
    clock.move_to(datetime(2027, 3, 1, 9, 0, tzinfo=UTC))
    _published(council, council.next_meeting)
    march = _editions(client, sign_in, council, council.next_meeting)
    assert all(OPEN in text and DONE in text and DROPPED in text for text in march.values())

    # Between March and May: one more is dropped; the first is still open.
    clock.move_to(datetime(2027, 4, 6, 9, 0, tzinfo=UTC))
    _close(actions["dropped"], council.chair, status="dropped", drop_reason="Overtaken.")
    raised_since = council.raise_(
        "Share the annual plan with constituency members", date(2027, 6, 3), [council.lead]
    )
    clock.move_to(datetime(2027, 5, 1, 9, 0, tzinfo=UTC))
    _published(council, may)
    for edition, text in _editions(client, sign_in, council, may).items():
        assert OPEN in text, edition  # still open: on every agenda
        assert f"{DROPPED}. Priya Shah; due Thursday 4 March 2027. Dropped: Overtaken." in text
        assert DONE not in text, edition  # closed before March: it was on March's agenda
        # One raised on its own between meetings goes on the next agenda too.
        assert raised_since.description in text, edition

    # Done after May: on July's agenda once more as done, and the May one dropped off.
    clock.move_to(datetime(2027, 6, 1, 9, 0, tzinfo=UTC))
    _close(actions["open"], council.governor, status="done", outcome="Visit held on 28 May.")
    clock.move_to(datetime(2027, 7, 1, 9, 0, tzinfo=UTC))
    _published(council, july)
    for edition, text in _editions(client, sign_in, council, july).items():
        assert f"{OPEN}. Helen Carter; due Thursday 11 February 2027. Done: Visit held" in text
        assert DROPPED not in text and DONE not in text, edition


def test_a_committees_actions_go_on_its_own_next_agenda(council, actions, client, sign_in, clock):
    later = factories.MeetingFactory(
        body=council.committee, starts_at=datetime(2027, 3, 3, 10, 0, tzinfo=UTC)
    )
    agendas.add_standing_items(council.secretary, later)
    db.session.commit()
    _published(council, later)
    sign_in(council.member)
    text = page_text(client.get(path("governors.agendas.show", meeting_id=later.id)))
    assert "Matters arising and action log" in text
    assert f"{COMMITTEE}. Cara Okoye; due Thursday 4 February 2027. Open" in text
    assert OPEN not in text and DONE not in text
