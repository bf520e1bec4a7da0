"""Query counts and response times of the main pages on a large made-up council.

    python -m bench.pages [--runs 5] [--people 2000] [--meetings 300] [--requests 5000]
                          [--actions 20000] [--audit 20000] [--database-url URL] [--no-gc]

Builds a fresh database (an SQLite file in a temporary folder, or a new PostgreSQL
database when ``--database-url``/``BENCH_DATABASE_URL`` names a server), fills it with
bulk inserts, then requests each page through the Flask test client as the person it is
for and prints, per page, the SQL queries one request makes and the median time.
Pages whose endpoint does not exist yet are listed as missing. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import time
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import Flask
from werkzeug.security import generate_password_hash

from bench.harness import add_database_option, migrated_app, timed
from governors.agendas.models import AgendaItem, AgendaVersion
from governors.agendas.rules import CLOSING_TITLE
from governors.audit.models import AuditEntry
from governors.bodies.models import Body, Membership, Seat
from governors.council.models import current_settings
from governors.extensions import db
from governors.meetings.kinds import COUNCIL_STANDING_ITEMS
from governors.meetings.models import Meeting
from governors.people.models import Constituency, GovernorProfile, Role, User, UserRole
from governors.requests import clear_days
from governors.requests.models import AgendaRequest, RequestEvent
from governors.timeutil import local_to_utc, local_today, to_local

PASSWORD = "bench-password"
# The five people the pages are requested as, with the ids the data gives them.
SECRETARY, CHAIR, LEAD_GOVERNOR, GOVERNOR, SU_GOVERNOR = 1, 2, 3, 4, 5
ROLE_IDS = {
    "anonymous": None,
    "secretary": SECRETARY,
    "chair": CHAIR,
    "lead governor": LEAD_GOVERNOR,
    "governor": GOVERNOR,
    "su governor": SU_GOVERNOR,
}
TOPICS = (
    "estates strategy",
    "patient experience",
    "staff survey",
    "waiting times",
    "mental health services",
    "quality account",
    "carers strategy",
    "digital outpatients",
    "hospital discharge",
    "membership engagement",
)


@dataclass(frozen=True)
class Sizes:
    """How large the made-up council is; the defaults are the large council."""

    people: int = 2000
    meetings: int = 300
    requests: int = 5000
    audit: int = 20000
    bodies: int = 50
    actions: int = 20000


def add_size_options(parser: argparse.ArgumentParser) -> None:
    """``--people``, ``--meetings`` and the rest, for every benchmark that seeds a council."""
    for field in fields(Sizes):
        parser.add_argument(f"--{field.name}", type=int, default=field.default)


def sizes_from(args: argparse.Namespace) -> Sizes:
    return Sizes(**{field.name: getattr(args, field.name) for field in fields(Sizes)})


def seed_council(sizes: Sizes) -> dict[str, int]:
    """Seed the council (in the current app context), saying how long it took."""
    return timed(
        f"Data ({sizes.people} people, {sizes.meetings} meetings, {sizes.requests} "
        f"requests, {sizes.actions} actions, {sizes.audit} audit entries)",
        lambda: seed(sizes, local_today(), random.Random(2027)),
    )


# Seeding --------------------------------------------------------------------------------


def _title(rng: random.Random) -> str:
    first, second = rng.sample(TOPICS, 2)
    return f"{first.capitalize()} and {second}"


def _insert(model: type, rows: list[dict[str, Any]], batch: int = 2000) -> None:
    for start in range(0, len(rows), batch):
        db.session.execute(sa.insert(model), rows[start : start + batch])


def seed(sizes: Sizes, today: date, rng: random.Random) -> dict[str, int]:
    """Fill an empty, migrated database; returns the ids the pages are requested with."""
    now = datetime.now(UTC)
    password_hash = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1")
    constituencies = list(Constituency)

    # People: the five above, then governors, non-executive directors and officers.
    governors_end = max(6, int(sizes.people * 0.75))
    neds_end = governors_end + max(1, sizes.people // 10)
    users, roles, profiles = [], [], []
    for user_id in range(1, sizes.people + 1):
        users.append(
            {
                "id": user_id,
                "email": f"person{user_id}@example.org",
                "name": f"Person {user_id:05d}",
                "password_hash": password_hash,
                "active": user_id % 97 != 0,
                "created_at": now - timedelta(days=user_id % 900),
            }
        )
        if user_id == SECRETARY:
            held = [Role.SECRETARY]
        elif user_id == CHAIR:
            held = [Role.CHAIR]
        elif user_id == LEAD_GOVERNOR:
            held = [Role.GOVERNOR, Role.LEAD_GOVERNOR]
        elif user_id <= governors_end:
            held = [Role.GOVERNOR]
        elif user_id <= neds_end:
            held = [Role.NED]
        else:
            held = [Role.OFFICER]
        roles += [{"user_id": user_id, "role": role.value} for role in held]
        if Role.GOVERNOR in held:
            start = today - timedelta(days=rng.randrange(0, 3 * 365))
            constituency = (
                Constituency.SERVICE_USER
                if user_id == SU_GOVERNOR
                else constituencies[user_id % len(constituencies)]
            )
            profiles.append(
                {
                    "user_id": user_id,
                    "constituency": constituency.value,
                    "area": f"Area {user_id % 12}",
                    "route": "appointed" if constituency == Constituency.APPOINTED else "elected",
                    "term_start": start,
                    "term_end": start + timedelta(days=3 * 365),
                }
            )
    _insert(User, users)
    _insert(UserRole, roles)
    _insert(GovernorProfile, profiles)
    governor_ids = [p["user_id"] for p in profiles]

    # Bodies: the Council (made by the migrations) and committees under it, each with a
    # chair, members (one in a seat) and a second seat left empty.
    council_id = db.session.scalar(sa.select(Body.id).where(Body.kind == "council"))
    bodies, memberships, seats = [], [], []
    for n in range(sizes.bodies):
        body_id = council_id + 1 + n
        bodies.append(
            {
                "id": body_id,
                "name": f"Committee {n:03d}",
                "kind": "committee" if n % 5 else "panel",
                "parent_id": council_id,
                "remit": "To advise the Council of Governors. " * 4,
                "open_to_public": n % 3 == 0,
                "chair_builds_agenda": False,
                "membership_review_on": today + timedelta(days=n * 7),
                "quorum_numerator": 1,
                "quorum_denominator": 3,
                "quorum_minimum": 2,
                "quorum_elected_minimum": 0,
                "quorum_elected_majority": False,
                "created_at": now,
                "updated_at": now,
            }
        )
        seats += [
            {
                "id": 2 * n + 1,
                "body_id": body_id,
                "requirement": "public_governor",
                "required": 1,
                "created_at": now,
            },
            {
                "id": 2 * n + 2,
                "body_id": body_id,
                "requirement": "service_user_governor",
                "required": 1,
                "created_at": now,
            },
        ]
        members = [GOVERNOR if n % 4 == 0 else governor_ids[(n * 7) % len(governor_ids)]]
        members += rng.sample(governor_ids, 5)
        for place, user_id in enumerate(dict.fromkeys(members)):
            memberships.append(
                {
                    "body_id": body_id,
                    "user_id": user_id,
                    "role": "chair" if place == 0 else "member",
                    "seat_id": None,
                    "starts_on": today - timedelta(days=200),
                    "created_at": now,
                }
            )
    _insert(Body, bodies)
    _insert(Seat, seats)
    _insert(Membership, memberships)

    # Meetings: weekly, four in five of them in the past; one in ten a committee's.
    first_day = today - timedelta(weeks=int(sizes.meetings * 0.8))
    meetings = []
    for meeting_id in range(1, sizes.meetings + 1):
        day = first_day + timedelta(weeks=meeting_id - 1)
        meetings.append(
            {
                "id": meeting_id,
                "kind": "committee"
                if bodies and meeting_id % 10 == 5
                else ("ordinary" if meeting_id % 10 else "pre_meeting"),
                "body_id": bodies[meeting_id % len(bodies)]["id"]
                if bodies and meeting_id % 10 == 5
                else council_id,
                "starts_at": local_to_utc(day, datetime.min.time().replace(hour=14)),
                "duration_minutes": 150,
                "place": "Boardroom, Trust Headquarters",
                "created_at": now,
                "updated_at": now,
            }
        )
    _insert(Meeting, meetings)
    meeting_day = {m["id"]: to_local(m["starts_at"]).date() for m in meetings}
    next_meeting = next(m["id"] for m in meetings if meeting_day[m["id"]] >= today)

    # Requests under the council's rule, in every state; the governor proposes many.
    # Saved, as every council's are once the secretary has set them up.
    settings = current_settings()
    db.session.add(settings)
    rule = settings.rule
    requests, events = [], []
    statuses = ["submitted", "accepted", "accepted", "declined", "deferred", "withdrawn"]
    for request_id in range(1, sizes.requests + 1):
        meeting_id = rng.randrange(1, sizes.meetings + 1)
        day = meeting_day[meeting_id]
        received_at = meetings[meeting_id - 1]["starts_at"] - timedelta(
            days=rng.randrange(1, 40), minutes=rng.randrange(0, 600)
        )
        received_day = clear_days.receipt_day(received_at, rule)
        status = "submitted" if day >= today else statuses[request_id % len(statuses)]
        if status == "deferred" and meeting_id == sizes.meetings:
            status = "declined"
        session = "private" if request_id % 7 == 0 else "public"
        proposer = GOVERNOR if request_id % 25 == 0 else rng.choice(governor_ids)
        decided = status in {"accepted", "declined", "deferred"}
        requests.append(
            {
                "id": request_id,
                "meeting_id": meeting_id,
                "proposer_id": proposer,
                "title": _title(rng),
                "purpose": ("note", "discuss", "decide")[request_id % 3],
                "session": session,
                "private_reason": "Names a member of staff" if session == "private" else None,
                "note_to_chair": "Background for the Council. " * 5,
                "received_at": received_at,
                "rule_days": rule.days,
                "rule_counting": rule.counting,
                "rule_nation": rule.nation,
                "rule_cutoff": rule.cutoff,
                "deadline": clear_days.agenda_deadline(day, rule),
                "clear_days": max(0, clear_days.clear_days_between(received_day, day, rule)),
                "in_time": clear_days.received_in_time(received_at, day, rule),
                "response_due": received_day + timedelta(days=settings.response_days),
                "status": status,
                "decided_at": received_at + timedelta(days=3) if decided else None,
                "decided_by_id": CHAIR if decided else None,
                "decision_reason": "Covered by the chair's report"
                if status in {"declined", "deferred"}
                else None,
                "deferred_to_id": meeting_id + 1 if status == "deferred" else None,
            }
        )
        events.append(
            {
                "request_id": request_id,
                "occurred_at": received_at,
                "actor_id": proposer,
                "status": "submitted",
            }
        )
        if status != "submitted":
            events.append(
                {
                    "request_id": request_id,
                    "occurred_at": received_at + timedelta(days=3),
                    "actor_id": CHAIR if decided else proposer,
                    "status": status,
                    "note": requests[-1]["decision_reason"],
                }
            )
    _insert(AgendaRequest, requests)
    _insert(RequestEvent, events)

    # Agendas: standing items, then accepted requests in their part; AOB closes.
    accepted: dict[int, list[dict[str, Any]]] = {}
    for request in requests:
        if request["status"] == "accepted":
            accepted.setdefault(request["meeting_id"], []).append(request)
    items = []
    for meeting in meetings:
        if meeting["kind"] != "ordinary":
            continue
        public = [
            {
                "title": standing.title,
                "purpose": "standing",
                "standing": True,
                "minutes_allowed": standing.minutes,
            }
            for standing in COUNCIL_STANDING_ITEMS
            if standing.title != CLOSING_TITLE
        ]
        private = []
        for request in accepted.get(meeting["id"], []):
            item = {
                "title": request["title"],
                "purpose": request["purpose"],
                "standing": False,
                "minutes_allowed": 15,
                "request_id": request["id"],
                "presenter": "Director of Strategy",
            }
            (private if request["session"] == "private" else public).append(item)
        public += [
            {
                "title": standing.title,
                "purpose": "standing",
                "standing": True,
                "minutes_allowed": standing.minutes,
            }
            for standing in COUNCIL_STANDING_ITEMS
            if standing.title == CLOSING_TITLE
        ]
        for part, part_items in (("public", public), ("private", private)):
            for position, item in enumerate(part_items, start=1):
                items.append(
                    {"meeting_id": meeting["id"], "part": part, "position": position, **item}
                )
    _insert(AgendaItem, items)
    db.session.flush()

    # A published version for every Council meeting from the past up to the next one.
    from governors.agendas.services import current_snapshot

    published = db.session.scalars(
        sa.select(Meeting).where(Meeting.id <= next_meeting, Meeting.kind == "ordinary")
    ).all()
    by_meeting: dict[int, list[AgendaItem]] = {}
    for item in db.session.scalars(
        sa.select(AgendaItem).where(AgendaItem.meeting_id <= next_meeting)
    ):
        by_meeting.setdefault(item.meeting_id, []).append(item)
    versions = [
        {
            "meeting_id": meeting.id,
            "number": 1,
            "published_at": meeting.starts_at - timedelta(days=7),
            "published_by_id": SECRETARY,
            "snapshot": current_snapshot(meeting, by_meeting.get(meeting.id, [])),
        }
        for meeting in published
    ]
    _insert(AgendaVersion, versions)

    # The audit log: a long history by a few dozen people.
    actions = [
        "person.invited",
        "person.updated",
        "meeting.scheduled",
        "request.submitted",
        "request.accepted",
        "agenda.item_added",
        "agenda.published",
        "settings.changed",
    ]
    audit = [
        {
            "occurred_at": now - timedelta(minutes=17 * n),
            "actor_id": 1 + n % 40,
            "action": actions[n % len(actions)],
            "record_type": actions[n % len(actions)].split(".")[0],
            "record_id": 1 + n % 500,
            "summary": f"Changed record {1 + n % 500}",
            "before": {"title": "Old title"},
            "after": {"title": "New title"},
        }
        for n in range(sizes.audit)
    ]
    _insert(AuditEntry, audit)
    if sizes.actions:
        _seed_actions(sizes.actions, council_id, bodies, governor_ids, today, now)
    db.session.commit()
    _advance_sequences()

    busiest = max(
        (m for m in meetings if m["kind"] == "ordinary" and m["id"] <= next_meeting),
        key=lambda m: len(accepted.get(m["id"], [])),
    )
    return {
        "meeting_id": busiest["id"],
        "person_id": GOVERNOR,
        "user_id": GOVERNOR,
        "request_id": next(r["id"] for r in requests if r["proposer_id"] == GOVERNOR),
        "body_id": bodies[0]["id"] if bodies else council_id,
    }


def _seed_actions(
    count: int,
    council_id: int,
    bodies: list[dict[str, Any]],
    governor_ids: list[int],
    today: date,
    now: datetime,
) -> None:
    """The action log: ``count`` actions raised by the secretary, spread evenly over the
    bodies (one place for each committee; the Council's own, and the first public and
    private items of its first meetings), owned by the governor the pages are requested as
    and a few hundred others (``tests.actions.bulk``); all but one in fifty done long ago."""
    from governors.actions.models import Action
    from tests.actions import bulk

    places = [bulk.Place(council_id)]
    for part in ("public", "private"):
        found = db.session.execute(
            sa.select(AgendaItem.meeting_id, AgendaItem.id)
            .join(Meeting, Meeting.id == AgendaItem.meeting_id)
            .where(Meeting.body_id == council_id, AgendaItem.part == part)
            .order_by(AgendaItem.meeting_id, AgendaItem.id)
            .limit(1)
        ).first()
        if found is not None:
            places.append(bulk.Place(council_id, found[0], found[1], part == "private"))
    places += [bulk.Place(b["id"], private=not b["open_to_public"]) for b in bodies]
    owners = [GOVERNOR, LEAD_GOVERNOR, *governor_ids[5:300]]
    ids = bulk.actions(
        places,
        owners,
        SECRETARY,
        count,
        first_due=today - timedelta(days=14),
        raised_at=now - timedelta(days=30),
    )
    # Years of history: all but one in fifty were raised long ago and are done, so each
    # body's action log carries a few open actions, not hundreds.
    history = []
    for n, action_id in enumerate(ids):
        if n % 50 == 0:
            continue
        raised = now - timedelta(days=60 + n % 1800)
        history.append(
            {
                "id": action_id,
                "status": "done",
                "progress": None,
                "outcome": "Done.",
                "drop_reason": None,
                "created_at": raised,
                "updated_at": raised + timedelta(days=30),
                "closed_at": raised + timedelta(days=30),
            }
        )
    db.session.execute(sa.update(Action), history)
    assert db.session.scalar(sa.select(sa.func.count(Action.id))) == count


def _advance_sequences() -> None:
    """PostgreSQL sequences do not see explicit ids; move them past the inserted rows."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in ("users", "meetings", "agenda_requests", "bodies", "seats", "body_members"):
        db.session.execute(
            sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        )
    db.session.commit()


