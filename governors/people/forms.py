"""Forms for signing in and for the secretary's people pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Email


def _lower(value: str | None) -> str | None:
    return value.strip().lower() if value else value


class SignInForm(FlaskForm):
    email = EmailField(
        "Email address",
        filters=[_lower],
        validators=[
            DataRequired("Enter your email address"),
            Email("Enter an email address in the correct format, like name@example.org"),
        ],
    )
    password = PasswordField("Password", validators=[DataRequired("Enter your password")])
