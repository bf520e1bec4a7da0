"""The secretary's agenda builder, driven through its pages."""

from __future__ import annotations

import io

import sqlalchemy as sa

from governors.agendas.models import AgendaItem, AgendaVersion
from governors.audit.models import AuditEntry
from governors.extensions import db
from governors.outbox.models import OutboxMessage
from tests import factories
from tests.agendas.conftest import PDF_BYTES, add, agenda_request, parts, positions, titles

STANDING = [
    "Welcome and apologies for absence",
    "Declarations of interest",
    "Minutes of the last meeting",
    "Matters arising and action log",
    "Any other business",
]


def builder_url(meeting) -> str:
    return f"/agendas/{meeting.id}/edit"


def item_data(**overrides) -> dict:
    return {
        "part": "public",
        "title": "Chief executive's report",
        "purpose": "note",
        "presenter": "Jo Brennan, Chief Executive",
        "minutes_allowed": "20",
        "description": "Operational performance and news since the last meeting.",
    } | overrides


def audit_actions() -> list[str]:
    return list(db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)))


# The builder page ----------------------------------------------------------------------


def test_builder_lists_the_public_part_then_the_private_part_with_numbers_and_times(
    client, sign_in, secretary, meeting
):
    add(
        secretary, meeting, "Quality and safety report", minutes=30, presenter="Director of Nursing"
    )
    add(secretary, meeting, "Non-executive director appointments", part="private", minutes=20)
    sign_in(secretary)
    page = client.get(builder_url(meeting)).get_data(as_text=True)

    assert page.index("Public part") < page.index("Private part")
    # Standing items take 5 + 5 + 5 + 10 minutes, so the report starts at 14:25.
    assert "Quality and safety report" in page
    report = page.index("Quality and safety report")
    assert page.rfind("14:25", 0, report) > page.rfind("<tr", 0, report)
    assert "Presented by Director of Nursing" in page
    # Public items are 1 to 6; the private part is numbered P1, P2 …
    assert ">6<" in page and ">P1<" in page
    # Any other business (10 minutes) starts at 14:55; the private item then at 15:05.
    private = page.index("Non-executive director appointments")
    assert page.rfind("15:05", 0, private) > page.rfind("<tr", 0, private)
    assert "Not published yet" in page
    assert "should end at 15:25" in page


def test_an_item_from_a_request_says_who_asked_and_links_to_the_request(
    client, sign_in, secretary, meeting
):
    proposer = factories.governor(name="Priya Shah")
    request = agenda_request(meeting, proposer, "Waiting times for memory clinics")
    add(secretary, meeting, request.title, request=request)
    sign_in(secretary)
    page = client.get(builder_url(meeting)).get_data(as_text=True)
    assert "Requested by Priya Shah" in page
    assert f"/requests/{request.id}" in page


# Adding --------------------------------------------------------------------------------


def test_adding_an_item_puts_it_before_any_other_business(client, sign_in, secretary, meeting):
    sign_in(secretary)
    response = client.post(f"/agendas/{meeting.id}/items/new", data=item_data())
    assert response.status_code == 302
    assert response.headers["Location"].startswith(builder_url(meeting))
    assert titles(meeting) == [*STANDING[:4], "Chief executive's report", "Any other business"]
    assert positions(meeting) == [1, 2, 3, 4, 5, 6]
    item = parts(meeting)["public"][4]
    assert (item.purpose, item.presenter, item.minutes_allowed) == (
        "note",
        "Jo Brennan, Chief Executive",
        20,
    )
    assert "agenda.item_added" in audit_actions()
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Added “Chief executive&#39;s report” to the agenda." in page


def test_adding_to_the_private_part(client, sign_in, secretary, meeting):
    sign_in(secretary)
    client.post(
        f"/agendas/{meeting.id}/items/new",
        data=item_data(part="private", title="Chief executive's pay", purpose="decide"),
    )
    assert titles(meeting, "private") == ["Chief executive's pay"]


