"""The cover sheet form."""

from __future__ import annotations

from typing import Any

from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from governors.forms import Form, MultiCheckboxField, strip
from governors.papers.services import ASKS_MAX, QUESTIONS_MAX, REASON_MAX


class CoverSheetForm(Form):
    asks = TextAreaField(
        "What are governors asked to do?",
        filters=[strip],
        validators=[
            DataRequired("Enter what governors are asked to do"),
            Length(
                max=ASKS_MAX,
                message=f"What governors are asked to do must be {ASKS_MAX:,} characters or fewer",
            ),
        ],
    )
    risks = MultiCheckboxField("Key risks (optional)", coerce=int, validate_choice=False)
    questions = TextAreaField(
        "What governors may want to ask (optional)",
        description="One question a line, for example: How will we know it has worked?",
        filters=[strip],
        validators=[
            Length(
                max=QUESTIONS_MAX,
                message="What governors may want to ask must be "
                f"{QUESTIONS_MAX:,} characters or fewer",
            )
        ],
    )
    advice_reason = TextAreaField(
        "Why are you keeping these words? (optional)",
        description="For example: these are the words the regulator uses",
        filters=[strip],
        validators=[
            Length(
                max=REASON_MAX,
                message=f"Why you are keeping these words must be {REASON_MAX:,} characters "
                "or fewer",
            )
        ],
    )

    def __init__(self, *args: Any, risk_choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.risks.choices = risk_choices

    def validate_risks(self, field: MultiCheckboxField) -> None:
        offered = {value for value, _ in field.choices}
        field.data = [value for value in field.data or [] if value in offered]
