"""Password links: signed, time-limited, single-use, and for one purpose only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from governors.people.tokens import (
    Purpose,
    TokenProblem,
    describe_max_age,
    make_token,
    read_token,
)
from tests import factories

NOW = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)


@pytest.fixture
def person(app):
    return factories.governor(name="Pat Jones")


def test_a_fresh_link_finds_its_person(person):
    assert read_token(make_token(person, Purpose.RESET), Purpose.RESET) is person


@pytest.mark.clock(NOW)
def test_a_reset_link_expires_after_the_configured_time(app, person, clock):
    max_age = app.config["PASSWORD_RESET_MAX_AGE"]
    token = make_token(person, Purpose.RESET)
    clock.move_to(NOW + timedelta(seconds=max_age - 5))
    assert read_token(token, Purpose.RESET) is person
    clock.move_to(NOW + timedelta(seconds=max_age + 5))
    with pytest.raises(TokenProblem) as problem:
        read_token(token, Purpose.RESET)
    assert problem.value.expired


@pytest.mark.clock(NOW)
def test_an_invitation_lasts_longer_than_a_reset(app, person, clock):
    token = make_token(person, Purpose.INVITATION)
    clock.advance(days=13)
    assert read_token(token, Purpose.INVITATION) is person
    clock.advance(days=2)
    with pytest.raises(TokenProblem):
        read_token(token, Purpose.INVITATION)


def test_a_link_stops_working_once_the_password_changes(person):
    token = make_token(person, Purpose.RESET)
    person.set_password("a brand new password")
    with pytest.raises(TokenProblem) as problem:
        read_token(token, Purpose.RESET)
    assert not problem.value.expired


def test_a_link_stops_working_when_the_email_address_changes(person):
    token = make_token(person, Purpose.INVITATION)
    person.email = "pat.new@example.org"
    with pytest.raises(TokenProblem):
        read_token(token, Purpose.INVITATION)


def test_a_reset_link_cannot_be_used_as_an_invitation(person):
    token = make_token(person, Purpose.RESET)
    with pytest.raises(TokenProblem):
        read_token(token, Purpose.INVITATION)


def test_a_deactivated_person_cannot_use_a_link(person):
    token = make_token(person, Purpose.RESET)
    person.active = False
    with pytest.raises(TokenProblem):
        read_token(token, Purpose.RESET)


@pytest.mark.parametrize("token", ["", "nonsense", "eyJpZCI6MX0.tampered.sig"])
def test_tampered_links_are_refused(app, token):
    with pytest.raises(TokenProblem) as problem:
        read_token(token, Purpose.RESET)
    assert not problem.value.expired


def test_link_lifetimes_are_described_in_words(app):
    assert describe_max_age(Purpose.RESET) == "1 hour"
    assert describe_max_age(Purpose.INVITATION) == "14 days"
