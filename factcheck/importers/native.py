"""The native interchange format (docs/native-format.md): a YAML or JSON document that
``factcheck export`` writes, read back into the database.

Sections are read in the order their references need (actors before the sources they
publish, claims before their verdicts), a batch of records at a time: each record is
checked field by field, the keys it refers to are looked up for the whole batch at once, and
the rows are written with one statement per table. Everything happens in the caller's
transaction, so an error in any record leaves nothing written once the caller rolls back.
"""

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from factcheck.errors import Conflict, FactcheckError, InvalidInput, NotFound
from factcheck.importers import document as documents
from factcheck.importers.bulk import BATCH_SIZE, Change, Writer, table_of
from factcheck.importers.records import Record, RecordError, kind_of
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
_NATIVE_HEAD = re.compile(r"""^[\s{]*["']?factcheck["']?\s*:""", re.MULTILINE)


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, status: str, count: int = 1) -> None:
        setattr(self, status, getattr(self, status) + count)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class Summary:
    """How many rows of each kind an import created, updated and left as they were."""

    tallies: dict[str, Tally] = field(default_factory=lambda: {name: Tally() for name in TALLIES})

    def __getitem__(self, name: str) -> Tally:
        return self.tallies[name]

    @property
    def changed(self) -> bool:
        return any(tally.created or tally.updated for tally in self.tallies.values())

    def lines(self) -> list[str]:
        """One line for each kind of row the file held."""
        return [
            f"{name}: {tally.created} created, {tally.updated} updated, {tally.unchanged} unchanged"
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

    def fetch(self, context: "Context", keys: Iterable[str]) -> None:
        """Look up, in one query a batch, the rows of the keys not known yet."""
        missing = sorted({key for key in keys if key not in self.ids})
        columns = [self.table.c.id, self.table.c.import_key]
        if self.also_column:
            columns.append(self.table.c[self.also_column])
        for start in range(0, len(missing), BATCH_SIZE):
            chunk = missing[start : start + BATCH_SIZE]
            query = select(*columns).where(self.table.c.import_key.in_(chunk))
            for row in context.writer.connection.execute(query):
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

    def record(self, section: str, index: int, value: Any, *, key: str = "key") -> Record:
        return Record.at(value, (section, index), f"{section}[{index}]", key=key)

    def records(self, section: str, *, key: str = "key") -> Iterator[list[Record]]:
        """The records of a section, a batch at a time."""
        values = self.section(section)
        for start in range(0, len(values), BATCH_SIZE):
            yield [
                self.record(section, index, values[index], key=key)
                for index in range(start, min(start + BATCH_SIZE, len(values)))
            ]

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
        for change in changes:
            self.summary[section].add(change.status)


def sniff(name: str, text: str) -> bool:
    """Whether a file looks like the native format: YAML by its name, or a document whose
    first lines hold the ``factcheck`` version field."""
    if Path(name).suffix.lower() in (".yaml", ".yml"):
        return True
    return bool(_NATIVE_HEAD.search(text[:4096]))


def import_text(session: Session, name: str, text: str) -> Summary:
    """Import a document in the native format; ``name`` is how errors refer to it."""
    document = documents.parse(name, text, documents.syntax_of(name, text))
    return import_document(session, document)


def import_file(session: Session, path: Path) -> Summary:
    name = str(path)
    return import_text(session, name, documents.decode(documents.read_bytes(path, name), name))


def import_document(
    session: Session, document: documents.Piece, *, summary: Summary | None = None
) -> Summary:
    """Write what ``document`` holds; a ``FactcheckError`` naming the file, the record, the
    field and, where it can, the line, when something in it is wrong. The counts go to
    ``summary`` when given (one summary for the pieces of a file), else to a new one."""
    from factcheck.importers import native_actors, native_claims, native_reviews, native_sources

    context = Context(document, Writer(session), session, summary or Summary())
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
    try:
        _check_top(document)
        _scan_keys(context)
        for section, step in steps:
            if context.section(section):
                step(context)
                context.writer.flush_log()
    except RecordError as error:
        raise _located(document, error) from None
    # Rows changed under the ORM's feet: objects it holds must be read again.
    session.expire_all()
    return context.summary


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
    """Every key the file defines, so that records can refer to records further on; an
    error for a key defined twice."""
    keyed = ("actors", "sources", "propositions", "claims", "links", "verdicts", "corrections")
    for section in keyed:
        for index, value in enumerate(context.section(section)):
            record = context.record(section, index, value)
            _define(context.keys[section], section, record, record.key(), index)
    for index, value in enumerate(context.section("claims")):
        claim = context.record("claims", index, value)
        for nested in ("appearances", "evidence"):
            for position, child in enumerate(claim.children(nested)):
                _define(context.keys[nested], nested, child, child.key(), (index, position))


def _define(index: KeyIndex, section: str, record: Record, key: str, where: Any) -> None:
    if key in index.defined:
        first = index.defined[key]
        place = (
            f"claims[{first[0]}]: {section}[{first[1]}]"
            if isinstance(first, tuple)
            else f"{section}[{first}]"
        )
        record.fail("key", f"key {key!r} is also used by {place}", error_class=Conflict)
    index.defined[key] = where
