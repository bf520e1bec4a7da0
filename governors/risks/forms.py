"""Forms of the risk register: a risk, a change of its score."""

from __future__ import annotations

from typing import Any

from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, ValidationError

from governors.forms import DateInputField, Form, MultiCheckboxField, require_choice, strip
from governors.meetings.forms import Needed
from governors.risks.rules import IMPACT_WORDS, LIKELIHOOD_WORDS, RiskStatus
from governors.risks.services import SUMMARY_WORDS, RiskDetails

SUMMARY_PATTERN = "Because…, there is a risk that…, which would mean…"

LIKELIHOOD_CHOICES = [(str(n), f"{n}: {word}") for n, word in LIKELIHOOD_WORDS.items()]
IMPACT_CHOICES = [(str(n), f"{n}: {word}") for n, word in IMPACT_WORDS.items()]
NOT_RECORDED = ("", "Not recorded")


def _scale(field: Any, message: str) -> None:
    if field.data not in {value for value, _ in field.choices if value}:
        raise ValidationError(message)


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


class RiskForm(Form):
    title = StringField(
        "Title",
        description="A few words to find it by, for example: Nurse staffing at night",
        filters=[strip],
        validators=[
            Needed("Enter a short title for the risk"),
            Length(max=200, message="The title must be 200 characters or fewer"),
        ],
    )
    summary = TextAreaField(
        "Summary in plain words",
        description=f"Say the cause, what might happen and what it would mean, in about "
        f"{SUMMARY_WORDS} words or fewer. Follow this pattern: {SUMMARY_PATTERN}",
        filters=[strip],
        validators=[
            Needed("Write a short summary of the risk in plain words"),
            Length(max=1000, message="The summary must be 1,000 characters or fewer"),
        ],
    )
    # The summary the advice was shown for: "Save anyway" keeps only that text.
    advised_summary = HiddenField(filters=[strip])
    summary_reason = TextAreaField(
        "Why keep it as it is? (optional)",
        description="For example: these are the words the board uses, and the glossary "
        "will explain them.",
        filters=[strip],
        validators=[Length(max=1000, message="The reason must be 1,000 characters or fewer")],
    )
    detail = TextAreaField(
        "Detail (optional)",
        description="The facts and figures behind the summary.",
        filters=[strip],
        validators=[Length(max=20000, message="The detail must be 20,000 characters or fewer")],
    )
    owner_id = SelectField("Owner", validate_choice=False)
    body_id = SelectField("Overseen by", validate_choice=False)
    likelihood = RadioField(
        "How likely is it now?", choices=LIKELIHOOD_CHOICES, validate_choice=False
    )
    impact = RadioField("How bad would it be now?", choices=IMPACT_CHOICES, validate_choice=False)
    target_likelihood = RadioField(
        "How likely should it be, once the work is done?",
        choices=LIKELIHOOD_CHOICES,
        validate_choice=False,
    )
    target_impact = RadioField(
        "How bad should it be, once the work is done?",
        choices=IMPACT_CHOICES,
        validate_choice=False,
    )
    initial_likelihood = RadioField(
        "How likely was it when first found? (optional)",
        choices=[NOT_RECORDED, *LIKELIHOOD_CHOICES],
        validate_choice=False,
        default="",
    )
    initial_impact = RadioField(
        "How bad would it have been when first found? (optional)",
        choices=[NOT_RECORDED, *IMPACT_CHOICES],
        validate_choice=False,
        default="",
    )
    controls = TextAreaField(
        "What is in place already (optional)",
        filters=[strip],
        validators=[
            Length(max=10000, message="What is in place must be 10,000 characters or fewer")
        ],
    )
    mitigations = TextAreaField(
        "What is being done to bring it down (optional)",
        filters=[strip],
        validators=[
            Length(max=10000, message="What is being done must be 10,000 characters or fewer")
        ],
    )
    review_on = DateInputField(
        "Next review", validators=[Needed("Enter the date of the next review")]
    )
    status = RadioField(
        "Status",
        choices=[(status.value, status.label) for status in RiskStatus],
        validate_choice=False,
        default=RiskStatus.OPEN.value,
    )
    score_reason = TextAreaField(
        "Why has the current score changed?",
        description="Needed only if you changed how likely it is or how bad it would be now.",
        filters=[strip],
        validators=[Length(max=1000, message="The reason must be 1,000 characters or fewer")],
    )
    item_ids = MultiCheckboxField("Agenda items it is linked to", validate_choice=False)
    action_ids = MultiCheckboxField("Actions it is linked to", validate_choice=False)

    def __init__(
        self,
        *args: Any,
        people: list[tuple[str, str]],
        bodies: list[tuple[str, str]],
        items: list[tuple[str, str]],
        actions: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.owner_id.choices = [("", "Choose a person"), *people]
        self.body_id.choices = [("", "Choose the Council or a committee"), *bodies]
        self.item_ids.choices = items
        self.action_ids.choices = actions

    def validate_owner_id(self, field: Any) -> None:
        if not field.data:
            raise ValidationError("Choose the risk's owner")
        require_choice(field, "Choose the risk's owner from the list")

    def validate_body_id(self, field: Any) -> None:
        if not field.data:
            raise ValidationError("Choose the body that oversees the risk")
        require_choice(field, "Choose the body that oversees the risk from the list")

    def validate_likelihood(self, field: Any) -> None:
        _scale(field, "Choose how likely the risk is now")

    def validate_impact(self, field: Any) -> None:
        _scale(field, "Choose how bad it would be now")

    def validate_target_likelihood(self, field: Any) -> None:
        _scale(field, "Choose how likely it should be once the work is done")

    def validate_target_impact(self, field: Any) -> None:
        _scale(field, "Choose how bad it should be once the work is done")

    def validate_initial_likelihood(self, field: Any) -> None:
        if field.data:
            _scale(field, "Choose how likely it was when first found, or Not recorded")
        elif self.initial_impact.data:
            raise ValidationError("Choose how likely it was when first found, as well as how bad")

    def validate_initial_impact(self, field: Any) -> None:
        if field.data:
            _scale(field, "Choose how bad it would have been when first found, or Not recorded")
        elif self.initial_likelihood.data:
            raise ValidationError(
                "Choose how bad it would have been when first found, as well as how likely"
            )

    def validate_status(self, field: Any) -> None:
        _scale(field, "Choose the risk's status")

    def validate_item_ids(self, field: Any) -> None:
        allowed = {value for value, _ in field.choices}
        if any(value not in allowed for value in field.data or []):
            raise ValidationError("Choose agenda items from the list")

    def validate_action_ids(self, field: Any) -> None:
        allowed = {value for value, _ in field.choices}
        if any(value not in allowed for value in field.data or []):
            raise ValidationError("Choose actions from the list")

    def details(self) -> RiskDetails:
        return RiskDetails(
            title=self.title.data,
            summary=self.summary.data,
            summary_reason=self.summary_reason.data or None,
            detail=self.detail.data or None,
            owner_id=int(self.owner_id.data),
            body_id=int(self.body_id.data),
            likelihood=int(self.likelihood.data),
            impact=int(self.impact.data),
            target_likelihood=int(self.target_likelihood.data),
            target_impact=int(self.target_impact.data),
            initial_likelihood=_number(self.initial_likelihood.data),
            initial_impact=_number(self.initial_impact.data),
            controls=self.controls.data or None,
            mitigations=self.mitigations.data or None,
            review_on=self.review_on.data,
            status=self.status.data,
            item_ids=[int(value) for value in self.item_ids.data or []],
            action_ids=[int(value) for value in self.action_ids.data or []],
        )


class RescoreForm(Form):
    likelihood = RadioField(
        "How likely is it now?", choices=LIKELIHOOD_CHOICES, validate_choice=False
    )
    impact = RadioField("How bad would it be now?", choices=IMPACT_CHOICES, validate_choice=False)
    score_reason = TextAreaField(
        "Why has the score changed?",
        description="For example: the new rota filled 6 of the 9 night vacancies in March.",
        filters=[strip],
        validators=[
            Needed("Say why the score has changed"),
            Length(max=1000, message="The reason must be 1,000 characters or fewer"),
        ],
    )
    review_on = DateInputField(
        "Next review (optional)", description="Leave it blank to keep the date it has."
    )

    def validate_likelihood(self, field: Any) -> None:
        _scale(field, "Choose how likely the risk is now")

    def validate_impact(self, field: Any) -> None:
        _scale(field, "Choose how bad it would be now")