def test_a_blank_title_is_refused_and_what_was_typed_is_kept(client, sign_in, secretary, meeting):
    sign_in(secretary)
    response = client.post(
        f"/agendas/{meeting.id}/items/new",
        data=item_data(title="   ", presenter="Dr Lee", minutes_allowed="25"),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<title>Error:" in page
    assert "There is a problem" in page
    assert 'href="#title"' in page
    assert "Enter a title for the item" in page
    assert 'value="Dr Lee"' in page
    assert 'value="25"' in page
    assert titles(meeting) == STANDING


def test_time_allowed_must_be_a_sensible_number_of_minutes(client, sign_in, secretary, meeting):
    sign_in(secretary)
    cases = {
        "ninety": "Time allowed must be a whole number of minutes, like 15",
        "0": "Time allowed must be at least 1 minute",
        "600": "Time allowed must be 480 minutes (8 hours) or less",
        "": "Enter the time allowed for the item, in minutes",
        "12.5": "Time allowed must be a whole number of minutes, like 15",
    }
    for typed, message in cases.items():
        response = client.post(
            f"/agendas/{meeting.id}/items/new",
            data=item_data(minutes_allowed=typed, title="Annual plan 2027/28: governors' views"),
        )
        page = response.get_data(as_text=True)
        assert response.status_code == 200
        assert message in page, typed
        assert 'href="#minutes_allowed"' in page
        assert f'value="{typed}"' in page
        assert "Annual plan 2027/28: governors&#39; views" in page
    assert titles(meeting) == STANDING


def test_purpose_must_be_chosen(client, sign_in, secretary, meeting):
    sign_in(secretary)
    data = item_data()
    del data["purpose"]
    page = client.post(f"/agendas/{meeting.id}/items/new", data=data).get_data(as_text=True)
    assert "Select what the Council is asked to do with the item" in page
    page = client.post(
        f"/agendas/{meeting.id}/items/new", data=item_data(purpose="standing")
    ).get_data(as_text=True)
    assert "Select what the Council is asked to do with the item" in page
    assert titles(meeting) == STANDING


def test_too_long_a_title_is_refused(client, sign_in, secretary, meeting):
    sign_in(secretary)
    page = client.post(
        f"/agendas/{meeting.id}/items/new", data=item_data(title="x" * 201)
    ).get_data(as_text=True)
    assert "Title must be 200 characters or fewer" in page


def test_papers_are_uploaded_with_the_item_and_listed(client, sign_in, secretary, meeting):
    sign_in(secretary)
    data = item_data() | {
        "papers": [
            (io.BytesIO(PDF_BYTES), "CEO report January.pdf"),
            (io.BytesIO(PDF_BYTES), "Appendix A.pdf"),
        ]
    }
    response = client.post(
        f"/agendas/{meeting.id}/items/new", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 302
    item = parts(meeting)["public"][4]
    assert sorted(doc.filename for doc in item.papers) == [
        "Appendix A.pdf",
        "CEO report January.pdf",
    ]
    page = client.get(builder_url(meeting)).get_data(as_text=True)
    assert "CEO report January.pdf" in page
    assert f"/documents/{item.papers[0].id}" in page


def test_a_paper_of_the_wrong_type_is_refused_and_nothing_is_added(
    client, sign_in, secretary, meeting
):
    sign_in(secretary)
    data = item_data() | {"papers": [(io.BytesIO(b"just some text"), "notes.pdf")]}
    response = client.post(
        f"/agendas/{meeting.id}/items/new", data=data, content_type="multipart/form-data"
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The selected file must be a PDF, Word or OpenDocument file" in page
    assert 'href="#papers"' in page
    assert titles(meeting) == STANDING


def test_the_add_page_can_start_in_the_private_part(client, sign_in, secretary, meeting):
    sign_in(secretary)
    page = client.get(f"/agendas/{meeting.id}/items/new?part=private").get_data(as_text=True)
    private_radio = page[page.index('value="private"') - 200 : page.index('value="private"') + 40]
    assert "checked" in private_radio


# Editing -------------------------------------------------------------------------------


def test_editing_an_item_shows_what_it_holds_and_saves_changes(client, sign_in, secretary, meeting):
    item = add(secretary, meeting, "Quality report", minutes=20, presenter="Dr Lee")
    sign_in(secretary)
    form = client.get(f"/agendas/{meeting.id}/items/{item.id}/edit").get_data(as_text=True)
    assert 'value="Quality report"' in form and 'value="20"' in form and 'value="Dr Lee"' in form

    response = client.post(
        f"/agendas/{meeting.id}/items/{item.id}/edit",
        data=item_data(title="Quality and safety report", minutes_allowed="30", purpose="discuss"),
    )
    assert response.status_code == 302
    db.session.expire_all()
    item = db.session.get(AgendaItem, item.id)
    assert (item.title, item.minutes_allowed, item.purpose) == (
        "Quality and safety report",
        30,
        "discuss",
    )
    entry = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "agenda.item_changed")
    ).one()
    assert entry.before["title"] == "Quality report"
    assert entry.after["minutes_allowed"] == 30


def test_editing_with_bad_input_keeps_what_was_typed(client, sign_in, secretary, meeting):
    item = add(secretary, meeting, "Quality report")
    sign_in(secretary)
    page = client.post(
        f"/agendas/{meeting.id}/items/{item.id}/edit",
        data=item_data(title="", minutes_allowed="ninety", presenter="Dr Lee"),
    ).get_data(as_text=True)
    assert "Enter a title for the item" in page
    assert "Time allowed must be a whole number of minutes, like 15" in page
    assert 'value="ninety"' in page and 'value="Dr Lee"' in page
    db.session.expire_all()
    assert db.session.get(AgendaItem, item.id).title == "Quality report"


def test_a_standing_item_keeps_its_purpose_when_edited(client, sign_in, secretary, meeting):
    welcome = parts(meeting)["public"][0]
    sign_in(secretary)
    response = client.post(
        f"/agendas/{meeting.id}/items/{welcome.id}/edit",
        data=item_data(title="Welcome, introductions and apologies", purpose="standing"),
    )
    assert response.status_code == 302
    assert titles(meeting)[0] == "Welcome, introductions and apologies"


def test_editing_can_move_an_item_to_the_other_part(client, sign_in, secretary, meeting):
    item = add(secretary, meeting, "Estates strategy")
    sign_in(secretary)
    client.post(
        f"/agendas/{meeting.id}/items/{item.id}/edit",
        data=item_data(title="Estates strategy", part="private"),
    )
    assert titles(meeting, "private") == ["Estates strategy"]
    assert titles(meeting) == STANDING
    assert positions(meeting) == [1, 2, 3, 4, 5]


def test_papers_can_be_taken_off_an_item(client, sign_in, secretary, meeting):
    sign_in(secretary)
    client.post(
        f"/agendas/{meeting.id}/items/new",
        data=item_data() | {"papers": [(io.BytesIO(PDF_BYTES), "Old report.pdf")]},
        content_type="multipart/form-data",
    )
    item = parts(meeting)["public"][4]
    paper = item.papers[0]
    form = client.get(f"/agendas/{meeting.id}/items/{item.id}/edit").get_data(as_text=True)
    assert "Old report.pdf" in form
    client.post(
        f"/agendas/{meeting.id}/items/{item.id}/edit",
        data=item_data() | {"remove_papers": [str(paper.id)]},
    )
    db.session.expire_all()
    assert db.session.get(AgendaItem, item.id).papers == []


def test_an_item_of_another_meeting_is_not_found(client, sign_in, secretary, meeting):
    other = factories.MeetingFactory()
    item = add(secretary, other, "Somewhere else")
    sign_in(secretary)
    assert client.get(f"/agendas/{meeting.id}/items/{item.id}/edit").status_code == 404
    assert client.post(f"/agendas/{meeting.id}/items/{item.id}/remove").status_code == 404
    assert client.get("/agendas/999999/edit").status_code == 404


# Removing ------------------------------------------------------------------------------


def test_removing_asks_first_then_closes_the_gap(client, sign_in, secretary, meeting):
    item = add(secretary, meeting, "Estates strategy")
    sign_in(secretary)
    page = client.get(f"/agendas/{meeting.id}/items/{item.id}/remove").get_data(as_text=True)
    assert "Are you sure you want to remove “Estates strategy”?" in page
    assert "This is a standing item" not in page

    response = client.post(f"/agendas/{meeting.id}/items/{item.id}/remove")
    assert response.status_code == 302
    assert titles(meeting) == STANDING
    assert positions(meeting) == [1, 2, 3, 4, 5]
    assert "agenda.item_removed" in audit_actions()


def test_removing_a_standing_item_warns_but_is_allowed(client, sign_in, secretary, meeting):
    minutes = parts(meeting)["public"][2]
    sign_in(secretary)
    page = client.get(f"/agendas/{meeting.id}/items/{minutes.id}/remove").get_data(as_text=True)
    assert "This is a standing item" in page
    client.post(f"/agendas/{meeting.id}/items/{minutes.id}/remove")
    assert "Minutes of the last meeting" not in titles(meeting)
    assert positions(meeting) == [1, 2, 3, 4]


def test_removing_a_requested_item_reminds_the_secretary_to_tell_the_governor(
    client, sign_in, secretary, meeting
):
    request = agenda_request(meeting, factories.governor(name="Priya Shah"), "Memory clinics")
    item = add(secretary, meeting, request.title, request=request)
    sign_in(secretary)
    page = client.get(f"/agendas/{meeting.id}/items/{item.id}/remove").get_data(as_text=True)
    assert "Priya Shah asked for it" in page


# Reordering ----------------------------------------------------------------------------


def move(client, meeting, item, direction: str):
    return client.post(f"/agendas/{meeting.id}/items/{item.id}/move", data={"direction": direction})


def test_move_up_and_move_down_swap_neighbours(client, sign_in, secretary, meeting):
    first = add(secretary, meeting, "First report")
    add(secretary, meeting, "Second report")
    sign_in(secretary)
    response = move(client, meeting, first, "down")
    assert response.status_code == 302
    assert titles(meeting)[4:6] == ["Second report", "First report"]
    move(client, meeting, first, "up")
    assert titles(meeting)[4:6] == ["First report", "Second report"]
    assert positions(meeting) == [1, 2, 3, 4, 5, 6, 7]
    assert audit_actions().count("agenda.item_moved") == 2


def test_the_first_item_cannot_move_up_and_nothing_passes_any_other_business(
    client, sign_in, secretary, meeting
):
    last = add(secretary, meeting, "Last report")
    welcome = parts(meeting)["public"][0]
    aob = parts(meeting)["public"][-1]
    sign_in(secretary)
    for item, direction in ((welcome, "up"), (last, "down"), (aob, "up"), (aob, "down")):
        move(client, meeting, item, direction)
    assert titles(meeting) == [*STANDING[:4], "Last report", "Any other business"]
    page = client.get(builder_url(meeting)).get_data(as_text=True)
    assert "cannot move that way" in page
    # The buttons are offered only where a move is possible.
    hidden = '<span class="nhsuk-u-visually-hidden">'
    assert f"Move up{hidden} item 1: Welcome" not in page
    assert f"Move down{hidden} item 5: Last report" not in page
    assert f"Move up{hidden} item 5: Last report" in page


def test_the_last_private_item_cannot_move_down(client, sign_in, secretary, meeting):
    one = add(secretary, meeting, "Private one", part="private")
    two = add(secretary, meeting, "Private two", part="private")
    sign_in(secretary)
    move(client, meeting, two, "down")
    move(client, meeting, one, "up")
    assert titles(meeting, "private") == ["Private one", "Private two"]
    move(client, meeting, two, "up")
    assert titles(meeting, "private") == ["Private two", "Private one"]


def test_moving_between_parts_goes_to_the_end_of_the_other_part(
    client, sign_in, secretary, meeting
):
    item = add(secretary, meeting, "Board assurance framework")
    add(secretary, meeting, "Non-executive director appointments", part="private")
    sign_in(secretary)
    move(client, meeting, item, "private")
    assert titles(meeting, "private") == [
        "Non-executive director appointments",
        "Board assurance framework",
    ]
    assert positions(meeting, "private") == [1, 2]
    assert positions(meeting) == [1, 2, 3, 4, 5]
    move(client, meeting, item, "public")
    assert titles(meeting) == [*STANDING[:4], "Board assurance framework", "Any other business"]
    assert positions(meeting, "private") == [1]


def test_an_unknown_direction_is_a_bad_request(client, sign_in, secretary, meeting):
    item = add(secretary, meeting, "Report")
    sign_in(secretary)
    assert move(client, meeting, item, "sideways").status_code == 400


# Publishing ----------------------------------------------------------------------------


def test_publishing_version_1_then_a_change_needs_a_note_for_version_2(
    client, sign_in, secretary, meeting
):
    governor = factories.governor(name="Gill Governor")
    officer = factories.UserFactory(roles=[factories.Role.OFFICER])
    item = add(secretary, meeting, "Quality and safety report")
    sign_in(secretary)

    response = client.post(f"/agendas/{meeting.id}/publish", data={})
    assert response.status_code == 302
    version = db.session.scalars(sa.select(AgendaVersion)).one()
    assert version.number == 1
    assert [e["title"] for e in version.entries][4] == "Quality and safety report"
    page = client.get(builder_url(meeting)).get_data(as_text=True)
    assert "Published version 1 of the agenda." in page
    assert "It matches the agenda below" in page
    assert "There is nothing new to publish" in page

    emails = db.session.scalars(sa.select(OutboxMessage)).all()
    recipients = {message.to_address for message in emails}
    assert governor.email in recipients and secretary.email in recipients
    assert officer.email not in recipients
    assert all(f"/agendas/{meeting.id}" in message.body_text for message in emails)

    move(client, meeting, item, "up")
    page = client.get(builder_url(meeting)).get_data(as_text=True)
    assert "Changes not published" in page
    assert "What has changed?" in page

    response = client.post(f"/agendas/{meeting.id}/publish", data={"change_note": "  "})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Enter what has changed since the last version" in page
    assert 'href="#change_note"' in page
    assert db.session.scalar(sa.select(sa.func.count(AgendaVersion.id))) == 1

    response = client.post(
        f"/agendas/{meeting.id}/publish",
        data={"change_note": "Took the quality report before matters arising"},
    )
    assert response.status_code == 302
    latest = db.session.scalars(
        sa.select(AgendaVersion).order_by(AgendaVersion.number.desc())
    ).first()
    assert latest.number == 2
    assert latest.change_note == "Took the quality report before matters arising"
    assert audit_actions().count("agenda.published") == 2
    subjects = {m.subject for m in db.session.scalars(sa.select(OutboxMessage))}
    assert any(s.startswith("Agenda updated (version 2)") for s in subjects)


def test_publishing_with_nothing_changed_is_refused(client, sign_in, secretary, meeting):
    sign_in(secretary)
    client.post(f"/agendas/{meeting.id}/publish")
    page = client.post(
        f"/agendas/{meeting.id}/publish", data={"change_note": "Nothing really"}
    ).get_data(as_text=True)
    assert "Nothing has changed since version 1 was published" in page
    assert db.session.scalar(sa.select(sa.func.count(AgendaVersion.id))) == 1


def test_an_empty_agenda_cannot_be_published(client, sign_in, secretary):
    empty = factories.MeetingFactory(kind="pre_meeting")
    sign_in(secretary)
    page = client.get(builder_url(empty)).get_data(as_text=True)
    assert "Add an item before you publish the agenda" in page
    assert "for governors only" in page
    page = client.post(f"/agendas/{empty.id}/publish").get_data(as_text=True)
    assert "Add at least one item before you publish the agenda" in page
    assert db.session.scalar(sa.select(sa.func.count(AgendaVersion.id))) == 0


def test_a_refusal_about_the_whole_agenda_is_in_the_error_summary(client, sign_in, secretary):
    empty = factories.MeetingFactory(kind="annual_members")
    sign_in(secretary)
    response = client.post(f"/agendas/{empty.id}/publish", data={"change_note": ""})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    summary = page[page.index("nhsuk-error-summary") : page.index("<h1")]
    assert "Add at least one item before you publish the agenda" in summary
    # It is about no one field, so it links to none.
    assert "href=" not in summary


def test_a_paper_that_is_refused_is_named_on_the_papers_field(client, sign_in, secretary, meeting):
    sign_in(secretary)
    response = client.post(
        f"/agendas/{meeting.id}/items/new",
        data={
            "part": "public",
            "title": "Estates strategy",
            "purpose": "note",
            "minutes_allowed": "10",
            "papers": (io.BytesIO(b"just some text"), "estates.txt"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'href="#papers"' in page
    assert "The selected file must be a PDF, Word or OpenDocument file (estates.txt)" in page
