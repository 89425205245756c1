"""The LIAR dataset's layout (docs/liar.md): PolitiFact statements, one a line, in 14
tab-separated columns and no header.

Each row becomes a claim, its speaker an actor, its label a verdict by PolitiFact on the
``politifact`` scale; the rows are handed to the native importer in pieces in the native
format's shape, so that import keys (``liar:<statement id>``) make a second import change
nothing and one bad row leaves nothing written.

The file is read twice, a row at a time: first to check every row and gather each
speaker's job titles, states and parties (an actor's affiliations are written whole, so they
must be known before the actor's first piece), then to build the pieces. Only per-speaker
facts and the statement ids are held in memory, never the rows.
"""

import functools
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, TextIO

from factcheck.errors import InvalidInput
from factcheck.importers.document import Invalid, Path_, Piece
from factcheck.importers.records import is_key
from factcheck.services.lookup import topic_name
from factcheck.services.text import (
    MAX_NAME_LENGTH,
    MAX_TEXT_LENGTH,
    clean_optional,
    clean_text,
    normalize_key,
    slugify,
)

COLUMNS = (
    "id",
    "label",
    "statement",
    "subjects",
    "speaker",
    "job_title",
    "state",
    "party",
    "barely_true_count",
    "false_count",
    "half_true_count",
    "mostly_true_count",
    "pants_on_fire_count",
    "context",
)
COUNTS = COLUMNS[8:13]
# The labels of the dataset; each is a label or an alias of a level of the PolitiFact scale
# (seeded by migration 0002: ``barely-true`` is Mostly False, ``pants-fire`` Pants on Fire).
LABELS = ("true", "mostly-true", "half-true", "barely-true", "false", "pants-fire")
SCALE = "politifact"
# Rows a piece holds: each piece is checked and written as one batch.
PIECE_ROWS = 1000

KEY_PREFIX = "liar:"
REVIEWER_KEY = "liar:politifact"
UNKNOWN_SPEAKER_KEY = "liar:unknown-speaker"
# Readable names of the parties met most; others are spelt from the dataset's value.
PARTY_NAMES = {"democrat": "Democratic Party", "republican": "Republican Party"}
NO_PARTY = "none"
_WHOLE_NUMBER = re.compile(r"[0-9]+")
# The same few subjects, titles, states and parties come back row after row.
_key = functools.lru_cache(maxsize=4096)(normalize_key)
_slug = functools.lru_cache(maxsize=4096)(slugify)
_topic = functools.lru_cache(maxsize=4096)(topic_name)


def sniff(name: str, head: str) -> bool:
    """A ``.tsv`` file, or text whose first line has the 14 columns and a known label."""
    if Path(name).suffix.lower() == ".tsv":
        return True
    first = head.split("\n", 1)[0].rstrip("\r").split("\t")
    return len(first) == len(COLUMNS) and first[1].strip().lower() in LABELS


@dataclass(frozen=True)
class Row:
    """A row of the file, checked."""

    line: int
    id: str
    label: str
    statement: str
    subjects: list[str]
    speaker: str
    job_title: str
    state: str
    party: str
    context: str

    @property
    def key(self) -> str:
        return KEY_PREFIX + self.id

    @property
    def speaker_key(self) -> str:
        return f"{KEY_PREFIX}speaker:{self.speaker}" if self.speaker else UNKNOWN_SPEAKER_KEY


@dataclass(frozen=True)
class Organization:
    """A state or a party that speakers are affiliated with, as an actor."""

    key: str
    name: str
    alias: str | None


@dataclass
class Speaker:
    """What the rows of the whole file say of one speaker: their affiliations, in the order
    first met, each once."""

    roles: dict[str, str] = field(default_factory=dict)
    organizations: dict[str, Organization] = field(default_factory=dict)

    def add(self, row: Row) -> None:
        if row.job_title:
            self.roles.setdefault(_key(row.job_title) or row.job_title, row.job_title)
        for organization in _organizations(row):
            self.organizations.setdefault(organization.key, organization)

    def affiliations(self) -> list[dict[str, Any]]:
        return [{"role": role} for role in self.roles.values()] + [
            {"organization": key} for key in self.organizations
        ]


@dataclass(frozen=True)
class LiarPiece:
    """Rows of the file in the native format's shape, with the line each record came from."""

    name: str
    data: dict[str, Any]
    lines: dict[str, list[int]]

    def where(self, path: Path_) -> str:
        if len(path) >= 2 and isinstance(path[1], int):
            lines = self.lines.get(str(path[0]), [])
            if 0 <= path[1] < len(lines):
                return f"{self.name}:{lines[path[1]]}"
        return self.name


