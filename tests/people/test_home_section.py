"""The secretary's "People: needs your attention" panel on the home page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from governors.people.models import Role
from tests import factories
from tests.people.conftest import page_text

TODAY = date(2027, 1, 21)
pytestmark = pytest.mark.clock(TODAY)


def _governor(term_end: date, **kwargs):
    person = factories.governor(**kwargs)
    person.governor_profile.term_end = term_end
    return person


def test_secretary_is_told_about_ending_terms_and_unaccepted_invitations(as_secretary):
    _governor(TODAY + timedelta(days=10))
    _governor(TODAY + timedelta(days=90))
    _governor(TODAY + timedelta(days=91))
    _governor(TODAY + timedelta(days=5), active=False)
    factories.UserFactory(password_hash=None, roles=[Role.NED])
    response = as_secretary.get("/")
    text = page_text(response)
    assert "People: needs your attention" in text
    assert "2 governors' terms end within 90 days" in text
    assert "1 person has not accepted their invitation yet" in text
    assert 'href="/people/#ending-soon"' in response.get_data(as_text=True)


def test_nothing_to_say_means_no_panel(as_secretary, secretary):
    _governor(TODAY + timedelta(days=400))
    response = as_secretary.get("/")
    assert response.status_code == 200
    text = page_text(response)
    assert f"Welcome, {secretary.name}" in text
    assert "People: needs your attention" not in text


def test_governors_do_not_get_the_secretarys_panel(client, sign_in):
    viewer = _governor(TODAY + timedelta(days=10), name="Val Viewer")
    factories.UserFactory(password_hash=None, roles=[Role.NED])
    sign_in(viewer)
    response = client.get("/")
    assert response.status_code == 200
    text = page_text(response)
    assert "Welcome, Val Viewer" in text
    assert "People: needs your attention" not in text
