"""Alembic environment: the URL comes from factcheck's configuration, or an engine or a
connection is handed in (by factcheck itself, or by pytest-alembic)."""

from sqlalchemy import Connection

from alembic import context
from factcheck.config import database_url
from factcheck.db import make_engine
from factcheck.errors import Conflict
from factcheck.models import Base
from factcheck.schema import migration_options

config = context.config


def run_migrations(connection: Connection) -> None:
    # Transactional DDL on SQLite too: the engine issues its own BEGIN, so a migration that
    # fails halfway leaves the schema as it was.
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        transactional_ddl=True,
        **migration_options(),
    )
    with context.begin_transaction():
        context.run_migrations()
        if connection.dialect.name == "sqlite":
            _check_foreign_keys(connection)


def _check_foreign_keys(connection: Connection) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        # Downgrading past 0002 removes the built-in scales that verdicts may still use.
        pairs = ", ".join(sorted({f"{row[0]} -> {row[2]}" for row in broken}))
        raise Conflict(
            f"the migration would leave {len(broken)} rows pointing at rows it removes ({pairs})",
            "nothing was changed",
        )


def run_online() -> None:
    # factcheck and pytest-alembic hand in an Engine (or a Connection) this way.
    connectable = config.attributes.get("connection")
    if isinstance(connectable, Connection):
        run_migrations(connectable)
        return
    if connectable is None:
        url = config.get_main_option("sqlalchemy.url") or database_url()
        connectable = make_engine(url, foreign_keys=False)
    with connectable.connect() as connection:
        run_migrations(connection)


if context.is_offline_mode():
    raise SystemExit("factcheck migrations run online only")
run_online()
