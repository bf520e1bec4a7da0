"""The one way a service says no."""

from __future__ import annotations


class Refused(Exception):
    """A change refused for a reason the person can act on.

    ``message`` is written for them, naming the problem and the fix. ``field`` names the
    form input it is about, when there is one, so the page can show the message beside it
    (``governors.forms.refused_on_form``). Services raise it before anything is changed or
    the view rolls back, so nothing is left half done.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __repr__(self) -> str:
        return f"Refused({self.message!r}, field={self.field!r})"
