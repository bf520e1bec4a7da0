"""Signing in and out."""

from __future__ import annotations

from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from governors.extensions import db, limiter
from governors.people.forms import SignInForm
from governors.people.models import User

bp = Blueprint("auth", __name__, url_prefix="/account")


def safe_next(target: str | None) -> str | None:
    """Only follow a ``next`` that stays on this site, so sign-in cannot be an open redirect."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def _sign_in_limit() -> str:
    return current_app.config["SIGN_IN_RATE_LIMIT"]


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
def sign_in() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("governors.home"))
    form = SignInForm()
    if form.validate_on_submit():
        user = db.session.scalar(sa.select(User).where(User.email == form.email.data))
        if user is not None and user.active and user.check_password(form.password.data):
            login_user(user)
            return redirect(safe_next(request.args.get("next")) or url_for("governors.home"))
        # One message for every failure, so sign-in does not reveal who has an account.
        form.email.errors.append("Enter a correct email address and password")
    return render_template("governors/auth/sign_in.html", form=form)


@bp.route("/sign-out", methods=["POST"])
def sign_out() -> Response:
    logout_user()
    flash("You have signed out.", "success")
    return redirect(url_for("governors.auth.sign_in"))
