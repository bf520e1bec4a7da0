"""Zipped uploads (Word and OpenDocument files) are opened with caps on their parts, their
unpacked size and how tightly they are packed, so a "zip bomb" is refused, not unpacked."""

from __future__ import annotations

import io
import random
import tracemalloc
import zipfile

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

from governors.documents import services
from governors.documents.models import Document
from governors.documents.services import DOCX, ODT
from governors.errors import Refused
from governors.extensions import db
from tests import factories
from tests.requests import samples
from tests.requests.conftest import at

MEGABYTE = 1024 * 1024
PACKED_TOO_TIGHTLY = (
    "The selected file could not be read: it unpacks to far more than its own size. "
    "Save it as a PDF and upload that"
)
TOO_MANY_PARTS = "The selected file could not be read: it is made of too many parts"


def _bomb_with(name: str, megabytes: int) -> bytes:
    """A zip whose one part, deflated from a run of zeros, unpacks to ``megabytes`` MB."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open(name, "w") as part,
    ):
        zeros = bytes(MEGABYTE)
        for _ in range(megabytes):
            part.write(zeros)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """As found: a 200 KB upload whose ``mimetype`` part inflates to 200 MB."""
    return _bomb_with("mimetype", 200)


def _file(data: bytes, name: str) -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=name)


def _documents() -> int:
    return db.session.scalar(sa.select(sa.func.count(Document.id)))


def test_the_bomb_as_found_is_refused_without_being_unpacked(app, bomb):
    assert len(bomb) < 300 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(Refused) as refused:
            services.check_upload(_file(bomb, "minutes.odt"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert refused.value.message == PACKED_TOO_TIGHTLY
    # The upload itself is held once or twice in memory; 200 MB never is.
    assert peak < 5 * MEGABYTE


def test_a_bomb_inside_a_word_file_is_refused_too():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/media/image1.png", bytes(20 * MEGABYTE))
    with pytest.raises(Refused, match="unpacks to far more than its own size"):
        services.detect_type(buffer.getvalue())


def test_an_archive_of_too_many_parts_is_refused_before_its_list_is_read():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", ODT)
        for number in range(services.MAX_ARCHIVE_ENTRIES):
            archive.writestr(f"Pictures/{number}.png", b"")
    with pytest.raises(Refused, match=TOO_MANY_PARTS):
        services.detect_type(buffer.getvalue())


def test_a_part_that_unpacks_past_its_recorded_size_is_not_read_past_it():
    """A bomb that lies about its size in the archive's list is stopped at the size it gave."""
    assert services.detect_type(samples.odt()) == ODT
    data = bytearray(_bomb_with("mimetype", 20))
    directory = data.rfind(b"PK\x01\x02")
    for size_at in (22, directory + 24):  # the local header's and the list's sizes
        data[size_at : size_at + 4] = len(ODT).to_bytes(4, "little")
    assert services.detect_type(bytes(data)) is None


def test_ordinary_word_and_opendocument_files_are_still_accepted(app):
    person = factories.governor()
    assert services.store_upload(person, _file(samples.docx(), "Report.docx")).content_type == DOCX
    assert services.store_upload(person, _file(samples.odt(), "Minutes.odt")).content_type == ODT


def test_a_large_real_looking_document_is_accepted():
    """Text compresses a few times over, pictures hardly at all: well inside the limits."""
    words = random.Random(6).choices(
        ["council", "governor", "waiting", "times", "the", "of", "patients", "report"], k=400_000
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), ODT)
        archive.writestr("content.xml", f"<office:text>{' '.join(words)}</office:text>")
        archive.writestr("Pictures/chart.png", random.Random(7).randbytes(3 * MEGABYTE))
        for number in range(300):
            archive.writestr(f"Configurations2/part{number}.xml", "<config/>")
    assert services.detect_type(buffer.getvalue()) == ODT


def test_a_governor_proposing_with_the_bomb_gets_the_reason_on_the_field(
    client, sign_in, meeting, clock, bomb
):
    clock.move_to(at(2027, 1, 3))
    sign_in(factories.governor())
    data = {
        "meeting_id": str(meeting.id),
        "title": "Waiting times for community mental health assessments",
        "purpose": "discuss",
        "session": "public",
        "private_reason": "",
        "note_to_chair": "Figures attached.",
        "documents": [samples.upload(bomb, "minutes.odt")],
    }
    response = client.post("/requests/new", data=data, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"{PACKED_TOO_TIGHTLY} (minutes.odt)" in page
    assert 'href="#documents"' in page
    assert _documents() == 0


def test_the_secretary_adding_the_bomb_as_a_paper_gets_the_reason_on_the_field(
    client, sign_in, meeting, bomb
):
    sign_in(factories.secretary())
    data = {
        "part": "public",
        "title": "Chief executive's report",
        "purpose": "note",
        "presenter": "Jo Brennan, Chief Executive",
        "minutes_allowed": "20",
        "description": "Operational performance.",
        "papers": [samples.upload(bomb, "CEO report.odt")],
    }
    response = client.post(
        f"/agendas/{meeting.id}/items/new", data=data, content_type="multipart/form-data"
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert PACKED_TOO_TIGHTLY in page
    assert 'href="#papers"' in page
    assert _documents() == 0
