"""Signing in and out, forgotten passwords, and accepting an invitation, through the pages."""

from __future__ import annotations

import sqlalchemy as sa

from governors.audit.models import AuditEntry
from governors.extensions import db
from governors.people import services
from governors.people.models import Role
from tests import factories
from tests.conftest import TEST_PASSWORD
from tests.people.conftest import link_in, outbox, page_text

NEW_PASSWORD = "a much longer new password"


def _path(link: str) -> str:
    assert link.startswith("http://localhost/"), link
    return link.removeprefix("http://localhost")


def _ask_for_reset(client, email: str):
    return client.post("/account/forgotten-password", data={"email": email})


def test_sign_in_page_offers_a_way_to_reset_a_forgotten_password(client):
    text = page_text(client.get("/account/sign-in"))
    assert "Forgotten your password?" in text


def test_the_same_answer_whether_or_not_an_account_exists(client, app):
    person = factories.governor(email="pat@example.org")
    known = _ask_for_reset(client, "PAT@example.org ")
    unknown = _ask_for_reset(client, "nobody@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known.location == unknown.location
    text = page_text(client.get(known.location))
    assert "If there is an account with that email address" in text
    [message] = outbox()
    assert message.to_address == person.email
    assert "Reset your password" in message.subject
    assert "1 hour" in message.body_text


def test_no_reset_email_for_a_deactivated_person(client):
    factories.governor(email="gone@example.org", active=False)
    assert _ask_for_reset(client, "gone@example.org").status_code == 302
    assert outbox() == []


def test_forgotten_password_form_names_the_problem_and_keeps_what_was_typed(client):
    blank = client.post("/account/forgotten-password", data={"email": ""})
    assert "Enter your email address" in page_text(blank)
    wrong = client.post("/account/forgotten-password", data={"email": "pat at example"})
    text = page_text(wrong)
    assert text.startswith("Error: Reset your password")
    assert "Enter an email address in the correct format, like name@example.org" in text
    assert 'value="pat at example"' in wrong.get_data(as_text=True)


def test_a_reset_link_sets_a_new_password_once(client):
    person = factories.governor(name="Pat Jones", email="pat@example.org")
    _ask_for_reset(client, person.email)
    path = _path(link_in(outbox()[0]))
    assert path.startswith("/account/reset-password/")

    form = client.get(path)
    assert "Choose a new password" in page_text(form)

    response = client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.location.endswith("/")
    home = client.get("/")
    assert "Your password has been changed." in page_text(home)
    assert "Pat Jones" in page_text(home)

    assert person.check_password(NEW_PASSWORD)
    assert not person.check_password(TEST_PASSWORD)
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.record_id == person.id))
    assert entry.action == "person.password_reset"
    assert entry.before is None and entry.after is None  # never a password hash
    assert "has changed" in outbox()[-1].subject

    again = client.get(path)
    assert "This link does not work" in page_text(again)
    assert "Get a new link by email" in page_text(again)


def test_new_password_problems_are_named_on_the_page(client):
    person = factories.governor(email="pat@example.org")
    _ask_for_reset(client, person.email)
    path = _path(link_in(outbox()[0]))
    short = page_text(client.post(path, data={"password": "too short", "confirm": "too short"}))
    assert short.startswith("Error:")
    assert "Password must be 12 characters or more" in short
    different = page_text(client.post(path, data={"password": NEW_PASSWORD, "confirm": "other"}))
    assert "The passwords do not match. Enter the same password twice" in different
    empty = page_text(client.post(path, data={"password": "", "confirm": ""}))
    assert "Enter a new password" in empty
    assert "Enter your new password again to confirm it" in empty
    assert person.check_password(TEST_PASSWORD)


def test_an_expired_link_gets_a_friendly_page_offering_a_new_one(client, app, clock):
    person = factories.governor(email="pat@example.org")
    _ask_for_reset(client, person.email)
    path = _path(link_in(outbox()[0]))
    clock.advance(seconds=app.config["PASSWORD_RESET_MAX_AGE"] + 60)
    response = client.get(path)
    assert response.status_code == 200
    text = page_text(response)
    assert "This link has expired" in text
    assert 'href="/account/forgotten-password"' in response.get_data(as_text=True)


