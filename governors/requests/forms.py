"""Forms for proposing an agenda item and for deciding on a request."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Any

from flask_wtf.file import MultipleFileField
from werkzeug.datastructures import FileStorage
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from governors.agendas.rules import MINUTES_MAX, MINUTES_MIN, Part, Purpose
from governors.documents.models import Document
from governors.documents.services import CheckedFile, check_upload
from governors.errors import Refused
from governors.forms import Form, strip
from governors.requests.rules import Presenter

MAX_FILES = 10
TITLE_MAX = 200
TEXT_MAX = 10_000
NAME_MAX = 120
YES_NO = [("yes", "Yes"), ("no", "No")]
# The request form's one-time key: what ``new_submission_key`` makes (43 characters), or
# anything of that alphabet that fits the column.
SUBMISSION_KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")


def new_submission_key() -> str:
    """A random key for one request form: the same form sent twice carries the same key."""
    return secrets.token_urlsafe(32)


def well_formed_key(value: Any) -> bool:
    return isinstance(value, str) and SUBMISSION_KEY.fullmatch(value) is not None


def whole_number(value: Any) -> int | None:
    """Coerce a select's value; anything that is not a whole number becomes None."""
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@dataclass
class AttachedPaper:
    """A paper already with the form: sent with the request, or held from a form that had
    a problem. ``may_publish`` is None until the governor says."""

    document: Document
    may_publish: bool | None
    held: bool
    error: str | None = None

    @property
    def name(self) -> str:
        return f"publish-{self.document.id}"


