"""PostgreSQL imports write new rows with COPY (factcheck/importers/bulk_postgres.py): the
same rows, the same change log and the same report as the statements every database runs,
whether the database is empty or not, on a first import and on the next ones."""

import json
import math
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from enum import IntEnum
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, MetaData, Text, cast, select
from sqlalchemy.orm import Session

from bench.data import Shape, write_native
from factcheck.changes import inserted
from factcheck.enums import ClaimStatus, Wording
from factcheck.importers import bulk, native
from factcheck.importers.bulk import Writer, table_of
from factcheck.importers.bulk_postgres import KeyFilter
from factcheck.importers.logged import inserted_changes
from factcheck.models import Actor, DatePrecision
from tests.conftest import PostgresDatabase, invoke
from tests.test_interchange_native import SAMPLE

# What a re-import changes in the sample: a claim's text, topics and stance, an actor's
# aliases, a verdict's rating; and one claim more.
CHANGES = {
    "text: North Korea wanted the sanctions lifted in their entirety.": (
        "text: North Korea wanted every sanction lifted."
    ),
    "topics: [Hanoi summit, sanctions]": "topics: [Hanoi summit, Nuclear talks]",
    "{proposition: nk-all-sanctions, stance: asserts}": (
        "{proposition: nk-all-sanctions, stance: qualifies}"
    ),
    "aliases: [donald-trump, President Trump]": "aliases: [donald-trump, The Donald]",
    "rating: accurate}": "rating: Wrong}",
    "links:\n": (
        "  - {key: trump-again, text: Again., speaker: donald-trump, said: 2019-03-05,"
        " topics: [Sanctions]}\nlinks:\n"
    ),
}


@pytest.fixture
def postgres(postgres_database: PostgresDatabase | None) -> PostgresDatabase:
    if postgres_database is None:
        pytest.skip("needs PostgreSQL (FACTCHECK_TEST_DATABASE_URL)")
    return postgres_database


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    changed = SAMPLE
    for old, new in CHANGES.items():
        assert old in changed
        changed = changed.replace(old, new)
    paths = {"sample": tmp_path / "data.yaml", "changed": tmp_path / "changed" / "data.yaml"}
    paths["changed"].parent.mkdir()
    paths["sample"].write_text(SAMPLE, encoding="utf-8")
    paths["changed"].write_text(changed, encoding="utf-8")
    paths["generated"] = write_native(Shape(400), tmp_path / "generated.json")
    return paths


def snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, oldest first, without the clock's columns and the
    generated ones; the change log's JSON as its text."""
    metadata = MetaData()
    rows: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as connection:
        metadata.reflect(connection)
        for table in metadata.sorted_tables:
            columns = [
                cast(column, Text) if column.name == "changes" else column
                for column in table.c
                if column.computed is None and column.name not in ("created_at", "updated_at")
            ]
            query = select(*columns).order_by(*table.primary_key.columns)
            rows[table.name] = [tuple(row) for row in connection.execute(query)]
    return rows


def run_imports(
    postgres: PostgresDatabase, monkeypatch: pytest.MonkeyPatch, paths: list[Path], *, copy: bool
) -> tuple[list[tuple[int, str]], dict[str, list[tuple[Any, ...]]]]:
    """Import ``paths`` one after another into an emptied database, with COPY or with the
    statements of every database; each import's exit code and report, then every row."""
    postgres.reset()
    monkeypatch.setenv("FACTCHECK_DATABASE_URL", postgres.url)
    with monkeypatch.context() as patched:
        if not copy:
            patched.setattr(bulk, "_copier", lambda _connection: None)
        results = []
        for path in paths:
            result = invoke("import", str(path))
            results.append((result.exit_code, result.stderr.replace(str(path), "FILE")))
    return results, snapshot(postgres.engine)


def assert_same_as_statements(
    postgres: PostgresDatabase, monkeypatch: pytest.MonkeyPatch, paths: list[Path]
) -> list[tuple[int, str]]:
    copied = run_imports(postgres, monkeypatch, paths, copy=True)
    inserted = run_imports(postgres, monkeypatch, paths, copy=False)
    assert copied[0] == inserted[0]
    for table, rows in inserted[1].items():
        assert copied[1][table] == rows, table
    return copied[0]


