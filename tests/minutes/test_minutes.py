"""Taking the minutes: every save kept, a stale save refused and shown side by side, votes
worked out by the rule and refused on an item that was not quorate."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from governors.agendas import services as agendas
from governors.attendance import services as attendance
from governors.audit.models import AuditEntry
from governors.errors import Refused
from governors.extensions import db
from governors.minutes import services
from governors.minutes.services import MinuteText
from tests import factories
from tests.meetings.helpers import page_text, path

pytestmark = pytest.mark.clock(datetime(2027, 2, 3, 12, 0, tzinfo=UTC))
CANARY = "Canary: the preferred bidder is Northshire Care Ltd"


@pytest.fixture
def held(app):
    """A committee of four that met this morning; three came; the pay item is private."""
    secretary = factories.secretary()
    members = [factories.governor(name=name) for name in ("Ann", "Bola", "Carys", "Dev")]
    body = factories.BodyFactory(quorum_minimum=3, chair_casting_vote=True)
    for person in members:
        factories.MembershipFactory(body=body, user=person)
    meeting = factories.MeetingFactory(body=body, starts_at=datetime(2027, 2, 3, 10, 0, tzinfo=UTC))
    report = agendas.add_item(secretary, meeting, part="public", title="Chair's report")
    contract = agendas.add_item(secretary, meeting, part="private", title="Contract award")
    for person in members[:3]:
        attendance.record_attendance(secretary, meeting, person, "present")
    attendance.record_attendance(secretary, meeting, members[3], "apologies")
    db.session.commit()
    return secretary, members, meeting, report, contract


def _form(**overrides: str) -> dict[str, str]:
    return {
        "presented_by": "Ann, chair",
        "discussion": "The committee noted the report.",
    } | overrides


def test_the_secretary_minutes_an_item_and_every_save_is_kept(held, client, sign_in):
    secretary, _, meeting, report, _ = held
    sign_in(secretary)
    url = path("governors.minutes.edit", meeting_id=meeting.id, item_id=report.id)
    page = page_text(client.get(url))
    assert "Item 1: Chair's report" in page
    assert "Quorate: 3 present" in page
    assert client.post(url, data=_form()).status_code == 302
    assert (
        client.post(url, data=_form(discussion="Noted, with thanks.", revision="1")).status_code
        == 302
    )
    minute = services.minute_of(report)
    assert (minute.revision, minute.discussion) == (2, "Noted, with thanks.")
    history = page_text(
        client.get(path("governors.minutes.revisions", meeting_id=meeting.id, item_id=report.id))
    )
    assert "Revision 2" in history and "Revision 1" in history
    assert "The committee noted the report." in history
    index = page_text(client.get(path("governors.minutes.index", meeting_id=meeting.id)))
    assert "1. Chair's report" in index and "P1. Contract award" in index


def test_a_stale_save_is_refused_and_both_texts_are_shown(held, client, sign_in):
    secretary, _, meeting, report, _ = held
    other = factories.secretary(name="Sam Deputy-Secretary")
    services.save_minute(other, report, MinuteText(discussion="Sam's version"), revision=None)
    db.session.commit()
    sign_in(secretary)
    url = path("governors.minutes.edit", meeting_id=meeting.id, item_id=report.id)
    # Opened before Sam saved: no revision yet.
    response = client.post(url, data=_form(discussion="My version", revision=""))
    assert response.status_code == 409
    text = page_text(response)
    assert "Someone else changed this minute" in text
    assert "Sam's version" in text and "My version" in text
    assert services.minute_of(report).discussion == "Sam's version"
    # The form now carries the latest revision, so saving from it works.
    assert 'name="revision" type="hidden" value="1"' in response.get_data(as_text=True)
    assert client.post(url, data=_form(discussion="Merged", revision="1")).status_code == 302
    assert services.minute_of(report).discussion == "Merged"


def test_votes_are_worked_out_by_the_rule_with_the_casting_vote(held):
    secretary, _, _, report, _ = held
    tie = MinuteText(votes_for=1, votes_against=1, votes_abstaining=1, casting_vote="for")
    minute = services.save_minute(secretary, report, tie, revision=None)
    assert minute.carried is True
    lost = MinuteText(votes_for=1, votes_against=1, votes_abstaining=1)
    minute = services.save_minute(secretary, report, lost, revision=1)
    assert minute.carried is False
    with pytest.raises(Refused, match="more votes than the 3 members present"):
        services.save_minute(
            secretary,
            report,
            MinuteText(votes_for=3, votes_against=1, votes_abstaining=0),
            revision=2,
        )
    with pytest.raises(Refused, match="only for a tie"):
        services.save_minute(
            secretary,
            report,
            MinuteText(votes_for=2, votes_against=1, votes_abstaining=0, casting_vote="for"),
            revision=2,
        )


def test_no_vote_is_carried_on_an_item_that_was_not_quorate(held, client, sign_in):
    secretary, members, meeting, _, contract = held
    attendance.record_declaration(secretary, contract, members[0], "Works for a bidder", "left")
    db.session.commit()
    sign_in(secretary)
    url = path("governors.minutes.edit", meeting_id=meeting.id, item_id=contract.id)
    page = page_text(client.get(url))
    assert "This item was not quorate" in page
    response = client.post(
        url,
        data=_form(
            vote_taken="y",
            votes_for="2",
            votes_against="0",
            votes_abstaining="0",
            discussion=CANARY,
        ),
    )
    assert response.status_code == 200
    assert "so no vote can be carried" in page_text(response)
    # Nothing typed is lost.
    assert CANARY in response.get_data(as_text=True)
    assert client.post(url, data=_form(discussion=CANARY)).status_code == 302
    # The private item's minute is named by number only in the audit log.
    entries = db.session.query(AuditEntry).filter_by(action="minutes.saved").all()
    assert entries and all(CANARY not in e.summary + str(e.after) for e in entries)
    assert any(f"private agenda item {contract.id}" in e.summary for e in entries)


def test_a_meeting_still_to_come_has_no_minutes_yet(app, client, sign_in, held):
    secretary, _, _, _, _ = held
    later = factories.MeetingFactory(starts_at=datetime(2027, 3, 3, 10, 0, tzinfo=UTC))
    item = agendas.add_item(secretary, later, part="public", title="Annual plan")
    with pytest.raises(Refused, match="has not started"):
        services.save_minute(secretary, item, MinuteText(discussion="Too soon"), revision=None)
    sign_in(secretary)
    page = page_text(client.get(path("governors.minutes.index", meeting_id=later.id)))
    assert "This meeting has not happened yet" in page
    assert "Not quorate" not in page and "Circulate" not in page


def test_only_the_secretary_takes_minutes(held, client, sign_in):
    _, members, meeting, report, _ = held
    sign_in(members[0])
    assert client.get(path("governors.minutes.index", meeting_id=meeting.id)).status_code == 403
    assert (
        client.get(
            path("governors.minutes.edit", meeting_id=meeting.id, item_id=report.id)
        ).status_code
        == 403
    )
