"""A published version carries each item's cover sheet and linked risks (band as it was
at publishing) and the glossary terms its words use; older versions still read."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

import pytest

from governors.agendas import rules, services, snapshot
from governors.agendas.models import AgendaVersion
from governors.extensions import db
from governors.papers import services as papers
from tests import factories
from tests.papers.conftest import PLAIN_ASKS, PLAIN_QUESTIONS

pytestmark = pytest.mark.clock(datetime(2027, 1, 4, 9, 0, tzinfo=UTC))


def entry_of(version: AgendaVersion, item) -> dict:
    return next(e for e in version.frozen.items if e["item_id"] == item.id)


def test_the_published_entry_carries_the_cover_sheet_and_risks_score_high_to_low(
    secretary, meeting, item, risk
):
    low = factories.RiskFactory(
        title="Car park signs", summary="Signs may confuse visitors.", likelihood=1, impact=2
    )
    papers.save_cover_sheet(
        secretary, item, asks=PLAIN_ASKS, questions=PLAIN_QUESTIONS, risk_ids=[low.id, risk.id]
    )
    version = services.publish(secretary, meeting, notify=False)
    db.session.commit()

    entry = entry_of(version, item)
    assert entry["cover_sheet"] == {"asks": PLAIN_ASKS, "questions": PLAIN_QUESTIONS}
    assert [r["title"] for r in entry["risks"]] == ["Night nurse staffing", "Car park signs"]
    first = entry["risks"][0]
    assert first == {
        "id": risk.id,
        "title": "Night nurse staffing",
        "summary": risk.summary,
        "detail": risk.detail,
        "likelihood": 4,
        "impact": 3,
        "score": 12,
        "band": "high",
        "owner": risk.owner.name,
        "review_on": "2027-03-31",
        "status": "open",
    }
    # Items without either keep neither key, as versions before cover sheets did.
    other = next(e for e in version.frozen.items if e["item_id"] != item.id)
    assert "cover_sheet" not in other and "risks" not in other


def test_a_later_rescore_leaves_the_published_risk_as_it_was(secretary, meeting, item, risk):
    papers.save_cover_sheet(secretary, item, asks=PLAIN_ASKS, risk_ids=[risk.id])
    version = services.publish(secretary, meeting, notify=False)
    risk.likelihood = 1
    risk.summary = "Changed later."
    db.session.commit()
    db.session.expire_all()

    published = entry_of(db.session.get(AgendaVersion, version.id), item)["risks"][0]
    assert published["score"] == 12 and published["band"] == "high"
    assert published["summary"] != "Changed later."


def test_a_changed_cover_sheet_or_a_newly_linked_risk_is_an_unpublished_change(
    secretary, meeting, item, risk
):
    papers.save_cover_sheet(secretary, item, asks=PLAIN_ASKS)
    version = services.publish(secretary, meeting, notify=False)
    assert not rules.has_unpublished_changes(services.current_snapshot(meeting), version.snapshot)

    papers.save_cover_sheet(secretary, item, asks=PLAIN_ASKS, risk_ids=[risk.id])
    assert rules.has_unpublished_changes(services.current_snapshot(meeting), version.snapshot)

    second = services.publish(secretary, meeting, "Risk linked", notify=False)
    papers.save_cover_sheet(
        secretary, item, asks="Governors are asked to agree the plan.", risk_ids=[risk.id]
    )
    assert rules.has_unpublished_changes(services.current_snapshot(meeting), second.snapshot)
    third = services.publish(secretary, meeting, "Cover sheet changed", notify=False)

    changes = rules.version_changes(version.snapshot, second.snapshot, full=True)
    assert any("Risk linked: Night nurse staffing" in line for line in changes)
    changes = rules.version_changes(second.snapshot, third.snapshot, full=True)
    assert any("Cover sheet changed" in line for line in changes)


def test_the_snapshot_keeps_the_glossary_terms_its_words_use(secretary, meeting, item):
    factories.GlossaryTermFactory(
        term="CQC", key="cqc", meaning="Checks care.", spelled_out="Care Quality Commission"
    )
    factories.GlossaryTermFactory(term="Quorum", key="quorum", meaning="Enough members.")
    factories.GlossaryTermFactory(term="ICB", key="icb", meaning="Plans care.")
    private = services.add_item(secretary, meeting, part="private", title="ICB contract")
    papers.save_cover_sheet(secretary, item, asks="Governors are asked to note what the CQC found.")
    db.session.commit()
    from governors.glossary import services as glossary

    glossary._forget()
    version = services.publish(secretary, meeting, notify=False)

    frozen = version.frozen
    assert [e.term for e in frozen.glossary] == ["CQC", "ICB"]
    # The public edition names only the terms its public items use.
    assert [e.term for e in frozen.glossary_for(frozen.public_items)] == ["CQC"]
    assert [e.term for e in frozen.glossary_for(frozen.items)] == ["CQC", "ICB"]
    assert private.id in {e["item_id"] for e in frozen.private_items}


def test_a_schema_2_snapshot_still_reads_with_no_cover_sheets_risks_or_glossary(
    secretary, meeting, item
):
    version = services.publish(secretary, meeting, notify=False)
    old = copy.deepcopy(version.snapshot)
    old["schema"] = 2
    del old["glossary"]

    frozen = snapshot.read(old)

    assert frozen.glossary == ()
    assert frozen.glossary_for(frozen.items) == []
    assert all("cover_sheet" not in e and "risks" not in e for e in frozen.items)
    # An agenda unchanged since a schema 2 version was published still matches it.
    assert not rules.has_unpublished_changes(services.current_snapshot(meeting), old)


def test_a_schema_2_version_still_shows_on_its_pages(client, sign_in, secretary, meeting, item):
    version = services.publish(secretary, meeting, notify=False)
    old = copy.deepcopy(version.snapshot)
    old["schema"] = 2
    del old["glossary"]
    version.snapshot = old
    version.pdf_public = None
    db.session.commit()

    sign_in(secretary)
    assert client.get(f"/agendas/{meeting.id}").status_code == 200
    assert client.get(f"/agendas/{meeting.id}/public").status_code == 200
    assert client.get(f"/agendas/{meeting.id}/agenda-public.pdf").status_code == 200
