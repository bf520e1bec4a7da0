"""Forms for the register of interests: an entry, the yearly return, and the answers a
member gives before a meeting."""

from __future__ import annotations

from typing import Any

from wtforms import BooleanField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from governors.forms import DateInputField, Form, strip
from governors.interests.models import InterestKind
from governors.meetings.forms import Needed


class InterestForm(Form):
    kind = RadioField(
        "What kind of interest is it?",
        choices=[(kind.value, kind.label) for kind in InterestKind],
        validate_choice=False,
        validators=[InputRequired("Select what kind of interest it is")],
    )
    organisation = StringField(
        "Organisation",
        description="The company, charity, public body or group, as it is usually written. "
        "Agenda items that mention it will be shown to you before each meeting.",
        filters=[strip],
        validators=[
            DataRequired("Enter the name of the organisation"),
            Length(max=200, message="The organisation must be 200 characters or fewer"),
        ],
    )
    description = TextAreaField(
        "What the interest is",
        description="For example, Unpaid trustee since 2021",
        filters=[strip],
        validators=[
            DataRequired("Describe the interest"),
            Length(max=1000, message="What the interest is must be 1,000 characters or fewer"),
        ],
    )
    # A date typed wrongly keeps the field's own message, naming the part to correct.
    starts_on = DateInputField(
        "Held from", validators=[Needed("Enter the date you began to hold the interest")]
    )
    # Three empty boxes are no date; a part left out of a date is named.
    ends_on = DateInputField(
        "Held until (optional)",
        description="Leave empty while you still hold it. For example, 31 3 2027",
    )
    sensitive = BooleanField(
        "This is sensitive: publish only that I hold an interest",
        description="For example, where publishing it could put you or someone else at risk. "
        "The board secretary still sees the detail, and public minutes will not show it.",
    )

    def validate_kind(self, field: Any) -> None:
        if field.data not in {kind.value for kind in InterestKind}:
            raise ValidationError("Select what kind of interest it is")

    def validate_ends_on(self, field: Any) -> None:
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError("Held until must be the same as or after Held from")


ANSWERS = {
    "complete": "My register is complete and correct",
    "nothing": "I have nothing to declare",
}


class ReturnForm(Form):
    answer = RadioField(
        "Your declaration for the year",
        choices=list(ANSWERS.items()),
        validate_choice=False,
        validators=[InputRequired("Select whether your register is complete, or you have none")],
    )

    def validate_answer(self, field: Any) -> None:
        if field.data not in ANSWERS:
            raise ValidationError("Select whether your register is complete, or you have none")
