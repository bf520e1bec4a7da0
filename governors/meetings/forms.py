"""The secretary's meeting form, with messages that name the field and the fix."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import Length, StopValidation

from governors.forms import DateInputField, Form, TimeInputField, strip
from governors.meetings.kinds import MeetingKind
from governors.meetings.rules import MAX_DURATION_MINUTES, elapsed_minutes, is_https_url
from governors.meetings.rules import local_time_exists as _exists
from governors.meetings.services import MeetingDetails
from governors.timeutil import format_date, to_local

KIND_HINTS = {kind.value: kind.meaning.description for kind in MeetingKind.council_kinds()}
# How far ahead a meeting may be scheduled: further than this is almost always a typo.
FURTHEST_YEARS = 5


class Needed:
    """Required, unless the field already has a problem (then that one message is enough)."""

    def __init__(self, message: str) -> None:
        self.message = message

    def __call__(self, form: Any, field: Any) -> None:
        if field.errors:
            raise StopValidation()
        data = field.data
        if data is None or (isinstance(data, str) and not data.strip()):
            raise StopValidation(self.message)


class MeetingForm(Form):
    kind = RadioField(
        "Type of meeting",
        choices=[(kind.value, kind.label) for kind in MeetingKind.council_kinds()],
        validate_choice=False,
        validators=[Needed("Select the type of meeting")],
    )
    day = DateInputField(
        "Date of the meeting", validators=[Needed("Enter the date of the meeting")]
    )
    start = TimeInputField(
        "Start time",
        description="Use the 24-hour clock, for example 14:00",
        validators=[Needed("Enter the start time, for example 14:00")],
    )
    end = TimeInputField(
        "End time",
        description="For example, 16:30",
        validators=[Needed("Enter the end time, for example 16:30")],
    )
    place = StringField(
        "Place",
        description="For example, Boardroom, Trust Headquarters. "
        "Leave this empty if the meeting is only online.",
        filters=[strip],
        validators=[Length(max=200, message="Place must be 200 characters or fewer")],
    )
    video_link = StringField(
        "Video link",
        description="The full web address to join online, starting https://. "
        "Leave this empty if the meeting is only in person.",
        filters=[strip],
        validators=[Length(max=500, message="Video link must be 500 characters or fewer")],
    )
    notes = TextAreaField(
        "Notes for members (optional)",
        description="For example, parking or papers to read first. "
        "Signed-in members see these; the public never do.",
        filters=[strip],
        validators=[Length(max=5000, message="Notes must be 5,000 characters or fewer")],
    )
    access_info = TextAreaField(
        "Access for the public (optional)",
        description="For example, step-free access, a hearing loop or parking. "
        "The public see this. Leave it empty to show the council's usual access information.",
        filters=[strip],
        validators=[
            Length(max=2000, message="Access for the public must be 2,000 characters or fewer")
        ],
    )
    public_link = StringField(
        "Link for the public to watch or join online (optional)",
        description="A web address starting https://, such as a live stream. The public see "
        "this. The video link above is for members only.",
        filters=[strip],
        validators=[Length(max=500, message="Link for the public must be 500 characters or fewer")],
    )

    def __init__(
        self,
        *args: Any,
        today: date,
        original_day: date | None = None,
        for_council: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # The Council holds several kinds of meeting; every other body, its own meetings.
        self.for_council = for_council
        if not for_council:
            del self.kind
        self.today = today
        # When editing, a meeting already in the past may keep its date.
        self.original_day = original_day

    def validate(self, extra_validators: Any = None) -> bool:
        super().validate(extra_validators)
        known = {kind.value for kind in MeetingKind.council_kinds()}
        if (
            self.for_council
            and self.kind.data
            and self.kind.data not in known
            and not self.kind.errors
        ):
            self.kind.errors.append("Select the type of meeting")
        self._check_day()
        self._check_times()
        self._check_where()
        return not any(field.errors for field in self)

    def _check_day(self) -> None:
        day = self.day.data
        if day is None or self.day.errors or day == self.original_day:
            return
        if day < self.today:
            self.day.errors.append("Date of the meeting must be today or in the future")
        elif day > self.today + timedelta(days=365 * FURTHEST_YEARS):
            self.day.errors.append(
                f"Date of the meeting must be within the next {FURTHEST_YEARS} years"
            )

    def _check_times(self) -> None:
        day, start, end = self.day.data, self.start.data, self.end.data
        if day is None or self.day.errors:
            return
        for field, at in ((self.start, start), (self.end, end)):
            if at is not None and not field.errors and not _exists(day, at):
                field.errors.append(
                    f"{field.label.text} does not exist on {format_date(day)} because the "
                    "clocks go forward an hour. Choose a time outside 01:00 to 02:00"
                )
        if start is None or end is None or self.start.errors or self.end.errors:
            return
        minutes = elapsed_minutes(day, start, end)
        if minutes <= 0:
            self.end.errors.append("End time must be after the start time")
        elif minutes > MAX_DURATION_MINUTES:
            self.end.errors.append("End time must be no more than 12 hours after the start time")

    def _check_where(self) -> None:
        place, link = self.place.data or "", self.video_link.data or ""
        if not place and not link:
            self.place.errors.append("Enter a place or a video link, or both")
        if link and not self.video_link.errors and not is_https_url(link):
            self.video_link.errors.append(
                "Video link must be a full web address starting https://, "
                "like https://teams.microsoft.com/l/meetup-join/…"
            )
        public_link = self.public_link.data or ""
        if public_link and not self.public_link.errors and not is_https_url(public_link):
            self.public_link.errors.append(
                "Link for the public must be a full web address starting https://, "
                "like https://www.youtube.com/…"
            )

    def details(self) -> MeetingDetails:
        return MeetingDetails(
            kind=MeetingKind(self.kind.data) if self.for_council else MeetingKind.COMMITTEE,
            day=self.day.data,
            start=self.start.data,
            end=self.end.data,
            place=self.place.data or None,
            video_link=self.video_link.data or None,
            notes=self.notes.data or None,
            access_info=self.access_info.data or None,
            public_link=self.public_link.data or None,
        )


def form_data(meeting: Any) -> dict[str, Any]:
    """A meeting's details as the form shows them, in local time."""
    return {
        "kind": meeting.kind,
        "day": meeting.day,
        "start": meeting.local_start.time(),
        "end": to_local(meeting.ends_at).time(),
        "place": meeting.place or "",
        "video_link": meeting.video_link or "",
        "notes": meeting.notes or "",
        "access_info": meeting.access_info or "",
        "public_link": meeting.public_link or "",
    }


class CancelForm(Form):
    """Cancelling a meeting: the reason goes to everyone expected at it."""

    reason = TextAreaField(
        "Why is the meeting cancelled?",
        description="Everyone expected at the meeting gets this in an email. "
        "For example: Too few governors can come, so the meeting would not be quorate.",
        filters=[strip],
        validators=[
            Needed("Enter why the meeting is cancelled"),
            Length(max=1000, message="The reason must be 1,000 characters or fewer"),
        ],
    )
