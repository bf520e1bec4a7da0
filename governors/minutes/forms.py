"""The minute-taking form: what was said and decided about an item, and any vote."""

from __future__ import annotations

from typing import Any

from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from governors.forms import Form, require_choice, strip
from governors.minutes.services import MinuteText

LONG = 20000


def _count(field: Any, name: str) -> int | None:
    typed = (field.data or "").strip()
    if not typed:
        return None
    if not typed.isascii() or not typed.isdigit() or int(typed) > 1000:
        raise ValidationError(f"{name} must be a whole number from 0 to 1,000, like 7")
    return int(typed)


class MinuteForm(Form):
    revision = HiddenField()
    presented_by = StringField(
        "Presented by (optional)",
        description="For example, Dr Asha Patel, Medical Director",
        filters=[strip],
        validators=[Length(max=200, message="Presented by must be 200 characters or fewer")],
    )
    discussion = TextAreaField(
        "Summary of the discussion",
        description="What was said, in plain words. Questions asked and the answers given.",
        filters=[strip],
        validators=[Length(max=LONG, message="The summary must be 20,000 characters or fewer")],
    )
    decisions = TextAreaField(
        "Decisions and resolutions (optional)",
        description="What was agreed, for example: The Council approved the appointment.",
        filters=[strip],
        validators=[Length(max=LONG, message="Decisions must be 20,000 characters or fewer")],
    )
    vote_taken = BooleanField("A vote was taken")
    votes_for = StringField("Votes for", filters=[strip])
    votes_against = StringField("Votes against", filters=[strip])
    votes_abstaining = StringField("Abstentions", filters=[strip])
    casting_vote = RadioField(
        "The chair's casting vote, on a tie (optional)",
        choices=[("", "No casting vote"), ("for", "For"), ("against", "Against")],
        default="",
        validate_choice=False,
    )

    def validate_votes_for(self, field: Any) -> None:
        if self.vote_taken.data and _count(field, "Votes for") is None:
            raise ValidationError("Enter the votes for, like 7")
        _count(field, "Votes for")

    def validate_votes_against(self, field: Any) -> None:
        if self.vote_taken.data and _count(field, "Votes against") is None:
            raise ValidationError("Enter the votes against, like 2")
        _count(field, "Votes against")

    def validate_votes_abstaining(self, field: Any) -> None:
        _count(field, "Abstentions")

    def validate_casting_vote(self, field: Any) -> None:
        if (field.data or "") not in ("", "for", "against"):
            raise ValidationError("Select for, against or no casting vote")

    def validate_revision(self, field: Any) -> None:
        if field.data and not field.data.isdigit():
            raise ValidationError("Open the item again: the page was out of date")

    def text(self) -> MinuteText:
        voted = bool(self.vote_taken.data)
        return MinuteText(
            presented_by=self.presented_by.data,
            discussion=self.discussion.data,
            decisions=self.decisions.data,
            votes_for=_count(self.votes_for, "") if voted else None,
            votes_against=_count(self.votes_against, "") if voted else None,
            votes_abstaining=(_count(self.votes_abstaining, "") or 0) if voted else None,
            casting_vote=(self.casting_vote.data or None) if voted else None,
        )

    @property
    def from_revision(self) -> int | None:
        return int(self.revision.data) if self.revision.data else None


def minute_data(minute: Any, item: Any) -> dict[str, Any]:
    """A saved minute (or, for a new one, the agenda item) as the form shows it."""
    if minute is None:
        return {"presented_by": item.presenter or "", "revision": ""}
    voted = minute.votes_for is not None
    return {
        "revision": str(minute.revision),
        "presented_by": minute.presented_by or "",
        "discussion": minute.discussion or "",
        "decisions": minute.decisions or "",
        "vote_taken": voted,
        "votes_for": str(minute.votes_for) if voted else "",
        "votes_against": str(minute.votes_against) if voted else "",
        "votes_abstaining": str(minute.votes_abstaining) if voted else "",
        "casting_vote": minute.casting_vote or "",
    }


class CommentForm(Form):
    item_id = SelectField("Which item is your comment about?", validate_choice=False)
    comment = TextAreaField(
        "Your comment",
        description="For example, a correction to what was said or decided",
        filters=[strip],
        validators=[Length(max=5000, message="Your comment must be 5,000 characters or fewer")],
    )

    def __init__(self, *args: Any, items: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.item_id.choices = [("", "The minutes as a whole"), *items]

    def validate_item_id(self, field: Any) -> None:
        if field.data:
            require_choice(field, "Choose an item from the list")

    def validate_comment(self, field: Any) -> None:
        if not field.data:
            raise ValidationError("Write your comment, or choose “I have no comments”")


class ApproveForm(Form):
    earlier_id = SelectField("Whose minutes?", validate_choice=False)
    approval = RadioField(
        "What did the meeting decide?",
        choices=[
            ("true_record", "Approved as a true record"),
            ("with_amendments", "Approved with amendments"),
        ],
        validate_choice=False,
        validators=[InputRequired("Select how the minutes were approved")],
    )
    amendments = TextAreaField(
        "The amendments agreed (if any)",
        filters=[strip],
        validators=[Length(max=5000, message="Amendments must be 5,000 characters or fewer")],
    )

    def __init__(self, *args: Any, meetings: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.earlier_id.choices = meetings

    def validate_earlier_id(self, field: Any) -> None:
        require_choice(field, "Choose the meeting whose minutes were approved")

    def validate_approval(self, field: Any) -> None:
        if field.data not in ("true_record", "with_amendments"):
            raise ValidationError("Select how the minutes were approved")

    def validate_amendments(self, field: Any) -> None:
        if self.approval.data == "with_amendments" and not field.data:
            raise ValidationError("Say what the amendments are")


class AmendForm(Form):
    reason = TextAreaField(
        "Why is the minute being corrected?",
        description="For example, agreed at the meeting of 21 January 2027",
        filters=[strip],
        validators=[
            DataRequired("Say why the minute is being corrected"),
            Length(max=2000, message="The reason must be 2,000 characters or fewer"),
        ],
    )
    discussion = TextAreaField(
        "Summary of the discussion",
        filters=[strip],
        validators=[Length(max=LONG, message="The summary must be 20,000 characters or fewer")],
    )
    decisions = TextAreaField(
        "Decisions and resolutions",
        filters=[strip],
        validators=[Length(max=LONG, message="Decisions must be 20,000 characters or fewer")],
    )
