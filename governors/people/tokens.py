"""Signed, time-limited links for setting a password: invitations and resets.

A token carries the person's id and a fingerprint of their current password hash and
email address. Once the password is set (or the email changes) the fingerprint no
longer matches, so each link works once. Invitations and resets use different salts,
so a reset link cannot be stretched to an invitation's longer lifetime.
"""

from __future__ import annotations

import hashlib
import hmac
from enum import StrEnum

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from governors.extensions import db
from governors.people.models import User


class Purpose(StrEnum):
    INVITATION = "invitation"
    RESET = "password-reset"


MAX_AGE_SETTING = {
    Purpose.INVITATION: "INVITATION_MAX_AGE",
    Purpose.RESET: "PASSWORD_RESET_MAX_AGE",
}


class TokenProblem(Exception):
    """The link cannot be used; ``expired`` says whether it was merely too old."""

    def __init__(self, expired: bool) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def _serializer(purpose: Purpose) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"governors-{purpose}")


def _fingerprint(user: User) -> str:
    # A digest rather than a slice of the hash itself: tokens are signed, not encrypted.
    material = f"{user.password_hash or ''}|{user.email}".encode()
    return hashlib.sha256(material).hexdigest()[:16]


def max_age(purpose: Purpose) -> int:
    return int(current_app.config[MAX_AGE_SETTING[purpose]])


def make_token(user: User, purpose: Purpose) -> str:
    return _serializer(purpose).dumps({"id": user.id, "fp": _fingerprint(user)})


def read_token(token: str, purpose: Purpose) -> User:
    """The active person a token was made for, or ``TokenProblem``."""
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age(purpose))
    except SignatureExpired as error:
        raise TokenProblem(expired=True) from error
    except BadSignature as error:
        raise TokenProblem(expired=False) from error
    if not isinstance(payload, dict) or not isinstance(payload.get("id"), int):
        raise TokenProblem(expired=False)
    user = db.session.get(User, payload["id"])
    if user is None or not user.active:
        raise TokenProblem(expired=False)
    if not hmac.compare_digest(str(payload.get("fp", "")), _fingerprint(user)):
        raise TokenProblem(expired=False)
    return user


def describe_max_age(purpose: Purpose) -> str:
    """'1 hour', '14 days': how long a link lasts, for emails."""
    seconds = max_age(purpose)
    if seconds % 86400 == 0:
        days = seconds // 86400
        return f"{days} day" if days == 1 else f"{days} days"
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return f"{hours} hour" if hours == 1 else f"{hours} hours"
    minutes = max(seconds // 60, 1)
    return f"{minutes} minute" if minutes == 1 else f"{minutes} minutes"
