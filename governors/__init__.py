"""Governors: the business of an NHS foundation trust's Council of Governors.

Stand-alone: ``create_app()``. Inside a trust's own Flask site::

    from governors import Governors
    Governors().init_app(app, url_prefix="/council")
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from governors.blueprint import GovernorsBlueprint, build_blueprint
from governors.extensions import csrf, db, limiter, login_manager, migrate
from governors.resources import resource_path

__all__ = ["Governors", "create_app"]



class Governors:
    """The extension object: mounts every page of the product in a Flask app."""

    def __init__(self, app: Flask | None = None, url_prefix: str = "") -> None:
        self.blueprint: GovernorsBlueprint | None = None
        if app is not None:
            self.init_app(app, url_prefix=url_prefix)

    def init_app(self, app: Flask, url_prefix: str = "") -> None:
        from governors import config, models, security, web  # noqa: F401

        settings = config.from_environment(
            Path(app.instance_path), need_secret=not app.config.get("SECRET_KEY")
        )
        for key, value in settings.items():
            # A host's own choices win; Flask's untouched defaults give way to ours.
            if key not in app.config or app.config[key] == app.default_config.get(key):
                app.config[key] = value
        _use_sqlite_pragmas()
        db.init_app(app)
        migrate.init_app(app, db, directory=str(resource_path("migrations")))
        csrf.init_app(app)
        limiter.init_app(app)
        login_manager.init_app(app)
        security.init_login(login_manager)

        self.blueprint = build_blueprint()
        app.register_blueprint(self.blueprint, url_prefix=url_prefix or None)
        web.init_templates(app)
        from governors.cli import governors_cli

        app.cli.add_command(governors_cli)
        app.extensions["governors"] = self


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """The stand-alone application."""
    app = Flask(__name__, static_folder=None, instance_relative_config=True)
    if config:
        app.config.update(config)
    Governors(app)
    from governors import web

    web.init_standalone(app)
    return app


def _use_sqlite_pragmas() -> None:
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    if getattr(_use_sqlite_pragmas, "done", False):
        return

    @event.listens_for(Engine, "connect")
    def _pragmas(dbapi_connection, connection_record) -> None:
        module = type(dbapi_connection).__module__
        if not module.startswith("sqlite3"):
            return
        cursor = dbapi_connection.cursor()
        # WAL lets readers carry on while a writer commits; foreign keys are off by default.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()

    _use_sqlite_pragmas.done = True  # type: ignore[attr-defined]
