"""Import into SQLite: ``factcheck import FILE`` against a baseline that parses the same file
with the standard library and inserts the same rows with ``sqlite3.executemany`` into the same
schema (an empty migrated database: foreign keys, indexes, search index, triggers) in one
transaction. Also the importer's peak memory at the large size against the main size.

The baseline's rows are the very rows the importer wrote (read back from its database before
the clock starts), so both sides write exactly the same data.

Run as a program, this module is the baseline: python -m bench.import_sqlite FILE TEMPLATE
REFERENCE TARGET.
"""

import json
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

from bench import data
from bench.common import (
    Figure,
    Options,
    copy_database,
    factcheck_command,
    interleaved,
    median,
    migrated_sqlite,
    run_measured,
    say,
    schema_head,
)

NAME = "import_sqlite"
RATIO_TARGET = 1.5
MEMORY_TARGET = 1.3


def measure(options: Options) -> list[Figure]:
    template = migrated_sqlite(options.workdir / f"empty-{schema_head()}.db")
    figures = []
    peaks = {}
    for size, repeats in ((options.size, options.repeats), (options.large, options.large_repeats)):
        figure, peak = _compare(options, template, size, repeats)
        figures.append(figure)
        peaks[size] = peak
    ratio = peaks[options.large] / peaks[options.size]
    figures.append(
        Figure(
            name=f"peak memory importing {options.large:,} vs {options.size:,} claims",
            value=ratio,
            unit="x",
            target=MEMORY_TARGET,
            detail=f"{peaks[options.large]:.0f} MiB vs {peaks[options.size]:.0f} MiB",
            runs=options.large_repeats,
        )
    )
    return figures


def native_file(options: Options, size: int) -> Path:
    path = options.workdir / f"claims-{size}-v{data.DATA_VERSION}.json"
    if not path.exists():
        say(f"   writing {path.name}")
    return data.write_native(data.Shape(size), path)


def _compare(options: Options, template: Path, size: int, repeats: int) -> tuple[Figure, float]:
    source = native_file(options, size)
    target = options.workdir / "import-target.db"
    reference = options.workdir / f"import-reference-{size}.db"
    peaks: list[float] = []
    # Rows of this run's importer, not of an older version's.
    reference.unlink(missing_ok=True)

    def importer() -> float:
        copy_database(template, target)
        command = [*factcheck_command(), "--db", f"sqlite:///{target}", "import", str(source)]
        done = run_measured(command)
        peaks.append(done.peak_mib)
        if not reference.exists():
            copy_database(target, reference)
        return done.seconds

    def baseline() -> float:
        if not reference.exists():
            importer()
        command = [sys.executable, "-m", "bench.import_sqlite"]
        done = run_measured([*command, str(source), str(template), str(reference), str(target)])
        return float(done.stdout.strip())

    say(f"   {size:,} claims, {repeats} runs")
    subjects, baselines = interleaved(importer, baseline, repeats)
    subject, base = median(subjects), median(baselines)
    figure = Figure(
        name=f"import {size:,} claims into SQLite vs stdlib json + executemany",
        value=subject / base,
        unit="x",
        target=RATIO_TARGET,
        detail=f"factcheck {subject:.1f} s, baseline {base:.1f} s; peak {median(peaks):.0f} MiB",
        runs=repeats,
    )
    return figure, median(peaks)


def new_rows(template: Path, reference: Path) -> list[tuple[str, list[str], list[tuple[Any, ...]]]]:
    """Each table's rows in ``reference`` that ``template`` does not have, parents first."""
    connection = sqlite3.connect(reference)
    try:
        connection.execute("ATTACH DATABASE ? AS template", (str(template),))
        # The search index (FTS5 tables and their shadow tables) is left out: the schema's
        # triggers fill it as the rows go in, as they do for the import.
        virtual = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM main.sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'"
            )
        ]
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM main.sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%' AND name <> 'alembic_version'"
                " AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'"
            )
            if not any(name.startswith(f"{index}_") for index in virtual)
        ]
        result = []
        for table in _parents_first(connection, tables):
            columns = [row[1] for row in connection.execute(f"PRAGMA main.table_info({table})")]
            known = connection.execute(f"SELECT coalesce(max(id), 0) FROM template.{table}")
            rows = connection.execute(
                f"SELECT * FROM main.{table} WHERE id > ? ORDER BY id", known.fetchone()
            ).fetchall()
            if rows:
                result.append((table, columns, rows))
        return result
    finally:
        connection.close()


def _parents_first(connection: sqlite3.Connection, tables: list[str]) -> list[str]:
    parents = {
        table: {
            row[2]
            for row in connection.execute(f"PRAGMA main.foreign_key_list({table})")
            if row[2] != table
        }
        for table in tables
    }
    ordered: list[str] = []
    while len(ordered) < len(tables):
        for table in tables:
            if table not in ordered and parents[table] <= set(ordered):
                ordered.append(table)
    return ordered


def baseline(source: Path, template: Path, reference: Path, target: Path) -> float:
    """Parse ``source`` with ``json`` and insert the reference rows into a copy of
    ``template``; the seconds that took (the copy and the reading of the rows excluded)."""
    rows = new_rows(template, reference)
    copy_database(template, target)
    started = time.perf_counter()
    with source.open("rb") as stream:
        parsed = json.load(stream)
    connection = sqlite3.connect(target, isolation_level=None)
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("BEGIN IMMEDIATE")
    for table, columns, table_rows in rows:
        marks = ", ".join("?" * len(columns))
        connection.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", table_rows
        )
    connection.execute("COMMIT")
    connection.close()
    elapsed = time.perf_counter() - started
    assert parsed["factcheck"] == 1
    return elapsed


if __name__ == "__main__":
    paths = [Path(argument) for argument in sys.argv[1:5]]
    print(baseline(*paths))
