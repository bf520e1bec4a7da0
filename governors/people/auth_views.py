"""Signing in and out, and setting a password from an emailed link."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, request, url_for
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from governors.extensions import db, limiter
from governors.people import services
from governors.people.forms import ForgotPasswordForm, SetPasswordForm, SignInForm
from governors.people.tokens import Purpose, TokenProblem, read_token
from governors.templating import render_template

bp = Blueprint("auth", __name__, url_prefix="/account")

DEFAULT_RESET_RATE_LIMIT = "5 per minute; 20 per hour"


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


def _reset_limit() -> str:
    return current_app.config.get("PASSWORD_RESET_RATE_LIMIT", DEFAULT_RESET_RATE_LIMIT)


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
def sign_in() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("governors.home"))
    form = SignInForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            return redirect(safe_next(request.args.get("next")) or url_for("governors.home"))
        # One message for every failure, so sign-in does not reveal who has an account.
        form.email.errors.append("Enter a correct email address and password")
    return render_template("governors/auth/sign_in.html", form=form)


@bp.route("/sign-out", methods=["POST"])
def sign_out() -> Response:
    services.sign_out(current_user)
    db.session.commit()
    logout_user()
    flash("You have signed out.", "success")
    return redirect(url_for("governors.auth.sign_in"))


@bp.route("/forgotten-password", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"])
def forgot_password() -> str | Response:
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        db.session.commit()
        # The same answer whether or not the address has an account.
        return redirect(url_for("governors.auth.reset_link_sent"))
    return render_template("governors/auth/forgot_password.html", form=form)


@bp.route("/forgotten-password/sent")
def reset_link_sent() -> str:
    return render_template("governors/auth/reset_link_sent.html")


def _link_problem(problem: TokenProblem, purpose: Purpose) -> str:
    return render_template(
        "governors/auth/link_problem.html", expired=problem.expired, purpose=purpose.value
    )


def _set_password_page(token: str, purpose: Purpose) -> str | Response:
    try:
        user = read_token(token, purpose)
    except TokenProblem as problem:
        return _link_problem(problem, purpose)
    form = SetPasswordForm()
    if form.validate_on_submit():
        accepting = purpose is Purpose.INVITATION
        services.set_password(user, form.password.data, accepting_invitation=accepting)
        db.session.commit()
        logout_user()
        login_user(user)
        flash(
            "Your password is set. Welcome to the website."
            if accepting
            else "Your password has been changed.",
            "success",
        )
        return redirect(url_for("governors.home"))
    return render_template(
        "governors/auth/set_password.html", form=form, person=user, purpose=purpose.value
    )


@bp.route("/reset-password/<governors_token:token>", methods=["GET", "POST"])
def reset_password(token: str) -> str | Response:
    return _set_password_page(token, Purpose.RESET)


@bp.route("/invitation/<governors_token:token>", methods=["GET", "POST"])
def accept_invitation(token: str) -> str | Response:
    return _set_password_page(token, Purpose.INVITATION)
