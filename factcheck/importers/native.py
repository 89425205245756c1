"""The native interchange format (docs/native-format.md): a YAML or JSON document that
``factcheck export`` writes, read back into the database.

Sections are read in the order their references need (actors before the sources they
publish, claims before their verdicts), a batch of records at a time: each record is
checked field by field, the keys it refers to are looked up for the whole batch at once, and
the rows are written with one statement per table. Everything happens in the caller's
transaction, so an error in any record leaves nothing written once the caller rolls back.
"""

import contextlib
import io
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import Connection, Table, bindparam, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from factcheck.errors import Conflict, FactcheckError, InvalidInput, NotFound
from factcheck.importers import document as documents
from factcheck.importers.bulk import (
    BATCH_SIZE,
    Change,
    SearchIndexing,
    Writer,
    batches,
    table_of,
)
from factcheck.importers.records import Record, RecordError, is_key, kind_of
from factcheck.models import (
    Actor,
    Appearance,
    Claim,
    ClaimLink,
    Correction,
    Evidence,
    Proposition,
    Source,
    Verdict,
)

FORMAT_VERSION = 1
VERSION_FIELD = "factcheck"
SECTIONS = (
    "actors",
    "scales",
    "sources",
    "propositions",
    "claims",
    "links",
    "verdicts",
    "corrections",
)
# The rows the summary counts, in the order it lists them.
TALLIES = (
    "actors",
    "scales",
    "sources",
    "topics",
    "propositions",
    "claims",
    "appearances",
    "evidence",
    "links",
    "verdicts",
    "corrections",
)
# Ids of keys a section keeps from one piece to the next, at most.
KEPT_IDS = BATCH_SIZE
_NATIVE_HEAD = re.compile(r"""^[\s{]*["']?factcheck["']?\s*:""", re.MULTILINE)


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0

    def add(self, status: str, count: int = 1) -> None:
        setattr(self, status, getattr(self, status) + count)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged + self.rejected


@dataclass
class Summary:
    """How many rows of each kind an import created, updated and left as they were."""

    tallies: dict[str, Tally] = field(default_factory=lambda: {name: Tally() for name in TALLIES})

    def __getitem__(self, name: str) -> Tally:
        return self.tallies[name]

    @property
    def changed(self) -> bool:
        return any(tally.created or tally.updated for tally in self.tallies.values())

    @property
    def rejected(self) -> int:
        return sum(tally.rejected for tally in self.tallies.values())

    def copy(self) -> "Summary":
        return Summary({name: replace(tally) for name, tally in self.tallies.items()})

    def lines(self, *, rejected: bool = False) -> list[str]:
        """One line for each kind of row the file held; with ``rejected``, how many records
        of each kind were left out too."""
        return [
            f"{name}: {tally.created} created, {tally.updated} updated, {tally.unchanged} unchanged"
            + (f", {tally.rejected} rejected" if rejected else "")
            for name, tally in self.tallies.items()
            if tally.total
        ]


class KeyIndex:
    """The keys of one section: where the file defines them, and the ids of their rows."""

    def __init__(self, table: Table, noun: str, *, also: str | None = None) -> None:
        self.table = table
        self.noun = noun
        # Where the file defines each key: an index, or (claim, index) for nested records.
        self.defined: dict[str, Any] = {}
        self.ids: dict[str, int] = {}
        # One more column of each row found (a verdict's claim), by id.
        self.also_column = also
        self.also: dict[int, Any] = {}
        # Keys of records left out (--skip-invalid): why, for the records that refer to them.
        self.rejected: dict[str, str] = {}

    def forget(self, *, beyond: int = 0) -> None:
        """Drop the ids looked up so far, or only once there are more than ``beyond``: they
        are fetched again when needed."""
        if len(self.ids) > beyond:
            self.ids.clear()
            self.also.clear()

    def fetch(self, context: "Context", keys: Iterable[str]) -> None:
        """Look up, in one query a batch, the rows of the keys not known yet."""
        missing = sorted({key for key in keys if key not in self.ids})
        columns = [self.table.c.id, self.table.c.import_key]
        if self.also_column:
            columns.append(self.table.c[self.also_column])
        for start in range(0, len(missing), BATCH_SIZE):
            chunk = missing[start : start + BATCH_SIZE]
            for row in context.writer.keyed(self.table, columns, chunk):
                self.ids[row[1]] = row[0]
                if self.also_column:
                    self.also[row[0]] = row[2]

    def add(self, key: str, row_id: int, also: Any = None) -> None:
        self.ids[key] = row_id
        if self.also_column:
            self.also[row_id] = also

    def resolve(self, record: Record, field_name: str, key: str) -> int:
        """The id of ``key``, fetched before; an error naming the field when it is unknown."""
        found = self.ids.get(key)
        if found is None:
            rejected = self.rejected.get(key)
            if rejected is not None:
                record.fail(
                    field_name,
                    f"{field_name} {key!r} is the key of a rejected {self.noun}: {rejected}",
                    error_class=NotFound,
                )
            record.fail(
                field_name,
                f"{field_name} {key!r} is not the key of any {self.noun}",
                f"define it in the file or import it first; {self.noun} keys are case-sensitive",
                error_class=NotFound,
            )
        return found

    def maybe(self, record: Record, field_name: str, key: str | None) -> int | None:
        return None if key is None else self.resolve(record, field_name, key)


