"""Shared set-up for the action log tests: the people, the Council meeting of Thursday
21 January 2027 (standing items, a public item and a private one), the next Council meeting
on Thursday 18 March 2027, and a closed committee with a member and a meeting."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from governors.actions import services
from governors.actions.models import Action
from governors.agendas import services as agendas
from governors.agendas.models import AgendaItem
from governors.bodies.models import Body
from governors.extensions import db
from governors.meetings.models import Meeting
from governors.outbox.models import OutboxMessage
from governors.people.models import Role, User
from tests import factories
from tests.meetings.helpers import page_text, path

__all__ = ["Council", "emails", "page_text", "path", "pdf_text"]


@dataclass
class Council:
    secretary: User
    chair: User
    lead: User
    governor: User
    other_governor: User
    ned: User
    officer: User
    member: User
    meeting: Meeting
    next_meeting: Meeting
    public_item: AgendaItem
    private_item: AgendaItem
    committee: Body
    committee_meeting: Meeting
    committee_public_item: AgendaItem
    committee_private_item: AgendaItem

    def raise_(
        self,
        description: str = "Send governors the falls prevention plan",
        due_on: date = date(2027, 2, 18),
        owners: list[User] | None = None,
        *,
        named: tuple[str, str] | None = None,
        item: AgendaItem | None = None,
        body: Body | None = None,
        meeting: Meeting | None = None,
        private: bool = False,
        notify: bool = False,
        today: date | None = None,
    ) -> Action:
        """An action raised by the secretary, owned by ``owners`` (the governor unless
        given) and ``named`` (a name and email, as well), on ``item`` or on its own for
        ``body``."""
        people = [self.governor] if owners is None else owners
        chosen = [services.Owner(user_id=person.id) for person in people]
        if named is not None:
            chosen.append(services.Owner(name=named[0], email=named[1]))
        if body is None:
            body = item.meeting.body if item is not None else factories.council()
        action = services.raise_action(
            self.secretary,
            services.ActionDetails(description=description, due_on=due_on, owners=chosen),
            body=body,
            meeting=meeting,
            item=item,
            private=private,
            notify=notify,
            today=today,
        )
        db.session.commit()
        return action


@pytest.fixture
def council(app) -> Council:
    secretary = factories.secretary(name="Rachel Turner", email="rachel.turner@example.org")
    meeting = factories.MeetingFactory(starts_at=datetime(2027, 1, 21, 14, 0, tzinfo=UTC))
    agendas.add_standing_items(secretary, meeting)
    public_item = agendas.add_item(
        secretary, meeting, part="public", title="Quality and safety report"
    )
    private_item = agendas.add_item(secretary, meeting, part="private", title="Contract award")
    next_meeting = factories.MeetingFactory(starts_at=datetime(2027, 3, 18, 14, 0, tzinfo=UTC))
    agendas.add_standing_items(secretary, next_meeting)
    member = factories.governor(name="Cara Okoye", email="cara.okoye@example.org")
    committee = factories.BodyFactory(name="Nominations and Remuneration Committee")
    factories.MembershipFactory(body=committee, user=member)
    committee_meeting = factories.MeetingFactory(
        body=committee, starts_at=datetime(2027, 1, 27, 10, 0, tzinfo=UTC)
    )
    committee_public_item = agendas.add_item(
        secretary, committee_meeting, part="public", title="Timetable for the appointment"
    )
    committee_private_item = agendas.add_item(
        secretary, committee_meeting, part="private", title="Candidates"
    )
    people = Council(
        secretary=secretary,
        chair=factories.chair(name="Priya Shah", email="priya.shah@example.org"),
        lead=factories.governor(
            name="Lee Grant", email="lee.grant@example.org", roles=(Role.LEAD_GOVERNOR,)
        ),
        governor=factories.governor(name="Helen Carter", email="helen.carter@example.org"),
        other_governor=factories.governor(name="Tom Reid", email="tom.reid@example.org"),
        ned=factories.UserFactory(
            name="Nadia Edwards", email="nadia.edwards@example.org", roles=[Role.NED]
        ),
        officer=factories.UserFactory(
            name="Omar Hassan", email="omar.hassan@example.org", roles=[Role.OFFICER]
        ),
        member=member,
        meeting=meeting,
        next_meeting=next_meeting,
        public_item=public_item,
        private_item=private_item,
        committee=committee,
        committee_meeting=committee_meeting,
        committee_public_item=committee_public_item,
        committee_private_item=committee_private_item,
    )
    db.session.commit()
    return people


def emails(to: str | None = None) -> list[OutboxMessage]:
    query = sa.select(OutboxMessage).order_by(OutboxMessage.id)
    if to is not None:
        query = query.where(OutboxMessage.to_address == to)
    return list(db.session.scalars(query))


def pdf_text(data: bytes) -> list[str]:
    """The words of each page of a PDF, one string per page."""
    assert data.startswith(b"%PDF-")
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]
