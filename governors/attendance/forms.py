"""Forms for apologies, the register and declarations of interest."""

from __future__ import annotations

from typing import Any

from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from governors.attendance.models import DeclarationAction, Presence
from governors.forms import Form, require_choice, strip


class ApologiesForm(Form):
    message = TextAreaField(
        "Message to the board secretary (optional)",
        description="Only the board secretary reads this. You do not need to give a reason.",
        filters=[strip],
        validators=[Length(max=2000, message="The message must be 2,000 characters or fewer")],
    )


class AttendanceForm(Form):
    status = RadioField(
        "Attendance",
        choices=[(p.value, p.label) for p in Presence],
        validate_choice=False,
        validators=[InputRequired("Select how they attended")],
    )
    deputy_for_id = SelectField("If a deputy: for which member?", validate_choice=False)
    arrived_for_item_id = SelectField("Arrived late: first there for item", validate_choice=False)
    left_after_item_id = SelectField("Left early: last there for item", validate_choice=False)
    role_text = StringField(
        "If in attendance: why they are there (optional)",
        description="For example, Director of Finance",
        filters=[strip],
        validators=[Length(max=200, message="This must be 200 characters or fewer")],
    )

    def __init__(
        self,
        *args: Any,
        members: list[tuple[str, str]],
        items: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.deputy_for_id.choices = [("", "Not a deputy"), *members]
        self.arrived_for_item_id.choices = [("", "There from the start"), *items]
        self.left_after_item_id.choices = [("", "There to the end"), *items]

    def validate_status(self, field: Any) -> None:
        if field.data not in {p.value for p in Presence}:
            raise ValidationError("Select how they attended")

    def validate_deputy_for_id(self, field: Any) -> None:
        if field.data:
            require_choice(field, "Choose a member from the list")
        elif self.status.data == Presence.DEPUTY:
            raise ValidationError("Choose the member they stood in for")

    def validate_arrived_for_item_id(self, field: Any) -> None:
        if field.data:
            require_choice(field, "Choose an item from the list")

    def validate_left_after_item_id(self, field: Any) -> None:
        if field.data:
            require_choice(field, "Choose an item from the list")

    @staticmethod
    def number(field: Any) -> int | None:
        return int(field.data) if field.data else None


class InAttendanceForm(Form):
    user_id = SelectField(
        "Someone with an account",
        description="A director, an officer, or a member of another body",
        validate_choice=False,
    )
    name = StringField(
        "Or, for someone without an account: their name",
        filters=[strip],
        validators=[Length(max=120, message="Name must be 120 characters or fewer")],
    )
    role_text = StringField(
        "Why they are there (optional)",
        description="For example, Healthwatch Northshire, observing",
        filters=[strip],
        validators=[Length(max=200, message="This must be 200 characters or fewer")],
    )

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user_id.choices = [("", "Choose a person"), *people]

    def validate_user_id(self, field: Any) -> None:
        if field.data:
            require_choice(field, "Choose a person from the list")
        elif not self.name.data:
            raise ValidationError(
                "Choose a person, or enter the name of someone without an account"
            )

    def validate_name(self, field: Any) -> None:
        if field.data and self.user_id.data:
            raise ValidationError("Choose a person or enter a name, not both")


class PublicCountForm(Form):
    public_count = StringField(
        "Members of the public",
        description="How many came. A whole number, like 4.",
        filters=[strip],
    )

    def validate_public_count(self, field: Any) -> None:
        typed = field.data or ""
        if typed and (not typed.isdigit() or int(typed) > 10000):
            raise ValidationError(
                "Members of the public must be a whole number from 0 to 10,000, like 4"
            )


class DeclarationForm(Form):
    user_id = SelectField("Who declared it?", validate_choice=False)
    item_id = SelectField("On which item?", validate_choice=False)
    interest = StringField(
        "The interest",
        description="For example, Trustee of Northshire Carers, which bids for the contract",
        filters=[strip],
        validators=[
            DataRequired("Say what the interest is"),
            Length(max=500, message="The interest must be 500 characters or fewer"),
        ],
    )
    sensitive = BooleanField(
        "Sensitive: public minutes say only that an interest was declared",
        description="Full minutes for members keep the detail.",
    )
    # The answer the member gave before the meeting, when the declaration comes from one.
    check_id = HiddenField()
    action = RadioField(
        "What did they do?",
        choices=[(a.value, a.label) for a in DeclarationAction],
        validate_choice=False,
        validators=[InputRequired("Select what they did")],
    )

    def __init__(
        self, *args: Any, people: list[tuple[str, str]], items: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user_id.choices = [("", "Choose a person"), *people]
        self.item_id.choices = [("", "Choose an item"), *items]

    def validate_user_id(self, field: Any) -> None:
        require_choice(field, "Choose who declared the interest")

    def validate_item_id(self, field: Any) -> None:
        require_choice(field, "Choose the item the interest is about")

    def validate_action(self, field: Any) -> None:
        if field.data not in {a.value for a in DeclarationAction}:
            raise ValidationError("Select what they did")
