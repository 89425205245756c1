"""Reading a YAML or JSON file into plain Python values, and finding lines in it again.

Files are parsed with the fastest parser at hand and without positions; only when a record
turns out to be wrong is the file read a second time, keeping positions, to find the line
the error message names (``locate``). YAML is read by ``yaml_reader``.
"""

import bisect
import json
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum

# The pure-Python parts of the json module, whose hooks see positions (not in typeshed).
from json.decoder import JSONArray, JSONObject  # type: ignore[attr-defined]
from json.scanner import py_make_scanner  # type: ignore[attr-defined]
from pathlib import Path
from typing import Any, BinaryIO, Protocol

import yaml

from factcheck.errors import FactcheckError, InvalidInput
from factcheck.importers.yaml_reader import DuplicateKey, Unreadable, load_yaml, yaml_line

Path_ = Sequence[str | int]


class Syntax(StrEnum):
    YAML = "yaml"
    JSON = "json"


class Piece(Protocol):
    """What the native importer reads: ``data`` in the native format's shape (a mapping of
    sections, docs/native-format.md), and how errors name a place in the file it came from.

    A file in another format is read as a series of pieces, each imported in turn into the
    same transaction; ``where`` maps a path in ``data`` (``("claims", 3, "text")``) to the
    original file's line or record (``liar.tsv:9000``)."""

    @property
    def name(self) -> str: ...

    @property
    def data(self) -> Any: ...

    def where(self, path: Path_) -> str: ...


@dataclass(frozen=True)
class Invalid:
    """A record that a format's reader cannot turn into the native shape, given among the
    pieces: it stops the import, or ``--skip-invalid`` leaves it out."""

    # Where it is in the file (``train.tsv:9000``), and the rows it would have made.
    place: str
    section: str
    # What is wrong, the place included.
    error: FactcheckError
    # The record as read.
    data: Any = None


@dataclass(frozen=True)
class Document:
    """A parsed file: its data, and what is needed to find a line in it again."""

    name: str
    text: str
    syntax: Syntax
    data: Any

    def locate(self, path: Path_) -> int | None:
        """The line of the value at ``path`` (the deepest part of it that exists)."""
        try:
            if self.syntax is Syntax.JSON:
                return json_line(self.text, path)
            return yaml_line(self.text, path)
        except (yaml.YAMLError, ValueError, DuplicateKey, Unreadable):
            return None

    def where(self, path: Path_) -> str:
        """``name:line`` of the value at ``path``, or the name alone."""
        line = self.locate(path)
        return f"{self.name}:{line}" if line else self.name


def open_binary(path: Path, name: str) -> BinaryIO:
    """The file at ``path``, opened to read; an error naming it when it cannot be."""
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise InvalidInput(f"no file {name}", "check the path") from None
    except IsADirectoryError:
        raise InvalidInput(f"{name} is a directory", "give a file") from None
    except OSError as error:
        raise InvalidInput(f"cannot read {name}: {error.strerror}") from None
    # A NUL in the path (the operating system takes none).
    except ValueError as error:
        raise InvalidInput(f"cannot read {name!r}: {error}", "check the path") from None


def read_bytes(path: Path, name: str) -> bytes:
    with open_binary(path, name) as handle:
        return handle.read()


def decode(raw: bytes, name: str) -> str:
    """UTF-8 text, a byte order mark left out."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInput(
            f"{name} is not UTF-8 text (byte {error.start})", "save it as UTF-8"
        ) from None


def syntax_of(name: str, text: str) -> Syntax:
    """JSON for ``.json`` files and for text that starts with ``{`` or ``[``; else YAML."""
    suffix = Path(name).suffix.lower()
    if suffix == ".json":
        return Syntax.JSON
    if suffix in (".yaml", ".yml"):
        return Syntax.YAML
    return Syntax.JSON if text.lstrip()[:1] in ("{", "[") else Syntax.YAML


def parse(name: str, text: str, syntax: Syntax) -> Document:
    """The file's data; a syntax error or a key given twice is an error naming the line."""
    if syntax is Syntax.JSON:
        return Document(name, text, syntax, _parse_json(name, text))
    with yaml_errors(name):
        data = load_yaml(text)
    return Document(name, text, syntax, data)


@contextmanager
def yaml_errors(name: str) -> Iterator[None]:
    """YAML that cannot be read, or a key given twice, as an error naming the line."""
    try:
        yield
    except DuplicateKey as error:
        raise duplicate_error(name, error.key, error.line) from None
    except Unreadable as error:
        where = f"{name}:{error.line}" if error.line else name
        raise InvalidInput(f"{where}: not valid YAML: {error.message}") from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"{name}:{mark.line + 1}" if mark else name
        problem = error.problem or error.context or "unreadable"
        raise InvalidInput(f"{where}: not valid YAML: {problem}") from None
    except yaml.YAMLError as error:
        raise InvalidInput(f"{name}: not valid YAML: {error}") from None


def duplicate_error(name: str, key: str, line: int | None) -> InvalidInput:
    where = f"{name}:{line}" if line else name
    return InvalidInput(f"{where}: the key {key!r} is given twice", "keep one")


def unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping = dict(pairs)
    if len(mapping) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise DuplicateKey(key, None)
            seen.add(key)
    return mapping


def _parse_json(name: str, text: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=unique_pairs)
    except json.JSONDecodeError as error:
        raise InvalidInput(f"{name}:{error.lineno}: not valid JSON: {error.msg}") from None
    except DuplicateKey as error:
        # Read again, keeping positions, to say where.
        try:
            LinedJSON(text).decode(text)
        except DuplicateKey as located:
            raise duplicate_error(name, located.key, located.line) from None
        raise duplicate_error(name, error.key, error.line) from None


class _Lined(dict[str, Any]):
    """A JSON object with the line it starts on."""

    line: int


class _LinedList(list[Any]):
    line: int


class LinedJSON(json.JSONDecoder):
    """A JSON decoder that notes the line each object and array starts on (slow: the scanner
    is the pure-Python one, whose hooks can see positions)."""

    def __init__(self, text: str) -> None:
        super().__init__(object_pairs_hook=unique_pairs)
        breaks = [match.start() for match in re.finditer("\n", text)]

        def line_at(position: int) -> int:
            return bisect.bisect_left(breaks, position) + 1

        def parse_object(s_and_end: tuple[str, int], *args: Any) -> tuple[Any, int]:
            start = s_and_end[1] - 1
            try:
                value, end = JSONObject(s_and_end, *args)
            except DuplicateKey as error:
                raise DuplicateKey(error.key, error.line or line_at(start)) from None
            lined = _Lined(value)
            lined.line = line_at(start)
            return lined, end

        def parse_array(s_and_end: tuple[str, int], scan_once: Any) -> tuple[Any, int]:
            value, end = JSONArray(s_and_end, scan_once)
            lined = _LinedList(value)
            lined.line = line_at(s_and_end[1] - 1)
            return lined, end

        self.parse_object = parse_object
        self.parse_array = parse_array
        self.scan_once = py_make_scanner(self)


def json_line(text: str, path: Path_) -> int | None:
    node: Any = LinedJSON(text).decode(text)
    line: int | None = getattr(node, "line", None)
    for step in path:
        in_mapping = isinstance(node, dict) and isinstance(step, str) and step in node
        in_list = isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node)
        if not (in_mapping or in_list):
            break
        node = node[step]
        line = getattr(node, "line", line)
    return line
