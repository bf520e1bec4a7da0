"""Every route of the product against every role: who gets the page, who is refused.

The table names every endpoint, so a new route cannot be added without deciding who may
use it. POST-only routes are tried with an empty form: what matters here is that the
policy stops the wrong people before anything is looked at.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from flask import Flask, current_app, url_for
from werkzeug.datastructures import FileStorage

from governors.agendas import services as agendas
from governors.attendance import services as attendance
from governors.documents import services as documents
from governors.extensions import db
from tests import factories

ROLES = (
    "anonymous",
    "governor",
    "proposer",
    "lead_governor",
    "chair",
    "ned",
    "officer",
    "secretary",
)
MEMBERS = ROLES[1:]
PRIVATE_READERS = ("governor", "proposer", "lead_governor", "chair", "ned", "secretary")
GOVERNING = ("governor", "proposer", "lead_governor", "chair", "secretary")
OVERSEERS = ("lead_governor", "chair", "secretary")
EVERYONE = ROLES
APOLOGISING = ("governor", "proposer", "lead_governor", "chair")
# The secretary keeps each meeting's register and its declarations, and takes its minutes.
REGISTER_ROUTES = (
    *(
        f"governors.attendance.{name}"
        for name in (
            "register",
            "record",
            "everyone_else",
            "in_attendance",
            "remove_entry",
            "public_count",
            "declare",
            "remove_declaration",
        )
    ),
    "governors.minutes.index",
    "governors.minutes.edit",
    "governors.minutes.revisions",
    "governors.minutes.circulate",
    "governors.minutes.approve",
    "governors.minutes.amend",
    "governors.minutes.discard_draft",
    # Raising an action from a minuted item, in one step from the minute-taking page.
    "governors.actions.raise_on_item",
)

# endpoint -> the roles allowed; everyone else is refused (403, or sign-in if anonymous).
ALLOWED: dict[str, tuple[str, ...]] = {
    # Signed out, the home page is the council's public page.
    "governors.home": EVERYONE,
    "governors.public.front": EVERYONE,
    "governors.public.meeting": EVERYONE,
    "governors.auth.sign_in": EVERYONE,
    "governors.auth.sign_out": EVERYONE,
    "governors.auth.forgot_password": EVERYONE,
    "governors.auth.reset_link_sent": EVERYONE,
    "governors.auth.reset_password": EVERYONE,
    "governors.auth.accept_invitation": EVERYONE,
    "governors.people.directory": MEMBERS,
    "governors.people.detail": MEMBERS,
    "governors.people.invite": ("secretary",),
    "governors.people.edit": ("secretary",),
    "governors.people.deactivate": ("secretary",),
    "governors.people.reactivate": ("secretary",),
    "governors.people.resend_invitation": ("secretary",),
    "governors.council.edit": ("secretary",),
    "governors.audit.log": ("secretary",),
    "governors.outbox.unsent": ("secretary",),
    "governors.outbox.try_again": ("secretary",),
    "governors.meetings.calendar": MEMBERS,
    "governors.meetings.detail": MEMBERS,
    "governors.meetings.download": EVERYONE,
    "governors.meetings.schedule": ("secretary",),
    "governors.meetings.edit": ("secretary",),
    "governors.meetings.cancel": ("secretary",),
    "governors.meetings.reinstate": ("secretary",),
    "governors.meetings.subscription": MEMBERS,
    "governors.meetings.subscription_new": MEMBERS,
    "governors.meetings.subscription_revoke": MEMBERS,
    "governors.meetings.public_list": EVERYONE,
    "governors.meetings.public_feed": EVERYONE,
    "governors.meetings.archive": EVERYONE,
    "governors.meetings.personal_feed": (),  # a wrong token is simply not found
    "governors.requests.propose": GOVERNING,
    "governors.requests.mine": GOVERNING,
    "governors.requests.queue": OVERSEERS,
    "governors.requests.decide": ("chair", "secretary"),
    "governors.requests.detail": ("proposer", *OVERSEERS),
    "governors.requests.received": ("proposer", *OVERSEERS),
    "governors.requests.withdraw": ("proposer",),
    "governors.requests.change": ("proposer",),
    "governors.requests.support": ("secretary",),
    "governors.agendas.show": MEMBERS,
    "governors.agendas.version": MEMBERS,
    "governors.agendas.public": EVERYONE,
    "governors.agendas.pdf_public": EVERYONE,
    "governors.agendas.pdf_full": PRIVATE_READERS,
    "governors.agendas.edit": ("secretary",),
    "governors.agendas.add_item": ("secretary",),
    "governors.agendas.edit_item": ("secretary",),
    "governors.agendas.remove_item": ("secretary",),
    "governors.agendas.move_item": ("secretary",),
    "governors.agendas.move_item_to": ("secretary",),
    "governors.agendas.publish": ("secretary",),
    "governors.documents.download": PRIVATE_READERS,
    "governors.static": EVERYONE,
    "governors.agendas.send_report": ("secretary",),
    # Agenda builders, and the governor who proposed an item and presents it.
    "governors.papers.cover_sheet": ("secretary",),
    "governors.bodies.index": MEMBERS,
    "governors.bodies.detail": MEMBERS,
    # The world's committee meets in public, so its feed is for anyone.
    "governors.bodies.feed": EVERYONE,
    "governors.bodies.new": ("secretary",),
    "governors.bodies.edit": ("secretary",),
    "governors.bodies.reviewed": ("secretary",),
    "governors.bodies.add_member": ("secretary",),
    "governors.bodies.edit_member": ("secretary",),
    "governors.bodies.end_member": ("secretary",),
    "governors.bodies.add_seat": ("secretary",),
    "governors.bodies.remove_seat": ("secretary",),
    "governors.bodies.add_deputy": ("secretary",),
    "governors.bodies.remove_deputy": ("secretary",),
    "governors.bodies.answer": ("secretary",),
    "governors.bodies.join": ("governor", "proposer", "lead_governor", "ned"),
    # Only the person who asked withdraws their request to join.
    "governors.bodies.withdraw": ("proposer",),
    # The Council's members (its governors and its chair) send apologies.
    "governors.attendance.apologies": APOLOGISING,
    "governors.attendance.withdraw_apologies": APOLOGISING,
    **dict.fromkeys(REGISTER_ROUTES, ("secretary",)),
    # Draft minutes: the Council's members comment on them; the secretary reads them.
    "governors.minutes.draft": (*APOLOGISING, "secretary"),
    # The register of governors' interests is published; everyone keeps their own
    # register (the one tried is the governor's), and the secretary everyone's.
    "governors.interests.public": EVERYONE,
    "governors.interests.mine": MEMBERS,
    "governors.interests.index": ("secretary",),
    **dict.fromkeys(
        (f"governors.interests.{name}" for name in ("person", "make_return", "add")),
        ("governor", "secretary"),
    ),
    **dict.fromkeys(
        ("governors.interests.edit", "governors.interests.remove"), ("governor", "secretary")
    ),
    # Those who sit on the body check its meeting's agenda against their own register.
    "governors.interests.check": APOLOGISING,
    # Questions to the board: governors ask; the secretary passes them on; the one tried is
    # the proposer's, put to the director, about a private item.
    "governors.questions.ask": GOVERNING,
    "governors.questions.mine": GOVERNING,
    "governors.questions.index": ("secretary",),
    "governors.questions.public": EVERYONE,
    "governors.questions.detail": ("proposer", "ned", *OVERSEERS),
    "governors.questions.route": ("secretary",),
    "governors.questions.answer": ("ned", "secretary"),
    "governors.questions.verdict": ("proposer",),
    "governors.questions.follow_up": ("proposer",),
    # The action log: those who oversee read it and export it; the lead governor and the
    # secretary raise, change and chase actions. The one tried is the governor's, raised
    # on a public item of the Council meeting (so every member may read it) and done.
    "governors.actions.log": OVERSEERS,
    "governors.actions.export_csv": OVERSEERS,
    "governors.actions.export_pdf": OVERSEERS,
    "governors.actions.mine": MEMBERS,
    "governors.actions.new": ("lead_governor", "secretary"),
    "governors.actions.edit": ("lead_governor", "secretary"),
    "governors.actions.chase": ("lead_governor", "secretary"),
    "governors.actions.detail": MEMBERS,
    "governors.actions.evidence": MEMBERS,
    # Its owner, and those who follow actions up.
    "governors.actions.update": ("governor", "lead_governor", "secretary"),
    # The risk register: every member reads it; the secretary adds and changes risks; the
    # one tried is the trust officer's, whose score they may change.
    "governors.risks.register": MEMBERS,
    "governors.risks.overview": MEMBERS,
    "governors.risks.detail": MEMBERS,
    "governors.risks.new": ("secretary",),
    "governors.risks.edit": ("secretary",),
    "governors.risks.rescore": ("officer", "secretary"),
    # The glossary explains public agendas too: anyone reads it; the secretary keeps it.
    "governors.glossary.index": EVERYONE,
    "governors.glossary.add": ("secretary",),
    "governors.glossary.edit": ("secretary",),
    "governors.glossary.remove": ("secretary",),
    # The easy-read page: members read it (signed out, the public one of a public meeting);
    # its PDFs have the agenda PDFs' rights.
    "governors.easyread.show": EVERYONE,
    "governors.easyread.public": EVERYONE,
    "governors.easyread.pdf_public": EVERYONE,
    "governors.easyread.pdf_full": PRIVATE_READERS,
    # Board packs have the agenda PDFs' rights; the secretary makes a failed one again.
    "governors.packs.public_pack": EVERYONE,
    "governors.packs.full_pack": PRIVATE_READERS,
    "governors.packs.try_again": ("secretary",),
    # Buddying: everyone sees their own page; governors ask; the pair tried is the
    # governor's with the director, whose page and notes are theirs and the secretary's;
    # the request tried is the proposer's, which only they withdraw.
    "governors.buddying.index": MEMBERS,
    "governors.buddying.ask": ("governor", "proposer", "lead_governor"),
    "governors.buddying.withdraw": ("proposer",),
    "governors.buddying.all_pairs": ("secretary",),
    "governors.buddying.answer": ("secretary",),
    "governors.buddying.new_pair": ("secretary",),
    "governors.buddying.pair": ("governor", "ned", "secretary"),
    "governors.buddying.add_note": ("governor", "ned", "secretary"),
    "governors.buddying.end": ("secretary",),
    # Availability: those who may sit on a body say when they are not available; the
    # period tried is the governor's, which only they and the secretary open.
    **dict.fromkeys(
        ("governors.availability.new", "governors.availability.index"),
        ("governor", "proposer", "lead_governor", "chair", "ned"),
    ),
    **dict.fromkeys(
        (
            "governors.availability.period",
            "governors.availability.change_note",
            "governors.availability.end",
        ),
        ("governor", "secretary"),
    ),
    "governors.availability.everyone": ("secretary",),
    "governors.availability.record": ("secretary",),
    # Cover: the secretary arranges it; a substitute answers from the email's link, whose
    # secret alone opens the page (a wrong one is simply not found).
    "governors.cover.index": ("secretary",),
    "governors.cover.need": ("secretary",),
    "governors.cover.vacant": ("secretary",),
    "governors.cover.answer": (),
}
# Minutes PDFs of a meeting with no circulated minutes are not found, for everyone.
NO_MINUTES_YET = ("governors.minutes.pdf_public", "governors.minutes.pdf_full")
ALLOWED |= dict.fromkeys(NO_MINUTES_YET, ())
# Routes reached by a secret in the address: a wrong one is not found, for everyone.
NOT_FOUND_TOKENS = {"governors.meetings.personal_feed", "governors.cover.answer"}
# Routes tried on the committee's meeting rather than the Council's.
ON_COMMITTEE_MEETING = {"governors.agendas.send_report"}


# Every route is tried on Sunday 3 January 2027, before the shared Council meeting.
pytestmark = pytest.mark.clock(datetime(2027, 1, 3, 12, 0, tzinfo=UTC))


def test_the_table_covers_every_route(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints == set(ALLOWED), "decide who may use each new route in ALLOWED"


@pytest.fixture
def world(app: Flask) -> dict[str, object]:
    """One of each kind of record, and one person in each role."""
    world = factories.one_of_each_record(part="private")
    world |= _buddying(world["people"])
    world["period"] = factories.UnavailabilityFactory(
        user=world["people"]["governor"], note="Private: only the governor and secretary"
    )
    world["need"] = _cover_need(world)
    db.session.commit()
    return world


def _cover_need(world: dict[str, object]) -> object:
    """Cover for the governor's period at the committee's meeting."""
    from governors.cover.models import CoverNeed

    need = CoverNeed(
        unavailability_id=world["period"].id,
        meeting_id=world["committee_meeting"].id,
        absent_id=world["people"]["governor"].id,
        seat_id=world["seat"].id,
    )
    db.session.add(need)
    db.session.flush()
    return need


def _buddying(people: dict) -> dict[str, object]:
    """The governor's buddy pair with the director, and the proposer's request for a buddy."""
    from datetime import date

    from governors.buddying import services as buddying

    pair = factories.BuddyPairFactory(
        governor=people["governor"],
        buddy=people["ned"],
        created_by=people["secretary"],
        starts_on=date(2027, 1, 1),
    )
    asked = buddying.ask_for_buddy(people["proposer"], purpose="support", notify=False)
    return {"buddy_pair": pair, "buddy_request": asked}


def _url(endpoint: str, world: dict[str, object]) -> str:
    values = {
        "meeting_id": world["meeting"].id,
        "item_id": world["item"].id,
        "request_id": world["request"].id,
        "person_id": world["people"]["governor"].id,
        "document_id": world["paper"].id,
        "message_id": world["message"].id,
        "number": 1,
        "token": "not-a-real-token",
        "filename": "governors.css",
        "body_id": world["body"].id,
        "seat_id": world["seat"].id,
        "membership_id": world["membership"].id,
        "deputy_id": world["deputy"].id,
        "join_id": world["join"].id,
        "entry_id": world["entry"].id,
        "declaration_id": world["declaration"].id,
        "interest_id": world["interest"].id,
        "question_id": world["question"].id,
        "action_id": world["action"].id,
        "risk_id": world["risk"].id,
        "term_id": world["term"].id,
        "pair_id": world["buddy_pair"].id,
        "buddy_request_id": world["buddy_request"].id,
        "period_id": world["period"].id,
        "need_id": world["need"].id,
    }
    if endpoint in ON_COMMITTEE_MEETING:
        values["meeting_id"] = world["committee_meeting"].id
    rule = next(iter(current_app.url_map.iter_rules(endpoint)))
    return url_for(endpoint, **{name: values[name] for name in rule.arguments})


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_what_the_policy_allows(app, client, sign_in, world, role):
    if role != "anonymous":
        sign_in(world["people"][role])
    wrong: list[str] = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint):
        if rule.endpoint == "governors.auth.sign_out":
            continue  # would end this test's sign-in
        url = _url(rule.endpoint, world)
        method = "GET" if "GET" in rule.methods else "POST"
        response = client.open(url, method=method)
        status = response.status_code
        to_sign_in = status == 302 and "/account/sign-in" in response.headers["Location"]
        allowed = role in ALLOWED[rule.endpoint]
        if rule.endpoint in NOT_FOUND_TOKENS or rule.endpoint in NO_MINUTES_YET:
            ok = status == 404
        elif allowed:
            # 400: an empty POST to a button-only form (the policy let it through).
            ok = status in (200, 302, 303, 400) and not (to_sign_in and role != "anonymous")
            if role == "anonymous" and rule.endpoint not in {
                "governors.auth.sign_in",
                "governors.auth.sign_out",
            }:
                ok = ok and not to_sign_in
        elif role == "anonymous":
            ok = to_sign_in
        else:
            ok = status == 403
        if not ok:
            wrong.append(f"{method} {url} -> {status}")
        response.close()
    assert not wrong, f"{role} got the wrong answer from:\n" + "\n".join(wrong)


# The governors' pre-meeting, by every route about one meeting or its papers. Governors
# only: the chair is not in the table of meeting kinds' governors-only audience (see
# governors.meetings.kinds). ``None``: no such page for anyone, the public included.
PRE_MEETING_READERS = ("governor", "proposer", "lead_governor", "secretary")
PRE_MEETING_ALLOWED: dict[str, tuple[str, ...] | None] = {
    "governors.meetings.detail": PRE_MEETING_READERS,
    "governors.meetings.download": PRE_MEETING_READERS,
    "governors.meetings.edit": ("secretary",),
    "governors.meetings.cancel": ("secretary",),
    "governors.meetings.reinstate": ("secretary",),
    "governors.agendas.show": PRE_MEETING_READERS,
    "governors.agendas.version": PRE_MEETING_READERS,
    "governors.agendas.pdf_full": PRE_MEETING_READERS,
    "governors.agendas.public": None,
    "governors.agendas.pdf_public": None,
    "governors.agendas.edit": ("secretary",),
    "governors.agendas.add_item": ("secretary",),
    "governors.agendas.edit_item": ("secretary",),
    "governors.agendas.remove_item": ("secretary",),
    "governors.agendas.move_item": ("secretary",),
    "governors.agendas.move_item_to": ("secretary",),
    "governors.agendas.publish": ("secretary",),
    "governors.documents.download": PRE_MEETING_READERS,
    # A Council meeting sends no report to itself.
    "governors.agendas.send_report": None,
    # The chair may not see the pre-meeting, so sends no apologies for it.
    "governors.attendance.apologies": ("governor", "proposer", "lead_governor"),
    "governors.attendance.withdraw_apologies": ("governor", "proposer", "lead_governor"),
    **dict.fromkeys(REGISTER_ROUTES, ("secretary",)),
    "governors.minutes.draft": ("governor", "proposer", "lead_governor", "secretary"),
    "governors.interests.check": ("governor", "proposer", "lead_governor"),
    **dict.fromkeys(NO_MINUTES_YET),
    # The public page of a meeting exists only for meetings held in public.
    "governors.public.meeting": None,
    "governors.easyread.show": PRE_MEETING_READERS,
    "governors.easyread.pdf_full": PRE_MEETING_READERS,
    "governors.easyread.public": None,
    "governors.easyread.pdf_public": None,
    # Those who see the meeting have its public board pack, even when it is not public.
    "governors.packs.public_pack": PRE_MEETING_READERS,
    "governors.packs.full_pack": PRE_MEETING_READERS,
    "governors.packs.try_again": ("secretary",),
}


def test_the_pre_meeting_table_covers_every_route_about_a_meeting(app: Flask) -> None:
    endpoints = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if {"meeting_id", "document_id"} & rule.arguments
    }
    assert endpoints == set(PRE_MEETING_ALLOWED), "decide who may use it on a pre-meeting"


def _register_of(secretary, meeting, item, person) -> dict[str, object]:
    """A line of ``meeting``'s register and a declaration on ``item``, for its routes."""
    entry = attendance.record_attendance(secretary, meeting, person, "present")
    declaration = attendance.record_declaration(secretary, item, person, "A trustee", "stayed")
    return {"entry": entry, "declaration": declaration}


