"""Declarative base, portable column types, the engine factory and the unit of work."""

import enum
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Generic, TypeVar

from sqlalchemy import (
    Connection,
    DateTime,
    Dialect,
    Engine,
    MetaData,
    String,
    create_engine,
    event,
    exc,
)
from sqlalchemy.orm import DeclarativeBase, Session
from sqlalchemy.types import TypeDecorator

from factcheck.config import mask_secrets, mask_url
from factcheck.errors import Conflict, DatabaseUnavailable, InvalidInput

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_N_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SQLITE_BUSY_TIMEOUT_MS = 30_000
# An execution option: this connection of a write engine only reads (a plain, deferred BEGIN).
READ_ONLY = "factcheck_read_only"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend (SQLite stores it naive, in UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: give a timezone")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


E = TypeVar("E", bound=enum.StrEnum)


class StrEnumType(TypeDecorator[E], Generic[E]):
    """A Python ``StrEnum`` stored as a plain string; the check constraint sits on the table."""

    impl = String
    cache_ok = True

    def __init__(self, enum_class: type[E]) -> None:
        super().__init__(length=max(len(member.value) for member in enum_class))
        self.enum_class = enum_class

    def process_bind_param(self, value: E | str | None, dialect: Dialect) -> str | None:
        return None if value is None else self.enum_class(value).value

    def process_result_value(self, value: str | None, dialect: Dialect) -> E | None:
        return None if value is None else self.enum_class(value)


def make_engine(url: str, *, write: bool = True, foreign_keys: bool = True) -> Engine:
    """An engine for ``url``; SQLite gets WAL with synchronous FULL, a busy timeout, foreign
    keys and explicit BEGINs.

    ``write`` makes SQLite transactions start with ``BEGIN IMMEDIATE``, so that two writers
    queue on the busy timeout instead of failing with "database is locked" when a deferred
    read lock cannot be upgraded. ``foreign_keys=False`` is for migrations, which rebuild
    tables (SQLite docs, "ALTER TABLE", the twelve-step procedure).

    A read engine on PostgreSQL works in ``REPEATABLE READ``: a report makes many queries, and
    under the default ``READ COMMITTED`` each would see the writers' latest commits, so one
    report could join rows that did not exist together. SQLite's deferred transactions in WAL
    mode read one snapshot already.
    """
    if url.startswith("sqlite"):
        return _make_sqlite_engine(url, write=write, foreign_keys=foreign_keys)
    isolation = {} if write else {"isolation_level": "REPEATABLE READ"}
    try:
        return create_engine(url, pool_pre_ping=False, **isolation)
    except ImportError as error:
        hint = "PostgreSQL needs: pip install 'factcheck-ledger[postgres]'"
        raise _unusable_url(url, error, hint) from None
    # A port that is not a number fails the URL parser with a bare ValueError.
    except (exc.ArgumentError, exc.NoSuchModuleError, ValueError) as error:
        raise _unusable_url(url, error, URL_FORMS) from None


URL_FORMS = "use sqlite:///path/to/file.db or postgresql://user:password@host:port/database"


def _unusable_url(url: str, error: Exception, hint: str) -> DatabaseUnavailable:
    detail = mask_secrets(str(error).strip().splitlines()[0], url)
    return DatabaseUnavailable(f"cannot use database URL {mask_url(url)}: {detail}", hint)


def _make_sqlite_engine(url: str, *, write: bool, foreign_keys: bool) -> Engine:
    try:
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
    except (exc.ArgumentError, ValueError) as error:
        raise _unusable_url(url, error, URL_FORMS) from None
    database = engine.url.database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Leave transaction control to the "begin" hook below (SQLAlchemy docs, SQLite
        # dialect, "Serializable isolation / Savepoints / Transactional DDL").
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        if database and database != ":memory:":
            cursor.execute("PRAGMA journal_mode = WAL")
        # Flush the log at every commit: NORMAL, a common pairing with WAL, may lose the last
        # commits on a power cut, and the build's default may be either (SQLite docs,
        # "PRAGMA synchronous", SQLITE_DEFAULT_WAL_SYNCHRONOUS).
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        reading = connection.get_execution_options().get(READ_ONLY, not write)
        connection.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")

    return engine


@contextmanager
def translate_errors(url: str) -> Iterator[None]:
    """Turn driver errors a user can cause into domain errors, with any password hidden."""
    try:
        yield
    except exc.IntegrityError as error:
        raise Conflict(_constraint_message(error), "nothing was written") from None
    # PostgreSQL enforces column lengths (SQLite does not): a name longer than the column.
    except exc.DataError as error:
        detail = mask_secrets(str(error.orig or error).strip().splitlines()[0], url)
        raise InvalidInput(
            f"the database refused a value: {detail}", "nothing was written"
        ) from None
    except exc.OperationalError as error:
        detail = mask_secrets(str(error.orig or error).strip().splitlines()[0], url)
        if _is_disk_full(error.orig):
            raise DatabaseUnavailable(
                f"database {mask_url(url)} is full: {detail}",
                "free disk space and run the command again; nothing was written",
            ) from None
        raise DatabaseUnavailable(
            f"database {mask_url(url)} failed: {detail}", "nothing was written"
        ) from None
    # Raised while connecting (no statement yet): the driver refused the URL, e.g. an unknown
    # connection option in its query. Errors in a statement are bugs and keep their traceback.
    except exc.DBAPIError as error:
        if error.statement is not None:
            raise
        detail = mask_secrets(str(error.orig or error).strip().splitlines()[0], url)
        raise DatabaseUnavailable(
            f"cannot connect to {mask_url(url)}: {detail}", URL_FORMS
        ) from None


# SQLite's SQLITE_FULL (the disk, or PRAGMA max_page_count) and PostgreSQL's disk_full.
_PG_DISK_FULL = "53100"


def _is_disk_full(error: BaseException | None) -> bool:
    return (
        getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL
        or getattr(error, "sqlstate", None) == _PG_DISK_FULL
    )


def _constraint_message(error: exc.IntegrityError) -> str:
    from factcheck.constraints import describe_violation

    return describe_violation(str(error.orig))


@contextmanager
def unit_of_work(url: str, *, user: str, write: bool = True) -> Iterator[Session]:
    """One command, one transaction: commit on success, roll back on any error."""
    from factcheck.schema import ensure_current

    engine = make_engine(url, write=write)
    try:
        with translate_errors(url):
            ensure_current(engine, url)
            with Session(engine, info={"user": user}, autoflush=True) as session:
                try:
                    yield session
                    session.commit()
                except BaseException:
                    session.rollback()
                    raise
    finally:
        engine.dispose()
