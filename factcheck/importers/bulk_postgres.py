"""Writing imported rows into PostgreSQL with COPY.

New rows go through psycopg's COPY row writer rather than INSERT statements: their ids are
taken from the table's sequence first (``nextval`` once a row, in one query), so that the
rows that hang off them, and the change log, know them without ``RETURNING``. The raw
driver connection is the session's own, so COPY runs in the import's transaction.

An import that checks its keys across the whole file (the native format, ``SeenKeys``) need
not look for rows with its keys in a table that was empty when the import began: a key given
twice in the file is an error found before any row is written.
"""

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from operator import itemgetter
from typing import Any

import psycopg
from sqlalchemy import Connection, RowMapping, Table, any_, bindparam, exc, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.types import JSON, String

# Columns given no value take their default: the same for every row of a COPY.
Defaults = Callable[[], tuple[Any, ...]]


@dataclass(frozen=True)
class _CopyPlan:
    sql: str
    # The values of a row, in the order of the COPY's columns (without id and defaults).
    values: Callable[[Mapping[str, Any]], Any]
    # Positions (among the values) of JSON columns, written as their JSON text.
    json_at: tuple[int, ...]
    defaults: Defaults


def _defaults(table: Table, given: set[str]) -> tuple[list[str], Defaults]:
    """The columns not given that have a Python-side default (``created_at``), and a function
    making their values, called once for all the rows of a COPY."""
    columns = [
        column
        for column in table.columns
        if column.name not in given and column.name != "id" and column.default is not None
    ]
    makers: list[Callable[[], Any]] = []
    for column in columns:
        default: Any = column.default
        if getattr(default, "is_callable", False):
            makers.append(partial(default.arg, None))
        else:
            makers.append(partial(_same, default.arg))
    return [column.name for column in columns], lambda: tuple(maker() for maker in makers)


def _same(value: Any) -> Any:
    return value


