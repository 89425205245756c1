"""A native document read a record at a time, from a stream: the top-level mapping is walked
by hand and each record of a section is built on its own, so that memory holds one record
(and the batch being imported), never the whole file.

YAML comes from the parser's events (``yaml_reader``). JSON is read with the standard
library's C scanner, one record at a time from a window of the stream: ``json`` has no
event parser, but its scanner decodes one value at a given position and says where it ends,
which is all a walk of the top level needs, and the positions give the lines.
"""

import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any, Protocol

import yaml

from factcheck.errors import InvalidInput
from factcheck.importers.document import (
    LinedJSON,
    duplicate_error,
    json_line,
    unique_pairs,
    yaml_errors,
)
from factcheck.importers.native import FORMAT_VERSION, SECTIONS, VERSION_FIELD
from factcheck.importers.records import kind_of
from factcheck.importers.yaml_reader import (
    DuplicateKey,
    Unreadable,
    build_node,
    stream_events,
    yaml_line,
)

# How much of the stream is read at a time.
CHUNK = 1 << 16


@dataclass(frozen=True, slots=True)
class Top:
    """A top-level field that is not a list of records (the version, or a section that is
    null or wrongly something else), and the line of its value."""

    name: str
    value: Any
    line: int | None


@dataclass(frozen=True, slots=True)
class Entry:
    """A record of a section: where it starts and ends in the file, and, for JSON, its text
    (kept to find a field's line again when the record is wrong)."""

    section: str
    value: Any
    line: int
    end_line: int
    text: str | None = None


@dataclass(frozen=True, slots=True)
class Root:
    """A document that is not a mapping of sections: its value."""

    value: Any


Item = Top | Entry | Root


class Readable(Protocol):
    def read(self, size: int = -1, /) -> str: ...


# YAML.


def read_yaml(name: str, stream: Readable | str) -> Iterator[Item]:
    """The fields and records of a YAML document; an error naming the line when it cannot
    be read."""
    with yaml_errors(name):
        yield from _yaml_items(stream)


def _line(event: yaml.Event) -> int:
    mark = event.start_mark
    return int(mark.line) + 1 if mark is not None else 0


def _yaml_items(stream: Readable | str) -> Iterator[Item]:
    events = stream_events(stream)
    anchors: dict[str, Any] = {}
    documents = 0
    for loader, event in events:
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise Unreadable("the file holds more than one document", _line(event))
        elif isinstance(event, yaml.MappingStartEvent) and documents == 1:
            # The top level: its keys, each followed by a value.
            if event.anchor:
                raise Unreadable("the document cannot be an anchor", _line(event))
            seen: set[Any] = set()
            for loader, key_event in events:
                if isinstance(key_event, yaml.MappingEndEvent):
                    break
                key, _end = build_node(loader, key_event, events, anchors)
                if isinstance(key, dict | list):
                    raise Unreadable(
                        "a key must be text, not a mapping or a list", _line(key_event)
                    )
                if key in seen:
                    raise DuplicateKey(str(key), _line(key_event))
                seen.add(key)
                loader, value_event = next(events)
                if isinstance(value_event, yaml.SequenceStartEvent) and not value_event.anchor:
                    while True:
                        loader, record_event = next(events)
                        if isinstance(record_event, yaml.SequenceEndEvent):
                            break
                        value, end = build_node(loader, record_event, events, anchors)
                        yield Entry(str(key), value, _line(record_event), end)
                    continue
                value, _end = build_node(loader, value_event, events, anchors)
                yield Top(str(key), value, _line(value_event))
        elif isinstance(event, yaml.NodeEvent):
            yield Root(build_node(loader, event, events, anchors)[0])
    if documents == 0:
        yield Root(None)


# JSON.


