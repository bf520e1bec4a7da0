"""Sign-in plumbing and the headers every response of ours carries."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from flask import Blueprint, Response, current_app, g, redirect, request, url_for
from flask_login import LoginManager

from governors.extensions import db

if TYPE_CHECKING:
    from governors.people.models import User

CSP = (
    "default-src 'self'; "
    "script-src 'self' 'nonce-{nonce}'; "
    "style-src 'self'; "
    "img-src 'self' data:; "
    "font-src 'self'; "
    "connect-src 'self'; "
    "form-action 'self'; "
    "frame-ancestors 'none'; "
    "base-uri 'none'; "
    "object-src 'none'"
)


def init_login(manager: LoginManager) -> None:
    manager.login_view = "governors.auth.sign_in"
    manager.login_message = "Sign in to see that page."
    manager.login_message_category = "info"
    # "basic": a session that moves to another network (a phone going from wifi to mobile
    # data) stays signed in, so nobody loses what they typed. A copied cookie is stopped by
    # the session version instead: signing out, a new password or being deactivated ends
    # every session the person has.
    manager.session_protection = "basic"

    @manager.user_loader
    def load_user(session_id: str) -> User | None:
        return user_for_session(session_id)


def user_for_session(session_id: str) -> User | None:
    """The active person a session's ``"id:version"`` names, if that session still counts."""
    from sqlalchemy.orm import joinedload

    from governors.converters import parse_id
    from governors.people.models import User

    raw_id, _, raw_version = session_id.partition(":")
    user_id = parse_id(raw_id)
    if user_id is None or not (raw_version.isascii() and raw_version.isdigit()):
        return None
    # Roles and profile in the same query: every signed-in request reads them.
    user = db.session.get(
        User, user_id, options=[joinedload(User.role_rows), joinedload(User.governor_profile)]
    )
    if user is None or not user.active or user.session_version != int(raw_version):
        return None
    return user


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def add_security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP.format(nonce=csp_nonce()))
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault(
        "Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"
    )
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    # Pages can carry private business: no shared caches, no back-button copies after sign-out.
    if request.endpoint != "governors.static":
        headers.setdefault("Cache-Control", "no-store")
    return response


def init_blueprint(bp: Blueprint) -> None:
    bp.after_request(add_security_headers)

    @bp.errorhandler(401)
    def unauthorised(error):
        return redirect(url_for("governors.auth.sign_in", next=request.full_path.rstrip("?")))
