"""SQLite connections: foreign keys enforced, WAL, a busy timeout, and write transactions
that take the write lock when they begin."""

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from factcheck.db import READ_ONLY, SQLITE_BUSY_TIMEOUT_MS, make_engine


@pytest.fixture
def sqlite_file(tmp_path: Path) -> Path:
    return tmp_path / "connections.db"


def test_connections_enforce_foreign_keys_use_wal_synced_at_commit_and_wait_when_busy(
    sqlite_file: Path,
) -> None:
    engine = make_engine(f"sqlite:///{sqlite_file}")
    with engine.connect() as connection:
        pragma = {
            name: connection.execute(text(f"PRAGMA {name}")).scalar()
            for name in ("foreign_keys", "journal_mode", "synchronous", "busy_timeout")
        }
    engine.dispose()
    assert pragma == {
        "foreign_keys": 1,
        "journal_mode": "wal",
        "synchronous": 2,
        "busy_timeout": SQLITE_BUSY_TIMEOUT_MS,
    }


def _can_take_write_lock(path: Path) -> bool:
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        assert "locked" in str(error)
        return False
    other.execute("ROLLBACK")
    return True


def test_a_write_transaction_holds_the_write_lock_from_its_start(sqlite_file: Path) -> None:
    engine = make_engine(f"sqlite:///{sqlite_file}", write=True)
    with engine.begin() as connection:
        connection.execute(text("SELECT 1"))
        assert not _can_take_write_lock(sqlite_file)
    assert _can_take_write_lock(sqlite_file)
    engine.dispose()


def test_a_read_transaction_leaves_the_write_lock_free(sqlite_file: Path) -> None:
    engine = make_engine(f"sqlite:///{sqlite_file}", write=False)
    with engine.begin() as connection:
        connection.execute(text("SELECT 1"))
        assert _can_take_write_lock(sqlite_file)
    engine.dispose()


def test_migration_connections_can_turn_foreign_keys_off(sqlite_file: Path) -> None:
    engine = make_engine(f"sqlite:///{sqlite_file}", foreign_keys=False)
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 0
    engine.dispose()


def test_a_write_engine_connection_marked_read_only_leaves_the_write_lock_free(
    sqlite_file: Path,
) -> None:
    # The schema check every command makes first reads only: it must not queue behind writers.
    engine = make_engine(f"sqlite:///{sqlite_file}", write=True)
    with engine.connect().execution_options(**{READ_ONLY: True}) as connection:
        connection.execute(text("SELECT 1"))
        assert _can_take_write_lock(sqlite_file)
    engine.dispose()
