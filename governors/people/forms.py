"""Forms for signing in, setting a password, and the secretary's people pages."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from wtforms import EmailField, PasswordField, RadioField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from governors.extensions import db
from governors.forms import DateInputField, Form, MultiCheckboxField, strip
from governors.people.models import CONSTITUENCY_LABELS, Constituency, Role, Route, User
from governors.people.rules import password_problem

EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.org"


def _lower(value: str | None) -> str | None:
    return value.strip().lower() if value else value


class SignInForm(Form):
    email = EmailField(
        "Email address",
        filters=[_lower],
        validators=[DataRequired("Enter your email address"), Email(EMAIL_FORMAT)],
    )
    password = PasswordField("Password", validators=[DataRequired("Enter your password")])


class ForgotPasswordForm(Form):
    email = EmailField(
        "Email address",
        filters=[_lower],
        description="The email address you sign in with.",
        validators=[DataRequired("Enter your email address"), Email(EMAIL_FORMAT)],
    )


class SetPasswordForm(Form):
    password = PasswordField(
        "New password",
        description="Use 12 characters or more. A few unrelated words make a strong password "
        "that is easy to remember.",
        validators=[DataRequired("Enter a new password")],
    )
    confirm = PasswordField(
        "Confirm new password",
        validators=[DataRequired("Enter your new password again to confirm it")],
    )

    def validate_password(self, field: PasswordField) -> None:
        problem = password_problem(field.data or "")
        if problem:
            raise ValidationError(problem)

    def validate_confirm(self, field: PasswordField) -> None:
        if self.password.data and field.data != self.password.data:
            raise ValidationError("The passwords do not match. Enter the same password twice")


CONSTITUENCY_HINTS = {
    Constituency.PUBLIC.value: "Elected by public members living in an area.",
    Constituency.SERVICE_USER.value: "Elected by people who use the trust's services.",
    Constituency.CARER.value: "Elected by people who care for someone using the trust's services.",
    Constituency.STAFF.value: "Elected by the trust's staff.",
    Constituency.APPOINTED.value: "Appointed by a partner organisation.",
}


class PersonForm(Form):
    """Invite or edit a person. Governor details are asked for only when Governor is ticked."""

    name = StringField(
        "Full name",
        filters=[strip],
        validators=[
            DataRequired("Enter the person's full name"),
            Length(max=120, message="Full name must be 120 characters or fewer"),
        ],
    )
    email = EmailField(
        "Email address",
        filters=[_lower],
        description="We send the invitation to this address. The person signs in with it.",
        validators=[
            DataRequired("Enter the person's email address"),
            Email(EMAIL_FORMAT),
            Length(max=254, message="Email address must be 254 characters or fewer"),
        ],
    )
    roles = MultiCheckboxField(
        "Roles",
        choices=[(role.value, role.label) for role in Role],
        description="Select every role the person holds.",
    )
    constituency = RadioField(
        "Constituency",
        choices=[(c.value, CONSTITUENCY_LABELS[c]) for c in Constituency],
        validators=[Optional()],
    )
    area = StringField(
        "Area or appointing organisation",
        filters=[strip],
        description="For a public governor, the area they represent. For an appointed "
        "governor, the organisation that appointed them. Optional for others.",
        validators=[
            Length(
                max=120, message="Area or appointing organisation must be 120 characters or fewer"
            )
        ],
    )
    route = RadioField(
        "Elected or appointed",
        choices=[(route.value, route.label) for route in Route],
        validators=[Optional()],
    )
    term_start = DateInputField("Term start date", description="For example, 1 4 2025")
    term_end = DateInputField(
        "Term end date", description="The last day of the term. For example, 31 3 2028"
    )

    def __init__(self, *args: Any, person: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person

    @property
    def is_governor(self) -> bool:
        return Role.GOVERNOR.value in (self.roles.data or [])

    @property
    def chosen_roles(self) -> set[Role]:
        return {Role(value) for value in self.roles.data or []}

    def validate_email(self, field: EmailField) -> None:
        if not field.data:
            return
        other = db.session.scalar(sa.select(User).where(User.email == field.data))
        if other is None or (self.person is not None and other.id == self.person.id):
            return
        if not other.active:
            raise ValidationError(
                f"{other.name} (deactivated) already has this email address. "
                "Reactivate them from the people list, or use a different email address"
            )
        raise ValidationError(
            f"{other.name} already has this email address. Use a different email address"
        )

    def validate_roles(self, field: MultiCheckboxField) -> None:
        if not field.data:
            raise ValidationError("Select at least one role")
        if Role.LEAD_GOVERNOR.value in field.data and Role.GOVERNOR.value not in field.data:
            raise ValidationError("A lead governor must also be a governor. Select Governor too")

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if not self.is_governor:
            return valid
        checks = [
            (self.constituency, not self.constituency.data, "Select the governor's constituency"),
            (
                self.area,
                self.constituency.data == Constituency.PUBLIC and not self.area.data,
                "Enter the area the public governor represents",
            ),
            (
                self.area,
                self.constituency.data == Constituency.APPOINTED and not self.area.data,
                "Enter the organisation that appointed the governor",
            ),
            (
                self.route,
                not self.route.data,
                "Select whether the governor was elected or appointed",
            ),
            (
                self.route,
                self.constituency.data == Constituency.APPOINTED
                and self.route.data == Route.ELECTED,
                "A governor in the appointed constituency must be appointed. Select Appointed",
            ),
            (
                self.term_start,
                self.term_start.data is None and not self.term_start.errors,
                "Enter the date the governor's term starts",
            ),
            (
                self.term_end,
                self.term_end.data is None and not self.term_end.errors,
                "Enter the date the governor's term ends",
            ),
            (
                self.term_end,
                self.term_start.data is not None
                and self.term_end.data is not None
                and self.term_end.data <= self.term_start.data,
                "Term end date must be after the term start date",
            ),
        ]
        for field, failed, message in checks:
            if failed and not field.errors:
                field.errors.append(message)
                valid = False
        return valid
