"""axe-core finds no serious or critical accessibility problem on the product's pages.

Each check names who looks (a demo role, or ``None`` for someone not signed in), the page
by its endpoint, how to find the record it shows in the demo data, and optionally what to
do on the page first (for example, send a form empty to show its errors). Add a line to
``CHECKS`` for each new page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa
from axe_playwright_python.sync_playwright import Axe
from flask import Flask

from governors.agendas.models import AgendaVersion
from governors.attendance.models import AttendanceRecord
from governors.bodies import services as bodies
from governors.extensions import db
from governors.meetings.kinds import MeetingKind
from governors.meetings.models import Meeting
from governors.minutes.models import Minute, MinutesRecord
from governors.people.models import User
from governors.requests.models import AgendaRequest
from governors.timeutil import utcnow
from tests import factories
from tests.browser.conftest import DEMO_SIGN_INS, LiveServer
from tests.browser.test_buddying import (
    a_new_governor,
    governors_buddy_pair,
    waiting_buddy_request,
)

GOVERNOR = DEMO_SIGN_INS["governor"]
FIRST = {"number": 1}

pytestmark = pytest.mark.browser

SERIOUS = {"serious", "critical"}


def submit_empty(page: Any) -> None:
    """Send the page's main form with nothing filled in, so its errors show."""
    page.locator("main form").last.locator("button[type=submit], button:not([type])").last.click()
    page.wait_for_load_state()
    assert page.title().startswith("Error: "), "the form showed no errors"


def _first_id(app: Flask, query: sa.Select) -> int:
    with app.app_context():
        found = db.session.scalars(query.limit(1)).first()
    assert found is not None, f"the demo council has no record for: {query}"
    return found


def a_governor(app: Flask) -> dict[str, int]:
    return {"person_id": _first_id(app, sa.select(User.id).filter_by(email=GOVERNOR))}


def next_meeting(app: Flask) -> dict[str, int]:
    """The next Council meeting: it has an agenda (a pre-meeting has none)."""
    query = (
        sa.select(Meeting.id)
        .where(
            Meeting.kind == "ordinary",
            Meeting.starts_at > utcnow(),
            Meeting.cancelled_at.is_(None),
        )
        .order_by(Meeting.starts_at)
    )
    return {"meeting_id": _first_id(app, query)}


def published_meeting(app: Flask) -> dict[str, int]:
    """The latest Council meeting (held in public) with a published agenda."""
    query = (
        sa.select(Meeting.id)
        .join(AgendaVersion)
        .where(
            Meeting.cancelled_at.is_(None),
            Meeting.kind.in_(MeetingKind.where(lambda meaning: meaning.public)),
        )
        .order_by(Meeting.starts_at.desc())
    )
    return {"meeting_id": _first_id(app, query)}


def an_item_with_a_cover_sheet(app: Flask) -> dict[str, int]:
    """An item of the next Council meeting with a paper and a cover sheet."""
    from governors.agendas.models import AgendaItem
    from governors.papers.models import CoverSheet

    query = (
        sa.select(AgendaItem.id)
        .join(CoverSheet, CoverSheet.item_id == AgendaItem.id)
        .where(AgendaItem.meeting_id == next_meeting(app)["meeting_id"])
        .order_by(AgendaItem.id)
    )
    return {"item_id": _first_id(app, query)}


def an_item_without_a_cover_sheet(app: Flask) -> dict[str, int]:
    from governors.agendas.models import AgendaItem
    from governors.papers.models import CoverSheet

    query = (
        sa.select(AgendaItem.id)
        .outerjoin(CoverSheet, CoverSheet.item_id == AgendaItem.id)
        .where(CoverSheet.id.is_(None), AgendaItem.standing.is_(False))
        .order_by(AgendaItem.id)
    )
    return {"item_id": _first_id(app, query)}


def registered_meeting(app: Flask) -> dict[str, int]:
    """The latest Council meeting held, with its register kept."""
    query = (
        sa.select(Meeting.id)
        .join(AttendanceRecord, AttendanceRecord.meeting_id == Meeting.id)
        .where(Meeting.kind == "ordinary", Meeting.starts_at < utcnow())
        .order_by(Meeting.starts_at.desc())
    )
    return {"meeting_id": _first_id(app, query)}


