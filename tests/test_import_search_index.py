"""The search index after an import: the imported claims are found, and on SQLite, where an
import indexes its new rows a statement at a time instead of through the insert triggers, the
triggers are back afterwards (after a failed import too) and the index holds what the
triggers would have written."""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, text
from sqlalchemy.orm import Session

from factcheck.errors import NotFound
from factcheck.importers import import_text
from factcheck.importers.bulk import BATCH_SIZE
from tests.conftest import invoke

# Searched table -> its index's columns (alembic/versions/0003_full_text_search.py).
INDEXED = {
    "claims": ("text", "venue"),
    "propositions": ("text",),
    "evidence": ("excerpt", "note"),
    "sources": ("title",),
}
# More claims than one batch holds, so that the index is written over several statements.
CLAIMS = BATCH_SIZE * 2 + 7


def document(*, last_speaker: str = "speaker", word: str = "zebrafish") -> dict[str, Any]:
    claims: list[dict[str, Any]] = [
        {
            "key": f"c{number}",
            "text": f"Claim number {number} about {word} {number % 7}",
            "venue": f"Venue {number % 3}",
            "speaker": "speaker" if number < CLAIMS - 1 else last_speaker,
            "source": "report",
        }
        for number in range(CLAIMS)
    ]
    claims[5]["evidence"] = [
        {"key": "e1", "source": "report", "stance": "supports", "excerpt": "quokka sighting"}
    ]
    claims[6]["stances"] = [{"proposition": "p1", "stance": "asserts"}]
    # In the last batch.
    claims[-2]["text"] += " platypus"
    return {
        "factcheck": 1,
        "actors": [{"key": "speaker", "name": "A Speaker"}],
        "sources": [{"key": "report", "title": "The narwhal report"}],
        "propositions": [{"key": "p1", "text": "Axolotls are amphibians"}],
        "claims": claims,
    }


def write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return path


def imported(path: Path) -> None:
    result = invoke("import", str(path))
    assert result.exit_code == 0, result.stderr


def search(word: str) -> list[str]:
    result = invoke("search", word, "--format", "json", "--limit", "5")
    assert result.exit_code == 0, result.stderr
    return sorted(row["text"] for row in json.loads(result.stdout))


@pytest.fixture
def sqlite_engine(engine: Engine, backend: str) -> Engine:
    if backend != "sqlite":
        pytest.skip("the search index's triggers are SQLite's")
    return engine


def triggers(connection: Connection) -> list[str]:
    query = "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
    return list(connection.execute(text(query)).scalars())


def index_entries(connection: Connection) -> dict[str, list[tuple[Any, ...]]]:
    """Every term of every indexed row, with where it is, for each search index."""
    entries = {}
    for table in INDEXED:
        vocabulary = f"{table}_fts_terms"
        connection.execute(
            text(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{vocabulary}"
                f" USING fts5vocab(main, {table}_fts, instance)"
            )
        )
        rows = connection.execute(
            text(f"SELECT term, doc, col, offset FROM {vocabulary} ORDER BY 1, 2, 3, 4")
        )
        entries[table] = [tuple(row) for row in rows]
    return entries


def rebuilt_entries(connection: Connection) -> dict[str, list[tuple[Any, ...]]]:
    """The entries the triggers would have written: each index built again from its table."""
    for table in INDEXED:
        connection.execute(text(f"INSERT INTO {table}_fts ({table}_fts) VALUES ('rebuild')"))
    return index_entries(connection)


@pytest.fixture
def expected_triggers(sqlite_engine: Engine) -> Iterator[list[str]]:
    with sqlite_engine.connect() as connection:
        names = triggers(connection)
    assert {f"{table}_fts_insert" for table in INDEXED} <= set(names)
    yield names


def test_search_finds_what_an_import_wrote(db_env: str, tmp_path: Path) -> None:
    imported(write(tmp_path / "claims.json", document()))
    assert search("zebrafish") != []
    last = CLAIMS - 2
    assert search("platypus") == [f"Claim number {last} about zebrafish {last % 7} platypus"]
    assert search("quokka") == ["Claim number 5 about zebrafish 5"]
    assert search("axolotls") == ["Claim number 6 about zebrafish 6"]
    assert search("narwhal") != []


def test_the_index_holds_what_the_triggers_would_have_written(
    db_env: str, sqlite_engine: Engine, expected_triggers: list[str], tmp_path: Path
) -> None:
    imported(write(tmp_path / "claims.json", document()))
    with sqlite_engine.begin() as connection:
        assert triggers(connection) == expected_triggers
        entries = index_entries(connection)
        assert len(entries["claims"]) > CLAIMS * 6
        assert entries == rebuilt_entries(connection)
        connection.rollback()
    # Updated rows go through the update triggers: the index still follows.
    imported(write(tmp_path / "changed.json", document(word="yellowhammer")))
    assert search("zebrafish") == []
    with sqlite_engine.begin() as connection:
        entries = index_entries(connection)
        assert entries == rebuilt_entries(connection)
        connection.rollback()


def test_a_failed_import_leaves_the_triggers_and_the_index_as_they_were(
    db_env: str, sqlite_engine: Engine, expected_triggers: list[str], tmp_path: Path
) -> None:
    with sqlite_engine.connect() as connection:
        before = index_entries(connection)
    # The last claim fails after the first batches are written and indexed.
    path = write(tmp_path / "bad.json", document(last_speaker="nobody"))
    result = invoke("import", str(path))
    assert result.exit_code == 3, result.stderr
    with sqlite_engine.connect() as connection:
        assert triggers(connection) == expected_triggers
        assert index_entries(connection) == before
    imported(write(tmp_path / "good.json", document()))
    assert search("quokka") == ["Claim number 5 about zebrafish 5"]


def test_a_caller_that_goes_on_after_a_failed_import_has_the_triggers(
    sqlite_engine: Engine, expected_triggers: list[str]
) -> None:
    data = json.dumps(document(last_speaker="nobody"))
    with Session(sqlite_engine, info={"user": "tester"}) as session:
        with pytest.raises(NotFound):
            import_text(session, "bad.json", data)
        # Still in the import's transaction, its rows not rolled back yet.
        connection = session.connection()
        assert connection.execute(text("SELECT count(*) FROM claims")).scalar() == BATCH_SIZE * 2
        assert triggers(connection) == expected_triggers
        session.rollback()
