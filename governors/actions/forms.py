"""Forms of the action log: raising or changing an action, moving it on, chasing it, and
the log's filters."""

from __future__ import annotations

from typing import Any

from flask_wtf.file import FileField
from wtforms import EmailField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import Email, Length, ValidationError

from governors.actions.rules import ActionStatus
from governors.actions.services import Owner
from governors.forms import DateInputField, Form, require_choice, strip
from governors.meetings.forms import Needed

OWNER_SLOTS = ("owner_1", "owner_2", "owner_3")


class ActionForm(Form):
    description = TextAreaField(
        "What is to be done",
        description="One clear action, for example: Send governors the falls prevention plan",
        filters=[strip],
        validators=[
            Length(max=2000, message="What is to be done must be 2,000 characters or fewer")
        ],
    )
    owner_1 = SelectField("Owner", validate_choice=False)
    owner_2 = SelectField("Second owner (optional)", validate_choice=False)
    owner_3 = SelectField("Third owner (optional)", validate_choice=False)
    owner_name = StringField(
        "Or someone without an account: their name (optional)",
        filters=[strip],
        validators=[Length(max=120, message="The name must be 120 characters or fewer")],
    )
    owner_email = EmailField(
        "Their email address",
        filters=[strip],
        validators=[Length(max=254, message="The email address must be 254 characters or fewer")],
    )
    due_on = DateInputField("Due by", validators=[Needed("Enter the date it is due by")])

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owner_1.choices = [("", "Choose a person"), *people]
        for name in OWNER_SLOTS[1:]:
            self[name].choices = [("", "No one else"), *people]

    def validate_description(self, field: Any) -> None:
        if not field.data:
            raise ValidationError("Say what is to be done")

    def validate_owner_1(self, field: Any) -> None:
        if field.data:
            require_choice(field, "Choose an owner from the list")
        elif not self.owner_name.data:
            raise ValidationError("Choose an owner, or name someone without an account")

    def validate_owner_2(self, field: Any) -> None:
        if field.data:
            require_choice(field, "Choose a second owner from the list")

    def validate_owner_3(self, field: Any) -> None:
        if field.data:
            require_choice(field, "Choose a third owner from the list")

    def validate_owner_email(self, field: Any) -> None:
        if self.owner_name.data and not field.data:
            raise ValidationError("Enter the email address of the person without an account")
        if field.data:
            Email("Enter an email address in the right format, like name@example.org")(self, field)
            if not self.owner_name.data:
                raise ValidationError("Enter the name of the person this email address is for")

    def owners(self) -> list[Owner]:
        chosen = [int(self[name].data) for name in OWNER_SLOTS if self[name].data]
        owners = [Owner(user_id=user_id) for user_id in dict.fromkeys(chosen)]
        if self.owner_name.data:
            owners.append(Owner(name=self.owner_name.data, email=self.owner_email.data))
        return owners


class ChangeForm(ActionForm):
    reason = StringField(
        "Why is it changing? (optional)",
        description="For example, The report moved to the March board",
        filters=[strip],
        validators=[Length(max=500, message="The reason must be 500 characters or fewer")],
    )


class ProgressForm(Form):
    status = RadioField(
        "Where is it now?",
        choices=[(s.value, s.label) for s in ActionStatus],
        validate_choice=False,
    )
    progress = TextAreaField(
        "Progress so far (optional)",
        filters=[strip],
        validators=[Length(max=4000, message="Progress must be 4,000 characters or fewer")],
    )
    outcome = TextAreaField(
        "If done: what was done",
        filters=[strip],
        validators=[Length(max=4000, message="What was done must be 4,000 characters or fewer")],
    )
    evidence = FileField(
        "If done: evidence (optional)",
        description="A document that shows it was done, such as the report or letter. PDF, "
        "Word, Excel, PowerPoint or text.",
    )
    drop_reason = TextAreaField(
        "If dropped: why",
        filters=[strip],
        validators=[Length(max=2000, message="The reason must be 2,000 characters or fewer")],
    )

    def validate_status(self, field: Any) -> None:
        if field.data not in {s.value for s in ActionStatus}:
            raise ValidationError("Select where the action is now")

    def validate_outcome(self, field: Any) -> None:
        if self.status.data == ActionStatus.DONE and not field.data:
            raise ValidationError("Say what was done")

    def validate_drop_reason(self, field: Any) -> None:
        if self.status.data == ActionStatus.DROPPED and not field.data:
            raise ValidationError("Say why the action is being dropped")


class ChaseForm(Form):
    note = TextAreaField(
        "A note to the owners (optional)",
        description="For example, The Council meets on 12 March: can you send an update before?",
        filters=[strip],
        validators=[Length(max=1000, message="The note must be 1,000 characters or fewer")],
    )
