"""Import into PostgreSQL: ``factcheck import FILE`` against a baseline that parses the same
file with the standard library and loads the same rows with psycopg's COPY into the same
schema (freshly migrated: the same constraints, indexes and triggers), in one transaction.

The database named in ``--postgres`` is emptied (its ``public`` schema dropped) before every
run: give the benchmark a database of its own.

Run as a program, this module is the baseline: python -m bench.import_postgres FILE ROWS URL.
"""

import json
import pickle
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import (
    Figure,
    Options,
    Skipped,
    factcheck_command,
    interleaved,
    median,
    remember_postgres_version,
    run,
    run_measured,
    say,
)
from bench.import_sqlite import native_file

NAME = "import_postgres"
RATIO_TARGET = 1.3

Rows = list[tuple[str, list[str], list[tuple[Any, ...]]]]


def measure(options: Options) -> list[Figure]:
    if not options.postgres_url:
        raise Skipped(
            "no PostgreSQL database given (--postgres URL or $FACTCHECK_BENCH_POSTGRES_URL)"
        )
    try:
        import psycopg
    except ImportError:
        raise Skipped("psycopg is not installed (pip install -e '.[postgres]')") from None
    url = driver_url(options.postgres_url)
    try:
        with psycopg.connect(url, connect_timeout=10) as connection:
            version = connection.execute("SHOW server_version").fetchone()
    except psycopg.OperationalError as error:
        raise Skipped(f"cannot connect to PostgreSQL: {str(error).splitlines()[0]}") from None
    remember_postgres_version(str(version[0]) if version else "unknown")
    size, repeats = options.size, options.repeats
    source = native_file(options, size)
    rows_file = options.workdir / f"postgres-rows-{size}.pickle"
    rows_file.unlink(missing_ok=True)
    factcheck_url = url.replace("postgresql://", "postgresql+psycopg://", 1)

    def importer() -> float:
        known = reset(url, factcheck_url)
        done = run_measured([*factcheck_command(), "--db", factcheck_url, "import", str(source)])
        if not rows_file.exists():
            rows_file.write_bytes(pickle.dumps(new_rows(url, known)))
        return done.seconds

    def baseline() -> float:
        if not rows_file.exists():
            importer()
        reset(url, factcheck_url)
        command = [sys.executable, "-m", "bench.import_postgres", str(source), str(rows_file), url]
        return float(run_measured(command).stdout.strip())

    say(f"   {size:,} claims, {repeats} runs")
    subjects, baselines = interleaved(importer, baseline, repeats)
    subject, base = median(subjects), median(baselines)
    return [
        Figure(
            name=f"import {size:,} claims into PostgreSQL vs json + COPY",
            value=subject / base,
            unit="x",
            target=RATIO_TARGET,
            detail=f"factcheck {subject:.1f} s, baseline {base:.1f} s",
            runs=repeats,
        )
    ]


def driver_url(url: str) -> str:
    """The URL as psycopg takes it (without SQLAlchemy's ``+psycopg``)."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1).replace(
        "postgres://", "postgresql://", 1
    )


def reset(url: str, factcheck_url: str) -> dict[str, int]:
    """An empty schema at head; the highest id of each table (the rows migrations seed)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("DROP SCHEMA IF EXISTS public CASCADE")
        connection.execute("CREATE SCHEMA public")
    run([*factcheck_command(), "--db", factcheck_url, "db", "upgrade"])
    highest = {}
    with psycopg.connect(url) as connection:
        for table in _tables(connection):
            row = connection.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()
            highest[table] = int(row[0]) if row else 0
    return highest


def _tables(connection: Any) -> list[str]:
    names = [
        name
        for (name,) in connection.execute(
            "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public'"
            " AND column_name = 'id' ORDER BY table_name"
        )
    ]
    parents: dict[str, set[str]] = {name: set() for name in names}
    for child, parent in connection.execute(
        "SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint"
        " WHERE contype = 'f' AND connamespace = 'public'::regnamespace"
    ):
        if child in parents and parent != child:
            parents[child].add(parent)
    ordered: list[str] = []
    while len(ordered) < len(names):
        for name in names:
            if name not in ordered and parents[name] <= set(ordered):
                ordered.append(name)
    return ordered


def new_rows(url: str, known: dict[str, int]) -> Rows:
    """The rows the import added, table by table, parents first; generated columns left out."""
    import psycopg

    result: Rows = []
    with psycopg.connect(url) as connection:
        for table in _tables(connection):
            columns = [
                name
                for (name,) in connection.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_schema ="
                    " 'public' AND table_name = %s AND is_generated = 'NEVER'"
                    " ORDER BY ordinal_position",
                    (table,),
                )
            ]
            rows = connection.execute(
                f"SELECT {', '.join(columns)} FROM {table} WHERE id > %s ORDER BY id",
                (known.get(table, 0),),
            ).fetchall()
            if rows:
                result.append((table, columns, rows))
    return result


def baseline(source: Path, rows_file: Path, url: str) -> float:
    """Parse ``source`` with ``json`` and COPY the rows into the migrated schema in one
    transaction; the seconds that took (loading the rows to copy excluded)."""
    import psycopg
    from psycopg.types.json import Json

    rows: Rows = pickle.loads(rows_file.read_bytes())
    started = time.perf_counter()
    with source.open("rb") as stream:
        parsed = json.load(stream)
    with psycopg.connect(url) as connection, connection.cursor() as cursor:
        for table, columns, table_rows in rows:
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in table_rows:
                    copy.write_row(
                        [Json(value) if isinstance(value, dict | list) else value for value in row]
                    )
    elapsed = time.perf_counter() - started
    assert parsed["factcheck"] == 1
    return elapsed


if __name__ == "__main__":
    print(baseline(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]))
