"""The secretary is prompted and protected: moving an item straight to a number, adding
another, what will become public, checks before publishing, the new version's email and
the agendas on the secretary's home page."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html import unescape

import pytest
import sqlalchemy as sa

from governors.agendas import services
from governors.agendas.models import AgendaItem, AgendaVersion
from governors.audit.models import AuditEntry
from governors.errors import Refused
from governors.extensions import db
from governors.outbox.models import OutboxMessage
from tests import factories
from tests.agendas.conftest import add, agenda_request, titles
from tests.queries import counting_queries

# Tuesday 29 December 2026: the shared meeting (21 January 2027) is three weeks away.
pytestmark = pytest.mark.clock(datetime(2026, 12, 29, 12, 0, tzinfo=UTC))

STANDING = [
    "Welcome and apologies for absence",
    "Declarations of interest",
    "Minutes of the last meeting",
    "Matters arising and action log",
]


def text_of(response) -> str:
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", unescape(html)).strip()


def business(secretary, meeting, count: int) -> list[AgendaItem]:
    return [add(secretary, meeting, f"Report {n}") for n in range(1, count + 1)]


# Moving straight to a number ------------------------------------------------------------


def test_move_item_to_puts_item_13_at_5_in_one_step_and_records_it(secretary, meeting):
    business(secretary, meeting, 9)  # 4 standing + 9 + any other business = 14
    thirteenth = services.items_for(meeting)[12]
    assert thirteenth.title == "Report 9"

    services.move_item_to(secretary, thirteenth, 5)
    db.session.commit()

    order = titles(meeting)
    assert order[4] == "Report 9"
    assert order[-1] == "Any other business"
    assert order[:4] == STANDING
    entry = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "agenda.item_moved")
    ).one()
    assert entry.before == {"part": "public", "position": 13}
    assert entry.after == {"part": "public", "position": 5}


def test_move_item_to_refuses_numbers_outside_the_part_naming_the_field(secretary, meeting):
    item = add(secretary, meeting, "Report")
    for position in (0, 6, 99):
        with pytest.raises(Refused) as refused:
            services.move_item_to(secretary, item, position)
        assert refused.value.field == "position"
        assert refused.value.message == "Enter a number from 1 to 5"
    closing = services.items_for(meeting)[5]
    with pytest.raises(Refused, match="stays last"):
        services.move_item_to(secretary, closing, 1)


def test_moving_to_where_it_is_records_nothing(secretary, meeting):
    item = add(secretary, meeting, "Report")
    services.move_item_to(secretary, item, item.position)
    assert not db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "agenda.item_moved")
    ).all()


def test_private_items_move_by_number_and_the_audit_does_not_name_them(secretary, meeting):
    add(secretary, meeting, "Pay one", part="private")
    two = add(secretary, meeting, "Pay two", part="private")
    services.move_item_to(secretary, two, 1)
    assert titles(meeting, "private") == ["Pay two", "Pay one"]
    entry = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "agenda.item_moved")
    ).one()
    assert "Pay two" not in entry.summary


def test_the_builder_offers_a_number_for_each_item_and_confirms_the_move(
    client, sign_in, secretary, meeting
):
    business(secretary, meeting, 9)
    thirteenth = services.items_for(meeting)[12]
    sign_in(secretary)
    page = client.get(f"/agendas/{meeting.id}/edit").get_data(as_text=True)
    assert f'for="position-{thirteenth.id}"' in page
    assert f'action="/agendas/{meeting.id}/items/{thirteenth.id}/position"' in page
    # Any other business stays last, so 13 is the highest number offered.
    select = page[page.index(f'id="position-{thirteenth.id}"') :]
    select = select[: select.index("</select>")]
    assert '<option value="13" selected>' in select
    assert 'value="14"' not in select

    response = client.post(
        f"/agendas/{meeting.id}/items/{thirteenth.id}/position", data={"position": "5"}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"#item-{thirteenth.id}")
    assert titles(meeting)[4] == "Report 9"
    page = client.get(response.headers["Location"])
    text = text_of(page)
    assert "Item “Report 9” is now number 5 in the public part." in text
    # The success banner is an alert, so screen readers say it when the page loads.
    assert 'role="alert"' in page.get_data(as_text=True)


def test_a_bad_number_moves_nothing_and_says_why(client, sign_in, secretary, meeting):
    item = add(secretary, meeting, "Report")
    sign_in(secretary)
    response = client.post(
        f"/agendas/{meeting.id}/items/{item.id}/position",
        data={"position": "40"},
        follow_redirects=True,
    )
    assert "“Report” was not moved. Enter a number from 1 to 5." in text_of(response)
    assert titles(meeting)[4] == "Report"


def test_only_the_secretary_moves_items_by_number(client, sign_in, secretary, meeting):
    item = add(secretary, meeting, "Report")
    sign_in(factories.governor())
    response = client.post(
        f"/agendas/{meeting.id}/items/{item.id}/position", data={"position": "1"}
    )
    assert response.status_code == 403
    assert titles(meeting)[4] == "Report"


# Adding another -------------------------------------------------------------------------


def item_data(**overrides) -> dict:
    return {
        "part": "private",
        "title": "Chief executive's report",
        "purpose": "note",
        "minutes_allowed": "20",
    } | overrides


def test_save_and_add_another_returns_to_an_empty_form_in_the_same_part(
    client, sign_in, secretary, meeting
):
    sign_in(secretary)
    form = client.get(f"/agendas/{meeting.id}/items/new").get_data(as_text=True)
    assert "Save and add another" in form
    response = client.post(
        f"/agendas/{meeting.id}/items/new", data=item_data(title="Pay", another="1")
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/agendas/{meeting.id}/items/new?part=private")
    page = client.get(response.headers["Location"])
    text = text_of(page)
    assert "Added “Pay” to the agenda. Add another item below." in text
    html = page.get_data(as_text=True)
    assert 'value="Pay"' not in html
    assert re.search(r'value="private"[^>]*checked', html)
    # The plain button still goes back to the builder.
    response = client.post(f"/agendas/{meeting.id}/items/new", data=item_data(title="Estates"))
    assert response.headers["Location"].split("#")[0].endswith(f"/agendas/{meeting.id}/edit")
    assert titles(meeting, "private") == ["Pay", "Estates"]


def test_changing_an_item_offers_no_add_another(client, sign_in, secretary, meeting):
    item = add(secretary, meeting, "Report")
    sign_in(secretary)
    page = client.get(f"/agendas/{meeting.id}/items/{item.id}/edit").get_data(as_text=True)
    assert "Save and add another" not in page


# What will become public ----------------------------------------------------------------


def test_the_builder_shows_what_will_become_public_and_flags_governors_words(
    client, sign_in, secretary, meeting
):
    governor = factories.governor(name="Gill Governor")
    request = agenda_request(meeting, governor, "Car parking for carers")
    item = services.add_item(
        secretary,
        meeting,
        part="public",
        title="Car parking for carers",
        description="Carers cannot park near Ward 7.",
        request=request,
    )
    add(secretary, meeting, "Private pay", part="private")
    db.session.commit()
    sign_in(secretary)
    page = client.get(f"/agendas/{meeting.id}/edit")
    text = text_of(page)
    section = text[text.index("What will become public") : text.index("Publish agenda")]
    assert "anyone can read the public part" in section
    assert "Car parking for carers" in section
    assert "Carers cannot park near Ward 7." in section
    assert "Check: from a governor" in section
    assert "1 item came from a governor's request" in section
    assert "Private pay" not in section
    assert f"item {item.id}" not in section
    assert "no time set: item 5, Car parking for carers" in section


# Checks before publishing ---------------------------------------------------------------


def requested_item(secretary, meeting, **kwargs) -> AgendaItem:
    request = agenda_request(meeting, factories.governor(name="Gill Governor"), "Car parking")
    item = services.add_item(
        secretary,
        meeting,
        part="public",
        title="Car parking",
        description="Carers cannot park near Ward 7.",
        request=request,
        **kwargs,
    )
    db.session.commit()
    return item


def versions() -> int:
    return db.session.scalar(sa.select(sa.func.count(AgendaVersion.id)))


def test_publishing_with_nothing_to_check_goes_straight_through(
    client, sign_in, secretary, meeting
):
    add(secretary, meeting, "Report")
    sign_in(secretary)
    response = client.post(f"/agendas/{meeting.id}/publish", data={})
    assert response.status_code == 302
    assert versions() == 1


def test_publishing_asks_for_a_check_names_the_items_and_needs_the_box(
    client, sign_in, secretary, meeting
):
    requested_item(secretary, meeting, minutes_allowed=10)
    untimed = services.add_item(secretary, meeting, part="private", title="Pay review")
    db.session.commit()
    sign_in(secretary)

    response = client.post(f"/agendas/{meeting.id}/publish", data={})
    assert response.status_code == 200
    text = text_of(response)
    assert "Check before you publish" in text
    assert "Items with no time set" in text
    assert f"Item P{untimed.position}: Pay review" in text
    assert "Words and papers from governors" in text
    assert "Item 5: Car parking (from Gill Governor)" in text
    assert "Carers cannot park near Ward 7." in text
    assert "I have checked these items and they can be published" in text
    assert versions() == 0

    # Sent without the box ticked: an error summary that names the box.
    response = client.post(f"/agendas/{meeting.id}/publish", data={"confirming": "1"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<title>Error: " in html
    summary = html[html.index("nhsuk-error-summary") : html.index("<h1")]
    assert "Tick the box to say you have checked these items" in summary
    assert 'href="#checked"' in summary
    assert versions() == 0

    response = client.post(
        f"/agendas/{meeting.id}/publish", data={"confirming": "1", "checked": "y"}
    )
    assert response.status_code == 302
    assert versions() == 1


def test_once_published_as_it_is_a_governors_item_needs_no_second_check(
    client, sign_in, secretary, meeting
):
    item = requested_item(secretary, meeting, minutes_allowed=10)
    sign_in(secretary)
    client.post(f"/agendas/{meeting.id}/publish", data={"confirming": "1", "checked": "y"})
    add(secretary, meeting, "Finance report")
    response = client.post(f"/agendas/{meeting.id}/publish", data={"change_note": "Finance"})
    assert response.status_code == 302
    assert versions() == 2

    # The governor's words change: check again.
    services.update_item(
        secretary,
        item,
        part="public",
        title=item.title,
        purpose=item.purpose,
        presenter=None,
        minutes_allowed=10,
        description="Carers cannot park near Ward 7 or Ward 9.",
    )
    db.session.commit()
    response = client.post(f"/agendas/{meeting.id}/publish", data={"change_note": "Parking"})
    assert response.status_code == 200
    assert "Check before you publish" in text_of(response)
    # The note is kept for the second step.
    assert 'name="change_note" value="Parking"' in response.get_data(as_text=True)


def test_a_missing_change_note_is_asked_for_before_the_check(client, sign_in, secretary, meeting):
    add(secretary, meeting, "Report")
    services.publish(secretary, meeting, notify=False)
    requested_item(secretary, meeting)
    sign_in(secretary)
    response = client.post(f"/agendas/{meeting.id}/publish", data={"change_note": ""})
    text = text_of(response)
    assert "Enter what has changed since the last version" in text
    assert "Check before you publish" not in text


# The new version's email ----------------------------------------------------------------


def test_a_new_versions_email_names_what_changed_and_links_the_full_pdf(
    client, sign_in, secretary, meeting
):
    governor = factories.governor(name="Gill Governor")
    quality = add(secretary, meeting, "Quality report", presenter="Director of Nursing")
    services.publish(secretary, meeting, notify=False)
    add(secretary, meeting, "Governor elections")
    services.update_item(
        secretary,
        quality,
        part="public",
        title="Quality and safety report",
        purpose="note",
        presenter="Medical Director",
        minutes_allowed=25,
        description=None,
    )
    add(secretary, meeting, "Chief executive's pay", part="private")
    db.session.commit()
    sign_in(secretary)
    response = client.post(
        f"/agendas/{meeting.id}/publish", data={"change_note": "Added the elections"}
    )
    assert response.status_code == 302

    [email] = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.to_address == governor.email)
    ).all()
    body = email.body_text
    assert "What has changed: Added the elections" in body
    assert "Added item 6, “Governor elections”" in body
    assert "Title changed from “Quality report” to “Quality and safety report”" in body
    assert "Presenter changed from Director of Nursing to Medical Director" in body
    assert "Time allowed changed from 15 to 25 minutes" in body
    # Governors attend the private part, so they hear of private items and get the full PDF.
    assert "Chief executive's pay" in body
    assert f"/agendas/{meeting.id}/agenda-full.pdf?version=2" in body


def test_the_first_versions_email_links_the_pdf_and_lists_no_changes(
    client, sign_in, secretary, meeting
):
    governor = factories.governor(name="Gill Governor")
    add(secretary, meeting, "Report")
    sign_in(secretary)
    client.post(f"/agendas/{meeting.id}/publish", data={})
    [email] = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.to_address == governor.email)
    ).all()
    assert "In detail" not in email.body_text
    assert f"/agendas/{meeting.id}/agenda-full.pdf?version=1" in email.body_text


def test_a_pre_meetings_version_email_reaches_governors_only(secretary):
    pre = factories.MeetingFactory(
        kind="pre_meeting", starts_at=datetime(2027, 1, 14, 10, 0, tzinfo=UTC)
    )
    governor = factories.governor(name="Gill Governor")
    director = factories.UserFactory(roles=[factories.Role.NED])
    chair = factories.chair()
    add(secretary, pre, "Questions for the board")
    services.publish(secretary, pre)
    services.add_item(secretary, pre, part="public", title="More questions", minutes_allowed=5)
    services.publish(secretary, pre, "More questions")
    recipients = set(db.session.scalars(sa.select(OutboxMessage.to_address)))
    assert governor.email in recipients
    assert director.email not in recipients and chair.email not in recipients
    bodies = db.session.scalars(sa.select(OutboxMessage.body_text)).all()
    # A pre-meeting has no public PDF; members get the full one.
    assert all("agenda-public.pdf" not in body for body in bodies)


# The secretary's home page --------------------------------------------------------------


def test_the_secretarys_home_lists_agendas_to_prepare_and_publish(
    client, sign_in, secretary, meeting
):
    # The shared meeting: published, then changed, with an untimed item.
    add(secretary, meeting, "Report")
    services.publish(secretary, meeting, notify=False)
    services.add_item(secretary, meeting, part="public", title="Parking", minutes_allowed=None)
    # A second meeting, never published.
    later = factories.MeetingFactory(starts_at=datetime(2027, 2, 18, 14, 0, tzinfo=UTC))
    # Requests waiting for the shared meeting.
    factories.AgendaRequestFactory(meeting=meeting, status="submitted")
    factories.AgendaRequestFactory(meeting=meeting, status="submitted")
    # A cancelled meeting asks for nothing.
    factories.MeetingFactory(
        starts_at=datetime(2027, 1, 28, 14, 0, tzinfo=UTC),
        cancelled_at=datetime(2026, 12, 20, tzinfo=UTC),
    )
    db.session.commit()
    sign_in(secretary)
    text = text_of(client.get("/"))
    section = text[text.index("Agendas to prepare and publish") :]
    first = section[: section.index("18 February 2027")]
    assert "Council of Governors meeting, Thursday 21 January 2027" in first
    assert "It has changed since version 1. Publish a new version." in first
    assert "1 item has no time set: Parking." in first
    assert "2 agenda requests wait for a decision." in first
    second = section[section.index("18 February 2027") :]
    assert "No items of business yet. Not published yet." in second
    assert "Papers are due by Thursday 11 February 2027." in second
    assert "28 January" not in section
    assert later.id


def test_governors_see_no_agendas_section(client, sign_in, secretary, meeting):
    sign_in(factories.governor())
    assert "Agendas to prepare and publish" not in text_of(client.get("/"))


def _home_queries(client) -> int:
    db.session.expire_all()
    with counting_queries() as statements:
        response = client.get("/")
    assert response.status_code == 200
    return len(statements)


def test_the_agendas_section_costs_the_same_queries_however_many_meetings(
    client, sign_in, secretary
):
    from governors.agendas import home_section

    def meeting_with_agenda(day: int):
        meeting = factories.MeetingFactory(starts_at=datetime(2027, 1, day, 14, 0, tzinfo=UTC))
        services.add_standing_items(secretary, meeting)
        request = agenda_request(meeting, factories.governor(), f"Request {day}")
        services.add_item(secretary, meeting, part="public", title="Asked", request=request)
        services.publish(secretary, meeting, notify=False)
        services.add_item(secretary, meeting, part="private", title="Later", minutes_allowed=5)
        factories.AgendaRequestFactory(meeting=meeting, status="submitted")
        return meeting

    meeting_with_agenda(5)
    db.session.commit()
    sign_in(secretary)
    db.session.expire_all()
    with counting_queries() as few:
        home_section.context(secretary)
    for day in range(6, 12):
        meeting_with_agenda(day)
    db.session.commit()
    db.session.expire_all()
    with counting_queries() as many:
        found = home_section.context(secretary)
    assert len(found["agendas_home"]["prompts"]) == 7
    assert len(many) == len(few)
    assert _home_queries(client) > 0
