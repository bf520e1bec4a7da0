"""Really rolled-back transactions and fixtures, shared with the people tests."""

from tests.people.conftest import (  # noqa: F401
    _isolated_transaction,
    as_secretary,
    secretary,
)