def pieces(name: str, stream: TextIO) -> Iterator[Piece | Invalid]:
    """The file read as pieces of ``PIECE_ROWS`` rows, after an ``Invalid`` naming the line
    and the column of each bad row."""
    if stream.seekable():
        yield from _pieces(name, stream)
        return
    # Standard input cannot be read twice: a copy can, on disk once large.
    with tempfile.SpooledTemporaryFile(max_size=1 << 24, mode="w+", encoding="utf-8") as copy:
        shutil.copyfileobj(stream, copy)
        copy.seek(0)
        yield from _pieces(name, copy)


def _pieces(name: str, stream: IO[str]) -> Iterator[Piece | Invalid]:
    speakers, invalid = _survey(name, stream)
    yield from invalid.values()
    stream.seek(0)
    builder = _Builder(name, speakers)
    batch: list[Row] = []
    for number, row in _rows(name, stream):
        if isinstance(row, Invalid) or number in invalid:
            continue
        batch.append(row)
        if len(batch) == PIECE_ROWS:
            yield builder.piece(batch)
            batch = []
    if batch:
        yield builder.piece(batch)


def _survey(name: str, stream: IO[str]) -> tuple[dict[str, Speaker], dict[int, Invalid]]:
    """Every row checked: what the file says of each speaker, and the rows that are wrong
    by line."""
    speakers: dict[str, Speaker] = {}
    seen: dict[str, int] = {}
    invalid: dict[int, Invalid] = {}
    for number, row in _rows(name, stream):
        if isinstance(row, Invalid):
            invalid[number] = row
            continue
        first = seen.setdefault(row.id, number)
        if first != number:
            error = InvalidInput(
                f"{name}:{number}: id (column 1) {row.id!r} is also the id on line {first}",
                "a statement is listed once",
            )
            invalid[number] = Invalid(f"{name}:{number}", "claims", error, row.id)
            continue
        speakers.setdefault(row.speaker_key, Speaker()).add(row)
    return speakers, invalid


def _rows(name: str, stream: Iterable[str]) -> Iterator[tuple[int, Row | Invalid]]:
    """The rows of the file by line, checked, or what is wrong with them; blank lines are
    passed over."""
    for number, text in enumerate(stream, 1):
        line = text.rstrip("\r\n")
        if not line.strip():
            continue
        where = f"{name}:{number}"
        try:
            row: Row | Invalid = _row(where, number, line.split("\t"))
        except InvalidInput as error:
            row = Invalid(where, "claims", error, line)
        yield number, row


def _row(where: str, number: int, cells: list[str]) -> Row:
    if len(cells) != len(COLUMNS):
        raise InvalidInput(
            f"{where}: the row has {len(cells)} column{'s' * (len(cells) != 1)},"
            f" not {len(COLUMNS)}",
            "a LIAR row has 14 tab-separated columns: " + ", ".join(COLUMNS),
        )
    values = dict(zip(COLUMNS, cells, strict=True))
    try:
        return _checked(number, values)
    except _BadCell as error:
        message = f"{where}: {_column(error.column)}"
        raise InvalidInput(f"{message} {error.error.message}", error.error.hint) from None


class _BadCell(Exception):
    def __init__(self, column: str, error: InvalidInput) -> None:
        super().__init__(column)
        self.column = column
        self.error = error


def _checked(number: int, values: dict[str, str]) -> Row:
    """The row of ``values``, each checked as the native importer would check it, so that an
    error names the column; a ``_BadCell`` for the first bad one."""

    def clean(column: str, *, limit: int = MAX_NAME_LENGTH, required: bool = False) -> str:
        value = values[column]
        try:
            if required:
                return clean_text(value, field="value", limit=limit)
            return clean_optional(value, field="value", limit=limit) or ""
        except InvalidInput as error:
            raise _BadCell(column, _reworded(error, column, value)) from None

    statement_id = clean("id", required=True)
    if not is_key(KEY_PREFIX + statement_id):
        raise _BadCell("id", InvalidInput(f"{statement_id!r} cannot be part of an import key"))
    label = values["label"].strip().lower()
    if label not in LABELS:
        hint = "use one of: " + ", ".join(LABELS)
        raise _BadCell("label", InvalidInput(f"{values['label']!r} is not a LIAR label", hint))
    for column in COUNTS:
        count = values[column].strip()
        if count and not _WHOLE_NUMBER.fullmatch(count):
            hint = "the credit-history counts are whole numbers or blank"
            raise _BadCell(column, InvalidInput(f"{count!r} is not a whole number", hint))
    subjects = [subject for subject in values["subjects"].split(",") if subject.strip()]
    for subject in subjects:
        try:
            _topic(subject)
        except InvalidInput as error:
            problem = InvalidInput(f"has a topic that cannot be used: {error.message}", error.hint)
            raise _BadCell("subjects", problem) from None
    speaker = clean("speaker")
    if speaker and not readable(speaker):
        raise _BadCell("speaker", InvalidInput(f"{speaker!r} has no letters or digits"))
    return Row(
        line=number,
        id=statement_id,
        label=label,
        statement=clean("statement", limit=MAX_TEXT_LENGTH, required=True),
        subjects=[subject.strip() for subject in subjects],
        speaker=speaker,
        job_title=clean("job_title"),
        state=clean("state"),
        party=clean("party"),
        context=clean("context", limit=MAX_TEXT_LENGTH),
    )