def test_a_mangled_link_gets_the_same_friendly_page(client):
    response = client.get("/account/reset-password/not-a-real-token")
    assert "This link does not work" in page_text(response)


def test_an_invited_person_sets_a_password_and_is_signed_in(client, app):
    secretary = factories.secretary()
    invited = services.invite_person(
        secretary,
        services.PersonDetails(
            name="Nia Evans", email="nia@example.org", roles=frozenset({Role.NED})
        ),
    )
    [message] = outbox()
    path = _path(link_in(message))
    assert path.startswith("/account/invitation/")
    assert "Welcome, Nia Evans" in page_text(client.get(path))

    response = client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert "Your password is set" in page_text(client.get("/"))
    assert invited.check_password(NEW_PASSWORD)
    actions = db.session.scalars(
        sa.select(AuditEntry.action).where(AuditEntry.record_id == invited.id)
    ).all()
    assert "person.invitation_accepted" in actions
    # The invitation is spent: following it again does not let anyone reset the password.
    client.post("/account/sign-out")
    assert "This link does not work" in page_text(client.get(path))


def test_an_invited_person_cannot_sign_in_before_setting_a_password(client):
    factories.UserFactory(email="new@example.org", password_hash=None, roles=[Role.OFFICER])
    response = client.post("/account/sign-in", data={"email": "new@example.org", "password": ""})
    assert "Enter your password" in page_text(response)
    response = client.post(
        "/account/sign-in", data={"email": "new@example.org", "password": "anything at all"}
    )
    assert "Enter a correct email address and password" in page_text(response)


def test_a_deactivated_person_cannot_sign_in(client):
    factories.governor(email="gone@example.org", active=False)
    response = client.post(
        "/account/sign-in", data={"email": "gone@example.org", "password": TEST_PASSWORD}
    )
    assert response.status_code == 200
    assert "Enter a correct email address and password" in page_text(response)


def test_deactivating_someone_ends_the_session_they_already_have(client, sign_in):
    person = factories.governor()
    sign_in(person)
    assert client.get("/").status_code == 200
    person.active = False
    db.session.flush()
    # A members' page sends them to sign in; the home page is the public one again.
    response = client.get("/requests/mine")
    assert response.status_code == 302
    assert "/account/sign-in" in response.location
    assert "Welcome," not in page_text(client.get("/"))


def test_sign_out_signs_the_person_out(client, sign_in):
    sign_in(factories.governor())
    response = client.post("/account/sign-out")
    assert response.status_code == 302
    assert "You have signed out." in page_text(client.get(response.location))
    assert client.get("/requests/mine").status_code == 302
    assert "Sign in" in page_text(client.get("/"))


def test_sign_in_follows_next_only_within_the_site(client):
    person = factories.governor()
    data = {"email": person.email, "password": TEST_PASSWORD}
    inside = client.post("/account/sign-in?next=/people/", data=data)
    assert inside.location == "/people/"
    client.post("/account/sign-out")
    outside = client.post("/account/sign-in?next=https://evil.example/", data=data)
    assert outside.location == "/"


def test_sign_in_form_names_each_problem_and_keeps_the_email_typed(client):
    blank = page_text(client.post("/account/sign-in", data={"email": "", "password": ""}))
    assert blank.startswith("Error: Sign in")
    assert "Enter your email address" in blank
    assert "Enter your password" in blank
    wrong = client.post("/account/sign-in", data={"email": "pat.example", "password": "x"})
    assert "Enter an email address in the correct format" in page_text(wrong)
    html = wrong.get_data(as_text=True)
    assert 'value="pat.example"' in html
    assert 'value="x"' not in html  # a password is never written back into the page


def test_an_invited_person_may_use_a_reset_link_to_finish_setting_up(client):
    person = factories.UserFactory(
        name="New Person", email="new@example.org", password_hash=None, roles=[Role.NED]
    )
    _ask_for_reset(client, person.email)
    path = _path(link_in(outbox()[0]))
    client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert person.check_password(NEW_PASSWORD)
    actions = db.session.scalars(
        sa.select(AuditEntry.action).where(AuditEntry.record_id == person.id)
    ).all()
    assert actions == ["person.invitation_accepted"]