class RequestForm(Form):
    """Proposing an item, and changing a request while it waits for a decision."""

    title = StringField(
        "Title of the item",
        description="A few words that say what the item is about. This is how it will "
        "appear on the agenda.",
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
        "Which part of the meeting is it for?",
        choices=[(part.value, f"The {part.label.lower()} of the meeting") for part in Part],
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
    note_to_chair = TextAreaField(
        "Your note to the chair",
        description="What the item is about and why the Council should discuss it. Only "
        "the chair and the board secretary read this. It is not published: if the item is "
        "accepted, they write what the agenda says about it.",
        filters=[strip],
        validators=[
            DataRequired("Enter a note to the chair about the item"),
            Length(
                max=TEXT_MAX,
                message=f"Note to the chair must be {TEXT_MAX:,} characters or fewer",
            ),
        ],
    )
    presenter_choice = RadioField(
        "Who will present the item?",
        choices=[(choice.value, choice.label) for choice in Presenter],
        validate_choice=False,
    )
    presenter_name = StringField(
        "If someone else, who?",
        description="Their name and role, for example \u201cDr Asha Patel, Medical Director\u201d.",
        filters=[strip],
        validators=[Length(max=NAME_MAX, message=f"Name must be {NAME_MAX} characters or fewer")],
    )
    documents = MultipleFileField(
        "Add papers (optional)",
        description="PDF, Word or OpenDocument files. You can choose more than one.",
    )
    papers_public = RadioField(
        "May the papers you add be published with the agenda?",
        choices=[
            ("yes", "Yes, they can be published with the agenda"),
            ("no", "No, only the chair and the board secretary may read them"),
        ],
        validate_choice=False,
    )
    meeting_id = SelectField(
        "Which meeting is it for?",
        coerce=whole_number,
        validate_choice=False,
    )
    reply = TextAreaField(
        "Your answer to the chair",
        filters=[strip],
        validators=[Length(max=TEXT_MAX, message="Answer must be 10,000 characters or fewer")],
    )

    def __init__(
        self, *args: Any, attached: list[AttachedPaper] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.checked_files: list[CheckedFile] = []
        self.attached: list[AttachedPaper] = attached or []
        self.asks_reply = False

    def read_attached(self, formdata: Any) -> None:
        """Take the governor's answers about the papers already attached: removed ones go,
        the rest keep or change whether they may be published."""
        kept = []
        for paper in self.attached:
            if formdata.get(f"remove-{paper.document.id}"):
                continue
            answer = formdata.get(paper.name)
            if answer in ("yes", "no"):
                paper.may_publish = answer == "yes"
            kept.append(paper)
        self.attached = kept

    def validate_purpose(self, field: RadioField) -> None:
        if field.data not in {value for value, _ in field.choices}:
            raise ValidationError("Select what you are asking the Council to do")

    def validate_session(self, field: RadioField) -> None:
        if field.data not in {value for value, _ in field.choices}:
            raise ValidationError("Select whether the item is for the public or private part")

    def validate_private_reason(self, field: TextAreaField) -> None:
        if self.session.data == Part.PRIVATE and not field.data:
            raise ValidationError("Enter why the item needs to be discussed in private")

    def validate_presenter_choice(self, field: RadioField) -> None:
        if field.data not in {value for value, _ in field.choices}:
            raise ValidationError("Select who will present the item")

    def validate_presenter_name(self, field: StringField) -> None:
        if self.presenter_choice.data == Presenter.OTHER and not field.data:
            raise ValidationError("Enter the name of the person who will present the item")

    def validate_meeting_id(self, field: SelectField) -> None:
        if field.data is None:
            raise ValidationError("Select the meeting the item is for")
        elif field.data not in {value for value, _ in field.choices}:
            raise ValidationError("Select a meeting from the list")

    def validate_reply(self, field: TextAreaField) -> None:
        if self.asks_reply and not field.data:
            raise ValidationError("Enter your answer to the chair's question")

    def chosen_files(self) -> list[FileStorage]:
        return [f for f in self.documents.data or [] if isinstance(f, FileStorage) and f.filename]

    def validate_documents(self, field: MultipleFileField) -> None:
        chosen = self.chosen_files()
        if len(chosen) + len(self.attached) > MAX_FILES:
            raise ValidationError(f"Add {MAX_FILES} papers or fewer")
        problems: list[str] = []
        for storage in chosen:
            try:
                self.checked_files.append(check_upload(storage))
            except Refused as refused:
                problems.append(f"{refused.message} ({storage.filename})")
        for paper in self.attached:
            if paper.may_publish is None:
                paper.error = f"Select yes or no: may {paper.document.filename} be published"
                problems.append(paper.error)
        if problems:
            raise ValidationError(". ".join(problems))

    def validate_papers_public(self, field: RadioField) -> None:
        if self.chosen_files() and field.data not in ("yes", "no"):
            raise ValidationError("Select whether the papers you add may be published")

    def new_papers_public(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.papers_public.data or "")


class ProposeForm(RequestForm):
    """Proposing an item: the request form with its one-time key.

    The key is made when the form is first shown and comes back with every showing of it,
    so the same form sent twice (a double click, a resend after a slow answer) is one
    request. A form sent without a key, or with one that is not ours, gets a fresh key
    here: the request is still taken (refusing it could make a governor miss the deadline
    for want of a field they cannot see), and a showing of the form again carries the new
    key.
    """

    submission_key = HiddenField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not well_formed_key(self.submission_key.data):
            # What was sent is set aside whole, so no check on the field can trip on it.
            self.submission_key.data = new_submission_key()
            self.submission_key.raw_data = [self.submission_key.data]


class DecideForm(Form):
    decision = RadioField(
        "What do you decide?",
        choices=[
            ("accept", "Accept: put it on the agenda"),
            ("more_info", "Ask the governor for more information first"),
            ("decline", "Decline"),
            ("defer", "Move it to a later meeting"),
        ],
        validate_choice=False,
    )
    part = RadioField(
        "If accepting, which part of the agenda?",
        choices=[(part.value, part.label) for part in Part],
        validate_choice=False,
    )
    position = StringField(
        "If accepting, at what number in that part?",
        description="Leave blank to put it at the end. The draft agenda above shows the numbers.",
        filters=[strip],
    )
    minutes_allowed = StringField(
        "If accepting, how many minutes does it need?",
        description=f"A whole number from {MINUTES_MIN} to {MINUTES_MAX}, like 15",
        filters=[strip],
    )
    presenter = StringField(
        "If accepting, who presents it?",
        description="As the agenda will show it.",
        filters=[strip],
        validators=[
            Length(max=NAME_MAX, message=f"Presenter must be {NAME_MAX} characters or fewer")
        ],
    )
    description = TextAreaField(
        "If accepting, what should the agenda say about it?",
        description="Anyone who can read the agenda sees this. The governor's note is not "
        "published. You can leave this blank.",
        filters=[strip],
        validators=[Length(max=TEXT_MAX, message="Agenda text must be 10,000 characters or fewer")],
    )
    defer_to = SelectField(
        "If moving it, which meeting should it go to?",
        coerce=whole_number,
        validate_choice=False,
    )
    reason = TextAreaField(
        "Reason, or your question for the governor",
        description="The governor will see this. It is needed to decline, to move the "
        "request, to ask for more and to accept a late request.",
        filters=[strip],
        validators=[Length(max=TEXT_MAX, message="Reason must be 10,000 characters or fewer")],
    )

    def __init__(self, *args: Any, late: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.late = late

    def validate_decision(self, field: RadioField) -> None:
        if field.data not in {value for value, _ in field.choices}:
            words = [text.split(":")[0].lower() for _, text in field.choices]
            raise ValidationError("Select what you decide: " + ", ".join(words))

    def validate_part(self, field: RadioField) -> None:
        if self.decision.data == "accept" and field.data not in set(Part):
            raise ValidationError("Select the public or private part of the agenda")

    def validate_position(self, field: StringField) -> None:
        if self.decision.data != "accept" or not field.data:
            return
        if whole_number(field.data) is None or int(field.data) < 1:
            raise ValidationError("Number must be a whole number like 3, or leave it blank")

    def validate_minutes_allowed(self, field: StringField) -> None:
        if self.decision.data != "accept":
            return
        if not field.data:
            raise ValidationError("Enter how many minutes the item needs, like 15")
        minutes = whole_number(field.data)
        if minutes is None or not MINUTES_MIN <= minutes <= MINUTES_MAX:
            raise ValidationError(
                f"Minutes must be a whole number from {MINUTES_MIN} to {MINUTES_MAX}, like 15"
            )

    @property
    def chosen_position(self) -> int | None:
        return whole_number(self.position.data) if self.position.data else None

    @property
    def minutes(self) -> int | None:
        return whole_number(self.minutes_allowed.data)

    def validate_defer_to(self, field: SelectField) -> None:
        if self.decision.data != "defer":
            return
        if not field.choices:
            raise ValidationError(
                "There is no later meeting to move it to yet. Accept or decline the request"
            )
        if field.data is None:
            raise ValidationError("Select the meeting to move the request to")
        elif field.data not in {value for value, _ in field.choices}:
            raise ValidationError("Select a later meeting from the list")

    def validate_reason(self, field: TextAreaField) -> None:
        if field.data:
            return
        if self.decision.data == "decline":
            raise ValidationError("Enter a reason for declining the request")
        elif self.decision.data == "defer":
            raise ValidationError("Enter a reason for moving the request")
        elif self.decision.data == "more_info":
            raise ValidationError("Enter your question for the governor")
        elif self.decision.data == "accept" and self.late:
            raise ValidationError(
                "Enter a reason for accepting this late request. The reason is recorded"
            )


class SupportForm(Form):
    note = TextAreaField(
        "What support has been arranged?",
        description="The governor will see this.",
        filters=[strip],
        validators=[
            DataRequired("Enter what support has been arranged"),
            Length(max=2000, message="Support note must be 2,000 characters or fewer"),
        ],
    )


class QueueFilterForm(Form):
    """Narrows the queue to one meeting; a plain GET form, so nothing to protect."""

    class Meta:
        csrf = False

    meeting = SelectField("Meeting", choices=[], coerce=str, validate_choice=False)
