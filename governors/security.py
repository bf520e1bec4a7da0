"""Sign-in plumbing and the headers every response of ours carries."""

from __future__ import annotations

import secrets

from flask import Blueprint, Response, current_app, g, redirect, request, url_for
from flask_login import LoginManager

from governors.extensions import db

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
    from governors.people.models import User

    manager.login_view = "governors.auth.sign_in"
    manager.login_message = "Sign in to see that page."
    manager.login_message_category = "info"
    # A stolen cookie should not outlive a change of network or browser.
    manager.session_protection = "strong"

    @manager.user_loader
    def load_user(user_id: str) -> User | None:
        if not user_id.isdigit():
            return None
        user = db.session.get(User, int(user_id))
        # Deactivating someone ends the sessions they already have, not just future sign-ins.
        return user if user is not None and user.active else None


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
