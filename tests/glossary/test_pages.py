"""The glossary's pages: anyone reads it; the secretary adds, changes and removes terms,
each change in the audit log."""

from __future__ import annotations

import sqlalchemy as sa

from governors.audit.models import AuditEntry
from governors.extensions import db
from governors.glossary import services
from governors.glossary.models import GlossaryTerm
from tests import factories


def _audit(action: str) -> AuditEntry:
    return db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id.desc())
    ).first()


def _term(key: str) -> GlossaryTerm | None:
    db.session.expire_all()
    return db.session.scalar(sa.select(GlossaryTerm).where(GlossaryTerm.key == key))


def test_anyone_signed_out_reads_the_terms_a_to_z(app, client):
    factories.GlossaryTermFactory(term="Quorum", key="quorum", meaning="Enough people to decide.")
    factories.GlossaryTermFactory(
        term="CQC", key="cqc", spelled_out="Care Quality Commission", meaning="Checks care."
    )
    db.session.commit()
    page = client.get("/glossary").get_data(as_text=True)
    assert "<dfn>CQC</dfn> (Care Quality Commission)" in page
    assert "Checks care." in page
    assert page.index("<dfn>CQC</dfn>") < page.index("<dfn>Quorum</dfn>")
    assert "Add a term" not in page


def test_a_governor_cannot_add_a_term(app, client, sign_in):
    sign_in(factories.governor())
    assert "Add a term" not in client.get("/glossary").get_data(as_text=True)
    response = client.post("/glossary/new", data={"term": "BAF", "meaning": "Risks."})
    assert response.status_code == 403
    assert _term("baf") is None


def test_the_secretary_adds_a_term_and_it_is_logged(app, client, sign_in):
    secretary = factories.secretary()
    db.session.commit()
    sign_in(secretary)
    assert "Add a term" in client.get("/glossary").get_data(as_text=True)
    response = client.post(
        "/glossary/new",
        data={
            "term": " BAF ",
            "spelled_out": "Board assurance framework",
            "meaning": "Our top risks.",
        },
    )
    assert response.status_code == 302
    term = _term("baf")
    assert (term.term, term.spelled_out, term.meaning) == (
        "BAF",
        "Board assurance framework",
        "Our top risks.",
    )
    entry = _audit("glossary.add")
    assert entry.actor_id == secretary.id
    assert entry.after["term"] == "BAF"
    assert "Added “BAF” to the glossary." in client.get("/glossary").get_data(as_text=True)


def test_a_term_already_there_in_other_capitals_is_refused_naming_the_field(app, client, sign_in):
    factories.GlossaryTermFactory(term="Quorum", key="quorum")
    secretary = factories.secretary()
    db.session.commit()
    sign_in(secretary)
    response = client.post("/glossary/new", data={"term": "QUORUM", "meaning": "Typed meaning."})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert 'href="#term"' in page
    assert "Term “Quorum” is already in the glossary" in page
    # Nothing typed is lost.
    assert "Typed meaning." in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(GlossaryTerm)) == 1


def test_term_and_meaning_are_required_and_limited(app, client, sign_in):
    sign_in(factories.secretary())
    page = client.post("/glossary/new", data={"term": "", "meaning": ""}).get_data(as_text=True)
    assert "Enter the term" in page
    assert "Enter what the term means" in page
    page = client.post("/glossary/new", data={"term": "X" * 81, "meaning": "ok"}).get_data(
        as_text=True
    )
    assert "Term must be 80 characters or fewer" in page
    assert _term("x" * 81) is None


def test_the_secretary_changes_a_term_and_the_log_keeps_what_changed(app, client, sign_in):
    term = factories.GlossaryTermFactory(term="NED", key="ned", meaning="Old meaning.")
    factories.GlossaryTermFactory(term="FT", key="ft")
    db.session.commit()
    sign_in(factories.secretary())
    form = client.get(f"/glossary/{term.id}/edit").get_data(as_text=True)
    assert "Old meaning." in form
    response = client.post(
        f"/glossary/{term.id}/edit",
        data={"term": "NED", "spelled_out": "Non-executive director", "meaning": "A board member."},
    )
    assert response.status_code == 302
    changed = _term("ned")
    assert (changed.meaning, changed.spelled_out) == ("A board member.", "Non-executive director")
    entry = _audit("glossary.edit")
    assert entry.before == {"spelled_out": None, "meaning": "Old meaning."}
    assert entry.after["meaning"] == "A board member."
    # Renaming it onto another term is refused.
    page = client.post(
        f"/glossary/{term.id}/edit", data={"term": "ft", "meaning": "Clash."}
    ).get_data(as_text=True)
    assert "Term “FT” is already in the glossary" in page
    assert _term("ned") is not None


def test_the_secretary_removes_a_term_after_confirming(app, client, sign_in):
    term = factories.GlossaryTermFactory(term="Motion", key="motion")
    db.session.commit()
    sign_in(factories.secretary())
    assert "Are you sure you want to remove “Motion”?" in client.get(
        f"/glossary/{term.id}/remove"
    ).get_data(as_text=True)
    assert client.post(f"/glossary/{term.id}/remove").status_code == 302
    assert _term("motion") is None
    entry = _audit("glossary.remove")
    assert entry.before["term"] == "Motion"


def test_a_missing_term_is_not_found(app, client, sign_in):
    sign_in(factories.secretary())
    assert client.get("/glossary/999999/edit").status_code == 404
    assert client.post("/glossary/999999/remove").status_code == 404


def test_entries_are_one_query_and_a_to_z(app):
    for term in ("quorum", "BAF", "Action log"):
        factories.GlossaryTermFactory(term=term, key=term.lower())
    db.session.commit()
    from tests.queries import counting_queries

    with app.test_request_context():
        with counting_queries() as statements:
            first = services.entries()
            again = services.entries()
        assert len(statements) == 1
    assert (
        [entry.term for entry in first]
        == ["Action log", "BAF", "quorum"]
        == [entry.term for entry in again]
    )
