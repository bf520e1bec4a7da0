"""Who may reach the secretary's pages: every route, every role."""

from __future__ import annotations

import pytest

from governors.people.models import Role
from tests import factories
from tests.people.conftest import page_text

OTHER_ROLES = {
    "governor": (Role.GOVERNOR,),
    "lead governor": (Role.GOVERNOR, Role.LEAD_GOVERNOR),
    "chair": (Role.CHAIR,),
    "non-executive director": (Role.NED,),
    "officer": (Role.OFFICER,),
}

# (method, path with {id} for a person) for every secretary-only route.
SECRETARY_ROUTES = [
    ("get", "/people/invite"),
    ("post", "/people/invite"),
    ("get", "/people/{id}/edit"),
    ("post", "/people/{id}/edit"),
    ("get", "/people/{id}/deactivate"),
    ("post", "/people/{id}/deactivate"),
    ("post", "/people/{id}/reactivate"),
    ("post", "/people/{id}/resend-invitation"),
    ("get", "/settings/"),
    ("post", "/settings/"),
    ("get", "/audit/"),
]
MEMBER_ROUTES = [("get", "/people/"), ("get", "/people/{id}")]


def _user(roles: tuple[Role, ...]):
    if Role.GOVERNOR in roles:
        return factories.governor(roles=tuple(r for r in roles if r is not Role.GOVERNOR))
    return factories.UserFactory(roles=list(roles))


def _call(client, method: str, path: str, person):
    return getattr(client, method)(path.format(id=person.id), data={"name": "Changed"})


@pytest.mark.parametrize(("method", "path"), SECRETARY_ROUTES)
@pytest.mark.parametrize("role", list(OTHER_ROLES))
def test_other_roles_are_refused_the_secretarys_pages(client, sign_in, role, method, path):
    target = factories.governor(name="Target Person")
    sign_in(_user(OTHER_ROLES[role]))
    response = _call(client, method, path, target)
    assert response.status_code == 403
    assert "You do not have permission to see this page" in page_text(response)
    assert target.name == "Target Person" and target.active


@pytest.mark.parametrize(("method", "path"), SECRETARY_ROUTES + MEMBER_ROUTES)
def test_anonymous_visitors_are_sent_to_sign_in(client, method, path):
    target = factories.governor()
    response = _call(client, method, path, target)
    assert response.status_code == 302
    assert response.location.startswith("/account/sign-in?next=")


@pytest.mark.parametrize(("method", "path"), [r for r in SECRETARY_ROUTES if r[0] == "get"])
def test_the_secretary_reaches_every_page(as_secretary, method, path):
    target = factories.governor()
    assert _call(as_secretary, method, path, target).status_code == 200


@pytest.mark.parametrize(("method", "path"), MEMBER_ROUTES)
@pytest.mark.parametrize("role", list(OTHER_ROLES))
def test_every_member_reaches_the_directory(client, sign_in, role, method, path):
    target = factories.governor()
    sign_in(_user(OTHER_ROLES[role]))
    assert _call(client, method, path, target).status_code == 200


@pytest.mark.parametrize("role", list(OTHER_ROLES))
def test_the_navigation_offers_secretary_pages_only_to_the_secretary(client, sign_in, role):
    sign_in(_user(OTHER_ROLES[role]))
    text = page_text(client.get("/people/"))
    assert "People" in text
    assert "Audit log" not in text and "Settings" not in text


def test_the_secretary_sees_settings_and_audit_log_in_the_navigation(as_secretary):
    text = page_text(as_secretary.get("/"))
    assert "Settings" in text and "Audit log" in text
