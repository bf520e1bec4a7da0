"""Glossary pages: the list of terms A to Z (anyone, signed in or not: it explains public
agendas too), and the secretary's pages to add, change and remove a term."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, url_for
from flask_login import current_user
from markupsafe import Markup
from werkzeug.wrappers import Response

from governors.errors import Refused
from governors.extensions import db
from governors.forms import refused_on_form
from governors.glossary import services
from governors.glossary.forms import RemoveForm, TermForm
from governors.glossary.models import GlossaryTerm
from governors.permissions import Permission, can, get_authorised, requires
from governors.templating import render_template

bp = Blueprint("glossary", __name__, url_prefix="/glossary")


def _flash(message: str, *values: Any) -> None:
    # The banner prints its text as given, so terms are escaped here.
    flash(Markup(message).format(*values), "success")


def _letters(entries: list[Any]) -> list[tuple[str, list[Any]]]:
    """The entries grouped by first letter, A to Z ("0 to 9" and others under "#")."""
    groups: dict[str, list[Any]] = {}
    for entry in entries:
        first = entry.term.strip()[:1].upper()
        groups.setdefault(first if first.isalpha() else "#", []).append(entry)
    return sorted(groups.items())


@bp.route("")
def index() -> str:
    terms = services.terms()
    return render_template(
        "governors/glossary/index.html",
        terms=terms,
        letters=_letters(terms),
        may_edit=can(current_user, Permission.GLOSSARY_EDIT),
    )


def _form_page(form: TermForm, term: GlossaryTerm | None) -> str:
    return render_template("governors/glossary/form.html", form=form, term=term)


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.GLOSSARY_EDIT)
def add() -> str | Response:
    form = TermForm()
    if form.validate_on_submit():
        try:
            term = services.add_term(
                current_user,
                term=form.term.data,
                spelled_out=form.spelled_out.data,
                meaning=form.meaning.data,
            )
        except Refused as refused:
            db.session.rollback()
            refused_on_form(form, refused)
        else:
            db.session.commit()
            _flash("Added “{}” to the glossary.", term.term)
            return redirect(url_for(".index", _anchor=f"term-{term.id}"))
    return _form_page(form, None)


@bp.route("/<governors_id:term_id>/edit", methods=["GET", "POST"])
def edit(term_id: int) -> str | Response:
    term = get_authorised(GlossaryTerm, term_id, Permission.GLOSSARY_EDIT)
    form = TermForm(obj=term)
    if form.validate_on_submit():
        try:
            services.edit_term(
                current_user,
                term,
                term=form.term.data,
                spelled_out=form.spelled_out.data,
                meaning=form.meaning.data,
            )
        except Refused as refused:
            db.session.rollback()
            refused_on_form(form, refused)
        else:
            db.session.commit()
            _flash("Saved “{}”.", term.term)
            return redirect(url_for(".index", _anchor=f"term-{term.id}"))
    return _form_page(form, term)


@bp.route("/<governors_id:term_id>/remove", methods=["GET", "POST"])
def remove(term_id: int) -> str | Response:
    term = get_authorised(GlossaryTerm, term_id, Permission.GLOSSARY_EDIT)
    form = RemoveForm()
    if form.validate_on_submit():
        name = term.term
        services.remove_term(current_user, term)
        db.session.commit()
        _flash("Removed “{}” from the glossary.", name)
        return redirect(url_for(".index"))
    return render_template("governors/glossary/remove.html", form=form, term=term)
