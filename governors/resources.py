"""Where the product's templates, static files and migrations are.

In a checkout (and an editable install) they stand at the repository's top level, beside
the package; the built wheel carries them inside the package. One helper finds them in
either place, so nothing else needs to know.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
NAMES = ("templates", "static", "migrations")


@cache
def resource_path(name: str) -> Path:
    """The folder ``name`` (templates, static or migrations), wherever this install keeps it."""
    if name not in NAMES:
        raise ValueError(f"unknown resource folder {name!r}")
    for candidate in (PACKAGE / name, PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the {name} folder is missing from this install")
