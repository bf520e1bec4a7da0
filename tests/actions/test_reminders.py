"""`flask governors send-reminders` sends each action owner with an account one digest on
the working days an action of theirs is due a reminder, and a weekly summary of the action
log to the lead governor and the secretary once an ISO week, however often it runs."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from governors.actions import services
from governors.extensions import db
from governors.outbox.models import OutboxMessage
from tests.actions.conftest import emails

# Thursday 21 January 2027, after the Council meeting that afternoon.
pytestmark = pytest.mark.clock(datetime(2027, 1, 21, 17, 0, tzinfo=UTC))
VISIT = "Arrange a visit for governors to the new discharge lounge"
SURVEY = "Bring the carers' survey results to the Council"
EASY_READ = "Publish the easy-read summary of the quality report"
PLAN = "Gather governors' views on the annual plan"
REFERENCES = "Canary action: take up references for candidate B"


def _run(app, clock, moment: datetime) -> str:
    clock.move_to(moment)
    result = app.test_cli_runner().invoke(args=["governors", "send-reminders"])
    assert result.exit_code == 0, result.output
    return result.output


def _ours() -> list[OutboxMessage]:
    return [
        m for m in emails() if m.subject.startswith(("Your actions", "The action log this week"))
    ]


def _digests() -> list[OutboxMessage]:
    return [m for m in _ours() if m.subject.startswith("Your actions")]


def _summaries() -> list[OutboxMessage]:
    return [m for m in _ours() if m.subject.startswith("The action log this week")]


def at(day: int, month: int = 1, hour: int = 6) -> datetime:
    return datetime(2027, month, day, hour, 30, tzinfo=UTC)


@pytest.fixture
def raised(council):
    made = {
        # The governor's: due on a Thursday, and on a Saturday.
        "visit": council.raise_(VISIT, date(2027, 2, 4), item=council.public_item),
        "survey": council.raise_(SURVEY, date(2027, 2, 13), item=council.public_item),
        # Someone without an account: told when raised and chased, never sent a digest.
        "easy read": council.raise_(
            EASY_READ, date(2027, 2, 4), [], named=("Sam Reid", "sam.reid@example.org")
        ),
        # The lead governor's, due a month on.
        "plan": council.raise_(PLAN, date(2027, 3, 1), [council.lead]),
        # A committee member's, on the committee's private item, due tomorrow.
        "references": council.raise_(
            REFERENCES, date(2027, 1, 22), [council.member], item=council.committee_private_item
        ),
        # Done already.
        "done": council.raise_("Circulate the timetable", date(2027, 2, 4), [council.officer]),
    }
    services.update_progress(
        council.officer, made["done"], services.Progress(status="done", outcome="Sent.")
    )
    db.session.commit()
    return made


def test_each_owner_gets_one_digest_on_a_reminder_day_and_never_twice(app, council, raised, clock):
    helen, cara = council.governor.email, council.member.email
    # Friday 22 January: the committee member's action is due today (and this is the first
    # run of the week, so the weekly summaries go too).
    output = _run(app, clock, at(22))
    assert "Queued 1 digest for action owners and 2 weekly summaries" in output
    [digest] = _digests()
    assert digest.to_address == cara
    assert digest.subject == "Your actions: 1 due today"
    assert "Due today (1)" in digest.body_text and REFERENCES in digest.body_text
    assert "(private business: please do not pass this on)" in digest.body_text
    # Run again the same day: nothing more.
    assert "Queued 0 digests" in _run(app, clock, at(22, hour=18))
    # At the weekend, nothing.
    assert "Queued 0 digests" in _run(app, clock, at(23))
    assert "Queued 0 digests" in _run(app, clock, at(24))
    assert len(_digests()) == 1

    # Thursday 28 January: a week before the visit is due.
    assert "Queued 1 digest" in _run(app, clock, at(28))
    assert "Queued 0 digests" in _run(app, clock, at(28, hour=7))
    digest = _digests()[-1]
    assert digest.to_address == helen
    assert digest.subject == "Your actions: 1 due within 7 days"
    assert "Dear Helen Carter," in digest.body_text
    assert "Due within 7 days (1)" in digest.body_text
    assert f"- {VISIT}\n  Due Thursday 4 February 2027." in digest.body_text
    assert f"http://localhost/actions/{raised['visit'].id}" in digest.body_text
    assert "http://localhost/actions/mine" in digest.body_text
    # The survey is not due for another 16 days: not in it.
    assert SURVEY not in digest.body_text

    # Thursday 4 February, the day it is due; Friday 5th, the day after it was missed.
    _run(app, clock, at(4, 2))
    assert _digests()[-1].subject == "Your actions: 1 due today"
    _run(app, clock, at(5, 2))
    digest = _digests()[-1]
    assert (digest.to_address, digest.subject) == (helen, "Your actions: 1 overdue")
    assert "Overdue (1)" in digest.body_text and VISIT in digest.body_text
    assert "Queued 0 digests" in _run(app, clock, at(6, 2))  # Saturday

    # Monday 8 February: one email with both, the overdue one and the survey a week ahead
    # (due on Saturday 13th, a week before which was a Saturday too).
    _run(app, clock, at(8, 2))
    digest = _digests()[-1]
    assert digest.subject == "Your actions: 1 overdue, 1 due within 7 days"
    body = digest.body_text
    assert body.index("Overdue (1)") < body.index(VISIT) < body.index("Due within 7 days (1)")
    assert body.index("Due within 7 days (1)") < body.index(SURVEY)
    # Friday 12 February: the survey is due tomorrow, a Saturday, so the owner hears today.
    _run(app, clock, at(12, 2))
    assert SURVEY in _digests()[-1].body_text
    assert "Queued 0 digests" in _run(app, clock, at(13, 2))

    # The named owner never had a digest; nor did the officer, whose action is done.
    addresses = {m.to_address for m in _digests()}
    assert addresses == {helen, cara}
    assert "sam.reid@example.org" not in {m.to_address for m in emails()}
    assert council.officer.email not in {m.to_address for m in emails()}


def test_the_weekly_summary_goes_once_a_week_to_the_lead_governor_and_the_secretary(
    app, council, raised, clock
):
    # Monday 25 January 2027, in ISO week 2027-W04.
    output = _run(app, clock, at(25))
    assert "and 2 weekly summaries of the action log" in output
    summaries = {m.to_address: m for m in _summaries()}
    assert set(summaries) == {council.lead.email, council.secretary.email}
    to_lead = summaries[council.lead.email].body_text
    assert summaries[council.lead.email].subject == "The action log this week: 0 overdue"
    assert "The action log for the week beginning Monday 25 January 2027" in to_lead
    assert "- Overdue: 0" in to_lead and "- Still to be done (open or in progress): 4" in to_lead
    assert "- Closed (done or dropped) in the last 7 days: 1" in to_lead
    assert "No action is overdue." in to_lead
    assert "http://localhost/actions/?period=overdue" in to_lead
    # The secretary may see the committee's private business: it is overdue, and listed.
    to_secretary = summaries[council.secretary.email]
    assert to_secretary.subject == "The action log this week: 1 overdue"
    assert "- Still to be done (open or in progress): 5" in to_secretary.body_text
    assert f"- {REFERENCES} (private business)\n  Cara Okoye; due Friday 22 January 2027." in (
        to_secretary.body_text
    )
    assert f"http://localhost/actions/{raised['references'].id}" in to_secretary.body_text
    # The lead governor may not: not even counted.
    assert "candidate B" not in to_lead

    # The rest of the week, however often it runs: nothing more.
    for moment in (at(25, hour=18), at(26), at(29), at(30), at(31)):
        assert "and 0 weekly summaries" in _run(app, clock, moment)
    assert len(_summaries()) == 2

    # The next week: once more each, on its first run (here, the Tuesday).
    assert "and 2 weekly summaries" in _run(app, clock, at(2, 2))
    assert "and 0 weekly summaries" in _run(app, clock, at(3, 2))
    later = [m for m in _summaries() if m.to_address == council.lead.email]
    assert len(later) == 2
    assert "week beginning Monday 1 February 2027" in later[-1].body_text
    assert "- Due this week: 2" in later[-1].body_text  # the visit, and the easy-read summary


def test_a_summary_is_sent_once_in_an_iso_week_across_the_year_end(app, council, clock):
    clock.move_to(datetime(2026, 12, 28, 9, 0, tzinfo=UTC))
    council.raise_(PLAN, date(2027, 1, 28), [council.lead])
    # Tuesday 29 December 2026 and Friday 1 January 2027 are both in 2026-W53.
    assert "and 2 weekly summaries" in _run(app, clock, datetime(2026, 12, 29, 6, 30, tzinfo=UTC))
    assert "and 0 weekly summaries" in _run(app, clock, datetime(2027, 1, 1, 6, 30, tzinfo=UTC))
    # Monday 4 January 2027 begins 2027-W01.
    assert "and 2 weekly summaries" in _run(app, clock, datetime(2027, 1, 4, 6, 30, tzinfo=UTC))
    weeks = [m.body_text.split("week beginning ", 1)[1].split(",")[0] for m in _summaries()]
    assert weeks == ["Monday 28 December 2026"] * 2 + ["Monday 4 January 2027"] * 2


def test_bank_holidays_in_the_councils_nation_move_the_digest(app, council, clock):
    # Due on Easter Monday 2027: a week ahead is Monday 22 March; the day before it is due
    # is Thursday 25 March, Good Friday being a holiday; missed, Tuesday 30 March.
    council.raise_(VISIT, date(2027, 3, 29), item=council.public_item)
    days = {datetime(2027, 3, day, 7, 0, tzinfo=UTC): day in (22, 25, 30) for day in range(22, 31)}
    for moment, reminded in days.items():
        output = _run(app, clock, moment)
        assert ("Queued 1 digest " in output) is reminded, moment
    assert [m.subject for m in _digests()] == [
        "Your actions: 1 due within 7 days",
        "Your actions: 1 due within 7 days",
        "Your actions: 1 overdue",
    ]


def test_the_interests_reminders_still_run(app, council, clock):
    output = _run(app, clock, at(25))
    assert "about declarations of interest." in output
    assert "weekly summar" in output
