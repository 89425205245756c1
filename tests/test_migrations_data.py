"""Migrations keep data: a database filled at each earlier revision upgrades to head with
every row intact; a migration that fails halfway leaves the schema and the data as they were
(transactional DDL, on SQLite too). On SQLite, and on PostgreSQL with
FACTCHECK_TEST_DATABASE_URL.

The rows are the Hanoi example and a custom rating scale with verdicts, as the importer writes
them at head; at each earlier revision they go in with plain inserts into the tables as that
revision has them (reflected, never the live models), leaving out the rows the migrations seed
themselves.
"""

import shutil
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.util.exc import CommandError
from sqlalchemy import Engine, MetaData, inspect, select, text

from alembic import command
from factcheck import schema
from factcheck.db import make_engine
from factcheck.resources import migrations_dir
from tests.conftest import invoke, postgres_base_url, recreate_pg_schema, with_search_path
from tests.helpers_integrity import integrity_problems
from tests.helpers_interchange import load

ROOT = Path(__file__).resolve().parent.parent
HANOI = ROOT / "fixtures" / "hanoi-summit.yaml"
DATA_SCHEMA = "factcheck_migration_data"
EARLIER = schema.REVISIONS[:-1]

REVIEWS = """\
factcheck: 1
actors:
  - {key: desk, name: Example Fact Desk, kind: organization}
scales:
  - slug: desk-scale
    name: Desk ratings
    publisher: desk
    levels:
      - {label: Correct, score: 1.0, bucket: "true", aliases: [right]}
      - {label: Wrong, score: 0.0, bucket: "false"}
verdicts:
  - {key: v1, claim: trump-all-sanctions, reviewer: desk, scale: desk-scale, rating: Wrong,
     date: 2019-03-04}
  - {key: v2, claim: trump-all-sanctions, reviewer: desk, scale: desk-scale, rating: right,
     date: 2019-03-05, supersedes: v1}
"""

Rows = dict[str, list[dict[str, Any]]]


def all_rows(engine: Engine) -> Rows:
    metadata = MetaData()
    with engine.connect() as connection:
        metadata.reflect(connection)
        rows = {
            table.name: [
                dict(row._mapping)
                for row in connection.execute(select(table).order_by(*table.primary_key))
            ]
            for table in metadata.sorted_tables
            if table.name != schema.VERSION_TABLE
        }
        connection.rollback()
    return rows


def keyed(table_rows: list[dict[str, Any]], key: list[str]) -> dict[tuple[Any, ...], Any]:
    return {tuple(row[column] for column in key): row for row in table_rows}


@pytest.fixture
def user_rows(database_url: str) -> Rows:
    """What a user put in, row by row: everything at head but the rows migrations seed."""
    engine = make_engine(database_url)
    seeded = all_rows(engine)
    load(database_url, HANOI.read_text(encoding="utf-8"), HANOI.name)
    load(database_url, REVIEWS, "reviews.yaml")
    everything = all_rows(engine)
    engine.dispose()
    primary_keys = primary_key_columns(database_url)
    rows = {}
    for name, table_rows in everything.items():
        key = primary_keys[name]
        before = keyed(seeded[name], key)
        rows[name] = [row for row in table_rows if tuple(row[c] for c in key) not in before]
    assert rows["claims"] and rows["verdicts"] and rows["change_log"]
    return rows


def primary_key_columns(url: str) -> dict[str, list[str]]:
    engine = make_engine(url)
    with engine.connect() as connection:
        inspector = inspect(connection)
        keys = {
            name: inspector.get_pk_constraint(name)["constrained_columns"]
            for name in inspector.get_table_names()
        }
    engine.dispose()
    return keys


@pytest.fixture
def empty_url(tmp_path: Path) -> Iterator[str]:
    """An empty database of the backend under test, apart from the test database."""
    base = postgres_base_url()
    if base is None:
        yield f"sqlite:///{tmp_path / 'migrating.db'}"
        return
    recreate_pg_schema(base, DATA_SCHEMA)
    yield with_search_path(base, DATA_SCHEMA)


