"""Minutes' lifecycle: draft, circulated to members for comment, approved at a later
meeting of the same body through its "Minutes of the last meeting" item, then locked, with
corrections kept as amendments."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from governors.agendas import services as agendas
from governors.errors import Refused
from governors.extensions import db
from governors.minutes import services
from governors.minutes.models import MinutesStatus
from governors.minutes.services import MinuteText
from governors.outbox.models import OutboxMessage
from tests import factories
from tests.meetings.helpers import page_text, path

pytestmark = pytest.mark.clock(datetime(2027, 5, 5, 12, 0, tzinfo=UTC))


@pytest.fixture
def two_meetings(app):
    """A committee's February meeting, minuted, and its May meeting this morning."""
    secretary = factories.secretary()
    members = [factories.governor(name=name) for name in ("Ann", "Bola", "Carys")]
    body = factories.BodyFactory(name="Membership and Engagement Committee")
    for person in members:
        factories.MembershipFactory(body=body, user=person)
    february = factories.MeetingFactory(
        body=body, starts_at=datetime(2027, 2, 3, 10, 0, tzinfo=UTC)
    )
    may = factories.MeetingFactory(body=body, starts_at=datetime(2027, 5, 5, 10, 0, tzinfo=UTC))
    for meeting in (february, may):
        agendas.add_standing_items(secretary, meeting)
    survey = agendas.add_item(secretary, february, part="public", title="Members' survey")
    services.save_minute(
        secretary,
        survey,
        MinuteText(discussion="The survey had 412 replies.", decisions="Noted."),
        revision=None,
    )
    db.session.commit()
    return secretary, members, february, may, survey


def test_circulated_minutes_collect_comments_and_no_comments(two_meetings, client, sign_in):
    secretary, members, february, _, survey = two_meetings
    sign_in(secretary)
    assert "Draft, not yet circulated" in page_text(
        client.get(path("governors.minutes.index", meeting_id=february.id))
    )
    client.post(path("governors.minutes.circulate", meeting_id=february.id))
    assert services.status_of(february) is MinutesStatus.CIRCULATED
    emailed = {m.to_address for m in db.session.query(OutboxMessage)}
    assert emailed == {person.email for person in members}
    client.post(path("governors.auth.sign_out"))

    sign_in(members[0])
    draft = path("governors.minutes.draft", meeting_id=february.id)
    page = page_text(client.get(draft))
    assert "The survey had 412 replies." in page and "Draft: not yet approved" in page
    client.post(draft, data={"item_id": str(survey.id), "comment": "It was 421 replies."})
    client.post(path("governors.auth.sign_out"))
    sign_in(members[1])
    client.post(draft, data={"no_comments": "y"})
    client.post(path("governors.auth.sign_out"))

    sign_in(secretary)
    page = page_text(client.get(path("governors.minutes.index", meeting_id=february.id)))
    assert "Ann: on item" in page and "“It was 421 replies.”" in page
    assert "Bola: no comments" in page
    assert "Not yet responded (1) Carys" in page


def test_a_later_meeting_approves_them_and_they_are_locked(two_meetings, client, sign_in):
    secretary, _, february, may, survey = two_meetings
    services.circulate(secretary, february)
    db.session.commit()
    sign_in(secretary)
    response = client.post(
        path("governors.minutes.approve", meeting_id=may.id),
        data={
            "earlier_id": str(february.id),
            "approval": "with_amendments",
            "amendments": "Item 6: 421 replies, not 412.",
        },
    )
    assert response.status_code == 302
    record = services.record_of(february)
    assert record.locked and record.approved_at_meeting_id == may.id
    # Recorded in both meetings' minutes.
    earlier = page_text(client.get(path("governors.minutes.index", meeting_id=february.id)))
    assert "Approved with amendments at the Membership and Engagement Committee meeting" in earlier
    later = services.minutes_for(may)
    [standing] = [m for m in later.values() if m.item.title == "Minutes of the last meeting"]
    assert "approved with these amendments: Item 6: 421 replies, not 412." in standing.decisions

    # Locked: no edit, only an amendment with who, when, why, before and after.
    with pytest.raises(Refused, match="approved, so they cannot be edited"):
        services.save_minute(secretary, survey, MinuteText(discussion="x"), revision=1)
    edit = client.get(path("governors.minutes.edit", meeting_id=february.id, item_id=survey.id))
    assert edit.status_code == 302 and "/amend" in edit.headers["Location"]
    client.post(
        path("governors.minutes.amend", meeting_id=february.id, item_id=survey.id),
        data={
            "reason": "Agreed at the May meeting",
            "discussion": "The survey had 421 replies.",
            "decisions": "Noted.",
        },
    )
    minute = services.minute_of(survey)
    assert minute.discussion == "The survey had 421 replies." and minute.revision == 2
    response = client.get(path("governors.minutes.index", meeting_id=february.id))
    page = page_text(response)
    assert "Why: Agreed at the May meeting" in page
    title = response.get_data(as_text=True).split("<title>")[1].split("</title>")[0]
    assert "Amendments" not in title and title.startswith("Minutes:")
    assert "Discussion was: The survey had 412 replies." in page


def test_approval_needs_circulated_minutes_of_an_earlier_meeting_of_the_same_body(two_meetings):
    secretary, _, february, may, _ = two_meetings
    with pytest.raises(Refused, match="Only circulated minutes"):
        services.approve(secretary, february, may, "true_record")
    services.circulate(secretary, february)
    with pytest.raises(Refused, match="later meeting of the same body"):
        services.approve(secretary, february, february, "true_record")
    other = factories.MeetingFactory(starts_at=datetime(2027, 5, 5, 9, 0, tzinfo=UTC))
    with pytest.raises(Refused, match="later meeting of the same body"):
        services.approve(secretary, february, other, "true_record")
    with pytest.raises(Refused, match="Say what the amendments are"):
        services.approve(secretary, february, may, "with_amendments", " ")
    assert services.approve(secretary, february, may, "true_record").locked


def test_only_the_bodys_members_read_and_comment_on_draft_minutes(two_meetings, client, sign_in):
    secretary, _, february, _, _ = two_meetings
    services.circulate(secretary, february)
    db.session.commit()
    sign_in(factories.governor())
    assert client.get(path("governors.minutes.draft", meeting_id=february.id)).status_code == 403
