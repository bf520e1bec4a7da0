"""The people pages: the council directory for members, and the secretary's management."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from governors.audit.models import AuditEntry
from governors.extensions import db
from governors.people.models import GovernorProfile, Role, User
from tests import bulk, factories
from tests.people.conftest import outbox, page_text
from tests.queries import counting_queries

TODAY = date(2027, 1, 21)


pytestmark = pytest.mark.clock(TODAY)


def _governor(name: str, constituency: str = "public", term_end: date = date(2029, 3, 31), **kw):
    person = factories.governor(name=name, constituency=constituency, **kw)
    person.governor_profile.term_end = term_end
    return person


def _invite_data(**changes) -> dict:
    return {
        "name": "Nia Evans",
        "email": "nia@example.org",
        "roles": ["governor"],
        "constituency": "public",
        "area": "Castlebridge",
        "route": "elected",
        "term_start-day": "1",
        "term_start-month": "4",
        "term_start-year": "2026",
        "term_end-day": "31",
        "term_end-month": "3",
        "term_end-year": "2029",
    } | changes


def test_directory_groups_governors_by_constituency_then_lists_others(client, sign_in):
    _governor("Amy Public")
    _governor("Ben Service", "service_user")
    _governor("Cat Appointed", "appointed")
    factories.UserFactory(name="Dan Director", roles=[Role.NED])
    viewer = _governor("Eve Viewer")
    sign_in(viewer)
    text = page_text(client.get("/people/"))
    text = text[text.index("Public governors (2)") :]  # the page body, not the header
    public = text.index("Public governors (2)")
    service = text.index("Service user governors (1)")
    appointed = text.index("Appointed governors (1)")
    others = text.index("Chair, non-executive directors and officers")
    assert public < service < appointed < others
    assert text.index("Amy Public") < text.index("Eve Viewer") < service
    assert "Dan Director Roles Non-executive director" in text


def test_a_governor_sees_names_and_roles_but_no_emails_or_management(client, sign_in):
    _governor("Amy Public", email="amy@example.org", term_end=TODAY + timedelta(days=30))
    _governor("Gone Person", active=False)
    sign_in(_governor("Eve Viewer"))
    response = client.get("/people/")
    text = page_text(response)
    assert "Amy Public" in text
    assert "amy@example.org" not in text
    assert "Invite a person" not in text
    assert "Term ends in" not in text
    assert "Gone Person" not in text


def test_the_secretary_sees_emails_term_warnings_and_deactivated_people(as_secretary):
    _governor("Amy Soon", email="amy@example.org", term_end=TODAY + timedelta(days=30))
    _governor("Bob Later", term_end=TODAY + timedelta(days=91))
    _governor("Gone Person", active=False)
    factories.UserFactory(name="New Person", password_hash=None, roles=[Role.OFFICER])
    text = page_text(as_secretary.get("/people/"))
    assert "amy@example.org" in text
    assert "Invite a person" in text
    assert "Terms ending within 90 days" in text
    assert "Amy Soon, public governor: term ends Saturday 20 February 2027" in text
    assert "Term ends in 30 days" in text
    assert "Bob Later" in text and "Term ends in 91 days" not in text
    assert "Deactivated people (1)" in text and "Gone Person" in text
    assert "New Person Invitation not accepted" in text


def test_the_directory_costs_the_same_queries_for_any_number_of_people(as_secretary):
    _governor("One")
    as_secretary.get("/people/")
    with counting_queries() as few:
        as_secretary.get("/people/")
    for n in range(25):
        person = _governor(f"Governor {n}", ["public", "carer", "staff"][n % 3])
        person.set_roles({Role.GOVERNOR, Role.LEAD_GOVERNOR})
        factories.UserFactory(name=f"Officer {n}", roles=[Role.OFFICER, Role.NED])
    db.session.flush()
    with counting_queries() as many:
        response = as_secretary.get("/people/")
    assert "Governor 24" in page_text(response)
    assert len(many) == len(few)


@pytest.mark.parametrize("manager", [True, False])
def test_the_directory_costs_the_same_for_3_or_520_people(client, sign_in, secretary, manager):
    # Past 500 people the models' default selectin loads would take a second IN query.
    sign_in(secretary if manager else _governor("Eve Viewer"))
    bulk.governors(3, prefix="Few")
    db.session.expire_all()
    with counting_queries() as few:
        client.get("/people/")
    bulk.governors(520, prefix="Many")
    db.session.expire_all()
    with counting_queries() as many:
        text = page_text(client.get("/people/"))
    assert len(many) == len(few)
    assert "Many 0519" in text and "Few 0002" in text


def test_person_page_shows_a_governors_details(client, sign_in):
    person = _governor("Amy Public", email="amy@example.org")
    sign_in(_governor("Eve Viewer"))
    text = page_text(client.get(f"/people/{person.id}"))
    assert "Constituency Public" in text
    assert "Term of office Tuesday 1 April 2025 to Saturday 31 March 2029" in text
    assert "amy@example.org" not in text
    assert "Change details" not in text


def test_members_cannot_see_deactivated_people_or_missing_ones(client, sign_in):
    gone = _governor("Gone Person", active=False)
    sign_in(_governor("Eve Viewer"))
    assert client.get(f"/people/{gone.id}").status_code == 404
    assert client.get("/people/99999").status_code == 404


def test_inviting_a_governor_through_the_page(as_secretary, secretary):
    response = as_secretary.post("/people/invite", data=_invite_data())
    assert response.status_code == 302
    person = db.session.scalar(sa.select(User).where(User.email == "nia@example.org"))
    assert response.location == f"/people/{person.id}"
    assert person.roles == {Role.GOVERNOR}
    assert person.governor_profile.area == "Castlebridge"
    assert person.governor_profile.term_end == date(2029, 3, 31)
    [message] = outbox()
    assert message.to_address == "nia@example.org"
    assert "http://localhost/account/invitation/" in message.body_text
    text = page_text(as_secretary.get(response.location))
    assert "Nia Evans is added. We have emailed them an invitation." in text
    assert "Invited. Has not set a password yet." in text
    assert "Invited Nia Evans" in text  # recent changes, from the audit log


def test_inviting_a_non_governor_needs_no_governor_details(as_secretary):
    data = {"name": "Nia Evans", "email": "nia@example.org", "roles": ["ned", "officer"]}
    response = as_secretary.post("/people/invite", data=data)
    assert response.status_code == 302
    person = db.session.scalar(sa.select(User).where(User.email == "nia@example.org"))
    assert person.roles == {Role.NED, Role.OFFICER}
    assert person.governor_profile is None


@pytest.mark.parametrize(
    ("changes", "field_id", "message"),
    [
        ({"name": "  "}, "name", "Enter the person's full name"),
        ({"email": ""}, "email", "Enter the person's email address"),
        (
            {"email": "nia.example.org"},
            "email",
            "Enter an email address in the correct format, like name@example.org",
        ),
        ({"roles": []}, "roles", "Select at least one role"),
        (
            {"roles": ["lead_governor"]},
            "roles",
            "A lead governor must also be a governor. Select Governor too",
        ),
        ({"constituency": ""}, "constituency", "Select the governor's constituency"),
        ({"area": ""}, "area", "Enter the area the public governor represents"),
        (
            {"constituency": "appointed", "area": "", "route": "appointed"},
            "area",
            "Enter the organisation that appointed the governor",
        ),
        (
            {"constituency": "appointed", "area": "Northshire County Council"},
            "route",
            "A governor in the appointed constituency must be appointed. Select Appointed",
        ),
        ({"route": ""}, "route", "Select whether the governor was elected or appointed"),
        (
            {"term_start-day": "", "term_start-month": "", "term_start-year": ""},
            "term_start-day",
            "Enter the date the governor's term starts",
        ),
        (
            {"term_end-day": "31", "term_end-month": "2", "term_end-year": "2029"},
            "term_end-day",
            "Term end date must be a real date, like 21 1 2027",
        ),
        (
            {"term_end-day": "", "term_end-year": ""},
            "term_end-day",
            "Term end date must include a day and year",
        ),
        (
            {"term_end-day": "1", "term_end-month": "4", "term_end-year": "2026"},
            "term_end-day",
            "Term end date must be after the term start date",
        ),
    ],
)
def test_invite_form_names_each_problem_and_keeps_what_was_typed(
    as_secretary, changes, field_id, message
):
    data = _invite_data(**changes)
    response = as_secretary.post("/people/invite", data=data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    text = page_text(response)
    assert text.startswith("Error: Invite a person")
    assert "There is a problem" in text
    assert f'href="#{field_id}"' in html
    assert message in text
    if data["name"].strip():
        assert f'value="{data["name"]}"' in html
    assert outbox() == []


def test_an_email_address_already_in_use_is_refused_kindly(as_secretary):
    factories.governor(name="Amy Public", email="amy@example.org")
    response = as_secretary.post("/people/invite", data=_invite_data(email="AMY@example.org"))
    assert "Amy Public already has this email address. Use a different email address" in (
        page_text(response)
    )


def test_editing_a_person_through_the_page(as_secretary, secretary):
    person = _governor("Amy Public", email="amy@example.org")
    form = as_secretary.get(f"/people/{person.id}/edit")
    html = form.get_data(as_text=True)
    assert 'value="amy@example.org"' in html
    assert 'name="term_end-year" type="text" value="2029"' in html or 'value="2029"' in html
    response = as_secretary.post(
        f"/people/{person.id}/edit",
        data=_invite_data(
            name="Amy Public-Smith",
            email="amy@example.org",
            roles=["governor", "lead_governor"],
            area="Ashworth",
            **{"term_start-day": "1", "term_start-month": "4", "term_start-year": "2025"},
        ),
    )
    assert response.status_code == 302
    assert person.name == "Amy Public-Smith"
    assert person.roles == {Role.GOVERNOR, Role.LEAD_GOVERNOR}
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "person.updated"))
    assert entry.actor_id == secretary.id
    assert entry.before == {
        "name": "Amy Public",
        "roles": ["governor"],
        "area": "Northshire",
    }
    assert entry.after == {
        "name": "Amy Public-Smith",
        "roles": ["governor", "lead_governor"],
        "area": "Ashworth",
    }
    assert outbox() == []


def test_editing_shows_errors_without_saving(as_secretary):
    person = _governor("Amy Public")
    response = as_secretary.post(f"/people/{person.id}/edit", data=_invite_data(name=""))
    assert "Enter the person's full name" in page_text(response)
    assert person.name == "Amy Public"


def test_a_secretary_cannot_drop_their_own_secretary_role(as_secretary, secretary):
    response = as_secretary.post(
        f"/people/{secretary.id}/edit",
        data={"name": secretary.name, "email": secretary.email, "roles": ["officer"]},
    )
    assert response.status_code == 200
    assert "You cannot remove your own board secretary role" in page_text(response)
    assert secretary.roles == {Role.SECRETARY}


def test_deactivating_asks_first_then_keeps_the_person(as_secretary):
    person = _governor("Amy Public")
    confirm = page_text(as_secretary.get(f"/people/{person.id}/deactivate"))
    assert "Are you sure you want to deactivate Amy Public?" in confirm
    assert person.active
    response = as_secretary.post(f"/people/{person.id}/deactivate")
    assert response.status_code == 302
    assert not person.active
    assert db.session.get(User, person.id) is not None
    assert db.session.get(GovernorProfile, person.id) is not None
    text = page_text(as_secretary.get(response.location))
    assert "Amy Public is deactivated and can no longer sign in." in text
    assert "Reactivate Amy Public" in text

    as_secretary.post(f"/people/{person.id}/reactivate")
    assert person.active
    actions = db.session.scalars(
        sa.select(AuditEntry.action)
        .where(AuditEntry.record_id == person.id)
        .order_by(AuditEntry.id)
    ).all()
    assert actions == ["person.deactivated", "person.reactivated"]


def test_the_secretary_cannot_deactivate_themselves(as_secretary, secretary):
    page = page_text(as_secretary.get(f"/people/{secretary.id}/deactivate"))
    assert "You cannot deactivate your own account" in page
    response = as_secretary.post(f"/people/{secretary.id}/deactivate")
    assert "You cannot deactivate your own account" in page_text(
        as_secretary.get(response.location)
    )
    assert secretary.active


def test_sending_a_new_invitation(as_secretary):
    person = factories.UserFactory(name="New Person", password_hash=None, roles=[Role.NED])
    response = as_secretary.post(f"/people/{person.id}/resend-invitation")
    assert "We have emailed New Person a new invitation." in page_text(
        as_secretary.get(response.location)
    )
    [message] = outbox()
    assert message.to_address == person.email
