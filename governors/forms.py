"""Form pieces shared by every area: NHS-style date and time inputs, checkboxes, filters."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from wtforms import Field, SelectMultipleField
from wtforms.utils import unset_value
from wtforms.widgets import CheckboxInput, ListWidget

DATE_PARTS = ("day", "month", "year")


def strip(value: Any) -> Any:
    """A field filter: drops the spaces typed around text; other values pass through."""
    return value.strip() if isinstance(value, str) else value


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes; the forms macro renders them as NHS checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class DateInputField(Field):
    """A date typed in three boxes (day, month, year), as the NHS design system asks.

    Keeps what was typed so a mistake can be corrected rather than retyped.
    """

    def __init__(self, label: str | None = None, validators: Any = None, **kwargs: Any) -> None:
        super().__init__(label, validators, **kwargs)
        self.raw: dict[str, str] = dict.fromkeys(DATE_PARTS, "")

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
        label = self.label.text
        missing = [part for part in DATE_PARTS if not self.raw[part]]
        if len(missing) == 3:
            return  # empty: DataRequired or Optional decides
        if missing:
            self.process_errors.append(f"{label} must include a {' and '.join(missing)}")
            return
        try:
            day, month, year = (int(self.raw[p]) for p in DATE_PARTS)
            if year < 1000:
                raise ValueError
            self.data = date(year, month, day)
        except ValueError:
            self.process_errors.append(f"{label} must be a real date, like 21 1 2027")

    def _value(self) -> str:
        return ""


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
            hours, minutes = (int(part) for part in typed.split(":"))
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
