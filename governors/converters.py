"""What web addresses carry: record ids and tokens in paths, page numbers and ids in queries.

Every id the database can hold is a whole number from 1 to 2,147,483,647 (a PostgreSQL
``integer``). Anything else (0, -1, a number too big for the database, ``²`` or other
digits that are not 0 to 9) cannot name a record, so it is a 404 before any query is made.
"""

from __future__ import annotations

from flask import Flask, abort, request
from werkzeug.routing import BaseConverter, ValidationError

MAX_ID = 2**31 - 1
# The name routes use: ``@bp.route("/<governors_id:meeting_id>")``. Ours alone, so a host
# app's own converters keep their names.
CONVERTER = "governors_id"
TOKEN_CONVERTER = "governors_token"


def parse_id(raw: str | None) -> int | None:
    """``raw`` as a record id (ASCII digits, no sign or leading zero, 1 to MAX_ID), or None."""
    if not raw or len(raw) > len(str(MAX_ID)) or not raw.isascii() or not raw.isdigit():
        return None
    if raw[0] == "0":
        return None
    number = int(raw)
    return number if number <= MAX_ID else None


class IdConverter(BaseConverter):
    """A record id in a path; anything that cannot be one matches no route (a 404)."""

    regex = r"[1-9][0-9]{0,9}"
    part_isolating = True

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValidationError()
        return number

    def to_url(self, value: object) -> str:
        return str(int(value))  # type: ignore[call-overload]


class TokenConverter(BaseConverter):
    """A secret token in a path (a calendar feed, a signed emailed link): URL-safe letters,
    digits and ``-_.`` only, so a NUL byte or other oddity is a 404 before any lookup."""

    regex = r"[A-Za-z0-9_.\-]{1,1000}"
    part_isolating = True


def register(app: Flask) -> None:
    """Adds the converters to ``app``: before our blueprints' routes are registered."""
    app.url_map.converters[CONVERTER] = IdConverter
    app.url_map.converters[TOKEN_CONVERTER] = TokenConverter


def id_arg(name: str) -> int | None:
    """A record id from the query string: None when none is given; a 404 when it cannot be one."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    number = parse_id(raw)
    if number is None:
        abort(404)
    return number


def page_arg(name: str = "page") -> int:
    """The page number asked for: 1 when none is given; a 404 when it cannot be a page.

    ``page=²``, ``page=-1``, ``page=0``, ``page=two`` and numbers too big for the database
    are all addresses of pages that do not exist.
    """
    raw = request.args.get(name, "").strip()
    if not raw:
        return 1
    number = parse_id(raw)
    if number is None:
        abort(404)
    return number
