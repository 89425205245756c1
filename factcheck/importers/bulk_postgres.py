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
import queue
import sys
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import partial
from json.encoder import c_make_encoder  # type: ignore[attr-defined]
from json.encoder import encode_basestring_ascii as _ascii
from operator import itemgetter
from typing import Any, cast

import psycopg
from sqlalchemy import (
    ColumnElement,
    Connection,
    RowMapping,
    Table,
    any_,
    bindparam,
    event,
    exc,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.types import JSON, String

# Types (oids) of columns written in binary: text, and the JSON types, whose binary form is
# their text (COPY's binary JSON is not JSONB's).
_TEXT, _VARCHAR = 25, 1043
_AS_TEXT = frozenset({114})

# COPYs waiting to be sent, at most: the rows of a few batches.
_QUEUED = 8

# How long a thread holds the interpreter's lock while another waits for it, at most, as
# long as COPYs are sent (Python's default: 5 ms). The sending thread gives the lock up on
# every write to the socket; at the default it would then wait behind the importer's thread
# for that long each time, and the server with it for the next rows.
_SWITCH_INTERVAL = 0.0002

# Columns given no value take their default: the same for every row of a COPY.
Defaults = Callable[[], tuple[Any, ...]]


# A COPY: its statement, the types (oids) of its columns, and its rows.
_Job = tuple[str, Sequence[int], Sequence[Sequence[Any]]]


@dataclass(frozen=True)
class _CopyPlan:
    sql: str
    types: Sequence[int]
    # The values of a row, in the order of the COPY's columns (without id and defaults).
    values: Callable[[Mapping[str, Any]], Sequence[Any]]
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


class Sender:
    """COPYs sent from a thread of their own, in the order given, so that the server writes
    one batch while the importer reads the next.

    One a connection, for its transaction: every statement the connection runs first waits
    for the COPYs given before it (a listener on the connection), and so does its commit;
    its rollback drops the COPYs not sent yet. A COPY that fails drops those after it, and
    its error is raised by the next wait.
    """

    INFO = "factcheck.copy_sender"

    def __init__(self, connection: Connection, raw: "psycopg.Connection[Any]") -> None:
        self.connection = connection
        self.raw = raw
        self.jobs: queue.Queue[_Job | None] = queue.Queue(_QUEUED)
        self.failure: exc.DBAPIError | None = None
        self.cancelled = False
        self.stopped = False
        self.switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(min(_SWITCH_INTERVAL, self.switch_interval))
        self.thread = threading.Thread(target=self._run, name="factcheck-copy", daemon=True)
        self.thread.start()
        event.listen(connection, "before_cursor_execute", self._before_statement)
        event.listen(connection, "commit", self._before_commit)
        event.listen(connection, "rollback", self._before_rollback)

    @classmethod
    def of(cls, connection: Connection, raw: "psycopg.Connection[Any]") -> "Sender":
        """The connection's sender, started when it has none."""
        sender: Sender | None = connection.info.get(cls.INFO)
        if sender is None:
            sender = connection.info[cls.INFO] = cls(connection, raw)
        return sender

    def send(self, sql: str, types: Sequence[int], rows: Sequence[Sequence[Any]]) -> None:
        """COPY ``rows`` in binary, their columns of the types (oids) ``types``."""
        self.raise_failure()
        self.jobs.put((sql, types, rows))

    def wait(self) -> None:
        """Wait for the COPYs given so far; the error of one that failed."""
        self.jobs.join()
        self.raise_failure()

    def raise_failure(self) -> None:
        if self.failure is not None:
            raise self.failure

    def _run(self) -> None:
        while True:
            job = self.jobs.get()
            try:
                if job is None:
                    return
                if self.failure is None and not self.cancelled:
                    self.failure = copy_rows(self.raw, *job)
            finally:
                self.jobs.task_done()

    def _before_statement(self, *_args: Any) -> None:
        if not self.stopped:
            self.wait()

    def _before_commit(self, _connection: Connection) -> None:
        if not self.stopped:
            self.wait()
            self.stop()

    def _before_rollback(self, _connection: Connection) -> None:
        if not self.stopped:
            self.cancelled = True
            self.jobs.join()
            self.stop()

    def stop(self) -> None:
        """End the thread. The listeners stay (events cannot be removed while they run),
        and do nothing more."""
        if self.stopped:
            return
        self.stopped = True
        self.jobs.put(None)
        self.thread.join()
        sys.setswitchinterval(self.switch_interval)
        if self.connection.info.get(self.INFO) is self:
            del self.connection.info[self.INFO]


def copy_rows(
    raw: "psycopg.Connection[Any]", sql: str, types: Sequence[int], rows: Iterable[Sequence[Any]]
) -> exc.DBAPIError | None:
    """COPY ``rows`` in binary; the error, as SQLAlchemy raises a driver's, when it fails."""
    try:
        with raw.cursor() as cursor, cursor.copy(sql) as copy:
            copy.set_types(types)
            write = copy.write_row
            for row in rows:
                write(row)
    except psycopg.Error as error:
        return cast(exc.DBAPIError, exc.DBAPIError.instance(sql, None, error, psycopg.Error))
    return None


class KeyFilter:
    """The keys noted so far, as a Bloom filter: a key never noted is almost always told
    apart without asking the database, in a fixed amount of memory (16 MiB).

    Each key sets two bits, found from its hash and its section's (Kirsch and Mitzenmacher,
    "Less Hashing, Same Performance", 2006). With a million keys noted, about 1 key in
    2,500 not noted is taken for one that was, and looked up.
    """

    BITS = 1 << 27

    def __init__(self) -> None:
        self.bits = bytearray(self.BITS >> 3)

    def maybe(self, section: str, keys: Iterable[str]) -> list[str]:
        """The keys that may have been noted."""
        bits, mask, salt = self.bits, self.BITS - 1, hash(section)
        found = []
        for key in keys:
            hashed = hash(key) ^ salt
            first, second = hashed & mask, (hashed >> 32) & mask
            if bits[first >> 3] >> (first & 7) & 1 and bits[second >> 3] >> (second & 7) & 1:
                found.append(key)
        return found

    def add(self, section: str, keys: Iterable[str]) -> None:
        bits, mask, salt = self.bits, self.BITS - 1, hash(section)
        for key in keys:
            hashed = hash(key) ^ salt
            first, second = hashed & mask, (hashed >> 32) & mask
            bits[first >> 3] |= 1 << (first & 7)
            bits[second >> 3] |= 1 << (second & 7)


class CopyWriter:
    """The PostgreSQL side of ``bulk.Writer``: COPY for new rows, and lookups that skip
    tables known to hold nothing of the import's."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.raw: psycopg.Connection[Any] = connection.connection.driver_connection  # type: ignore[assignment]
        # Generic plans for statements with long lists of keys are slow: plan every one.
        self.raw.prepare_threshold = None
        self.sender = Sender.of(connection, self.raw)
        # Whether the keys of the file are checked unique across it (set by the importer).
        self.keys_checked = False
        self._empty: dict[str, bool] = {}
        self._sequences: dict[str, str] = {}
        self._plans: dict[tuple[str, bool, str | None, tuple[str, ...]], _CopyPlan] = {}
        # Ids this import took, by table: ranges (first, last), for rows with no children yet.
        self._fresh: dict[str, list[tuple[int, int]]] = {}
        self._seen = KeyFilter()

    # What the database holds.

    def _was_empty(self, table: Table) -> bool:
        """Whether ``table`` held no row when this import first wrote to or read it."""
        empty = self._empty.get(table.name)
        if empty is None:
            (found,) = self._query(f"SELECT NOT EXISTS (SELECT FROM {self._quote(table)})")
            empty = self._empty[table.name] = bool(found[0])
        return empty

    def existing(self, table: Table, keys: Sequence[str]) -> dict[str, RowMapping]:
        """The rows with these import keys; none looked for when the table was empty."""
        if (self.keys_checked and self._was_empty(table)) or not keys:
            return {}
        query = select(table).where(table.c.import_key == any_(_keys(list(keys))))
        rows = self.connection.execute(query).mappings()
        return {row["import_key"]: row for row in rows}

    def keyed(
        self, table: Table, columns: Sequence[ColumnElement[Any]], keys: Sequence[str]
    ) -> list[tuple[Any, ...]]:
        """``columns`` (plain ones: their values as the driver reads them) of the rows with
        these import keys."""
        names = ", ".join(
            self.connection.dialect.identifier_preparer.quote(column.name) for column in columns
        )
        sql = f"SELECT {names} FROM {self._quote(table)} WHERE import_key = ANY(%s)"
        return self._query(sql, (list(keys),))

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
        """The keys among ``keys`` that the table holds, with where they were defined; looked
        for only when the filter says they may be there."""
        maybe = self._seen.maybe(section, keys)
        if not maybe:
            return []
        return self._query(
            f"SELECT import_key, place FROM {table} WHERE section = %s AND import_key = ANY(%s)",
            (section, maybe),
        )

    def note_keys(
        self,
        table: str,
        section: str,
        defined: Mapping[str, Any],
        place: Callable[[str, Any], str],
    ) -> None:
        """Note the keys of ``section`` the piece defines, each with where (``place``)."""
        if defined:
            self._seen.add(section, defined)
            sql = f"COPY {table} (section, import_key, place) FROM STDIN (FORMAT BINARY)"
            rows = [(section, key, place(section, where)) for key, where in defined.items()]
            self.sender.send(sql, (_VARCHAR, _VARCHAR, _TEXT), rows)

    # Writing.

    def insert_rows(self, table: Table, rows: Sequence[Mapping[str, Any]]) -> list[int] | None:
        """COPY ``rows`` with ids taken first; their ids. None when the rows do not all give
        the same columns (the caller inserts them another way)."""
        plan = self._plan(table, _columns(rows), with_id=True)
        if plan is None:
            return None
        ids = self._reserve(table, len(rows))
        values, tail = plan.values, plan.defaults()
        pairs = zip(ids, rows, strict=True)
        self._copy(plan, [(new_id, *values(row), *tail) for new_id, row in pairs])
        self._note_fresh(table.name, ids)
        return ids

    def insert_plain(self, table: Table, rows: Sequence[Mapping[str, Any]]) -> bool:
        """COPY ``rows`` with ids from the column's default; whether it could."""
        plan = self._plan(table, _columns(rows), with_id=False)
        if plan is None:
            return False
        values, tail = plan.values, plan.defaults()
        self._copy(plan, [(*values(row), *tail) for row in rows])
        return True

    def insert_log(self, table: Table, rows: Sequence[tuple[Any, ...]]) -> None:
        """COPY change-log rows ``(user_name, action, object_type, object_id, changes)``,
        ``changes`` a mapping or its JSON text."""
        plan = self._plan(table, _LOG_COLUMNS, with_id=False)
        assert plan is not None
        tail = plan.defaults()
        self._copy(plan, [(*row[:4], log_json(row[4]), *tail) for row in rows])

    def insert_children(
        self, table: Table, parent: str, wanted: Mapping[int, Sequence[Mapping[str, Any]]]
    ) -> bool:
        """COPY the rows listed under each parent (``bulk.Writer.mirror``'s, for parents
        that have none yet); whether it could."""
        listed = [values for rows in wanted.values() for values in rows]
        plan = self._plan(table, _columns(listed), with_id=False, parent=parent)
        if plan is None:
            return not listed
        values, tail = plan.values, plan.defaults()
        rows = [
            (parent_id, *values(row), *tail) for parent_id, rows in wanted.items() for row in rows
        ]
        self._copy(plan, rows)
        return True

    def _copy(self, plan: _CopyPlan, rows: Sequence[Sequence[Any]]) -> None:
        self.sender.send(plan.sql, plan.types, rows)

    def _query(self, sql: str, parameters: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """The rows of a query run on the driver's connection, after the COPYs before it."""
        self.sender.wait()
        try:
            return self.raw.execute(sql, parameters).fetchall()
        except psycopg.Error as error:
            raise exc.DBAPIError.instance(sql, parameters, error, psycopg.Error) from None

    def settle(self) -> None:
        """Wait for the rows given so far to be written; the error of a COPY that failed."""
        self.sender.wait()

    def _reserve(self, table: Table, count: int) -> list[int]:
        """``count`` new ids of ``table``, in order, as its default would have given them."""
        sequence = self._sequences.get(table.name)
        if sequence is None:
            ((found,),) = self._query(
                "SELECT pg_get_serial_sequence(%s, 'id')", (self._quote(table),)
            )
            assert found is not None, table.name
            sequence = self._sequences[table.name] = str(found)
        rows = self._query(
            "SELECT nextval(%s::regclass) FROM generate_series(1, %s)", (sequence, count)
        )
        return [row[0] for row in rows]

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
        self,
        table: Table,
        columns: tuple[str, ...] | None,
        *,
        with_id: bool,
        parent: str | None = None,
    ) -> _CopyPlan | None:
        """How rows giving ``columns`` are copied: with the id first, or the parent's."""
        if not columns:
            return None
        key = (table.name, with_id, parent, columns)
        plan = self._plans.get(key)
        if plan is None:
            default_names, defaults = _defaults(table, {*columns, parent or ""})
            first = ["id"] if with_id else [parent] if parent else []
            names = [*first, *columns, *default_names]
            quote = self.connection.dialect.identifier_preparer.quote
            sql = (
                f"COPY {self._quote(table)} ({', '.join(quote(name) for name in names)})"
                " FROM STDIN (FORMAT BINARY)"
            )
            oids = self._types(table)
            types = [oids[name] for name in names]
            json_at = [
                at for at, name in enumerate(columns) if isinstance(table.c[name].type, JSON)
            ]
            plan = self._plans[key] = _CopyPlan(sql, types, _getter(columns, json_at), defaults)
        return plan

    def _types(self, table: Table) -> dict[str, int]:
        """The type (oid) of each column of ``table``, as the database has it; JSON as text,
        which is its binary form."""
        rows = self._query(
            "SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass"
            " AND attnum > 0 AND NOT attisdropped",
            (self._quote(table),),
        )
        return {name: _TEXT if oid in _AS_TEXT else oid for name, oid in rows}

    def _quote(self, table: Table) -> str:
        return self.connection.dialect.identifier_preparer.format_table(table)


def _iso(value: Any) -> str:
    if isinstance(value, date | time | datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


_LOG_COLUMNS = ("user_name", "action", "object_type", "object_id", "changes")
# The change log's JSON, as ``json.dumps`` writes it after ``changes.log_value``: enums are
# strings already, and dates and times are written in ISO 8601.
_log_encoder = json.JSONEncoder(default=_iso)
# The same, made once (``JSONEncoder.encode`` makes it again at each call): no check for
# circular references (the changes hold none), the separators and escapes of the default.
_c_encoder = (
    c_make_encoder(None, _iso, _ascii, None, ": ", ", ", False, False, True)
    if c_make_encoder is not None
    else None
)


def log_json(changes: Any) -> str:
    """The change log's JSON for ``changes``; text already written as JSON as it is."""
    if isinstance(changes, str):
        return changes
    if _c_encoder is not None:
        return "".join(_c_encoder(changes, 0))
    return _log_encoder.encode(changes)


def _keys(keys: list[str]) -> Any:
    return bindparam("keys", keys, type_=ARRAY(String()))


def _columns(rows: Sequence[Mapping[str, Any]]) -> tuple[str, ...] | None:
    """The columns every row gives, or None when they differ (or there are no rows)."""
    if not rows:
        return None
    columns = tuple(rows[0])
    width = len(columns)
    return columns if all(len(row) == width for row in rows) else None


def _getter(columns: tuple[str, ...], json_at: list[int]) -> Callable[[Mapping[str, Any]], Any]:
    """The values of ``columns`` in a row, JSON columns as their text."""
    if len(columns) == 1:
        (name,) = columns
        if json_at:
            return lambda row: (log_json(row[name]),)
        return lambda row: (row[name],)
    getter = itemgetter(*columns)
    if not json_at:
        return getter

    def values(row: Mapping[str, Any]) -> list[Any]:
        listed = list(getter(row))
        for at in json_at:
            listed[at] = log_json(listed[at])
        return listed

    return values
