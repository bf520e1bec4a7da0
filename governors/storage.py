"""Where uploaded papers are kept: one interface, and a place for each way of running.

- ``STORAGE=folder`` (the default): files in the ``UPLOAD_FOLDER`` on this server's disk.
  Enough for one app server.
- ``STORAGE=database``: files in the ``stored_files`` table, so every app server behind a
  load balancer reads the same papers.

Writes belong to the database transaction they are made in. In the folder, a file is
written (and synced to disk) under a temporary name, ``.<key>.part``, and takes its real
name only once the transaction is committed; if the transaction is rolled back, or ends
without a commit, the temporary file is removed. A file is deleted only after the commit
that deletes its record. A server stopped between a commit and the move leaves a complete
temporary file, which :meth:`FolderStorage.sweep` moves into place when its record exists
and removes when it does not. In the database the bytes are a row written in the same
transaction as the record, so neither can be kept without the other.

Stored PDFs (of published agenda versions, of minutes, and board packs) are not uploads:
they are columns of their own rows, so every server already reads them from the database.
"""

from __future__ import annotations

import io
import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import IO, Protocol

import sqlalchemy as sa
from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from governors.config import STORAGE_KINDS, ConfigError, storage_problem
from governors.documents.models import StoredFile
from governors.extensions import db

log = logging.getLogger(__name__)

PART = ".part"
# A temporary file, or a file without a record, younger than this may belong to a
# transaction still going on (on this server or another), so the sweep leaves it alone.
GRACE = timedelta(minutes=10)
_PENDING = "governors_storage_pending"
_CHUNK = 1024 * 1024

# Given some keys, those a record still uses.
InUse = Callable[[Iterable[str]], set[str]]


@dataclass(frozen=True)
class Swept:
    """What a sweep did: temporary files moved into place (their record was committed),
    temporary files removed (their record never was), and files removed that no record uses."""

    moved: int = 0
    removed_partial: int = 0
    removed_orphans: int = 0

    @property
    def removed(self) -> int:
        return self.removed_partial + self.removed_orphans


class Storage(Protocol):
    """Where uploaded files are kept. ``put`` and ``delete`` take effect when the current
    database transaction is committed, and not at all if it is not."""

    kind: str

    def put(self, key: str, data: bytes) -> None:
        """Keep ``data`` under ``key`` (which must be new) once the transaction commits."""

    def open(self, key: str) -> IO[bytes]:
        """The file for reading; raises :class:`FileNotFoundError` when there is none."""

    def read(self, key: str) -> bytes:
        """The file's bytes; raises :class:`FileNotFoundError` when there is none."""

    def delete(self, key: str) -> None:
        """Delete the file once the transaction commits (nothing if there is none)."""

    def exists(self, key: str) -> bool: ...

    def keys(self) -> list[str]:
        """Every file kept (never a temporary one), in order."""

    def sweep(self, in_use: InUse, now: datetime, grace: timedelta = GRACE) -> Swept:
        """Finish or remove what a stopped server left, and remove files no record uses."""


def storage() -> Storage:
    """The app's storage, from its ``STORAGE`` setting."""
    kind = current_app.config.get("STORAGE") or "folder"
    problem = storage_problem(kind)
    if problem:
        raise ConfigError(problem)
    if kind == "database":
        return DatabaseStorage()
    return FolderStorage(Path(current_app.config["UPLOAD_FOLDER"]))


def check_key(key: str) -> str:
    """A key is a relative path of plain names: no dot files, no way out of the folder."""
    path = PurePosixPath(key)
    if (
        not key
        or len(key) > 255
        or "\\" in key
        or "\x00" in key
        or path.is_absolute()
        or key != path.as_posix()
        or any(part in ("", ".", "..") or part.startswith(".") for part in path.parts)
    ):
        raise ValueError(f"not a storage key: {key!r}")
    return key


# Work to do when the transaction ends ---------------------------------------------------


def _pending(session: Session) -> list[tuple[Callable[[], None], Callable[[], None]]]:
    """What to do on commit, and otherwise, for writes made in ``session``'s transaction."""
    return session.info.setdefault(_PENDING, [])


@event.listens_for(Session, "after_commit")
def _on_commit(session: Session) -> None:
    for on_commit, _otherwise in session.info.pop(_PENDING, []):
        try:
            on_commit()
        except OSError:
            # The record is committed and the file is whole under its temporary name:
            # the next sweep moves it into place.
            log.exception("an uploaded file could not be moved into place after the commit")


@event.listens_for(Session, "after_transaction_end")
def _on_end(session: Session, transaction: SessionTransaction) -> None:
    # Rolled back, or closed without a commit: after a commit nothing is left here.
    if transaction.parent is not None:
        return
    for _on_commit, otherwise in session.info.pop(_PENDING, []):
        try:
            otherwise()
        except OSError:
            log.exception("a temporary upload could not be removed; the next sweep will")


# The folder ------------------------------------------------------------------------------


