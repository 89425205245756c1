"""full-text search indexes

Revision ID: 0003
Revises: 0002

SQLite: an FTS5 table for each searched table, reading its text from that table (external
content), kept in step by triggers, so that every insert, update and delete (the ORM's and the
importers' set-based ones alike) reaches the index in the same transaction. A later migration
that rebuilds one of these tables in batch mode drops its triggers with it, and must create
them again and rebuild the index.

PostgreSQL: a stored generated ``search_vector`` column on each searched table, with a GIN
index; the server computes it on every write.

The models do not declare any of this: factcheck.schema keeps it out of the drift check.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Searched table -> its text columns, most telling first. On PostgreSQL the first is weighted
# A and the second B.
SEARCHED: dict[str, tuple[str, ...]] = {
    "claims": ("text", "venue"),
    "propositions": ("text",),
    "evidence": ("excerpt", "note"),
    "sources": ("title",),
}
TOKENIZER = "porter unicode61 remove_diacritics 2"
CONFIG = "english"


def _sqlite_upgrade(table: str, columns: tuple[str, ...]) -> None:
    index = f"{table}_fts"
    names = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
    op.execute(
        f"CREATE VIRTUAL TABLE {index} USING fts5({names}, content='{table}',"
        f" content_rowid='id', tokenize='{TOKENIZER}')"
    )
    add = f"INSERT INTO {index}(rowid, {names}) VALUES (new.id, {new});"
    remove = f"INSERT INTO {index}({index}, rowid, {names}) VALUES ('delete', old.id, {old});"
    op.execute(f"CREATE TRIGGER {index}_insert AFTER INSERT ON {table} BEGIN {add} END")
    op.execute(f"CREATE TRIGGER {index}_delete AFTER DELETE ON {table} BEGIN {remove} END")
    op.execute(
        f"CREATE TRIGGER {index}_update AFTER UPDATE OF {names} ON {table} BEGIN {remove} {add} END"
    )
    op.execute(f"INSERT INTO {index}({index}) VALUES ('rebuild')")


def _postgresql_upgrade(table: str, columns: tuple[str, ...]) -> None:
    parts = [
        f"setweight(to_tsvector('{CONFIG}', coalesce({column}, '')), '{weight}')"
        for column, weight in zip(columns, "AB", strict=False)
    ]
    op.execute(
        f"ALTER TABLE {table} ADD COLUMN search_vector tsvector"
        f" GENERATED ALWAYS AS ({' || '.join(parts)}) STORED"
    )
    op.execute(f"CREATE INDEX ix_{table}_search_vector ON {table} USING gin (search_vector)")


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table, columns in SEARCHED.items():
        if dialect == "sqlite":
            _sqlite_upgrade(table, columns)
        else:
            _postgresql_upgrade(table, columns)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in SEARCHED:
        if dialect == "sqlite":
            for event in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER {table}_fts_{event}")
            op.execute(f"DROP TABLE {table}_fts")
        else:
            op.execute(f"DROP INDEX ix_{table}_search_vector")
            op.execute(f"ALTER TABLE {table} DROP COLUMN search_vector")
