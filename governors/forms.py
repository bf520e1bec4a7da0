"""Form pieces shared by every area: the base form, NHS-style date and time inputs,
checkboxes, filters."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, time
from typing import Any

from flask_wtf import FlaskForm
from wtforms import Field, SelectMultipleField
from wtforms.fields import FileField, MultipleFileField, TextAreaField
from wtforms.utils import unset_value
from wtforms.validators import StopValidation, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from governors.errors import Refused

DATE_PARTS = ("day", "month", "year")
# Dates the product deals in: terms of office, meetings and the audit log's filters.
EARLIEST_YEAR = 2000
LATEST_YEAR = 2100

# Control characters (C0, DEL and C1) have no place in anything a person types. A text area
# keeps tabs and line breaks (browsers send a line break as CR LF); a one-line field keeps none.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def strip(value: Any) -> Any:
    """A field filter: drops the spaces typed around text; other values pass through."""
    return value.strip() if isinstance(value, str) else value


def has_control_characters(text: str, *, multiline: bool = False) -> bool:
    """Whether ``text`` holds a control character (a text area may hold tabs and line breaks)."""
    return bool((_CONTROL_IN_TEXT if multiline else _CONTROL).search(text))


def _typed(field: Field) -> Iterable[str]:
    if isinstance(field, DateInputField):
        return field.raw.values()
    typed = field.raw_data if field.raw_data else [field.data]
    return (value for value in typed if isinstance(value, str))


class NoControlCharacters:
    """Refuses a field whose typed value holds a control character, with the one message
    that says which field and what to do (any other problem with it waits until then)."""

    def __call__(self, form: Any, field: Field) -> None:
        multiline = isinstance(field, TextAreaField)
        if any(has_control_characters(value, multiline=multiline) for value in _typed(field)):
            field.errors[:] = []
            if isinstance(field, DateInputField):
                field.error_parts = tuple(
                    part for part, typed in field.raw.items() if has_control_characters(typed)
                )
            raise StopValidation(
                f"{field.label.text} must not contain control characters: remove them and try again"
            )


class Form(FlaskForm):
    """The base of every form of ours: no field accepts control characters.

    A NUL byte, an escape or a stray carriage return cannot be stored by every database,
    breaks email headers and calendar lines, and is never what someone meant to type.
    """

    class Meta:
        def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Field:
            field = super().bind_field(form, unbound_field, options)  # type: ignore[misc]
            if not isinstance(field, FileField | MultipleFileField) and field.type not in (
                "CSRFTokenField",
                "SubmitField",
            ):
                field.validators = [NoControlCharacters(), *field.validators]
            return field


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes; the forms macro renders them as NHS checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class DateInputField(Field):
    """A date typed in three boxes (day, month, year), as the NHS design system asks.

    Keeps what was typed so a mistake can be corrected rather than retyped. A part that
    cannot be right (a day of 40, a year of 99999, ``²``) gets a message naming that part,
    and ``error_parts`` says which boxes to highlight.
    """

    def __init__(
        self,
        label: str | None = None,
        validators: Any = None,
        *,
        earliest_year: int = EARLIEST_YEAR,
        latest_year: int = LATEST_YEAR,
        **kwargs: Any,
    ) -> None:
        super().__init__(label, validators, **kwargs)
        self.raw: dict[str, str] = dict.fromkeys(DATE_PARTS, "")
        self.earliest_year = earliest_year
        self.latest_year = latest_year
        self.error_parts: tuple[str, ...] = DATE_PARTS

    def process(self, formdata: Any, data: Any = unset_value, extra_filters: Any = None) -> None:
        self.process_errors = []
        if data is unset_value:
            data = self.default() if callable(self.default) else self.default
        self.object_data = data
        self.data = data
        if isinstance(data, date):
            self.raw = {"day": str(data.day), "month": str(data.month), "year": str(data.year)}
        if formdata is None:
            return
        keys = [f"{self.name}-{part}" for part in DATE_PARTS]
        if not any(key in formdata for key in keys):
            return
        self.raw = {
            part: formdata.get(key, "").strip() for part, key in zip(DATE_PARTS, keys, strict=True)
        }
        self.raw_data = list(self.raw.values())
        self.data = None
        problem = self._problem()
        if problem:
            self.process_errors.append(problem)

    def _problem(self) -> str | None:
        label = self.label.text
        missing = tuple(part for part in DATE_PARTS if not self.raw[part])
        if len(missing) == 3:
            return None  # empty: DataRequired or Optional decides
        if missing:
            self.error_parts = missing
            return f"{label} must include a {' and '.join(missing)}"
        day, month, year = (_whole_number(self.raw[part]) for part in DATE_PARTS)
        ranges = (
            ("day", day, 1, 31),
            ("month", month, 1, 12),
            ("year", year, self.earliest_year, self.latest_year),
        )
        for part, number, low, high in ranges:
            if number is None or not low <= number <= high:
                self.error_parts = (part,)
                return f"{label} must have a {part} from {low} to {high}"
        try:
            self.data = date(year, month, day)  # type: ignore[arg-type]
        except ValueError:
            self.error_parts = DATE_PARTS
            return f"{label} must be a real date, like 21 1 2027"
        return None

    def _value(self) -> str:
        return ""


def _whole_number(typed: str) -> int | None:
    """``typed`` as a small whole number written with the digits 0 to 9, or None."""
    if not typed.isascii() or not typed.isdigit() or len(typed) > 4:
        return None
    return int(typed)


class TimeInputField(Field):
    """A 24-hour time typed as 14:30 (a dot or no separator are forgiven)."""

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        typed = valuelist[0].strip().replace(".", ":")
        if ":" not in typed and typed.isdigit() and len(typed) in (3, 4):
            typed = f"{typed[:-2]}:{typed[-2:]}"
        try:
            hours, minutes = (_whole_number(part) for part in typed.split(":"))
            if hours is None or minutes is None:
                raise ValueError(typed)
            self.data = time(hours, minutes)
        except ValueError as error:
            self.data = None
            raise ValueError(
                f"{self.label.text} must be a real time in 24-hour format, like 14:30"
            ) from error

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return f"{self.data:%H:%M}" if self.data else ""


def require_choice(field: Any, message: str) -> None:
    """Refuse a value that is not one of the field's (non-empty) choices, with ``message``."""
    if field.data not in {value for value, _ in field.choices if value}:
        raise ValidationError(message)


def refused_on_form(form: Any, refused: Refused) -> None:
    """Show a service's refusal on the form: beside the field it names, so the error summary
    links to it, or in the error summary alone when it names none (or none on this form)."""
    field = form._fields.get(refused.field) if refused.field else None
    if field is None:
        form.form_errors = [*form.form_errors, refused.message]
    else:
        field.errors = [*field.errors, refused.message]
