"""A `factcheck import` killed with SIGKILL at any moment leaves a whole database holding
none or all of the file; a full disk during an import is a clear error that leaves the
database as it was.

The import runs in a process of its own, killed after a random delay spread over the time a
complete run takes (measured first, in the same conditions), so that the kills fall while it
starts, reads, writes, commits, and after it has committed; one more run is killed the moment
it reports success. 5,000 claims by default (2,000 on PostgreSQL, where every trial also
resets the server's schema); the test marked `slow` imports 100,000 on SQLite.
"""

import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, text
from sqlalchemy.engine import make_url

from factcheck.db import make_engine
from tests.conftest import PostgresDatabase, invoke
from tests.helpers_integrity import content, counts, integrity_problems
from tests.helpers_interchange import fresh_database, load

ROOT = Path(__file__).resolve().parent.parent
HANOI = ROOT / "fixtures" / "hanoi-summit.yaml"
KILLS = 10
# Delays reach a little past a complete run, so that some kills come after the commit.
DELAY_SPAN = 1.15
SERVER_DEADLINE_S = 120


def crash_document(claims: int) -> dict[str, Any]:
    """An import that touches most tables: actors, sources, topics, propositions and stances,
    claims, appearances and links, and the change log for all of them."""
    speakers = 50
    return {
        "factcheck": 1,
        "actors": [{"key": f"speaker-{n}", "name": f"Speaker {n}"} for n in range(speakers)],
        "sources": [
            {"key": f"source-{n}", "url": f"https://crash.example.org/{n}", "title": f"Report {n}"}
            for n in range(20)
        ],
        "propositions": [{"key": "crash-prop", "text": "The import is atomic.", "topics": ["a"]}],
        "claims": [
            {
                "key": f"claim-{n}",
                "text": f"Claim {n}: the figure was {n * 7 % 1000} in year {1990 + n % 30}.",
                "speaker": f"speaker-{n % speakers}",
                "said": f"{1990 + n % 30}-{1 + n % 12:02d}-{1 + n % 28:02d}",
                "source": f"source-{n % 20}",
                "topics": [f"topic {n % 10}", "crash"],
                **(
                    {"stances": [{"proposition": "crash-prop", "stance": "denies"}]}
                    if n % 50 == 0
                    else {}
                ),
                **(
                    {"appearances": [{"key": f"seen-{n}", "source": f"source-{(n + 1) % 20}"}]}
                    if n % 10 == 0
                    else {}
                ),
            }
            for n in range(claims)
        ],
        "links": [
            {"key": f"link-{n}", "from": f"claim-{n}", "to": f"claim-{n + 1}", "kind": "repeats"}
            for n in range(0, claims - 1, 100)
        ],
    }


@pytest.fixture(scope="session")
def crash_file(tmp_path_factory: pytest.TempPathFactory) -> Callable[[int], Path]:
    """The import file of a size, written once per test run."""
    made: dict[int, Path] = {}

    def get(claims: int) -> Path:
        if claims not in made:
            path = tmp_path_factory.mktemp("crash") / f"claims-{claims}.json"
            path.write_text(json.dumps(crash_document(claims)), encoding="utf-8")
            made[claims] = path
        return made[claims]

    return get


class Trials:
    """Fresh databases holding the Hanoi example, and imports into them that get killed."""

    def __init__(self, postgres: PostgresDatabase | None, template: Path, directory: Path):
        self.postgres = postgres
        self.template = template
        self.directory = directory
        self.number = 0

    def fresh(self) -> str:
        url = fresh_database(self.postgres, self.template, self.directory, "crash")
        load(url, HANOI.read_text(encoding="utf-8"), HANOI.name)
        return url

    def start(self, url: str, file: Path) -> tuple[subprocess.Popen[bytes], str]:
        self.number += 1
        name = f"factcheck-crash-{os.getpid()}-{self.number}"
        if self.postgres is not None:
            # The name lets the test wait for the server to finish with the killed client.
            named = make_url(url).update_query_dict({"application_name": name})
            url = named.render_as_string(hide_password=False)
        env = {**os.environ, "FACTCHECK_DATABASE_URL": url}
        command = [sys.executable, "-m", "factcheck", "import", str(file)]
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        return process, name

    def settle(self, url: str, name: str) -> None:
        """Wait until PostgreSQL has committed or rolled back what the killed client left."""
        if self.postgres is None:
            return
        engine = make_engine(url)
        query = text("SELECT count(*) FROM pg_stat_activity WHERE application_name = :name")
        try:
            deadline = time.monotonic() + SERVER_DEADLINE_S
            while time.monotonic() < deadline:
                with engine.connect() as connection:
                    if not connection.scalar(query, {"name": name}):
                        return
                time.sleep(0.05)
            raise AssertionError(f"the server still serves the killed client {name}")
        finally:
            engine.dispose()


def state_of(url: str) -> tuple[list[str], dict[str, int]]:
    engine = make_engine(url)
    try:
        return integrity_problems(engine), counts(engine)
    finally:
        engine.dispose()


