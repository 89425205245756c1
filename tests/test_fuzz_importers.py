"""Random and mutated files, in every import format, never end in a traceback: ``factcheck
import`` exits 0 or with a documented code and one ``Error:`` line, and a failed import leaves
the database as it was.

The seeds are the Hanoi fixture, a small native JSON export, a ClaimReview document and a few
LIAR rows; the mutations flip bytes, truncate, delete or repeat lines, insert random bytes and
swap the type of a value in the parsed document. Every format in ``ImportFormat`` is fuzzed,
with every seed (a file in another format is good garbage too).
"""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from factcheck.db import make_engine
from factcheck.importers import ImportFormat
from factcheck.models import Actor, ChangeLogEntry, Claim, Source, Verdict
from tests.conftest import PostgresDatabase, invoke
from tests.helpers_fuzz import (
    HANOI,
    SeededDatabase,
    assert_clean_outcome,
    fuzz_settings,
    seeded_database,
)

SEEDS_DIR = Path(__file__).parent / "fuzz_seeds"
# Values of other types that a mutation puts in place of one in a document.
REPLACEMENTS: list[Any] = [
    None,
    0,
    -1,
    2**70,
    1.5,
    True,
    "",
    "x",
    "2019-02-30",
    [],
    [1, "two"],
    {},
    {"key": None},
]


def seeds(directory: Path, url: str) -> dict[str, bytes]:
    """Seed files by name: the fixture, a small native export and the other formats' samples."""
    export = invoke("--db", url, "export", "--claim", "2", "--format", "native-json")
    assert export.exit_code == 0, export.stderr
    files = {
        "hanoi-summit.yaml": HANOI.read_bytes(),
        "export.json": export.stdout.encode("utf-8"),
    }
    files |= {path.name: path.read_bytes() for path in sorted(SEEDS_DIR.iterdir())}
    return files


def _containers(value: Any) -> Iterator[tuple[Any, Any]]:
    """Every (container, key or index) pair in a parsed document."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield value, key
            yield from _containers(item)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield value, index
            yield from _containers(item)


@st.composite
def swapped_type(draw: st.DrawFn, name: str, data: bytes) -> bytes:
    """``data`` parsed (as YAML, which JSON is too), one value replaced by one of another
    type, and written out again; unparsable data gets a byte flip instead."""
    try:
        document = yaml.safe_load(data.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError):
        document = None
    places = list(_containers(document))
    if not places:
        return draw(flipped(data))
    container, key = draw(st.sampled_from(places))
    container[key] = draw(st.sampled_from(REPLACEMENTS))
    if name.endswith(".json"):
        return json.dumps(document, default=str).encode("utf-8")
    return yaml.safe_dump(document, allow_unicode=True).encode("utf-8")


@st.composite
def flipped(draw: st.DrawFn, data: bytes) -> bytes:
    if not data:
        return data
    position = draw(st.integers(0, len(data) - 1))
    return data[:position] + bytes([draw(st.integers(0, 255))]) + data[position + 1 :]


@st.composite
def line_edit(draw: st.DrawFn, data: bytes) -> bytes:
    lines = data.splitlines(keepends=True)
    if not lines:
        return data
    index = draw(st.integers(0, len(lines) - 1))
    if draw(st.booleans()):
        del lines[index]
    else:
        lines.insert(index, lines[index])
    return b"".join(lines)


@st.composite
def mutated(draw: st.DrawFn, files: dict[str, bytes]) -> tuple[str, bytes]:
    """A seed file's name and its contents after one to three mutations, or random bytes."""
    name = draw(st.sampled_from(sorted(files)))
    data = files[name]
    if draw(st.integers(0, 9)) == 0:
        return name, draw(st.binary(max_size=200))
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["flip", "truncate", "line", "insert", "swap"]))
        if kind == "flip":
            data = draw(flipped(data))
        elif kind == "truncate":
            data = data[: draw(st.integers(0, len(data)))]
        elif kind == "line":
            data = draw(line_edit(data))
        elif kind == "insert":
            position = draw(st.integers(0, len(data)))
            data = data[:position] + draw(st.binary(min_size=1, max_size=8)) + data[position:]
        else:
            data = draw(swapped_type(name, data))
    return name, data


def fingerprint(url: str) -> tuple[int, ...]:
    """Row counts that any import which writes something changes."""
    engine = make_engine(url, write=False)
    try:
        with engine.connect() as connection:
            return tuple(
                connection.execute(select(func.count()).select_from(model)).scalar_one()
                for model in (Actor, Source, Claim, Verdict, ChangeLogEntry)
            )
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def seeded(
    postgres_database: PostgresDatabase | None,
    sqlite_template: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[SeededDatabase, dict[str, bytes]]]:
    directory = tmp_path_factory.mktemp("fuzz-import")
    database = seeded_database(postgres_database, sqlite_template, directory)
    files = seeds(directory, database.url)
    yield database, files
    database.dispose()


@pytest.mark.parametrize("fmt", [*ImportFormat, None], ids=[*ImportFormat, "detected"])
@fuzz_settings(24)
@given(data=st.data())
def test_mutated_files_never_crash(
    fmt: ImportFormat | None,
    data: st.DataObject,
    seeded: tuple[SeededDatabase, dict[str, bytes]],
    tmp_path: Path,
) -> None:
    database, files = seeded
    name, contents = data.draw(mutated(files), label="file")
    suffix = data.draw(st.sampled_from([Path(name).suffix, ".txt", ""]), label="suffix")
    path = tmp_path / f"fuzzed{suffix}"
    path.write_bytes(contents)
    dry_run = data.draw(st.booleans(), label="dry_run")
    args = ["import", str(path), *(["--format", fmt.value] if fmt else [])]
    args += ["--dry-run"] if dry_run else []
    before = fingerprint(database.url)
    result = invoke("--db", database.url, *args)
    if result.exit_code == 0 and not dry_run:
        database.reset()
    else:
        assert fingerprint(database.url) == before, (args, result.stderr)
    assert_clean_outcome(result, args)


def test_seeds_import_cleanly(seeded: tuple[SeededDatabase, dict[str, bytes]]) -> None:
    """The unmutated native seeds import (so the mutations start from files that work)."""
    database, files = seeded
    for name in ("hanoi-summit.yaml", "export.json"):
        result = invoke(
            "--db", database.url, "import", "-", "--dry-run", input=files[name].decode()
        )
        assert result.exit_code == 0, (name, result.stderr)
        assert "Nothing was written" in result.stderr
