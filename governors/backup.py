"""Backup and restore: the whole council in one archive file, and back again.

An archive is one ``.tar.gz`` file holding, in this order:

- ``manifest.json``: when it was made, the database's schema revision (Alembic), each
  table's row count, each uploaded file's size and SHA-256, and the SHA-256 of every
  other member;
- ``database/<table>.jsonl``: the rows of every table of the models, one JSON object a
  line, tables in foreign key order (a table's parents come first) and, within a table
  that refers to itself, each row after the row it refers to. Dates and times are ISO
  8601, bytes base64, JSON columns as they are; a JSON column left out of a row is SQL
  NULL (``null`` is JSON's own null). The same archive restores into SQLite or
  PostgreSQL, whichever it came from;
- ``files/<path>``: every uploaded file kept in the folder (``STORAGE=folder``, read
  through ``governors.storage``; temporary files are left out). With ``STORAGE=database``
  the files are rows of ``stored_files`` and come with the other tables.

:func:`restore_backup` writes an archive into an empty database (migrated to the same
revision, holding only the Council row the migrations create) and an empty or missing
upload folder. It checks every checksum before it writes anything, writes every row in
one transaction, and moves the files into place only once that transaction is committed.
With ``STORAGE=database`` an archive's files become rows of ``stored_files`` in that same
transaction, so a council can move from the folder to the database by backup and restore.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import json
import os
import secrets
import shutil
import tarfile
import uuid
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import IO, Any

import sqlalchemy as sa
from flask import current_app

from governors.documents.models import StoredFile
from governors.extensions import db
from governors.storage import FolderStorage, Storage, storage
from governors.timeutil import utcnow

FORMAT = "governors-backup"
VERSION = 1
MANIFEST = "manifest.json"
DATABASE_DIR = "database"
FILES_DIR = "files"
# Rows written to the database at once.
BATCH = 500
_CHUNK = 1024 * 1024
# Restores stage files here, inside the upload folder so the final move is a rename.
_STAGING_PREFIX = ".restoring-"
# Where STORAGE=database keeps uploaded files.
_FILE_ROWS = StoredFile.__table__
# Rows the migrations themselves create: the Council, which every body sits under. A
# database holding only these is empty; restore replaces them with the archive's.
_SEEDED = {"bodies": ("kind", "council")}


def _seeded(table: sa.Table) -> sa.ColumnElement[bool]:
    column, value = _SEEDED[table.name]
    return table.c[column] == value


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


@dataclass(frozen=True)
class TableEntry:
    name: str
    rows: int
    member: str
    size: int
    sha256: str


@dataclass(frozen=True)
class FileEntry:
    path: str
    member: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    """What an archive holds: written as ``manifest.json``, returned by both functions."""

    created_at: datetime
    schema_revision: str
    database: str
    tables: tuple[TableEntry, ...]
    files: tuple[FileEntry, ...]

    @property
    def row_counts(self) -> dict[str, int]:
        return {table.name: table.rows for table in self.tables}

    @property
    def total_rows(self) -> int:
        return sum(table.rows for table in self.tables)

    @property
    def file_bytes(self) -> int:
        return sum(entry.size for entry in self.files)

    def members(self) -> dict[str, tuple[int, str]]:
        """Every data member's name, with its size and SHA-256."""
        entries: list[TableEntry | FileEntry] = [*self.tables, *self.files]
        return {entry.member: (entry.size, entry.sha256) for entry in entries}

    def to_json(self) -> bytes:
        data = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": self.created_at.isoformat(),
            "schema_revision": self.schema_revision,
            "database": self.database,
            "tables": [vars(table) for table in self.tables],
            "files": [vars(entry) for entry in self.files],
        }
        return json.dumps(data, indent=1).encode("utf-8")

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        try:
            data = json.loads(raw.decode("utf-8"))
            if data.get("format") != FORMAT:
                raise ValueError("it is not a backup of this product")
            if data.get("version") != VERSION:
                raise ValueError(f"it is in format version {data.get('version')!r}")
            manifest = cls(
                created_at=datetime.fromisoformat(data["created_at"]),
                schema_revision=str(data["schema_revision"]),
                database=str(data["database"]),
                tables=tuple(TableEntry(**table) for table in data["tables"]),
                files=tuple(FileEntry(**entry) for entry in data["files"]),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise BackupError(f"The backup's manifest cannot be read: {error}.") from error
        for entry in manifest.files:
            _check_relative_path(entry.path)
            if entry.member != f"{FILES_DIR}/{entry.path}":
                raise BackupError(f"The backup's manifest names a file oddly: {entry.member}.")
        names = [table.name for table in manifest.tables]
        if len(set(names)) != len(names) or len(manifest.members()) != len(manifest.tables) + len(
            manifest.files
        ):
            raise BackupError("The backup's manifest lists a member twice.")
        return manifest


# Writing a backup -----------------------------------------------------------------------


def _folder_storage() -> FolderStorage | None:
    """The storage's folder, or None when files are kept in the database (as rows)."""
    kept = storage()
    return kept if isinstance(kept, FolderStorage) else None


def default_backup_path(now: datetime | None = None) -> Path:
    """``<instance folder>/backups/governors-YYYYMMDD-HHMMSS.tar.gz``, in UTC."""
    moment = now or utcnow()
    return Path(current_app.instance_path) / "backups" / f"governors-{moment:%Y%m%d-%H%M%S}.tar.gz"


def write_backup(path: Path | str) -> Manifest:
    """Write the whole database and every uploaded file to one new archive at ``path``.

    The rows are read in one transaction (a consistent snapshot: REPEATABLE READ on
    PostgreSQL, one read transaction on SQLite), so the app may keep running. The archive
    is written under a temporary name and renamed when complete, readable by its owner only.
    Raises :class:`BackupError` when ``path`` exists or the database has no schema.
    """
    path = Path(path)
    if path.exists():
        raise BackupError(f"{path} already exists. Choose another name, or move it first.")
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    created_at = utcnow()
    partial = path.with_name(f".{path.name}.partial")
    with contextlib.ExitStack() as cleanup:
        work = Path(cleanup.enter_context(_temporary_directory(path.parent)))
        with _snapshot() as connection:
            revision = _revision(connection)
            if revision is None:
                raise BackupError("The database has no tables yet: there is nothing to back up.")
            tables = tuple(
                _dump_table(connection, table, work / f"{number:03d}.jsonl")
                for number, table in enumerate(db.metadata.sorted_tables)
            )
        kept = _folder_storage()
        files = _file_entries(kept) if kept is not None else ()
        manifest = Manifest(
            created_at=created_at,
            schema_revision=revision,
            database=db.engine.dialect.name,
            tables=tables,
            files=files,
        )
        try:
            with tarfile.open(partial, "w:gz") as archive:
                _add_bytes(archive, MANIFEST, manifest.to_json(), created_at)
                for number, table in enumerate(tables):
                    with open(work / f"{number:03d}.jsonl", "rb") as handle:
                        _add_stream(
                            archive, table.member, handle, table.size, table.sha256, created_at
                        )
                for entry in files:
                    assert kept is not None
                    with kept.open(entry.path) as handle:
                        _add_stream(
                            archive, entry.member, handle, entry.size, entry.sha256, created_at
                        )
            partial.chmod(0o600)
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
    return manifest


@contextlib.contextmanager
def _temporary_directory(parent: Path) -> Iterator[str]:
    name = parent / f".governors-backup-{secrets.token_hex(8)}"
    name.mkdir(mode=0o700)
    try:
        yield str(name)
    finally:
        shutil.rmtree(name, ignore_errors=True)


@contextlib.contextmanager
def _snapshot() -> Iterator[sa.Connection]:
    """A connection reading one consistent state of the database."""
    with db.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            if connection.dialect.name == "postgresql":
                connection.exec_driver_sql("SET TRANSACTION READ ONLY")
            elif connection.dialect.name == "sqlite":
                # pysqlite starts no transaction before a write; WAL gives this one a snapshot.
                connection.exec_driver_sql("BEGIN")
            yield connection


def _revision(connection: sa.Connection) -> str | None:
    if not sa.inspect(connection).has_table("alembic_version"):
        return None
    versions = connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalars()
    return ",".join(sorted(versions)) or None


def _kind(type_: sa.types.TypeEngine[Any]) -> str:
    """How a column's values are written as JSON: the type under any TypeDecorator."""
    if isinstance(type_, sa.types.TypeDecorator):
        type_ = type_.impl_instance
    if isinstance(type_, sa.JSON):
        return "json"
    if isinstance(type_, sa.LargeBinary | sa.BINARY | sa.VARBINARY):
        return "binary"
    if isinstance(type_, sa.DateTime):
        return "datetime"
    if isinstance(type_, sa.Date):
        return "date"
    if isinstance(type_, sa.Time):
        return "time"
    if isinstance(type_, sa.Interval):
        return "interval"
    if isinstance(type_, sa.Float):
        return "float"
    if isinstance(type_, sa.Numeric):
        return "decimal" if type_.asdecimal else "float"
    if isinstance(type_, sa.Uuid):
        return "uuid" if type_.as_uuid else "plain"
    return "plain"


def _encode(value: Any, kind: str, where: str) -> Any:
    if value is None or kind == "json":
        return value
    if kind == "binary":
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bool | int | float | str):
        return value
    raise BackupError(f"{where} holds a {type(value).__name__}, which a backup cannot keep.")


