"""Where uploaded files are kept: the folder and the database behave alike, a write is
kept only if its transaction commits, and the sweep tidies what a stopped server left."""

from __future__ import annotations

import io
import os
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

from governors.config import ConfigError, from_environment
from governors.documents import services
from governors.documents.models import Document, StoredFile
from governors.extensions import db
from governors.packs import services as packs
from governors.storage import GRACE, DatabaseStorage, FolderStorage, storage
from tests import factories
from tests.requests import samples


def _use(app, monkeypatch, tmp_path, kind: str) -> str:
    monkeypatch.setitem(app.config, "STORAGE", kind)
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path / "uploads"))
    return kind


@pytest.fixture(params=["folder", "database"])
def kind(request, app, monkeypatch, tmp_path) -> str:
    """Each test runs on both kinds of storage, the folder one of its own."""
    return _use(app, monkeypatch, tmp_path, request.param)


@pytest.fixture
def in_folder(app, monkeypatch, tmp_path) -> FolderStorage:
    _use(app, monkeypatch, tmp_path, "folder")
    kept = storage()
    assert isinstance(kept, FolderStorage)
    return kept


@pytest.fixture
def in_database(app, monkeypatch, tmp_path) -> DatabaseStorage:
    _use(app, monkeypatch, tmp_path, "database")
    kept = storage()
    assert isinstance(kept, DatabaseStorage)
    return kept


def upload(person, data: bytes = samples.PDF) -> Document:
    return services.store_upload(person, FileStorage(stream=io.BytesIO(data), filename="a.pdf"))


def test_the_setting_chooses_the_storage(kind, tmp_path):
    kept = storage()
    assert kept.kind == kind
    if kind == "folder":
        assert isinstance(kept, FolderStorage)
        assert kept.folder == tmp_path / "uploads"
    else:
        assert isinstance(kept, DatabaseStorage)


def test_a_file_is_put_read_and_deleted(kind):
    kept = storage()
    kept.put("paper-1", b"first")
    kept.put("paper-2", b"second")
    db.session.commit()
    assert kept.read("paper-1") == b"first"
    with kept.open("paper-2") as handle:
        assert handle.read() == b"second"
    assert kept.exists("paper-1")
    assert kept.keys() == ["paper-1", "paper-2"]

    kept.delete("paper-1")
    db.session.commit()
    assert not kept.exists("paper-1")
    assert kept.keys() == ["paper-2"]
    with pytest.raises(FileNotFoundError):
        kept.read("paper-1")


def test_a_rolled_back_upload_leaves_nothing(kind, tmp_path):
    person = factories.governor()
    db.session.commit()
    document = upload(person)
    key = document.storage_key
    # Readable within its own transaction.
    assert services.read_document(document) == samples.PDF
    db.session.rollback()
    kept = storage()
    assert not kept.exists(key)
    assert kept.keys() == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Document)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(StoredFile)) == 0
    folder = tmp_path / "uploads"
    assert not folder.exists() or list(folder.iterdir()) == []
    assert person.id is not None  # what was committed before stays


def test_a_rolled_back_delete_keeps_the_file(kind):
    kept = storage()
    kept.put("kept", b"still here")
    db.session.commit()
    kept.delete("kept")
    db.session.rollback()
    assert kept.read("kept") == b"still here"


def test_in_the_folder_an_upload_takes_its_name_only_once_committed(in_folder):
    kept = in_folder
    document = upload(factories.governor())
    final, staged = kept.path(document.storage_key), kept.staged_path(document.storage_key)
    assert staged.read_bytes() == samples.PDF
    assert staged.name == f".{document.storage_key}.part"
    assert not final.exists()
    assert kept.keys() == []  # a temporary file is never listed (nor backed up)
    db.session.commit()
    assert final.read_bytes() == samples.PDF
    assert not staged.exists()
    assert kept.keys() == [document.storage_key]


def test_in_the_database_the_bytes_are_written_with_the_record(in_database):
    document = upload(factories.governor())
    row = db.session.get(StoredFile, document.storage_key)
    assert row is not None and row.data == samples.PDF
    db.session.commit()
    assert in_database.read(document.storage_key) == samples.PDF