class JsonWindow:
    """The part of a stream being read: text from ``position`` on, and the line there."""

    def __init__(self, name: str, stream: Readable) -> None:
        self.name = name
        self.stream = stream
        self.text = ""
        self.position = 0
        self.line = 1
        self.ended = False
        self.decoder = json.JSONDecoder(object_pairs_hook=unique_pairs)
        # The C scanner the decoder made (not in typeshed).
        self.scan: Callable[[str, int], tuple[Any, int]] = self.decoder.scan_once  # type: ignore[attr-defined]

    def more(self) -> bool:
        """Read on; whether there was more."""
        if self.ended:
            return False
        chunk = self.stream.read(CHUNK)
        if not chunk:
            self.ended = True
            return False
        self.text = self.text[self.position :] + chunk
        self.position = 0
        return True

    def advance(self, end: int) -> None:
        self.line += self.text.count("\n", self.position, end)
        self.position = end

    def peek(self) -> str:
        """The next character that is not white space; empty at the end."""
        while True:
            match = _SPACE.match(self.text, self.position)
            assert match is not None
            self.advance(match.end())
            if self.position < len(self.text):
                return self.text[self.position]
            if not self.more():
                return ""

    def expect(self, characters: str, what: str) -> str:
        found = self.peek()
        if not found or found not in characters:
            raise self.error(f"Expecting {what}")
        self.advance(self.position + 1)
        return found

    def value(self) -> tuple[Any, str, int]:
        """The next value, its text and the line it starts on."""
        self.peek()
        while True:
            start = self.position
            try:
                value, end = self.scan(self.text, start)
            except StopIteration:
                if self.more():
                    continue
                raise self.error("Expecting value") from None
            except json.JSONDecodeError as error:
                # The value may only be cut short by the end of the window.
                cut = error.pos >= len(self.text) - 1 or error.msg.startswith("Unterminated")
                if cut and self.more():
                    continue
                raise self.error(error.msg, error.pos) from None
            except DuplicateKey as error:
                text = self.text[start:]
                raise duplicate_error(self.name, error.key, self.duplicate_line(text)) from None
            if end >= len(self.text) and self.more():
                continue
            line = self.line
            text = self.text[start:end]
            self.advance(end)
            return value, text, line

    def listed(self) -> Iterator[tuple[Any, str, int, int]]:
        """The values of a list whose ``[`` was read, up to its ``]``: each with its text and
        the lines it starts and ends on."""
        while True:
            value, text, line = self.value()
            yield value, text, line, self.line
            while (following := self._following()) is not None:
                value, text, line = following
                yield value, text, line, self.line
            if self.expect(",]", "',' delimiter") == "]":
                return

    def _following(self) -> tuple[Any, str, int] | None:
        """The value after a comma, when both are in the window and the value reads whole
        (the usual case, read here at less cost); else None, and nothing read."""
        text, position = self.text, self.position
        match = _COMMA.match(text, position)
        if match is None:
            return None
        start = match.end()
        try:
            value, end = self.scan(text, start)
        except (StopIteration, ValueError, DuplicateKey):
            # Cut short by the end of the window, or wrong: read again the long way.
            return None
        if end >= len(text):
            return None
        line = self.line + text.count("\n", position, start)
        self.line = line + text.count("\n", start, end)
        self.position = end
        return value, text[start:end], line

    def duplicate_line(self, text: str) -> int:
        """The line of the mapping that gives a key twice, read again with positions."""
        try:
            LinedJSON(text).raw_decode(text)
        except DuplicateKey as located:
            return self.line + (located.line or 1) - 1
        except ValueError:
            pass
        return self.line

    def error(self, message: str, position: int | None = None) -> InvalidInput:
        at = self.position if position is None else position
        line = self.line + self.text.count("\n", self.position, max(at, self.position))
        return InvalidInput(f"{self.name}:{line}: not valid JSON: {message}")


_SPACE = re.compile(r"[ \t\n\r]*")
_COMMA = re.compile(r"[ \t\n\r]*,[ \t\n\r]*")


