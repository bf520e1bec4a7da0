"""Agenda services: the rules they keep and what they record."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from governors.agendas import services
from governors.audit.models import AuditEntry
from governors.errors import Refused
from governors.extensions import db
from governors.outbox.models import OutboxMessage
from governors.people.models import Role
from governors.requests.models import RequestPaper
from tests import factories
from tests.agendas.conftest import add, agenda_request, parts, titles
from tests.agendas.test_queries import paper


def test_standing_items_have_times_and_any_other_business_comes_last(secretary, meeting):
    items = parts(meeting)["public"]
    assert [(i.title, i.minutes_allowed, i.standing, i.purpose) for i in items] == [
        ("Welcome and apologies for absence", 5, True, "standing"),
        ("Declarations of interest", 5, True, "standing"),
        ("Minutes of the last meeting", 5, True, "standing"),
        ("Matters arising and action log", 10, True, "standing"),
        ("Any other business", 10, True, "standing"),
    ]


def test_items_added_by_other_areas_also_go_before_any_other_business(secretary, meeting):
    request = agenda_request(meeting, factories.governor(), "Car parking for carers")
    # As the requests area calls it: no time allowed, the proposer as presenter.
    services.add_item(
        secretary,
        meeting,
        part="public",
        title=request.title,
        purpose="discuss",
        presenter="A Governor",
        request=request,
    )
    assert titles(meeting)[-2:] == ["Car parking for carers", "Any other business"]


def test_an_accepted_request_takes_only_the_papers_the_governor_agreed_to_publish(
    secretary, meeting
):
    from governors.requests.services import accept_request

    request = agenda_request(meeting, factories.governor(), "Car parking for carers")
    request.status = "submitted"
    request.papers.append(
        RequestPaper(document=paper(secretary, "Carers survey.pdf"), may_publish=True)
    )
    request.papers.append(RequestPaper(document=paper(secretary, "Names.pdf"), may_publish=False))
    db.session.flush()
    item = accept_request(
        secretary, request, part="public", notify=False, at=meeting.starts_at - timedelta(days=5)
    )
    assert [p.filename for p in item.papers] == ["Carers survey.pdf"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"part": "secret"}, "part"),
        ({"purpose": "gossip"}, "purpose"),
        ({"minutes_allowed": 0}, "minutes_allowed"),
        ({"minutes_allowed": 481}, "minutes_allowed"),
        ({"title": "   "}, "title"),
    ],
)
def test_bad_values_are_refused_with_the_field_named(secretary, meeting, changes, field):
    values = {"part": "public", "title": "Report", "purpose": "note", "minutes_allowed": 10}
    with pytest.raises(Refused) as refused:
        services.add_item(secretary, meeting, **(values | changes))
    assert refused.value.field == field


def test_a_published_version_keeps_an_item_that_is_later_removed(secretary, meeting):
    item = add(secretary, meeting, "Estates strategy")
    version = services.publish(secretary, meeting, notify=False)
    services.remove_item(secretary, item)
    db.session.commit()
    db.session.expire_all()
    assert "Estates strategy" in [entry["title"] for entry in version.entries]
    assert "Estates strategy" not in titles(meeting)


def test_snapshot_times_are_london_times_in_summer(secretary):
    summer = factories.MeetingFactory(starts_at=datetime(2027, 7, 15, 13, 0, tzinfo=UTC))
    services.add_standing_items(secretary, summer)
    version = services.publish(secretary, summer, notify=False)
    assert [entry["starts_at"] for entry in version.entries][:2] == ["14:00", "14:05"]


def test_publishing_emails_active_governors_and_others_who_attend_in_private(secretary, meeting):
    governor = factories.governor(name="Gill Governor")
    ned = factories.UserFactory(roles=[Role.NED])
    chair = factories.chair()
    gone = factories.governor(active=False)
    officer = factories.UserFactory(roles=[Role.OFFICER])
    add(secretary, meeting, "Non-executive director appointments", part="private")
    services.publish(secretary, meeting)
    messages = {m.to_address: m for m in db.session.scalars(sa.select(OutboxMessage))}
    assert set(messages) == {secretary.email, governor.email, ned.email, chair.email}
    assert gone.email not in messages and officer.email not in messages
    message = messages[governor.email]
    assert message.subject == (
        "Agenda published: Council of Governors meeting, Thursday 21 January 2027"
    )
    assert "Dear Gill Governor" in message.body_text
    assert f"http://localhost/agendas/{meeting.id}" in message.body_text
    assert len(message.body_text) < 600

    add(secretary, meeting, "Quality report")
    services.publish(secretary, meeting, "Added the quality report")
    latest = db.session.scalars(
        sa.select(OutboxMessage)
        .where(OutboxMessage.to_address == governor.email)
        .order_by(OutboxMessage.id.desc())
    ).first()
    assert latest.subject.startswith("Agenda updated (version 2)")
    assert "What has changed: Added the quality report" in latest.body_text


def test_every_change_is_in_the_audit_log(secretary, meeting):
    item = add(secretary, meeting, "Report", minutes=10)
    services.update_item(
        secretary,
        item,
        part="public",
        title="Quality report",
        purpose="note",
        presenter=None,
        minutes_allowed=20,
        description=None,
    )
    services.move_item(secretary, item, "private")
    services.publish(secretary, meeting, notify=False)
    services.remove_item(secretary, item)
    entries = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action.like("agenda.%")).order_by(AuditEntry.id)
    ).all()
    actions = [e.action for e in entries]
    assert actions[-5:] == [
        "agenda.item_added",
        "agenda.item_changed",
        "agenda.item_moved",
        "agenda.published",
        "agenda.item_removed",
    ]
    changed = entries[-4]
    assert changed.before == {"title": "Report", "minutes_allowed": 10}
    assert changed.after == {"title": "Quality report", "minutes_allowed": 20}
    assert all(e.actor_id == secretary.id for e in entries)
