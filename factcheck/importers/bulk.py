"""Writing imported rows set-based: one statement for many rows, the rows already there found
with one query a batch, and the change-log rows written the same way.

The change log records these writes as the ORM would (factcheck/models/changelog.py): the
object's table, ``insert``, ``update`` or ``delete``, and ``{column: [old, new]}``.
"""

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar, cast

from sqlalchemy import (
    JSON,
    ColumnElement,
    Connection,
    Dialect,
    RowMapping,
    Table,
    bindparam,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Session

from factcheck.changes import deleted, inserted, log_value
from factcheck.config import current_user
from factcheck.db import StrEnumType
from factcheck.enums import ChangeAction
from factcheck.importers.logged import EncodedJSON, inserted_changes
from factcheck.models import ChangeLogEntry

if TYPE_CHECKING:
    from factcheck.importers.bulk_postgres import CopyWriter

BATCH_SIZE = 1000

T = TypeVar("T")


def table_of(model: type[Any]) -> Table:
    """The table an ORM class maps."""
    return cast(Table, model.__table__)


def batches(items: Sequence[T], size: int = BATCH_SIZE) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass(frozen=True)
class _InsertPlan:
    sql: str
    converters: Sequence[Callable[[Any], Any] | None]
    defaults: list[Callable[[], Any]]


# Insert statements for SQLite, by table and columns given: the same for every database.
_PLANS: dict[tuple[str, tuple[str, ...]], _InsertPlan] = {}


def _processor(column_type: Any, dialect: Dialect) -> Callable[[Any], Any] | None:
    """What a column's type does to a value before the driver gets it, on ``dialect``."""
    processor: Callable[[Any], Any] | None = column_type.dialect_impl(dialect).bind_processor(
        dialect
    )
    return processor


def _converter(column_type: Any, dialect: Dialect) -> Callable[[Any], Any] | None:
    """``_processor``, with short cuts for the values most rows hold: JSON already encoded
    (``logged.EncodedJSON``) goes as it is, and so does a member of a column's enum (a
    ``str``, its value)."""
    process = _processor(column_type, dialect)
    if process is None:
        return None
    if isinstance(column_type, JSON):

        def convert_json(value: Any) -> Any:
            return value if type(value) is EncodedJSON else process(value)

        return convert_json
    if isinstance(column_type, StrEnumType):
        members = column_type.enum_class

        def convert_enum(value: Any) -> Any:
            return value if type(value) is members else process(value)

        return convert_enum
    return process


def _defaulter(
    make: Callable[[Any], Any], convert: Callable[[Any], Any] | None
) -> Callable[[], Any]:
    """A column's Python-side default (``created_at``), as its type stores it."""

    def default() -> Any:
        value = make(None)
        return convert(value) if convert is not None and value is not None else value

    return default


@dataclass
class Change:
    """One row of an import: what the file says, and what the database has."""

    key: str
    values: dict[str, Any]
    old: RowMapping | None = None
    changes: dict[str, list[Any]] = field(default_factory=dict)
    action: ChangeAction | None = None
    id: int | None = None
    # Rows that hang off this one (aliases, stances) changed, though its columns did not.
    touched: bool = False

    @property
    def row_id(self) -> int:
        """The row's id, once it is written."""
        assert self.id is not None
        return self.id

    @property
    def is_new(self) -> bool:
        return self.old is None

    @property
    def status(self) -> str:
        if self.old is None:
            return "created"
        return "updated" if self.changes or self.touched else "unchanged"


class SearchIndexing:
    """On SQLite, the search index of the rows an import inserts, written a statement at a
    time rather than a row at a time.

    The FTS5 tables are kept in step by triggers (alembic/versions/0003): one that runs for
    each inserted row costs more than the insert itself. For the length of an import the
    insert triggers are dropped, each statement's new rows are indexed with one
    ``INSERT ... SELECT``, and ``restore`` creates the triggers again. SQLite's DDL is
    transactional: an import that fails and is rolled back gets its triggers back with the
    rest. The update and delete triggers stay: a row indexed here is then what they expect.
    """

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        # Table -> (the trigger's name, the statement that creates it, the index's columns).
        self.dropped: dict[str, tuple[str, str, str]] = {}
        if connection.dialect.name != "sqlite":
            return
        triggers = connection.exec_driver_sql(
            "SELECT name, tbl_name, sql FROM sqlite_master"
            " WHERE type = 'trigger' AND name = tbl_name || '_fts_insert'"
        ).all()
        for name, table, sql in triggers:
            index = f"{table}_fts"
            columns = [row[1] for row in connection.exec_driver_sql(f"PRAGMA table_info({index})")]
            connection.exec_driver_sql(f"DROP TRIGGER {name}")
            self.dropped[table] = (name, sql, ", ".join(columns))

    def covers(self, table: Table) -> bool:
        """Whether rows inserted into ``table`` are indexed here (its trigger is dropped)."""
        return table.name in self.dropped

    def index(self, table: Table, after: int) -> None:
        """Index the rows of ``table`` whose ids are above ``after``: those just inserted."""
        _name, _sql, columns = self.dropped[table.name]
        self.connection.exec_driver_sql(
            f"INSERT INTO {table.name}_fts (rowid, {columns})"
            f" SELECT id, {columns} FROM {table.name} WHERE id > ?",
            (after,),
        )

    def restore(self) -> None:
        """Create the dropped triggers again: rows inserted from now on index themselves."""
        for _name, sql, _columns in self.dropped.values():
            self.connection.exec_driver_sql(sql)
        self.dropped = {}


def _copier(connection: Connection) -> "CopyWriter | None":
    """PostgreSQL through psycopg writes with COPY (bulk_postgres)."""
    if connection.dialect.name != "postgresql" or connection.dialect.driver != "psycopg":
        return None
    from factcheck.importers.bulk_postgres import CopyWriter

    return CopyWriter(connection)


class Writer:
    """The rows of one import, written through the session's connection and transaction.

    ``search``, when given, indexes the rows inserted into the searched tables."""

    def __init__(self, session: Session, *, search: SearchIndexing | None = None) -> None:
        session.flush()
        self.connection: Connection = session.connection()
        self.user: str = session.info.get("user") or current_user()
        # Dicts of the change log's columns; tuples of them on PostgreSQL (COPY's rows).
        self._log: list[Any] = []
        self.copier = _copier(self.connection)
        self.search = search
        # Tables that held no row when the import began and whose keys it gives once each:
        # no row there can have a key looked up.
        self.fresh: frozenset[str] = frozenset()

    def note_fresh(self, tables: Iterable[Table]) -> None:
        """Of ``tables``, whose keys the import gives once each, note those that hold no row:
        the rows of their keys are not looked up."""
        self.fresh = frozenset(
            table.name
            for table in tables
            if self.connection.execute(select(table.c.id).limit(1)).first() is None
        )

    def settle(self) -> None:
        """Wait for rows still being written (PostgreSQL); the error of one that failed."""
        if self.copier is not None:
            self.copier.settle()

    # The change log.

    def log(
        self,
        table: Table,
        object_id: int,
        action: ChangeAction,
        changes: dict[str, Any] | EncodedJSON | None,
    ) -> None:
        if not changes:
            return
        if self.copier is not None:
            self._log.append((self.user, action, table.name, object_id, changes))
        else:
            self._log.append(
                {
                    "user_name": self.user,
                    "action": action,
                    "object_type": table.name,
                    "object_id": object_id,
                    "changes": changes,
                }
            )

    def discard_log(self) -> None:
        self._log = []

    def flush_log(self) -> None:
        if self.copier is not None and self._log:
            self.copier.insert_log(table_of(ChangeLogEntry), self._log)
        elif self._log:
            self.insert_plain(table_of(ChangeLogEntry), self._log)
        self._log = []

    def log_insert(
        self,
        table: Table,
        object_id: int,
        values: Mapping[str, Any],
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        """Log the insert of a row of ``values``; ``extra`` entries go after its columns'.
        For SQLite's bulk statements and PostgreSQL's COPY, the entry's ``changes`` is
        written as JSON text at once (``logged``)."""
        if self.copier is not None or self.connection.dialect.name == "sqlite":
            self.log(table, object_id, ChangeAction.INSERT, inserted_changes(values, extra))
        else:
            changes: dict[str, Any] = inserted(values)
            self.log(table, object_id, ChangeAction.INSERT, {**changes, **(extra or {})})

    # Keyed rows: found by import_key, inserted or updated.

    def existing(self, table: Table, keys: Iterable[str]) -> dict[str, RowMapping]:
        if table.name in self.fresh:
            return {}
        if self.copier is not None:
            return self.copier.existing(table, list(keys))
        rows = self.connection.execute(select(table).where(table.c.import_key.in_(list(keys))))
        return {row["import_key"]: row for row in rows.mappings()}

    def keyed(
        self, table: Table, columns: Sequence[ColumnElement[Any]], keys: Sequence[str]
    ) -> Iterable[Sequence[Any]]:
        """``columns`` of the rows of ``table`` with these import keys."""
        if self.copier is not None:
            return self.copier.keyed(table, columns, keys)
        return self.connection.execute(select(*columns).where(table.c.import_key.in_(keys)))

    def plan(self, table: Table, rows: Sequence[tuple[str, dict[str, Any]]]) -> list[Change]:
        """What each ``(key, values)`` changes: a new row, the columns that differ, or nothing."""
        found = self.existing(table, [key for key, _values in rows])
        changes = []
        for key, values in rows:
            old = found.get(key)
            change = Change(key, {**values, "import_key": key}, old)
            if old is not None:
                change.id = old["id"]
                change.changes = {
                    name: [log_value(old[name]), log_value(value)]
                    for name, value in values.items()
                    if old[name] != value
                }
            changes.append(change)
        return changes

    def apply(self, table: Table, changes: Sequence[Change]) -> None:
        """Insert the new rows (their ids are set), update the changed ones, log both."""
        new = [change for change in changes if change.is_new]
        if new:
            ids = self.insert_rows(table, [change.values for change in new], log=False)
            for change, new_id in zip(new, ids, strict=True):
                change.id = new_id
                self.log_insert(table, new_id, change.values, change.changes)
        changed = [change for change in changes if not change.is_new and change.changes]
        columns = [name for name in changed[0].values if name != "import_key"] if changed else []
        updated = [change for change in changed if any(name in change.changes for name in columns)]
        if updated:
            rows = [(change.row_id, change.values) for change in updated]
            self.update_rows(table, rows, columns)
        for change in changed:
            self.log(table, change.row_id, change.action or ChangeAction.UPDATE, change.changes)

    # Plain rows.

    def insert_rows(
        self, table: Table, rows: Sequence[Mapping[str, Any]], *, log: bool = True
    ) -> list[int]:
        """Insert ``rows``; their ids, in the same order."""
        if not rows:
            return []
        if self.connection.dialect.name == "sqlite":
            ids = self._insert_sqlite(table, rows)
        elif self.copier is not None and (copied := self.copier.insert_rows(table, rows)):
            ids = copied
        else:
            statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
            ids = list(self.connection.execute(statement, list(rows)).scalars())
        if log:
            for row, new_id in zip(rows, ids, strict=True):
                self.log_insert(table, new_id, row)
        return ids

    def _insert_sqlite(self, table: Table, rows: Sequence[Mapping[str, Any]]) -> list[int]:
        """SQLite does not promise RETURNING rows in insertion order, so SQLAlchemy would
        insert one row a statement. Instead: one executemany, then the new ids. A new row's
        id is one more than the largest before it (SQLite docs, "Autoincrement": without
        the AUTOINCREMENT keyword), and the write lock taken at BEGIN keeps other writers
        out, so the new rows are those above the old largest id, in order: the ids that
        follow it, which the count and the largest new id confirm."""
        before = self._largest_id(table)
        self._insert_plain(table, rows)
        if self.search is not None and self.search.covers(table):
            self.search.index(table, before)
        query = select(func.count(), func.max(table.c.id)).where(table.c.id > before)
        count, last = self.connection.execute(query).one()
        if count != len(rows) or last != before + count:
            raise RuntimeError(f"{table.name}: inserted {len(rows)} rows but found {count}")
        return list(range(before + 1, before + count + 1))

    def _largest_id(self, table: Table) -> int:
        largest: int | None = self.connection.execute(select(func.max(table.c.id))).scalar()
        return largest or 0

    def insert_plain(self, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
        """Insert ``rows``, no ids wanted. On SQLite, the statement is compiled once and the
        rows go to the driver's ``executemany`` as tuples, each value converted by its
        column's type: SQLAlchemy's own executemany would work out each row's parameters
        through its general machinery, which costs more than SQLite's insert itself."""
        if not rows or (self.copier is not None and self.copier.insert_plain(table, rows)):
            return
        if self.search is not None and self.search.covers(table):
            before = self._largest_id(table)
            self._insert_plain(table, rows)
            self.search.index(table, before)
            return
        self._insert_plain(table, rows)

    def _insert_plain(self, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
        columns = list(rows[0])
        if self.connection.dialect.name != "sqlite" or any(
            len(row) != len(columns) for row in rows
        ):
            self.connection.execute(insert(table), list(rows))
            return
        plan = self._insert_plan(table, tuple(columns))
        defaults = [default() for default in plan.defaults]
        converted = [(at, convert) for at, convert in enumerate(plan.converters) if convert]
        parameters = []
        for row in rows:
            values = [row[name] for name in columns]
            for at, convert in converted:
                value = values[at]
                if value is not None:
                    values[at] = convert(value)
            values.extend(defaults)
            parameters.append(tuple(values))
        self.connection.exec_driver_sql(plan.sql, parameters)

    def _insert_plan(self, table: Table, columns: tuple[str, ...]) -> "_InsertPlan":
        key = (table.name, columns)
        plan = _PLANS.get(key)
        if plan is None:
            dialect = self.connection.dialect
            given = set(columns)
            defaulted = [
                column
                for column in table.columns
                if column.name not in given
                and column.default is not None
                and getattr(column.default, "is_callable", False)
            ]
            names = [*columns, *(column.name for column in defaulted)]
            quote = dialect.identifier_preparer.quote
            sql = (
                f"INSERT INTO {quote(table.name)} ({', '.join(quote(name) for name in names)})"
                f" VALUES ({', '.join('?' for _ in names)})"
            )
            converters = [_converter(table.c[name].type, dialect) for name in columns]
            defaults = []
            for column in defaulted:
                convert = _processor(column.type, dialect)
                make = column.default.arg  # type: ignore[union-attr]
                defaults.append(_defaulter(make, convert))
            plan = _InsertPlan(sql, converters, defaults)
            _PLANS[key] = plan
        return plan

    def update_rows(
        self,
        table: Table,
        rows: Sequence[tuple[int, Mapping[str, Any]]],
        columns: Sequence[str],
    ) -> None:
        """Set ``columns`` of each row ``(id, values)``; the caller logs what changed."""
        statement = (
            update(table)
            .where(table.c.id == bindparam("row_id"))
            .values({name: bindparam(f"new_{name}") for name in columns})
        )
        parameters = [
            {"row_id": row_id, **{f"new_{name}": values[name] for name in columns}}
            for row_id, values in rows
        ]
        self.connection.execute(statement, parameters)

    def delete_rows(self, table: Table, rows: Sequence[RowMapping], *, log: bool = True) -> None:
        if not rows:
            return
        self.connection.execute(
            delete(table).where(table.c.id == bindparam("row_id")),
            [{"row_id": row["id"]} for row in rows],
        )
        if log:
            for row in rows:
                self.log(table, row["id"], ChangeAction.DELETE, deleted(row))

    def mirror(
        self,
        table: Table,
        parent: str,
        wanted: Mapping[int, Sequence[Mapping[str, Any]]],
        identity: Sequence[str],
        *,
        log: bool = True,
        created: Collection[int] = (),
    ) -> dict[int, tuple[list[RowMapping], list[dict[str, Any]]]]:
        """Make the rows of ``table`` under each parent in ``wanted`` the rows listed there.

        A row is matched by its ``identity`` columns; a matched row whose other columns
        differ is updated, a listed row without a match is inserted, a row not listed is
        deleted. Parents in ``created`` were just inserted: they have no rows to look up.
        Returns, for each parent whose rows changed, its rows before and after.
        """
        if not wanted:
            return {}
        current: dict[int, list[RowMapping]] = defaultdict(list)
        older = [parent_id for parent_id in wanted if parent_id not in created]
        found: list[RowMapping] = []
        if self.copier is not None:
            found = self.copier.children(table, parent, older)
            if not found and not log and self.copier.insert_children(table, parent, wanted):
                # Nothing to match: every listed row is new.
                return {
                    parent_id: ([], [{parent: parent_id, **values} for values in rows])
                    for parent_id, rows in wanted.items()
                    if rows
                }
        elif older:
            statement = select(table).where(table.c[parent].in_(older)).order_by(table.c.id)
            found = list(self.connection.execute(statement).mappings())
        for row in found:
            current[row[parent]].append(row)
        inserts: list[dict[str, Any]] = []
        updates: list[tuple[RowMapping, dict[str, Any]]] = []
        deletes: list[RowMapping] = []
        changed: dict[int, tuple[list[RowMapping], list[dict[str, Any]]]] = {}
        for parent_id, rows in wanted.items():
            before = current.get(parent_id, [])
            if not before:
                # Nothing to match (a new row's children): every listed row is new.
                if rows:
                    full_rows = [{parent: parent_id, **values} for values in rows]
                    inserts.extend(full_rows)
                    changed[parent_id] = (before, full_rows)
                continue
            pool: dict[tuple[Any, ...], list[RowMapping]] = defaultdict(list)
            for row in before:
                pool[tuple(row[name] for name in identity)].append(row)
            touched = False
            for values in rows:
                full = {parent: parent_id, **values}
                matches = pool[tuple(full[name] for name in identity)]
                if not matches:
                    inserts.append(full)
                    touched = True
                    continue
                old = matches.pop(0)
                if any(old[name] != value for name, value in full.items()):
                    updates.append((old, full))
                    touched = True
            left = [row for matches in pool.values() for row in matches]
            deletes.extend(left)
            if touched or left:
                changed[parent_id] = (before, [{parent: parent_id, **values} for values in rows])
        self.delete_rows(table, deletes, log=log)
        if updates:
            columns = list(updates[0][1])
            self.update_rows(table, [(old["id"], new) for old, new in updates], columns)
            if log:
                for old, new in updates:
                    differences = {
                        name: [log_value(old[name]), log_value(value)]
                        for name, value in new.items()
                        if old[name] != value
                    }
                    self.log(table, old["id"], ChangeAction.UPDATE, differences)
        if log:
            self.insert_rows(table, inserts)
        else:
            self.insert_plain(table, inserts)
        return changed