@pytest.fixture
def pre_meeting_world(world: dict[str, object]) -> dict[str, object]:
    """The same people, and a governors' pre-meeting with a published agenda and paper."""
    secretary = world["people"]["secretary"]
    pre_meeting = factories.MeetingFactory(
        kind="pre_meeting",
        starts_at=datetime(2027, 1, 14, 10, 0, tzinfo=UTC),
        video_link="https://meet.example.org/governors-only",
    )
    paper = documents.store_upload(
        secretary,
        FileStorage(stream=io.BytesIO(b"%PDF-1.4\n%%EOF\n"), filename="Questions.pdf"),
    )
    agendas.add_item(
        secretary, pre_meeting, part="public", title="Questions for the board", papers=[paper]
    )
    item = agendas.add_item(secretary, pre_meeting, part="private", title="Chair's appraisal")
    agendas.publish(secretary, pre_meeting, notify=False)
    db.session.commit()
    world = {**world, **_register_of(secretary, pre_meeting, item, world["people"]["governor"])}
    return {
        **world,
        "meeting": pre_meeting,
        "committee_meeting": pre_meeting,
        "item": item,
        "paper": paper,
    }


def _walk_table(app, client, world, table, role: str, secret: bytes) -> int:
    """Try every route of ``table`` as ``role``; refused answers must not show ``secret``.
    Returns how many pages the role read (200)."""
    wrong: list[str] = []
    reached = 0
    for endpoint, allowed_roles in sorted(table.items()):
        rule = next(iter(app.url_map.iter_rules(endpoint)))
        url = _url(endpoint, world)
        method = "GET" if "GET" in rule.methods else "POST"
        response = client.open(url, method=method)
        status = response.status_code
        to_sign_in = status == 302 and "/account/sign-in" in response.headers["Location"]
        if allowed_roles is None:
            ok = status == 404
        elif role in allowed_roles:
            ok = status in (200, 302, 303, 400) and not to_sign_in
            reached += ok and status == 200
        elif role == "anonymous":
            ok = to_sign_in
        else:
            ok = status in (403, 404)
            assert secret not in response.data, url
        if not ok:
            wrong.append(f"{method} {url} -> {status}")
        response.close()
    assert not wrong, f"{role} got the wrong answer from:\n" + "\n".join(wrong)
    return reached