def _decode(value: Any, kind: str) -> Any:
    if value is None or kind in ("json", "plain", "float"):
        return value
    if kind == "binary":
        return base64.b64decode(value, validate=True)
    if kind == "datetime":
        return datetime.fromisoformat(value)
    if kind == "date":
        return date.fromisoformat(value)
    if kind == "time":
        return time.fromisoformat(value)
    if kind == "interval":
        return timedelta(seconds=value)
    if kind == "decimal":
        return Decimal(value)
    if kind == "uuid":
        return uuid.UUID(value)
    return value


def _sql_null_flag(column: sa.Column[Any]) -> str:
    return f"__sql_null__{column.name}"


def _dump_table(connection: sa.Connection, table: sa.Table, target: Path) -> TableEntry:
    kinds = {column.name: _kind(column.type) for column in table.columns}
    nullable_json = [c for c in table.columns if kinds[c.name] == "json" and c.nullable]
    sql_null_flags = {c.name: _sql_null_flag(c) for c in nullable_json}
    statement = sa.select(
        *table.columns, *(c.is_(None).label(_sql_null_flag(c)) for c in nullable_json)
    ).order_by(*table.primary_key.columns)
    result = connection.execution_options(stream_results=True, yield_per=BATCH).execute(statement)
    rows: Iterable[sa.RowMapping] = result.mappings()
    if _self_references(table):
        rows = _parents_first(table, list(rows))
    digest = hashlib.sha256()
    count = size = 0
    with open(target, "wb") as handle:
        for row in rows:
            line = {}
            for column in table.columns:
                if column.name in sql_null_flags and row[sql_null_flags[column.name]]:
                    continue  # SQL NULL, unlike JSON's null
                where = f"{table.name}.{column.name}"
                line[column.name] = _encode(row[column.name], kinds[column.name], where)
            data = (json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
            handle.write(data)
            digest.update(data)
            count += 1
            size += len(data)
    return TableEntry(
        name=table.name,
        rows=count,
        member=f"{DATABASE_DIR}/{table.name}.jsonl",
        size=size,
        sha256=digest.hexdigest(),
    )


def _self_references(table: sa.Table) -> list[sa.ForeignKey]:
    return [key for key in table.foreign_keys if key.column.table is table]


def _parents_first(table: sa.Table, rows: list[sa.RowMapping]) -> list[sa.RowMapping]:
    """Rows ordered so each comes after the row of the same table it refers to."""
    keys = _self_references(table)
    present = {key.column.name: {row[key.column.name] for row in rows} for key in keys}
    placed: dict[str, set[Any]] = {key.column.name: set() for key in keys}
    ordered: list[sa.RowMapping] = []
    waiting = rows
    while waiting:
        still: list[sa.RowMapping] = []
        for row in waiting:
            parents = [(key.column.name, row[key.parent.name]) for key in keys]
            if all(
                value is None or value not in present[name] or value in placed[name]
                for name, value in parents
            ):
                ordered.append(row)
                for name in placed:
                    placed[name].add(row[name])
            else:
                still.append(row)
        if len(still) == len(waiting):  # a loop: keep the rest in key order
            ordered.extend(still)
            break
        waiting = still
    return ordered


def _file_entries(kept: Storage) -> tuple[FileEntry, ...]:
    stored = kept.keys()
    return tuple(_file_entry(kept, key) for key in stored)


def _file_entry(kept: Storage, relative: str) -> FileEntry:
    digest = hashlib.sha256()
    size = 0
    with kept.open(relative) as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return FileEntry(
        path=relative, member=f"{FILES_DIR}/{relative}", size=size, sha256=digest.hexdigest()
    )


def _tar_info(name: str, size: int, moment: datetime) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(moment.timestamp())
    info.mode = 0o600
    return info


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes, moment: datetime) -> None:
    archive.addfile(_tar_info(name, len(data), moment), io.BytesIO(data))