def read_json(name: str, stream: Readable) -> Iterator[Item]:
    """The fields and records of a JSON document; an error naming the line when it cannot
    be read."""
    window = JsonWindow(name, stream)
    if window.peek() != "{":
        value, _text, _line = window.value()
        yield Root(value)
        expect_end(window)
        return
    window.advance(window.position + 1)
    seen: set[str] = set()
    if window.peek() == "}":
        window.advance(window.position + 1)
        expect_end(window)
        return
    while True:
        if window.peek() != '"':
            raise window.error("Expecting property name enclosed in double quotes")
        key, line = object_key(window)
        if key in seen:
            raise duplicate_error(name, key, line)
        seen.add(key)
        window.expect(":", "':' delimiter")
        if window.peek() == "[":
            window.advance(window.position + 1)
            if window.peek() == "]":
                window.advance(window.position + 1)
            else:
                for value, text, line, end in window.listed():
                    yield Entry(key, value, line, end, text)
        else:
            value, _text, line = window.value()
            yield Top(key, value, line)
        if window.expect(",}", "',' delimiter") == "}":
            break
    expect_end(window)


def object_key(window: JsonWindow) -> tuple[str, int]:
    """A key of the top-level mapping, and its line."""
    while True:
        start = window.position + 1
        try:
            key, end = scanstring(window.text, start)
        except json.JSONDecodeError as error:
            if window.more():
                continue
            raise window.error(error.msg, error.pos) from None
        line = window.line
        window.advance(end)
        return str(key), line


def expect_end(window: JsonWindow) -> None:
    """Nothing but blanks after the document."""
    if window.peek():
        raise window.error("Extra data")


def root_error(name: str, value: Any) -> InvalidInput:
    return InvalidInput(
        f"{name}: the document is {kind_of(value)}, not a mapping of sections",
        "see docs/native-format.md",
    )


# Pieces.


class _Tap:
    """A stream that keeps what was read from it since the line ``line``, so that a piece
    can find the lines of its records again."""

    def __init__(self, stream: Readable) -> None:
        self.stream = stream
        self.text = ""
        self.line = 1

    def read(self, size: int = -1) -> str:
        chunk = self.stream.read(size)
        self.text += chunk
        return chunk

    def take(self, first: int, last: int) -> str:
        """The text of lines ``first`` to ``last``; what comes before ``last`` is dropped."""
        start = _offset(self.text, first - self.line)
        end = _offset(self.text, last + 1 - self.line)
        taken = self.text[start:end]
        keep = _offset(self.text, last - self.line)
        self.text = self.text[keep:]
        self.line = last
        return taken


def _offset(text: str, lines: int) -> int:
    """Where the line ``lines`` lines down from the start of ``text`` starts."""
    position = 0
    for _ in range(lines):
        found = text.find("\n", position)
        if found < 0:
            return len(text)
        position = found + 1
    return position


@dataclass
class NativePiece:
    """A batch of the records of one section: ``data`` in the shape of a whole document, the
    records numbered from ``offsets[section]`` as in the file."""

    name: str
    section: str
    entries: list[Entry]
    offset: int
    # YAML: the text of the records' lines, from the line of the first one.
    text: str | None = None

    @property
    def data(self) -> dict[str, Any]:
        return {VERSION_FIELD: FORMAT_VERSION, self.section: [e.value for e in self.entries]}

    @property
    def offsets(self) -> dict[str, int]:
        return {self.section: self.offset}

    def where(self, path: Sequence[str | int]) -> str:
        """``name:line`` of the value at ``path`` (whose index counts from the file's first
        record of the section)."""
        line = self.locate(path)
        return f"{self.name}:{line}" if line else self.name

    def locate(self, path: Sequence[str | int]) -> int | None:
        if len(path) < 2 or path[0] != self.section or not isinstance(path[1], int):
            return self.entries[0].line if self.entries else None
        local = path[1] - self.offset
        if not 0 <= local < len(self.entries):
            return None
        entry = self.entries[local]
        if len(path) == 2:
            return entry.line
        try:
            if entry.text is not None:
                found = json_line(entry.text, path[2:])
            elif self.text is not None:
                first = self.entries[0].line
                lines = self.text.splitlines(keepends=True)
                fragment = "".join(lines[entry.line - first : entry.end_line - first + 1])
                found = yaml_line(fragment, (0, *path[2:]))
            else:
                found = None
        except (yaml.YAMLError, ValueError, DuplicateKey, Unreadable):
            found = None
        return entry.line + found - 1 if found else entry.line


