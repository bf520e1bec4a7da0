"""Uploads: the type comes from the content, the name is made safe, the file is stored
under a random key; and the access decision for every way a document is reached."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from werkzeug.datastructures import FileStorage

from governors.documents import services
from governors.documents.services import (
    DOC,
    DOCX,
    ODT,
    PDF,
    DocumentFacts,
    Placement,
)
from governors.errors import Refused
from governors.extensions import db
from governors.meetings.kinds import MeetingFacts
from governors.people.models import Role
from governors.permissions import Permission, can
from governors.storage import storage
from tests import factories
from tests.requests import samples


def _file(data: bytes, name: str) -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=name)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(samples.PDF, PDF, id="pdf"),
        pytest.param(samples.docx(), DOCX, id="docx"),
        pytest.param(samples.odt(), ODT, id="odt"),
        pytest.param(samples.doc(), DOC, id="doc"),
        pytest.param(samples.EXE, None, id="exe"),
        pytest.param(samples.plain_zip(), None, id="zip"),
        pytest.param(samples.spreadsheet_zip(), None, id="xlsx"),
        pytest.param(b"PK\x03\x04 not really a zip", None, id="broken-zip"),
        pytest.param(b"<html><script>alert(1)</script></html>", None, id="html"),
        pytest.param(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, None, id="png"),
    ],
)
def test_type_is_judged_from_the_content(data, expected):
    assert services.detect_type(data) == expected


@pytest.mark.parametrize(
    ("name", "content_type", "safe"),
    [
        ("Waiting list figures.pdf", PDF, "Waiting list figures.pdf"),
        ("../../etc/passwd", PDF, "passwd.pdf"),
        ("C:\\Users\\helen\\report.docx", DOCX, "report.docx"),
        ('evil"; filename=x.exe', PDF, "evil filename=x.pdf"),
        ("minutes.exe", PDF, "minutes.pdf"),
        ("", ODT, "document.odt"),
        ("   .pdf", PDF, "document.pdf"),
        ("notes\r\n.odt", ODT, "notes.odt"),
    ],
)
def test_download_names_are_made_safe_with_the_real_extension(name, content_type, safe):
    assert services.safe_filename(name, content_type) == safe


def test_store_upload_writes_under_a_random_key_outside_static(app):
    person = factories.governor()
    document = services.store_upload(person, _file(samples.PDF, "Figures.pdf"))
    # Readable in its own transaction, and in place under its key once committed.
    assert services.read_document(document) == samples.PDF
    db.session.commit()
    path = storage().path(document.storage_key)
    assert path.read_bytes() == samples.PDF
    assert document.sha256 == hashlib.sha256(samples.PDF).hexdigest()
    assert document.size_bytes == len(samples.PDF)
    assert (document.filename, document.content_type) == ("Figures.pdf", PDF)
    assert len(document.storage_key) == 64 and "Figures" not in document.storage_key
    static = Path(app.blueprints["governors"].static_folder).resolve()
    assert static not in path.resolve().parents
    other = services.store_upload(person, _file(samples.PDF, "Figures.pdf"))
    assert other.storage_key != document.storage_key


def test_store_upload_refuses_with_messages_people_understand(app, monkeypatch):
    person = factories.governor()
    with pytest.raises(Refused, match="must be a PDF, Word or OpenDocument file"):
        services.store_upload(person, _file(samples.EXE, "agenda.pdf"))
    with pytest.raises(Refused, match="The selected file is empty"):
        services.store_upload(person, _file(b"", "agenda.pdf"))
    monkeypatch.setitem(app.config, "GOVERNORS_MAX_UPLOAD_BYTES", 2 * 1024 * 1024)
    with pytest.raises(Refused, match="must be smaller than 2 MB"):
        services.store_upload(person, _file(samples.PDF + b"0" * (2 * 1024 * 1024), "big.pdf"))


def test_files_of_a_rolled_back_change_are_removed(app):
    person = factories.governor()
    document = services.store_upload(person, _file(samples.PDF, "Figures.pdf"))
    staged = storage().staged_path(document.storage_key)
    assert staged.read_bytes() == samples.PDF
    db.session.rollback()
    assert not staged.exists()
    assert not storage().path(document.storage_key).exists()


def test_size_in_words():
    assert services.size_in_words(10 * 1024 * 1024) == "10 MB"
    assert services.size_in_words(1536 * 1024) == "1.5 MB"
    assert services.size_in_words(100 * 1024) == "100 KB"


class Person:
    """Just enough of a user for the policy."""

    is_authenticated = True
    is_active = True

    def __init__(self, user_id: int, *roles: Role) -> None:
        self.id = user_id
        self.roles = frozenset(roles)


GOVERNOR = Person(1, Role.GOVERNOR)
PROPOSER = Person(2, Role.GOVERNOR)
SECRETARY = Person(3, Role.SECRETARY)
CHAIR = Person(4, Role.CHAIR)
LEAD = Person(5, Role.LEAD_GOVERNOR, Role.GOVERNOR)
OFFICER = Person(6, Role.OFFICER)
NED = Person(7, Role.NED)


COUNCIL_MEETING = MeetingFacts(kind="ordinary", body_id=1, open_to_public=True)
PRE_MEETING = MeetingFacts(kind="pre_meeting", body_id=1, open_to_public=True)


def readers(facts: DocumentFacts, *people: Person | None) -> list[bool]:
    return [can(person, Permission.DOCUMENT_VIEW, facts) for person in people]


def test_a_request_document_is_for_its_proposer_and_those_who_oversee_requests():
    facts = DocumentFacts(uploaded_by_id=2, proposer_ids=frozenset({2}))
    assert readers(facts, PROPOSER, SECRETARY, CHAIR, LEAD) == [True] * 4
    assert readers(facts, GOVERNOR, OFFICER, NED, None) == [False] * 4


def test_a_request_document_on_a_published_public_item_is_for_everyone():
    facts = DocumentFacts(
        proposer_ids=frozenset({2}),
        on_agendas=(COUNCIL_MEETING,),
        published=(Placement(meeting=COUNCIL_MEETING, part="public", latest=True),),
    )
    assert all(readers(facts, GOVERNOR, OFFICER, NED, None))


def test_a_private_paper_is_only_for_those_at_the_private_part():
    facts = DocumentFacts(
        uploaded_by_id=3,
        on_agendas=(COUNCIL_MEETING,),
        published=(Placement(meeting=COUNCIL_MEETING, part="private", latest=True),),
    )
    assert readers(facts, GOVERNOR, NED, SECRETARY, LEAD) == [True] * 4
    assert readers(facts, OFFICER, None) == [False, False]


def test_a_paper_not_yet_published_is_for_the_secretary_only():
    facts = DocumentFacts(uploaded_by_id=3, on_agendas=(COUNCIL_MEETING,))
    assert readers(facts, SECRETARY) == [True]
    assert readers(facts, GOVERNOR, CHAIR, LEAD, NED, OFFICER, None) == [False] * 6


def test_a_paper_in_an_earlier_version_only_is_for_members_not_the_public():
    facts = DocumentFacts(
        on_agendas=(COUNCIL_MEETING,),
        published=(Placement(meeting=COUNCIL_MEETING, part="public", latest=False),),
    )
    assert readers(facts, GOVERNOR, OFFICER, NED) == [True] * 3
    assert readers(facts, None) == [False]


def test_a_cancelled_meetings_papers_stay_behind_sign_in():
    facts = DocumentFacts(
        on_agendas=(COUNCIL_MEETING,),
        published=(
            Placement(meeting=COUNCIL_MEETING, part="public", latest=True, meeting_cancelled=True),
        ),
    )
    assert readers(facts, GOVERNOR, OFFICER) == [True, True]
    assert readers(facts, None) == [False]


@pytest.mark.parametrize("part", ["public", "private"])
def test_a_pre_meeting_paper_is_for_governors_only(part):
    facts = DocumentFacts(
        uploaded_by_id=3,
        on_agendas=(COUNCIL_MEETING,),
        published=(Placement(meeting=PRE_MEETING, part=part, latest=True),),
    )
    assert readers(facts, GOVERNOR, LEAD, SECRETARY) == [True] * 3
    assert readers(facts, NED, OFFICER, None) == [False] * 3


def test_terms_of_reference_are_for_every_member_not_the_public():
    facts = DocumentFacts(uploaded_by_id=3, terms_of_reference=True)
    assert readers(facts, GOVERNOR, OFFICER, NED, CHAIR) == [True] * 4
    assert readers(facts, None) == [False]


def test_a_document_attached_to_nothing_is_for_its_uploader_only():
    facts = DocumentFacts(uploaded_by_id=3)
    assert readers(facts, SECRETARY) == [True]
    assert readers(facts, GOVERNOR, CHAIR, LEAD, None) == [False] * 4
