"""The action log through its pages: raising an action from the minute-taking page in one
step and on its own, refusing what cannot be right, owners moving their actions on, the
lead governor changing and chasing them, and the log's filters, counts and pages."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from governors.actions import services
from governors.actions.models import Action, ActionUpdate
from governors.extensions import db
from tests import factories
from tests.actions.conftest import emails, page_text, path

# Thursday 21 January 2027, after the Council meeting that afternoon.
pytestmark = pytest.mark.clock(datetime(2027, 1, 21, 17, 0, tzinfo=UTC))
PLAN = "Send governors the falls prevention plan and the date it will be reviewed"


def _typed(council, **overrides: str) -> dict[str, str]:
    """A filled-in, valid action form: the governor to do it by Thursday 18 February 2027."""
    data = {
        "description": PLAN,
        "owner_1": str(council.governor.id),
        "owner_2": "",
        "owner_3": "",
        "owner_name": "",
        "owner_email": "",
        "due_on-day": "18",
        "due_on-month": "2",
        "due_on-year": "2027",
    }
    data.update(overrides)
    return data


def _raise_url(council) -> str:
    return path(
        "governors.actions.raise_on_item",
        meeting_id=council.meeting.id,
        item_id=council.public_item.id,
    )


def _only_action() -> Action:
    return db.session.scalars(sa.select(Action)).one()


# Raising -----------------------------------------------------------------------------


def test_the_secretary_raises_an_action_from_the_minute_taking_page_in_one_step(
    council, client, sign_in
):
    sign_in(council.secretary)
    minute = path(
        "governors.minutes.edit", meeting_id=council.meeting.id, item_id=council.public_item.id
    )
    page = client.get(minute)
    html = page.get_data(as_text=True)
    assert "Raise an action on this item" in page_text(page)
    assert f'action="{_raise_url(council)}"' in html

    data = _typed(council, owner_name="Sam Reid", owner_email="sam.reid@example.org")
    raised = client.post(_raise_url(council), data=data)
    assert raised.status_code == 302
    assert raised.location.endswith(minute + "#actions")
    back = page_text(client.get(minute))
    assert "Action raised. Its owners have been told." in back
    assert f"{PLAN}: Helen Carter, Sam Reid, by Thursday 18 February 2027" in back

    action = _only_action()
    assert (action.meeting_id, action.item_id, action.body_id) == (
        council.meeting.id,
        council.public_item.id,
        council.meeting.body_id,
    )
    assert action.private is False
    assert action.due_on == action.original_due_on == date(2027, 2, 18)
    assert action.status == "open"
    # Each owner is told: the governor with a link to the action, the named person by reply.
    told = {m.to_address: m for m in emails()}
    assert set(told) == {"helen.carter@example.org", "sam.reid@example.org"}
    assert told["helen.carter@example.org"].subject == "An action for you"
    assert f"http://localhost/actions/{action.id}" in told["helen.carter@example.org"].body_text
    assert "by Thursday 18 February 2027" in told["sam.reid@example.org"].body_text
    assert "replying to this email" in told["sam.reid@example.org"].body_text
    [raised_entry] = db.session.scalars(sa.select(ActionUpdate)).all()
    assert (raised_entry.summary, raised_entry.actor_id) == ("Raised", council.secretary.id)


def test_an_action_raised_on_a_private_item_is_private(council, client, sign_in):
    sign_in(council.secretary)
    url = path(
        "governors.actions.raise_on_item",
        meeting_id=council.meeting.id,
        item_id=council.private_item.id,
    )
    assert "the action is private too" in page_text(client.get(url))
    assert client.post(url, data=_typed(council)).status_code == 302
    assert _only_action().private is True


def test_an_item_of_another_meeting_is_not_found(council, client, sign_in):
    sign_in(council.secretary)
    url = path(
        "governors.actions.raise_on_item",
        meeting_id=council.next_meeting.id,
        item_id=council.public_item.id,
    )
    assert client.get(url).status_code == 404


def test_the_lead_governor_raises_an_action_on_its_own(council, client, sign_in):
    sign_in(council.lead)
    form = page_text(client.get(path("governors.actions.new")))
    assert "Raise an action" in form and "Which body is it for?" in form
    data = _typed(council, body_id=str(council.committee.id), owner_2=str(council.member.id))
    raised = client.post(path("governors.actions.new"), data=data)
    assert raised.status_code == 302
    action = _only_action()
    assert raised.location.endswith(path("governors.actions.detail", action_id=action.id))
    page = page_text(client.get(raised.location))
    assert "Action raised. Its owners have been told." in page
    assert "Raised at Nominations and Remuneration Committee, raised on its own" in page
    assert "Owners Helen Carter, Cara Okoye" in page
    assert (action.meeting_id, action.item_id, action.private) == (None, None, False)


def test_raising_on_its_own_needs_a_body(council, client, sign_in):
    sign_in(council.lead)
    response = client.post(path("governors.actions.new"), data=_typed(council))
    assert response.status_code == 200
    text = page_text(response)
    assert "There is a problem Choose the body the action is for" in text
    assert 'href="#body_id"' in response.get_data(as_text=True)
    assert db.session.scalars(sa.select(Action)).all() == []


BAD_INPUT = [
    pytest.param(
        {"owner_1": ""},
        "owner_1",
        "Choose an owner, or name someone without an account",
        id="no-owner",
    ),
    pytest.param(
        {"owner_1": "", "owner_name": "Sam Reid"},
        "owner_email",
        "Enter the email address of the person without an account",
        id="named-without-email",
    ),
    pytest.param(
        {"owner_1": "", "owner_name": "Sam Reid", "owner_email": "sam.reid.example.org"},
        "owner_email",
        "Enter an email address in the right format, like name@example.org",
        id="bad-email",
    ),
    pytest.param(
        {"due_on-day": "20", "due_on-month": "1"},
        "due_on-day",
        "The due date must be today or later",
        id="past-due-date",
    ),
    pytest.param(
        {"description": "   \r\n  "},
        "description",
        "Say what is to be done",
        id="blank-description",
    ),
    pytest.param(
        {"due_on-day": "", "due_on-month": "", "due_on-year": ""},
        "due_on-day",
        "Enter the date it is due by",
        id="no-due-date",
    ),
    pytest.param(
        {"owner_2": "999999"},
        "owner_2",
        "Choose a second owner from the list",
        id="not-a-person",
    ),
]


@pytest.mark.parametrize("where", ["on_item", "on_its_own"])
@pytest.mark.parametrize(("typed", "field", "message"), BAD_INPUT)
def test_bad_input_is_named_in_the_error_summary_and_what_was_typed_is_kept(
    council, client, sign_in, where, typed, field, message
):
    sign_in(council.secretary)
    data = _typed(council, **typed)
    if where == "on_item":
        url = _raise_url(council)
    else:
        url = path("governors.actions.new")
        data["body_id"] = str(council.committee.id)
    response = client.post(url, data=data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    text = page_text(response)
    assert text.startswith("Error: ")
    assert "There is a problem" in text and message in text
    assert f'href="#{field}"' in html
    # What was typed is still there to correct.
    if "description" not in typed:
        assert PLAN in html
    for name in ("owner_name", "owner_email"):
        if typed.get(name):
            assert f'value="{typed[name]}"' in html
    if typed.get("due_on-day"):
        assert f'value="{typed["due_on-day"]}"' in html
    if where == "on_its_own":
        assert f'<option value="{council.committee.id}" selected>' in html
    assert db.session.scalars(sa.select(Action)).all() == []
    assert emails() == []


# Owners move their actions on ---------------------------------------------------------


def _update(client, action, **data):
    return client.post(path("governors.actions.update", action_id=action.id), data=data)


def test_an_owner_moves_their_action_on_and_attaches_evidence(council, client, sign_in):
    action = council.raise_(PLAN, item=council.public_item)
    sign_in(council.governor)
    detail = path("governors.actions.detail", action_id=action.id)
    page = page_text(client.get(detail))
    assert "Update this action" in page
    assert "Change the owners or due date" not in page
    assert "Chase the owners" not in page
    # Their own actions are listed for them.
    mine = page_text(client.get(path("governors.actions.mine")))
    assert PLAN in mine and "Thursday 18 February 2027" in mine

    moved = _update(client, action, status="in_progress", progress="Draft plan with the ward.")
    assert moved.status_code == 302 and moved.location.endswith(detail)
    page = page_text(client.get(detail))
    assert "Action updated" in page
    assert "In progress" in page and "Progress Draft plan with the ward." in page

    # Done needs to say what was done; dropped needs a reason.
    refused = _update(client, action, status="done", progress="Draft plan with the ward.")
    assert refused.status_code == 200
    text = page_text(refused)
    assert "There is a problem Say what was done" in text
    assert 'href="#outcome"' in refused.get_data(as_text=True)
    assert "Draft plan with the ward." in refused.get_data(as_text=True)
    refused = _update(client, action, status="dropped")
    assert "There is a problem Say why the action is being dropped" in page_text(refused)
    assert 'href="#drop_reason"' in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Action, action.id).status == "in_progress"

    # Done, with what was done and the plan itself as evidence.
    plan = b"%PDF-1.4\n% the falls prevention plan\n%%EOF\n"
    done = client.post(
        path("governors.actions.update", action_id=action.id),
        data={
            "status": "done",
            "progress": "Draft plan with the ward.",
            "outcome": "Sent to all governors on 1 February.",
            "evidence": (io.BytesIO(plan), "Falls prevention plan.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert done.status_code == 302
    page = client.get(detail)
    text = page_text(page)
    assert "Done" in text and "What was done Sent to all governors on 1 February." in text
    evidence = path("governors.actions.evidence", action_id=action.id)
    assert f'href="{evidence}"' in page.get_data(as_text=True)
    assert "Evidence Falls prevention plan.pdf" in text
    with client.get(evidence) as download:
        assert download.status_code == 200
        assert download.data == plan
        assert "Falls prevention plan.pdf" in download.headers["Content-Disposition"]
    # Who changed what, and when, newest first.
    assert (
        "History Thursday 21 January 2027 at 17:00, Helen Carter: Marked done "
        "Thursday 21 January 2027 at 17:00, Helen Carter: Marked in progress "
        "Thursday 21 January 2027 at 17:00, Rachel Turner: Raised"
    ) in text
    db.session.expire_all()
    closed = db.session.get(Action, action.id)
    assert closed.closed_at is not None and closed.evidence.filename == "Falls prevention plan.pdf"


def test_a_governor_who_does_not_own_an_action_may_not_update_it(council, client, sign_in):
    action = council.raise_(PLAN, item=council.public_item)
    sign_in(council.other_governor)
    detail = page_text(client.get(path("governors.actions.detail", action_id=action.id)))
    assert PLAN in detail and "Update this action" not in detail
    assert client.get(path("governors.actions.update", action_id=action.id)).status_code == 403
    response = _update(client, action, status="done", outcome="Nothing really.")
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Action, action.id).status == "open"
    # Nor change it, chase it or export the log.
    edit = path("governors.actions.edit", action_id=action.id)
    assert client.get(edit).status_code == 403
    assert client.post(path("governors.actions.chase", action_id=action.id)).status_code == 403
    assert client.get(path("governors.actions.log")).status_code == 403


def test_evidence_is_not_found_before_there_is_some(council, client, sign_in):
    action = council.raise_(PLAN, item=council.public_item)
    sign_in(council.governor)
    assert client.get(path("governors.actions.evidence", action_id=action.id)).status_code == 404


# The lead governor changes and chases ------------------------------------------------


def test_the_lead_governor_moves_the_due_date_and_the_first_one_is_kept(
    council, client, sign_in, clock
):
    action = council.raise_(PLAN, item=council.public_item)
    clock.move_to(datetime(2027, 1, 25, 9, 30, tzinfo=UTC))
    sign_in(council.lead)
    edit = path("governors.actions.edit", action_id=action.id)
    form = client.get(edit)
    assert "it was first due Thursday 18 February 2027" in page_text(form)
    assert re.search(r'id="due_on-day" name="due_on-day" type="text" value="18"', form.text)
    assert re.search(r'id="due_on-month" name="due_on-month" type="text" value="2"', form.text)
    changed = client.post(
        edit,
        data=_typed(
            council,
            **{"due_on-day": "18", "due_on-month": "3"},
            reason="The plan goes to the March board first",
        ),
    )
    assert changed.status_code == 302
    page = page_text(client.get(path("governors.actions.detail", action_id=action.id)))
    assert "Action changed" in page
    assert "Due by Thursday 18 March 2027 (first due Thursday 18 February 2027)" in page
    assert (
        "History Monday 25 January 2027 at 09:30, Lee Grant: Changed the due date "
        "(from 2027-02-18 to 2027-03-18). Why: The plan goes to the March board first "
        "Thursday 21 January 2027 at 17:00, Rachel Turner: Raised"
    ) in page
    db.session.expire_all()
    moved = db.session.get(Action, action.id)
    assert (moved.due_on, moved.original_due_on) == (date(2027, 3, 18), date(2027, 2, 18))
    # Moved again: the first due date is still the one it was raised with.
    client.post(edit, data=_typed(council, **{"due_on-day": "15", "due_on-month": "4"}))
    db.session.expire_all()
    assert db.session.get(Action, action.id).original_due_on == date(2027, 2, 18)
    # The log shows it too.
    log = page_text(client.get(path("governors.actions.log")))
    assert "Thursday 15 April 2027" in log


def test_a_chase_emails_each_owner_with_links_and_is_kept_with_the_action(
    council, client, sign_in, clock
):
    action = council.raise_(
        PLAN, due_on=date(2027, 1, 28), item=council.public_item, named=("Sam Reid", "sam@x.org")
    )
    clock.move_to(datetime(2027, 2, 1, 10, 0, tzinfo=UTC))
    sign_in(council.lead)
    detail = path("governors.actions.detail", action_id=action.id)
    assert "Not chased yet." in page_text(client.get(detail))
    chased = client.post(
        path("governors.actions.chase", action_id=action.id),
        data={"note": "The Council meets on 18 March: can you send an update before?"},
    )
    assert chased.status_code == 302 and chased.location.endswith(detail)
    sent = emails()
    assert sorted(m.to_address for m in sent) == ["helen.carter@example.org", "sam@x.org"]
    to_helen = next(m for m in sent if m.to_address == "helen.carter@example.org")
    assert to_helen.subject == "Can you give an update on your action?"
    body = to_helen.body_text
    assert "Lee Grant asks for an update on this action, which was due on Thursday 28 January" in (
        body
    )
    assert "Their note: The Council meets on 18 March" in body
    assert f"http://localhost/actions/{action.id}" in body
    assert f"http://localhost/meetings/{council.meeting.id}" in body
    to_sam = next(m for m in sent if m.to_address == "sam@x.org")
    assert "Please reply to this email with an update." in to_sam.body_text
    assert f"/actions/{action.id}" not in to_sam.body_text
    page = page_text(client.get(detail))
    assert "Chased: an email is on its way to the 2 owners." in page
    assert (
        'Lee Grant chased 2 owners: "The Council meets on 18 March: can you send an update before?"'
    ) in page
    assert "Overdue" in page


def test_a_closed_action_is_not_chased(council, client, sign_in):
    action = council.raise_(PLAN, item=council.public_item)
    services.update_progress(
        council.governor, action, services.Progress(status="done", outcome="Sent.")
    )
    db.session.commit()
    sign_in(council.lead)
    response = client.post(
        path("governors.actions.chase", action_id=action.id), follow_redirects=True
    )
    assert "This action is closed, so there is nothing to chase" in page_text(response)
    assert emails() == []


# The log -----------------------------------------------------------------------------


@pytest.fixture
def logged(council, clock):
    """Actions of the Council meeting, the committee and one on its own; then it is Monday
    1 February 2027, so those due before are overdue."""
    made = {
        "late": council.raise_("Late report", date(2027, 1, 25), item=council.public_item),
        "later late": council.raise_(
            "Later late report", date(2027, 1, 29), [council.lead], item=council.public_item
        ),
        "today": council.raise_(
            "Due today", date(2027, 2, 1), [council.officer], meeting=council.meeting
        ),
        "week": council.raise_("Due this week", date(2027, 2, 5), item=council.public_item),
        "later": council.raise_("Due in March", date(2027, 3, 1), [council.lead]),
        "committee": council.raise_(
            "Committee timetable",
            date(2027, 2, 3),
            [council.member],
            item=council.committee_public_item,
        ),
        "done": council.raise_("Done already", date(2027, 1, 28), item=council.public_item),
    }
    services.update_progress(
        council.governor, made["done"], services.Progress(status="done", outcome="Sent.")
    )
    services.update_progress(
        council.governor, made["week"], services.Progress(status="in_progress")
    )
    db.session.commit()
    clock.move_to(datetime(2027, 2, 1, 9, 0, tzinfo=UTC))
    return made


def _listed(response) -> list[str]:
    html = response.get_data(as_text=True)
    table = html.split('id="actions"', 1)[1] if 'id="actions"' in html else ""
    return re.findall(r'<a href="/actions/\d+">([^<]+)</a>', table)


def test_the_log_lists_overdue_first_with_counts(council, logged, client, sign_in):
    sign_in(council.lead)
    response = client.get(path("governors.actions.log"))
    assert _listed(response) == [
        "Late report",
        "Later late report",
        "Due today",
        "Committee timetable",
        "Due this week",
        "Due in March",
        "Done already",
    ]
    text = page_text(response)
    assert "2 overdue 5 open 1 in progress 1 done 0 dropped" in text
    assert "7 actions" in text
    html = response.get_data(as_text=True)
    assert "Download this list:" in text
    assert f'href="{path("governors.actions.export_csv")}"' in html


@pytest.mark.parametrize(
    ("query", "expected", "heading"),
    [
        ({"period": "overdue"}, ["Late report", "Later late report"], "2 actions match"),
        ({"period": "today"}, ["Due today"], "1 action matches"),
        ({"period": "week"}, ["Committee timetable", "Due this week"], "2 actions match"),
        ({"period": "later"}, ["Due in March"], "1 action matches"),
        ({"status": "in_progress"}, ["Due this week"], "1 action matches"),
        ({"status": "done"}, ["Done already"], "1 action matches"),
        (
            {"status": "still_open"},
            [
                "Late report",
                "Later late report",
                "Due today",
                "Committee timetable",
                "Due this week",
                "Due in March",
            ],
            "6 actions match",
        ),
        ("owner:lead", ["Later late report", "Due in March"], "2 actions match"),
        ("body:committee", ["Committee timetable"], "1 action matches"),
        (
            "meeting:council",
            ["Late report", "Later late report", "Due today", "Due this week", "Done already"],
            "5 actions match",
        ),
        ({"period": "overdue", "status": "done"}, [], "0 actions match"),
    ],
)
def test_the_log_filters_by_owner_body_meeting_status_and_period(
    council, logged, client, sign_in, query, expected, heading
):
    if isinstance(query, str):
        name, who = query.split(":")
        value = {
            "lead": council.lead.id,
            "committee": council.committee.id,
            "council": council.meeting.id,
        }[who]
        query = {name: str(value)}
    sign_in(council.lead)
    response = client.get(path("governors.actions.log", **query))
    assert response.status_code == 200
    assert _listed(response) == expected
    text = page_text(response)
    assert heading in text
    assert "Clear the filters" in text
    # The download links carry the same filters.
    html = response.get_data(as_text=True)
    if expected:
        csv_link = re.search(r'href="(/actions/export\.csv[^"]*)"', html).group(1)
        for name, value in query.items():
            assert f"{name}={value}" in csv_link


def test_an_unknown_filter_value_is_not_found(council, client, sign_in):
    sign_in(council.lead)
    for query in ({"status": "lost"}, {"period": "someday"}, {"owner": "two"}):
        assert client.get(path("governors.actions.log", **query)).status_code == 404


def test_the_log_comes_in_pages_of_fifty(council, client, sign_in, clock):
    for n in range(53):
        council.raise_(f"Numbered action {n:02d}", date(2027, 2, 1) + timedelta(days=n))
    sign_in(council.lead)
    first = client.get(path("governors.actions.log"))
    assert len(_listed(first)) == 50
    assert _listed(first)[0] == "Numbered action 00"
    text = page_text(first)
    assert "53 actions" in text and "Next:Page 2 of 2" in text
    assert "Download this list (all 53, not just this page)" in text
    second = client.get(path("governors.actions.log", page=2))
    assert _listed(second) == ["Numbered action 50", "Numbered action 51", "Numbered action 52"]
    assert "Previous:Page 1 of 2" in page_text(second)
    # Past the last page: the last page.
    assert _listed(client.get(path("governors.actions.log", page=9))) == _listed(second)


def test_the_home_page_shows_overdue_actions_to_the_lead_and_their_own_to_an_owner(
    council, logged, client, sign_in
):
    sign_in(council.lead)
    home = page_text(client.get(path("governors.home")))
    assert "Overdue actions 2 actions are overdue. The longest overdue:" in home
    assert "Late report: Helen Carter, due Monday 25 January 2027" in home
    assert "Your actions 2 open, 1 overdue." in home
    client.post(path("governors.auth.sign_out"))
    sign_in(council.governor)
    home = page_text(client.get(path("governors.home")))
    assert "Overdue actions" not in home
    assert "Your actions 2 open, 1 overdue." in home
    assert "Late report: due Monday 25 January 2027 (overdue)" in home


def test_a_person_who_has_left_is_not_emailed_by_a_chase(council, client, sign_in):
    gone = factories.governor(name="Gone Person", email="gone@example.org")
    action = council.raise_(PLAN, owners=[council.governor, gone], item=council.public_item)
    gone.active = False
    db.session.commit()
    sign_in(council.secretary)
    client.post(path("governors.actions.chase", action_id=action.id))
    assert [m.to_address for m in emails()] == ["helen.carter@example.org"]