# Measuring ------------------------------------------------------------------------------

# (who asks, endpoint, extra query arguments): the pages people use most.
PAGES: list[tuple[str, str, dict[str, str]]] = [
    *((role, "governors.home", {}) for role in ROLE_IDS),
    ("secretary", "governors.people.directory", {}),
    ("secretary", "governors.people.detail", {}),
    ("secretary", "governors.audit.log", {}),
    ("secretary", "governors.audit.log", {"page": "50"}),
    ("governor", "governors.meetings.calendar", {}),
    ("governor", "governors.meetings.detail", {}),
    ("anonymous", "governors.meetings.public_list", {}),
    ("anonymous", "governors.public.meeting", {}),
    ("anonymous", "governors.meetings.public_feed", {}),
    ("chair", "governors.requests.queue", {}),
    ("lead governor", "governors.requests.queue", {}),
    ("governor", "governors.requests.mine", {}),
    ("governor", "governors.requests.detail", {}),
    ("governor", "governors.agendas.show", {}),
    ("secretary", "governors.agendas.edit", {}),
    ("anonymous", "governors.agendas.public", {}),
    ("anonymous", "governors.agendas.pdf_public", {}),
    ("governor", "governors.agendas.pdf_full", {}),
    ("secretary", "governors.bodies.index", {}),
    ("governor", "governors.bodies.index", {}),
    ("governor", "governors.bodies.detail", {}),
    ("lead governor", "governors.actions.log", {}),
    ("governor", "governors.actions.mine", {}),
]


