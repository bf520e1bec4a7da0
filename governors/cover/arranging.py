"""Cover for what a period of unavailability touches."""

from __future__ import annotations

from typing import Any

from governors.cover.models import Unavailability


def plan_cover(actor: Any, period: Unavailability) -> None:
    """List the meetings ``period`` touches and propose cover for each."""


def period_changed(actor: Any, period: Unavailability) -> None:
    """The period ended early or was withdrawn: release the cover no longer needed."""
