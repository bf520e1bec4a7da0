"""The register's pages: the list, the overview with its heat map, a risk's own page,
adding and changing a risk with the plain-language check, changing its score."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from governors.audit.models import AuditEntry
from governors.extensions import db
from governors.risks import services
from governors.risks.models import Risk
from tests.risks.conftest import EASY, HARD, make_risk, page_text

pytestmark = pytest.mark.clock(datetime(2027, 1, 3, 12, 0, tzinfo=UTC))


def form_data(world, **changes) -> dict[str, object]:
    data = {
        "title": "Nurse staffing at night",
        "summary": EASY,
        "detail": "Night vacancies are at 14 per cent.",
        "owner_id": str(world.officer.id),
        "body_id": str(world.meeting.body_id),
        "likelihood": "4",
        "impact": "3",
        "target_likelihood": "2",
        "target_impact": "3",
        "initial_likelihood": "",
        "initial_impact": "",
        "controls": "Bank staff on call.",
        "mitigations": "Recruiting 9 nurses by March.",
        "review_on-day": "31",
        "review_on-month": "3",
        "review_on-year": "2027",
        "status": "open",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def only_risk() -> Risk:
    return db.session.scalars(sa.select(Risk)).one()


# The register ------------------------------------------------------------------------------


def test_the_register_lists_risks_highest_score_first_with_trend_and_band(world, client, sign_in):
    low = make_risk(world, title="Parking for carers", likelihood=1, impact=2)
    high = make_risk(world, title="Nurse staffing", likelihood=4, impact=4)
    services.rescore(world.secretary, high, 5, 4, "Two more wards short")
    overdue = make_risk(
        world, title="Old lifts", likelihood=2, impact=3, review_on=date(2026, 12, 1)
    )
    db.session.commit()
    sign_in(world.governor)
    text = page_text(client.get("/risks/"))
    assert text.index("Nurse staffing") < text.index("Old lifts") < text.index("Parking for carers")
    assert "Extreme risk, score 20" in text and "Getting worse" in text
    assert "Low risk, score 2" in text and "New" in text
    assert "Review overdue" in text
    assert "3 risks, 1 with a review overdue" in text
    assert low.id and overdue.id


def test_the_register_filters_by_body_and_band(world, client, sign_in):
    make_risk(world, title="Council staffing risk", likelihood=3, impact=4)
    make_risk(
        world, title="Committee parking risk", body_id=world.committee.id, likelihood=1, impact=1
    )
    db.session.commit()
    sign_in(world.governor)
    text = page_text(client.get(f"/risks/?body={world.committee.id}"))
    assert "Committee parking risk" in text and "Council staffing risk" not in text
    text = page_text(client.get("/risks/?band=high"))
    assert "Council staffing risk" in text and "Committee parking risk" not in text
    text = page_text(client.get("/risks/?band=low"))
    assert "Committee parking risk" in text and "Council staffing risk" not in text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("band=purple", "Choose a band from the list, or All bands"),
        ("body=abc", "Choose a body from the list, or All bodies"),
        ("body=999999", "Choose a body from the list, or All bodies"),
        ("status=gone", "Choose a status from the list"),
    ],
)
def test_bad_filters_say_what_is_wrong_and_show_every_risk(world, client, sign_in, query, message):
    make_risk(world, title="Council staffing risk")
    db.session.commit()
    sign_in(world.governor)
    for path in ("/risks/", "/risks/overview"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 200
        text = page_text(response)
        assert text.startswith("Error:")
        assert message in text
        assert "Council staffing risk" in text


# The overview ------------------------------------------------------------------------------


def _svg_counts(html: str) -> dict[tuple[int, int], int]:
    found = re.findall(r'data-likelihood="(\d)" data-impact="(\d)" data-count="(\d+)"', html)
    return {(int(lik), int(imp)): int(count) for lik, imp, count in found}


def _table_counts(html: str) -> dict[tuple[int, int], int]:
    table = html[html.index('id="heat-map-table"') :]
    found = re.findall(
        r'<td class="nhsuk-table__cell" data-likelihood="(\d)" data-impact="(\d)">(\d+) ', table
    )
    return {(int(lik), int(imp)): int(count) for lik, imp, count in found}


def test_the_heat_map_shows_the_right_count_in_each_cell_as_picture_and_table(
    world, client, sign_in
):
    make_risk(world, likelihood=5, impact=5)
    make_risk(world, likelihood=5, impact=5)
    make_risk(world, likelihood=2, impact=3)
    make_risk(world, likelihood=1, impact=1, status="closed")
    db.session.commit()
    sign_in(world.governor)
    response = client.get("/risks/overview")
    html = response.get_data(as_text=True)
    expected = {(lik, imp): 0 for lik in range(1, 6) for imp in range(1, 6)}
    expected[(5, 5)] = 2
    expected[(2, 3)] = 1
    assert _svg_counts(html) == expected
    assert _table_counts(html) == expected
    assert 'role="img"' in html and 'aria-labelledby="heat-map-title heat-map-desc"' in html
    text = page_text(response)
    assert "3 risks: 2 extreme, 0 high, 1 moderate and 0 low" in text
    assert "The heat map as a table" in text


# A risk's page ----------------------------------------------------------------------------


def test_a_risks_page_leads_with_its_summary_and_shows_history_and_links(world, client, sign_in):
    risk = make_risk(
        world,
        item_ids=[world.public_item.id],
        action_ids=[world.action.id],
        initial_likelihood=5,
        initial_impact=4,
    )
    services.rescore(world.officer, risk, 3, 3, "Six nurses started in December")
    db.session.commit()
    sign_in(world.governor)
    text = page_text(client.get(f"/risks/{risk.id}"))
    body = text[text.index(f"Risk {risk.id} Nurse staffing at night") :]
    assert body.index(EASY) < body.index("High risk, score 9") < body.index("Detail")
    assert "Getting better" in text
    assert "High risk, score 9 (possible, moderate)" in text
    assert "Moderate risk, score 6 (unlikely, moderate)" in text  # target
    assert "Extreme risk, score 20 (almost certain, major)" in text  # first found
    assert "Six nurses started in December" in text and "Entered on the register" in text
    assert "Quality and safety report" in text
    assert "Send governors the staffing plan" in text


def test_a_private_items_title_shows_only_to_those_who_may_see_the_private_part(
    world, client, sign_in
):
    risk = make_risk(world, item_ids=[world.private_item.id])
    db.session.commit()
    sign_in(world.governor)
    text = page_text(client.get(f"/risks/{risk.id}"))
    assert "CANARY" in text  # governors attend the private part
    sign_in(world.officer)
    text = page_text(client.get(f"/risks/{risk.id}"))
    assert "CANARY" not in text
    assert "An item in the private part of a meeting on Thursday 21 January 2027" in text
    listed = page_text(client.get("/risks/"))
    assert risk.title in listed and "CANARY" not in listed


# Permissions ------------------------------------------------------------------------------


def test_a_governor_may_view_but_not_add_or_change(world, client, sign_in):
    risk = make_risk(world)
    db.session.commit()
    sign_in(world.governor)
    assert client.get("/risks/").status_code == 200
    assert client.get(f"/risks/{risk.id}").status_code == 200
    assert client.get("/risks/new").status_code == 403
    assert client.post("/risks/new", data=form_data(world)).status_code == 403
    assert client.get(f"/risks/{risk.id}/edit").status_code == 403
    assert client.get(f"/risks/{risk.id}/score").status_code == 403
    assert "Add a risk" not in page_text(client.get("/risks/"))


def test_an_owner_may_rescore_their_own_risk_but_not_another(world, client, sign_in):
    mine = make_risk(world)
    theirs = make_risk(world, owner_id=world.other_officer.id)
    db.session.commit()
    sign_in(world.officer)
    assert "Change the score" in page_text(client.get(f"/risks/{mine.id}"))
    assert "Change the score" not in page_text(client.get(f"/risks/{theirs.id}"))
    assert client.get(f"/risks/{theirs.id}/score").status_code == 403
    response = client.post(
        f"/risks/{theirs.id}/score",
        data={"likelihood": "1", "impact": "1", "score_reason": "Because I say so"},
    )
    assert response.status_code == 403
    assert db.session.get(Risk, theirs.id).score == 12
    response = client.post(
        f"/risks/{mine.id}/score",
        data={"likelihood": "2", "impact": "3", "score_reason": "The new rota filled 6 posts"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    risk = db.session.get(Risk, mine.id)
    assert risk.score == 6
    assert [change.reason for change in risk.history][-1] == "The new rota filled 6 posts"
    assert risk.history[-1].changed_by_id == world.officer.id


def test_anonymous_people_are_sent_to_sign_in(world, client):
    risk = make_risk(world)
    db.session.commit()
    for path in (
        "/risks/",
        "/risks/overview",
        f"/risks/{risk.id}",
        "/risks/new",
        f"/risks/{risk.id}/edit",
        f"/risks/{risk.id}/score",
    ):
        response = client.get(path)
        assert response.status_code == 302, path
        assert "/account/sign-in" in response.headers["Location"]


def test_a_missing_risk_is_not_found(world, client, sign_in):
    sign_in(world.secretary)
    assert client.get("/risks/999999").status_code == 404
    assert client.get("/risks/999999/edit").status_code == 404
    assert client.get("/risks/999999/score").status_code == 404


# Adding, with the plain-language check -----------------------------------------------------


def test_the_secretary_adds_a_readable_risk_in_one_go(world, client, sign_in):
    sign_in(world.secretary)
    form = page_text(client.get("/risks/new"))
    assert "Because…, there is a risk that…, which would mean…" in form
    assert "1: Rare" in form and "5: Almost certain" in form
    assert "1: Negligible" in form and "5: Catastrophic" in form
    response = client.post(
        "/risks/new",
        data=form_data(
            world, item_ids=[str(world.public_item.id)], action_ids=[str(world.action.id)]
        ),
    )
    assert response.status_code == 302
    risk = only_risk()
    assert risk.summary == EASY and risk.summary_reason is None
    assert [item.id for item in risk.items] == [world.public_item.id]
    assert [action.id for action in risk.actions] == [world.action.id]
    assert [(c.score, c.reason) for c in risk.history] == [(12, "Entered on the register")]
    entry = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "risk.created")
    ).one()
    assert entry.actor_id == world.secretary.id and entry.after["summary"] == EASY


def test_a_hard_summary_is_advised_on_then_saved_anyway_with_the_reason_kept(
    world, client, sign_in
):
    sign_in(world.secretary)
    response = client.post("/risks/new", data=form_data(world, summary=HARD))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    text = page_text(response)
    assert "nhsuk-card--warning" in html and "nhsuk-error-summary" not in html
    assert "The summary may be hard to read" in text
    assert re.search(r"it scores -?\d+(\.\d)? for reading ease", text)
    assert "Why keep it as it is? (optional)" in text and "Save anyway" in text
    assert HARD in text  # nothing typed is lost
    assert db.session.scalar(sa.select(sa.func.count(Risk.id))) == 0
    response = client.post(
        "/risks/new",
        data=form_data(
            world,
            summary=HARD,
            advised_summary=HARD,
            summary_reason="These are the contract's own words",
            save_anyway="1",
        ),
    )
    assert response.status_code == 302
    risk = only_risk()
    assert risk.summary == HARD
    assert risk.summary_reason == "These are the contract's own words"
    text = page_text(client.get(f"/risks/{risk.id}"))
    assert "This summary may be hard to read" in text
    assert "These are the contract's own words" in text


def test_an_unexplained_acronym_is_advised_on_and_a_rewrite_is_checked_again(
    world, client, sign_in
):
    sign_in(world.secretary)
    summary = "Because the ICB cut our budget, there is a risk that we close a ward."
    text = page_text(client.post("/risks/new", data=form_data(world, summary=summary)))
    assert "“ICB” is not in the glossary and is not spelled out" in text
    # "Save" again with the same text checks it again rather than saving it.
    text = page_text(
        client.post("/risks/new", data=form_data(world, summary=summary, advised_summary=summary))
    )
    assert "“ICB” is not in the glossary" in text
    # "Save anyway" for a text the advice was not shown for checks it first.
    changed = summary.replace("ward", "clinic")
    text = page_text(
        client.post(
            "/risks/new",
            data=form_data(world, summary=changed, advised_summary=summary, save_anyway="1"),
        )
    )
    assert "“ICB” is not in the glossary" in text
    rewritten = (
        "Because the Integrated Care Board (ICB) cut our budget, there is a risk that we "
        "close a ward."
    )
    response = client.post(
        "/risks/new", data=form_data(world, summary=rewritten, advised_summary=summary)
    )
    assert response.status_code == 302
    assert only_risk().summary == rewritten


def test_an_acronym_in_the_glossary_needs_no_spelling_out(world, client, sign_in):
    from tests.factories import GlossaryTermFactory

    GlossaryTermFactory(term="ICB", spelled_out="Integrated Care Board")
    db.session.commit()
    sign_in(world.secretary)
    summary = "Because the ICB cut our budget, there is a risk that we close a ward."
    assert client.post("/risks/new", data=form_data(world, summary=summary)).status_code == 302


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": ""}, "title", "Enter a short title for the risk"),
        ({"title": "x" * 201}, "title", "The title must be 200 characters or fewer"),
        ({"summary": "  "}, "summary", "Write a short summary of the risk in plain words"),
        ({"summary": "a " * 501}, "summary", "The summary must be 1,000 characters or fewer"),
        ({"owner_id": ""}, "owner_id", "Choose the risk's owner"),
        ({"owner_id": "999999"}, "owner_id", "Choose the risk's owner from the list"),
        ({"body_id": ""}, "body_id", "Choose the body that oversees the risk"),
        ({"likelihood": None}, "likelihood", "Choose how likely the risk is now"),
        ({"likelihood": "6"}, "likelihood", "Choose how likely the risk is now"),
        ({"impact": "0"}, "impact", "Choose how bad it would be now"),
        ({"target_likelihood": "x"}, "target_likelihood", "Choose how likely it should be"),
        ({"target_impact": None}, "target_impact", "Choose how bad it should be"),
        ({"initial_likelihood": "3"}, "initial_impact", "as well as how likely"),
        ({"initial_impact": "9", "initial_likelihood": "2"}, "initial_impact", "or Not recorded"),
        (
            {"review_on-day": "", "review_on-month": "", "review_on-year": ""},
            "review_on",
            "Enter the date of the next review",
        ),
        ({"review_on-day": "40"}, "review_on", "Next review must have a day from 1 to 31"),
        ({"item_ids": ["999999"]}, "item_ids", "Choose agenda items from the list"),
        ({"action_ids": ["abc"]}, "action_ids", "Choose actions from the list"),
        ({"status": "gone"}, "status", "Choose the risk's status"),
    ],
)
def test_bad_input_names_the_field_and_keeps_what_was_typed(
    world, client, sign_in, changes, field, message
):
    sign_in(world.secretary)
    response = client.post("/risks/new", data=form_data(world, **changes))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    text = page_text(response)
    assert text.startswith("Error: Add a risk")
    assert "There is a problem" in text and message in text
    assert f'href="#{field}' in html
    assert "Recruiting 9 nurses by March." in html
    assert db.session.scalar(sa.select(sa.func.count(Risk.id))) == 0


# Changing ---------------------------------------------------------------------------------


def test_changing_the_score_on_the_edit_form_needs_a_reason(world, client, sign_in):
    risk = make_risk(world)
    db.session.commit()
    sign_in(world.secretary)
    page = client.get(f"/risks/{risk.id}/edit").get_data(as_text=True)
    assert 'value="Nurse staffing at night"' in page
    response = client.post(f"/risks/{risk.id}/edit", data=form_data(world, likelihood="5"))
    text = page_text(response)
    assert "Say why the current score has changed" in text
    assert 'href="#score_reason"' in response.get_data(as_text=True)
    response = client.post(
        f"/risks/{risk.id}/edit",
        data=form_data(world, likelihood="5", score_reason="Agency spending was capped"),
    )
    assert response.status_code == 302
    db.session.expire_all()
    risk = db.session.get(Risk, risk.id)
    assert [c.score for c in risk.history] == [12, 15]
    assert risk.history[-1].reason == "Agency spending was capped"
    entry = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "risk.updated")
    ).one()
    assert entry.before["likelihood"] == 4 and entry.after["likelihood"] == 5
    assert "summary" not in entry.after


def test_keeping_a_hard_summary_on_edit_is_not_asked_again(world, client, sign_in):
    risk = make_risk(world, summary=HARD, summary_reason="The contract's words")
    db.session.commit()
    sign_in(world.secretary)
    response = client.post(
        f"/risks/{risk.id}/edit",
        data=form_data(
            world, summary=HARD, summary_reason="The contract's words", title="New title"
        ),
    )
    assert response.status_code == 302
    db.session.expire_all()
    risk = db.session.get(Risk, risk.id)
    assert risk.title == "New title" and risk.summary_reason == "The contract's words"


def test_rescoring_needs_a_reason_and_a_different_score(world, client, sign_in):
    risk = make_risk(world)
    db.session.commit()
    sign_in(world.secretary)
    response = client.post(f"/risks/{risk.id}/score", data={"likelihood": "2", "impact": "3"})
    assert "Say why the score has changed" in page_text(response)
    assert 'href="#score_reason"' in response.get_data(as_text=True)
    response = client.post(
        f"/risks/{risk.id}/score",
        data={"likelihood": "4", "impact": "3", "score_reason": "Checked again"},
    )
    assert "The likelihood and impact are the same as now" in page_text(response)
    response = client.post(
        f"/risks/{risk.id}/score", data={"likelihood": "9", "impact": "3", "score_reason": "x"}
    )
    assert "Choose how likely the risk is now" in page_text(response)
    assert len(db.session.get(Risk, risk.id).history) == 1