@dataclass
class Parsed:
    """A record read from the file: the columns of its row, and the keys it refers to."""

    record: Record
    key: str
    values: dict[str, Any]
    # column -> (field, section, key); the id of the key becomes the column's value.
    refs: dict[str, tuple[str, str, str | None]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Context:
    """What the sections of one import share."""

    document: documents.Piece
    writer: Writer
    session: Session
    summary: Summary = field(default_factory=Summary)
    keys: dict[str, KeyIndex] = field(default_factory=dict)
    # Topic slug -> id, for the topics this import has met.
    topics: dict[str, int] = field(default_factory=dict)
    # What a section's records must know of the records before them, across pieces.
    memo: dict[str, Any] = field(default_factory=dict)
    # Records left out (--skip-invalid): (section, number in the file).
    skipped: set[tuple[str, int]] = field(default_factory=set)
    # The keys earlier pieces of the file defined (pieces of one document only).
    seen: "SeenKeys | None" = None

    def __post_init__(self) -> None:
        tables = (
            ("actors", Actor, "actor", None),
            ("sources", Source, "source", None),
            ("propositions", Proposition, "proposition", None),
            ("claims", Claim, "claim", None),
            ("appearances", Appearance, "appearance", None),
            ("evidence", Evidence, "evidence", None),
            ("links", ClaimLink, "link", None),
            ("verdicts", Verdict, "verdict", "claim_id"),
            ("corrections", Correction, "correction", None),
        )
        for name, model, noun, also in tables:
            self.keys[name] = KeyIndex(table_of(model), noun, also=also)

    def section(self, name: str) -> list[Any]:
        """The records of a section; none when it is missing or null."""
        records: list[Any] = self.document.data.get(name) or []
        return records

    def offset(self, section: str) -> int:
        """The number in the file of the piece's first record of ``section``."""
        offsets: dict[str, int] | None = getattr(self.document, "offsets", None)
        return offsets.get(section, 0) if offsets else 0

    def numbered(self, section: str) -> Iterator[tuple[int, Any]]:
        """The records of a section with their numbers in the file, the skipped ones left out."""
        offset = self.offset(section)
        for index, value in enumerate(self.section(section)):
            if not self.skipped or (section, offset + index) not in self.skipped:
                yield offset + index, value

    def record(self, section: str, number: int, value: Any, *, key: str = "key") -> Record:
        return Record.at(value, (section, number), f"{section}[{number}]", key=key)

    def records(self, section: str, *, key: str = "key") -> Iterator[list[Record]]:
        """The records of a section, a batch at a time."""
        numbered = list(self.numbered(section))
        for batch in batches(numbered):
            yield [self.record(section, number, value, key=key) for number, value in batch]

    def undo(self) -> None:
        """Forget what the piece being imported did, its savepoint rolled back: the keys
        it defined, and the ids looked up (some may be of rows no longer there)."""
        for index in self.keys.values():
            index.defined.clear()
            index.forget()
        self.topics.clear()
        self.writer.discard_log()
        self.session.expire_all()

    def resolve(self, items: Sequence[Parsed]) -> None:
        """Look the keys a batch refers to up together, then put their ids in the values."""
        wanted: dict[str, set[str]] = {}
        for item in items:
            for _field, section, key in item.refs.values():
                if key is not None:
                    wanted.setdefault(section, set()).add(key)
        for section, keys in wanted.items():
            self.keys[section].fetch(self, keys)
        for item in items:
            for column, (field_name, section, key) in item.refs.items():
                item.values[column] = self.keys[section].maybe(item.record, field_name, key)

    def write(
        self,
        table: Table,
        section: str,
        items: Sequence[Parsed],
        *,
        before: Callable[[list[Change]], None] | None = None,
    ) -> list[Change]:
        """Insert or update the rows of ``items`` and note their keys' ids; ``before`` may add
        to the changes (what the change log records) before they are written. Returns the
        changes, their ids set."""
        changes = self.writer.plan(table, [(item.key, item.values) for item in items])
        if before is not None:
            before(changes)
        self.writer.apply(table, changes)
        index = self.keys.get(section)
        if index is not None:
            for change in changes:
                index.add(change.key, change.row_id, change.values.get(index.also_column or ""))
        return changes

    def count(self, section: str, changes: Iterable[Change]) -> None:
        tally = self.summary[section]
        for status, count in Counter(change.status for change in changes).items():
            tally.add(status, count)


def sniff(name: str, text: str) -> bool:
    """Whether a file looks like the native format: YAML by its name, or a document whose
    first lines hold the ``factcheck`` version field."""
    if Path(name).suffix.lower() in (".yaml", ".yml"):
        return True
    return bool(_NATIVE_HEAD.search(text[:4096]))


def pieces(name: str, stream: TextIO) -> Iterator[documents.Piece]:
    """The document in ``stream``, a batch of one section's records at a time."""
    from factcheck.importers.native_stream import read_pieces

    return read_pieces(name, stream, size=BATCH_SIZE)


def import_text(session: Session, name: str, text: str) -> Summary:
    """Import a document in the native format; ``name`` is how errors refer to it."""
    importer = Importer(session, shared=True)
    try:
        for piece in pieces(name, io.StringIO(text)):
            importer.add(piece)
    except BaseException:
        importer.abandon()
        raise
    return importer.finish()


def import_file(session: Session, path: Path) -> Summary:
    name = str(path)
    return import_text(session, name, documents.decode(documents.read_bytes(path, name), name))


def import_document(
    session: Session, document: documents.Piece, *, summary: Summary | None = None
) -> Summary:
    """Write what ``document`` holds; a ``FactcheckError`` naming the file, the record, the
    field and, where it can, the line, when something in it is wrong. The counts go to
    ``summary`` when given (one summary for the pieces of a file), else to a new one."""
    importer = Importer(session, shared=False, summary=summary)
    try:
        importer.add(document)
    except BaseException:
        importer.abandon()
        raise
    return importer.finish()


@dataclass(frozen=True)
class Rejection:
    """A record left out of an import (``--skip-invalid``), and why."""

    file: str
    place: str
    record: str
    field: str | None
    error: str
    hint: str | None
    data: Any

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": _line_of(self.place),
            "record": self.record,
            "field": self.field,
            "error": self.error,
            "hint": self.hint,
            "data": self.data,
        }


