"""axe-core finds no serious or critical accessibility problem on the product's pages.

Each check names who looks (a demo role, or ``None`` for someone not signed in), the page
by its endpoint, how to find the record it shows in the demo data, and optionally what to
do on the page first (for example, send a form empty to show its errors). Add a line to
``CHECKS`` for each new page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
import sqlalchemy as sa
from axe_playwright_python.sync_playwright import Axe
from flask import Flask

from governors.extensions import db
from tests.browser.conftest import DEMO_SIGN_INS, LiveServer

pytestmark = pytest.mark.browser

SERIOUS = {"serious", "critical"}


def submit_empty(page: Any) -> None:
    """Send the page's main form with nothing filled in, so its errors show."""
    page.locator("main form").last.locator("button[type=submit], button:not([type])").last.click()
    page.wait_for_load_state()
    assert page.title().startswith("Error: "), "the form showed no errors"


def first(model_path: str, **where: object) -> Callable[[Flask], dict[str, int]]:
    """URL values for the first demo record of a model, e.g. ``first("people.User")``."""
    module, name = model_path.rsplit(".", 1)

    def values(app: Flask) -> dict[str, int]:
        import importlib

        model = getattr(importlib.import_module(f"governors.{module}.models"), name)
        with app.app_context():
            query = sa.select(model).filter_by(**where).order_by(*model.__mapper__.primary_key)
            record = db.session.scalars(query.limit(1)).one()
            return {f"{model.__tablename__.removesuffix('s')}_id": record.id}

    return values


@dataclass(frozen=True)
class Check:
    role: str | None
    endpoint: str
    values: Callable[[Flask], dict[str, Any]] | None = None
    then: Callable[[Any], None] | None = None
    label: str = field(default="")

    @property
    def id(self) -> str:
        parts = [self.role or "public", self.endpoint.removeprefix("governors."), self.label]
        return "-".join(part for part in parts if part)


CHECKS = [
    Check(None, "governors.auth.sign_in"),
    Check(None, "governors.auth.sign_in", then=submit_empty, label="errors"),
    *(Check(role, "governors.home") for role in DEMO_SIGN_INS),
]


@pytest.mark.parametrize("check", CHECKS, ids=lambda check: check.id)
def test_page_has_no_serious_accessibility_problems(
    browser, live_server: LiveServer, role_state, check: Check
) -> None:
    # axe is injected into the page: our Content-Security-Policy would rightly refuse it.
    context = browser.new_context(
        bypass_csp=True, storage_state=role_state(check.role) if check.role else None
    )
    try:
        page = context.new_page()
        values = check.values(live_server.app) if check.values else {}
        response = page.goto(live_server.url(check.endpoint, **values))
        assert response is not None and response.status == 200, page.url
        if check.then:
            check.then(page)

        results = Axe().run(page)

        serious = [v for v in results.response["violations"] if v["impact"] in SERIOUS]
        assert not serious, "\n".join(
            f"{v['impact']}: {v['id']}: {v['help']} ({len(v['nodes'])} on {page.url}): "
            + "; ".join(node["target"][0] for node in v["nodes"][:5])
            for v in serious
        )
    finally:
        context.close()