def test_downloads_and_packs_read_through_the_storage(kind, client, sign_in):
    secretary = factories.secretary()
    document = upload(secretary)
    db.session.commit()
    sign_in(secretary)
    response = client.get(f"/documents/{document.id}")
    assert response.status_code == 200
    assert response.data == samples.PDF
    assert response.content_length == len(samples.PDF)
    response.close()
    paper = packs.paper_files([document.id])[document.id]
    assert paper.read is not None and paper.read() == samples.PDF


def _age(path, now: datetime, by: timedelta) -> None:
    moment = (now - by).timestamp()
    os.utime(path, (moment, moment))


def test_the_sweep_finishes_committed_uploads_and_removes_what_nothing_uses(kind, tmp_path):
    now = datetime.now(UTC)
    old = GRACE + timedelta(minutes=5)
    person = factories.governor()
    real = upload(person)
    moved = upload(person)
    db.session.commit()
    kept = storage()
    if isinstance(kept, FolderStorage):
        # A server stopped between the commit and the move: the record is there, and
        # the file whole under its temporary name.
        os.replace(kept.path(moved.storage_key), kept.staged_path(moved.storage_key))
        old_orphan = kept.path("old-orphan")
        young_orphan = kept.path("young-orphan")
        old_part = kept.staged_path("never-committed")
        young_part = kept.staged_path("being-written")
        for path in (old_orphan, young_orphan, old_part, young_part):
            path.write_bytes(b"left over")
        _age(old_orphan, now, old)
        _age(old_part, now, old)
        # Ages are judged by the app's clock, which the suite may have moved.
        _age(young_orphan, now, timedelta(0))
        _age(young_part, now, timedelta(0))
        _age(kept.path(real.storage_key), now, old)
    else:
        db.session.add_all(
            [
                StoredFile(key="old-orphan", data=b"left over", created_at=now - old),
                StoredFile(key="young-orphan", data=b"left over", created_at=now),
            ]
        )
        db.session.execute(
            sa.update(StoredFile)
            .where(StoredFile.key == real.storage_key)
            .values(created_at=now - old)
        )
        db.session.commit()

    swept = services.sweep_uploads(now)
    db.session.commit()

    if kind == "folder":
        assert (swept.moved, swept.removed_partial, swept.removed_orphans) == (1, 1, 1)
        assert not old_part.exists() and young_part.exists()
    else:
        assert (swept.moved, swept.removed_partial, swept.removed_orphans) == (0, 0, 1)
    assert sorted(kept.keys()) == sorted([real.storage_key, moved.storage_key, "young-orphan"])
    assert kept.read(real.storage_key) == samples.PDF
    assert kept.read(moved.storage_key) == samples.PDF
    assert not kept.exists("old-orphan")


def test_the_app_sweeps_the_folder_when_it_starts(in_folder, app):
    now = datetime.now(UTC)
    kept = in_folder
    document = upload(factories.governor())
    db.session.commit()
    os.replace(kept.path(document.storage_key), kept.staged_path(document.storage_key))
    leftover = kept.staged_path("never-committed")
    leftover.write_bytes(b"half")
    _age(leftover, now, GRACE * 2)

    services.sweep_at_start(app)

    assert kept.path(document.storage_key).read_bytes() == samples.PDF
    assert not leftover.exists()


def test_the_purge_command_sweeps_and_says_what_it_did(kind, app):
    kept = storage()
    kept.put("kept", b"a paper")
    db.session.commit()
    if isinstance(kept, FolderStorage):
        _age(kept.path("kept"), datetime.now(UTC), GRACE * 2)
    else:
        db.session.execute(sa.update(StoredFile).values(created_at=datetime.now(UTC) - GRACE * 2))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["governors", "purge"])
    assert result.exit_code == 0, result.output
    assert "Uploaded files: 0 moved into place, 1 left over removed." in result.output
    assert not kept.exists("kept")


def test_a_storage_setting_that_is_not_known_is_refused_plainly(monkeypatch, tmp_path, app):
    monkeypatch.setenv("STORAGE", "bucket")
    with pytest.raises(ConfigError, match=r"STORAGE is 'bucket'\. Set it to folder"):
        from_environment(tmp_path, need_secret=False)
    monkeypatch.setenv("STORAGE", " Database ")
    assert from_environment(tmp_path, need_secret=False)["STORAGE"] == "database"
    monkeypatch.setitem(app.config, "STORAGE", "s3")
    with pytest.raises(ConfigError, match="or database"):
        storage()
