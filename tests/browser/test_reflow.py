"""Every list page reflows at 320 CSS pixels wide: nothing scrolls sideways.

WCAG 2.2's reflow criterion (1.4.10) asks that a page 320 CSS pixels wide (a 1280 pixel
screen zoomed to 400%) reads without scrolling in two directions. Tables of data stack
their cells under each header (the NHS responsive table), or are lists or cards instead.

Each page is looked at by the demo role that uses it, on the demo council with a few
long rows added: a long name, a long organisation and a long meeting place, as real
councils have. Add a line to ``PAGES`` for each new list page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from governors.extensions import db
from governors.people.models import User
from tests import factories
from tests.browser.conftest import LiveServer
from tests.browser.test_accessibility import (
    a_covered_need,
    a_governor,
    a_period,
    published_meeting,
    registered_meeting,
)
from tests.browser.test_buddying import waiting_buddy_request

pytestmark = pytest.mark.browser

WIDTH = 320
# Long, but no longer than real ones: a double-barrelled name with a title, a charity's full
# name, a meeting place with its building and street.
LONG_NAME = "Professor Alexandra Montgomery-Fitzwilliam"
LONG_PLACE = "Boardroom 3, Postgraduate Education Centre, Northshire General Hospital"
LONG_TITLE = "Nominations, Remuneration and Appointments Committee of the Council"

_LONG_ROWS: dict[int, bool] = {}


def _long_rows(app: Flask) -> None:
    """Add the long rows once per live server: a governor with a long name and a long
    declared interest, and a committee with a long name holding a meeting in a long place."""
    if id(app) in _LONG_ROWS:
        return
    from governors.meetings.kinds import MeetingKind
    from governors.timeutil import utcnow

    with app.app_context():
        factories.bind(db.session)
        governor = factories.governor(
            name=LONG_NAME, email="alexandra.montgomery-fitzwilliam@example.org"
        )
        factories.InterestFactory(
            user=governor,
            organisation="Northshire Community Healthcare Social Enterprise Partnership CIC",
        )
        body = factories.BodyFactory(name=LONG_TITLE, open_to_public=True)
        factories.MembershipFactory(body=body, user=governor)
        factories.MeetingFactory(
            body=body,
            kind=MeetingKind.COMMITTEE.value,
            starts_at=utcnow().replace(microsecond=0) + timedelta(days=40),
            place=LONG_PLACE,
        )
        db.session.commit()
        db.session.remove()
    _LONG_ROWS[id(app)] = True


def _council(app: Flask) -> dict[str, int]:
    from governors.bodies.models import Body

    with app.app_context():
        body_id = db.session.scalar(sa.select(Body.id).where(Body.kind == "council"))
    return {"body_id": body_id}


def _long_governor(app: Flask) -> dict[str, int]:
    with app.app_context():
        person_id = db.session.scalar(sa.select(User.id).filter_by(name=LONG_NAME))
    return {"person_id": person_id}


@dataclass(frozen=True)
class Page:
    role: str | None
    endpoint: str
    values: Callable[[Flask], dict[str, Any]] | None = None

    @property
    def id(self) -> str:
        return f"{self.role or 'public'}-{self.endpoint.removeprefix('governors.')}"


PAGES = [
    Page(None, "governors.meetings.public_list"),
    Page(None, "governors.meetings.archive"),
    Page("governor", "governors.meetings.calendar"),
    Page("secretary", "governors.meetings.calendar"),
    Page("chair", "governors.requests.queue"),
    Page("governor", "governors.requests.mine"),
    Page("secretary", "governors.people.directory"),
    Page("governor", "governors.people.directory"),
    Page("secretary", "governors.audit.log"),
    Page("secretary", "governors.outbox.unsent"),
    Page("lead_governor", "governors.actions.log"),
    Page("governor", "governors.actions.mine"),
    Page("secretary", "governors.questions.index"),
    Page("governor", "governors.questions.mine"),
    Page(None, "governors.questions.public"),
    Page(None, "governors.interests.public"),
    Page("secretary", "governors.interests.index"),
    Page("governor", "governors.interests.person", a_governor),
    Page("secretary", "governors.interests.person", _long_governor),
    Page("governor", "governors.bodies.index"),
    Page("secretary", "governors.bodies.detail", _council),
    Page("secretary", "governors.attendance.register", registered_meeting),
    Page("secretary", "governors.minutes.index", registered_meeting),
    Page("governor", "governors.agendas.show", published_meeting),
    Page(None, "governors.agendas.public", published_meeting),
    Page("secretary", "governors.availability.everyone"),
    Page("secretary", "governors.availability.period", a_period),
    Page("su_governor", "governors.availability.index"),
    Page("secretary", "governors.cover.index"),
    Page("secretary", "governors.cover.need", a_covered_need),
    Page("secretary", "governors.buddying.all_pairs"),
    Page("secretary", "governors.buddying.answer", waiting_buddy_request),
]


@pytest.mark.parametrize("check", PAGES, ids=lambda page: page.id)
def test_list_page_reflows_at_320_pixels(
    browser, live_server: LiveServer, role_state, check: Page
) -> None:
    _long_rows(live_server.app)
    context = browser.new_context(
        viewport={"width": WIDTH, "height": 640},
        storage_state=role_state(check.role) if check.role else None,
    )
    try:
        page = context.new_page()
        values = check.values(live_server.app) if check.values else {}
        response = page.goto(live_server.url(check.endpoint, **values))
        assert response is not None and response.status == 200, page.url
        width = page.evaluate("document.documentElement.scrollWidth")
        widest = page.evaluate(
            """(limit) => [...document.querySelectorAll('main *')]
                .filter((el) => el.getBoundingClientRect().right > limit + 0.5)
                .slice(0, 3)
                .map((el) => el.tagName.toLowerCase()
                    + (el.className && typeof el.className === 'string'
                        ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
                    + ' (' + Math.round(el.getBoundingClientRect().right) + ' px)')""",
            WIDTH,
        )
        assert width <= WIDTH, (
            f"{check.id} ({page.url}) scrolls sideways at {WIDTH} px: it is {width} px wide; "
            f"too wide: {', '.join(widest)}"
        )
    finally:
        context.close()
