"""A service's refusal shown on the form: beside its field, or in the error summary."""

from __future__ import annotations

from wtforms import StringField

from governors.errors import Refused
from governors.forms import Form, refused_on_form
from governors.templating import render_template_string

SUMMARY = '{% from "governors/macros/forms.html" import error_summary %}{{ error_summary(form) }}'


class _NameForm(Form):
    name = StringField("Name")


def test_a_refusal_naming_a_field_goes_beside_it_and_the_summary_links_to_it(app):
    with app.test_request_context(method="POST", data={"name": "Asha"}):
        form = _NameForm()
        assert form.validate()
        refused_on_form(form, Refused("Someone already has this name", field="name"))
        assert form.name.errors == ["Someone already has this name"]
        assert form.form_errors == []
        html = render_template_string(SUMMARY, form=form)
    assert "There is a problem" in html
    assert '<a href="#name"' in html
    assert "Someone already has this name" in html


def test_a_refusal_about_no_field_goes_in_the_summary_alone(app):
    with app.test_request_context(method="POST", data={"name": "Asha"}):
        form = _NameForm()
        assert form.validate()
        refused_on_form(form, Refused("This request has already been declined"))
        # A field this form does not have is treated the same way.
        refused_on_form(form, Refused("Choose another meeting", field="meeting_id"))
        assert form.name.errors == []
        assert form.form_errors == [
            "This request has already been declined",
            "Choose another meeting",
        ]
        html = render_template_string(SUMMARY, form=form)
    assert "There is a problem" in html
    assert "This request has already been declined" in html
    assert "Choose another meeting" in html
    assert "href=" not in html


def test_a_refusal_keeps_its_message_and_field():
    refused = Refused("Enter a title for the item", field="title")
    assert (refused.message, refused.field, str(refused)) == (
        "Enter a title for the item",
        "title",
        "Enter a title for the item",
    )
    assert Refused("Nothing to do").field is None
