"""Reading published agendas: members, officers and the public each see what they may."""

from __future__ import annotations

from governors.agendas import services
from governors.extensions import db
from governors.people.models import Role
from tests import factories
from tests.agendas.conftest import add, agenda_request
from tests.agendas.test_queries import paper

PRIVATE_TITLE = "Non-executive director appointments: shortlist"


def publish(secretary, meeting, note: str | None = None):
    version = services.publish(secretary, meeting, note, notify=False)
    db.session.commit()
    return version


def build_and_publish(secretary, meeting):
    add(secretary, meeting, "Chief executive's report", presenter="Jo Brennan")
    add(secretary, meeting, "Quality and safety report", minutes=30)
    add(secretary, meeting, PRIVATE_TITLE, part="private", minutes=20)
    return publish(secretary, meeting)


def test_a_governor_sees_the_whole_agenda_with_its_version(client, sign_in, secretary, meeting):
    build_and_publish(secretary, meeting)
    sign_in(factories.governor())
    response = client.get(f"/agendas/{meeting.id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Version 1, published on" in page
    assert "Chief executive&#39;s report" in page
    assert PRIVATE_TITLE in page
    assert page.index("Public part") < page.index("Private part") < page.index(PRIVATE_TITLE)
    assert ">P1<" in page
    assert f"/agendas/{meeting.id}/agenda-full.pdf" in page
    assert f"/agendas/{meeting.id}/agenda-public.pdf" in page
    assert "Change the agenda" not in page


def test_the_agenda_shows_the_published_version_not_later_drafts(
    client, sign_in, secretary, meeting
):
    build_and_publish(secretary, meeting)
    add(secretary, meeting, "Draft item nobody has seen")
    sign_in(factories.governor())
    members = client.get(f"/agendas/{meeting.id}")
    assert members.status_code == 200
    assert "Chief executive&#39;s report" in members.text
    assert "Draft item nobody has seen" not in members.text
    client.get("/account/sign-out")
    public = client.get(f"/agendas/{meeting.id}/public")
    assert public.status_code == 200
    assert "Chief executive&#39;s report" in public.text
    assert "Draft item nobody has seen" not in public.text


def test_requested_items_name_the_governor_who_asked(client, sign_in, secretary, meeting):
    request = agenda_request(meeting, factories.governor(name="Priya Shah"), "Memory clinics")
    add(secretary, meeting, request.title, request=request)
    publish(secretary, meeting)
    sign_in(factories.governor())
    assert "Requested by Priya Shah" in client.get(f"/agendas/{meeting.id}").text


def test_governors_see_what_changed_between_versions(client, sign_in, secretary, meeting):
    build_and_publish(secretary, meeting)
    report = services.items_for(meeting)[5]
    services.update_item(
        secretary,
        report,
        part="public",
        title="Quality and safety report",
        purpose="decide",
        presenter="Director of Nursing",
        minutes_allowed=40,
        description=None,
    )
    removed = next(i for i in services.items_for(meeting) if i.title == "Chief executive's report")
    services.remove_item(secretary, removed)
    add(secretary, meeting, "Annual plan 2027/28: governors' views")
    add(secretary, meeting, "Chief executive's pay", part="private")
    publish(secretary, meeting, "Added the annual plan; the chief executive reports next time")

    sign_in(factories.governor())
    page = client.get(f"/agendas/{meeting.id}").text
    assert "What changed in version 2" in page
    assert "Added the annual plan; the chief executive reports next time" in page
    assert "&lt;p&gt;" not in page
    added = page[page.index("<h3>Added</h3>") : page.index("<h3>Removed</h3>")]
    assert "Annual plan 2027/28: governors&#39; views" in added
    assert "Chief executive&#39;s pay" in added
    removed_section = page[page.index("<h3>Removed</h3>") : page.index("<h3>Changed</h3>")]
    assert "Chief executive&#39;s report" in removed_section
    changed = page[page.index("<h3>Changed</h3>") : page.index('id="public-part"')]
    assert "Time allowed changed from 30 to 40 minutes" in changed
    assert "Presenter added: Director of Nursing" in changed
    # Earlier versions stay readable.
    assert f'href="/agendas/{meeting.id}/versions/1"' in page
    first = client.get(f"/agendas/{meeting.id}/versions/1").text
    assert "This is not the latest version" in first
    assert "Chief executive&#39;s report" in first
    assert client.get(f"/agendas/{meeting.id}/versions/7").status_code == 404


def test_an_officer_sees_the_public_part_only(client, sign_in, secretary, meeting):
    build_and_publish(secretary, meeting)
    add(secretary, meeting, "Chief executive's pay", part="private")
    publish(secretary, meeting, "Added a private item on the chief executive's pay")
    sign_in(factories.UserFactory(roles=[Role.OFFICER]))
    page = client.get(f"/agendas/{meeting.id}").text
    assert "Quality and safety report" in page
    assert PRIVATE_TITLE not in page
    assert "Chief executive&#39;s pay" not in page
    assert "chief executive&#39;s pay" not in page
    assert "The meeting will also have a private part, closed to the public." in page
    assert "agenda-full.pdf" not in page
    assert "No items were added, removed or changed in the public part" in page
    assert client.get(f"/agendas/{meeting.id}/agenda-full.pdf").status_code == 403


def test_before_publishing_members_are_told_and_the_secretary_is_sent_to_the_builder(
    client, sign_in, secretary, meeting
):
    add(secretary, meeting, PRIVATE_TITLE, part="private")
    sign_in(factories.governor())
    page = client.get(f"/agendas/{meeting.id}").text
    assert "The agenda for this meeting has not been published yet." in page
    assert "Build and publish the agenda" not in page
    assert PRIVATE_TITLE not in page
    client.post("/account/sign-out")
    sign_in(secretary)
    page = client.get(f"/agendas/{meeting.id}").text
    assert f'href="/agendas/{meeting.id}/edit"' in page


def test_the_public_page_needs_no_sign_in_and_shows_no_private_title(client, secretary, meeting):
    build_and_publish(secretary, meeting)
    response = client.get(f"/agendas/{meeting.id}/public")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Quality and safety report" in page
    assert PRIVATE_TITLE not in page
    assert "Non-executive" not in page
    assert ">P1<" not in page
    assert "The meeting will also have a private part, closed to the public." in page
    assert "Version 1, published on" in page


def test_the_public_page_does_not_mention_a_private_part_when_there_is_none(
    client, secretary, meeting
):
    add(secretary, meeting, "Quality and safety report")
    publish(secretary, meeting)
    response = client.get(f"/agendas/{meeting.id}/public")
    assert response.status_code == 200
    assert "Quality and safety report" in response.text
    assert "private part" not in response.text


def test_the_public_page_is_not_found_until_an_agenda_is_published(client, meeting):
    assert client.get(f"/agendas/{meeting.id}/public").status_code == 404
    assert client.get(f"/agendas/{meeting.id}/agenda-public.pdf").status_code == 404


def test_a_governors_pre_meeting_is_never_public(client, sign_in, secretary):
    pre_meeting = factories.MeetingFactory(kind="pre_meeting")
    add(secretary, pre_meeting, "Questions for the non-executive directors")
    publish(secretary, pre_meeting)
    assert client.get(f"/agendas/{pre_meeting.id}/public").status_code == 404
    assert client.get(f"/agendas/{pre_meeting.id}/agenda-public.pdf").status_code == 404
    sign_in(factories.UserFactory(roles=[Role.OFFICER]))
    assert client.get(f"/agendas/{pre_meeting.id}").status_code == 403
    client.post("/account/sign-out")
    sign_in(factories.governor())
    assert (
        "Questions for the non-executive directors" in client.get(f"/agendas/{pre_meeting.id}").text
    )


def test_the_members_page_sends_anonymous_visitors_to_sign_in(client, secretary, meeting):
    build_and_publish(secretary, meeting)
    for url in (f"/agendas/{meeting.id}", f"/agendas/{meeting.id}/agenda-full.pdf"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/account/sign-in" in response.headers["Location"]


def test_the_public_page_hides_the_video_link(client, secretary, meeting):
    meeting.video_link = "https://meet.example.org/council-secret-room"
    db.session.commit()
    build_and_publish(secretary, meeting)
    response = client.get(f"/agendas/{meeting.id}/public")
    assert response.status_code == 200
    assert "Chief executive&#39;s report" in response.text
    assert "council-secret-room" not in response.text


def test_papers_of_public_items_are_public_and_private_papers_are_not(
    client, sign_in, secretary, meeting
):
    public_paper = paper(secretary, "Quality report.pdf")
    private_paper = paper(secretary, "Shortlist.pdf")
    add(secretary, meeting, "Quality and safety report", papers=[public_paper])
    add(secretary, meeting, PRIVATE_TITLE, part="private", papers=[private_paper])
    publish(secretary, meeting)

    page = client.get(f"/agendas/{meeting.id}/public").text
    assert "Quality report.pdf" in page and "Shortlist.pdf" not in page
    assert f"/documents/{private_paper.id}" not in page
    refused = client.get(f"/documents/{private_paper.id}")
    assert refused.status_code == 302 and "/account/sign-in" in refused.headers["Location"]

    sign_in(factories.UserFactory(roles=[Role.OFFICER]))
    assert client.get(f"/documents/{private_paper.id}").status_code == 403
