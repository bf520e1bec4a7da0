"""Downloading documents: always through the permission check, never guessable."""

from __future__ import annotations

import io

import pytest
from werkzeug.datastructures import FileStorage

from governors.agendas import services as agendas
from governors.documents import services
from governors.extensions import db
from governors.people.models import Role
from governors.requests import services as requests
from governors.requests.models import RequestPaper
from governors.storage import storage
from tests import factories
from tests.requests import samples
from tests.requests.conftest import at


def upload(person, data: bytes = samples.PDF, name: str = "Waiting list figures.pdf"):
    return services.store_upload(person, FileStorage(stream=io.BytesIO(data), filename=name))


def people() -> dict[str, object]:
    return {"proposer": factories.governor(), **factories.one_in_each_role()}


def request_with_document(proposer, meeting, session="public", may_publish=True):
    document = upload(proposer)
    request = requests.submit_request(
        proposer,
        meeting=meeting,
        title="Waiting times for community mental health assessments",
        purpose="discuss",
        session=session,
        private_reason="Names staff" if session == "private" else None,
        note_to_chair="Figures attached",
        received_at=at(2027, 1, 3),
        notify=False,
    )
    request.papers.append(RequestPaper(document=document, may_publish=may_publish))
    db.session.commit()
    return request, document


def status_for(client, sign_in, person, document) -> int:
    client.post("/account/sign-out")
    if person is not None:
        sign_in(person)
    with client.get(f"/documents/{document.id}") as response:
        return response.status_code


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("proposer", 200),
        ("secretary", 200),
        ("chair", 200),
        ("lead_governor", 200),
        ("governor", 403),
        ("ned", 403),
        ("officer", 403),
    ],
)
def test_a_request_document_is_for_the_proposer_and_those_who_oversee(
    client, sign_in, meeting, role, status
):
    everyone = people()
    _, document = request_with_document(everyone["proposer"], meeting)
    assert status_for(client, sign_in, everyone[role], document) == status


def test_anonymous_visitors_are_sent_to_sign_in_for_a_request_document(client, meeting):
    _, document = request_with_document(factories.governor(), meeting)
    response = client.get(f"/documents/{document.id}")
    assert response.status_code == 302
    assert "/account/sign-in" in response.headers["Location"]


def test_download_is_an_attachment_with_a_safe_name_and_no_sniffing(client, sign_in, meeting):
    proposer = factories.governor()
    _, document = request_with_document(proposer, meeting)
    sign_in(proposer)
    with client.get(f"/documents/{document.id}") as response:
        assert response.status_code == 200
        assert response.data == samples.PDF
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "Waiting list figures.pdf" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response.headers["Cache-Control"]


def test_missing_documents_are_not_found(client, sign_in, meeting):
    sign_in(factories.secretary())
    assert client.get("/documents/999999").status_code == 404
    secretary = factories.secretary()
    document = upload(secretary)
    db.session.commit()
    storage().path(document.storage_key).unlink()
    client.post("/account/sign-out")
    sign_in(secretary)
    assert client.get(f"/documents/{document.id}").status_code == 404


def test_once_accepted_onto_a_published_public_agenda_anyone_may_read_it(client, sign_in, meeting):
    everyone = people()
    request, document = request_with_document(everyone["proposer"], meeting)
    requests.accept_request(everyone["chair"], request, part="public", at=at(2027, 1, 5))
    db.session.commit()
    # Before the agenda is published: the proposer and those who oversee requests only.
    assert status_for(client, sign_in, everyone["proposer"], document) == 200
    assert status_for(client, sign_in, everyone["secretary"], document) == 200
    assert status_for(client, sign_in, everyone["governor"], document) == 403
    assert status_for(client, sign_in, everyone["officer"], document) == 403
    assert status_for(client, sign_in, None, document) == 302
    agendas.publish(everyone["secretary"], meeting, notify=False)
    db.session.commit()
    assert status_for(client, sign_in, everyone["governor"], document) == 200
    assert status_for(client, sign_in, everyone["officer"], document) == 200
    assert status_for(client, sign_in, None, document) == 200


def test_a_paper_the_governor_kept_back_stays_with_the_request_when_published(
    client, sign_in, meeting
):
    everyone = people()
    request, document = request_with_document(everyone["proposer"], meeting, may_publish=False)
    requests.accept_request(everyone["chair"], request, part="public", at=at(2027, 1, 5))
    agendas.publish(everyone["secretary"], meeting, notify=False)
    db.session.commit()
    assert status_for(client, sign_in, everyone["proposer"], document) == 200
    assert status_for(client, sign_in, everyone["chair"], document) == 200
    assert status_for(client, sign_in, everyone["governor"], document) == 403
    assert status_for(client, sign_in, None, document) == 302


def test_a_private_item_paper_is_only_for_those_at_the_private_part(client, sign_in, meeting):
    everyone = people()
    request, document = request_with_document(everyone["proposer"], meeting, "private")
    requests.accept_request(everyone["chair"], request, part="private", at=at(2027, 1, 5))
    agendas.publish(everyone["secretary"], meeting, notify=False)
    db.session.commit()
    assert status_for(client, sign_in, everyone["governor"], document) == 200
    assert status_for(client, sign_in, everyone["ned"], document) == 200
    assert status_for(client, sign_in, everyone["officer"], document) == 403
    assert status_for(client, sign_in, None, document) == 302


