"""Forms for arranging cover: asking a substitute, marking a seat vacant, and answering a
request from the email's link."""

from __future__ import annotations

from wtforms import BooleanField, RadioField, SelectField
from wtforms.validators import InputRequired

from governors.cover.arranging import ANSWER_HOURS
from governors.forms import Form


def _hours(hours: int) -> str:
    return "1 hour" if hours == 1 else f"{hours} hours"


class AskForm(Form):
    candidate = RadioField(
        "Who do you want to ask?",
        choices=[],
        validators=[InputRequired("Choose who to ask")],
        validate_choice=False,
    )
    answer_hours = SelectField(
        "They must answer within",
        description="If the meeting starts sooner, they must answer before it starts.",
        choices=[(str(h), _hours(h)) for h in ANSWER_HOURS],
        default="24",
        validate_choice=False,
    )
    late_agreed = BooleanField("The chair agreed to a late substitute")


class VacantForm(Form):
    """One button: the seat stays vacant for this meeting, and the chair is told."""


class AnswerForm(Form):
    answer = RadioField(
        "Your answer",
        choices=[("accept", "Yes, I can stand in"), ("decline", "No, I cannot")],
        validators=[InputRequired("Say whether you can stand in")],
    )
