"""An action from private business is private in every channel: planted canary texts on
actions raised on the Council's private item and on a closed committee's private item
reach only those who may see that private part (and the action's owners), in pages, the
next agenda and its PDFs, the minutes' PDFs, the exports, emails and the audit log."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from governors.actions import services
from governors.agendas import services as agendas
from governors.attendance import services as attendance
from governors.audit.models import AuditEntry
from governors.extensions import db
from governors.meetings.kinds import ACTION_LOG_TITLE
from governors.minutes import services as minutes
from governors.minutes.services import MinuteText
from tests.actions.conftest import emails, page_text, path, pdf_text

# Thursday 21 January 2027, after the Council meeting that afternoon.
pytestmark = pytest.mark.clock(datetime(2027, 1, 21, 17, 0, tzinfo=UTC))
CANARY = "Canary action: agree the settlement terms with the outgoing director"
COMMITTEE_CANARY = "Canary action: take up references for candidate B"
PUBLIC = "Publish the easy-read summary of the quality report"


@pytest.fixture
def raised(council):
    """An action on each private item, one on the public item, each owned by someone."""
    private = council.raise_(
        CANARY, date(2027, 2, 18), [council.chair], item=council.private_item, notify=True
    )
    committee = council.raise_(
        COMMITTEE_CANARY,
        date(2027, 2, 18),
        [council.member],
        item=council.committee_private_item,
        notify=True,
    )
    public = council.raise_(PUBLIC, date(2027, 2, 18), item=council.public_item)
    # Moved on, changed and chased, so the audit log has an entry of every kind.
    for action, owner in ((private, council.chair), (committee, council.member)):
        services.update_progress(
            owner, action, services.Progress(status="in_progress", progress=f"{CANARY} (progress)")
        )
        services.change_action(
            council.lead,
            action,
            services.ActionDetails(
                description=action.description + ", in writing",
                due_on=date(2027, 3, 4),
                owners=[services.Owner(user_id=o.user_id) for o in action.owners],
            ),
            reason="Canary reason: the lawyers asked for more time",
        )
        services.chase(council.lead, action, "Canary note: the board is waiting")
    db.session.commit()
    return {"private": private, "committee": committee, "public": public}


def _get(client, endpoint: str, **values):
    return client.get(path(endpoint, **values))


def test_the_canaries_are_there_for_those_who_may_see_them(council, raised, client, sign_in):
    sign_in(council.secretary)
    log = page_text(_get(client, "governors.actions.log"))
    assert CANARY in log and COMMITTEE_CANARY in log
    client.post(path("governors.auth.sign_out"))
    sign_in(council.member)
    page = _get(client, "governors.actions.detail", action_id=raised["committee"].id)
    assert page.status_code == 200 and COMMITTEE_CANARY in page_text(page)


@pytest.mark.parametrize(
    ("reader", "action"),
    [
        ("officer", "private"),
        ("officer", "committee"),
        ("other_governor", "committee"),
        ("lead", "committee"),
        ("chair", "committee"),
        ("ned", "committee"),
    ],
)
def test_an_action_from_private_business_is_refused_to_those_who_may_not_see_it(
    council, raised, client, sign_in, reader, action
):
    sign_in(getattr(council, reader))
    action_id = raised[action].id
    secret = {"private": "settlement terms", "committee": "candidate B"}[action]
    for endpoint in ("detail", "update", "evidence", "edit"):
        response = _get(client, f"governors.actions.{endpoint}", action_id=action_id)
        assert response.status_code in (403, 404), endpoint
        assert secret not in response.get_data(as_text=True)
    chased = client.post(path("governors.actions.chase", action_id=action_id))
    assert chased.status_code == 403
    # Nor on the log, its exports, "Your actions" or the home page.
    for endpoint in (
        "governors.actions.log",
        "governors.actions.export_csv",
        "governors.actions.mine",
        "governors.home",
    ):
        response = _get(client, endpoint)
        assert response.status_code in (200, 403), endpoint
        assert secret not in response.get_data(as_text=True), endpoint


def test_the_exports_of_a_reader_who_may_not_see_a_committees_private_part_leave_it_out(
    council, raised, client, sign_in
):
    sign_in(council.lead)
    with _get(client, "governors.actions.export_csv") as response:
        assert response.status_code == 200
        text = response.get_data(as_text=True)
    assert PUBLIC in text and CANARY in text
    assert COMMITTEE_CANARY not in text and "references for candidate" not in text
    with _get(client, "governors.actions.export_pdf") as response:
        pages = pdf_text(response.data)
    joined = " ".join(pages)
    assert PUBLIC in joined and CANARY in joined
    assert "candidate B" not in joined
    # The Council's private action is in it, so every page says confidential.
    assert all("CONFIDENTIAL" in page for page in pages)
    # Filtered to the committee, the lead governor's exports hold nothing.
    query = {"body": str(council.committee.id)}
    with client.get(path("governors.actions.export_csv", **query)) as response:
        assert "candidate B" not in response.get_data(as_text=True)
    with client.get(path("governors.actions.export_pdf", **query)) as response:
        joined = " ".join(pdf_text(response.data))
    assert "candidate B" not in joined and "No actions match these filters." in joined
    assert "CONFIDENTIAL" not in joined
    # The officer may not export the log at all.
    client.post(path("governors.auth.sign_out"))
    sign_in(council.officer)
    for endpoint in ("governors.actions.export_csv", "governors.actions.export_pdf"):
        response = _get(client, endpoint)
        assert response.status_code == 403
        assert b"Canary" not in response.data


def test_an_export_without_private_business_is_not_marked_confidential(council, client, sign_in):
    council.raise_(PUBLIC, item=council.public_item)
    sign_in(council.lead)
    with _get(client, "governors.actions.export_pdf") as response:
        pages = pdf_text(response.data)
    assert PUBLIC in " ".join(pages)
    assert not any("CONFIDENTIAL" in page for page in pages)


def test_the_next_agenda_shows_a_private_action_only_in_its_full_edition(
    council, raised, client, sign_in
):
    agendas.publish(council.secretary, council.next_meeting, notify=False)
    db.session.commit()
    meeting_id = council.next_meeting.id
    # The public agenda page and PDF, to anyone.
    public = _get(client, "governors.agendas.public", meeting_id=meeting_id)
    assert PUBLIC in page_text(public)
    assert b"Canary" not in public.data
    with _get(client, "governors.agendas.pdf_public", meeting_id=meeting_id) as response:
        text = " ".join(pdf_text(response.data))
        assert b"Canary" not in response.data
    assert PUBLIC in text and "Canary" not in text
    # The members' agenda page, for an officer who may not see the private part.
    sign_in(council.officer)
    shown = _get(client, "governors.agendas.show", meeting_id=meeting_id)
    assert shown.status_code == 200
    assert PUBLIC in page_text(shown) and b"Canary" not in shown.data
    with _get(client, "governors.agendas.pdf_full", meeting_id=meeting_id) as response:
        assert response.status_code == 403
    client.post(path("governors.auth.sign_out"))
    # The full edition, for a governor: the Council's private action, marked as such; never
    # the committee's.
    sign_in(council.other_governor)
    shown = page_text(_get(client, "governors.agendas.show", meeting_id=meeting_id))
    assert f"{CANARY}, in writing. Priya Shah" in shown and "(private business)" in shown
    with _get(client, "governors.agendas.pdf_full", meeting_id=meeting_id) as response:
        text = " ".join(pdf_text(response.data))
    assert f"{CANARY}, in writing" in text and "(private business)" in text
    assert "candidate B" not in text and "candidate B" not in shown


def _held(council, meeting, item, clock) -> None:
    """The meeting held: a register, a minute on ``item``, and its minutes circulated."""
    attendance.record_attendance(council.secretary, meeting, council.governor, "present")
    minutes.save_minute(
        council.secretary, item, MinuteText(discussion="The actions were reviewed."), revision=None
    )
    minutes.circulate(council.secretary, meeting, notify=False)
    db.session.commit()


def test_the_public_minutes_leave_out_private_actions_and_the_full_minutes_have_them(
    council, raised, client, sign_in, clock
):
    # The January minutes list the actions raised on each item.
    _held(council, council.meeting, council.public_item, clock)
    # The March meeting's action log, minuted after it is held.
    clock.move_to(datetime(2027, 3, 18, 17, 0, tzinfo=UTC))
    log_item = next(
        item
        for item in agendas.items_for(council.next_meeting)
        if item.standing and item.title == ACTION_LOG_TITLE
    )
    _held(council, council.next_meeting, log_item, clock)
    sign_in(council.officer)
    for meeting in (council.meeting, council.next_meeting):
        with _get(client, "governors.minutes.pdf_public", meeting_id=meeting.id) as response:
            assert response.status_code == 200
            text = " ".join(pdf_text(response.data))
        assert PUBLIC in text
        assert "Canary" not in text and "candidate B" not in text
        full = _get(client, "governors.minutes.pdf_full", meeting_id=meeting.id)
        assert full.status_code == 403
    client.post(path("governors.auth.sign_out"))
    sign_in(council.other_governor)
    for meeting in (council.meeting, council.next_meeting):
        with _get(client, "governors.minutes.pdf_full", meeting_id=meeting.id) as response:
            pages = pdf_text(response.data)
        text = " ".join(pages)
        assert CANARY in text and PUBLIC in text, meeting
        assert "candidate B" not in text
        assert all("CONFIDENTIAL" in page for page in pages)


def test_the_audit_log_names_a_private_action_by_number_only(council, raised, client, sign_in):
    private_ids = {raised["private"].id, raised["committee"].id}
    entries = db.session.scalars(
        sa.select(AuditEntry).where(
            AuditEntry.record_type == "actions", AuditEntry.record_id.in_(private_ids)
        )
    ).all()
    kinds = {entry.action for entry in entries}
    assert kinds == {"actions.raised", "actions.updated", "actions.changed", "actions.chased"}
    for entry in entries:
        assert f"private action {entry.record_id}" in entry.summary
        everything = f"{entry.summary} {entry.before} {entry.after}"
        assert "Canary" not in everything and "candidate" not in everything
    sign_in(council.secretary)
    log = _get(client, "governors.audit.log")
    assert log.status_code == 200
    assert f"private action {raised['private'].id}" in page_text(log)
    assert b"Canary" not in log.data
    # The public action is named with its number too, as an action.
    assert f"action {raised['public'].id}" in page_text(log)


def test_emails_about_a_private_action_go_only_to_its_owners(council, raised):
    canaried = [m for m in emails() if "Canary" in m.body_text]
    assert canaried
    assert {m.to_address for m in canaried} == {council.chair.email, council.member.email}
    for message in canaried:
        if message.to_address == council.chair.email:
            assert "candidate B" not in message.body_text
        else:
            assert "settlement" not in message.body_text
