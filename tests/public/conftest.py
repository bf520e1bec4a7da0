"""Fixtures shared with the people tests."""

from tests.people.conftest import as_secretary, secretary  # noqa: F401