@pytest.mark.parametrize("role", ROLES)
def test_the_pre_meeting_is_closed_by_every_route_to_all_but_governors(
    app, client, sign_in, pre_meeting_world, role
):
    if role != "anonymous":
        sign_in(pre_meeting_world["people"][role])
    reached = _walk_table(
        app, client, pre_meeting_world, PRE_MEETING_ALLOWED, role, b"governors-only"
    )
    if role in PRE_MEETING_READERS:
        assert reached >= 6, "a governor reads the page, calendar, agenda, PDF and paper"


@pytest.mark.parametrize("role", ROLES)
def test_a_record_that_does_not_exist_is_not_found_before_anything_is_asked(
    app, client, sign_in, world, role
):
    """Load the record (404), then authorise (401/403): the same answer for everyone."""
    if role != "anonymous":
        sign_in(world["people"][role])
    missing = {name: 999_999 for name in ("meeting_id", "item_id", "request_id", "person_id")}
    missing |= {"document_id": 999_999, "message_id": 999_999, "body_id": 999_999}
    missing |= {
        name: 999_999 for name in ("seat_id", "membership_id", "deputy_id", "join_id", "entry_id")
    }
    missing |= {"declaration_id": 999_999, "interest_id": 999_999, "question_id": 999_999}
    missing |= {"action_id": 999_999, "risk_id": 999_999, "term_id": 999_999}
    missing |= {"pair_id": 999_999, "buddy_request_id": 999_999}
    missing |= {"period_id": 999_999, "need_id": 999_999}
    wrong: list[str] = []
    checked = 0
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint):
        ids = set(missing) & rule.arguments
        if not ids:
            continue
        values = {name: missing.get(name, 1) for name in rule.arguments}
        url = url_for(rule.endpoint, **values)
        method = "GET" if "GET" in rule.methods else "POST"
        with client.open(url, method=method) as response:
            checked += 1
            if response.status_code != 404:
                wrong.append(f"{method} {url} -> {response.status_code}")
    assert checked >= 20
    assert not wrong, f"{role} got something other than 404 from:\n" + "\n".join(wrong)


