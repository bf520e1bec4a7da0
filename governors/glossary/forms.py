"""Forms for the glossary: adding or changing a term, and removing one."""

from __future__ import annotations

from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from governors.forms import Form, strip
from governors.glossary.services import MEANING_MAX, SPELLED_OUT_MAX, TERM_MAX


class TermForm(Form):
    term = StringField(
        "Term",
        description="As it is written in papers, for example CQC or clear days.",
        filters=[strip],
        validators=[
            DataRequired("Enter the term"),
            Length(max=TERM_MAX, message=f"Term must be {TERM_MAX} characters or fewer"),
        ],
    )
    spelled_out = StringField(
        "In full (optional)",
        description="For a short form, the words it stands for, for example Care Quality "
        "Commission.",
        filters=[strip],
        validators=[
            Length(
                max=SPELLED_OUT_MAX,
                message=f"In full must be {SPELLED_OUT_MAX} characters or fewer",
            )
        ],
    )
    meaning = TextAreaField(
        "What it means",
        description="In plain words, as you would say it to someone new. Use short sentences.",
        filters=[strip],
        validators=[
            DataRequired("Enter what the term means"),
            Length(max=MEANING_MAX, message=f"Meaning must be {MEANING_MAX:,} characters or fewer"),
        ],
    )


class RemoveForm(Form):
    """Only the CSRF token: the page asks once, the button confirms."""
