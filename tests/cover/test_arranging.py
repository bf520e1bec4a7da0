"""Arranging cover: apologies and needs for the meetings a period touches, who is asked,
answers, the next person asked on a decline or no answer, vacant seats and release when
the period ends early."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from governors.attendance.models import AttendanceRecord, Presence
from governors.audit.models import AuditEntry
from governors.bodies.models import Seat, SeatDeputy
from governors.cover import arranging
from governors.cover.models import CoverNeed, CoverOffer, CoverStatus, OfferStatus
from governors.cover.services import end_early, record_unavailability
from governors.errors import Refused
from governors.extensions import db
from governors.outbox.models import OutboxMessage
from tests import factories

# Monday 4 January 2027, 09:00 in London (GMT).
NOW = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
pytestmark = pytest.mark.clock(NOW)
TODAY = date(2027, 1, 4)
NOTE = "Canary: my chemotherapy starts this week"
# The committee meets today at 14:00 and again in a fortnight.
TODAY_AT = datetime(2027, 1, 4, 14, 0, tzinfo=UTC)
LATER_AT = datetime(2027, 1, 18, 14, 0, tzinfo=UTC)


@pytest.fixture
def world(app):
    return make_world()


def make_world() -> dict:
    """A committee with a service user seat (the chair and Leon hold it, Niamh is its
    deputy), meeting today at 14:00 and in a fortnight, and a Council meeting."""
    secretary = factories.secretary(name="Rachel Turner")
    chair = factories.governor(name="Chloe Bennett", constituency="service_user")
    absent = factories.governor(name="Leon Wright", constituency="service_user")
    first = factories.governor(name="Niamh Gallagher", constituency="service_user")
    second = factories.governor(name="Donna Price", constituency="service_user")
    public = factories.governor(name="Dev Patel", constituency="public")
    body = factories.BodyFactory(name="Experience Committee")
    seat = Seat(body=body, requirement="service_user_governor", required=2)
    db.session.add(seat)
    db.session.flush()
    factories.MembershipFactory(body=body, user=chair, role="chair", seat=seat)
    factories.MembershipFactory(body=body, user=absent, seat=seat)
    db.session.add(SeatDeputy(seat=seat, user=first, position=1))
    today = factories.MeetingFactory(body=body, starts_at=TODAY_AT)
    later = factories.MeetingFactory(body=body, starts_at=LATER_AT)
    council = factories.MeetingFactory(starts_at=datetime(2027, 1, 21, 14, 0, tzinfo=UTC))
    db.session.flush()
    return {
        "secretary": secretary,
        "chair": chair,
        "absent": absent,
        "first": first,
        "second": second,
        "public": public,
        "body": body,
        "seat": seat,
        "today": today,
        "later": later,
        "council": council,
    }


def _away(world, ends_on=None, note=NOTE):
    return record_unavailability(
        world["secretary"],
        world["absent"],
        starts_on=TODAY,
        ends_on=ends_on,
        note=note,
        consent_noted=True,
    )


def _need(world, meeting="today") -> CoverNeed:
    return db.session.scalars(
        sa.select(CoverNeed).where(CoverNeed.meeting_id == world[meeting].id)
    ).one()


def _mail(to) -> list[OutboxMessage]:
    return list(
        db.session.scalars(
            sa.select(OutboxMessage)
            .where(OutboxMessage.to_address == to.email)
            .order_by(OutboxMessage.id)
        )
    )


def _no_note_anywhere() -> None:
    for message in db.session.scalars(sa.select(OutboxMessage)):
        assert "Canary" not in message.body_text and "Canary" not in message.subject
    for entry in db.session.scalars(sa.select(AuditEntry)):
        assert "Canary" not in entry.summary
        assert "Canary" not in str(entry.before) + str(entry.after)


def test_a_period_sends_apologies_and_needs_cover_for_each_committee_meeting(world):
    period = _away(world)
    needs = {n.meeting_id: n for n in db.session.scalars(sa.select(CoverNeed))}
    assert set(needs) == {world["today"].id, world["later"].id}
    assert needs[world["today"].id].seat_id == world["seat"].id
    assert needs[world["today"].id].status == CoverStatus.OPEN
    records = db.session.scalars(
        sa.select(AttendanceRecord).where(AttendanceRecord.user_id == world["absent"].id)
    ).all()
    # Apologies for the Council meeting too, with no substitute.
    assert {r.meeting_id for r in records} == {
        world["today"].id,
        world["later"].id,
        world["council"].id,
    }
    assert all(r.status == Presence.APOLOGIES and r.message is None for r in records)
    touched = arranging.touched_by(period)
    assert [t.meeting.id for t in touched.meetings] == [
        world["today"].id,
        world["later"].id,
        world["council"].id,
    ]
    assert touched.meetings[2].council and touched.meetings[2].need is None
    assert touched.seats[0].seat.id == world["seat"].id
    _no_note_anywhere()


def test_planning_again_adds_nothing_twice(world):
    period = _away(world)
    assert arranging.plan_cover(world["secretary"], period) == []
    assert db.session.scalar(sa.select(sa.func.count(CoverNeed.id))) == 2


def test_buddy_meetings_are_listed(world):
    factories.BuddyPairFactory(governor=world["absent"], buddy=world["public"])
    period = _away(world)
    touched = arranging.touched_by(period)
    assert [b.other.name for b in touched.buddies] == ["Dev Patel"]


def test_the_pre_agreed_deputy_is_proposed_first_and_others_are_passed_over_with_why(world):
    _away(world)
    ranking = arranging.ranking_for(_need(world))
    assert [p.name for p in ranking.proposed] == ["Niamh Gallagher", "Donna Price"]
    why = {p.name: p.why for p in ranking.passed_over}
    assert why["Dev Patel"] == "Is not a service user governor"
    assert why["Chloe Bennett"] == "Is already a member of this committee"
    assert "Leon Wright" not in why


def test_a_clash_with_another_meeting_at_the_same_time(world):
    other = factories.BodyFactory(name="Recovery Group")
    factories.MembershipFactory(body=other, user=world["first"])
    factories.MeetingFactory(body=other, starts_at=TODAY_AT + timedelta(minutes=30))
    _away(world)
    ranking = arranging.ranking_for(_need(world))
    assert [p.name for p in ranking.proposed] == ["Donna Price"]
    why = {p.name: p.why for p in ranking.passed_over}
    assert why["Niamh Gallagher"].startswith("Is already committed then: the Recovery Group")


def test_covers_in_the_last_year_share_the_load(world):
    third = factories.governor(name="Aaron Ames", constituency="service_user")
    past = factories.MeetingFactory(body=world["body"], starts_at=NOW - timedelta(days=30))
    old = factories.UnavailabilityFactory(
        user=world["chair"], starts_on=date(2026, 12, 1), ends_on=date(2026, 12, 10)
    )
    db.session.add(
        CoverNeed(
            unavailability_id=old.id,
            meeting_id=past.id,
            absent_id=world["chair"].id,
            status="covered",
            deputy_id=third.id,
        )
    )
    db.session.flush()
    _away(world)
    ranking = arranging.ranking_for(_need(world))
    # Donna has not stood in; Aaron has once, so comes after her.
    assert [p.name for p in ranking.proposed] == ["Niamh Gallagher", "Donna Price", "Aaron Ames"]
    assert "Has stood in once in the last 12 months" in ranking.proposed[2].reasons


def test_ask_then_accept_covers_the_seat_and_the_register_shows_the_deputy(world, clock):
    _away(world)
    need = _need(world)
    offer = arranging.ask(world["secretary"], need, world["first"].id, answer_hours=24)
    # The sooner of 24 hours and the meeting's start.
    assert offer.answer_by == TODAY_AT
    assert need.status == CoverStatus.ASKED
    email = _mail(world["first"])[-1]
    assert f"/cover/answer/{offer.token}?answer=accept" in email.body_text
    assert f"/cover/answer/{offer.token}?answer=decline" in email.body_text
    assert f"/meetings/{world['today'].id}" in email.body_text
    assert "Leon Wright, who is not available" in email.body_text
    arranging.answer(offer, accept=True)
    assert need.status == CoverStatus.COVERED and need.deputy_id == world["first"].id
    entry = db.session.scalars(
        sa.select(AttendanceRecord).where(
            AttendanceRecord.meeting_id == world["today"].id,
            AttendanceRecord.user_id == world["first"].id,
        )
    ).one()
    assert entry.status == Presence.DEPUTY and entry.deputy_for_id == world["absent"].id
    assert "Niamh Gallagher will stand in" in _mail(world["secretary"])[-1].subject
    with pytest.raises(Refused, match="already been answered"):
        arranging.answer(offer, accept=False)
    _no_note_anywhere()


def test_a_decline_asks_the_next_with_the_same_time_to_answer(world):
    _away(world)
    need = _need(world, "later")
    first = arranging.ask(world["secretary"], need, world["first"].id, answer_hours=4)
    arranging.answer(first, accept=False)
    assert first.status == OfferStatus.DECLINED
    second = db.session.scalars(
        sa.select(CoverOffer).where(CoverOffer.candidate_id == world["second"].id)
    ).one()
    assert second.status == OfferStatus.ASKED
    assert second.answer_by == NOW + timedelta(hours=4)
    why = {p.name: p.why for p in arranging.ranking_for(need).passed_over}
    assert why["Niamh Gallagher"] == "Declined on Monday 4 January 2027"
    # The last one declines too: nobody left, so the seat is vacant and people are told.
    arranging.answer(second, accept=False)
    assert need.status == CoverStatus.VACANT
    for person in (world["secretary"], world["chair"]):
        assert _mail(person)[-1].subject.startswith("The service user governor seat is vacant")
        assert "Leon Wright is not available" in _mail(person)[-1].body_text
    # The secretary is sent to the cover page; the chair, who cannot open it, to the meeting.
    need_link = f"/cover/needs/{need.id}"
    assert need_link in _mail(world["secretary"])[-1].body_text
    chairs = _mail(world["chair"])[-1].body_text
    assert need_link not in chairs and f"/meetings/{need.meeting_id}" in chairs
    _no_note_anywhere()


def test_no_answer_in_time_expires_and_the_sweep_asks_the_next(world, clock):
    _away(world)
    need = _need(world, "later")
    first = arranging.ask(world["secretary"], need, world["first"].id, answer_hours=2)
    clock.move_to(NOW + timedelta(hours=3))
    counts = arranging.sweep()
    assert counts["expired"] == 1
    assert first.status == OfferStatus.EXPIRED
    assert {o.candidate_id: o.status for o in need.offers}[world["second"].id] == "asked"
    assert "Did not answer in time" in {p.why for p in arranging.ranking_for(need).passed_over}
    with pytest.raises(Refused, match="already been answered"):
        arranging.answer(first, accept=True)


def test_an_answer_after_the_time_is_refused(world, clock):
    _away(world)
    offer = arranging.ask(
        world["secretary"], _need(world, "later"), world["first"].id, answer_hours=1
    )
    clock.move_to(NOW + timedelta(hours=2))
    assert not arranging.is_open(offer)
    with pytest.raises(Refused, match="time to answer"):
        arranging.answer(offer, accept=True)


def test_no_suitable_substitute_makes_the_seat_vacant_at_once(world):
    # The only other service user governors are away too.
    for person in (world["first"], world["second"]):
        record_unavailability(person, person, starts_on=TODAY, plan=False)
    _away(world)
    need = _need(world)
    assert need.status == CoverStatus.VACANT
    assert arranging.vacant_seat_names(world["today"]) == ["service user governor"]
    subjects = [m.subject for m in _mail(world["chair"])]
    assert any("The service user governor seat is vacant" in s for s in subjects)
    assert _mail(world["secretary"])
    _no_note_anywhere()


def test_the_notice_rule_refuses_a_late_substitute_without_the_chairs_agreement(world):
    world["body"].substitute_notice = "noon_previous_working_day"
    _away(world)
    need = _need(world)
    assert arranging.notice_passed(need)
    with pytest.raises(Refused) as refused:
        arranging.ask(world["secretary"], need, world["first"].id, answer_hours=1)
    assert refused.value.field == "late_agreed"
    offer = arranging.ask(
        world["secretary"], need, world["first"].id, answer_hours=1, late_agreed=True
    )
    assert need.late_agreed and offer.status == OfferStatus.ASKED
    # In time for the later meeting.
    later = _need(world, "later")
    assert not arranging.notice_passed(later)
    arranging.ask(world["secretary"], later, world["first"].id, answer_hours=1)


def test_only_a_proposed_person_and_a_listed_time_may_be_asked(world):
    _away(world)
    need = _need(world)
    with pytest.raises(Refused) as refused:
        arranging.ask(world["secretary"], need, world["public"].id, answer_hours=1)
    assert refused.value.field == "candidate"
    with pytest.raises(Refused) as refused:
        arranging.ask(world["secretary"], need, world["first"].id, answer_hours=3)
    assert refused.value.field == "answer_hours"


def test_ending_early_releases_cover_after_the_new_end(world, clock):
    period = _away(world)
    later = _need(world, "later")
    offer = arranging.ask(world["secretary"], later, world["first"].id, answer_hours=48)
    clock.move_to(datetime(2027, 1, 6, 9, 0, tzinfo=UTC))
    end_early(world["absent"], period)
    assert later.status == CoverStatus.RELEASED
    assert offer.status == OfferStatus.WITHDRAWN
    assert "No longer needed" in _mail(world["first"])[-1].subject
    remaining = db.session.scalars(
        sa.select(AttendanceRecord.meeting_id).where(AttendanceRecord.user_id == world["absent"].id)
    ).all()
    # Today's meeting (past) keeps its apologies; the later ones are taken back.
    assert remaining == [world["today"].id]


def test_covered_cover_stays_when_the_period_ends_early_and_the_secretary_is_told(world, clock):
    period = _away(world)
    later = _need(world, "later")
    offer = arranging.ask(world["secretary"], later, world["first"].id, answer_hours=48)
    arranging.answer(offer, accept=True)
    clock.move_to(datetime(2027, 1, 6, 9, 0, tzinfo=UTC))
    end_early(world["absent"], period)
    assert later.status == CoverStatus.COVERED
    assert "Leon Wright is available again" in _mail(world["secretary"])[-1].subject


def test_the_sweep_extends_a_period_until_further_notice(world, clock):
    _away(world)
    far = factories.MeetingFactory(
        body=world["body"], starts_at=datetime(2027, 4, 12, 13, 0, tzinfo=UTC)
    )
    db.session.flush()
    assert db.session.scalar(sa.select(CoverNeed).where(CoverNeed.meeting_id == far.id)) is None
    clock.move_to(datetime(2027, 1, 20, 9, 0, tzinfo=UTC))
    assert arranging.sweep()["planned"] == 1
    assert db.session.scalar(sa.select(CoverNeed).where(CoverNeed.meeting_id == far.id))


def test_ending_early_keeps_apologies_the_member_sent_themselves(world, clock):
    from governors.attendance import services as attendance

    attendance.send_apologies(world["absent"], world["council"], "Away at a wedding")
    period = record_unavailability(
        world["absent"], world["absent"], starts_on=date(2027, 1, 5), ends_on=date(2027, 1, 31)
    )
    clock.move_to(datetime(2027, 1, 6, 9, 0, tzinfo=UTC))
    end_early(world["absent"], period)
    kept = db.session.scalars(
        sa.select(AttendanceRecord).where(
            AttendanceRecord.user_id == world["absent"].id,
            AttendanceRecord.meeting_id == world["council"].id,
        )
    ).one()
    assert kept.status == Presence.APOLOGIES and kept.message == "Away at a wedding"
    assert _need(world, "later").status == CoverStatus.RELEASED


def test_candidates_are_found_without_a_query_per_person(world):
    from tests.queries import counting_queries

    _away(world)
    need = _need(world)

    def count() -> int:
        db.session.expire_all()
        need_again = db.session.get(CoverNeed, need.id)
        with counting_queries() as statements:
            arranging.ranking_for(need_again)
        return len(statements)

    few = count()
    for n in range(12):
        factories.governor(name=f"Extra {n}", constituency="service_user")
    db.session.flush()
    assert count() == few