# A closed committee's meeting, by every route about one meeting or its papers: governors
# and directors see that it meets and its public part; its private part (the full PDF, the
# private paper) is for its members and the secretary. Officers not on it see nothing.
COMMITTEE_ROLES = (*ROLES, "committee_member")
COUNCIL_SIDE = ("governor", "proposer", "lead_governor", "chair", "ned", "secretary")
ON_THE_COMMITTEE = ("committee_member", "secretary")
COMMITTEE_ALLOWED: dict[str, tuple[str, ...] | None] = {
    "governors.meetings.detail": (*COUNCIL_SIDE, "committee_member"),
    "governors.meetings.download": (*COUNCIL_SIDE, "committee_member"),
    "governors.meetings.edit": ("secretary",),
    "governors.meetings.cancel": ("secretary",),
    "governors.meetings.reinstate": ("secretary",),
    "governors.agendas.show": (*COUNCIL_SIDE, "committee_member"),
    "governors.agendas.version": (*COUNCIL_SIDE, "committee_member"),
    "governors.agendas.pdf_full": ON_THE_COMMITTEE,
    "governors.agendas.public": None,
    "governors.agendas.pdf_public": None,
    "governors.agendas.edit": ("secretary",),
    "governors.agendas.add_item": ("secretary",),
    "governors.agendas.edit_item": ("secretary",),
    "governors.agendas.remove_item": ("secretary",),
    "governors.agendas.move_item": ("secretary",),
    "governors.agendas.move_item_to": ("secretary",),
    "governors.agendas.publish": ("secretary",),
    "governors.agendas.send_report": ("secretary",),
    "governors.documents.download": ON_THE_COMMITTEE,
    # Only the committee's own members send apologies for its meetings.
    "governors.attendance.apologies": ("committee_member",),
    "governors.attendance.withdraw_apologies": ("committee_member",),
    **dict.fromkeys(REGISTER_ROUTES, ("secretary",)),
    "governors.minutes.draft": ("committee_member", "secretary"),
    "governors.interests.check": ("committee_member",),
    **dict.fromkeys(NO_MINUTES_YET),
    "governors.public.meeting": None,
    "governors.easyread.show": (*COUNCIL_SIDE, "committee_member"),
    "governors.easyread.pdf_full": ON_THE_COMMITTEE,
    "governors.easyread.public": None,
    "governors.easyread.pdf_public": None,
    "governors.packs.public_pack": (*COUNCIL_SIDE, "committee_member"),
    "governors.packs.full_pack": ON_THE_COMMITTEE,
    "governors.packs.try_again": ("secretary",),
}


