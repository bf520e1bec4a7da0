"""A period's private note may hold health information (special category data). A planted
canary note is shown to its governor and the secretary on the period's own page, and
nowhere else: no other page any role can open (error pages included), no PDF, calendar
feed, CSV export, email or audit entry; not after the period has ended, and after the
purge not even to those two."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from flask import url_for
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from governors.audit.models import AuditEntry
from governors.cover import arranging
from governors.cover import services as cover
from governors.cover.models import CoverNeed, OfferStatus
from governors.extensions import db
from governors.meetings import services as meetings
from governors.outbox.models import OutboxMessage
from tests import factories
from tests.test_access_matrix import ROLES, _buddying, _url

pytestmark = pytest.mark.clock(datetime(2027, 1, 3, 12, 0, tzinfo=UTC))
CANARY = "Canary note: lithium levels being rebalanced after a stay on Ward 7"
# The one page that shows the note, to the governor and the secretary only.
NOTE_PAGE = "governors.availability.period"
READERS = ("governor", "secretary")


def _text(response) -> str:
    """What a reader of the response would see: a PDF's words, else the body as text."""
    data = response.get_data()
    raw = data.decode("utf-8", errors="replace")
    if data.startswith(b"%PDF-"):
        try:
            pages = PdfReader(io.BytesIO(data)).pages
        except PdfReadError:  # an uploaded paper that is no real PDF: its bytes are all
            return raw
        return raw + " ".join(" ".join((page.extract_text() or "").split()) for page in pages)
    return raw


@pytest.fixture
def world(app):
    world = factories.one_of_each_record(part="private")
    world |= _buddying(world["people"])
    people = world["people"]
    governor = people["governor"]
    # The governor also sits on the committee, so the period touches its meeting and the
    # secretary arranges cover for it.
    from governors.bodies import services as bodies

    bodies.add_member(people["secretary"], world["body"], user=governor, notify=False)
    period = cover.record_unavailability(
        governor, governor, starts_on=date(2027, 1, 4), ends_on=date(2027, 2, 28), note=CANARY
    )
    world["period"] = period
    world["need"] = _arrange(world)
    # Everyone has a calendar feed of their own.
    world["feeds"] = {
        role: meetings.new_calendar_token(person, person) for role, person in people.items()
    }
    db.session.commit()
    return world


def _arrange(world):
    """The secretary asks the first proposed substitute for the committee meeting; they
    decline, and the next one asked accepts. Every email and audit entry of cover is made."""
    need = db.session.scalars(
        sa.select(CoverNeed).where(
            CoverNeed.unavailability_id == world["period"].id,
            CoverNeed.meeting_id == world["committee_meeting"].id,
        )
    ).one()
    first = arranging.ranking_for(need).first
    assert first is not None, "the world has someone to ask"
    offer = arranging.ask(world["people"]["secretary"], need, first.user_id, answer_hours=24)
    arranging.answer(offer, accept=False)
    waiting = [o for o in need.offers if o.status == OfferStatus.ASKED]
    if waiting:
        arranging.answer(waiting[0], accept=True)
    world["token"] = offer.token
    return need


def _leaks(client, sign_in, world, role) -> list[str]:
    """Every page, PDF, feed and export ``role`` can open that shows the note, other than
    the note's own page."""
    if role != "anonymous":
        sign_in(world["people"][role])
    found, opened, shown = [], 0, False
    for rule in sorted(client.application.url_map.iter_rules(), key=lambda r: r.endpoint):
        if "GET" not in rule.methods or rule.endpoint == "governors.auth.sign_out":
            continue
        url = _url(rule.endpoint, world)
        with client.get(url) as response:
            opened += response.status_code == 200
            if CANARY not in _text(response):
                continue
            if rule.endpoint == NOTE_PAGE and role in READERS:
                shown = True
            else:
                found.append(f"{url} ({response.status_code})")
    for token in world["feeds"].values():
        with client.get(url_for("governors.meetings.personal_feed", token=token)) as feed:
            assert feed.status_code == 200
            if CANARY in _text(feed):
                found.append("a personal calendar feed")
    assert opened >= 5, "the walk opened too few pages to prove anything"
    # The walk reaches the note's own page: its two readers see the note there (until the
    # purge erases it), so the walk would see it anywhere else too.
    erased = world["period"].note is None
    assert shown == (role in READERS and not erased), "the walk did not see the note page"
    return found


def _stored_elsewhere() -> list[str]:
    """Emails and audit entries that carry the note."""
    found = []
    for message in db.session.scalars(sa.select(OutboxMessage)):
        if CANARY in f"{message.subject}\n{message.body_text}":
            found.append(f"email to {message.to_address}: {message.subject}")
    for entry in db.session.scalars(sa.select(AuditEntry)):
        stored = f"{entry.summary}{json.dumps(entry.before)}{json.dumps(entry.after)}"
        if CANARY in stored:
            found.append(f"audit entry {entry.action}")
    return found


def test_the_governor_and_the_secretary_read_the_note_on_its_page(client, sign_in, world):
    for role in READERS:
        sign_in(world["people"][role])
        page = client.get(url_for(NOTE_PAGE, period_id=world["period"].id))
        assert page.status_code == 200 and CANARY in _text(page), role
        client.post(url_for("governors.auth.sign_out"))


@pytest.mark.parametrize("role", ROLES)
def test_no_other_page_feed_pdf_or_export_shows_the_note(client, sign_in, world, role):
    assert _leaks(client, sign_in, world, role) == []


def test_no_email_or_audit_entry_holds_the_note(world):
    sent = db.session.scalars(sa.select(OutboxMessage)).all()
    assert any("not available" in m.body_text for m in sent), "cover emails were sent"
    assert _stored_elsewhere() == []


@pytest.mark.parametrize("role", ("governor", "secretary", "chair", "lead_governor"))
def test_after_the_period_ends_the_note_is_still_only_on_its_page(
    client, sign_in, world, clock, role
):
    clock.move_to(datetime(2027, 3, 10, 12, 0, tzinfo=UTC))
    assert _leaks(client, sign_in, world, role) == []
    page = client.get(url_for(NOTE_PAGE, period_id=world["period"].id))
    if role in READERS:
        assert CANARY in _text(page)
    else:
        assert page.status_code == 403 and CANARY not in _text(page)


@pytest.mark.parametrize("role", ("governor", "secretary", "chair"))
def test_after_the_purge_nobody_sees_the_note_anywhere(client, sign_in, world, clock, role):
    clock.move_to(datetime(2028, 3, 1, 12, 0, tzinfo=UTC))
    assert cover.purge_notes() == 1
    db.session.commit()
    assert _leaks(client, sign_in, world, role) == []
    assert _stored_elsewhere() == []
    if role in READERS:
        page = _text(client.get(url_for(NOTE_PAGE, period_id=world["period"].id)))
        assert CANARY not in page and "erased" in page
    erased = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "availability.note_erased")
    ).one()
    assert "Erased the private note" in erased.summary
