"""The council settings form."""

from __future__ import annotations

from datetime import time
from typing import Any

import wtforms
from wtforms import EmailField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
    ValidationError,
)

from governors.council.models import PUBLIC_FIELDS, current_settings
from governors.council.rules import phone_problem
from governors.forms import Form, TimeInputField, strip
from governors.requests.clear_days import Counting, Nation


class IntegerField(wtforms.IntegerField):
    """A whole number with a message that names the field (WTForms' own does not)."""

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = int(valuelist[0].strip())
        except ValueError as error:
            self.data = None
            raise ValueError(f"{self.label.text} must be a whole number, like 10") from error


class KeptUnlessBlank:
    """Required when the field is sent; a form sent without it keeps the saved value."""

    def __init__(self, message: str) -> None:
        self.message = message

    def __call__(self, form: Any, field: Any) -> None:
        if field.errors:
            raise StopValidation()
        if field.raw_data and field.data is None:
            raise StopValidation(self.message)


RISK_BANDS = ("risk_low_top", "risk_moderate_top", "risk_high_top")

COUNTING_HINTS = {counting.value: counting.hint for counting in Counting}


class SettingsForm(Form):
    council_name = StringField(
        "Name of the council",
        filters=[strip],
        description="Shown at the top of every page and in emails, for example "
        "'Council of Governors'.",
        validators=[
            DataRequired("Enter the name of the council"),
            Length(max=120, message="Name of the council must be 120 characters or fewer"),
        ],
    )
    trust_name = StringField(
        "Name of the trust",
        filters=[strip],
        description="The trust's full name, for example 'Northshire NHS Foundation Trust'.",
        validators=[
            DataRequired("Enter the name of the trust"),
            Length(max=160, message="Name of the trust must be 160 characters or fewer"),
        ],
    )
    clear_days = IntegerField(
        "Clear days",
        description="How many clear days a governor's request needs before a meeting. "
        "The constitution says 10. Enter a number from 0 to 60.",
        validators=[
            InputRequired("Enter the number of clear days"),
            NumberRange(0, 60, message="Clear days must be between 0 and 60"),
        ],
    )
    counting = RadioField(
        "Which days count as clear days",
        choices=[(counting.value, counting.label) for counting in Counting],
        validators=[InputRequired("Select which days count as clear days")],
    )
    nation = SelectField(
        "Bank holidays",
        choices=[(nation.value, nation.label) for nation in Nation],
        description="The UK nation whose bank holidays do not count, when only working days count.",
        validators=[InputRequired("Select the nation whose bank holidays apply")],
    )
    cutoff = TimeInputField(
        "Cut-off time",
        description="Optional. A request that arrives at or after this time counts as "
        "arriving the next day. Use the 24-hour clock, for example 17:00. Leave it blank for "
        "no cut-off.",
    )
    response_days = IntegerField(
        "Days to answer a request",
        description="How many days the chair has to answer a governor's request, from the day "
        "it arrives. Enter a number from 1 to 90.",
        validators=[
            InputRequired("Enter the number of days to answer a request"),
            NumberRange(1, 90, message="Days to answer a request must be between 1 and 90"),
        ],
    )
    question_answer_days = IntegerField(
        "Days to answer a question",
        description="How many days the board, or the non-executive director asked, has to "
        "answer a governor's question, from the day the board secretary passes it on. Every "
        "day counts, weekends too. Enter a number from 1 to 90.",
        validators=[
            InputRequired("Enter the number of days to answer a question"),
            NumberRange(1, 90, message="Days to answer a question must be between 1 and 90"),
        ],
    )

    risk_low_top = IntegerField(
        "Top of the low band",
        description="The highest risk score that counts as low. The usual is 3. "
        "Enter a number from 1 to 22.",
        validators=[KeptUnlessBlank("Enter the top of the low band")],
    )
    risk_moderate_top = IntegerField(
        "Top of the moderate band",
        description="The highest score that counts as moderate. The usual is 6. "
        "It must be more than the top of the low band.",
        validators=[KeptUnlessBlank("Enter the top of the moderate band")],
    )
    risk_high_top = IntegerField(
        "Top of the high band",
        description="The highest score that counts as high. The usual is 12. "
        "It must be more than the top of the moderate band and less than 25. "
        "Anything above it is extreme.",
        validators=[KeptUnlessBlank("Enter the top of the high band")],
    )

    health_note_months = IntegerField(
        "How long to keep private notes about availability, in months, after the period ends",
        description="A governor's private note on a period when they are not available may "
        "hold health details. It is erased this many months after the period ends. "
        "The usual is 12. Enter a number from 1 to 120.",
        validators=[KeptUnlessBlank("Enter how many months to keep private notes")],
    )

    contact_email = EmailField(
        "Email address",
        filters=[strip],
        description="Where the public write to the governors, for example "
        "governors@northshire.nhs.uk.",
        validators=[
            Optional(),
            Length(max=254, message="Email address must be 254 characters or fewer"),
            Email("Enter an email address in the correct format, like governors@example.org"),
        ],
    )
    contact_phone = StringField(
        "Phone number",
        filters=[strip],
        description="For example, 01632 960 123.",
        validators=[Length(max=40, message="Phone number must be 40 characters or fewer")],
    )
    postal_address = TextAreaField(
        "Postal address",
        filters=[strip],
        description="Put each line of the address on its own line.",
        validators=[Length(max=500, message="Postal address must be 500 characters or fewer")],
    )
    access_info = TextAreaField(
        "Access to meetings",
        filters=[strip],
        description="What the public need to know about the usual venue: step-free access, "
        "a hearing loop, parking, and how to ask for help. A meeting can say its own.",
        validators=[
            Length(max=2000, message="Access to meetings must be 2,000 characters or fewer")
        ],
    )
    joining_online = TextAreaField(
        "How to join online",
        filters=[strip],
        description="Shown when a meeting has no public link, for example: email us and we "
        "will send you the link.",
        validators=[
            Length(max=2000, message="How to join online must be 2,000 characters or fewer")
        ],
    )
    asking_questions = TextAreaField(
        "How to ask a question",
        filters=[strip],
        description="How a member of the public asks the governors a question, and by when.",
        validators=[
            Length(max=2000, message="How to ask a question must be 2,000 characters or fewer")
        ],
    )

    def validate_contact_phone(self, field: StringField) -> None:
        problem = None if field.errors else phone_problem(field.data or "")
        if problem:
            raise ValidationError(problem)

    def validate_cutoff(self, field: TimeInputField) -> None:
        if field.data == time(0, 0):
            raise ValidationError(
                "Cut-off time must be later than 00:00. Leave it blank for no cut-off"
            )

    def validate_risk_low_top(self, field: IntegerField) -> None:
        if field.data is not None and not 1 <= field.data <= 22:
            raise ValidationError("Top of the low band must be between 1 and 22")

    def validate_risk_moderate_top(self, field: IntegerField) -> None:
        low = self.risk_low_top.data
        if field.data is None:
            return
        if not 2 <= field.data <= 23:
            raise ValidationError("Top of the moderate band must be between 2 and 23")
        if low is not None and not self.risk_low_top.errors and field.data <= low:
            raise ValidationError(
                f"Top of the moderate band must be more than the top of the low band ({low})"
            )

    def validate_risk_high_top(self, field: IntegerField) -> None:
        moderate = self.risk_moderate_top.data
        if field.data is None:
            return
        if not 3 <= field.data <= 24:
            raise ValidationError("Top of the high band must be between 3 and 24")
        if moderate is not None and not self.risk_moderate_top.errors and field.data <= moderate:
            raise ValidationError(
                f"Top of the high band must be more than the top of the moderate band ({moderate})"
            )

    def validate_health_note_months(self, field: IntegerField) -> None:
        if field.data is not None and not 1 <= field.data <= 120:
            raise ValidationError("Months to keep private notes must be between 1 and 120")

    def _risk_bands(self) -> dict[str, int]:
        saved = current_settings()
        return {
            name: getattr(saved, name)
            if getattr(self, name).data is None
            else getattr(self, name).data
            for name in RISK_BANDS
        }

    def values(self) -> dict[str, Any]:
        return {
            "council_name": self.council_name.data,
            "trust_name": self.trust_name.data,
            "clear_days": self.clear_days.data,
            "counting": self.counting.data,
            "nation": self.nation.data,
            "cutoff": self.cutoff.data,
            "response_days": self.response_days.data,
            "question_answer_days": self.question_answer_days.data,
            **self._risk_bands(),
            "health_note_months": current_settings().health_note_months
            if self.health_note_months.data is None
            else self.health_note_months.data,
            **{name: getattr(self, name).data or None for name in PUBLIC_FIELDS},
        }
