"""Governors: the business of an NHS foundation trust's Council of Governors.

Stand-alone: ``create_app()``. Inside a trust's own Flask site::

    from governors import Governors
    Governors().init_app(app, url_prefix="/council")
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import Flask

from governors.blueprint import GovernorsBlueprint, build_blueprint
from governors.extensions import csrf, db, limiter, login_manager, migrate
from governors.resources import resource_path

if TYPE_CHECKING:
    from governors.templating import GovernorsEnvironment

__all__ = ["Governors", "GovernorsState", "create_app"]


@dataclass(frozen=True)
class GovernorsState:
    """What the product keeps for each app it is mounted in: ``app.extensions["governors"]``."""

    extension: Governors
    blueprint: GovernorsBlueprint
    jinja_env: GovernorsEnvironment


class Governors:
    """The extension object: mounts every page of the product in a Flask app."""

    def __init__(self, app: Flask | None = None, url_prefix: str = "") -> None:
        self.blueprint: GovernorsBlueprint | None = None
        if app is not None:
            self.init_app(app, url_prefix=url_prefix)

    def init_app(self, app: Flask, url_prefix: str = "") -> None:
        from governors import config, converters, models, security, templating  # noqa: F401

        settings = config.from_environment(
            Path(app.instance_path), need_secret=not app.config.get("SECRET_KEY")
        )
        for key, value in settings.items():
            # A host's own choices win; Flask's untouched defaults give way to ours.
            if key not in app.config or app.config[key] == app.default_config.get(key):
                app.config[key] = value
        db.init_app(app)
        _use_sqlite_pragmas(app)
        migrate.init_app(app, db, directory=str(resource_path("migrations")))
        csrf.init_app(app)
        limiter.init_app(app)
        login_manager.init_app(app)
        security.init_login(login_manager)

        converters.register(app)
        self.blueprint = build_blueprint()
        app.register_blueprint(self.blueprint, url_prefix=url_prefix or None)
        # Our own Jinja environment: the host's app.jinja_env is left as it was.
        jinja_env = templating.create_environment(app, self.blueprint.template_loader)
        from governors.cli import governors_cli

        app.cli.add_command(governors_cli)
        app.extensions["governors"] = GovernorsState(self, self.blueprint, jinja_env)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """The stand-alone application."""
    app = Flask(__name__, static_folder=None, instance_relative_config=True)
    if config:
        app.config.update(config)
    Governors(app)
    from governors import web

    web.init_standalone(app)
    _trust_proxies(app)
    from governors.documents.services import sweep_at_start

    sweep_at_start(app)
    return app


def _trust_proxies(app: Flask) -> None:
    """Behind ``TRUSTED_PROXIES`` reverse proxies, take the visitor's address, scheme and
    host from the headers they add, so sign-in limits count each visitor, not the proxy.
    A host app that mounts the product decides this for itself."""
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )


def _use_sqlite_pragmas(app: Flask) -> None:
    """WAL, foreign keys and a busy timeout on our SQLite engines, and on no other."""
    from sqlalchemy import event

    with app.app_context():
        engines = list(db.engines.values())
    for engine in engines:
        if engine.dialect.name == "sqlite" and not event.contains(
            engine, "connect", _sqlite_pragmas
        ):
            event.listen(engine, "connect", _sqlite_pragmas)


def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers carry on while a writer commits; foreign keys are off by default.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()