# Sections read whole, as one piece: their records may refer to records further down.
WHOLE = frozenset({"actors", "scales"})


def read_pieces(name: str, stream: Readable, *, size: int) -> Iterator[NativePiece]:
    """The native document in ``stream``, a section's ``size`` records at a time (the
    ``WHOLE`` sections at once)."""
    head = stream.read(CHUNK)
    rest = _Replay(head, stream)
    if _is_json(name, head):
        tap = None
        items = read_json(name, rest)
    else:
        tap = _Tap(rest)
        items = read_yaml(name, tap)
    first = True
    read: list[str] = []
    entries: list[Entry] = []
    offset = 0

    def cut() -> NativePiece:
        nonlocal offset, entries
        section = read[-1]
        text = tap.take(entries[0].line, entries[-1].end_line) if tap is not None else None
        piece = NativePiece(name, section, entries, offset, text)
        offset += len(entries)
        entries = []
        return piece

    for item in items:
        if isinstance(item, Root):
            raise root_error(name, item.value)
        if first:
            _check_version(name, item)
            first = False
            continue
        section = item.section if isinstance(item, Entry) else item.name
        if not read or read[-1] != section:
            # Checked before the section above is written: its records may refer to these.
            _check_section(name, section, read, item.line)
            if entries:
                yield cut()
            offset = 0
            read.append(section)
        if isinstance(item, Top) and isinstance(item.value, list):
            # A list the reader could not walk (one with an anchor): its records at once.
            line = item.line or 0
            entries.extend(Entry(section, value, line, line) for value in item.value)
            continue
        if isinstance(item, Top):
            if item.value is not None:
                raise InvalidInput(
                    f"{name}:{item.line}: {section} must be a list of records,"
                    f" not {kind_of(item.value)}"
                )
            continue
        entries.append(item)
        if len(entries) >= size and section not in WHOLE:
            yield cut()
    if first:
        _check_version(name, None)
    if entries:
        yield cut()


def _is_json(name: str, head: str) -> bool:
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix == "json":
        return True
    if suffix in ("yaml", "yml"):
        return False
    return head.lstrip("\ufeff \t\r\n")[:1] in ("{", "[")


def _check_version(name: str, item: Item | None) -> None:
    if not isinstance(item, Top) or item.name != VERSION_FIELD or item.value is None:
        raise InvalidInput(
            f"{name}: the format version is missing",
            f"start the file with: {VERSION_FIELD}: {FORMAT_VERSION}",
        )
    version = item.value
    if version != FORMAT_VERSION or isinstance(version, bool):
        raise InvalidInput(
            f"{name}:{item.line}: format version {version!r} is not supported",
            f"this program reads version {FORMAT_VERSION}",
        )


def _check_section(name: str, section: str, read: list[str], line: int | None) -> None:
    where = f"{name}:{line}" if line else name
    if section == VERSION_FIELD or section not in SECTIONS:
        raise InvalidInput(
            f"{where}: unknown section {section!r}", "sections: " + ", ".join(SECTIONS)
        )
    later = [other for other in read if SECTIONS.index(other) > SECTIONS.index(section)]
    if later:
        raise InvalidInput(
            f"{where}: section {section!r} comes after {later[0]!r}",
            "records refer to records above them: give the sections in the order "
            + ", ".join(SECTIONS),
        )


class _Replay:
    """A stream whose first ``head`` characters were read already."""

    def __init__(self, head: str, stream: Readable) -> None:
        self.head = head
        self.stream = stream

    def read(self, size: int = -1) -> str:
        if self.head:
            head, self.head = self.head, ""
            if size < 0:
                return head + self.stream.read()
            return head
        return self.stream.read(size)