class _HashingReader:
    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.digest.update(data)
        return data


def _add_stream(
    archive: tarfile.TarFile,
    name: str,
    stream: IO[bytes],
    size: int,
    sha256: str,
    moment: datetime,
) -> None:
    reader = _HashingReader(stream)
    try:
        archive.addfile(_tar_info(name, size, moment), reader)
    except OSError as error:
        raise BackupError(f"{name} changed while it was being backed up: try again.") from error
    if reader.digest.hexdigest() != sha256:
        raise BackupError(f"{name} changed while it was being backed up: try again.")


# Restoring ------------------------------------------------------------------------------


def restore_backup(path: Path | str) -> Manifest:
    """Write the archive at ``path`` into this app's empty database and upload folder.

    Refuses, with :class:`BackupError` and nothing written, unless the database is at the
    archive's schema revision and empty (see ``_SEEDED``), the upload folder is empty or
    missing, and every member of the archive matches the manifest's checksums and counts.
    All rows go in one transaction; on PostgreSQL each table's id sequence then starts
    after the largest id. Files are staged under temporary names and moved into place
    only after the commit; with ``STORAGE=database`` they are rows written in the same
    transaction. A backup whose files are rows (made with ``STORAGE=database``) restores
    only with ``STORAGE=database``.
    """
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"There is no backup file at {path}.")
    manifest = _read_manifest(path)
    _check_schema(manifest)
    with db.engine.connect() as connection:
        _check_database(connection, manifest)
    kept = _folder_storage()
    if kept is not None:
        _check_folder(kept.folder)
        if manifest.row_counts.get(_FILE_ROWS.name):
            raise BackupError(
                "The backup keeps its uploaded files in the database: it was made with "
                "STORAGE=database. Nothing was restored. Restore it with STORAGE=database."
            )
    _verify(path, manifest)

    staging = kept.folder / f"{_STAGING_PREFIX}{secrets.token_hex(8)}" if kept else None
    try:
        with db.engine.connect() as connection, connection.begin():
            if connection.dialect.name == "sqlite":
                # Take the write lock now, so nobody writes between the check and the rows.
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            _check_database(connection, manifest)
            for name in _SEEDED:
                table = db.metadata.tables[name]
                connection.execute(table.delete().where(_seeded(table)))
            try:
                with _open(path) as archive:
                    _write_members(archive, manifest, connection, staging)
            except sa.exc.DBAPIError as error:
                raise BackupError(
                    f"The database refused the backup's rows ({error.orig}). Nothing was restored."
                ) from error
            except OSError as error:
                raise BackupError(
                    f"The uploaded files could not be written ({error}). Nothing was restored."
                ) from error
            if connection.dialect.name == "postgresql":
                _reset_sequences(connection)
        # Committed: now the files take their real names.
        if kept is not None and staging is not None:
            for entry in manifest.files:
                target = kept.path(entry.path)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(staging / entry.path, target)
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    return manifest


