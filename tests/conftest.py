"""Real databases for every test: a fresh SQLite file each (copied from one migrated
template), or the local PostgreSQL when ``FACTCHECK_TEST_DATABASE_URL`` points at it (one
schema migrated once per run, emptied before each test)."""

import functools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
import typer.testing
from sqlalchemy import Engine, MetaData, select, text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner, Result

from factcheck import schema
from factcheck.cli import app
from factcheck.config import database_url as normalise_url
from factcheck.db import make_engine
from factcheck.models import Base

TEST_URL_ENV = "FACTCHECK_TEST_DATABASE_URL"
PG_TEST_SCHEMA = "factcheck_tests"


def postgres_base_url() -> str | None:
    """The PostgreSQL server under test, or None to test on SQLite."""
    url = os.environ.get(TEST_URL_ENV, "").strip()
    return normalise_url(url) if url else None


def with_search_path(url: str, schema_name: str) -> str:
    """``url`` with every connection's search path set to ``schema_name``."""
    parsed = make_url(url)
    query = dict(parsed.query)
    query["options"] = f"-csearch_path={schema_name}"
    return parsed.set(query=query).render_as_string(hide_password=False)


def recreate_pg_schema(base_url: str, schema_name: str) -> None:
    engine = make_engine(base_url)
    try:
        with engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema_name} CASCADE"))
            connection.execute(text(f"CREATE SCHEMA {schema_name}"))
    finally:
        engine.dispose()


class PostgresDatabase:
    """A migrated schema whose tables are emptied, and the seeded rows put back, on reset."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine: Engine = make_engine(url)
        self.metadata = MetaData()
        with self.engine.connect() as connection:
            self.metadata.reflect(connection)
            # Generated columns (the search index's) are left out: the database fills them.
            self.seeded = {
                table.name: [
                    dict(row._mapping)
                    for row in connection.execute(
                        select(*(column for column in table.c if column.computed is None))
                    )
                ]
                for table in self.metadata.sorted_tables
            }

    def reset(self) -> None:
        names = ", ".join(table.name for table in self.metadata.sorted_tables)
        with self.engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY"))
            for table in self.metadata.sorted_tables:
                rows = self.seeded[table.name]
                if not rows:
                    continue
                connection.execute(table.insert(), rows)
                if "id" in table.c:
                    connection.execute(
                        text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), :n)"),
                        {"n": max(row["id"] for row in rows)},
                    )


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[PostgresDatabase | None]:
    base = postgres_base_url()
    if base is None:
        yield None
        return
    recreate_pg_schema(base, PG_TEST_SCHEMA)
    url = with_search_path(base, PG_TEST_SCHEMA)
    schema.upgrade(url)
    database = PostgresDatabase(url)
    yield database
    database.engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "factcheck.db"
    schema.upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def database_url(
    postgres_database: PostgresDatabase | None, sqlite_template: Path, tmp_path: Path
) -> str:
    """A migrated database with nothing in it but the built-in rating scales."""
    if postgres_database is not None:
        postgres_database.reset()
        return postgres_database.url
    path = tmp_path / "factcheck.db"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def backend(postgres_database: PostgresDatabase | None) -> str:
    return "postgresql" if postgres_database is not None else "sqlite"


@pytest.fixture(autouse=True)
def isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's configuration or writes to their data directory."""
    monkeypatch.delenv("FACTCHECK_DATABASE_URL", raising=False)
    monkeypatch.setenv("FACTCHECK_USER", "tester")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / "data"))


@pytest.fixture
def db_env(monkeypatch: pytest.MonkeyPatch, database_url: str) -> str:
    """Point the command line at the test database; returns its URL."""
    monkeypatch.setenv("FACTCHECK_DATABASE_URL", database_url)
    return database_url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


# Building the command tree is most of the cost of an in-process run, and the tree does not
# change during a test run.
typer.testing._get_command = functools.cache(typer.main.get_command)  # type: ignore[attr-defined]


def invoke(*args: str, input: str | None = None, **kwargs: Any) -> Result:
    """Run the command line in-process; stdout and stderr are kept apart."""
    return CliRunner().invoke(app, list(args), input=input, **kwargs)


@pytest.fixture
def cli() -> Any:
    return invoke


__all__ = ["Base", "invoke"]