def test_the_committee_table_covers_every_route_about_a_meeting() -> None:
    assert set(COMMITTEE_ALLOWED) == set(PRE_MEETING_ALLOWED)


@pytest.fixture
def committee_world(world: dict[str, object]) -> dict[str, object]:
    """The same people, one more governor who sits on a closed committee, and that
    committee's meeting with a published agenda whose private item has a paper."""
    secretary = world["people"]["secretary"]
    member = factories.governor()
    committee = factories.BodyFactory(name="Nominations and Remuneration Committee")
    factories.MembershipFactory(body=committee, user=member)
    meeting = factories.MeetingFactory(
        body=committee, starts_at=datetime(2027, 1, 27, 10, 0, tzinfo=UTC)
    )
    paper = documents.store_upload(
        secretary,
        FileStorage(stream=io.BytesIO(b"%PDF-1.4\n%%EOF\n"), filename="Shortlist.pdf"),
    )
    agendas.add_item(secretary, meeting, part="public", title="Timetable for the appointment")
    item = agendas.add_item(secretary, meeting, part="private", title="Candidates", papers=[paper])
    agendas.publish(secretary, meeting, notify=False)
    world = {**world, **_register_of(secretary, meeting, item, member)}
    db.session.commit()
    people = {**world["people"], "committee_member": member}
    return {
        **world,
        "people": people,
        "meeting": meeting,
        "committee_meeting": meeting,
        "item": item,
        "paper": paper,
    }


@pytest.mark.parametrize("role", COMMITTEE_ROLES)
def test_a_closed_committees_meeting_is_open_by_membership(
    app, client, sign_in, committee_world, role
):
    if role != "anonymous":
        sign_in(committee_world["people"][role])
    reached = _walk_table(app, client, committee_world, COMMITTEE_ALLOWED, role, b"Shortlist.pdf")
    if role in ON_THE_COMMITTEE:
        assert reached >= 6, "a member reads the page, calendar, agenda, PDF and paper"