_READ_ERRORS = (tarfile.TarError, OSError, EOFError, zlib.error)


def _damaged(path: Path, error: Exception) -> BackupError:
    return BackupError(
        f"{path} is damaged, or is not a backup made by `flask governors backup` ({error}). "
        "Nothing was restored."
    )


@contextlib.contextmanager
def _open(path: Path) -> Iterator[Iterator[tuple[tarfile.TarInfo, IO[bytes]]]]:
    """The archive's members in order, each with its content. Damage found while the
    archive is read becomes a :class:`BackupError`; other errors (such as a full disk
    while writing) are left as they are."""
    try:
        archive = tarfile.open(path, "r:gz")  # noqa: SIM115 (closed by the with below)
    except _READ_ERRORS as error:
        raise _damaged(path, error) from error
    with archive:
        yield _members(path, archive)


class _Member:
    """A member's content, read in chunks or by lines, with read errors as damage."""

    def __init__(self, path: Path, stream: IO[bytes]) -> None:
        self.path = path
        self.stream = stream

    def read(self, size: int = -1) -> bytes:
        try:
            return self.stream.read(size)
        except _READ_ERRORS as error:
            raise _damaged(self.path, error) from error

    def __iter__(self) -> Iterator[bytes]:
        while True:
            try:
                line = self.stream.readline()
            except _READ_ERRORS as error:
                raise _damaged(self.path, error) from error
            if not line:
                return
            yield line


