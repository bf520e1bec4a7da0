"""Signed-in sessions: signing out, a new password or deactivation end every session of that
person, even a copy of the cookie; a change of network does not."""

from __future__ import annotations

from governors.extensions import login_manager
from tests import factories
from tests.conftest import TEST_PASSWORD
from tests.people.conftest import link_in, outbox, page_text
from tests.requests.conftest import MEETING_START, at

COOKIE = "governors_session"
NEW_PASSWORD = "a much longer new password"


def _signed_in(app, person, remote_addr: str = "192.0.2.10"):
    client = app.test_client()
    response = client.post(
        "/account/sign-in",
        data={"email": person.email, "password": TEST_PASSWORD},
        environ_base={"REMOTE_ADDR": remote_addr},
    )
    assert response.status_code == 302
    return client


def _copy_of_cookie(app, client):
    """Another browser holding a copy of ``client``'s session cookie."""
    thief = app.test_client()
    thief.set_cookie(COOKIE, client.get_cookie(COOKIE).value)
    home = thief.get("/")
    assert home.status_code == 200, "the copied cookie should work before the session ends"
    assert "Welcome," in page_text(home)
    return thief


def _sent_to_sign_in(client) -> None:
    # The home page greets a signed-out visitor with the public page: ask for a member's page.
    response = client.get("/requests/mine")
    assert response.status_code == 302
    assert "/account/sign-in" in response.location
    page = client.get(response.location)
    assert page.status_code == 200
    assert "Sign in" in page_text(page)


def test_a_copied_cookie_stops_working_when_its_owner_signs_out(app):
    person = factories.governor()
    client = _signed_in(app, person)
    thief = _copy_of_cookie(app, client)
    response = client.post("/account/sign-out")
    assert response.status_code == 302
    assert "You have signed out." in page_text(client.get(response.location))
    _sent_to_sign_in(thief)
    # The person can sign straight back in.
    again = _signed_in(app, person)
    assert again.get("/").status_code == 200


def test_a_password_reset_ends_every_session_but_the_new_one(app):
    person = factories.governor(email="pat@example.org")
    thief = _copy_of_cookie(app, _signed_in(app, person))
    owner = app.test_client()
    owner.post("/account/forgotten-password", data={"email": person.email})
    path = link_in(outbox()[-1]).removeprefix("http://localhost")
    response = owner.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    home = owner.get("/")
    assert home.status_code == 200
    assert "Your password has been changed." in page_text(home)
    _sent_to_sign_in(thief)


def test_deactivation_ends_sessions_for_good_even_after_reactivation(app):
    person = factories.governor(name="Amy Public")
    thief = _copy_of_cookie(app, _signed_in(app, person))
    secretary = _signed_in(app, factories.secretary(), remote_addr="192.0.2.20")
    assert secretary.post(f"/people/{person.id}/deactivate").status_code == 302
    _sent_to_sign_in(thief)
    response = secretary.post(f"/people/{person.id}/reactivate")
    assert response.status_code == 302
    assert person.active
    _sent_to_sign_in(thief)
    # Reactivated, the person signs in afresh.
    assert _signed_in(app, person).get("/").status_code == 200


def test_a_session_from_before_session_versions_is_not_accepted(app, client):
    """A cookie holding the bare id (as sessions did before) names no current session."""
    person = factories.governor()
    with client.session_transaction() as session:
        session["_user_id"] = str(person.id)
        session["_fresh"] = True
    _sent_to_sign_in(client)


def test_a_change_of_network_keeps_the_person_signed_in_and_what_they_typed(app, clock):
    assert login_manager.session_protection == "basic"
    meeting = factories.MeetingFactory(starts_at=MEETING_START)
    clock.move_to(at(2027, 1, 3))
    person = factories.governor()
    client = _signed_in(app, person, remote_addr="192.0.2.10")
    # The phone moves from wifi to mobile data: a new address, mid-form.
    typed = {
        "meeting_id": str(meeting.id),
        "title": "Waiting times for community mental health assessments",
        "note_to_chair": "Service users in the east of the county wait over 18 weeks.",
        "session": "public",
    }
    response = client.post(
        "/requests/new", data=typed, environ_base={"REMOTE_ADDR": "198.51.100.7"}
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "There is a problem" in page_text(response)
    assert 'value="Waiting times for community mental health assessments"' in page
    assert "Service users in the east of the county wait over 18 weeks." in page
    home = client.get("/", environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert home.status_code == 200
    assert f"Welcome, {person.name}" in page_text(home)
