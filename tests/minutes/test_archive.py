"""The archive of past meetings, by body and year: the public sees meetings held in public
with their published agendas and approved minutes; members see what they may see."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from governors.agendas import services as agendas
from governors.extensions import db
from governors.minutes import services
from governors.minutes.services import MinuteText
from tests import factories
from tests.meetings.helpers import page_text, path

pytestmark = pytest.mark.clock(datetime(2027, 6, 1, 12, 0, tzinfo=UTC))


@pytest.fixture
def past(app):
    secretary = factories.secretary()
    council_meeting = factories.MeetingFactory(starts_at=datetime(2027, 3, 4, 14, 0, tzinfo=UTC))
    later = factories.MeetingFactory(starts_at=datetime(2027, 5, 6, 14, 0, tzinfo=UTC))
    agendas.add_standing_items(secretary, later)
    item = agendas.add_item(secretary, council_meeting, part="public", title="Annual plan")
    agendas.publish(secretary, council_meeting, notify=False)
    services.save_minute(secretary, item, MinuteText(discussion="Noted."), revision=None)
    services.circulate(secretary, council_meeting, notify=False)
    services.approve(secretary, council_meeting, later, "true_record")
    closed = factories.BodyFactory(name="Nominations and Remuneration Committee")
    member = factories.governor()
    factories.MembershipFactory(body=closed, user=member)
    factories.MeetingFactory(body=closed, starts_at=datetime(2027, 4, 1, 10, 0, tzinfo=UTC))
    old = factories.MeetingFactory(starts_at=datetime(2026, 11, 5, 14, 0, tzinfo=UTC))
    db.session.commit()
    return council_meeting, closed, member, old


def test_the_public_archive_has_public_meetings_with_approved_minutes(past, client):
    council_meeting, closed, _, _ = past
    page = client.get(path("governors.meetings.archive"))
    text = page_text(page)
    html = page.get_data(as_text=True)
    assert "Council of Governors meeting" in text
    assert path("governors.minutes.pdf_public", meeting_id=council_meeting.id) in html
    assert path("governors.agendas.public", meeting_id=council_meeting.id) in html
    assert "Nominations and Remuneration Committee meeting" not in text
    older = page_text(client.get(path("governors.meetings.archive", year="2026")))
    assert "Thursday 5 November 2026" in older
    assert client.get(path("governors.meetings.archive", year="1999")).status_code == 404
    missing = client.get(path("governors.meetings.archive", body=str(closed.id)))
    assert missing.status_code == 404


def test_members_see_the_meetings_they_may_see(past, client, sign_in):
    council_meeting, closed, member, _ = past
    sign_in(member)
    page = client.get(path("governors.meetings.archive", body=str(closed.id)))
    assert "Nominations and Remuneration Committee meeting" in page_text(page)
    page = client.get(path("governors.meetings.archive"))
    assert path("governors.minutes.pdf_full", meeting_id=council_meeting.id) in page.get_data(
        as_text=True
    )