def test_the_copy_path_is_the_one_postgresql_takes(postgres: PostgresDatabase) -> None:
    with Session(postgres.engine) as session:
        assert Writer(session).copier is not None


def test_a_first_import_writes_what_statements_write(
    postgres: PostgresDatabase, monkeypatch: pytest.MonkeyPatch, files: dict[str, Path]
) -> None:
    results = assert_same_as_statements(postgres, monkeypatch, [files["sample"]])
    assert results[0][0] == 0
    assert "claims: 3 created, 0 updated, 0 unchanged" in results[0][1]


def test_importing_the_same_file_again_changes_nothing_either_way(
    postgres: PostgresDatabase, monkeypatch: pytest.MonkeyPatch, files: dict[str, Path]
) -> None:
    results = assert_same_as_statements(
        postgres, monkeypatch, [files["sample"], files["sample"], files["generated"]]
    )
    assert [code for code, _report in results] == [0, 0, 0]
    assert "claims: 0 created, 0 updated, 3 unchanged" in results[1][1]


def test_a_changed_file_updates_what_statements_update(
    postgres: PostgresDatabase, monkeypatch: pytest.MonkeyPatch, files: dict[str, Path]
) -> None:
    results = assert_same_as_statements(postgres, monkeypatch, [files["sample"], files["changed"]])
    assert results[1][0] == 0
    assert "claims: 1 created, 1 updated, 2 unchanged" in results[1][1]


def test_an_import_into_a_database_with_rows_matches_statements(
    postgres: PostgresDatabase,
    monkeypatch: pytest.MonkeyPatch,
    files: dict[str, Path],
) -> None:
    # Pieces of 50 records: keys of earlier pieces, ids of rows this import wrote.
    monkeypatch.setattr(native, "BATCH_SIZE", 50)
    results = assert_same_as_statements(
        postgres, monkeypatch, [files["generated"], files["changed"], files["sample"]]
    )
    assert [code for code, _report in results] == [0, 0, 0]


def test_a_key_given_twice_fails_the_same_and_writes_nothing(
    postgres: PostgresDatabase,
    monkeypatch: pytest.MonkeyPatch,
    files: dict[str, Path],
    tmp_path: Path,
) -> None:
    monkeypatch.setattr(native, "BATCH_SIZE", 50)
    document = json.loads(files["generated"].read_text(encoding="utf-8"))
    document["claims"][260]["key"] = document["claims"][3]["key"]
    twice = tmp_path / "twice.json"
    twice.write_text(json.dumps(document, indent=1), encoding="utf-8")
    results = assert_same_as_statements(postgres, monkeypatch, [files["sample"], twice])
    code, report = results[1]
    assert code != 0
    assert f"key {document['claims'][3]['key']!r} is also used by claims[3]" in report
    postgres.reset()
    empty = snapshot(postgres.engine)
    run_imports(postgres, monkeypatch, [twice], copy=True)
    assert snapshot(postgres.engine) == empty


@pytest.fixture
def refusing(postgres: PostgresDatabase) -> Iterator[PostgresDatabase]:
    """The test schema with one more rule that only the database knows: no claim is said
    at the venue "Refused"."""
    with postgres.engine.begin() as connection:
        connection.exec_driver_sql(
            "ALTER TABLE claims ADD CONSTRAINT ck_claims_test_refused CHECK (venue <> 'Refused')"
        )
    try:
        yield postgres
    finally:
        with postgres.engine.begin() as connection:
            connection.exec_driver_sql("ALTER TABLE claims DROP CONSTRAINT ck_claims_test_refused")


