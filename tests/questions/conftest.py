"""Shared set-up for the questions tests: the people, and a Council meeting on Thursday
21 January 2027 with a published agenda holding a public item and a private one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from governors.agendas import services as agendas
from governors.agendas.models import AgendaItem
from governors.extensions import db
from governors.meetings.models import Meeting
from governors.outbox.models import OutboxMessage
from governors.people.models import Role, User
from governors.questions import services
from governors.questions.models import Question
from tests import factories
from tests.meetings.helpers import page_text, path

__all__ = ["Council", "ask_form", "emails", "page_text", "path", "section"]


@dataclass
class Council:
    secretary: User
    chair: User
    lead: User
    governor: User
    other_governor: User
    ned: User
    other_ned: User
    officer: User
    meeting: Meeting
    public_item: AgendaItem
    private_item: AgendaItem

    def ask(self, text: str = "How many nurses were recruited?", **kwargs) -> Question:
        kwargs.setdefault("notify", False)
        return services.ask(kwargs.pop("asker", self.governor), text, **kwargs)

    def routed(self, text: str = "How many nurses were recruited?", **kwargs) -> Question:
        to_ned = kwargs.get("to_ned")
        at = kwargs.pop("routed_at", None)
        question = self.ask(text, **kwargs)
        services.route(self.secretary, question, to_ned, at=at, notify=False)
        return question


@pytest.fixture
def council(app) -> Council:
    secretary = factories.secretary(name="Rachel Turner")
    meeting = factories.MeetingFactory(starts_at=datetime(2027, 1, 21, 14, 0, tzinfo=UTC))
    public_item = agendas.add_item(secretary, meeting, part="public", title="Quality report")
    private_item = agendas.add_item(secretary, meeting, part="private", title="Contract award")
    agendas.publish(secretary, meeting, notify=False)
    people = Council(
        secretary=secretary,
        chair=factories.chair(name="Caroline Ashdown"),
        lead=factories.governor(name="David Okoro", roles=(Role.LEAD_GOVERNOR,)),
        governor=factories.governor(name="Helen Carter"),
        other_governor=factories.governor(name="Peter Lawson"),
        ned=factories.UserFactory(name="Richard Penrose", roles=[Role.NED]),
        other_ned=factories.UserFactory(name="Alison Grant", roles=[Role.NED]),
        officer=factories.UserFactory(name="Mark Hendry", roles=[Role.OFFICER]),
        meeting=meeting,
        public_item=public_item,
        private_item=private_item,
    )
    db.session.commit()
    return people


def ask_form(**overrides: str) -> dict[str, str]:
    data = {"text": "How many nurses were recruited?", "to_ned": "", "meeting": "", "public": "no"}
    data.update(overrides)
    return data


def emails() -> list[OutboxMessage]:
    return list(db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))


def section(response, heading_id: str) -> str:
    """The words of the page's section labelled by ``heading_id``."""
    html = response.get_data(as_text=True)
    found = re.search(rf'<section[^>]*aria-labelledby="{heading_id}".*?</section>', html, re.S)
    assert found, f"no section {heading_id}"

    class Part:
        def get_data(self, as_text: bool = True) -> str:
            return found.group(0)

    return page_text(Part())
