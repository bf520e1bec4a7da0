"""The permission policy for people, settings and the audit log: plain objects, no Flask."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from governors.people.models import Role
from governors.permissions import Action, can

SECRETARY_ONLY = [Action.PEOPLE_MANAGE, Action.SETTINGS_EDIT, Action.AUDIT_READ]


@dataclass
class Member:
    roles: frozenset[Role]
    is_active: bool = True
    is_authenticated: bool = True
    id: int = 1


class Anonymous:
    is_authenticated = False
    is_active = False


@pytest.mark.parametrize("role", list(Role))
def test_every_member_may_see_the_council_directory(role):
    assert can(Member(frozenset({role})), Action.PEOPLE_VIEW)


@pytest.mark.parametrize("action", SECRETARY_ONLY)
@pytest.mark.parametrize(
    "role", [Role.CHAIR, Role.LEAD_GOVERNOR, Role.GOVERNOR, Role.NED, Role.OFFICER]
)
def test_only_the_secretary_manages_people_settings_and_the_audit_log(action, role):
    assert not can(Member(frozenset({role})), action)
    assert can(Member(frozenset({Role.SECRETARY})), action)
    # Holding another role as well changes nothing.
    assert can(Member(frozenset({role, Role.SECRETARY})), action)


@pytest.mark.parametrize("action", [Action.PEOPLE_VIEW, *SECRETARY_ONLY])
def test_deactivated_and_anonymous_people_may_do_nothing(action):
    assert not can(Member(frozenset({Role.SECRETARY}), is_active=False), action)
    assert not can(Anonymous(), action)
    assert not can(None, action)


def test_actions_can_be_named_by_their_string_value():
    assert can(Member(frozenset({Role.SECRETARY})), "audit:read")
