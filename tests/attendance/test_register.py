"""Apologies, the register, arrivals and departures, declarations, and the quorum for
each item, through the pages."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from governors.agendas import services as agendas
from governors.attendance import services
from governors.audit.models import AuditEntry
from governors.errors import Refused
from governors.extensions import db
from governors.outbox.models import OutboxMessage
from governors.people.models import Role
from tests import factories
from tests.meetings.helpers import page_text, path

pytestmark = pytest.mark.clock(datetime(2027, 2, 1, 9, 0, tzinfo=UTC))
MEETING_AT = datetime(2027, 2, 3, 10, 0, tzinfo=UTC)
CANARY = "Canary: my chemotherapy clashes with this date"


@pytest.fixture
def committee(app):
    """A committee of four (quorum: at least 3) with a meeting of three items."""
    secretary = factories.secretary()
    members = [factories.governor(name=name) for name in ("Ann", "Bola", "Carys", "Dev")]
    body = factories.BodyFactory(name="Nominations and Remuneration Committee", quorum_minimum=3)
    for person in members:
        factories.MembershipFactory(body=body, user=person)
    meeting = factories.MeetingFactory(body=body, starts_at=MEETING_AT)
    items = [
        agendas.add_item(secretary, meeting, part="public", title=title, minutes_allowed=15)
        for title in ("Chair's report", "Appointment of a non-executive director", "Pay review")
    ]
    db.session.flush()
    return secretary, members, body, meeting, items


def test_a_member_sends_apologies_with_a_note_only_the_secretary_reads(
    committee, client, sign_in, clock
):
    secretary, members, _, meeting, _ = committee
    sign_in(members[0])
    page = page_text(client.get(path("governors.meetings.detail", meeting_id=meeting.id)))
    assert "Send apologies" in page
    response = client.post(
        path("governors.attendance.apologies", meeting_id=meeting.id), data={"message": CANARY}
    )
    assert response.status_code == 302
    assert "You have sent apologies for this meeting" in page_text(
        client.get(path("governors.meetings.detail", meeting_id=meeting.id))
    )
    email = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.to_address == secretary.email)
    ).one()
    assert CANARY in email.body_text
    assert all(
        CANARY not in (entry.summary + str(entry.after))
        for entry in db.session.scalars(sa.select(AuditEntry))
    )
    client.post(path("governors.auth.sign_out"))

    # Another member sees no note; the secretary sees it on the register.
    sign_in(members[1])
    assert CANARY not in client.get(
        path("governors.meetings.detail", meeting_id=meeting.id)
    ).get_data(as_text=True)
    assert (
        client.get(path("governors.attendance.register", meeting_id=meeting.id)).status_code == 403
    )
    client.post(path("governors.auth.sign_out"))
    sign_in(secretary)
    register = page_text(client.get(path("governors.attendance.register", meeting_id=meeting.id)))
    assert f"Ann Member Attendance Apologies Message: {CANARY}" in register
    client.post(path("governors.auth.sign_out"))

    # Once the meeting has started, apologies go to the secretary, not through the page.
    clock.move_to(datetime(2027, 2, 3, 10, 5, tzinfo=UTC))
    sign_in(members[2])
    late = client.post(path("governors.attendance.apologies", meeting_id=meeting.id), data={})
    assert "The meeting has started" in page_text(late)
    assert services.own_record(meeting, members[2]) is None


def test_only_the_bodys_members_send_apologies_for_its_meetings(committee, client, sign_in):
    _, _, _, meeting, _ = committee
    sign_in(factories.governor())
    assert (
        client.get(path("governors.attendance.apologies", meeting_id=meeting.id)).status_code == 403
    )


AT_THE_MEETING = datetime(2027, 2, 3, 10, 30, tzinfo=UTC)


def test_the_quorum_follows_arrivals_departures_and_declarations(committee, client, sign_in, clock):
    clock.move_to(AT_THE_MEETING)
    secretary, members, _, meeting, items = committee
    ann, bola, carys, dev = members
    deputy = factories.governor(name="Eve")
    sign_in(secretary)
    register = path("governors.attendance.register", meeting_id=meeting.id)
    assert "At the start: Not quorate: 0 present" in page_text(client.get(register))

    client.post(
        path("governors.attendance.record", meeting_id=meeting.id, person_id=ann.id),
        data={"status": "present"},
    )
    client.post(
        path("governors.attendance.record", meeting_id=meeting.id, person_id=bola.id),
        data={"status": "present", "left_after_item_id": str(items[1].id)},
    )
    client.post(
        path("governors.attendance.record", meeting_id=meeting.id, person_id=carys.id),
        data={"status": "present", "arrived_for_item_id": str(items[1].id)},
    )
    # Eve stands in for Dev, who sent apologies.
    client.post(
        path("governors.attendance.record", meeting_id=meeting.id, person_id=dev.id),
        data={"status": "apologies"},
    )
    refused = client.post(
        path("governors.attendance.record", meeting_id=meeting.id, person_id=deputy.id),
        data={"status": "deputy"},
    )
    assert "Choose the member they stood in for" in page_text(refused)
    client.post(
        path("governors.attendance.record", meeting_id=meeting.id, person_id=deputy.id),
        data={"status": "deputy", "deputy_for_id": str(dev.id)},
    )

    quorum = {item.id: q for item, q in services.register_for(meeting).quorum}
    # Item 1: Ann, Bola and Eve (Carys not yet there).
    assert quorum[items[0].id].present == 3 and quorum[items[0].id].met
    # Item 2: all four. Item 3: Bola has gone.
    assert quorum[items[1].id].present == 4
    assert quorum[items[2].id].present == 3

    # Carys declares an interest in item 2 and leaves for it: still quorate with 3.
    response = client.post(
        path("governors.attendance.declare", meeting_id=meeting.id),
        data={
            "user_id": str(carys.id),
            "item_id": str(items[1].id),
            "interest": "Knows a candidate through her charity",
            "action": "left",
        },
    )
    assert response.status_code == 302
    # Ann leaves item 3 too: only Carys and Eve count, and 3 are needed.
    client.post(
        path("governors.attendance.declare", meeting_id=meeting.id),
        data={
            "user_id": str(ann.id),
            "item_id": str(items[2].id),
            "interest": "Her pay is under review",
            "action": "left",
        },
    )
    page = page_text(client.get(register))
    assert "2. Appointment of a non-executive director Quorum Quorate: 3 present" in page
    assert (
        "3. Pay review Quorum Not quorate Not quorate: 2 present, 2 elected governors; 3 needed"
        in page
    )
    assert "Carys, Knows a candidate through her charity. Left the meeting for the item." in page
    assert "Eve: present as deputy for Dev" in page


def test_everyone_not_recorded_is_marked_at_once(committee, client, sign_in, clock):
    clock.move_to(AT_THE_MEETING)
    secretary, members, _, meeting, _ = committee
    sign_in(secretary)
    client.post(
        path("governors.attendance.record", meeting_id=meeting.id, person_id=members[0].id),
        data={"status": "apologies"},
    )
    client.post(
        path("governors.attendance.everyone_else", meeting_id=meeting.id),
        data={"status": "present"},
    )
    register = services.register_for(meeting)
    assert [line.record.status for line in register.lines] == [
        "apologies",
        "present",
        "present",
        "present",
    ]
    assert "At the start: Quorate: 3 present" in page_text(
        client.get(path("governors.attendance.register", meeting_id=meeting.id))
    )


def test_the_council_register_lists_its_governors_and_its_chair(app, client, sign_in):
    factories.governor(name="Helen Carter")
    factories.chair(name="Caroline Ashdown")
    factories.UserFactory(roles=[Role.OFFICER], name="Olu Officer")
    meeting = factories.MeetingFactory(starts_at=MEETING_AT)
    sign_in(factories.secretary())
    page = page_text(client.get(path("governors.attendance.register", meeting_id=meeting.id)))
    assert "Helen Carter Governor" in page
    assert "Caroline Ashdown Chair, not counted for quorum" in page
    assert "Olu Officer" not in page


def test_a_deputy_stands_in_only_for_a_member_who_is_not_there(committee):
    secretary, members, _, meeting, _ = committee
    ann, bola = members[:2]
    first, second = factories.governor(), factories.governor()
    services.record_attendance(secretary, meeting, ann, "present")
    with pytest.raises(Refused, match="needs no deputy"):
        services.record_attendance(secretary, meeting, first, "deputy", deputy_for=ann)
    services.record_attendance(secretary, meeting, bola, "apologies")
    services.record_attendance(secretary, meeting, first, "deputy", deputy_for=bola)
    with pytest.raises(Refused, match="already Bola's deputy"):
        services.record_attendance(secretary, meeting, second, "deputy", deputy_for=bola)
    with pytest.raises(Refused, match="do not both attend"):
        services.record_attendance(secretary, meeting, bola, "present")


def test_past_registers_keep_those_who_have_since_left(committee, clock):
    clock.move_to(AT_THE_MEETING)
    secretary, members, _, meeting, _ = committee
    for person in members:
        services.record_attendance(secretary, meeting, person, "present")
    assert services.register_for(meeting).at_start.present == 4
    clock.move_to(datetime(2027, 3, 1, 9, 0, tzinfo=UTC))
    members[0].active = False
    members[0].deactivated_at = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
    db.session.flush()
    register = services.register_for(meeting)
    assert register.at_start.present == 4
    assert [line.member.user.name for line in register.lines] == ["Ann", "Bola", "Carys", "Dev"]


def test_a_council_meeting_counts_the_governors_in_office_that_day(app):
    meeting = factories.MeetingFactory(starts_at=MEETING_AT)
    serving = factories.governor(name="Serving")
    later = factories.governor(name="Elected later")
    later.governor_profile.term_start = datetime(2027, 4, 1).date()
    db.session.flush()
    names = [member.user.name for member in services.members_for(meeting)]
    assert serving.name in names
    assert later.name not in names
