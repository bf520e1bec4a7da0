"""A rush at the deadline: 300 governors send their agenda requests to gunicorn (four
workers, the README's set-up) in the last ten seconds before the deadline and 50 more just
after it, all at once. Every request is stored once, with the server's receipt time and the
verdict that time earns, its receipt email queued once and its audit entry written; forms
sent twice in the crush are still one request each.

Everyone signs in and opens the form beforehand, on the same server standing ten minutes
earlier. The server is then started again with its clock a few seconds before the deadline:
sessions and form tokens survive a restart, as the secret key is the same.

What the rush asks of the machine: the four workers must take in 300 forms in the eight
seconds and more between the last of them leaving and the deadline, about 35 a second.
"""

from __future__ import annotations

import html
import re
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa
import time_machine

from governors.audit.models import AuditEntry
from governors.council.models import DEFAULTS, CouncilSettings
from governors.extensions import db
from governors.outbox.models import OutboxMessage
from governors.people.models import Role
from governors.requests.clear_days import ClearDaysRule, agenda_deadline, received_in_time
from governors.requests.models import AgendaRequest, RequestEvent
from governors.timeutil import LONDON
from tests import factories
from tests.requests.conftest import PROPOSAL
from tests.servers import Client, Server, served_database

IN_TIME = 300
LATE = 50
# Forms sent a second time at the same moment as the first, over a second connection.
TWICE_IN_TIME = 15
TWICE_LATE = 5
# Signing in and opening the form; the rush itself has a thread for every form sent, so
# each leaves on time however long the server takes to answer the others.
THREADS = 100
RULE = ClearDaysRule(cutoff=time(17, 0))
# Seconds from the deadline: the in-time forms leave early in its last ten seconds, so a
# slow machine still has eight to take them all in; the late ones a second after it.
IN_TIME_WINDOW = (-9.9, -8.5)
LATE_WINDOW = (1.0, 2.0)
# Once it answers, the restarted server should stand this many seconds before the deadline.
LEAD = 12.0
# Two processes' readings of one clock, and microseconds as stored.
TOLERANCE = 0.005

real_time = time_machine.escape_hatch.time.time
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
_KEY = re.compile(r'name="submission_key" type="hidden" value="([^"]+)"')
_RECEIVED = re.compile(r"/requests/(\d+)/received$")


@dataclass
class Send:
    """One form sent: when it left and when the answer came (real clock), and where it led."""

    left: float
    answered: float
    status: int
    request_id: int | None


@dataclass
class Governor:
    email: str
    user_id: int
    late: bool
    client: Client | None = None
    token: str = ""
    key: str = ""
    sends: list[Send] = field(default_factory=list)


