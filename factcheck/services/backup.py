"""Backing up a SQLite database, and restoring it from a backup.

These work on the database file, below the level of transactions and models, so they take the
database URL (as the schema commands do) rather than a session: a backup must also be possible
of a database whose schema is behind the program, which is when one is wanted most.

The copy is SQLite's online backup (sqlite3.Connection.backup, SQLite docs "Online Backup
API"), done in one step: it reads one snapshot of the database while other connections keep
writing (WAL mode lets them), so the backup is consistent. It goes to a temporary file in the
target's directory, which is synced and then renamed, so that FILE is a whole backup or not
there at all.
"""

import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from factcheck.config import mask_url
from factcheck.errors import Conflict, DatabaseUnavailable, InvalidInput, NotFound, Unsupported

BUSY_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class Copied:
    """A finished backup or restore: the file written or replaced, its size and revision."""

    path: Path
    size: int
    revision: str | None
    replaced: Path | None = None


def backup(url: str, target: Path, *, overwrite: bool = False) -> Copied:
    """Copy the SQLite database at ``url`` into the new file ``target``."""
    database = _sqlite_file(url, "db backup", "pg_dump -Fc DBNAME > factcheck.dump")
    if not database.is_file():
        raise NotFound(f"no database at {database}", "check --db or FACTCHECK_DATABASE_URL")
    target = target.expanduser()
    if target.exists() and target.resolve() == database.resolve():
        raise InvalidInput(f"{target} is the database itself", "give another file name")
    if target.exists() and not overwrite:
        raise Conflict(f"{target} already exists", "give --force to replace it")
    if not target.parent.is_dir():
        raise NotFound(f"no directory {target.parent}", "create it first")
    with _errors(url):
        _copy(database, target)
    return Copied(target, target.stat().st_size, _revision(target))


def restore(url: str, source: Path, *, overwrite: bool = False) -> Copied:
    """Replace the SQLite database at ``url`` with the backup ``source``.

    A database that has tables is replaced only with ``overwrite``, and is first backed up
    itself, next to it, to ``<name>.replaced-<UTC time>``: nothing is lost by a restore.
    """
    database = _sqlite_file(url, "db restore", "pg_restore -d DBNAME factcheck.dump")
    source = source.expanduser()
    if not source.is_file():
        raise NotFound(f"no backup file {source}")
    revision = _check_backup(source)
    replaced = None
    if database.is_file() and _has_tables(database):
        if not overwrite:
            raise Conflict(
                f"database {database} is not empty",
                "give --force to replace it, keeping a copy; or restore into a new file",
            )
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        replaced = database.with_name(f"{database.name}.replaced-{stamp}")
        backup(url, replaced)
    database.parent.mkdir(parents=True, exist_ok=True)
    with _errors(url):
        source_connection = _connect_read_only(source)
        target_connection = sqlite3.connect(database, timeout=BUSY_TIMEOUT_S)
        try:
            # Into the live file, under its write lock: other connections see the old
            # content or the new, and no stale write-ahead log is left to replay over it.
            source_connection.backup(target_connection)
            target_connection.execute("PRAGMA journal_mode = WAL")
        finally:
            target_connection.close()
            source_connection.close()
    return Copied(database, database.stat().st_size, revision, replaced)


def _sqlite_file(url: str, command: str, pg_tool: str) -> Path:
    if not url.startswith("sqlite"):
        raise Unsupported(
            f"{command} works on SQLite databases; {mask_url(url)} is not one",
            f"on PostgreSQL use {pg_tool}, or factcheck export -o everything.yaml"
            " for a portable copy",
        )
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise InvalidInput(f"{mask_url(url)} is not a database file", "give sqlite:///PATH")
    return Path(database).expanduser()


def _copy(database: Path, target: Path) -> None:
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    os.close(handle)
    partial = Path(name)
    try:
        source_connection = sqlite3.connect(database, timeout=BUSY_TIMEOUT_S)
        copy = sqlite3.connect(partial)
        try:
            source_connection.backup(copy)
            # The copy is one self-contained file, not a database waiting for its log.
            copy.execute("PRAGMA journal_mode = DELETE")
            verdict = copy.execute("PRAGMA quick_check").fetchone()
        finally:
            copy.close()
            source_connection.close()
        if verdict != ("ok",):
            raise DatabaseUnavailable(f"the copy of {database} does not check out: {verdict}")
        _sync(partial)
        partial.replace(target)
        _sync(target.parent)
    finally:
        partial.unlink(missing_ok=True)


def _sync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _connect_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)


def _check_backup(path: Path) -> str:
    """The schema revision of a whole factcheck database at ``path``; an error otherwise."""
    try:
        connection = _connect_read_only(path)
        try:
            verdict = connection.execute("PRAGMA quick_check").fetchone()
            revision = _version(connection)
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise InvalidInput(f"{path} is not a SQLite database ({error})") from None
    if verdict != ("ok",):
        raise InvalidInput(f"{path} is damaged: {verdict[0] if verdict else 'no answer'}")
    if revision is None:
        raise InvalidInput(f"{path} is not a factcheck database (it has no schema revision)")
    return revision


def _version(connection: sqlite3.Connection) -> str | None:
    has_table = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).fetchone()
    if not has_table:
        return None
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return str(row[0]) if row else None


def _revision(path: Path) -> str | None:
    connection = _connect_read_only(path)
    try:
        return _version(connection)
    finally:
        connection.close()


def _has_tables(path: Path) -> bool:
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S)
    try:
        row = connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table'").fetchone()
    finally:
        connection.close()
    return row is not None


@contextmanager
def _errors(url: str) -> Iterator[None]:
    """sqlite3 and file errors (a full disk, a locked file) as one-line domain errors."""
    try:
        yield
    except (sqlite3.Error, OSError) as error:
        raise DatabaseUnavailable(
            f"copying {mask_url(url)} failed: {error}", "nothing was replaced"
        ) from None