class CopyWriter:
    """The PostgreSQL side of ``bulk.Writer``: COPY for new rows, and lookups that skip
    tables known to hold nothing of the import's."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.raw: psycopg.Connection[Any] = connection.connection.driver_connection  # type: ignore[assignment]
        # Generic plans for statements with long lists of keys are slow: plan every one.
        self.raw.prepare_threshold = None
        # Whether the keys of the file are checked unique across it (set by the importer).
        self.keys_checked = False
        self._empty: dict[str, bool] = {}
        self._sequences: dict[str, str] = {}
        self._plans: dict[tuple[str, tuple[str, ...]], _CopyPlan] = {}
        # Ids this import took, by table: ranges (first, last), for rows with no children yet.
        self._fresh: dict[str, list[tuple[int, int]]] = {}

    # What the database holds.

    def _was_empty(self, table: Table) -> bool:
        """Whether ``table`` held no row when this import first wrote to or read it."""
        empty = self._empty.get(table.name)
        if empty is None:
            row = self.raw.execute(f"SELECT NOT EXISTS (SELECT FROM {self._quote(table)})")
            found = row.fetchone()
            empty = self._empty[table.name] = bool(found and found[0])
        return empty

    def existing(self, table: Table, keys: Sequence[str]) -> dict[str, RowMapping]:
        """The rows with these import keys; none looked for when the table was empty."""
        if (self.keys_checked and self._was_empty(table)) or not keys:
            return {}
        query = select(table).where(table.c.import_key == any_(_keys(list(keys))))
        rows = self.connection.execute(query).mappings()
        return {row["import_key"]: row for row in rows}

    def children(self, table: Table, parent: str, parent_ids: Iterable[int]) -> list[RowMapping]:
        """The rows of ``table`` under these parents, oldest first; those under parents this
        import created are not looked for: there are none yet."""
        (foreign,) = table.c[parent].foreign_keys
        fresh = self._fresh.get(foreign.column.table.name, [])
        wanted = [
            parent_id
            for parent_id in parent_ids
            if not any(first <= parent_id <= last for first, last in fresh)
        ]
        if not wanted:
            return []
        query = (
            select(table)
            .where(table.c[parent] == any_(bindparam("ids", wanted, type_=ARRAY(table.c.id.type))))
            .order_by(table.c.id)
        )
        return list(self.connection.execute(query).mappings())

    # The keys earlier pieces of the file defined (``native.SeenKeys``'s table).

    def seen_keys(self, table: str, section: str, keys: list[str]) -> list[tuple[str, str]]:
        if not keys:
            return []
        cursor = self.raw.execute(
            f"SELECT import_key, place FROM {table} WHERE section = %s AND import_key = ANY(%s)",
            (section, keys),
        )
        return cursor.fetchall()

    def note_keys(self, table: str, rows: Sequence[Mapping[str, str]]) -> None:
        if rows:
            sql = f"COPY {table} (section, import_key, place) FROM STDIN"
            self._copy(sql, (itemgetter("section", "import_key", "place")(row) for row in rows))

    # Writing.

    def insert_rows(self, table: Table, rows: Sequence[Mapping[str, Any]]) -> list[int] | None:
        """COPY ``rows`` with ids taken first; their ids. None when the rows do not all give
        the same columns (the caller inserts them another way)."""
        plan = self._plan(table, rows)
        if plan is None:
            return None
        ids = self._reserve(table, len(rows))
        defaults = plan.defaults()
        values = plan.values
        json_at = plan.json_at
        pairs = zip(ids, rows, strict=True)
        self._copy(plan.sql, (_row(got, values(row), json_at, defaults) for got, row in pairs))
        self._note_fresh(table.name, ids)
        return ids

    def insert_plain(self, table: Table, rows: Sequence[Mapping[str, Any]]) -> bool:
        """COPY ``rows`` with ids from the column's default; whether it could."""
        plan = self._plan(table, rows, with_id=False)
        if plan is None:
            return False
        defaults = plan.defaults()
        values = plan.values
        json_at = plan.json_at
        self._copy(plan.sql, (_row(None, values(row), json_at, defaults) for row in rows))
        return True

    def _copy(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        try:
            with self.raw.cursor() as cursor, cursor.copy(sql) as copy:
                write = copy.write_row
                for row in rows:
                    write(row)
        except psycopg.Error as error:
            raise exc.DBAPIError.instance(sql, None, error, psycopg.Error) from None

    def _reserve(self, table: Table, count: int) -> list[int]:
        """``count`` new ids of ``table``, in order, as its default would have given them."""
        sequence = self._sequences.get(table.name)
        if sequence is None:
            found = self.raw.execute(
                "SELECT pg_get_serial_sequence(%s, 'id')", (self._quote(table),)
            ).fetchone()
            assert found is not None and found[0] is not None, table.name
            sequence = self._sequences[table.name] = str(found[0])
        cursor = self.raw.execute(
            "SELECT nextval(%s::regclass) FROM generate_series(1, %s)", (sequence, count)
        )
        return [row[0] for row in cursor]

    def _note_fresh(self, name: str, ids: list[int]) -> None:
        ranges = self._fresh.setdefault(name, [])
        first = last = ids[0]
        for new_id in ids[1:]:
            if new_id != last + 1:
                ranges.append((first, last))
                first = new_id
            last = new_id
        if ranges and ranges[-1][1] + 1 == first:
            first = ranges.pop()[0]
        ranges.append((first, last))

    def _plan(
        self, table: Table, rows: Sequence[Mapping[str, Any]], *, with_id: bool = True
    ) -> _CopyPlan | None:
        columns = tuple(rows[0])
        if any(len(row) != len(columns) for row in rows):
            return None
        key = (table.name, columns) if with_id else (table.name + " ", columns)
        plan = self._plans.get(key)
        if plan is None:
            default_names, defaults = _defaults(table, set(columns))
            names = [*(["id"] if with_id else []), *columns, *default_names]
            quote = self.connection.dialect.identifier_preparer.quote
            sql = (
                f"COPY {self._quote(table)} ({', '.join(quote(name) for name in names)}) FROM STDIN"
            )
            json_at = tuple(
                at for at, name in enumerate(columns) if isinstance(table.c[name].type, JSON)
            )
            getter = itemgetter(*columns)
            values: Callable[[Mapping[str, Any]], Any] = (
                getter if len(columns) > 1 else (lambda row: (getter(row),))
            )
            plan = self._plans[key] = _CopyPlan(sql, values, json_at, defaults)
        return plan

    def _quote(self, table: Table) -> str:
        return self.connection.dialect.identifier_preparer.format_table(table)


def _keys(keys: list[str]) -> Any:
    return bindparam("keys", keys, type_=ARRAY(String()))


def _row(
    new_id: int | None, values: tuple[Any, ...], json_at: tuple[int, ...], defaults: tuple[Any, ...]
) -> tuple[Any, ...]:
    if json_at:
        listed = list(values)
        for at in json_at:
            listed[at] = json.dumps(listed[at])
        values = tuple(listed)
    return (*((new_id,) if new_id is not None else ()), *values, *defaults)
