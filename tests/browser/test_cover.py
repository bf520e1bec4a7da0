"""Same-day cover, in a browser: a service user governor on the Recovery Sub-committee is
not available for its meeting later today. The secretary opens the cover from the home
page and asks the first proposal in one step; the first substitute declines from the
email's link on a phone without signing in; the next one asked accepts; the meeting page
and its register show the deputy. axe checks the cover pages."""

from __future__ import annotations

from datetime import time, timedelta
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import DEMO_SIGN_INS, LiveServer, sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 667}
SERIOUS = {"serious", "critical"}
RECOVERY = "Recovery Sub-committee"
ABSENT = "Marcus Thompson"


def _no_serious_problems(page) -> None:
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in SERIOUS]
    assert not serious, "\n".join(
        f"{v['impact']}: {v['id']}: {v['help']} on {page.url}: "
        + "; ".join(node["target"][0] for node in v["nodes"][:5])
        for v in serious
    )


def _meeting_later_today(live_server: LiveServer) -> tuple[int, int]:
    """A Recovery Sub-committee meeting an hour or so from now, today, and its chair
    (who holds the service user seat) recorded as not available today. Returns the
    meeting's id and the need's id."""
    from governors.bodies.models import Body
    from governors.cover.models import CoverNeed
    from governors.cover.services import record_unavailability
    from governors.extensions import db
    from governors.meetings.kinds import MeetingKind
    from governors.meetings.services import MeetingDetails, schedule_meeting
    from governors.people.models import Role, User, UserRole
    from governors.timeutil import to_local, utcnow

    now = to_local(utcnow())
    start = (now + timedelta(hours=1)).replace(second=0, microsecond=0)
    start = start.replace(minute=start.minute - start.minute % 5)
    end = start + timedelta(minutes=30)
    if end.date() != start.date():
        # Late in the evening: the meeting is just after midnight, still at an hour's notice.
        start = start.replace(hour=0, minute=30) + timedelta(days=1)
        end = start + timedelta(minutes=30)
    with live_server.app.app_context():
        secretary = db.session.scalar(
            sa.select(User).join(UserRole).where(UserRole.role == Role.SECRETARY.value).limit(1)
        )
        body = db.session.scalars(sa.select(Body).where(Body.name == RECOVERY)).one()
        absent = db.session.scalars(sa.select(User).where(User.name == ABSENT)).one()
        meeting = schedule_meeting(
            secretary,
            MeetingDetails(
                kind=MeetingKind.COMMITTEE,
                day=start.date(),
                start=time(start.hour, start.minute),
                end=time(end.hour, end.minute),
                video_link="https://teams.microsoft.com/l/meetup-join/recovery-extra-demo",
            ),
            body,
        )
        record_unavailability(
            secretary,
            absent,
            starts_on=start.date(),
            ends_on=start.date(),
            note="Not feeling up to it today.",
            consent_noted=True,
        )
        db.session.commit()
        need = db.session.scalars(
            sa.select(CoverNeed).where(CoverNeed.meeting_id == meeting.id)
        ).one()
        return meeting.id, need.id


def _answer_link(live_server: LiveServer, name: str, answer: str) -> str:
    """The accept or decline link in the latest request to ``name``, from the outbox."""
    from governors.extensions import db
    from governors.outbox.models import OutboxMessage
    from governors.people.models import User

    with live_server.app.app_context():
        email = db.session.scalars(sa.select(User.email).where(User.name == name)).one()
        body = db.session.scalars(
            sa.select(OutboxMessage.body_text)
            .where(OutboxMessage.to_address == email, OutboxMessage.subject.like("Can you%"))
            .order_by(OutboxMessage.id.desc())
        ).first()
    assert body, f"no request to stand in was emailed to {name}"
    link = next(
        line.strip() for line in body.splitlines() if line.strip().endswith(f"answer={answer}")
    )
    parts = urlsplit(link)
    return f"{live_server.base_url}{parts.path}?{parts.query}"


def _asked_now(live_server: LiveServer, need_id: int) -> str:
    from governors.cover.models import CoverOffer
    from governors.extensions import db

    with live_server.app.app_context():
        offer = db.session.scalars(
            sa.select(CoverOffer).where(CoverOffer.need_id == need_id, CoverOffer.status == "asked")
        ).one()
        return offer.candidate.name


def test_the_secretary_arranges_same_day_cover_and_the_second_substitute_accepts(
    browser, live_server: LiveServer
) -> None:
    from playwright.sync_api import expect

    meeting_id, need_id = _meeting_later_today(live_server)
    context = browser.new_context(bypass_csp=True)
    phone = browser.new_context(viewport=PHONE, bypass_csp=True)
    try:
        context.set_default_timeout(10_000)
        phone.set_default_timeout(10_000)
        page = context.new_page()
        sign_in(page, live_server, DEMO_SIGN_INS["secretary"])

        # From the home page to the cover for the meeting.
        page.goto(live_server.url("governors.home"))
        page.locator("#cover-home").get_by_role("link", name=f"{RECOVERY} meeting").first.click()
        page.wait_for_load_state()
        assert page.url.endswith(f"/cover/needs/{need_id}")
        expect(page.get_by_role("heading", level=1)).to_have_text(
            f"{ABSENT} is not available for the {RECOVERY} meeting"
        )
        expect(page.get_by_text("Not feeling up to it today.")).to_have_count(0)
        expect(page.get_by_text("First pre-agreed deputy for this seat")).to_be_visible()
        _no_serious_problems(page)

        # One step: the first proposal is chosen already; answer within an hour.
        page.get_by_label("They must answer within").select_option("1")
        ask = page.get_by_role("button", name="Ask Priya Nair")
        ask.click()
        page.wait_for_load_state()
        expect(page.get_by_text("Priya Nair has been asked by email.")).to_be_visible()
        expect(page.get_by_text("Priya Nair: Waiting for an answer")).to_be_visible()

        # Priya declines from the email's link, on her phone, without signing in.
        mobile = phone.new_page()
        mobile.goto(_answer_link(live_server, "Priya Nair", "decline"))
        expect(mobile.get_by_role("heading", level=1)).to_have_text(
            f"Can you stand in for {ABSENT}?"
        )
        _no_serious_problems(mobile)
        mobile.get_by_role("button", name="No, I cannot stand in").click()
        mobile.wait_for_load_state()
        expect(mobile.get_by_text("We will ask someone else")).to_be_visible()

        # The next person was asked at once, with the same time to answer: they accept.
        second = _asked_now(live_server, need_id)
        assert second != "Priya Nair"
        mobile.goto(_answer_link(live_server, second, "accept"))
        mobile.get_by_role("button", name="Yes, I can stand in").click()
        mobile.wait_for_load_state()
        expect(mobile.get_by_text(f"You are standing in for {ABSENT}")).to_be_visible()

        # The secretary sees it covered; the meeting and its register show the deputy.
        page.reload()
        expect(page.get_by_text(f"{second} will stand in for {ABSENT}.")).to_be_visible()
        page.goto(live_server.url("governors.meetings.detail", meeting_id=meeting_id))
        expect(page.locator("#standing-in")).to_contain_text(
            f"{second} is standing in for {ABSENT}, who is not available."
        )
        page.goto(live_server.url("governors.attendance.register", meeting_id=meeting_id))
        expect(page.locator("#others ~ ul")).to_contain_text(
            f"{second}: present as deputy for {ABSENT}"
        )
    finally:
        context.close()
        phone.close()
