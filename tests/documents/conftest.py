"""The document tests share the request tests' set-up."""

from tests.requests.conftest import (  # noqa: F401
    later_meeting,
    meeting,
)
