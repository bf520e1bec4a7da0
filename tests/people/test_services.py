"""People services: every change audited with before and after, mail queued with it."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from governors.audit.models import AuditEntry
from governors.errors import Refused
from governors.extensions import db
from governors.people import services
from governors.people.models import Role
from tests import factories
from tests.conftest import TEST_PASSWORD
from tests.people.conftest import outbox, page_text


def _entries(person) -> list[AuditEntry]:
    return list(
        db.session.scalars(
            sa.select(AuditEntry)
            .where(AuditEntry.record_type == "users", AuditEntry.record_id == person.id)
            .order_by(AuditEntry.id)
        )
    )


def _governor_details(**changes) -> services.PersonDetails:
    values = {
        "name": "Nia Evans",
        "email": "nia@example.org",
        "roles": frozenset({Role.GOVERNOR, Role.LEAD_GOVERNOR}),
        "governor": services.GovernorDetails(
            constituency="carer",
            area=None,
            route="elected",
            term_start=date(2026, 4, 1),
            term_end=date(2029, 3, 31),
        ),
    } | changes
    return services.PersonDetails(**values)


def test_inviting_a_governor_records_everything_and_queues_the_invitation(secretary):
    person = services.invite_person(secretary, _governor_details())
    assert person.password_hash is None
    assert person.governor_profile.constituency == "carer"
    [entry] = _entries(person)
    assert entry.action == "person.invited"
    assert entry.actor_id == secretary.id
    assert entry.before is None
    assert entry.after == {
        "name": "Nia Evans",
        "email": "nia@example.org",
        "roles": ["governor", "lead_governor"],
        "active": True,
        "constituency": "carer",
        "area": None,
        "route": "elected",
        "term_start": "2026-04-01",
        "term_end": "2029-03-31",
    }
    [message] = outbox()
    assert message.to_address == "nia@example.org"
    assert "Sam Okafor has invited you" in message.body_text
    assert "14 days" in message.body_text


def test_editing_records_only_what_changed(secretary):
    person = services.invite_person(secretary, _governor_details())
    changed = services.update_person(
        secretary,
        person,
        _governor_details(
            roles=frozenset({Role.GOVERNOR}),
            governor=services.GovernorDetails(
                "carer", None, "elected", date(2026, 4, 1), date(2029, 6, 30)
            ),
        ),
    )
    assert changed
    entry = _entries(person)[-1]
    assert entry.action == "person.updated"
    assert entry.before == {"roles": ["governor", "lead_governor"], "term_end": "2029-03-31"}
    assert entry.after == {"roles": ["governor"], "term_end": "2029-06-30"}


def test_saving_without_changes_writes_nothing(secretary):
    person = services.invite_person(secretary, _governor_details())
    assert not services.update_person(secretary, person, _governor_details())
    assert len(_entries(person)) == 1


def test_someone_who_stops_being_a_governor_loses_the_profile_but_the_log_keeps_it(secretary):
    person = services.invite_person(secretary, _governor_details())
    services.update_person(
        secretary, person, _governor_details(roles=frozenset({Role.OFFICER}), governor=None)
    )
    assert person.governor_profile is None
    entry = _entries(person)[-1]
    assert entry.before["constituency"] == "carer"
    assert entry.after["constituency"] is None
    assert entry.after["roles"] == ["officer"]


def test_deactivating_and_reactivating_are_audited(secretary):
    person = factories.governor(name="Pat Jones")
    services.deactivate_person(secretary, person)
    assert not person.active and person.deactivated_at is not None
    services.reactivate_person(secretary, person)
    assert person.active and person.deactivated_at is None
    assert [(e.action, e.before, e.after) for e in _entries(person)] == [
        ("person.deactivated", {"active": True}, {"active": False}),
        ("person.reactivated", {"active": False}, {"active": True}),
    ]


def test_nobody_can_deactivate_themselves(secretary):
    with pytest.raises(Refused, match="your own account"):
        services.deactivate_person(secretary, secretary)
    assert secretary.active


def test_a_secretary_cannot_remove_their_own_secretary_role(secretary):
    details = services.PersonDetails(
        name=secretary.name, email=secretary.email, roles=frozenset({Role.OFFICER})
    )
    with pytest.raises(Refused) as refused:
        services.update_person(secretary, secretary, details)
    assert refused.value.field == "roles"
    assert secretary.roles == {Role.SECRETARY}


def test_an_email_address_belongs_to_one_person(secretary):
    factories.governor(email="taken@example.org")
    with pytest.raises(Refused) as refused:
        services.invite_person(secretary, _governor_details(email="Taken@example.org"))
    assert refused.value.field == "email"
    assert outbox() == []


def test_a_new_invitation_can_be_sent_until_a_password_is_set(secretary):
    person = services.invite_person(secretary, _governor_details())
    services.resend_invitation(secretary, person)
    assert len(outbox()) == 2
    assert _entries(person)[-1].action == "person.invitation_resent"
    person.set_password("a long enough password")
    with pytest.raises(Refused, match="already set a password"):
        services.resend_invitation(secretary, person)


def test_a_change_that_is_rolled_back_sends_no_email(secretary):
    savepoint = db.session.begin_nested()
    services.invite_person(secretary, _governor_details())
    assert len(outbox()) == 1
    savepoint.rollback()
    assert outbox() == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == 0


class _Spy:
    """Counts calls to the password check, and still does the real work."""

    def __init__(self, real) -> None:
        self.real = real
        self.calls = 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return self.real(*args, **kwargs)


@pytest.fixture
def password_checks(monkeypatch) -> _Spy:
    from governors.people import models

    spy = _Spy(models.check_password_hash)
    monkeypatch.setattr(models, "check_password_hash", spy)
    return spy


@pytest.mark.parametrize(
    ("email", "password"),
    [
        pytest.param("nobody@example.org", "any password at all", id="unknown address"),
        pytest.param("pat@example.org", "the wrong password", id="wrong password"),
        pytest.param("pat@example.org", TEST_PASSWORD, id="right password"),
        pytest.param("gone@example.org", TEST_PASSWORD, id="deactivated"),
        pytest.param("invited@example.org", "any password at all", id="invitation not accepted"),
    ],
)
def test_sign_in_checks_one_password_whoever_is_asking(client, password_checks, email, password):
    """An unknown address costs the same one password check as a known one, so the time
    sign-in takes does not tell who has an account."""
    factories.governor(email="pat@example.org")
    factories.governor(email="gone@example.org", active=False)
    factories.UserFactory(email="invited@example.org", password_hash=None, roles=[Role.NED])
    response = client.post("/account/sign-in", data={"email": email, "password": password})
    assert password_checks.calls == 1
    if password == TEST_PASSWORD and email == "pat@example.org":
        assert response.status_code == 302
    else:
        assert response.status_code == 200
        assert "Enter a correct email address and password" in page_text(response)


def test_authenticate_answers_only_for_an_active_person_with_the_right_password(app):
    person = factories.governor(email="pat@example.org")
    factories.governor(email="gone@example.org", active=False)
    assert services.authenticate("Pat@Example.org ", TEST_PASSWORD) == person
    assert services.authenticate("pat@example.org", "the wrong password") is None
    assert services.authenticate("gone@example.org", TEST_PASSWORD) is None
    assert services.authenticate("nobody@example.org", TEST_PASSWORD) is None
