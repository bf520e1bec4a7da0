"""Configuration from the environment; council settings live in the database instead."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any


class ConfigError(RuntimeError):
    pass


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _development_secret(instance_path: Path) -> str:
    """A key made once and kept in the instance folder, so sessions survive restarts."""
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def trusted_proxies() -> int:
    """How many reverse proxies stand in front of the app (``TRUSTED_PROXIES``, default 0)."""
    raw = os.environ.get("TRUSTED_PROXIES", "").strip() or "0"
    if not (raw.isascii() and raw.isdigit()):
        raise ConfigError(
            f"TRUSTED_PROXIES is {raw!r}. Set it to the number of proxies in front of the "
            "app, such as 1 for one web server passing requests on, or 0 for none."
        )
    return int(raw)


STORAGE_KINDS = ("folder", "database")


def storage_problem(kind: str) -> str | None:
    """What is wrong with a ``STORAGE`` setting, or None when it is one we know."""
    if kind in STORAGE_KINDS:
        return None
    return (
        f"STORAGE is {kind!r}. Set it to folder (the default: uploaded papers are kept in "
        "UPLOAD_FOLDER on this server) or database (they are kept in the database, so that "
        "two or more servers can share them)."
    )


def storage_kind() -> str:
    """Where uploaded papers are kept (``STORAGE``: "folder", the default, or "database")."""
    kind = os.environ.get("STORAGE", "").strip().lower() or "folder"
    problem = storage_problem(kind)
    if problem:
        raise ConfigError(problem)
    return kind


def database_url(instance_path: Path) -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return f"sqlite:///{instance_path / 'governors.sqlite3'}"
    # Hosting platforms often hand out postgres:// URLs; SQLAlchemy wants a driver name.
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgres://")
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def from_environment(instance_path: Path, need_secret: bool = True) -> dict[str, Any]:
    development = os.environ.get("GOVERNORS_ENV", "production").lower() == "development"
    secret = os.environ.get("SECRET_KEY", "").strip()
    if not secret and need_secret:
        if not development:
            raise ConfigError(
                "SECRET_KEY is not set. Set it to a long random value "
                "(or GOVERNORS_ENV=development to use a key kept in the instance folder)."
            )
        secret = _development_secret(instance_path)
    secure_cookies = _flag("SECURE_COOKIES", not development)
    values: dict[str, Any] = {"SECRET_KEY": secret} if secret else {}
    return values | {
        "SQLALCHEMY_DATABASE_URI": database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "GOVERNORS_DEVELOPMENT": development,
        "UPLOAD_FOLDER": os.environ.get("UPLOAD_FOLDER") or str(instance_path / "uploads"),
        "STORAGE": storage_kind(),
        "MAX_CONTENT_LENGTH": 25 * 1024 * 1024,
        "GOVERNORS_MAX_UPLOAD_BYTES": int(os.environ.get("MAX_UPLOAD_MB", "10")) * 1024 * 1024,
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", "localhost"),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "25")),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD") or None,
        "MAIL_USE_TLS": _flag("MAIL_USE_TLS", False),
        "MAIL_USE_SSL": _flag("MAIL_USE_SSL", False),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "Council of Governors <governors@localhost>"),
        "MAIL_TIMEOUT": int(os.environ.get("MAIL_TIMEOUT", "20")),
        # Links in emails need an absolute address; the outbox runs outside any request.
        "GOVERNORS_BASE_URL": os.environ.get("BASE_URL", "http://127.0.0.1:5000").rstrip("/"),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        # Keeps this council's counts apart in a Redis other apps (or councils) share.
        "RATELIMIT_KEY_PREFIX": os.environ.get("RATELIMIT_KEY_PREFIX", "").strip(),
        "RATELIMIT_HEADERS_ENABLED": True,
        "SIGN_IN_RATE_LIMIT": os.environ.get("SIGN_IN_RATE_LIMIT", "10 per minute; 50 per hour"),
        # Proxies whose X-Forwarded-For, -Proto and -Host headers are believed (create_app).
        "TRUSTED_PROXIES": trusted_proxies(),
        "SESSION_COOKIE_SECURE": secure_cookies,
        "REMEMBER_COOKIE_SECURE": secure_cookies,
        "SESSION_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_NAME": "governors_session",
        "PERMANENT_SESSION_LIFETIME": 60 * 60 * 8,
        "WTF_CSRF_TIME_LIMIT": None,
        "PASSWORD_RESET_MAX_AGE": 60 * 60,
        "INVITATION_MAX_AGE": 60 * 60 * 24 * 14,
        # Board packs: made in a thread while the page refreshes ("background"), in the
        # request ("inline") or only by `flask governors make-packs` ("later"); papers
        # longer or bigger than these are listed in the pack, not joined.
        "PACK_MAKING": os.environ.get("PACK_MAKING", "").strip() or None,
        "PACK_MAX_PAPER_PAGES": int(os.environ.get("PACK_MAX_PAPER_PAGES", "500")),
        "PACK_MAX_PAPER_BYTES": int(os.environ.get("PACK_MAX_PAPER_BYTES", str(50 * 1024 * 1024))),
    }