def test_a_row_the_database_refuses_fails_the_import_whole(
    refusing: PostgresDatabase, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The COPY fails in its thread, after later records were read: the import reports the
    # database's error, as the statements do, and writes nothing.
    document: dict[str, Any] = {
        "factcheck": 1,
        "actors": [{"key": "a", "name": "A"}],
        "claims": [
            {"key": f"c{number}", "text": "Said.", "speaker": "a", "venue": "Hanoi"}
            for number in range(120)
        ],
    }
    document["claims"][60]["venue"] = "Refused"
    path = tmp_path / "refused.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    monkeypatch.setattr(native, "BATCH_SIZE", 50)
    refusing.reset()
    empty = snapshot(refusing.engine)
    copied, rows = run_imports(refusing, monkeypatch, [path], copy=True)
    inserted, _rows = run_imports(refusing, monkeypatch, [path], copy=False)
    assert copied == inserted
    assert copied[0][0] != 0
    assert copied[0][1].startswith("Error: ")
    assert "ck_claims_test_refused" in copied[0][1]
    assert rows == empty


class Level(IntEnum):
    HIGH = 3


def changes_examples() -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    values: dict[str, Any] = {
        "id": 5,
        "text": 'Café "quoted"\n\ttab \\ slash 조선',
        "wording": Wording.QUOTE,
        "stated_on": date(2019, 2, 28),
        "stated_precision": DatePrecision.DAY,
        "stated_time": time(10, 30),
        "venue": None,
        "status": ClaimStatus.ACTIVE,
        "retracted_at": datetime(2019, 3, 4, 9, 15, 30, 500000, tzinfo=UTC),
        "score": 0.87,
        "infinite": math.inf,
        "flag": True,
        "off": False,
        "count": -3,
        "huge": 10**20,
        "level": Level.HIGH,
        "import_key": "claim-1",
        "created_at": datetime(2020, 1, 1, tzinfo=UTC),
    }
    yield values, {}
    yield values, {"topics": [None, [1, 2]]}
    yield values, {"venue": [None, "Hanoi"], "text": [None, "replaced"]}
    yield {"venue": None, "id": 3}, {}
    yield {"venue": None}, {"topics": [None, []]}


@pytest.mark.parametrize(("values", "extra"), list(changes_examples()))
def test_the_change_log_json_of_a_new_row_is_what_json_dumps_writes(
    values: dict[str, Any], extra: dict[str, Any]
) -> None:
    expected = inserted(values) | extra
    written = inserted_changes(values, extra)
    assert written == (json.dumps(expected) if expected else None)


def test_the_key_filter_never_forgets_a_key() -> None:
    seen = KeyFilter()
    keys = [f"claim-{number}" for number in range(20_000)]
    seen.add("claims", keys[:10_000])
    assert seen.maybe("claims", keys[:10_000]) == keys[:10_000]
    # Keys not added are told apart almost always, and a section's keys are its own.
    assert len(seen.maybe("claims", keys[10_000:])) < 10
    assert len(seen.maybe("verdicts", keys[:10_000])) < 10


def test_a_statement_waits_for_the_rows_sent_before_it(postgres: PostgresDatabase) -> None:
    with Session(postgres.engine, info={"user": "tester"}) as session:
        writer = Writer(session)
        connection: Connection = session.connection()
        table = table_of(Actor)
        rows = [
            {"name": f"Actor {number}", "name_key": f"actor {number}", "kind": "person"}
            for number in range(3000)
        ]
        writer.insert_rows(table, rows, log=False)
        count = connection.execute(select(table.c.id).where(table.c.name_key.like("actor %")))
        assert len(count.all()) == 3000
        session.rollback()


@pytest.mark.parametrize("end", ["commit", "rollback"])
def test_the_interpreter_switches_threads_sooner_only_while_rows_are_sent(
    postgres: PostgresDatabase, end: str
) -> None:
    before = sys.getswitchinterval()
    with Session(postgres.engine, info={"user": "tester"}) as session:
        writer = Writer(session)
        rows = [{"name": "Ri Yong Ho", "name_key": "ri yong ho", "kind": "person"}]
        writer.insert_rows(table_of(Actor), rows)
        assert sys.getswitchinterval() < before
        getattr(session, end)()
        assert sys.getswitchinterval() == before
