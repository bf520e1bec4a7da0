"""The permission policy, asked with plain objects: no Flask, no database."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from governors.meetings.kinds import MeetingFacts, MeetingKind
from governors.people.models import Role
from governors.permissions import GRANTS, Permission, allowed, can

SECRETARY_ONLY = [Permission.PEOPLE_MANAGE, Permission.SETTINGS_EDIT, Permission.AUDIT_READ]


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
    assert can(Member(frozenset({role})), Permission.PEOPLE_VIEW)


@pytest.mark.parametrize("action", SECRETARY_ONLY)
@pytest.mark.parametrize(
    "role", [Role.CHAIR, Role.LEAD_GOVERNOR, Role.GOVERNOR, Role.NED, Role.OFFICER]
)
def test_only_the_secretary_manages_people_settings_and_the_audit_log(action, role):
    assert not can(Member(frozenset({role})), action)
    assert can(Member(frozenset({Role.SECRETARY})), action)
    # Holding another role as well changes nothing.
    assert can(Member(frozenset({role, Role.SECRETARY})), action)


@pytest.mark.parametrize("action", [Permission.PEOPLE_VIEW, *SECRETARY_ONLY])
def test_deactivated_and_anonymous_people_may_do_nothing(action):
    assert not can(Member(frozenset({Role.SECRETARY}), is_active=False), action)
    assert not can(Anonymous(), action)
    assert not can(None, action)


def test_actions_can_be_named_by_their_string_value():
    assert can(Member(frozenset({Role.SECRETARY})), "audit:read")


def test_permissions_are_named_area_colon_verb():
    assert all(":" in permission.value for permission in Permission)
    assert set(GRANTS) == set(Permission), "say in GRANTS who holds each permission"


def Meeting(kind: str) -> MeetingFacts:
    """A Council meeting of ``kind``, as the policy sees it."""
    return MeetingFacts(kind=kind, body_id=1, open_to_public=True)


@dataclass
class Request:
    proposer_id: int
    status: str = "submitted"


GOVERNORS_SIDE = [Role.SECRETARY, Role.LEAD_GOVERNOR, Role.GOVERNOR]


@pytest.mark.parametrize(
    "permission", [Permission.MEETINGS_VIEW, Permission.PRIVATE_VIEW, Permission.PUBLIC_VIEW]
)
def test_a_governors_pre_meeting_is_closed_to_directors_officers_and_the_public(permission):
    pre_meeting = Meeting(MeetingKind.PRE_MEETING)
    for role in (Role.NED, Role.OFFICER):
        assert not can(Member(frozenset({role})), permission, pre_meeting), role
    assert not can(Anonymous(), permission, pre_meeting)
    assert not can(None, permission, pre_meeting)
    # The same people may do the same to a Council meeting.
    assert can(Member(frozenset({Role.NED})), permission, Meeting(MeetingKind.ORDINARY))


@pytest.mark.parametrize("role", GOVERNORS_SIDE)
def test_governors_see_their_pre_meeting_whole(role):
    pre_meeting = Meeting(MeetingKind.PRE_MEETING)
    governor = Member(frozenset({role}))
    assert can(governor, Permission.MEETINGS_VIEW, pre_meeting)
    assert can(governor, Permission.PRIVATE_VIEW, pre_meeting)


def test_a_council_meeting_is_for_every_member_and_its_private_part_not_for_officers():
    meeting = Meeting(MeetingKind.ORDINARY)
    for role in Role:
        assert can(Member(frozenset({role})), Permission.MEETINGS_VIEW, meeting), role
    assert can(Member(frozenset({Role.NED})), Permission.PRIVATE_VIEW, meeting)
    assert not can(Member(frozenset({Role.OFFICER})), Permission.PRIVATE_VIEW, meeting)
    assert can(None, Permission.PUBLIC_VIEW, meeting)


def test_a_request_is_for_its_proposer_and_those_who_oversee_requests():
    request = Request(proposer_id=1)
    proposer = Member(frozenset({Role.GOVERNOR}), id=1)
    other = Member(frozenset({Role.GOVERNOR}), id=2)
    assert can(proposer, Permission.REQUESTS_VIEW, request)
    assert can(proposer, Permission.REQUESTS_WITHDRAW, request)
    assert not can(other, Permission.REQUESTS_VIEW, request)
    for role in (Role.LEAD_GOVERNOR, Role.CHAIR, Role.SECRETARY):
        overseer = Member(frozenset({role}), id=3)
        assert can(overseer, Permission.REQUESTS_VIEW, request)
        # Only the proposer withdraws their own request.
        assert not can(overseer, Permission.REQUESTS_WITHDRAW, request)


def test_the_policy_says_who_as_roles_people_or_anyone():
    assert allowed(Permission.REQUESTS_VIEW, Request(proposer_id=9)).user_ids == {9}
    assert allowed(Permission.PUBLIC_VIEW, Meeting(MeetingKind.ANNUAL_MEMBERS)).anyone
    assert allowed(Permission.PUBLIC_VIEW, Meeting(MeetingKind.PRE_MEETING)).anyone is False
    assert allowed(Permission.AUDIT_READ).roles == {Role.SECRETARY}
