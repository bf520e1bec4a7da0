"""The floor for a page: a bare Flask app that answers with a page of a given size, made
from one query and one Jinja template.

    create_floor(database_url)      # for the test client (bench/ratios.py)
    gunicorn -w 4 'bench.floor:app' # under gunicorn (bench/load.py), with DATABASE_URL set

``GET /?bytes=N`` runs one query (a page of people, ``SELECT id, name, email ...``),
renders them as table rows through an autoescaping Jinja template and tops the page up to
exactly ``N`` bytes (``FLOOR_BYTES`` when the address names none). Nothing else: no
sessions, no sign-in, no extensions. What a page of the product costs beyond this is the
product's own work.
"""

from __future__ import annotations

import os

import sqlalchemy as sa
from flask import Flask, Response, request
from jinja2 import Environment

DEFAULT_BYTES = 40_000
MAX_ROWS = 2000

TEMPLATE = Environment(autoescape=True).from_string(
    """<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>{{ title }}</title></head>
<body>
<main>
<h1>{{ title }}</h1>
<table>
<thead><tr><th>Number</th><th>Name</th><th>Email</th></tr></thead>
<tbody>
{% for row in rows %}<tr><td>{{ row.id }}</td><td>{{ row.name }}</td><td>{{ row.email }}</td></tr>
{% endfor %}</tbody>
</table>
<p>{{ padding }}</p>
</main>
</body>
</html>
"""
)
QUERY = sa.text("SELECT id, name, email FROM users ORDER BY id LIMIT :rows")


def _engine_url(database_url: str) -> str:
    if database_url.startswith("postgresql://"):
        return "postgresql+psycopg://" + database_url.removeprefix("postgresql://")
    return database_url


def create_floor(database_url: str) -> Flask:
    """The bare app on ``database_url`` (the same database the product's pages read)."""
    app = Flask(__name__)
    engine = sa.create_engine(_engine_url(database_url), pool_pre_ping=True)
    # Per size: how many rows, and how much padding makes the page exactly that size.
    shapes: dict[int, tuple[int, int]] = {}

    def render(size: int, rows: int, padding: int) -> str:
        with engine.connect() as connection:
            found = connection.execute(QUERY, {"rows": rows}).all()
        return TEMPLATE.render(title="People", rows=found, padding="x" * padding)

    def shape(size: int) -> tuple[int, int]:
        if size not in shapes:
            one_row = len(render(size, 1, 0).encode())
            ten_rows = len(render(size, 10, 0).encode())
            per_row = max(1, (ten_rows - one_row) // 9)
            rows = max(1, min(MAX_ROWS, (size - one_row) // per_row))
            short = size - len(render(size, rows, 0).encode())
            # Later rows have longer numbers: take rows off until the page fits.
            while short < 0 and rows > 1:
                rows = max(1, rows + short // per_row - 1)
                short = size - len(render(size, rows, 0).encode())
            shapes[size] = (rows, max(0, short))
        return shapes[size]

    @app.get("/")
    def page() -> Response:
        size = request.args.get("bytes", type=int) or int(
            os.environ.get("FLOOR_BYTES", DEFAULT_BYTES)
        )
        rows, padding = shape(size)
        return Response(render(size, rows, padding), mimetype="text/html")

    app.extensions["floor_engine"] = engine
    return app


def __getattr__(name: str) -> Flask:
    # ``bench.floor:app`` for gunicorn, made only when asked for (DATABASE_URL is needed).
    if name == "app":
        return create_floor(os.environ["DATABASE_URL"])
    raise AttributeError(name)