@dataclass
class Result:
    role: str
    page: str
    status: int | str
    queries: int | None = None
    median_ms: float | None = None
    kilobytes: float | None = None
    path: str | None = None


def _signed_in_client(app: Flask, user_id: int | None) -> Any:
    client = app.test_client()
    if user_id is not None:
        response = client.post(
            "/account/sign-in",
            data={"email": f"person{user_id}@example.org", "password": PASSWORD},
        )
        assert response.status_code == 302, f"bench sign-in failed for person {user_id}"
    return client


def measure(app: Flask, engine: sa.Engine, ids: dict[str, int], runs: int) -> list[Result]:
    queries = 0

    def count(*args: Any) -> None:
        nonlocal queries
        queries += 1

    rules = {rule.endpoint: rule for rule in app.url_map.iter_rules()}
    clients = {role: _signed_in_client(app, user_id) for role, user_id in ROLE_IDS.items()}
    results = []
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        for role, endpoint, query in PAGES:
            name = endpoint.removeprefix("governors.") + (
                "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""
            )
            rule = rules.get(endpoint)
            if rule is None:
                results.append(Result(role, name, "missing"))
                continue
            with app.test_request_context():
                from flask import url_for

                path = url_for(endpoint, **{arg: ids[arg] for arg in rule.arguments}, **query)
            client = clients[role]
            client.get(path)  # warm caches and templates
            times, counts = [], set()
            for _ in range(runs):
                queries = 0
                started = time.perf_counter()
                response = client.get(path)
                times.append(time.perf_counter() - started)
                counts.add(queries)
            results.append(
                Result(
                    role,
                    name,
                    response.status_code,
                    max(counts),
                    statistics.median(times) * 1000,
                    len(response.data) / 1024,
                    path,
                )
            )
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    return results