def run_crash_trials(trials: Trials, file: Path, seed: int) -> list[str]:
    """Kill the import of ``file`` at random moments; each time the database must be whole
    and hold none or all of it. Returns what each run left: none, all."""
    url = trials.fresh()
    before = state_of(url)
    assert before[0] == []
    started = time.monotonic()
    process, _ = trials.start(url, file)
    _, stderr = process.communicate()
    full_run = time.monotonic() - started
    assert process.returncode == 0, stderr.decode()
    after = state_of(url)
    assert after[0] == []
    assert after[1]["claims"] > before[1]["claims"]

    outcomes = ["all"]
    rng = random.Random(seed)
    # One delay in each of KILLS equal slices of the span, so the kills cover all of it.
    delays = [full_run * DELAY_SPAN * (k + rng.random()) / KILLS for k in range(KILLS)]
    for delay in [*delays, None]:
        url = trials.fresh()
        process, name = trials.start(url, file)
        if delay is None:
            # Killed as soon as it says it has imported: after the commit, before it exits.
            assert process.stderr is not None
            assert process.stderr.readline().startswith(b"Imported")
            process.kill()
        else:
            try:
                process.wait(timeout=delay)
            except subprocess.TimeoutExpired:
                process.kill()
        process.communicate()
        trials.settle(url, name)
        problems, rows = state_of(url)
        assert problems == [], f"killed after {delay}s"
        assert rows in (before[1], after[1]), f"killed after {delay}s"
        outcomes.append("none" if rows == before[1] else "all")
    assert outcomes[-1] == "all"
    return outcomes


@pytest.fixture
def trials(
    postgres_database: PostgresDatabase | None, sqlite_template: Path, tmp_path: Path
) -> Trials:
    return Trials(postgres_database, sqlite_template, tmp_path)


def test_a_killed_import_leaves_a_whole_database_with_none_or_all_of_it(
    trials: Trials, crash_file: Callable[[int], Path], backend: str
) -> None:
    claims = 5_000 if backend == "sqlite" else 2_000
    outcomes = run_crash_trials(trials, crash_file(claims), seed=8)
    assert len(outcomes) == KILLS + 2


@pytest.mark.slow
def test_a_killed_import_of_100k_claims_leaves_a_whole_database_with_none_or_all_of_it(
    trials: Trials, crash_file: Callable[[int], Path], backend: str
) -> None:
    if backend != "sqlite":
        pytest.skip("the 100,000-claim run is on SQLite only; PostgreSQL runs 2,000")
    outcomes = run_crash_trials(trials, crash_file(100_000), seed=100)
    assert len(outcomes) == KILLS + 2


def test_the_integrity_check_finds_a_broken_foreign_key(tmp_path: Path) -> None:
    # The checks above can fail: a claim whose speaker does not exist is found.
    url = f"sqlite:///{tmp_path / 'broken.db'}"
    assert invoke("--db", url, "import", str(HANOI)).exit_code == 0
    engine = make_engine(url, foreign_keys=False)
    with engine.begin() as connection:
        connection.execute(text("UPDATE claims SET speaker_id = 9999 WHERE id = 1"))
        connection.exec_driver_sql("PRAGMA ignore_check_constraints = ON")
        connection.execute(text("UPDATE sources SET url = NULL, title = NULL WHERE id = 1"))
    problems = integrity_problems(engine)
    engine.dispose()
    assert any(problem.startswith("foreign_key_check: ('claims', 1") for problem in problems)
    assert "claims: 1 rows break fk_claims_speaker_id_actors" in problems
    assert "sources: 1 rows break ck_sources_url_or_title" in problems


@pytest.fixture
def page_limit() -> Iterator[Callable[[int], None]]:
    """Give every SQLite connection opened from now on a maximum size, as a full disk would."""
    limits: list[int] = []

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        if limits:
            dbapi_connection.execute(f"PRAGMA max_page_count = {limits[-1]}")

    event.listen(Engine, "connect", on_connect)
    yield limits.append
    event.remove(Engine, "connect", on_connect)


def test_a_full_disk_during_an_import_is_a_clear_error_and_changes_nothing(
    backend: str, db_env: str, page_limit: Callable[[int], None], crash_file: Callable[[int], Path]
) -> None:
    if backend != "sqlite":
        pytest.skip("the database size limit stands in for a full disk on SQLite only")
    assert invoke("import", str(HANOI)).exit_code == 0
    engine = make_engine(db_env)
    with engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar() or 0
    before = content(engine)
    engine.dispose()
    page_limit(pages + 20)

    result = invoke("import", str(crash_file(2_000)))

    assert result.exit_code == 8
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("Error: database sqlite:///")
    assert "is full: database or disk is full (free disk space" in result.stderr
    assert "nothing was written" in result.stderr
    engine = make_engine(db_env)
    assert integrity_problems(engine) == []
    assert content(engine) == before
    engine.dispose()