def _words(page: str) -> str:
    """A page's main text, for a failure's message."""
    main = page.split("<main", 1)[-1].split("</main>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())[:300]


def _open_form(governor: Governor, server: Server, meeting_id: int) -> None:
    """Sign in and open the request form, as a governor does before writing it."""
    client = server.client()
    signed_in = client.post(
        "/account/sign-in", {"email": governor.email, "password": factories.TEST_PASSWORD}
    )
    assert signed_in.status_code == 302, (
        governor.email,
        signed_in.status_code,
        _words(signed_in.text),
    )
    page = client.get(f"/requests/new?meeting_id={meeting_id}")
    assert page.status_code == 200, (governor.email, page.status_code, _words(page.text))
    governor.client = client
    governor.token = html.unescape(_CSRF.search(page.text).group(1))
    governor.key = _KEY.search(page.text).group(1)


def _send(governor: Governor, meeting_id: int, at: float, again: bool) -> None:
    """Send the governor's form at the real moment ``at``; ``again``: a second click, with
    the same cookies over another connection."""
    client = governor.client
    assert client is not None
    session = client.session
    if again:
        session = requests.Session()
        session.cookies.update(client.session.cookies)
    data = PROPOSAL | {
        "meeting_id": str(meeting_id),
        "submission_key": governor.key,
        "csrf_token": governor.token,
    }
    threading.Event().wait(max(0.0, at - real_time()))
    left = real_time()
    response = session.post(
        client.base_url + "/requests/new", data=data, allow_redirects=False, timeout=120
    )
    found = _RECEIVED.search(response.headers.get("Location", ""))
    governor.sends.append(
        Send(left, real_time(), response.status_code, int(found.group(1)) if found else None)
    )


def _seed(count: int) -> list[tuple[int, str]]:
    """``count`` governors, built by the factories and stored together; (id, email) each."""
    people = [
        factories.UserFactory.build(roles=[Role.GOVERNOR], email=f"rush{n}@example.org")
        for n in range(count)
    ]
    profiles = [factories.GovernorProfileFactory.build(user=person) for person in people]
    db.session.add_all([*people, *profiles])
    db.session.flush()
    return [(person.id, person.email) for person in people]


def _spread(count: int, window: tuple[float, float], origin: float) -> list[float]:
    start, end = window
    return [origin + start + (end - start) * n / max(count - 1, 1) for n in range(count)]


def _start_before(url: str, tmp_path: Path, instant: datetime, start_took: float) -> Server:
    """The server, started so that once it answers it stands about LEAD seconds before
    ``instant`` (the first start took ``start_took`` seconds); started again, with more
    time allowed, if it came up too late."""
    allowed = start_took + 2
    for _attempt in range(3):
        now = instant - timedelta(seconds=LEAD + allowed)
        server = Server(url, tmp_path, workers=4, env=_env(), now=now)
        began = real_time()
        server.start()
        left = instant.timestamp() - server.clock_offset - real_time()
        if left > -IN_TIME_WINDOW[0] + 1:
            return server
        server.stop()
        allowed = 1.5 * (real_time() - began) + 2
    pytest.fail(f"gunicorn took too long to start three times (last {allowed:.0f} s allowed)")


def _env() -> dict[str, str]:
    # Everyone signs in from 127.0.0.1 within seconds: the sign-in limit is for strangers.
    return {"SIGN_IN_RATE_LIMIT": "100000 per minute"}


def test_a_rush_at_the_deadline_loses_nothing_and_stores_nothing_twice(tmp_path, clock):
    began = real_time()
    with served_database(tmp_path, "rush") as (url, _app):
        db.session.add(CouncilSettings(id=1, **(DEFAULTS | {"cutoff": RULE.cutoff})))
        # A meeting six weeks after the suite's clock: its deadline a month or so ahead.
        day = (clock.now + timedelta(days=42)).astimezone(LONDON).date()
        meeting = factories.MeetingFactory(
            starts_at=datetime.combine(day, time(14, 0), tzinfo=LONDON)
        )
        meeting_id = meeting.id
        people = _seed(IN_TIME + LATE)
        db.session.commit()
        db.session.remove()
        # The first moment a request counts as late: the cut-off on the deadline day.
        instant = datetime.combine(agenda_deadline(day, RULE), RULE.cutoff, tzinfo=LONDON)
        instant = instant.astimezone(UTC)
        governors = [
            Governor(email=email, user_id=user_id, late=n >= IN_TIME)
            for n, (user_id, email) in enumerate(people)
        ]
        seeded = real_time()

        # Ten minutes before the deadline, everyone signs in and opens the form.
        early = Server(url, tmp_path, workers=4, env=_env(), now=instant - timedelta(minutes=10))
        early.start()
        start_took = real_time() - seeded
        try:
            with ThreadPoolExecutor(THREADS) as pool:
                list(pool.map(lambda g: _open_form(g, early, meeting_id), governors))
        finally:
            early.stop()
        opened = real_time()

        server = _start_before(url, tmp_path, instant, start_took)
        restarted = real_time()
        try:
            for governor in governors:
                assert governor.client is not None
                governor.client.base_url = server.base_url
            # The deadline on the real clock, and where each form is sent.
            origin = instant.timestamp() - server.clock_offset
            on_time = [g for g in governors if not g.late]
            after = [g for g in governors if g.late]
            plan = [
                *zip(on_time, _spread(IN_TIME, IN_TIME_WINDOW, origin), strict=True),
                *zip(after, _spread(LATE, LATE_WINDOW, origin), strict=True),
            ]
            twice = {g.email for g, _ in [*plan[:TWICE_IN_TIME], *plan[IN_TIME:][:TWICE_LATE]]}
            with ThreadPoolExecutor(len(plan) + len(twice)) as pool:
                jobs = []
                for governor, at in plan:
                    jobs.append(pool.submit(_send, governor, meeting_id, at, False))
                    if governor.email in twice:
                        # Sent again at the same moment, so the two meet on different workers.
                        jobs.append(pool.submit(_send, governor, meeting_id, at, True))
                for job in jobs:
                    job.result()
            log = server.log()
        finally:
            server.stop()

        # What the governors saw: every form answered with its receipt page.
        sends = [s for g in governors for s in g.sends]
        assert len(sends) == IN_TIME + LATE + TWICE_IN_TIME + TWICE_LATE
        assert Counter(s.status for s in sends) == {302: len(sends)}, log
        in_time_sent = [s.left - origin for g in on_time for s in g.sends]
        late_sent = [s.left - origin for g in after for s in g.sends]
        assert min(in_time_sent) > -10, "an in-time form left before the last ten seconds"
        assert max(in_time_sent) < -5, "an in-time form left too close to the deadline"
        assert min(late_sent) > 0, "a late form left before the deadline"

        # What the database holds: one request per governor, none lost, none stored twice.
        stored = db.session.scalars(sa.select(AgendaRequest)).all()
        assert len(stored) == IN_TIME + LATE
        by_proposer = {r.proposer_id: r for r in stored}
        assert set(by_proposer) == {g.user_id for g in governors}
        receipts: dict[str, list[str]] = {}
        for address, body in db.session.execute(
            sa.select(OutboxMessage.to_address, OutboxMessage.body_text).where(
                OutboxMessage.subject.like("We received your agenda request%")
            )
        ):
            receipts.setdefault(address, []).append(body)
        audited = Counter(
            db.session.scalars(
                sa.select(AuditEntry.record_id).where(AuditEntry.action == "request.submitted")
            )
        )
        events = Counter(db.session.scalars(sa.select(RequestEvent.request_id)))
        assert sum(map(len, receipts.values())) == len(stored)
        assert sum(audited.values()) == sum(events.values()) == len(stored)
        behind = [g for g in on_time if by_proposer[g.user_id].received_at >= instant]
        taken_in = max(by_proposer[g.user_id].received_at for g in on_time) - instant
        assert not behind, (
            f"{len(behind)} forms sent 8 to 10 s before the deadline reached the application "
            f"only after it, the last {taken_in.total_seconds():.1f} s after (too loaded a "
            "machine?)"
        )
        for governor in governors:
            request = by_proposer[governor.user_id]
            assert request.submission_key == governor.key
            # Both sends of a form sent twice land on the one request.
            assert {s.request_id for s in governor.sends} == {request.id}, governor.email
            # Received by the server between the form leaving and the answer coming back.
            received = request.received_at.timestamp() - server.clock_offset
            assert min(s.left for s in governor.sends) - TOLERANCE <= received, governor.email
            assert received <= max(s.answered for s in governor.sends) + TOLERANCE
            # The verdict that receipt time earns, and the one the sender meant.
            assert request.in_time is (request.received_at < instant), governor.email
            assert request.in_time is received_in_time(request.received_at, day, RULE)
            assert request.in_time is not governor.late, (governor.email, received - origin)
            # One receipt, which gives the same verdict.
            [receipt] = receipts[governor.email]
            assert ("so it is in time" in receipt) is request.in_time, governor.email
            assert audited[request.id] == 1, governor.email
            assert events[request.id] == 1, governor.email

    last_in_time = max(s.answered for g in on_time for s in g.sends) - origin
    rush = max(s.answered for s in sends) - min(s.left for s in sends)
    print(
        f"\nRush on {'PostgreSQL' if url.startswith('postgresql') else 'SQLite'}: seeded in "
        f"{seeded - began:.1f} s; gunicorn up in {start_took:.1f} s; {len(governors)} "
        f"signed in and opened the form in {opened - seeded - start_took:.1f} s; restarted in "
        f"{restarted - opened:.1f} s; {len(sends)} forms sent and answered in {rush:.1f} s, "
        f"the last in-time answer {-last_in_time:.1f} s before the deadline; "
        f"{real_time() - began:.1f} s in all"
    )