def _line_of(place: str) -> int | None:
    head, _colon, tail = place.rpartition(":")
    return int(tail) if head and tail.isdigit() else None


def scratch_table(connection: Connection, name: str, columns: str) -> None:
    """An empty temporary table of the import's connection, of ``columns`` (its primary key
    among them): on SQLite one B-tree, not a table and its key's index (SQLite docs,
    "WITHOUT ROWID")."""
    rowid = " WITHOUT ROWID" if connection.dialect.name == "sqlite" else ""
    connection.exec_driver_sql(f"CREATE TEMPORARY TABLE IF NOT EXISTS {name} ({columns}){rowid}")
    # Left from an earlier import on the same connection.
    connection.exec_driver_sql(f"DELETE FROM {name}")


class SeenKeys:
    """The keys the earlier pieces of a file defined, kept in a temporary table of the
    import's connection rather than in memory, to find a key given twice in a long file."""

    TABLE = "factcheck_import_keys"

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.sqlite = connection.dialect.name == "sqlite"
        scratch_table(
            connection,
            self.TABLE,
            "section VARCHAR(20) NOT NULL, import_key VARCHAR(200) NOT NULL,"
            " place TEXT NOT NULL, PRIMARY KEY (section, import_key)",
        )
        self.find = text(
            f"SELECT import_key, place FROM {self.TABLE}"
            " WHERE section = :section AND import_key IN :keys"
        ).bindparams(bindparam("keys", expanding=True))
        # A key noted already is left as it was: what ``check`` looks for.
        self.insert = text(
            f"INSERT INTO {self.TABLE} (section, import_key, place)"
            " VALUES (:section, :import_key, :place) ON CONFLICT DO NOTHING"
        )
        self.insert_sqlite = (
            f"INSERT INTO {self.TABLE} (section, import_key, place)"
            " VALUES (?, ?, ?) ON CONFLICT DO NOTHING"
        )

    def check(self, context: Context) -> None:
        """Note the keys of the piece; an error for one that an earlier piece defined.

        The keys are noted first, and looked up only when fewer were new than given (in
        the usual case, never); a key then noted at another place is defined twice. On
        PostgreSQL, they are looked up first, then copied in (bulk_postgres)."""
        copier = context.writer.copier
        if copier is not None:
            for section, index in context.keys.items():
                for key, place in copier.seen_keys(self.TABLE, section, list(index.defined)):
                    record = _defining_record(context, section, index.defined[key])
                    record.fail("key", f"key {key!r} is also used by {place}", error_class=Conflict)
                copier.note_keys(self.TABLE, section, index.defined, _place)
            return
        rows = [
            (section, key, _place(section, where))
            for section, index in context.keys.items()
            for key, where in index.defined.items()
        ]
        if self.added(rows) == len(rows) and self.connection.dialect.supports_sane_multi_rowcount:
            return
        for section, index in context.keys.items():
            keys = list(index.defined)
            for start in range(0, len(keys), BATCH_SIZE):
                chunk = keys[start : start + BATCH_SIZE]
                parameters = {"section": section, "keys": chunk}
                for key, place in self.connection.execute(self.find, parameters):
                    if place == _place(section, index.defined[key]):
                        continue
                    record = _defining_record(context, section, index.defined[key])
                    record.fail("key", f"key {key!r} is also used by {place}", error_class=Conflict)

    def added(self, rows: Sequence[tuple[str, str, str]]) -> int:
        """Note ``(section, key, place)`` rows; how many were new."""
        added = 0
        for start in range(0, len(rows), BATCH_SIZE):
            chunk = rows[start : start + BATCH_SIZE]
            if self.sqlite:
                # The driver's executemany, without working out each row's parameters.
                result = self.connection.exec_driver_sql(self.insert_sqlite, chunk)
            else:
                names = ("section", "import_key", "place")
                result = self.connection.execute(
                    self.insert, [dict(zip(names, row, strict=True)) for row in chunk]
                )
            added += result.rowcount
        return added


