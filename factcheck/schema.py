"""Schema revisions: the cheap check every command makes, and the Alembic commands.

Alembic costs more than half a second to import, so the check that runs before every command
reads the stored revision with plain SQL and compares it with ``REVISIONS``, the revision
history recorded in this package (a test keeps it in step with the migration scripts).
Alembic itself is imported only by the functions that migrate.
"""

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, inspect, text

from factcheck.config import mask_url
from factcheck.errors import InvalidInput, SchemaMismatch
from factcheck.resources import migrations_dir

if TYPE_CHECKING:
    from alembic.config import Config

# Oldest first; the last one is the head this version of the program expects.
REVISIONS: tuple[str, ...] = ("0001", "0002", "0003")
HEAD = REVISIONS[-1]
VERSION_TABLE = "alembic_version"


def stored_revision(connection: Connection) -> str | None:
    """The revision recorded in the database, or None for a database never migrated."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    return connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()


def ensure_current(engine: Engine, url: str) -> None:
    """Bring a new, empty database to head; refuse one behind or ahead of this program."""
    from factcheck.db import READ_ONLY

    # A read: it must not queue for SQLite's write lock behind other writers.
    with engine.connect().execution_options(**{READ_ONLY: True}) as connection:
        revision = stored_revision(connection)
        is_empty = revision is None and not inspect(connection).get_table_names()
        connection.rollback()
    if revision == HEAD:
        return
    if is_empty:
        upgrade(url)
        return
    where = mask_url(url)
    if revision is None:
        raise SchemaMismatch(
            f"{where} is not a factcheck database (it has tables but no schema revision)",
            "point --db or FACTCHECK_DATABASE_URL at a factcheck database or a new file",
        )
    if revision in REVISIONS:
        raise SchemaMismatch(
            f"the database schema is behind this program (revision {revision}, expected {HEAD})",
            "run: factcheck db upgrade",
        )
    raise SchemaMismatch(
        f"the database schema is ahead of this program (revision {revision} is unknown here)",
        "upgrade factcheck, or run db downgrade with the newer version",
    )


def migration_options() -> dict[str, Any]:
    """Options shared by the migration environment and the drift check."""
    return {
        "compare_type": True,
        "compare_server_default": True,
        "render_as_batch": True,
        "render_item": _render_item,
        "include_name": _include_name,
    }


# The full-text search indexes (migration 0003) are built by hand for each backend and the
# models do not declare them: FTS5 tables and their shadow tables on SQLite, a generated
# column and its index on PostgreSQL. The drift check leaves them out.
SEARCH_INDEX_TABLES = ("claims_fts", "propositions_fts", "evidence_fts", "sources_fts")
SEARCH_VECTOR_COLUMN = "search_vector"


def _include_name(name: str | None, kind: str, _parents: Any) -> bool:
    if name is None:
        return True
    if kind == "table":
        return not name.startswith(SEARCH_INDEX_TABLES)
    if kind == "column":
        return name != SEARCH_VECTOR_COLUMN
    if kind == "index":
        return not name.endswith(f"_{SEARCH_VECTOR_COLUMN}")
    return True


def _render_item(kind: str, obj: Any, _context: Any) -> str | bool:
    """Migrations spell our column types as the plain types they store, so that they stay
    valid whatever later happens to ``factcheck.db``."""
    from sqlalchemy.types import TypeDecorator

    if kind == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl_instance!r}"
    return False


def history() -> list[tuple[str, str]]:
    """Each revision with its message, oldest first."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(alembic_config())
    revisions = reversed(list(scripts.walk_revisions()))
    return [(script.revision, script.doc or "") for script in revisions]


def alembic_config(engine: Engine | None = None) -> "Config":
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    if engine is not None:
        config.attributes["connection"] = engine
    return config


def upgrade(url: str, revision: str = "head") -> None:
    from alembic import command

    target = _target(revision)
    _run(url, lambda config: command.upgrade(config, target))


def downgrade(url: str, revision: str) -> None:
    from alembic import command

    target = _target(revision)
    _run(url, lambda config: command.downgrade(config, target))


# What a target may look like: head, base, a revision id, each with an optional relative
# step (head-1, 0001+1), or a step alone (-1). The history has no branches, so no ``@``.
_TARGET = re.compile(r"(?:\w+(?:[+-]\d+)?|[+-]\d+)")


def _target(revision: str) -> str:
    # Alembic asserts (rather than reports) that a blank target or a bare ``@`` resolves.
    target = revision.strip()
    if not _TARGET.fullmatch(target):
        raise InvalidInput(
            f"{revision!r} is not a revision", "give head, base or an id; see: factcheck db history"
        )
    return target


def check(engine: Engine) -> list[str]:
    """The differences autogenerate finds between the models and the database, if any."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from factcheck.models import Base

    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts=migration_options())
        diffs = compare_metadata(context, Base.metadata)
        connection.rollback()
    return [str(diff) for diff in diffs]


def _run(url: str, action: Callable[["Config"], None]) -> None:
    from alembic.util.exc import CommandError

    from factcheck.db import make_engine

    # Migrations rebuild SQLite tables, which foreign key enforcement would get in the way
    # of; the environment checks the foreign keys before it commits instead.
    engine = make_engine(url, foreign_keys=False)
    try:
        action(alembic_config(engine))
    except CommandError as error:
        raise InvalidInput(str(error), "see: factcheck db history") from None
    finally:
        engine.dispose()