def _members(path: Path, archive: tarfile.TarFile) -> Iterator[tuple[tarfile.TarInfo, Any]]:
    infos = iter(archive)
    while True:
        try:
            info = next(infos, None)
        except _READ_ERRORS as error:
            raise _damaged(path, error) from error
        if info is None:
            return
        if not info.isfile():
            raise BackupError(f"The backup holds {info.name}, which is not a file.")
        try:
            stream = archive.extractfile(info)
        except _READ_ERRORS as error:
            raise _damaged(path, error) from error
        assert stream is not None
        yield info, _Member(path, stream)


def _read_manifest(path: Path) -> Manifest:
    with _open(path) as members:
        first = next(members, None)
        if first is None or first[0].name != MANIFEST:
            raise BackupError(f"{path} does not start with a manifest: it is not a backup.")
        return Manifest.from_json(first[1].read(16 * 1024 * 1024))


def _check_schema(manifest: Manifest) -> None:
    ours = {table.name for table in db.metadata.sorted_tables}
    theirs = set(manifest.row_counts)
    if ours != theirs:
        missing, extra = sorted(ours - theirs), sorted(theirs - ours)
        raise BackupError(
            "The backup's tables are not this version's "
            f"(missing: {', '.join(missing) or 'none'}; unknown: {', '.join(extra) or 'none'}). "
            "Restore it with the version of the product that made it."
        )


def _check_database(connection: sa.Connection, manifest: Manifest) -> None:
    revision = _revision(connection)
    if revision is None:
        raise BackupError(
            "The database has no tables yet. Run `flask db upgrade "
            f"{manifest.schema_revision}` first, then restore."
        )
    if revision != manifest.schema_revision:
        raise BackupError(
            f"The backup was made at schema revision {manifest.schema_revision}, but this "
            f"database is at {revision}. Restore into a new database upgraded to the "
            f"backup's revision (`flask db upgrade {manifest.schema_revision}`), then run "
            "`flask db upgrade` after the restore."
        )
    in_the_way = []
    for table in db.metadata.sorted_tables:
        count = sa.select(sa.func.count()).select_from(table)
        if table.name in _SEEDED:
            count = count.where(sa.not_(_seeded(table)))
        rows = connection.execute(count).scalar_one()
        if rows:
            in_the_way.append(f"{rows} in {table.name}")
    if in_the_way:
        shown = ", ".join(in_the_way[:5]) + (", and more" if len(in_the_way) > 5 else "")
        raise BackupError(
            f"The database is not empty: it holds rows ({shown}). Nothing was restored. "
            "Restore only into a new database: create it, run `flask db upgrade`, then restore."
        )


def _check_folder(folder: Path) -> None:
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BackupError(
            f"The upload folder {folder} is not empty. Nothing was restored. "
            "Restore only into an empty or missing upload folder."
        )