def test_a_secretarys_paper_on_an_agenda_item_follows_the_item(client, sign_in, meeting):
    secretary = factories.secretary()
    public_paper = upload(secretary, name="Chief executive's report.pdf")
    private_paper = upload(secretary, samples.docx(), "Contract.docx")
    agendas.add_item(
        secretary, meeting, part="public", title="Chief executive's report", papers=[public_paper]
    )
    agendas.add_item(
        secretary, meeting, part="private", title="Contract award", papers=[private_paper]
    )
    agendas.publish(secretary, meeting, notify=False)
    db.session.commit()
    assert status_for(client, sign_in, None, public_paper) == 200
    assert status_for(client, sign_in, None, private_paper) == 302
    officer = factories.UserFactory(roles=[Role.OFFICER])
    assert status_for(client, sign_in, officer, private_paper) == 403
    client.post("/account/sign-out")
    sign_in(factories.governor())
    with client.get(f"/documents/{private_paper.id}") as response:
        assert response.status_code == 200
        assert "Contract.docx" in response.headers["Content-Disposition"]


def test_a_paper_added_after_publication_stays_behind_sign_in_until_published(
    client, sign_in, meeting
):
    secretary = factories.secretary()
    agendas.add_item(secretary, meeting, part="public", title="Chief executive's report")
    agendas.publish(secretary, meeting, notify=False)
    late_paper = upload(secretary, name="Finance update.pdf")
    agendas.add_item(secretary, meeting, part="public", title="Finance update", papers=[late_paper])
    db.session.commit()
    assert status_for(client, sign_in, None, late_paper) == 302
    agendas.publish(secretary, meeting, "Added the finance update", notify=False)
    db.session.commit()
    assert status_for(client, sign_in, None, late_paper) == 200


def test_papers_of_a_governors_pre_meeting_are_never_public(client, sign_in):
    secretary = factories.secretary()
    pre_meeting = factories.MeetingFactory(kind="pre_meeting")
    paper = upload(secretary, name="Questions for the board.pdf")
    agendas.add_item(
        secretary, pre_meeting, part="public", title="Questions for the board", papers=[paper]
    )
    agendas.publish(secretary, pre_meeting, notify=False)
    db.session.commit()
    assert status_for(client, sign_in, None, paper) == 302
    assert status_for(client, sign_in, factories.governor(), paper) == 200


def test_members_cannot_fetch_a_paper_added_after_the_last_publish(client, sign_in, meeting):
    """The finding: papers ids are sequential, so a member could guess the next one."""
    everyone = people()
    secretary = everyone["secretary"]
    published = upload(secretary, name="Chief executive's report.pdf")
    agendas.add_item(
        secretary, meeting, part="public", title="Chief executive's report", papers=[published]
    )
    agendas.publish(secretary, meeting, notify=False)
    draft = upload(secretary, name="Draft finance update.pdf")
    agendas.add_item(secretary, meeting, part="public", title="Finance update", papers=[draft])
    db.session.commit()
    assert draft.id == published.id + 1
    for role in ("governor", "lead_governor", "chair", "ned", "officer"):
        client.post("/account/sign-out")
        sign_in(everyone[role])
        with client.get(f"/documents/{published.id + 1}") as response:
            assert response.status_code == 403, role
            assert b"Draft finance update" not in response.data
        # The published paper beside it is still theirs to read.
        assert status_for(client, sign_in, everyone[role], published) == 200, role
    # The secretary, who builds the agenda, reads the draft.
    assert status_for(client, sign_in, secretary, draft) == 200
    agendas.publish(secretary, meeting, "Added the finance update", notify=False)
    db.session.commit()
    client.post("/account/sign-out")
    sign_in(everyone["governor"])
    with client.get(f"/documents/{draft.id}") as response:
        assert response.status_code == 200
        assert response.data == samples.PDF
        assert "Draft finance update.pdf" in response.headers["Content-Disposition"]


def test_a_paper_moved_to_the_private_part_after_publishing_stays_public_only_as_published(
    client, sign_in, meeting
):
    secretary = factories.secretary()
    paper = upload(secretary, name="Estates strategy.pdf")
    item = agendas.add_item(
        secretary, meeting, part="public", title="Estates strategy", papers=[paper]
    )
    agendas.publish(secretary, meeting, notify=False)
    agendas.move_item(secretary, item, "private")
    db.session.commit()
    # Version 1, the latest, still shows it in public: what is published is what counts.
    assert status_for(client, sign_in, None, paper) == 200
    assert status_for(client, sign_in, factories.UserFactory(roles=[Role.OFFICER]), paper) == 200


def test_directors_and_officers_cannot_fetch_a_pre_meeting_paper(client, sign_in):
    """The finding: a non-executive director and an officer fetched a pre-meeting paper."""
    everyone = people()
    secretary = everyone["secretary"]
    pre_meeting = factories.MeetingFactory(kind="pre_meeting")
    public_paper = upload(secretary, name="Questions for the board.pdf")
    private_paper = upload(secretary, name="Governors' views on the chair.pdf")
    agendas.add_item(
        secretary,
        pre_meeting,
        part="public",
        title="Questions for the board",
        papers=[public_paper],
    )
    agendas.add_item(
        secretary, pre_meeting, part="private", title="Chair's appraisal", papers=[private_paper]
    )
    agendas.publish(secretary, pre_meeting, notify=False)
    db.session.commit()
    for paper in (public_paper, private_paper):
        assert status_for(client, sign_in, everyone["ned"], paper) == 403
        assert status_for(client, sign_in, everyone["officer"], paper) == 403
        assert status_for(client, sign_in, None, paper) == 302
        client.post("/account/sign-out")
        sign_in(everyone["governor"])
        with client.get(f"/documents/{paper.id}") as response:
            assert response.status_code == 200
            assert paper.filename in response.headers["Content-Disposition"]