def _defining_record(context: Context, section: str, where: Any) -> Record:
    """The record of the piece defined at ``where``."""
    if isinstance(where, tuple):
        number, position = where
        value = context.section("claims")[number - context.offset("claims")]
        claim = context.record("claims", number, value)
        return claim.children(section)[position]
    value = context.section(section)[where - context.offset(section)]
    return context.record(section, where, value)


class Importer:
    """The pieces of one file, imported one after another into the session's transaction.

    With ``shared``, the pieces are parts of one document (the native format read a batch
    at a time): what one piece defines, a later one may refer to, and a key may be defined
    once in the whole file. Otherwise each piece is a document of its own (a record of
    another format, with the records it needs).

    With ``on_reject``, a wrong record does not stop the import: each piece is written
    under a savepoint, and a record that fails is left out, given to ``on_reject``, and its
    piece written again without it; records that refer to it then fail in turn, saying so.
    """

    def __init__(
        self,
        session: Session,
        *,
        shared: bool,
        summary: Summary | None = None,
        on_reject: Callable[[Rejection], None] | None = None,
    ) -> None:
        self.session = session
        self.shared = shared
        self.summary = summary or Summary()
        self.on_reject = on_reject
        self.context: Context | None = None
        # Section -> rejected key -> where the record was, for every context of the file.
        self.rejected: dict[str, dict[str, str]] = {}
        self.search: SearchIndexing | None = None

    def _search(self) -> SearchIndexing:
        """The search index's upkeep for the whole import, begun with its first piece (in
        the transaction, outside any piece's savepoint)."""
        if self.search is None:
            self.session.flush()
            self.search = SearchIndexing(self.session.connection())
        return self.search

    def _context(self, piece: documents.Piece) -> Context:
        context = self.context
        if context is None or not self.shared:
            writer = Writer(self.session, search=self._search())
            context = Context(piece, writer, self.session, self.summary)
            for section, index in context.keys.items():
                index.rejected = self.rejected.setdefault(section, {})
            if self.shared:
                context.seen = SeenKeys(context.writer.connection)
                # Keys are given once in the file (``seen`` sees to it).
                writer.note_fresh(index.table for index in context.keys.values())
                if writer.copier is not None:
                    writer.copier.keys_checked = True
            self.context = context
        else:
            context.document = piece
            context.skipped = set()
            # Keys earlier pieces defined are in ``seen``; ids looked up for them are fetched
            # again when needed, but for a few (the speakers most claims name): memory stays
            # flat however long the file.
            for index in context.keys.values():
                index.defined.clear()
                index.forget(beyond=KEPT_IDS)
        return context

    def add(self, piece: documents.Piece) -> None:
        context = self._context(piece)
        if self.on_reject is None:
            try:
                _import_piece(context)
            except RecordError as error:
                # Rows of earlier records still being written may have failed first.
                context.writer.settle()
                raise _located(piece, error) from None
            return
        while True:
            before = self.summary.copy()
            savepoint = self.session.begin_nested()
            # The SAVEPOINT is emitted when the session next asks for its connection; the
            # writer uses that connection directly, so ask now.
            self.session.connection()
            try:
                _import_piece(context)
            except RecordError as error:
                savepoint.rollback()
                self.summary.tallies.clear()
                self.summary.tallies.update(before.tallies)
                context.undo()
                self._reject(context, piece, error)
                continue
            savepoint.commit()
            return

    def _reject(self, context: Context, piece: documents.Piece, error: RecordError) -> None:
        path = error.path
        if len(path) < 2 or not isinstance(path[0], str) or not isinstance(path[1], int):
            raise _located(piece, error)
        section, number = path[0], path[1]
        records = piece.data.get(section) if isinstance(piece.data, dict) else None
        local = number - context.offset(section)
        if not isinstance(records, list) or not 0 <= local < len(records):
            raise _located(piece, error)
        context.skipped.add((section, number))
        value = records[local]
        place = piece.where(path)
        own = (
            value.get("slug" if section == "scales" else "key") if isinstance(value, dict) else None
        )
        label = error.where.split(": ", 1)[0]
        if isinstance(own, str) and is_key(own) and section in context.keys:
            context.keys[section].rejected[own] = f"{piece.where(path[:2])}: {label}"
        if section in self.summary.tallies:
            self.summary[section].add("rejected")
        assert self.on_reject is not None
        cause = error.error
        field_name = next((step for step in reversed(path) if isinstance(step, str)), None)
        self.on_reject(
            Rejection(
                file=piece.name,
                place=place,
                record=error.where,
                field=field_name if len(path) > 2 else None,
                error=cause.message,
                hint=cause.hint,
                data=value,
            )
        )

    def refuse(self, name: str, invalid: documents.Invalid) -> None:
        """A record of the file ``name`` that the format's reader could not read: the end of
        the import, or with ``on_reject`` a record left out."""
        if self.on_reject is None:
            raise invalid.error
        if invalid.section in self.summary.tallies:
            self.summary[invalid.section].add("rejected")
        cause = invalid.error
        self.on_reject(
            Rejection(
                file=name,
                place=invalid.place,
                record=invalid.place,
                field=None,
                error=cause.message,
                hint=cause.hint,
                data=invalid.data,
            )
        )

    def settle(self) -> None:
        """Wait for the rows still being written; the error of one that failed."""
        if self.context is not None:
            self.context.writer.settle()

    def finish(self) -> Summary:
        self.settle()
        if self.search is not None:
            self.search.restore()
        # Rows changed under the ORM's feet: objects it holds must be read again.
        self.session.expire_all()
        return self.summary

    def abandon(self) -> None:
        """The import failed: put the search index's triggers back, so that a caller that
        goes on in the same transaction instead of rolling back keeps its index in step.
        A connection too broken for that is rolled back by its owner, triggers and all."""
        if self.search is not None:
            with contextlib.suppress(SQLAlchemyError):
                self.search.restore()


