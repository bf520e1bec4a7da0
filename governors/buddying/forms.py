"""Forms for buddying: asking for a buddy, answering a request, pairing people up, and
notes of buddy meetings."""

from __future__ import annotations

from typing import Any

from wtforms import RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from governors.buddying.rules import Purpose
from governors.buddying.services import MESSAGE_MAX, NOTE_MAX, REASON_MAX
from governors.forms import DateInputField, Form, strip
from governors.meetings.forms import Needed

NOBODY = ""
PURPOSE_CHOICES = [(purpose.value, purpose.label) for purpose in Purpose]
PURPOSE_HINTS = {purpose.value: purpose.hint for purpose in Purpose}


def _in_choices(field: Any, message: str) -> None:
    if (field.data or "") not in {value for value, _ in field.choices}:
        raise ValidationError(message)


def _purpose_field(label: str) -> RadioField:
    return RadioField(
        label,
        choices=PURPOSE_CHOICES,
        validate_choice=False,
        validators=[InputRequired("Select what the buddy is for")],
    )


class AskForm(Form):
    purpose = _purpose_field("What would you like a buddy for?")
    preferred = SelectField(
        "Who would you like as your buddy? (optional)",
        description="A governor or non-executive director. The board secretary will ask "
        "them first, if they can.",
        choices=[],
        validate_choice=False,
    )
    message = TextAreaField(
        "Anything else the board secretary should know? (optional)",
        description="For example, what you would like help with. Only the board secretary "
        "reads this.",
        filters=[strip],
        validators=[
            Length(
                max=MESSAGE_MAX, message=f"Your message must be {MESSAGE_MAX:,} characters or fewer"
            )
        ],
    )

    def validate_purpose(self, field: Any) -> None:
        if field.data not in PURPOSE_HINTS:
            raise ValidationError("Select what the buddy is for")

    def validate_preferred(self, field: Any) -> None:
        _in_choices(field, "Choose someone from the list, or no one")


class AnswerForm(Form):
    decision = RadioField(
        "Your answer",
        choices=[("accept", "Pair them with a buddy"), ("decline", "Do not pair them now")],
        validate_choice=False,
        validators=[InputRequired("Select whether to pair them with a buddy")],
    )
    buddy = SelectField(
        "Their buddy",
        description="If you pair them. The one they asked for is first.",
        choices=[],
        validate_choice=False,
    )
    reason = TextAreaField(
        "Reason or message for the governor",
        description="Needed if you do not pair them. The governor sees this.",
        filters=[strip],
        validators=[
            Length(max=REASON_MAX, message=f"The reason must be {REASON_MAX:,} characters or fewer")
        ],
    )

    def validate_decision(self, field: Any) -> None:
        if field.data not in ("accept", "decline"):
            raise ValidationError("Select whether to pair them with a buddy")

    def validate_buddy(self, field: Any) -> None:
        if self.decision.data == "accept":
            _in_choices(field, "Choose their buddy from the list")


class PairForm(Form):
    governor = SelectField("Governor", choices=[], validate_choice=False)
    buddy = SelectField(
        "Their buddy",
        description="A governor or non-executive director. The best fits are first.",
        choices=[],
        validate_choice=False,
    )
    purpose = _purpose_field("What is the buddy for?")
    starts_on = DateInputField(
        "First day", validators=[Needed("Enter the first day of the pairing")]
    )
    ends_on = DateInputField(
        "Last day (optional)",
        description="Leave empty if there is no end date yet. For example, 21 1 2027",
    )

    def validate_governor(self, field: Any) -> None:
        _in_choices(field, "Choose a governor from the list")
        if not field.data:
            raise ValidationError("Choose a governor from the list")

    def validate_buddy(self, field: Any) -> None:
        _in_choices(field, "Choose their buddy from the list")
        if not field.data:
            raise ValidationError("Choose their buddy from the list")

    def validate_purpose(self, field: Any) -> None:
        if field.data not in PURPOSE_HINTS:
            raise ValidationError("Select what the buddy is for")


class NoteForm(Form):
    met_on = DateInputField("The day you met", validators=[Needed("Enter the day you met")])
    note = TextAreaField(
        "Note of the meeting",
        description="What you talked about, and anything to follow up. Only the two of you "
        "and the board secretary can read it.",
        filters=[strip],
        validators=[
            DataRequired("Enter a note of the meeting"),
            Length(max=NOTE_MAX, message=f"The note must be {NOTE_MAX:,} characters or fewer"),
        ],
    )


class EndForm(Form):
    """A button: end the pair today."""
