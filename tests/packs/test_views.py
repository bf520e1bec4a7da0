"""Downloading a board pack: who may have which edition, the page shown while it is made,
and what the secretary sees when it could not be made."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from flask import url_for

from governors.agendas import services as agendas
from governors.extensions import db
from governors.packs import services
from governors.papers.models import BoardPack
from tests import factories
from tests.packs.conftest import PRIVATE_CANARY, page_texts, pdf_pages, read, store

pytestmark = pytest.mark.clock(datetime(2027, 1, 4, 9, 0, tzinfo=UTC))


def _public(meeting, **values) -> str:
    return url_for("governors.packs.public_pack", meeting_id=meeting.id, _external=False, **values)


def _full(meeting, **values) -> str:
    return url_for("governors.packs.full_pack", meeting_id=meeting.id, _external=False, **values)


def test_anyone_gets_the_public_pack_of_a_public_meeting_without_the_private_part(client, world):
    response = client.get(_public(world.meeting))
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "public.pdf" in response.headers["Content-Disposition"]
    assert PRIVATE_CANARY not in "\n".join(page_texts(read(response.data)))
    assert PRIVATE_CANARY.encode() not in response.data


def test_signed_out_people_are_asked_to_sign_in_for_the_full_pack(client, world):
    response = client.get(_full(world.meeting))
    assert response.status_code == 302
    assert "/account/sign-in" in response.headers["Location"]


def test_a_governor_gets_the_full_pack_marked_confidential_and_never_cached(client, sign_in, world):
    sign_in(factories.governor())
    response = client.get(_full(world.meeting, version=1))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    texts = page_texts(read(response.data))
    assert all("CONFIDENTIAL" in text for text in texts)
    assert any(PRIVATE_CANARY in text for text in texts)


def test_a_governor_cannot_get_the_full_pack_of_a_committee_they_do_not_sit_on(
    client, sign_in, app
):
    secretary = factories.secretary()
    committee = factories.BodyFactory(name="Nominations Committee", open_to_public=False)
    meeting = factories.MeetingFactory(
        body=committee, starts_at=datetime(2027, 2, 3, 14, 0, tzinfo=UTC)
    )
    agendas.add_item(secretary, meeting, part="public", title="Terms of reference review")
    agendas.add_item(
        secretary,
        meeting,
        part="private",
        title=f"Candidates {PRIVATE_CANARY}",
        papers=[store(secretary, pdf_pages(1, PRIVATE_CANARY), "Candidates.pdf")],
    )
    agendas.publish(secretary, meeting, notify=False)
    db.session.commit()
    assert client.get(_public(meeting)).status_code == 302  # not held in public: sign in
    sign_in(factories.governor())
    refused = client.get(_full(meeting))
    assert refused.status_code == 403
    assert PRIVATE_CANARY.encode() not in refused.data
    # The governor sees the meeting, so has its public pack.
    allowed = client.get(_public(meeting))
    assert allowed.status_code == 200
    assert PRIVATE_CANARY not in "\n".join(page_texts(read(allowed.data)))


def test_a_missing_version_or_meeting_is_not_found(client, sign_in, world):
    sign_in(factories.governor())
    assert client.get(_full(world.meeting, version=9)).status_code == 404
    assert client.get(_public(world.meeting, version=9)).status_code == 404
    assert client.get("/packs/999999/board-pack-public.pdf").status_code == 404
    unpublished = factories.MeetingFactory(starts_at=datetime(2027, 3, 18, 14, 0, tzinfo=UTC))
    db.session.commit()
    assert client.get(_public(unpublished)).status_code == 404


def test_the_second_download_is_the_stored_pack(client, world, monkeypatch):
    first = client.get(_public(world.meeting))
    pack_id = db.session.scalar(sa.select(BoardPack.id))
    made = []
    monkeypatch.setattr(services, "build_pack", lambda *a, **k: made.append(a))
    second = client.get(_public(world.meeting))
    assert second.data == first.data
    assert made == []
    assert db.session.scalar(sa.select(BoardPack.id)) == pack_id
    # A browser that has it already is told it is unchanged.
    again = client.get(_public(world.meeting), headers={"If-None-Match": second.headers["ETag"]})
    assert again.status_code == 304


def test_while_the_pack_is_made_a_page_says_so_and_refreshes_itself(
    app, client, world, monkeypatch
):
    monkeypatch.setitem(app.config, "PACK_MAKING", "later")
    response = client.get(_public(world.meeting))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<h1>Making the board pack</h1>" in html
    assert '<meta http-equiv="refresh" content="2">' in html
    assert 'role="status"' in html
    pack = db.session.scalar(sa.select(BoardPack))
    assert pack.status == "making"
    # Asked again while it is being made: still the same page, and no second pack.
    assert "Making the board pack" in client.get(_public(world.meeting)).get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(BoardPack.id))) == 1
    # Once it is made (here by the command cron runs), the same address gives the pack.
    assert services.make_missing(every_meeting=True) == 2
    ready = client.get(_public(world.meeting))
    assert ready.mimetype == "application/pdf"


def test_when_the_pack_fails_the_secretary_is_told_why_and_can_try_again(
    client, sign_in, world, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("out of memory")

    monkeypatch.setattr(services, "build_pack", broken)
    sign_in(factories.governor())
    page = client.get(_full(world.meeting)).get_data(as_text=True)
    assert "The board pack could not be made" in page
    assert "Something went wrong while the board pack was being made" in page
    assert "out of memory" not in page
    assert "Try again" not in page and "ask the board secretary" in page
    sign_in(world.secretary)
    page = client.get(_full(world.meeting)).get_data(as_text=True)
    assert "Try again" in page
    monkeypatch.undo()
    response = client.post(
        url_for("governors.packs.try_again", meeting_id=world.meeting.id, number=1),
        data={"edition": "full"},
    )
    assert response.status_code == 303
    pdf = client.get(response.headers["Location"])
    assert pdf.mimetype == "application/pdf"


def test_a_stopped_pack_counts_as_failed_after_a_while(
    client, sign_in, world, clock, app, monkeypatch
):
    monkeypatch.setitem(app.config, "PACK_MAKING", "later")
    sign_in(world.secretary)
    assert "Making the board pack" in client.get(_full(world.meeting)).get_data(as_text=True)
    clock.move_to(datetime(2027, 1, 4, 9, 30, tzinfo=UTC))
    page = client.get(_full(world.meeting)).get_data(as_text=True)
    assert "Making the board pack stopped before it was finished" in page
    assert "Try again" in page


def test_trying_again_needs_the_secretary(client, sign_in, world):
    sign_in(factories.governor())
    response = client.post(
        url_for("governors.packs.try_again", meeting_id=world.meeting.id, number=1),
        data={"edition": "full"},
    )
    assert response.status_code == 403


def test_the_agenda_pages_link_to_the_packs(client, sign_in, world):
    public = client.get(url_for("governors.agendas.public", meeting_id=world.meeting.id))
    assert _public(world.meeting) in public.get_data(as_text=True)
    sign_in(factories.governor())
    page = client.get(url_for("governors.agendas.show", meeting_id=world.meeting.id))
    html = page.get_data(as_text=True)
    assert _full(world.meeting, version=1).replace("&", "&amp;") in html


def test_the_making_and_failed_pages_read_easily(app, client, sign_in, world, monkeypatch):
    import textstat

    from tests.test_readability import EASE, prose

    monkeypatch.setitem(app.config, "PACK_MAKING", "later")
    making = prose(client.get(_public(world.meeting)).get_data(as_text=True))
    assert textstat.flesch_reading_ease(making) >= EASE, making

    def broken(*args, **kwargs):
        raise RuntimeError("no fonts")

    monkeypatch.setitem(app.config, "PACK_MAKING", "inline")
    monkeypatch.setattr(services, "build_pack", broken)
    sign_in(world.secretary)
    failed = prose(client.get(_full(world.meeting)).get_data(as_text=True))
    assert "could not be finished" in failed
    assert textstat.flesch_reading_ease(failed) >= EASE, failed


def test_the_command_makes_the_packs_not_yet_made(app, world):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["governors", "make-packs"])
    assert result.exit_code == 0, result.output
    assert "Made 2 board packs." in result.output
    packs = db.session.scalars(sa.select(BoardPack).order_by(BoardPack.edition)).all()
    assert [(p.edition, p.status) for p in packs] == [("full", "ready"), ("public", "ready")]
    again = runner.invoke(args=["governors", "make-packs"])
    assert "Made 0 board packs." in again.output
