"""Is a database whole? The engine's own checks (SQLite's integrity and foreign key checks,
PostgreSQL's catalogue of invalid constraints and indexes), then every foreign key, check and
unique constraint of the models tested with plain queries, the same way on both backends.

Also the database's content, table by table, to compare it before and after something.
"""

from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Engine,
    ForeignKeyConstraint,
    Table,
    UniqueConstraint,
    and_,
    exists,
    func,
    not_,
    select,
    text,
)
from sqlalchemy.engine import Connection

from factcheck.models import Base

PG_INVALID = """
SELECT 'constraint ' || c.conname FROM pg_constraint c
JOIN pg_namespace n ON n.oid = c.connamespace
WHERE n.nspname = current_schema() AND NOT c.convalidated
UNION ALL
SELECT 'index ' || i.indexrelid::regclass::text FROM pg_index i
JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname = current_schema() AND NOT (i.indisvalid AND i.indisready)
"""


def integrity_problems(engine: Engine) -> list[str]:
    """Everything wrong with the database; an empty list when it is whole."""
    with engine.connect() as connection:
        problems = _engine_checks(connection)
        for table in Base.metadata.sorted_tables:
            problems += _constraint_problems(connection, table)
        connection.rollback()
    return problems


def _engine_checks(connection: Connection) -> list[str]:
    if connection.dialect.name == "sqlite":
        integrity = [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check")]
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        return [f"integrity_check: {message}" for message in integrity if message != "ok"] + [
            f"foreign_key_check: {tuple(row)}" for row in broken
        ]
    return [f"invalid {name}" for (name,) in connection.execute(text(PG_INVALID))]


def _constraint_problems(connection: Connection, table: Table) -> list[str]:
    problems = []
    for constraint in table.constraints:
        if isinstance(constraint, ForeignKeyConstraint):
            count = _count(connection, table, _dangling(constraint))
        elif isinstance(constraint, CheckConstraint):
            # A check holds when its condition is true or null, as the engines decide it.
            count = _count(connection, table, text(f"NOT ({constraint.sqltext})"))
        elif isinstance(constraint, UniqueConstraint):
            count = _duplicates(connection, table, list(constraint.columns))
        else:
            continue
        if count:
            problems.append(f"{table.name}: {count} rows break {constraint.name}")
    for column in table.columns:
        if column.unique:
            count = _duplicates(connection, table, [column])
            if count:
                problems.append(f"{table.name}: {count} duplicate values of {column.name}")
    return problems


def _dangling(constraint: ForeignKeyConstraint) -> Any:
    parent = constraint.referred_table.alias()
    pairs = [(element.parent, parent.c[element.column.name]) for element in constraint.elements]
    return and_(
        *(child.is_not(None) for child, _ in pairs),
        not_(exists().where(*(child == referred for child, referred in pairs))),
    )


def _count(connection: Connection, table: Table, condition: Any) -> int:
    return connection.scalar(select(func.count()).select_from(table).where(condition)) or 0


def _duplicates(connection: Connection, table: Table, columns: list[Any]) -> int:
    groups = (
        select(*columns)
        .where(*(column.is_not(None) for column in columns))
        .group_by(*columns)
        .having(func.count() > 1)
    )
    return connection.scalar(select(func.count()).select_from(groups.subquery())) or 0


def content(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in key order."""
    with engine.connect() as connection:
        rows = {
            table.name: [
                tuple(row)
                for row in connection.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in Base.metadata.sorted_tables
        }
        connection.rollback()
    return rows


def counts(engine: Engine) -> dict[str, int]:
    """The number of rows of every table."""
    with engine.connect() as connection:
        result = {
            table.name: connection.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }
        connection.rollback()
    return result