def _import_piece(context: Context) -> None:
    from factcheck.importers import native_actors, native_claims, native_reviews, native_sources

    steps: list[tuple[str, Callable[[Context], None]]] = [
        ("actors", native_actors.import_actors),
        ("scales", native_reviews.import_scales),
        ("sources", native_sources.import_sources),
        ("propositions", native_sources.import_propositions),
        ("claims", native_claims.import_claims),
        ("links", native_claims.import_links),
        ("verdicts", native_reviews.import_verdicts),
        ("corrections", native_reviews.import_corrections),
    ]
    _check_top(context.document)
    _scan_keys(context)
    for section, step in steps:
        if context.section(section):
            step(context)
            context.writer.flush_log()


def _located(document: documents.Piece, error: RecordError) -> FactcheckError:
    cause = error.error
    return type(cause)(f"{document.where(error.path)}: {error.where}: {cause.message}", cause.hint)


def _check_top(document: documents.Piece) -> None:
    data = document.data
    if not isinstance(data, dict):
        raise InvalidInput(
            f"{document.name}: the document is {kind_of(data)}, not a mapping of sections",
            "see docs/native-format.md",
        )
    version = data.get(VERSION_FIELD)
    if version is None:
        raise InvalidInput(
            f"{document.name}: the format version is missing",
            f"start the file with: {VERSION_FIELD}: {FORMAT_VERSION}",
        )
    if version != FORMAT_VERSION or isinstance(version, bool):
        raise InvalidInput(
            f"{document.where([VERSION_FIELD])}: format version {version!r} is not supported",
            f"this program reads version {FORMAT_VERSION}",
        )
    for name, value in data.items():
        if name != VERSION_FIELD and name not in SECTIONS:
            raise InvalidInput(
                f"{document.where([name])}: unknown section {name!r}",
                "sections: " + ", ".join(SECTIONS),
            )
        if name in SECTIONS and value is not None and not isinstance(value, list):
            raise InvalidInput(
                f"{document.where([name])}: {name} must be a list of records, not {kind_of(value)}"
            )


