"""Forms for setting up bodies, their members, seats and deputies, and joining them."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_wtf.file import FileField
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from governors.bodies.rules import CREATED_KINDS, MemberRole, Requirement
from governors.bodies.services import BodyDetails
from governors.cover.rules import NoticeRule
from governors.forms import DateInputField, Form, require_choice, strip

QUORUM_SHARES = [
    ("1/3", "One third of members"),
    ("1/2", "Half of members"),
    ("2/3", "Two thirds of members"),
    ("1/4", "One quarter of members"),
    ("0/1", "No share: only a minimum number"),
]
KIND_HINTS = {
    "committee": "Reports to the Council, with its own terms of reference",
    "sub_committee": "Reports to a committee",
    "working_group": "A group set up for a piece of work, for a time",
    "panel": "For example a recruitment panel for a non-executive director",
}
MEMBER_ROLE_HINTS = {
    MemberRole.CHAIR.value: "Chairs its meetings. A governor may chair.",
    MemberRole.VICE_CHAIR.value: "Chairs when the chair cannot",
    MemberRole.MEMBER.value: "A full member, counted for quorum",
    MemberRole.DEPUTY.value: "Attends in a member's place; not counted for quorum",
    MemberRole.IN_ATTENDANCE.value: "Attends without being a member: a director, an officer, "
    "an adviser",
}


def _whole(field: Any, name: str, low: int, high: int) -> int:
    typed = (field.data or "").strip()
    if not typed.isdigit() or not low <= int(typed) <= high:
        raise ValidationError(f"{name} must be a whole number from {low} to {high}, like {low + 1}")
    return int(typed)


class BodyForm(Form):
    name = StringField(
        "Name",
        description="For example, Nominations and Remuneration Committee",
        filters=[strip],
        validators=[
            DataRequired("Enter the body's name"),
            Length(max=120, message="Name must be 120 characters or fewer"),
        ],
    )
    kind = RadioField(
        "What kind of body is it?",
        choices=[(kind.value, kind.label) for kind in CREATED_KINDS],
        validate_choice=False,
        validators=[InputRequired("Select what kind of body it is")],
    )
    parent_id = SelectField(
        "Who does it report to?", validate_choice=False, validators=[InputRequired()]
    )
    remit = TextAreaField(
        "Terms of reference",
        description="What it is for, what it may decide and what it reports. Plain words.",
        filters=[strip],
        validators=[
            DataRequired("Enter its terms of reference"),
            Length(max=10000, message="Terms of reference must be 10,000 characters or fewer"),
        ],
    )
    terms_document = FileField(
        "Terms of reference as a document (optional)",
        description="A PDF, Word or OpenDocument file, if there is a signed-off version",
    )
    remit_review_on = DateInputField(
        "When are the terms of reference next reviewed? (optional)",
        description="For example, 31 3 2027",
    )
    membership_review_on = DateInputField(
        "When is its membership next reviewed? (optional)",
        description="Once a year. Leave empty for a year from today.",
    )
    open_to_public = RadioField(
        "Are its meetings open to the public?",
        choices=[
            ("yes", "Yes: the public may see its meetings and the public part of its agendas"),
            ("no", "No: governors may see that it meets and its agendas' public part"),
        ],
        validate_choice=False,
        validators=[InputRequired("Select whether its meetings are open to the public")],
    )
    chair_builds_agenda = BooleanField("Let its chair and vice-chair build its agendas")
    quorum_share = RadioField(
        "Quorum: what share of its members must be present?",
        choices=QUORUM_SHARES,
        default="1/3",
        validate_choice=False,
        validators=[InputRequired("Select the share of members that must be present")],
    )
    quorum_minimum = StringField(
        "Quorum: the fewest members who must be present",
        description="A whole number, like 3. Use 0 for none.",
        default="0",
        filters=[strip],
    )
    quorum_elected_minimum = StringField(
        "Quorum: the fewest elected governors who must be present",
        description="A whole number. Use 0 for none.",
        default="0",
        filters=[strip],
    )
    quorum_elected_majority = BooleanField("Elected governors must be most of those present")
    chair_casting_vote = BooleanField(
        "On a tied vote, the chair has a casting vote",
        default=True,
    )
    substitute_notice = SelectField(
        "By when must it be told who stands in for a member?",
        description="As its terms of reference say. The board secretary can still name a "
        "late substitute if the chair agrees.",
        choices=[(rule.value, rule.label) for rule in NoticeRule],
        default=NoticeRule.ANY_TIME.value,
        validate_choice=False,
    )

    def __init__(self, *args: Any, parents: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parent_id.choices = parents

    def validate_kind(self, field: Any) -> None:
        if field.data not in {kind.value for kind in CREATED_KINDS}:
            raise ValidationError("Select what kind of body it is")

    def validate_parent_id(self, field: Any) -> None:
        require_choice(field, "Select who it reports to")

    def validate_open_to_public(self, field: Any) -> None:
        if field.data not in ("yes", "no"):
            raise ValidationError("Select whether its meetings are open to the public")

    def validate_quorum_share(self, field: Any) -> None:
        if field.data not in {value for value, _ in QUORUM_SHARES}:
            raise ValidationError("Select the share of members that must be present")

    def validate_quorum_minimum(self, field: Any) -> None:
        _whole(field, "The fewest members", 0, 200)

    def validate_quorum_elected_minimum(self, field: Any) -> None:
        _whole(field, "The fewest elected governors", 0, 200)

    def details(self) -> BodyDetails:
        numerator, denominator = (int(part) for part in self.quorum_share.data.split("/"))
        return BodyDetails(
            name=self.name.data,
            kind=self.kind.data,
            parent_id=int(self.parent_id.data),
            remit=self.remit.data,
            remit_review_on=self.remit_review_on.data,
            open_to_public=self.open_to_public.data == "yes",
            chair_builds_agenda=bool(self.chair_builds_agenda.data),
            membership_review_on=self.membership_review_on.data,
            quorum_numerator=numerator,
            quorum_denominator=denominator,
            quorum_minimum=int(self.quorum_minimum.data),
            quorum_elected_minimum=int(self.quorum_elected_minimum.data),
            quorum_elected_majority=bool(self.quorum_elected_majority.data),
            chair_casting_vote=bool(self.chair_casting_vote.data),
            substitute_notice=self.substitute_notice.data or NoticeRule.ANY_TIME.value,
        )


def body_form_data(body: Any) -> dict[str, Any]:
    return {
        "name": body.name,
        "kind": body.kind,
        "parent_id": str(body.parent_id) if body.parent_id else "",
        "remit": body.remit or "",
        "remit_review_on": body.remit_review_on,
        "membership_review_on": body.membership_review_on,
        "open_to_public": "yes" if body.open_to_public else "no",
        "chair_builds_agenda": body.chair_builds_agenda,
        "quorum_share": f"{body.quorum_numerator}/{body.quorum_denominator}",
        "quorum_minimum": str(body.quorum_minimum),
        "quorum_elected_minimum": str(body.quorum_elected_minimum),
        "quorum_elected_majority": body.quorum_elected_majority,
        "chair_casting_vote": body.chair_casting_vote,
        "substitute_notice": body.substitute_notice,
    }


class MemberForm(Form):
    user_id = SelectField("Person", validate_choice=False)
    name = StringField(
        "Or, for someone without an account: their name",
        description="For example an independent adviser. They are listed by name only.",
        filters=[strip],
        validators=[Length(max=120, message="Name must be 120 characters or fewer")],
    )
    description = StringField(
        "Who they are (optional)",
        description="For example, Independent HR adviser",
        filters=[strip],
        validators=[Length(max=200, message="Who they are must be 200 characters or fewer")],
    )
    role = RadioField(
        "Role",
        choices=[(role.value, role.label) for role in MemberRole],
        default=MemberRole.MEMBER.value,
        validate_choice=False,
        validators=[InputRequired("Select their role")],
    )
    seat_id = SelectField("Seat (optional)", validate_choice=False)
    starts_on = DateInputField(
        "First day",
        description="For example, 1 4 2027. Leave empty for today.",
    )
    ends_on = DateInputField(
        "Last day (optional)",
        description="Leave empty while they serve",
    )

    def __init__(
        self,
        *args: Any,
        people: list[tuple[str, str]],
        seats: list[tuple[str, str]],
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.editing = editing
        if editing:
            del self.user_id
            del self.name
        else:
            self.user_id.choices = [("", "Choose a person"), *people]
        self.seat_id.choices = [("", "No seat"), *seats]

    def validate(self, extra_validators: Any = None) -> bool:
        super().validate(extra_validators)
        if self.role.data not in {role.value for role in MemberRole} and not self.role.errors:
            self.role.errors.append("Select their role")
        if not self.editing:
            known = {value for value, _ in self.user_id.choices if value}
            if self.user_id.data and self.user_id.data not in known:
                self.user_id.errors.append("Choose a person from the list")
            elif not self.user_id.data and not self.name.data:
                self.user_id.errors.append(
                    "Choose a person, or enter the name of someone without an account"
                )
            elif self.user_id.data and self.name.data:
                self.name.errors.append("Choose a person or enter a name, not both")
        known_seats = {value for value, _ in self.seat_id.choices}
        if (self.seat_id.data or "") not in known_seats:
            self.seat_id.errors.append("Choose one of this body's seats, or no seat")
        if self.starts_on.data and self.ends_on.data and self.ends_on.data < self.starts_on.data:
            self.ends_on.errors.append("Last day must be on or after the first day")
        return not any(field.errors for field in self)

    @property
    def chosen_user_id(self) -> int | None:
        return int(self.user_id.data) if not self.editing and self.user_id.data else None

    @property
    def chosen_seat_id(self) -> int | None:
        return int(self.seat_id.data) if self.seat_id.data else None

    def first_day(self, today: date) -> date:
        return self.starts_on.data or today


class SeatForm(Form):
    requirement = RadioField(
        "Who must hold it?",
        choices=[(req.value, req.singular.capitalize()) for req in Requirement],
        validate_choice=False,
        validators=[InputRequired("Select who must hold the seat")],
    )
    required = StringField(
        "How many people does it need?",
        description="A whole number, like 1 for one service user governor",
        default="1",
        filters=[strip],
    )

    def validate_requirement(self, field: Any) -> None:
        if field.data not in {req.value for req in Requirement}:
            raise ValidationError("Select who must hold the seat")

    def validate_required(self, field: Any) -> None:
        _whole(field, "How many people", 1, 50)


class PersonChoiceForm(Form):
    """Choose one person: a seat's deputy."""

    user_id = SelectField("Deputy", validate_choice=False)

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user_id.choices = [("", "Choose a person"), *people]

    def validate_user_id(self, field: Any) -> None:
        if not field.data:
            raise ValidationError("Choose a person to be the deputy")
        require_choice(field, "Choose a person from the list")


class JoinForm(Form):
    reason = TextAreaField(
        "Why would you like to join?",
        description="For example, what you would bring, or what you would like to learn. "
        "The board secretary reads this.",
        filters=[strip],
        validators=[
            DataRequired("Say why you would like to join"),
            Length(max=2000, message="Your reason must be 2,000 characters or fewer"),
        ],
    )


class AnswerForm(Form):
    decision = RadioField(
        "Your answer",
        choices=[("accept", "Accept: they join as a member from today"), ("decline", "Decline")],
        validate_choice=False,
        validators=[InputRequired("Select accept or decline")],
    )
    answer = TextAreaField(
        "Reason",
        description="The governor sees this. It is kept on the record.",
        filters=[strip],
        validators=[
            DataRequired("Give a reason for your answer"),
            Length(max=2000, message="The reason must be 2,000 characters or fewer"),
        ],
    )

    def validate_decision(self, field: Any) -> None:
        if field.data not in ("accept", "decline"):
            raise ValidationError("Select accept or decline")


class ReviewForm(Form):
    next_review = DateInputField(
        "Next review",
        description="Leave empty for a year from today",
    )
