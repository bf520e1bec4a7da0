"""Filters for the audit log page: a GET form, so no CSRF token."""

from __future__ import annotations

from typing import Any

from wtforms import HiddenField, SelectField

from governors.forms import DateInputField, Form


class AuditFilterForm(Form):
    class Meta:
        csrf = False

    who = SelectField("Who", choices=[], validate_choice=False)
    record_type = SelectField("Type of record", choices=[], validate_choice=False)
    action = SelectField("What happened", choices=[], validate_choice=False)
    date_from = DateInputField("Date from", description="For example, 1 1 2027")
    date_to = DateInputField("Date to", description="For example, 31 1 2027")
    record_id = HiddenField()

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        start, end = self.date_from.data, self.date_to.data
        if start and end and end < start and not self.date_to.errors:
            self.date_to.errors.append("Date to must be the same as or after date from")
            valid = False
        return valid