def a_governors_attendance(app: Flask) -> dict[str, int]:
    return registered_meeting(app) | a_governor(app)


def an_approved_item(app: Flask) -> dict[str, int]:
    """A minuted item of the Council meeting whose minutes are approved."""
    query = (
        sa.select(Minute.item_id, Minute.meeting_id)
        .join(MinutesRecord, MinutesRecord.meeting_id == Minute.meeting_id)
        .where(MinutesRecord.status == "approved")
        .order_by(Minute.item_id)
    )
    with app.app_context():
        row = db.session.execute(query).first()
    return {"meeting_id": row.meeting_id, "item_id": row.item_id}


def a_minuted_item(app: Flask) -> dict[str, int]:
    """The first minuted item of the latest Council meeting held."""
    query = (
        sa.select(Minute.item_id)
        .join(Meeting, Meeting.id == Minute.meeting_id)
        .where(Meeting.kind == "ordinary")
        .order_by(Meeting.starts_at.desc(), Minute.item_id)
    )
    item_id = _first_id(app, query)
    return registered_meeting(app) | {"item_id": item_id}


def own_request(app: Flask) -> dict[str, int]:
    query = sa.select(AgendaRequest.id).join(AgendaRequest.proposer).filter_by(email=GOVERNOR)
    return {"request_id": _first_id(app, query.order_by(AgendaRequest.id))}


def open_request(app: Flask) -> dict[str, int]:
    query = sa.select(AgendaRequest.id).filter_by(status="submitted")
    return {"request_id": _first_id(app, query.order_by(AgendaRequest.id))}


def own_open_request(app: Flask) -> dict[str, int]:
    query = (
        sa.select(AgendaRequest.id)
        .join(AgendaRequest.proposer)
        .filter_by(email=GOVERNOR)
        .where(AgendaRequest.status == "submitted")
    )
    return {"request_id": _first_id(app, query.order_by(AgendaRequest.id))}


def support_request(app: Flask) -> dict[str, int]:
    query = sa.select(AgendaRequest.id).filter_by(presenter_choice="support")
    return {"request_id": _first_id(app, query.order_by(AgendaRequest.id))}


_COMMITTEES: dict[int, int] = {}


def a_committee(app: Flask) -> dict[str, int]:
    """A committee with a member and an empty service user governor seat, made once."""
    if id(app) not in _COMMITTEES:
        with app.app_context():
            factories.bind(db.session)
            secretary = db.session.scalar(
                sa.select(User).filter_by(email=DEMO_SIGN_INS["secretary"])
            )
            body = factories.BodyFactory(name="Accessibility Check Committee")
            factories.MembershipFactory(body=body)
            bodies.add_seat(secretary, body, "service_user_governor")
            db.session.commit()
            _COMMITTEES[id(app)] = body.id
            db.session.remove()
    return {"body_id": _COMMITTEES[id(app)]}


def _question(app: Flask, *conditions: Any) -> dict[str, int]:
    from governors.questions.models import Question

    query = sa.select(Question.id).where(*conditions).order_by(Question.id)
    return {"question_id": _first_id(app, query)}


def own_answered_question(app: Flask) -> dict[str, int]:
    """The demo governor's question answered and published, with her verdict form."""
    from governors.questions.models import Question

    asker = sa.select(User.id).filter_by(email=GOVERNOR).scalar_subquery()
    return _question(app, Question.asker_id == asker, Question.status == "answered")


def question_to_pass_on(app: Flask) -> dict[str, int]:
    from governors.questions.models import Question

    return _question(app, Question.status == "asked")


def question_for_the_board(app: Flask) -> dict[str, int]:
    """A question passed to the board, waiting for the secretary to record its answer."""
    from governors.questions.models import Question

    return _question(app, Question.status == "routed", Question.to_ned_id.is_(None))


def a_question_item(app: Flask) -> dict[str, int]:
    """The public item the demo governor asked about: asking from it."""
    from governors.questions.models import Question

    query = sa.select(Question.item_id).where(Question.item_id.is_not(None), Question.public)
    return {"item": _first_id(app, query)}


