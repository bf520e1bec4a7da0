"""A governor's home page leads with the next Council meeting and its deadline."""

from datetime import UTC, datetime

import pytest

from governors.meetings import home_section
from governors.people.models import Role
from tests import factories
from tests.meetings.helpers import TODAY, page_text, path

pytestmark = pytest.mark.clock(TODAY)


def test_governor_home_leads_with_the_next_council_meeting(client, sign_in):
    council = factories.MeetingFactory(starts_at=datetime(2027, 1, 21, 14, 0, tzinfo=UTC))
    factories.MeetingFactory(
        kind="pre_meeting",
        starts_at=datetime(2027, 1, 14, 10, 0, tzinfo=UTC),
        place=None,
        video_link="https://teams.microsoft.com/l/meetup-join/pre",
    )
    factories.MeetingFactory(  # cancelled, so not the next one
        starts_at=datetime(2027, 1, 7, 14, 0, tzinfo=UTC),
        cancelled_at=datetime(2026, 12, 1, tzinfo=UTC),
    )
    sign_in(factories.governor(name="Alex Governor"))

    response = client.get(path("governors.home"))
    text = page_text(response)
    body = text.split("Welcome, Alex Governor", 1)[1].strip()

    assert body.startswith("Next Council meeting Council of Governors meeting")
    assert "Thursday 21 January 2027, 14:00 to 16:30 Boardroom, Trust Headquarters" in body
    assert "Send requests by Sunday 10 January 2027. 12 days left." in body
    assert "Also coming up Governors' pre-meeting: Thursday 14 January 2027 at 10:00" in body
    assert "Thursday 7 January 2027" not in body
    assert "Schedule a meeting" not in body
    html = response.get_data(as_text=True)
    assert path("governors.meetings.detail", meeting_id=council.id) in html

    context = home_section.context(factories.governor())["meetings_home"]
    if "governors.requests.propose" in client.application.view_functions:
        assert context["propose_url"].endswith(f"meeting_id={council.id}")
        assert "Propose an item for this meeting" in body


# Far in the future, so no meeting any test has made is still to come.
@pytest.mark.clock(datetime(2090, 1, 2, 12, 0, tzinfo=UTC))
def test_home_says_when_no_council_meeting_is_scheduled(client, sign_in):
    sign_in(factories.governor(name="Alex Governor"))
    text = page_text(client.get(path("governors.home")))
    assert "No Council meeting is scheduled yet." in text


def test_secretary_can_schedule_from_home(client, sign_in):
    sign_in(factories.secretary(name="Sam Secretary"))
    response = client.get(path("governors.home"))
    assert "Schedule a meeting" in page_text(response)
    assert path("governors.meetings.schedule") in response.get_data(as_text=True)


def test_an_officer_sees_the_meeting_but_no_proposal_button(app):
    factories.MeetingFactory(starts_at=datetime(2027, 1, 21, 14, 0, tzinfo=UTC))
    officer = factories.UserFactory(roles=[Role.OFFICER])
    with app.test_request_context():
        context = home_section.context(officer)["meetings_home"]
    assert context["meeting"] is not None
    assert context["propose_url"] is None
    assert context["can_manage"] is False
