"""Forms for questions to the board: asking, passing on, answering, the asker's verdict,
and the secretary's filter."""

from __future__ import annotations

from typing import Any

from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from governors.forms import Form, require_choice, strip
from governors.questions import rules

BOARD = ""
YES_NO = [("yes", "Yes"), ("no", "No")]


class AskForm(Form):
    text = TextAreaField(
        "Your question",
        description="Ask one question, in your own words. Say what you would like to know, "
        "and why, if it helps.",
        filters=[strip],
        validators=[
            DataRequired("Enter your question"),
            Length(
                max=rules.TEXT_MAX,
                message=f"Your question must be {rules.TEXT_MAX:,} characters or fewer",
            ),
        ],
    )
    to_ned = SelectField(
        "Who is it for?",
        description="The board as a whole, or a named non-executive director. The board "
        "secretary passes it on.",
        choices=[],
        validate_choice=False,
    )
    meeting = SelectField(
        "Is it for a meeting? (optional)",
        description="Choose a meeting if you would like the answer before it, or with its papers.",
        choices=[],
        validate_choice=False,
    )
    public = RadioField(
        "May your question and its answer be published?",
        description="If yes, once it is answered, anyone can read your question, the answer "
        "and who answered it, with your name, on the public questions page and with the "
        "meeting's papers.",
        choices=YES_NO,
        validate_choice=False,
        validators=[InputRequired("Select whether your question may be published")],
    )

    def validate_to_ned(self, field: Any) -> None:
        require_choice_or_board(field, "Choose the board or a non-executive director from the list")

    def validate_meeting(self, field: Any) -> None:
        require_choice_or_board(field, "Choose a meeting from the list, or none")

    def validate_public(self, field: Any) -> None:
        if field.data not in {"yes", "no"}:
            raise ValidationError("Select whether your question may be published")


def require_choice_or_board(field: Any, message: str) -> None:
    """Refuse a value that is not one of the field's choices (the empty one included)."""
    if (field.data or "") not in {value for value, _ in field.choices}:
        raise ValidationError(message)


class RouteForm(Form):
    to_ned = SelectField(
        "Pass it to",
        description="The board as a whole (you record the answer and who gave it), or a "
        "non-executive director, who is emailed and answers it here.",
        choices=[],
        validate_choice=False,
    )

    def validate_to_ned(self, field: Any) -> None:
        require_choice_or_board(field, "Choose the board or a non-executive director from the list")


class AnswerForm(Form):
    answer = TextAreaField(
        "The answer",
        filters=[strip],
        validators=[
            DataRequired("Enter the answer"),
            Length(
                max=rules.ANSWER_MAX,
                message=f"The answer must be {rules.ANSWER_MAX:,} characters or fewer",
            ),
        ],
    )
    answered_by = SelectField(
        "Who answered",
        description="A director or officer with an account. Or type who answered below.",
        choices=[],
        validate_choice=False,
    )
    answered_by_name = StringField(
        "Or who answered, in words",
        description="For example, Chief Executive, or Director of Finance",
        filters=[strip],
        validators=[
            Length(
                max=rules.NAME_MAX,
                message=f"Who answered must be {rules.NAME_MAX} characters or fewer",
            )
        ],
    )

    def validate_answered_by(self, field: Any) -> None:
        require_choice_or_board(field, "Choose who answered from the list")


class VerdictForm(Form):
    answered_question = RadioField(
        "Did the answer answer your question?",
        choices=YES_NO,
        validate_choice=False,
        validators=[InputRequired("Select whether the answer answered your question")],
    )
    comment = TextAreaField(
        "Comment (optional)",
        description="For example, what is still not clear. The board secretary, the chair and "
        "the lead governor can see it.",
        filters=[strip],
        validators=[
            Length(
                max=rules.COMMENT_MAX,
                message=f"Your comment must be {rules.COMMENT_MAX:,} characters or fewer",
            )
        ],
    )

    def validate_answered_question(self, field: Any) -> None:
        if field.data not in {"yes", "no"}:
            raise ValidationError("Select whether the answer answered your question")


class FilterForm(Form):
    class Meta:
        csrf = False

    state = SelectField("Show", choices=[], validate_choice=False)

    def validate_state(self, field: Any) -> None:
        require_choice(field, "Choose which questions to show from the list")