def _action(app: Flask, *conditions: Any) -> dict[str, int]:
    from governors.actions.models import Action, ActionOwner

    query = (
        sa.select(Action.id)
        .join(ActionOwner, ActionOwner.action_id == Action.id)
        .join(User, User.id == ActionOwner.user_id)
        .where(*conditions)
        .order_by(Action.due_on, Action.id)
    )
    return {"action_id": _first_id(app, query)}


def a_risk(app: Flask) -> dict[str, int]:
    risks = sa.table("risks", sa.column("id"), sa.column("summary_reason"))
    return {"risk_id": _first_id(app, sa.select(risks.c.id).order_by(risks.c.id))}


def a_risk_kept_hard(app: Flask) -> dict[str, int]:
    risks = sa.table("risks", sa.column("id"), sa.column("summary_reason"))
    query = sa.select(risks.c.id).where(risks.c.summary_reason.is_not(None))
    return {"risk_id": _first_id(app, query.order_by(risks.c.id))}


def own_action(app: Flask) -> dict[str, int]:
    """The demo governor's action still to be done: she updates it."""
    from governors.actions.models import Action

    return _action(app, User.email == GOVERNOR, Action.status.in_(["open", "in_progress"]))


def an_overdue_action(app: Flask) -> dict[str, int]:
    """The longest overdue action the lead governor chases."""
    from governors.actions.models import Action

    return _action(app, Action.status.in_(["open", "in_progress"]), Action.due_on < utcnow().date())


def done_without_saying_what(page: Any) -> None:
    """Mark the action done without saying what was done, so the error shows."""
    page.locator('input[name="status"][value="done"]').check()
    page.locator("main form").last.locator("button").last.click()
    page.wait_for_load_state()
    assert page.title().startswith("Error: "), "the form showed no errors"


def a_period(app: Flask) -> dict[str, int]:
    """The demo's first period of unavailability (the carer governor, away until further
    notice)."""
    from governors.cover.models import Unavailability

    return {"period_id": _first_id(app, sa.select(Unavailability.id).order_by(Unavailability.id))}


def a_covered_need(app: Flask) -> dict[str, int]:
    """The demo's cover arranged for the service user governor's committee seat."""
    from governors.cover.models import CoverNeed

    query = sa.select(CoverNeed.id).where(CoverNeed.status == "covered").order_by(CoverNeed.id)
    return {"need_id": _first_id(app, query)}


def a_vacant_need(app: Flask) -> dict[str, int]:
    """The demo's carer seat with no suitable substitute."""
    from governors.cover.models import CoverNeed

    query = sa.select(CoverNeed.id).where(CoverNeed.status == "vacant").order_by(CoverNeed.id)
    return {"need_id": _first_id(app, query)}


def an_answered_offer(app: Flask) -> dict[str, str]:
    """The link the demo's substitute answered yes from."""
    from governors.cover.models import CoverOffer

    with app.app_context():
        token = db.session.scalar(
            sa.select(CoverOffer.token).where(CoverOffer.status == "accepted").limit(1)
        )
    assert token, "the demo has an accepted request to stand in"
    return {"token": token}


@dataclass(frozen=True)
class Check:
    role: str | None
    endpoint: str
    values: Callable[[Flask], dict[str, Any]] | None = None
    then: Callable[[Any], None] | None = None
    label: str = ""

    @property
    def id(self) -> str:
        parts = [self.role or "public", self.endpoint.removeprefix("governors."), self.label]
        return "-".join(part for part in parts if part)


