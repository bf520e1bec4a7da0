"""Constraints every area's models share, generated from the facts they check."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

import sqlalchemy as sa

# Where a generated CHECK constraint keeps its allowed values, so tests can compare them
# with what the migrated database holds.
ALLOWED_VALUES = "allowed_values"


def enum_check(column_name: str, values: type[StrEnum] | Iterable[StrEnum]) -> sa.CheckConstraint:
    """A CHECK constraint that ``column_name`` holds one of an enum's values.

    ``values`` is the enum itself, or some of its members when a column allows fewer.
    Named ``<column>_known``, which the naming convention turns into
    ``ck_<table>_<column>_known``.
    """
    allowed = tuple(str(member.value) for member in values)
    if not allowed:
        raise ValueError(f"{column_name} needs at least one allowed value")
    quoted = ", ".join(f"'{value}'" for value in allowed)
    return sa.CheckConstraint(
        f"{column_name} IN ({quoted})",
        name=f"{column_name}_known",
        info={ALLOWED_VALUES: allowed},
    )