def _reworded(error: InvalidInput, column: str, value: str) -> InvalidInput:
    """The error of a text check, its field named by the column instead."""
    if not value.strip():
        return InvalidInput("is blank", f"give the {column}")
    return InvalidInput(error.message.removeprefix("value "), error.hint)


def _column(column: str) -> str:
    return f"{column} (column {COLUMNS.index(column) + 1})"


def readable(slug: str) -> str:
    """A name spelt from a slug: ``barack-obama`` -> ``Barack Obama``."""
    return " ".join(word[:1].upper() + word[1:] for word in re.split(r"[-_\s]+", slug) if word)


def _organizations(row: Row) -> list[Organization]:
    found = []
    state = _slug(row.state)
    if state:
        found.append(Organization(f"{KEY_PREFIX}state:{state}", row.state, None))
    party = _slug(row.party)
    if party and party != NO_PARTY:
        name = PARTY_NAMES.get(party) or readable(row.party)
        alias = row.party if _key(row.party) != _key(name) else None
        found.append(Organization(f"{KEY_PREFIX}party:{party}", name, alias))
    return found


class _Builder:
    """Turns batches of rows into pieces; each actor is defined by the first piece that
    needs it, and referred to by key after."""

    def __init__(self, name: str, speakers: dict[str, Speaker]) -> None:
        self.name = name
        self.speakers = speakers
        self.defined: set[str] = set()

    def piece(self, rows: list[Row]) -> LiarPiece:
        actors: list[dict[str, Any]] = []
        actor_lines: list[int] = []

        def define(record: dict[str, Any], line: int) -> None:
            if record["key"] not in self.defined:
                self.defined.add(record["key"])
                actors.append(record)
                actor_lines.append(line)

        if not self.defined:
            reviewer = {"key": REVIEWER_KEY, "name": "PolitiFact", "kind": "organization"}
            define(reviewer, rows[0].line)
        for row in rows:
            speaker = self.speakers[row.speaker_key]
            for organization in speaker.organizations.values():
                define(_organization_record(organization), row.line)
            define(_speaker_record(row, speaker), row.line)
        data = {
            "factcheck": 1,
            "actors": actors,
            "claims": [_claim(row) for row in rows],
            "verdicts": [_verdict(row) for row in rows],
        }
        lines = [row.line for row in rows]
        return LiarPiece(
            self.name, data, {"actors": actor_lines, "claims": lines, "verdicts": lines}
        )


def _organization_record(organization: Organization) -> dict[str, Any]:
    record: dict[str, Any] = {
        "key": organization.key,
        "name": organization.name,
        "kind": "organization",
    }
    if organization.alias:
        record["aliases"] = [organization.alias]
    return record


def _speaker_record(row: Row, speaker: Speaker) -> dict[str, Any]:
    if row.speaker:
        name = readable(row.speaker)
        record: dict[str, Any] = {"key": row.speaker_key, "name": name}
        if row.speaker != name:
            record["aliases"] = [row.speaker]
    else:
        record = {"key": UNKNOWN_SPEAKER_KEY, "name": "Unknown speaker"}
    return {**record, "affiliations": speaker.affiliations()}


def _claim(row: Row) -> dict[str, Any]:
    return {
        "key": row.key,
        "text": row.statement,
        "wording": "paraphrase",
        "speaker": row.speaker_key,
        "venue": row.context or None,
        "language": "en",
        "topics": row.subjects,
    }


def _verdict(row: Row) -> dict[str, Any]:
    return {
        "key": row.key,
        "claim": row.key,
        "reviewer": REVIEWER_KEY,
        "scale": SCALE,
        "rating": row.label,
    }