CHECKS = [
    # Not signed in
    Check(None, "governors.auth.sign_in"),
    Check(None, "governors.auth.sign_in", then=submit_empty, label="errors"),
    Check(None, "governors.auth.forgot_password"),
    Check(None, "governors.meetings.public_list"),
    Check(None, "governors.agendas.public", published_meeting),
    # Everyone's home page
    *(Check(role, "governors.home") for role in DEMO_SIGN_INS),
    # People and running the council
    Check("secretary", "governors.people.directory"),
    Check("secretary", "governors.people.detail", a_governor),
    Check("secretary", "governors.people.invite"),
    Check("secretary", "governors.people.invite", then=submit_empty, label="errors"),
    Check("secretary", "governors.people.edit", a_governor),
    Check("secretary", "governors.people.deactivate", a_governor),
    Check("governor", "governors.people.directory"),
    Check("secretary", "governors.council.edit"),
    Check("secretary", "governors.audit.log"),
    Check("secretary", "governors.outbox.unsent"),
    # Meetings
    Check("governor", "governors.meetings.calendar"),
    Check("secretary", "governors.meetings.calendar"),
    Check("governor", "governors.meetings.detail", next_meeting),
    Check("secretary", "governors.meetings.schedule"),
    Check("secretary", "governors.meetings.edit", next_meeting),
    Check("secretary", "governors.meetings.schedule", then=submit_empty, label="errors"),
    Check("su_governor", "governors.meetings.subscription"),
    # Agenda requests
    Check("governor", "governors.requests.propose"),
    Check("governor", "governors.requests.propose", then=submit_empty, label="errors"),
    Check("governor", "governors.requests.mine"),
    Check("governor", "governors.requests.detail", own_request),
    Check("chair", "governors.requests.queue"),
    Check("lead_governor", "governors.requests.queue"),
    Check("chair", "governors.requests.decide", open_request),
    Check("chair", "governors.requests.decide", open_request, submit_empty, "errors"),
    Check("governor", "governors.requests.change", own_open_request),
    Check("secretary", "governors.requests.support", support_request),
    Check("secretary", "governors.requests.support", support_request, submit_empty, "errors"),
    # Agendas
    Check("governor", "governors.agendas.show", published_meeting),
    Check("governor", "governors.agendas.version", lambda app: published_meeting(app) | FIRST),
    Check("secretary", "governors.agendas.edit", next_meeting),
    Check("secretary", "governors.agendas.add_item", next_meeting),
    Check("secretary", "governors.agendas.add_item", next_meeting, submit_empty, "errors"),
    # Attendance
    Check("governor", "governors.attendance.apologies", next_meeting),
    Check("secretary", "governors.attendance.register", registered_meeting),
    Check("secretary", "governors.attendance.record", a_governors_attendance),
    Check("secretary", "governors.attendance.declare", registered_meeting),
    Check("secretary", "governors.attendance.declare", registered_meeting, submit_empty, "errors"),
    Check("secretary", "governors.attendance.in_attendance", registered_meeting),
    Check("secretary", "governors.minutes.index", registered_meeting),
    Check("secretary", "governors.minutes.edit", a_minuted_item),
    Check("secretary", "governors.minutes.revisions", a_minuted_item),
    Check("governor", "governors.minutes.draft", registered_meeting),
    Check(None, "governors.meetings.archive"),
    Check("governor", "governors.meetings.archive"),
    Check("secretary", "governors.minutes.amend", an_approved_item),
    Check(
        "secretary",
        "governors.minutes.index",
        lambda app: {"meeting_id": an_approved_item(app)["meeting_id"]},
        label="approved",
    ),
    Check(
        "secretary",
        "governors.attendance.in_attendance",
        registered_meeting,
        submit_empty,
        "errors",
    ),
    # Committees
    Check("secretary", "governors.bodies.index"),
    Check("governor", "governors.bodies.index"),
    Check("secretary", "governors.bodies.detail", a_committee),
    Check("secretary", "governors.bodies.new"),
    Check("secretary", "governors.bodies.new", then=submit_empty, label="errors"),
    Check("secretary", "governors.bodies.add_member", a_committee),
    Check("governor", "governors.bodies.join", a_committee),
    # Registers of interests
    Check(None, "governors.interests.public"),
    Check("governor", "governors.interests.person", a_governor),
    Check("governor", "governors.interests.person", a_governor, submit_empty, "errors"),
    Check("governor", "governors.interests.add", a_governor),
    Check("governor", "governors.interests.add", a_governor, submit_empty, "errors"),
    Check("secretary", "governors.interests.index"),
    # Helen Carter's register names Age UK Northshire, which the next agenda mentions.
    Check("governor", "governors.interests.check", next_meeting),
    Check("governor", "governors.interests.check", next_meeting, submit_empty, "errors"),
    # Questions to the board
    Check(None, "governors.questions.public"),
    Check("governor", "governors.questions.ask"),
    Check("governor", "governors.questions.ask", then=submit_empty, label="errors"),
    Check("governor", "governors.questions.ask", a_question_item, label="item"),
    Check("governor", "governors.questions.mine"),
    Check("governor", "governors.questions.detail", own_answered_question),
    Check("governor", "governors.questions.follow_up", own_answered_question),
    Check("secretary", "governors.questions.index"),
    Check("secretary", "governors.questions.detail", question_to_pass_on),
    Check("secretary", "governors.questions.route", question_to_pass_on),
    Check("secretary", "governors.questions.answer", question_for_the_board),
    Check(
        "secretary", "governors.questions.answer", question_for_the_board, submit_empty, "errors"
    ),
    # The action log
    Check("lead_governor", "governors.actions.log"),
    Check("lead_governor", "governors.actions.detail", an_overdue_action),
    Check("lead_governor", "governors.actions.edit", an_overdue_action),
    Check("lead_governor", "governors.actions.new"),
    Check("lead_governor", "governors.actions.new", then=submit_empty, label="errors"),
    Check("lead_governor", "governors.actions.mine"),
    Check("governor", "governors.actions.mine"),
    Check("governor", "governors.actions.detail", own_action),
    Check("governor", "governors.actions.update", own_action),
    Check("governor", "governors.actions.update", own_action, done_without_saying_what, "errors"),
    Check("secretary", "governors.actions.raise_on_item", a_minuted_item),
    Check("secretary", "governors.actions.raise_on_item", a_minuted_item, submit_empty, "errors"),
    # The glossary and the easy-read page
    Check(None, "governors.glossary.index"),
    Check("secretary", "governors.glossary.index"),
    Check("secretary", "governors.glossary.add"),
    Check("secretary", "governors.glossary.add", then=submit_empty, label="errors"),
    Check("governor", "governors.easyread.show", published_meeting),
    Check(None, "governors.easyread.public", published_meeting),
    # Cover sheets
    Check("secretary", "governors.papers.cover_sheet", an_item_with_a_cover_sheet),
    Check(
        "secretary",
        "governors.papers.cover_sheet",
        an_item_without_a_cover_sheet,
        submit_empty,
        "errors",
    ),
    # The risk register (the demo's first risk, and one whose hard summary was kept)
    Check("governor", "governors.risks.register"),
    Check("governor", "governors.risks.overview"),
    Check("governor", "governors.risks.detail", a_risk),
    Check("secretary", "governors.risks.detail", a_risk_kept_hard),
    Check("secretary", "governors.risks.new"),
    Check("secretary", "governors.risks.new", then=submit_empty, label="errors"),
    Check("secretary", "governors.risks.edit", a_risk),
    Check("secretary", "governors.risks.rescore", a_risk),
    Check("secretary", "governors.risks.rescore", a_risk, submit_empty, "errors"),
    # Buddying
    Check("su_governor", "governors.buddying.index"),
    Check("su_governor", "governors.buddying.ask"),
    Check("su_governor", "governors.buddying.ask", then=submit_empty, label="errors"),
    Check("governor", "governors.buddying.pair", governors_buddy_pair),
    Check("governor", "governors.buddying.pair", governors_buddy_pair, submit_empty, "errors"),
    Check("secretary", "governors.buddying.all_pairs"),
    Check("secretary", "governors.buddying.answer", waiting_buddy_request),
    Check("secretary", "governors.buddying.answer", waiting_buddy_request, submit_empty, "errors"),
    Check("secretary", "governors.buddying.new_pair", a_new_governor),
    # Availability
    Check("governor", "governors.availability.new"),
    Check("governor", "governors.availability.new", then=submit_empty, label="errors"),
    Check("governor", "governors.availability.index"),
    Check("secretary", "governors.availability.everyone"),
    Check("secretary", "governors.availability.period", a_period),
    Check("secretary", "governors.availability.record"),
    Check("secretary", "governors.availability.record", then=submit_empty, label="errors"),
    # Cover
    Check("secretary", "governors.cover.index"),
    Check("secretary", "governors.cover.need", a_covered_need),
    Check("secretary", "governors.cover.need", a_vacant_need, label="vacant"),
    Check(None, "governors.cover.answer", an_answered_offer),
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