class FolderStorage:
    """Files under one folder on this server, named by their keys."""

    kind = "folder"

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, key: str) -> Path:
        return self.folder / check_key(key)

    def staged_path(self, key: str) -> Path:
        final = self.path(key)
        return final.with_name(f".{final.name}{PART}")

    def put(self, key: str, data: bytes) -> None:
        final, staged = self.path(key), self.staged_path(key)
        final.parent.mkdir(parents=True, exist_ok=True)
        if final.exists():
            raise FileExistsError(f"a file is already stored as {key}")
        # "x": never overwrite, even in the (astronomically unlikely) case of a clash.
        with open(staged, "xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())

        def move() -> None:
            try:
                os.replace(staged, final)
            except FileNotFoundError:
                # Moved already by a server that started meanwhile and saw the record?
                if not final.is_file():
                    raise

        def remove() -> None:
            staged.unlink(missing_ok=True)

        _pending(db.session()).append((move, remove))

    def open(self, key: str) -> IO[bytes]:
        try:
            return open(self.path(key), "rb")
        except FileNotFoundError:
            # Written in this transaction, or committed a moment ago and not yet moved.
            return open(self.staged_path(key), "rb")

    def read(self, key: str) -> bytes:
        with self.open(key) as handle:
            return handle.read()

    def delete(self, key: str) -> None:
        final, staged = self.path(key), self.staged_path(key)

        def remove() -> None:
            final.unlink(missing_ok=True)
            staged.unlink(missing_ok=True)

        _pending(db.session()).append((remove, lambda: None))

    def exists(self, key: str) -> bool:
        return self.path(key).is_file() or self.staged_path(key).is_file()

    def keys(self) -> list[str]:
        return [key for key, _path in self._files() if not _is_staged(key)]

    def _files(self) -> list[tuple[str, Path]]:
        """Every regular file under the folder, temporary ones included (as
        ``dir/.name.part``), leaving out other dot files and dot folders (a restore's)."""
        if not self.folder.is_dir():
            return []
        found = []
        for root, dirs, names in os.walk(self.folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(names):
                path = Path(root) / name
                if name.startswith(".") and not name.endswith(PART):
                    continue
                if path.is_file() and not path.is_symlink():
                    found.append((path.relative_to(self.folder).as_posix(), path))
        return found

    def sweep(self, in_use: InUse, now: datetime, grace: timedelta = GRACE) -> Swept:
        cutoff = (now - grace).timestamp()
        files = self._files()
        staged = {_key_of_staged(name): path for name, path in files if _is_staged(name)}
        kept = {name: path for name, path in files if not _is_staged(name)}
        old_kept = [key for key, path in kept.items() if _older(path, cutoff)]
        used = in_use([*staged, *old_kept]) if staged or old_kept else set()
        moved = removed_partial = removed_orphans = 0
        for key, path in staged.items():
            try:
                if key in used and key not in kept:
                    os.replace(path, self.path(key))
                    moved += 1
                elif key in used or _older(path, cutoff):
                    path.unlink()
                    removed_partial += 1
            except FileNotFoundError:
                continue  # finished or removed meanwhile by the server that wrote it
        for key in old_kept:
            if key not in used:
                kept[key].unlink(missing_ok=True)
                removed_orphans += 1
        return Swept(moved, removed_partial, removed_orphans)


def _is_staged(name: str) -> bool:
    return PurePosixPath(name).name.startswith(".") and name.endswith(PART)


def _key_of_staged(name: str) -> str:
    path = PurePosixPath(name)
    return path.with_name(path.name[1 : -len(PART)]).as_posix()


def _older(path: Path, cutoff: float) -> bool:
    try:
        return path.stat().st_mtime < cutoff
    except FileNotFoundError:
        return False


# The database ----------------------------------------------------------------------------


class DatabaseStorage:
    """Files as rows of ``stored_files``, written in the transaction of their record."""

    kind = "database"

    def put(self, key: str, data: bytes) -> None:
        db.session.add(StoredFile(key=check_key(key), data=data))

    def open(self, key: str) -> IO[bytes]:
        return io.BytesIO(self.read(key))

    def read(self, key: str) -> bytes:
        data = db.session.scalar(sa.select(StoredFile.data).where(StoredFile.key == key))
        if data is None:
            raise FileNotFoundError(f"no file is stored as {key}")
        return data

    def delete(self, key: str) -> None:
        db.session.execute(sa.delete(StoredFile).where(StoredFile.key == key))

    def exists(self, key: str) -> bool:
        return db.session.scalar(sa.select(sa.literal(1)).where(StoredFile.key == key)) is not None

    def keys(self) -> list[str]:
        return list(db.session.scalars(sa.select(StoredFile.key).order_by(StoredFile.key)))

    def sweep(self, in_use: InUse, now: datetime, grace: timedelta = GRACE) -> Swept:
        old = list(
            db.session.scalars(sa.select(StoredFile.key).where(StoredFile.created_at < now - grace))
        )
        orphans = sorted(set(old) - in_use(old)) if old else []
        for start in range(0, len(orphans), 500):
            db.session.execute(
                sa.delete(StoredFile).where(StoredFile.key.in_(orphans[start : start + 500]))
            )
        return Swept(removed_orphans=len(orphans))


__all__ = [
    "GRACE",
    "STORAGE_KINDS",
    "DatabaseStorage",
    "FolderStorage",
    "Storage",
    "Swept",
    "check_key",
    "storage",
]
