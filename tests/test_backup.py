"""Backup then restore gives back the same council; a restore that cannot be right writes
nothing."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import io
import os
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_migrate import upgrade

from governors.audit.models import AuditEntry
from governors.backup import BackupError, Manifest, restore_backup, write_backup
from governors.documents.models import Document
from governors.extensions import db
from governors.meetings.models import Meeting
from governors.outbox.models import OutboxMessage
from governors.people.models import User
from tests import factories
from tests.clock import Clock
from tests.conftest import SignIn, make_app
from tests.databases import fresh_database

MOMENT = datetime(2027, 1, 3, 12, 0, tzinfo=UTC)
pytestmark = pytest.mark.clock(MOMENT)
ATTACHMENT = bytes(range(256)) * 4


@contextlib.contextmanager
def migrated_app(tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[Flask]:
    """An app on a new database of the kind under test, migrated, with its own folders."""
    instance = tmp_path_factory.mktemp(name)
    with fresh_database(
        os.environ.get("TEST_DATABASE_URL"), instance / "test.sqlite3", f"governors_{name}"
    ) as url:
        app = make_app(url, instance)
        with app.app_context():
            upgrade()
            try:
                yield app
            finally:
                db.session.remove()
                db.engine.dispose()


@dataclass
class Source:
    app: Flask
    archive: Path
    manifest: Manifest
    ids: dict[str, int]


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Iterator[Source]:
    """A small council, committed to its own database, and its backup."""
    with migrated_app(tmp_path_factory, f"backup_source_{worker_id}") as app:
        with Clock(MOMENT).running():
            factories.bind(db.session)
            records = factories.one_of_each_record()
            db.session.add(
                OutboxMessage(
                    to_address="chair@example.org",
                    subject="Papers",
                    body_text="Attached.",
                    attachment_data=ATTACHMENT,
                    attachment_name="papers.bin",
                )
            )
            # One audit entry's "before" is SQL NULL, the others JSON's null.
            first = db.session.scalar(sa.select(sa.func.min(AuditEntry.id)))
            db.session.execute(
                sa.update(AuditEntry).where(AuditEntry.id == first).values(before=sa.null())
            )
            db.session.commit()
            ids = {
                "secretary": records["people"]["secretary"].id,
                "meeting": records["meeting"].id,
                "paper": records["paper"].id,
                "request": records["request"].id,
            }
            archive = tmp_path_factory.mktemp("backups") / "council.tar.gz"
            manifest = write_backup(archive)
        yield Source(app, archive, manifest, ids)


@pytest.fixture
def target(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Iterator[Flask]:
    """A new, empty, migrated database and a missing upload folder to restore into."""
    with migrated_app(tmp_path_factory, f"backup_target_{worker_id}") as app:
        yield app


def table_rows(app: Flask) -> dict[str, list[tuple]]:
    """Every row of every table, in key order, as the app reads them."""
    with app.app_context(), db.engine.connect() as connection:
        return {
            table.name: [
                tuple(row)
                for row in connection.execute(sa.select(table).order_by(*table.primary_key.columns))
            ]
            for table in db.metadata.sorted_tables
        }


def counts(app: Flask) -> dict[str, int]:
    return {name: len(rows) for name, rows in table_rows(app).items()}


def file_sums(app: Flask) -> dict[str, str]:
    folder = Path(app.config["UPLOAD_FOLDER"])
    if not folder.exists():
        return {}
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in folder.rglob("*")
        if path.is_file()
    }


def sql_null_audit_before(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).where(AuditEntry.before.is_(None)))


def fields(record: object) -> dict[str, object]:
    table = sa.inspect(record).mapper.local_table
    return {column.key: getattr(record, column.key) for column in table.columns}


def test_the_backup_holds_every_table_and_file_with_counts_and_checksums(source):
    manifest = source.manifest
    assert manifest.schema_revision.startswith("00")
    assert [table.name for table in manifest.tables] == [
        table.name for table in db.metadata.sorted_tables
    ]
    assert manifest.row_counts == counts(source.app)
    for name in ("users", "meetings", "agenda_items", "agenda_requests", "audit_entries"):
        assert manifest.row_counts[name] > 0, name
    assert {entry.path: entry.sha256 for entry in manifest.files} == file_sums(source.app)
    assert len(manifest.files) == 2
    with tarfile.open(source.archive, "r:gz") as archive:
        names = archive.getnames()
        assert names[0] == "manifest.json"
        users = archive.extractfile("database/users.jsonl").read()
    assert set(names[1:]) == set(manifest.members())
    assert hashlib.sha256(users).hexdigest() == manifest.members()["database/users.jsonl"][1]
    assert oct(source.archive.stat().st_mode & 0o777) == "0o600"


def test_restore_brings_back_the_same_council(source, target):
    manifest = restore_backup(source.archive)

    assert manifest.total_rows == source.manifest.total_rows
    assert counts(target) == counts(source.app)
    # Every row equal, field by field, as the app reads them.
    assert table_rows(target) == table_rows(source.app)
    # SQL NULL stays SQL NULL in a JSON column (and JSON's null stays JSON's null).
    assert sql_null_audit_before(target) == sql_null_audit_before(source.app) == 1
    assert file_sums(target) == file_sums(source.app)
    assert not [p for p in Path(target.config["UPLOAD_FOLDER"]).iterdir() if p.name[0] == "."]

    samples = {}
    for app in (source.app, target):
        with app.app_context():
            samples[app] = [
                fields(db.session.get(User, source.ids["secretary"])),
                fields(db.session.get(Meeting, source.ids["meeting"])),
                fields(db.session.get(Document, source.ids["paper"])),
                fields(
                    db.session.scalar(
                        sa.select(OutboxMessage).where(
                            OutboxMessage.attachment_name == "papers.bin"
                        )
                    )
                ),
            ]
            db.session.remove()
    assert samples[target] == samples[source.app]
    assert samples[target][3]["attachment_data"] == ATTACHMENT
    assert samples[target][2]["uploaded_at"].tzinfo is not None

    # The restored app serves the restored council: the secretary signs in with their
    # password, opens the meeting and downloads its paper, unchanged.
    with target.app_context():
        secretary = db.session.get(User, source.ids["secretary"])
        paper = db.session.get(Document, source.ids["paper"])
        client = SignIn(target.test_client())(secretary)
        page = client.get(f"/meetings/{source.ids['meeting']}")
        assert page.status_code == 200
        assert "21 January 2027" in page.get_data(as_text=True)
        agenda = client.get(f"/agendas/{source.ids['meeting']}")
        assert agenda.status_code == 200
        assert "Contract award" in agenda.get_data(as_text=True)
        with client.get(f"/documents/{paper.id}") as download:
            assert download.status_code == 200
            assert hashlib.sha256(download.data).hexdigest() == paper.sha256
        # New records get new ids after the restored ones (PostgreSQL's sequences moved on).
        newcomer = factories.UserFactory.build(email="new@example.org")
        db.session.add(newcomer)
        db.session.commit()
        assert newcomer.id == max(row[0] for row in table_rows(source.app)["users"]) + 1


def test_restore_into_a_database_with_rows_is_refused_and_changes_nothing(source):
    before, files = table_rows(source.app), file_sums(source.app)
    with source.app.app_context(), pytest.raises(BackupError, match="database is not empty"):
        restore_backup(source.archive)
    assert table_rows(source.app) == before
    assert file_sums(source.app) == files


def test_restore_into_an_upload_folder_with_files_is_refused(source, target):
    folder = Path(target.config["UPLOAD_FOLDER"])
    folder.mkdir(parents=True)
    (folder / "left-over").write_bytes(b"something")
    empty = counts(target)
    with pytest.raises(BackupError, match=r"upload folder .* is not empty"):
        restore_backup(source.archive)
    assert counts(target) == empty
    assert sum(empty.values()) == 1  # the Council the migrations make
    assert [p.name for p in folder.iterdir()] == ["left-over"]


def rewrite(archive: Path, out: Path, change) -> Path:
    """A copy of ``archive`` with each member's bytes passed through ``change(name, data)``."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(out, "w:gz") as copy:
        for info in source:
            data = change(info.name, source.extractfile(info).read())
            info.size = len(data)
            copy.addfile(info, io.BytesIO(data))
    return out


def flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


def test_a_damaged_archive_is_refused_before_anything_is_written(source, target, tmp_path):
    manifest = source.manifest
    paper = manifest.files[0].member
    raw = source.archive.read_bytes()
    damaged = {
        "a flipped byte in a table": (
            rewrite(
                source.archive,
                tmp_path / "users.tar.gz",
                lambda name, data: flip(data, 10) if name == "database/users.jsonl" else data,
            ),
            "database/users.jsonl does not match its checksum",
        ),
        "a flipped byte in a file": (
            rewrite(
                source.archive,
                tmp_path / "file.tar.gz",
                lambda name, data: flip(data, 3) if name == paper else data,
            ),
            f"{paper} does not match its checksum",
        ),
        # The last table is checked last: still nothing is written.
        "a row missing from the last table": (
            rewrite(
                source.archive,
                tmp_path / "short.tar.gz",
                lambda name, data: data.split(b"\n", 1)[1]
                if name == [t.member for t in manifest.tables if t.rows][-1]
                else data,
            ),
            "does not match its checksum",
        ),
        "a flipped byte in the compressed file": (
            _write(tmp_path / "raw.tar.gz", flip(raw, len(raw) // 2)),
            "damaged",
        ),
        "a cut-short file": (_write(tmp_path / "cut.tar.gz", raw[: len(raw) // 2]), "damaged"),
        "not a backup at all": (
            _write(tmp_path / "junk.tar.gz", gzip.compress(b"hello")),
            "damaged|not a backup",
        ),
        "another schema revision": (
            rewrite(
                source.archive,
                tmp_path / "revision.tar.gz",
                lambda name, data: data.replace(manifest.schema_revision.encode(), b"0001", 1)
                if name == "manifest.json"
                else data,
            ),
            "made at schema revision 0001",
        ),
    }
    empty = table_rows(target)
    folder = Path(target.config["UPLOAD_FOLDER"])
    for why, (path, message) in damaged.items():
        with pytest.raises(BackupError, match=message):
            restore_backup(path)
        assert table_rows(target) == empty, why
        assert not folder.exists() or not any(folder.iterdir()), why
    # The good archive still restores into the same database afterwards.
    assert restore_backup(source.archive).total_rows == source.manifest.total_rows


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_the_commands_back_up_and_restore(source, target, tmp_path, clock):
    written = tmp_path / "cli.tar.gz"
    with source.app.app_context():
        result = source.app.test_cli_runner().invoke(
            args=["governors", "backup", "--to", str(written)]
        )
        assert result.exit_code == 0, result.output
        assert f"to {written}" in result.output
        assert f"Backed up {source.manifest.total_rows} rows" in result.output
        default = source.app.test_cli_runner().invoke(args=["governors", "backup"])
        assert default.exit_code == 0, default.output
        kept = Path(source.app.instance_path) / "backups" / "governors-20270103-120000.tar.gz"
        assert kept.is_file()
        assert str(kept) in default.output
        again = source.app.test_cli_runner().invoke(args=["governors", "backup"])
        assert again.exit_code == 1
        assert "already exists" in again.output
        kept.unlink()

    with target.app_context():
        runner = target.test_cli_runner()
        junk = _write(tmp_path / "junk.tar.gz", b"not an archive")
        refused = runner.invoke(args=["governors", "restore", str(junk)])
        assert refused.exit_code == 1
        assert "Error:" in refused.output and "damaged" in refused.output
        assert "Traceback" not in refused.output
        missing = runner.invoke(args=["governors", "restore", str(tmp_path / "none.tar.gz")])
        assert missing.exit_code == 1
        assert "There is no backup file" in missing.output

        restored = runner.invoke(args=["governors", "restore", str(written)])
        assert restored.exit_code == 0, restored.output
        assert f"Restored {source.manifest.total_rows} rows" in restored.output
        assert "2 uploaded files" in restored.output

        twice = runner.invoke(args=["governors", "restore", str(written)])
        assert twice.exit_code == 1
        assert "database is not empty" in twice.output
        assert "Traceback" not in twice.output
    assert counts(target) == counts(source.app)


def test_rows_that_refer_to_their_own_table_come_after_the_row_they_refer_to():
    from governors.backup import _parents_first

    bodies = db.metadata.tables["bodies"]
    rows = [
        {"id": 1, "parent_id": None},
        {"id": 2, "parent_id": 5},
        {"id": 3, "parent_id": 2},
        {"id": 4, "parent_id": 1},
        {"id": 5, "parent_id": 4},
    ]
    ordered = [row["id"] for row in _parents_first(bodies, rows)]
    assert ordered == [1, 4, 5, 2, 3]


def test_with_files_in_the_database_they_travel_as_rows(
    source, target, tmp_path, tmp_path_factory, worker_id, monkeypatch
):
    # A council kept in the folder moves into the database by backup and restore.
    monkeypatch.setitem(target.config, "STORAGE", "database")
    restore_backup(source.archive)
    assert counts(target)["stored_files"] == len(source.manifest.files) == 2
    assert file_sums(target) == {}  # nothing on this server's disk
    paper = db.session.get(Document, source.ids["paper"])
    secretary = db.session.get(User, source.ids["secretary"])
    client = SignIn(target.test_client())(secretary)
    with client.get(f"/documents/{paper.id}") as download:
        assert download.status_code == 200
        assert hashlib.sha256(download.data).hexdigest() == paper.sha256
    db.session.remove()

    # Backed up from the database, the files are rows like any other.
    archive = tmp_path / "in-database.tar.gz"
    manifest = write_backup(archive)
    assert manifest.files == ()
    assert manifest.row_counts["stored_files"] == 2

    with migrated_app(tmp_path_factory, f"backup_rows_{worker_id}") as again:
        # Into the folder it is refused, since the folder would not have the files...
        with pytest.raises(BackupError, match="made with STORAGE=database"):
            restore_backup(archive)
        assert sum(counts(again).values()) == 1
        # ... and with the files in the database it restores them, unchanged.
        monkeypatch.setitem(again.config, "STORAGE", "database")
        restore_backup(archive)
        assert table_rows(again)["stored_files"] == table_rows(target)["stored_files"]
