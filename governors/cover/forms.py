"""Forms for periods of unavailability: a person's own (two steps: fill in, then check
and confirm), the secretary's on someone's behalf, and changing the private note.

No form asks why someone is away: absence is recorded, not illness.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from wtforms import BooleanField, RadioField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, StopValidation

from governors.cover.services import NOTE_LIMIT
from governors.forms import DateInputField, Form, require_choice, strip

KNOWN = "known"
FURTHER_NOTICE = "further"
UNTIL_CHOICES = [(KNOWN, "On a day I know"), (FURTHER_NOTICE, "Until further notice")]
UNTIL_CHOICES_FOR_SOMEONE = [
    (KNOWN, "On a day they know"),
    (FURTHER_NOTICE, "Until further notice"),
]


class Needed:
    """Required, unless the field already has a problem (then that one message is enough)."""

    def __init__(self, message: str) -> None:
        self.message = message

    def __call__(self, form: Any, field: Any) -> None:
        if field.errors:
            raise StopValidation()
        if field.data is None:
            raise StopValidation(self.message)


def _note_field(label: str) -> TextAreaField:
    return TextAreaField(
        label,
        filters=[strip],
        validators=[
            Length(
                max=NOTE_LIMIT,
                message=f"Private note must be {NOTE_LIMIT:,} characters or fewer",
            )
        ],
    )


class _Dates:
    """What both period forms share: the last day counts only when it is known."""

    starts_on: DateInputField
    until: RadioField
    ends_on: DateInputField
    errors: Any

    def _check_last_day(self) -> None:
        if self.until.data == FURTHER_NOTICE:
            # A last day typed before choosing "until further notice" does not count.
            self.ends_on.errors = []
        elif self.until.data == KNOWN and not self.ends_on.errors:
            if self.ends_on.data is None:
                self.ends_on.errors = ["Enter the last day, or choose until further notice"]
            elif (
                self.starts_on.data is not None
                and not self.starts_on.errors
                and self.ends_on.data < self.starts_on.data
            ):
                self.ends_on.errors = ["Last day must be the same as or after the first day"]

    @property
    def last_day(self) -> date | None:
        """The last day chosen, or None for until further notice."""
        return self.ends_on.data if self.until.data == KNOWN else None


class PeriodForm(_Dates, Form):
    """When someone is not available: a first day, and a last day or until further notice."""

    starts_on = DateInputField(
        "First day", validators=[Needed("Enter the first day you are not available")]
    )
    until = RadioField(
        "When will you be available again?",
        choices=UNTIL_CHOICES,
        validate_choice=False,
        validators=[InputRequired("Select whether you know your last day")],
    )
    ends_on = DateInputField("Last day")
    note = _note_field("Private note (optional)")

    def validate_until(self, field: Any) -> None:
        require_choice(field, "Select whether you know your last day")

    def validate(self, extra_validators: Any = None) -> bool:
        super().validate(extra_validators)
        self._check_last_day()
        return not self.errors


class RecordForm(_Dates, Form):
    """The secretary records a period for someone, with their agreement."""

    person = SelectField("Who is not available?", choices=[], validate_choice=False)
    starts_on = DateInputField(
        "First day", validators=[Needed("Enter the first day they are not available")]
    )
    until = RadioField(
        "When will they be available again?",
        choices=UNTIL_CHOICES_FOR_SOMEONE,
        validate_choice=False,
        validators=[InputRequired("Select whether they know their last day")],
    )
    ends_on = DateInputField("Last day")
    note = _note_field("Private note (optional)")
    consent = BooleanField("They have agreed to this being recorded")

    def validate_person(self, field: Any) -> None:
        require_choice(field, "Choose who is not available from the list")

    def validate_until(self, field: Any) -> None:
        require_choice(field, "Select whether they know their last day")

    def validate(self, extra_validators: Any = None) -> bool:
        super().validate(extra_validators)
        self._check_last_day()
        return not self.errors


class NoteForm(Form):
    note = _note_field("Private note")
