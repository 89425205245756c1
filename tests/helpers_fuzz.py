"""A small seeded database that a test can put back as it was after each Hypothesis example,
the command tree walked from the Typer app, and the checks every command's outcome must pass.

The seed is the Hanoi fixture plus a verdict, a suggested link and a retracted claim, so that
the ids and names the fuzzers draw from resolve to something of every kind.
"""

import os
import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import typer.main
from hypothesis import HealthCheck, settings
from typer.core import TyperArgument, TyperGroup
from typer.testing import Result

from factcheck import schema
from factcheck.cli import app
from factcheck.db import make_engine
from factcheck.errors import ExitCode
from factcheck.resources import fixtures_dir
from factcheck.terminal import UNSAFE
from tests.conftest import TEST_URL_ENV, PostgresDatabase, invoke

HANOI = fixtures_dir() / "hanoi-summit.yaml"

FUZZ_ENV = "FACTCHECK_FUZZ_EXAMPLES"


def fuzz_settings(examples: int) -> settings:
    """Hypothesis settings for ``examples`` examples: modest by default, so that the fuzz and
    stateful tests together take well under a minute on each backend; a third as many on
    PostgreSQL, where every command opens a new connection. FACTCHECK_FUZZ_EXAMPLES=N runs N
    times as many (FACTCHECK_FUZZ_EXAMPLES=20 for a thorough night run)."""
    factor = int(os.environ.get(FUZZ_ENV, "1") or "1")
    if os.environ.get(TEST_URL_ENV, "").strip():
        examples = max(2, examples // 3)
    return settings(
        max_examples=examples * factor,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )


IDS = ["1", "2", "3", "4", "5", "6", "7", "8", "#1", "0", "-3", "99999999999999999999", "²"]
ACTORS = ["Donald Trump", "donald-trump", "Trump", "Ri Yong Ho", "리용호", "PolitiFact", "US", "1"]
DATES = ["2019-02-28", "2019-03", "2019", "2019-03-01 00:30", "2019-02-30", "20190", "9999-12-31"]
URLS = [
    "https://example.org/a",
    "http://EXAMPLE.org:80/a?utm_source=x#frag",
    "https://user:pw@example.org/",
    "ftp://example.org/",
    "https://",
    "1",
]
PLAUSIBLE: dict[str, list[str]] = {
    "actor": ACTORS,
    "id": IDS,
    "topic": ["Hanoi summit", "hanoi-summit", "sanctions", "North Korea", "nothing-here"],
    "date": DATES,
    "url": URLS,
    "scale": ["politifact", "basic", "pinocchio", "none"],
    "rating": ["False", "Mostly False", "barely-true", "pants-on-fire", "True", "Nope"],
    "language": ["en", "ko", "en-US", "zh-Hant-TW", "english", "e"],
    "revision": ["head", "base", "0001", "0002", "9999", "+1", "-1", "heads"],
    "object": ["claim:1", "claim", "verdict", "actor:2", "claim:x", "bogus", "claim:"],
    # Relative names: a command that writes (export -o, db backup --force) may overwrite
    # them, so they must be copies in the working directory (see WORKDIR_FILES).
    "file": ["hanoi.yaml", "missing.yaml", "-", ".", "out.yaml"],
    "output": ["-", "out.yaml", "out.json", ".", "missing-dir/out.yaml"],
    "text": ["North Korea wanted the sanctions lifted", "<b>x</b>", "=1+1", "\x1b[31mred"],
}
# Which plausible values an option or argument takes, by its name.
KIND_OF = {
    "speaker": "actor",
    "by": "actor",
    "reviewer": "actor",
    "publisher": "actor",
    "member_of": "actor",
    "name": "actor",
    "keep": "actor",
    "duplicate": "actor",
    "claim": "id",
    "claims": "id",
    "claim_id": "id",
    "claim_a": "id",
    "claim_b": "id",
    "link": "id",
    "verdict": "id",
    "correction": "id",
    "appearance": "id",
    "evidence_id": "id",
    "proposition": "id",
    "target": "id",
    "topic": "topic",
    "remove_topic": "topic",
    "since": "date",
    "until": "date",
    "said": "date",
    "date": "date",
    "published": "date",
    "url": "url",
    "source": "url",
    "reference": "url",
    "archive_url": "url",
    "scale": "scale",
    "slug": "scale",
    "rating": "rating",
    "language": "language",
    "revision": "revision",
    "objects": "object",
    "file": "file",
    "output": "output",
}

DOCUMENTED_EXIT_CODES = {int(code) for code in ExitCode}

SEED_COMMANDS: list[list[str]] = [
    ["import", str(HANOI)],
    ["verdict", "add", "1", "--by", "PolitiFact", "--new", "--rating", "False"],
    ["verdict", "add", "1", "--by", "PolitiFact", "--rating", "Misleading"],
    ["claim", "add", "A claim entered twice", "--speaker", "Donald Trump", "--said", "2019-03"],
    ["claim", "retract", "7", "--reason", "entered twice"],
    ["link", "add", "4", "5", "--kind", "supports"],
]


def seed(url: str) -> None:
    """The Hanoi example and a little more, written through the command line."""
    for args in SEED_COMMANDS:
        result = invoke("--db", url, *args)
        assert result.exit_code == 0, (args, result.stderr)


@dataclass
class SeededDatabase:
    """A seeded database, put back to its seeded state by ``reset``."""

    url: str
    template: Path | None = None
    postgres: PostgresDatabase | None = None

    def reset(self) -> None:
        if self.postgres is not None:
            self._ensure_head()
            self._restore_postgres(self.postgres)
            return
        assert self.template is not None
        path = Path(self.url.removeprefix("sqlite:///"))
        for leftover in (Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        shutil.copyfile(self.template, path)

    def _ensure_head(self) -> None:
        """A ``db downgrade`` example drops tables the snapshot puts rows back into."""
        engine = make_engine(self.url, write=False)
        try:
            with engine.connect() as connection:
                revision = schema.stored_revision(connection)
        finally:
            engine.dispose()
        if revision != schema.HEAD:
            schema.upgrade(self.url)

    @staticmethod
    def _restore_postgres(database: PostgresDatabase) -> None:
        """The snapshot put back with DELETE rather than TRUNCATE, which is ten times slower
        on a few rows; the sequences stay ahead of the snapshot's ids."""
        with database.engine.begin() as connection:
            for table in reversed(database.metadata.sorted_tables):
                connection.execute(table.delete())
            for table in database.metadata.sorted_tables:
                if database.seeded[table.name]:
                    connection.execute(table.insert(), database.seeded[table.name])

    def dispose(self) -> None:
        if self.postgres is not None:
            self.postgres.engine.dispose()


def seeded_database(
    postgres: PostgresDatabase | None,
    sqlite_template: Path,
    directory: Path,
    seeding: Callable[[str], None] = seed,
) -> SeededDatabase:
    """A database ``seeding`` filled: the PostgreSQL test schema (whose snapshot becomes the
    seed), or a SQLite file copied from a seeded template before each example."""
    if postgres is not None:
        postgres.reset()
        seeding(postgres.url)
        return SeededDatabase(postgres.url, postgres=PostgresDatabase(postgres.url))
    template = directory / "seeded-template.db"
    shutil.copyfile(sqlite_template, template)
    seeding(f"sqlite:///{template}")
    # Folds the write-ahead log into the file, so that a copy of the file is whole.
    with closing(sqlite3.connect(template)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    working = directory / "seeded.db"
    database = SeededDatabase(f"sqlite:///{working}", template=template)
    database.reset()
    return database


def leaf_commands() -> dict[str, typer.core.TyperCommand]:
    """Every command that does something, by its path (``claim add``), from the app's tree."""
    found: dict[str, typer.core.TyperCommand] = {}

    def walk(command: object, path: list[str]) -> None:
        if isinstance(command, TyperGroup):
            # The root group imports a command's module when asked for it by name.
            context = typer.Context(command)
            for name in command.list_commands(context):
                walk(command.get_command(context, name), [*path, name])
        else:
            assert isinstance(command, typer.core.TyperCommand)
            found[" ".join(path)] = command

    walk(typer.main.get_command(app), [])
    return found


def positional(command: typer.core.TyperCommand) -> list[TyperArgument]:
    return [param for param in command.params if isinstance(param, TyperArgument)]


def assert_clean_outcome(result: Result, args: list[str]) -> None:
    """No traceback; a documented exit code; a failure says why in one ``Error:`` line."""
    exception = result.exception
    if exception is not None and not isinstance(exception, SystemExit):
        raise AssertionError(f"factcheck {args!r} raised {exception!r}") from exception
    assert result.exit_code in DOCUMENTED_EXIT_CODES, (args, result.exit_code, result.stderr)
    assert "Traceback" not in result.stderr, (args, result.stderr)
    # Messages and usage errors show what was typed escaped, never raw to the terminal.
    assert not UNSAFE.search(result.stderr), (args, result.stderr)
    if result.exit_code in (0, ExitCode.USAGE):
        return
    lines = result.stderr.splitlines()
    assert len(lines) == 1, (args, result.exit_code, result.stderr)
    assert lines[0].startswith("Error: "), (args, result.stderr)