def _verify(path: Path, manifest: Manifest) -> None:
    """Every member is one the manifest lists, with its size, checksum and row count."""
    expected = manifest.members()
    rows = {table.member: table.rows for table in manifest.tables}
    seen: set[str] = set()
    with _open(path) as members:
        next(members)  # the manifest
        for info, stream in members:
            if info.name not in expected or info.name in seen:
                raise BackupError(
                    f"The backup holds {info.name}, which its manifest does not list."
                )
            seen.add(info.name)
            digest, lines, size = _digest(stream)
            if (size, digest) != expected[info.name] or (
                info.name in rows and lines != rows[info.name]
            ):
                raise BackupError(
                    f"The backup is damaged: {info.name} does not match its checksum. "
                    "Nothing was restored. Use another copy of the backup."
                )
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(f"The backup is incomplete: {', '.join(missing[:3])} is missing.")


def _digest(stream: IO[bytes]) -> tuple[str, int, int]:
    digest = hashlib.sha256()
    lines = size = 0
    while chunk := stream.read(_CHUNK):
        digest.update(chunk)
        lines += chunk.count(b"\n")
        size += len(chunk)
    return digest.hexdigest(), lines, size


def _write_members(
    members: Iterator[tuple[tarfile.TarInfo, IO[bytes]]],
    manifest: Manifest,
    connection: sa.Connection,
    staging: Path | None,
) -> None:
    """The rows, and the files: staged in the folder, or (``staging`` None) as rows of
    ``stored_files`` in the same transaction."""
    tables = {entry.member: db.metadata.tables[entry.name] for entry in manifest.tables}
    expected = manifest.members()
    next(members)  # the manifest
    for info, stream in members:
        digest = hashlib.sha256()
        if info.name in tables:
            _insert_rows(connection, tables[info.name], stream, digest)
        elif staging is None:
            data = stream.read()
            digest.update(data)
            connection.execute(
                _FILE_ROWS.insert(),
                {
                    "key": info.name.removeprefix(f"{FILES_DIR}/"),
                    "data": data,
                    "created_at": utcnow(),
                },
            )
        else:
            target = staging / info.name.removeprefix(f"{FILES_DIR}/")
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "xb") as handle:
                while chunk := stream.read(_CHUNK):
                    digest.update(chunk)
                    handle.write(chunk)
        # Checked once already; checked again in case the file changed since.
        if digest.hexdigest() != expected[info.name][1]:
            raise BackupError(f"The backup changed while it was being restored: {info.name}.")


def _insert_rows(
    connection: sa.Connection, table: sa.Table, stream: IO[bytes], digest: Any
) -> None:
    kinds = {column.name: _kind(column.type) for column in table.columns}
    batch: list[dict[str, Any]] = []
    for number, raw in enumerate(stream, start=1):
        digest.update(raw)
        try:
            line = json.loads(raw)
            unknown = set(line) - set(kinds)
            if unknown:
                raise ValueError(f"unknown columns {', '.join(sorted(unknown))}")
            row = {}
            for name, kind in kinds.items():
                if name in line:
                    row[name] = _decode(line[name], kind)
                elif kind == "json":
                    row[name] = sa.null()
                else:
                    raise ValueError(f"no value for {name}")
        except (ValueError, TypeError, AttributeError) as error:
            raise BackupError(
                f"Row {number} of {table.name} in the backup cannot be read: {error}."
            ) from error
        batch.append(row)
        if len(batch) >= BATCH:
            connection.execute(table.insert(), batch)
            batch = []
    if batch:
        connection.execute(table.insert(), batch)


def _reset_sequences(connection: sa.Connection) -> None:
    """Each table's id sequence continues after the largest id restored (PostgreSQL)."""
    quote = connection.dialect.identifier_preparer
    for table in db.metadata.sorted_tables:
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not isinstance(keys[0].type, sa.Integer):
            continue
        key = keys[0]
        connection.execute(
            sa.select(
                sa.func.setval(
                    sa.func.pg_get_serial_sequence(quote.format_table(table), key.name),
                    sa.func.coalesce(sa.func.max(key), 1),
                    sa.func.max(key).is_not(None),
                )
            ).select_from(table)
        )


def _check_relative_path(value: str) -> None:
    path = PurePosixPath(value)
    if (
        not value
        or "\\" in value
        or "\x00" in value
        or path.is_absolute()
        or any(part in ("", ".", "..") or part.startswith(".") for part in path.parts)
        or value != path.as_posix()
    ):
        raise BackupError(f"The backup names a file with an unsafe path: {value!r}.")
