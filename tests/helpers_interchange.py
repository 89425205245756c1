"""Fresh databases on demand, and import and export through the same code the command line
uses, for the tests of the native interchange format.

One engine serves each database URL for the whole run, so that the statements an import
compiles once serve every Hypothesis example (each engine keeps its own compiled cache).
"""

import shutil
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from factcheck.db import make_engine
from factcheck.exporters import ExportFormat
from factcheck.exporters.native import export
from factcheck.importers import import_text
from factcheck.importers.native import Summary
from factcheck.models import Base
from tests.conftest import PostgresDatabase

_ENGINES: dict[str, Engine] = {}


def engine_for(url: str) -> Engine:
    if url not in _ENGINES:
        _ENGINES[url] = make_engine(url)
    return _ENGINES[url]


def fresh_database(
    postgres: PostgresDatabase | None, sqlite_template: Path, directory: Path, name: str = "db"
) -> str:
    """A migrated database holding nothing but the built-in rating scales: the PostgreSQL
    test schema emptied, or the SQLite file ``name`` in ``directory`` made a copy of the
    template again."""
    if postgres is not None:
        postgres.reset()
        return postgres.url
    path = directory / f"{name}.db"
    url = f"sqlite:///{path}"
    if url in _ENGINES:
        _ENGINES[url].dispose()
    for leftover in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)
    shutil.copyfile(sqlite_template, path)
    return url


def load(url: str, text: str, name: str = "data.yaml") -> Summary:
    """Import ``text`` in one transaction, as ``factcheck import`` does."""
    with Session(engine_for(url), info={"user": "tester"}) as session:
        summary = import_text(session, name, text)
        session.commit()
    return summary


def dump(url: str, fmt: ExportFormat = ExportFormat.NATIVE_YAML) -> str:
    """The whole database in the native format."""
    pieces: list[str] = []
    with Session(engine_for(url)) as session:
        export(session, pieces.append, fmt=fmt)
    return "".join(pieces)


def table_counts(engine: Engine) -> dict[str, int]:
    """The number of rows of every table."""
    with Session(engine) as session:
        return {
            name: session.scalar(select(func.count()).select_from(table)) or 0
            for name, table in Base.metadata.tables.items()
        }


def counts_at(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        return table_counts(engine)
    finally:
        engine.dispose()