def _scan_keys(context: Context) -> None:
    """Every key the piece defines, so that records can refer to records further on; an
    error for a key defined twice."""
    keyed = ("actors", "sources", "propositions", "claims", "links", "verdicts", "corrections")
    for section in keyed:
        index = context.keys[section]
        for number, value in context.numbered(section):
            key = value.get("key") if isinstance(value, dict) else None
            if isinstance(key, str) and is_key(key) and key not in index.defined:
                # The usual case, without a record's cost (its checks run again on import).
                index.defined[key] = number
                continue
            record = context.record(section, number, value)
            _define(context, section, record, record.key(), number)
    for number, value in context.numbered("claims"):
        if not (isinstance(value, dict) and ("appearances" in value or "evidence" in value)):
            continue
        claim = context.record("claims", number, value)
        for nested in ("appearances", "evidence"):
            for position, child in enumerate(claim.children(nested)):
                _define(context, nested, child, child.key(), (number, position))
    if context.seen is not None:
        context.seen.check(context)


def _place(section: str, where: Any) -> str:
    """How a message names the record defined at ``where`` (a number, or a claim's and a
    position in its list)."""
    if isinstance(where, tuple):
        return f"claims[{where[0]}]: {section}[{where[1]}]"
    return f"{section}[{where}]"


def _define(context: Context, section: str, record: Record, key: str, where: Any) -> None:
    index = context.keys[section]
    if key in index.defined:
        place = _place(section, index.defined[key])
        record.fail("key", f"key {key!r} is also used by {place}", error_class=Conflict)
    index.defined[key] = where
