"""The home page: what each person needs first, by their roles."""

from __future__ import annotations

from flask import render_template
from flask_login import login_required


@login_required
def home() -> str:
    return render_template("governors/home.html")
