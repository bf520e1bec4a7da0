"""Forms for the secretary's agenda builder."""

from __future__ import annotations

from typing import Any

from flask_wtf.file import MultipleFileField
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, ValidationError

from governors.agendas import rules
from governors.agendas.rules import Part, Purpose
from governors.forms import Form, MultiCheckboxField, require_choice, strip

PART_CHOICES = [
    (Part.PUBLIC.value, Part.PUBLIC.label),
    (Part.PRIVATE.value, f"{Part.PRIVATE.label}, closed to the public"),
]
# Standing items keep their own purpose; others are to note, discuss or decide.
PURPOSE_CHOICES = [(purpose.value, purpose.label) for purpose in Purpose.askable()]
STANDING_PURPOSE_CHOICES = [(purpose.value, purpose.label) for purpose in Purpose]


class ItemForm(Form):
    part = RadioField(
        "Which part of the meeting is it in?",
        choices=PART_CHOICES,
        default=Part.PUBLIC.value,
        validate_choice=False,
        validators=[
            InputRequired("Select which part of the meeting the item is in"),
            AnyOf([c[0] for c in PART_CHOICES], "Select the public part or the private part"),
        ],
    )
    title = StringField(
        "Title",
        filters=[strip],
        validators=[
            DataRequired("Enter a title for the item"),
            Length(max=200, message="Title must be 200 characters or fewer"),
        ],
    )
    purpose = RadioField(
        "What is the Council asked to do?",
        choices=PURPOSE_CHOICES,
        validate_choice=False,
        validators=[InputRequired("Select what the Council is asked to do with the item")],
    )
    presenter = StringField(
        "Presenter (optional)",
        description="Name and job title, for example Dr Asha Patel, Medical Director",
        filters=[strip],
        validators=[Length(max=120, message="Presenter must be 120 characters or fewer")],
    )
    minutes_allowed = StringField(
        "Time allowed, in minutes",
        description=f"A whole number from {rules.MINUTES_MIN} to {rules.MINUTES_MAX}, like 15",
        filters=[strip],
    )
    description = TextAreaField(
        "Description (optional)",
        description="What the item is about and what the Council needs to know",
        filters=[strip],
        validators=[Length(max=5000, message="Description must be 5,000 characters or fewer")],
    )
    papers = MultipleFileField(
        "Papers (optional)",
        description="PDF, Word or OpenDocument files. You can choose more than one.",
    )

    def __init__(self, *args: Any, standing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.purpose.choices = STANDING_PURPOSE_CHOICES if standing else PURPOSE_CHOICES

    def validate_purpose(self, field: RadioField) -> None:
        if field.data not in {value for value, _ in field.choices}:
            raise ValidationError("Select what the Council is asked to do with the item")

    def validate_minutes_allowed(self, field: StringField) -> None:
        typed = field.data or ""
        if not typed:
            raise ValidationError("Enter the time allowed for the item, in minutes")
        if not typed.isascii() or not typed.isdigit():
            raise ValidationError("Time allowed must be a whole number of minutes, like 15")
        minutes = int(typed)
        if minutes < rules.MINUTES_MIN:
            raise ValidationError("Time allowed must be at least 1 minute")
        if minutes > rules.MINUTES_MAX:
            raise ValidationError(
                f"Time allowed must be {rules.MINUTES_MAX} minutes (8 hours) or less"
            )

    @property
    def minutes(self) -> int:
        return int(self.minutes_allowed.data)

    def uploads(self) -> list[Any]:
        """The files chosen, leaving out the empty part browsers send when none is chosen."""
        return [upload for upload in self.papers.data or [] if upload and upload.filename]


class EditItemForm(ItemForm):
    remove_papers = MultiCheckboxField(
        "Papers to take off this item", coerce=int, validate_choice=False
    )


class PublishForm(Form):
    change_note = TextAreaField(
        "What has changed?",
        description="Governors see this with the list of changes, for example "
        "'Added the finance report; moved the annual plan to item 6'",
        filters=[strip],
        validators=[Length(max=2000, message="What has changed must be 2,000 characters or fewer")],
    )


class CheckedForm(PublishForm):
    """Publishing after the checks: the secretary says they have read what will go out."""

    confirming = HiddenField()
    checked = BooleanField("I have checked these items and they can be published")


class PositionForm(Form):
    """Move an item straight to a number in its part."""

    position = StringField(filters=[strip])

    @property
    def number(self) -> int | None:
        typed = self.position.data or ""
        return int(typed) if typed.isascii() and typed.isdigit() else None


class ConfirmForm(Form):
    """A button that changes something: only the CSRF token travels with it."""


class MoveForm(Form):
    direction = StringField(
        validators=[AnyOf(["up", "down", *Part], "Choose a way to move the item")]
    )


class ReportForm(ItemForm):
    """A committee's report, sent as an item to a meeting of the Council."""

    to_meeting_id = SelectField("Which Council meeting is it for?", validate_choice=False)

    def __init__(self, *args: Any, meetings: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.to_meeting_id.choices = [("", "Choose a meeting"), *meetings]

    def validate_to_meeting_id(self, field: SelectField) -> None:
        if not field.data:
            raise ValidationError("Choose the Council meeting the report is for")
        require_choice(field, "Choose one of the Council meetings in the list")
