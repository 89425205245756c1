"""Several processes on one database at once: writers that each add claims, and readers that
print the contradiction report meanwhile. Nothing fails, nothing is lost, nobody sees
"database is locked".

Each process is `python -m tests.cli_loop`, which runs whole command-line invocations (its own
engine, connection and transaction each) one after another: 800 separate `factcheck`
processes would spend minutes on interpreter start-up alone, and start-up is not what is
under test; the database sees the same connections and transactions either way.
"""

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from factcheck.models import Claim, Source, Topic
from factcheck.models.changelog import ChangeLogEntry
from tests.conftest import invoke

ROOT = Path(__file__).resolve().parent.parent
HANOI = ROOT / "fixtures" / "hanoi-summit.yaml"
WRITERS = 4
ROUNDS = 200


@dataclass(frozen=True)
class Run:
    process: int
    run: int
    exit_code: int
    stdout: str
    stderr: str
    exception: str | None


def run_together(commands: Sequence[tuple[int, Sequence[str]]]) -> list[Run]:
    """Start every (count, args) loop, let them all go at once, and collect their runs."""
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.cli_loop", str(count), "--", *args],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=os.environ.copy(),
        )
        for count, args in commands
    ]
    for process in processes:
        assert process.stdout is not None
        assert process.stdout.readline() == "ready\n"
    for process in processes:
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    runs: list[Run] = []
    for number, process in enumerate(processes):
        stdout, stderr = process.communicate(timeout=600)
        assert process.returncode == 0, stderr
        assert stderr == ""
        runs += [Run(process=number, **json.loads(line)) for line in stdout.splitlines()]
    return runs


def failures(runs: Sequence[Run]) -> list[Run]:
    return [run for run in runs if run.exit_code != 0 or run.exception is not None]


def writer(number: int, count: int, *extra: str) -> tuple[int, list[str]]:
    return count, [
        "claim",
        "add",
        f"Writer {number} says thing {{i}}.",
        "--speaker",
        f"Writer {number}",
        "--said",
        "2024-05-01",
        # The writers go through the same new topics (and sources) in step, so that several
        # of them may try to create one at the same time.
        "--topic",
        "Concurrency",
        "--topic",
        "Round {i}",
        "--source",
        "https://example.org/round/{i}",
        *extra,
    ]


@pytest.fixture
def writers(db_env: str) -> list[str]:
    for number in range(WRITERS):
        result = invoke("actor", "add", f"Writer {number}")
        assert result.exit_code == 0, result.stderr
    return [f"Writer {number}" for number in range(WRITERS)]


def claim_ids(runs: Sequence[Run]) -> list[int]:
    return [int(run.stdout) for run in runs]


def count(session: Session, statement: Any) -> int:
    return session.scalar(select(func.count()).select_from(statement.subquery())) or 0


def assert_stored_once_each(engine: Engine, runs: Sequence[Run], writers: int, rounds: int) -> None:
    """Every claim the writers were told was added is there, with its topics and source; each
    shared topic and source exists once; the change log has one insert for each new row."""
    ids = claim_ids(runs)
    assert len(ids) == len(set(ids)) == writers * rounds
    with Session(engine) as session:
        stored = set(session.scalars(select(Claim.id)))
        per_round = session.execute(
            select(Topic.slug, func.count(Claim.id))
            .join(Claim.topics)
            .where(Topic.slug.like("round-%"))
            .group_by(Topic.slug)
        ).all()
        concurrency = count(session, select(Topic.id).where(Topic.slug == "concurrency"))
        sources = count(session, select(Source.id).where(Source.url.like("%/round/%")))
        logged = session.execute(
            select(ChangeLogEntry.object_type, func.count())
            .where(ChangeLogEntry.action == "insert")
            .group_by(ChangeLogEntry.object_type)
        ).all()
    assert set(ids) <= stored
    assert sorted(per_round) == sorted((f"round-{i}", writers) for i in range(rounds))
    assert (concurrency, sources) == (1, rounds)
    assert dict(logged)["claims"] == len(stored)
    assert dict(logged)["sources"] == count_sources(engine)


def count_sources(engine: Engine) -> int:
    with Session(engine) as session:
        return count(session, select(Source.id))


def test_four_writers_add_800_claims_at_once_without_an_error(
    writers: list[str], engine: Engine
) -> None:
    runs = run_together([writer(number, ROUNDS) for number in range(WRITERS)])

    assert failures(runs) == []
    assert [run for run in runs if "locked" in run.stderr] == []
    assert_stored_once_each(engine, runs, WRITERS, ROUNDS)


def test_readers_see_whole_reports_while_writers_add_claims(
    writers: list[str], engine: Engine, backend: str
) -> None:
    loaded = invoke("import", str(HANOI))
    assert loaded.exit_code == 0, loaded.stderr
    before = json.loads(invoke("report", "contradictions", "--format", "json").stdout)
    proposition = str(before["groups"][0]["proposition"]["id"])
    # Each new claim denies what the Hanoi claims assert: the report grows as writers commit.
    denies = ("--proposition", proposition, "--stance", "denies")
    rounds, reports = (60, 12) if backend == "sqlite" else (30, 8)
    reader = (reports, ["report", "contradictions", "--format", "json"])

    runs = run_together([writer(0, rounds, *denies), writer(1, rounds, *denies), reader, reader])

    assert failures(runs) == []
    assert [run for run in runs if "locked" in run.stderr] == []
    after = json.loads(invoke("report", "contradictions", "--format", "json").stdout)
    assert after["count"] > before["count"]
    for process in (2, 3):
        counts = [json.loads(run.stdout)["count"] for run in runs if run.process == process]
        assert len(counts) == reports
        # Each report is a committed state: never fewer than before, never lost again.
        assert counts == sorted(counts)
        assert before["count"] <= counts[0] and counts[-1] <= after["count"]
    assert_stored_once_each(engine, [run for run in runs if run.process < 2], 2, rounds)
