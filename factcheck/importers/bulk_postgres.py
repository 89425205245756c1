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
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import partial
from operator import itemgetter
from typing import Any, cast

import psycopg
from sqlalchemy import Connection, RowMapping, Table, any_, bindparam, event, exc, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.types import JSON, String

# COPYs waiting to be sent, at most: the rows of a few batches.
_QUEUED = 8

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
        self.jobs: queue.Queue[tuple[str, list[Sequence[Any]]] | None] = queue.Queue(_QUEUED)
        self.failure: exc.DBAPIError | None = None
        self.cancelled = False
        self.stopped = False
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

    def send(self, sql: str, rows: list[Sequence[Any]]) -> None:
        self.raise_failure()
        self.jobs.put((sql, rows))

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
                    sql, rows = job
                    self.failure = copy_rows(self.raw, sql, rows)
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
        if self.connection.info.get(self.INFO) is self:
            del self.connection.info[self.INFO]


def copy_rows(
    raw: "psycopg.Connection[Any]", sql: str, rows: Iterable[Sequence[Any]]
) -> exc.DBAPIError | None:
    """COPY ``rows``; the error, as SQLAlchemy raises a driver's, when it fails."""
    try:
        with raw.cursor() as cursor, cursor.copy(sql) as copy:
            write = copy.write_row
            for row in rows:
                write(row)
    except psycopg.Error as error:
        return cast(exc.DBAPIError, exc.DBAPIError.instance(sql, None, error, psycopg.Error))
    return None


class KeyFilter:
    """The keys noted so far, as a Bloom filter: a key never noted is almost always told
    apart without asking the database, in a fixed amount of memory.

    Each key sets ``PROBES`` bits, found from its hash (Kirsch and Mitzenmacher, "Less
    Hashing, Same Performance", 2006). With a million keys noted, about 1 key in 30,000 not
    noted is taken for one that was (and looked up).
    """

    BITS = 1 << 26
    PROBES = 4

    def __init__(self) -> None:
        self.bits = bytearray(self.BITS >> 3)

    def _spots(self, section: str, key: str) -> list[int]:
        hashed = hash((section, key))
        first, step = hashed & 0xFFFFFFFF, (hashed >> 32) | 1
        mask = self.BITS - 1
        return [(first + probe * step) & mask for probe in range(self.PROBES)]

    def maybe(self, section: str, keys: Iterable[str]) -> list[str]:
        """The keys that may have been noted."""
        bits = self.bits
        return [
            key
            for key in keys
            if all(bits[spot >> 3] >> (spot & 7) & 1 for spot in self._spots(section, key))
        ]

    def add(self, rows: Iterable[Mapping[str, str]]) -> None:
        bits = self.bits
        for row in rows:
            for spot in self._spots(row["section"], row["import_key"]):
                bits[spot >> 3] |= 1 << (spot & 7)


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
        self._plans: dict[tuple[str, tuple[str, ...]], _CopyPlan] = {}
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

    def note_keys(self, table: str, rows: Sequence[Mapping[str, str]]) -> None:
        if rows:
            self._seen.add(rows)
            sql = f"COPY {table} (section, import_key, place) FROM STDIN"
            self._copy(sql, (itemgetter("section", "import_key", "place")(row) for row in rows))

    # Writing.

    @staticmethod
    def inserted(values: Mapping[str, Any]) -> dict[str, list[Any]]:
        """What the change log records of a new row: as ``bulk.Writer.inserted``, the values
        left as they are (the log's JSON is written by ``log_json``, which converts them)."""
        return {
            name: [None, value]
            for name, value in values.items()
            if value is not None and name not in _UNLOGGED
        }

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
        self.sender.send(sql, list(rows))

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


_UNLOGGED = frozenset({"id", "created_at", "updated_at"})
# The change log's JSON, as ``json.dumps`` writes it after ``bulk.log_value``: enums are
# strings already, and dates and times are written in ISO 8601.
_log_encoder = json.JSONEncoder(default=lambda value: _iso(value))


def _iso(value: Any) -> str:
    if isinstance(value, date | time | datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def log_json(changes: Any) -> str:
    return _log_encoder.encode(changes)


def _keys(keys: list[str]) -> Any:
    return bindparam("keys", keys, type_=ARRAY(String()))


def _row(
    new_id: int | None, values: tuple[Any, ...], json_at: tuple[int, ...], defaults: tuple[Any, ...]
) -> tuple[Any, ...]:
    if json_at:
        listed = list(values)
        for at in json_at:
            listed[at] = log_json(listed[at])
        values = tuple(listed)
    return (*((new_id,) if new_id is not None else ()), *values, *defaults)