def print_table(results: list[Result], runs: int) -> None:
    print(f"\n{'as':<14} {'page':<32} {'status':>7} {'queries':>8} {'median ms':>10} {'KB':>7}")
    print("-" * 82)
    for r in results:
        if r.queries is None:
            print(f"{r.role:<14} {r.page:<32} {r.status!s:>7}")
            continue
        print(
            f"{r.role:<14} {r.page:<32} {r.status!s:>7} {r.queries:>8} "
            f"{r.median_ms:>10.1f} {r.kilobytes:>7.1f}"
        )
    print(f"\nMedian of {runs} requests after one warm-up; queries are per request.")


# Databases ------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="requests per page (median)")
    add_size_options(parser)
    parser.add_argument(
        "--no-gc",
        action="store_true",
        help="measure with Python's cycle collector off (no collection pauses in the times)",
    )
    add_database_option(parser)
    args = parser.parse_args(argv)
    with migrated_app(args.database_url) as (app, engine):
        with app.app_context():
            ids = seed_council(sizes_from(args))
            db.session.remove()
        # Requested with no app context pushed, as in real use: a request inside an outer
        # context would share its ``g`` (and so the signed-in person) with every other one.
        if args.no_gc:
            gc.disable()
        results = timed("Measuring", lambda: measure(app, engine, ids, args.runs))
        gc.enable()
        print_table(results, args.runs)


if __name__ == "__main__":
    main()