def fill(url: str, rows: Rows) -> None:
    """Insert ``rows`` into the tables as the database has them now, columns it lacks left out."""
    engine = make_engine(url)
    metadata = MetaData()
    with engine.begin() as connection:
        metadata.reflect(connection)
        for table in metadata.sorted_tables:
            if table.name not in rows or not rows[table.name]:
                continue
            columns = set(table.c.keys())
            connection.execute(
                table.insert(),
                [{k: v for k, v in row.items() if k in columns} for row in rows[table.name]],
            )
            if connection.dialect.name == "postgresql" and "id" in columns:
                connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"(SELECT max(id) FROM {table.name}))"
                    )
                )
    engine.dispose()


@pytest.mark.parametrize("revision", EARLIER)
def test_a_database_filled_at_an_earlier_revision_upgrades_with_every_row_intact(
    revision: str, user_rows: Rows, empty_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    schema.upgrade(empty_url, revision)
    fill(empty_url, user_rows)
    engine = make_engine(empty_url)
    at_revision = all_rows(engine)

    schema.upgrade(empty_url)

    at_head = all_rows(engine)
    keys = primary_key_columns(empty_url)
    for name, rows in at_revision.items():
        after = keyed(at_head[name], keys[name])
        for key, row in keyed(rows, keys[name]).items():
            assert key in after, f"{name} {key} lost"
            assert {column: after[key][column] for column in row} == row, f"{name} {key} changed"
    assert integrity_problems(engine) == []
    engine.dispose()
    monkeypatch.setenv("FACTCHECK_DATABASE_URL", empty_url)
    report = invoke("report", "contradictions", "--format", "json")
    assert report.exit_code == 0, report.stderr
    assert '"count": 1' in report.stdout
    history = invoke("verdict", "history", "1", "--format", "json")
    assert history.exit_code == 0, history.stderr
    assert "Correct" in history.stdout and "Wrong" in history.stdout
    added = invoke("claim", "add", "After the upgrade.", "--speaker", "Ri Yong Ho")
    assert added.exit_code == 0, added.stderr


FAILING_MIGRATION = '''\
"""a migration that fails halfway

Revision ID: 9999
Revises: {head}
"""

import sqlalchemy as sa

from alembic import op

revision = "9999"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("halfway", sa.Column("id", sa.Integer, primary_key=True))
    # On SQLite the table is rebuilt (copied, dropped, renamed): the riskiest kind of step.
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table("claims", recreate="always" if sqlite else "auto") as batch:
        batch.add_column(sa.Column("halfway_note", sa.Text))
    op.execute("UPDATE claims SET halfway_note = 'changed'")
    op.execute("DELETE FROM claim_topics")
    op.execute("SELECT no_such_function()")


def downgrade() -> None:
    pass
'''


def structure(engine: Engine) -> dict[str, Any]:
    with engine.connect() as connection:
        inspector = inspect(connection)
        shape = {
            name: (
                [(c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns(name)],
                sorted(str(i) for i in inspector.get_indexes(name)),
                sorted(str(k) for k in inspector.get_foreign_keys(name)),
                sorted(str(u) for u in inspector.get_unique_constraints(name)),
            )
            for name in sorted(inspector.get_table_names())
        }
        if connection.dialect.name == "sqlite":
            shape["sqlite_master"] = connection.exec_driver_sql(  # type: ignore[assignment]
                "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
            ).fetchall()
        connection.rollback()
    return shape


def test_a_migration_that_fails_halfway_leaves_schema_and_data_as_they_were(
    db_env: str, tmp_path: Path
) -> None:
    assert invoke("import", str(HANOI)).exit_code == 0
    scripts = tmp_path / "migrations"
    shutil.copytree(migrations_dir(), scripts, ignore=shutil.ignore_patterns("__pycache__"))
    failing = scripts / "versions" / "9999_fails_halfway.py"
    failing.write_text(textwrap.dedent(FAILING_MIGRATION).replace("{head}", schema.HEAD))
    engine = make_engine(db_env, foreign_keys=False)
    shape, rows = structure(engine), all_rows(engine)
    config = schema.alembic_config(engine)
    config.set_main_option("script_location", str(scripts))

    with pytest.raises(Exception, match="no_such_function") as raised:
        command.upgrade(config, "9999")

    assert not isinstance(raised.value, CommandError)
    assert structure(engine) == shape
    assert all_rows(engine) == rows
    with engine.connect() as connection:
        assert schema.stored_revision(connection) == schema.HEAD
    assert integrity_problems(engine) == []
    engine.dispose()
