"""Forms for proposing an agenda item and for deciding on a request."""

from __future__ import annotations

from typing import Any

from flask_wtf.file import MultipleFileField
from werkzeug.datastructures import FileStorage
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from governors.agendas.rules import Part, Purpose
from governors.documents.services import CheckedFile, check_upload
from governors.errors import Refused
from governors.forms import Form, strip

MAX_FILES = 10
TITLE_MAX = 200
TEXT_MAX = 10_000
CHOOSE_AGAIN = (
    "Choose your files again: your browser does not keep chosen files when there is a "
    "problem with the form"
)


def _int_or_none(value: Any) -> int | None:
    """Coerce a select's value; anything that is not a whole number becomes None."""
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class ProposeForm(Form):
    title = StringField(
        "Title of the item",
        description="A few words that say what the item is about, as it would appear on the agenda",
        filters=[strip],
        validators=[
            DataRequired("Enter a title for the item"),
            Length(max=TITLE_MAX, message=f"Title must be {TITLE_MAX} characters or fewer"),
        ],
    )
    purpose = RadioField(
        "What are you asking the Council to do?",
        choices=[(purpose.value, purpose.label) for purpose in Purpose.askable()],
        validate_choice=False,
    )
    session = RadioField(
        "Should the item be discussed in public or in private?",
        choices=[(part.value, f"In the {part.label.lower()} of the meeting") for part in Part],
        validate_choice=False,
    )
    private_reason = TextAreaField(
        "If private, why should it be discussed in private?",
        description="Only needed for the private part. For example, it names a member of "
        "staff or a patient, or a consultation has not finished yet.",
        filters=[strip],
        validators=[
            Length(max=2000, message="Reason for private must be 2,000 characters or fewer")
        ],
    )
    supporting_info = TextAreaField(
        "Supporting information",
        description="What the item is about, why the Council should consider it and "
        "anything governors should know first.",
        filters=[strip],
        validators=[
            DataRequired("Enter supporting information about the item"),
            Length(
                max=TEXT_MAX,
                message=f"Supporting information must be {TEXT_MAX:,} characters or fewer",
            ),
        ],
    )
    documents = MultipleFileField(
        "Attach documents (optional)",
        description="PDF, Word or OpenDocument files. You can choose more than one.",
    )
    meeting_id = SelectField(
        "Which meeting is it for?",
        coerce=_int_or_none,
        validate_choice=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.checked_files: list[CheckedFile] = []

    def validate_purpose(self, field: RadioField) -> None:
        if field.data not in {value for value, _ in field.choices}:
            raise ValidationError("Select what you are asking the Council to do")

    def validate_session(self, field: RadioField) -> None:
        if field.data not in {value for value, _ in field.choices}:
            raise ValidationError("Select whether the item is for the public or private part")

    def validate_private_reason(self, field: TextAreaField) -> None:
        if self.session.data == Part.PRIVATE and not field.data:
            raise ValidationError("Enter why the item needs to be discussed in private")

    def validate_meeting_id(self, field: SelectField) -> None:
        if field.data is None:
            raise ValidationError("Select the meeting the item is for")
        elif field.data not in {value for value, _ in field.choices}:
            raise ValidationError("Select a meeting from the list")

    def chosen_files(self) -> list[FileStorage]:
        return [f for f in self.documents.data or [] if isinstance(f, FileStorage) and f.filename]

    def validate_documents(self, field: MultipleFileField) -> None:
        chosen = self.chosen_files()
        if len(chosen) > MAX_FILES:
            raise ValidationError(f"Select {MAX_FILES} files or fewer")
        problems: list[str] = []
        for storage in chosen:
            try:
                self.checked_files.append(check_upload(storage))
            except Refused as refused:
                problems.append(f"{refused.message} ({storage.filename})")
        if problems:
            raise ValidationError(". ".join(problems))

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if not valid and self.chosen_files():
            # Browsers never keep chosen files when a form comes back, so say so.
            self.checked_files = []
            if self.documents.errors:
                self.documents.errors[-1] = f"{self.documents.errors[-1]}. {CHOOSE_AGAIN}"
            else:
                self.documents.errors.append(CHOOSE_AGAIN)
        return valid


class DecideForm(Form):
    decision = RadioField(
        "What do you decide?",
        choices=[
            ("accept", "Accept: put it on the agenda"),
            ("decline", "Decline"),
            ("defer", "Defer to a later meeting"),
        ],
        validate_choice=False,
    )
    part = RadioField(
        "If accepting, which part of the agenda?",
        choices=[(part.value, part.label) for part in Part],
        validate_choice=False,
    )
    defer_to = SelectField(
        "If deferring, which meeting should it go to?",
        coerce=_int_or_none,
        validate_choice=False,
    )
    reason = TextAreaField(
        "Reason",
        description="The governor will see this. A reason is needed to decline, to defer, "
        "and to accept a late request.",
        filters=[strip],
        validators=[Length(max=TEXT_MAX, message="Reason must be 10,000 characters or fewer")],
    )

    def __init__(self, *args: Any, late: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.late = late

    def validate_decision(self, field: RadioField) -> None:
        if field.data not in {value for value, _ in field.choices}:
            if len(field.choices) == 2:
                raise ValidationError("Select decline or defer")
            raise ValidationError("Select accept, decline or defer")

    def validate_part(self, field: RadioField) -> None:
        if self.decision.data == "accept" and field.data not in set(Part):
            raise ValidationError("Select the public or private part of the agenda")

    def validate_defer_to(self, field: SelectField) -> None:
        if self.decision.data != "defer":
            return
        if not field.choices:
            raise ValidationError(
                "There is no later meeting to defer to yet. Accept or decline the request"
            )
        if field.data is None:
            raise ValidationError("Select the meeting to defer the request to")
        elif field.data not in {value for value, _ in field.choices}:
            raise ValidationError("Select a later meeting from the list")

    def validate_reason(self, field: TextAreaField) -> None:
        if field.data:
            return
        if self.decision.data == "decline":
            raise ValidationError("Enter a reason for declining the request")
        elif self.decision.data == "defer":
            raise ValidationError("Enter a reason for deferring the request")
        elif self.decision.data == "accept" and self.late:
            raise ValidationError(
                "Enter a reason for accepting this late request: the chair's discretion is recorded"
            )


class QueueFilterForm(Form):
    """Narrows the queue to one meeting; a plain GET form, so nothing to protect."""

    class Meta:
        csrf = False

    meeting = SelectField("Meeting", choices=[], coerce=str, validate_choice=False)
