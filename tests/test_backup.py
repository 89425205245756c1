"""`factcheck db backup` and `db restore`: a consistent copy of a SQLite database taken while
a writer runs, never a half-written file, never an overwrite without --force; on PostgreSQL a
pointer to pg_dump and the native export."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from factcheck.db import make_engine
from tests.conftest import invoke
from tests.helpers_integrity import content, integrity_problems
from tests.test_concurrency import ROOT

HANOI = ROOT / "fixtures" / "hanoi-summit.yaml"
BACKUPS = 6
WRITE = ("--speaker", "Writer", "--topic", "Backups")


@pytest.fixture
def sqlite_db(backend: str, db_env: str) -> str:
    if backend != "sqlite":
        pytest.skip("backup and restore copy SQLite databases")
    loaded = invoke("import", str(HANOI))
    assert loaded.exit_code == 0, loaded.stderr
    return db_env


def claims_and_logged(path: Path) -> tuple[list[int], int]:
    engine = make_engine(f"sqlite:///{path}")
    try:
        assert integrity_problems(engine) == []
        with engine.connect() as connection:
            ids = list(connection.scalars(text("SELECT id FROM claims ORDER BY id")))
            logged = connection.scalar(
                text("SELECT count(*) FROM change_log WHERE object_type = 'claims'")
            )
    finally:
        engine.dispose()
    return ids, logged or 0


def test_backups_taken_while_a_writer_runs_are_whole_and_hold_what_was_committed(
    sqlite_db: str, tmp_path: Path
) -> None:
    assert invoke("actor", "add", "Writer").exit_code == 0
    before, _ = claims_and_logged(Path(sqlite_db.removeprefix("sqlite:///")))
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.cli_loop", "30", "--", "claim", "add", "Said {i}.", *WRITE],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdin is not None and writer.stdout is not None
    assert writer.stdout.readline() == "ready\n"
    writer.stdin.write("go\n")
    writer.stdin.flush()
    seen = []
    for number in range(BACKUPS):
        committed = json.loads(writer.stdout.readline())
        assert committed["exit_code"] == 0, committed["stderr"]
        target = tmp_path / f"backup-{number}.db"
        result = invoke("db", "backup", str(target))
        assert result.exit_code == 0, result.stderr
        assert result.stderr.startswith(f"Backed up to {target} (")
        ids, logged = claims_and_logged(target)
        # Whole transactions only: every claim with its change-log row, no gap in the ids,
        # and at least every claim the writer has reported as added.
        assert ids == list(range(1, len(ids) + 1))
        assert logged == len(ids)
        assert len(ids) >= len(before) + committed["run"] + 1
        seen.append(len(ids))
    remaining, _ = writer.communicate(timeout=600)
    assert writer.returncode == 0
    assert all(json.loads(line)["exit_code"] == 0 for line in remaining.splitlines())
    assert seen == sorted(seen)
    assert sorted(path.name for path in tmp_path.glob("backup-*")) == [
        f"backup-{number}.db" for number in range(BACKUPS)
    ]


def test_backup_refuses_an_existing_file_unless_forced(sqlite_db: str, tmp_path: Path) -> None:
    target = tmp_path / "backup.db"
    target.write_bytes(b"keep me")

    refused = invoke("db", "backup", str(target))

    assert refused.exit_code == 5
    assert refused.stderr == f"Error: {target} already exists (give --force to replace it)\n"
    assert target.read_bytes() == b"keep me"
    forced = invoke("db", "backup", str(target), "--force")
    assert forced.exit_code == 0, forced.stderr
    source, copy = make_engine(sqlite_db), make_engine(f"sqlite:///{target}")
    assert content(copy) == content(source)
    source.dispose()
    copy.dispose()
    assert [path.name for path in tmp_path.iterdir() if "backup" in path.name] == ["backup.db"]


def test_a_backup_restored_into_a_new_file_is_the_database_again(
    sqlite_db: str, tmp_path: Path
) -> None:
    backup = tmp_path / "backup.db"
    assert invoke("db", "backup", str(backup)).exit_code == 0
    restored_url = f"sqlite:///{tmp_path / 'restored' / 'factcheck.db'}"

    result = invoke("--db", restored_url, "db", "restore", str(backup))

    assert result.exit_code == 0, result.stderr
    assert "Restored " in result.stderr
    source, restored = make_engine(sqlite_db), make_engine(restored_url)
    assert content(restored) == content(source)
    assert integrity_problems(restored) == []
    source.dispose()
    restored.dispose()
    listed = invoke("--db", restored_url, "claim", "list", "--format", "json")
    assert listed.exit_code == 0, listed.stderr
    assert len(json.loads(listed.stdout)) == len(
        json.loads(invoke("claim", "list", "-f", "json").stdout)
    )


def test_restore_over_a_database_with_data_needs_force_and_keeps_a_copy(
    sqlite_db: str, tmp_path: Path
) -> None:
    backup = tmp_path / "backup.db"
    assert invoke("db", "backup", str(backup)).exit_code == 0
    assert invoke("actor", "add", "Added after the backup").exit_code == 0
    engine = make_engine(sqlite_db)
    newer = content(engine)

    refused = invoke("db", "restore", str(backup))

    assert refused.exit_code == 5
    assert refused.stderr.startswith("Error: database ")
    assert refused.stderr.endswith(
        " is not empty (give --force to replace it, keeping a copy; or restore into a new file)\n"
    )
    assert content(engine) == newer
    forced = invoke("db", "restore", str(backup), "--force")
    assert forced.exit_code == 0, forced.stderr
    backed_up = make_engine(f"sqlite:///{backup}")
    assert content(engine) == content(backed_up)
    (kept,) = Path(sqlite_db.removeprefix("sqlite:///")).parent.glob("factcheck.db.replaced-*")
    assert forced.stderr.startswith(f"The database it replaced is kept in {kept}.\n")
    kept_engine = make_engine(f"sqlite:///{kept}")
    assert content(kept_engine) == newer
    for each in (engine, backed_up, kept_engine):
        each.dispose()


def test_restore_refuses_a_file_that_is_not_a_factcheck_backup(
    sqlite_db: str, tmp_path: Path
) -> None:
    not_sqlite = tmp_path / "notes.txt"
    not_sqlite.write_text("not a database\n" * 100)
    other = tmp_path / "other.db"
    engine = make_engine(f"sqlite:///{other}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE notes (body TEXT)"))
    engine.dispose()
    target = f"sqlite:///{tmp_path / 'new.db'}"

    for path, message in [
        (not_sqlite, "is not a SQLite database (file is not a database)"),
        (other, "is not a factcheck database (it has no schema revision)"),
        (tmp_path / "missing.db", "no backup file"),
    ]:
        result = invoke("--db", target, "db", "restore", str(path))
        assert result.exit_code in (3, 4)
        assert result.stderr.count("\n") == 1 and message in result.stderr
    assert not (tmp_path / "new.db").exists()


@pytest.mark.parametrize("command", ["backup", "restore"])
def test_on_postgresql_backup_and_restore_point_at_pg_dump_and_export(
    command: str, tmp_path: Path
) -> None:
    url = "postgresql://alice:s3cret@db.example.org/factcheck"
    target = tmp_path / "backup.db"

    result = invoke("--db", url, "db", command, str(target))

    assert result.exit_code == 1
    tool = "pg_dump -Fc DBNAME > factcheck.dump" if command == "backup" else "pg_restore"
    assert result.stderr == (
        f"Error: db {command} works on SQLite databases;"
        " postgresql+psycopg://alice:***@db.example.org/factcheck is not one"
        f" (on PostgreSQL use {tool}"
        + ("" if command == "backup" else " -d DBNAME factcheck.dump")
        + ", or factcheck export -o everything.yaml for a portable copy)\n"
    )
    assert not target.exists()
