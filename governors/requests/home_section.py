"""This area's part of the home page."""

from __future__ import annotations

from typing import Any


def context(user: Any) -> dict[str, Any]:
    return {}
