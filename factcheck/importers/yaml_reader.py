"""YAML read with the types of YAML 1.2's core schema, straight from the parser's events.

``yaml.load`` builds a tree of nodes as large as the document before it builds the values
(several times the size of the data); these readers build the values, or find a line, from
the events as they come. Dates, times, ``yes``/``no`` and ``1:30`` stay text.
"""

import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import yaml

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_VALUE = "tag:yaml.org,2002:value"


class DuplicateKey(Exception):
    """A mapping names the same key twice."""

    def __init__(self, key: str, line: int | None) -> None:
        super().__init__(key)
        self.key = key
        self.line = line


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """YAML's parser, with the implicit types of YAML 1.2's core schema (below)."""


# YAML 1.2's core schema: booleans, integers and floats spelled as JSON spells them.
_CORE: list[tuple[str, re.Pattern[str], str]] = [
    (_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF"),
    (_INT, re.compile(r"^[-+]?[0-9]+$"), "-+0123456789"),
    (
        _FLOAT,
        re.compile(
            r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
        ),
        "-+0123456789.",
    ),
]
Resolvers = dict[Any, list[tuple[str, re.Pattern[str]]]]


def yaml_resolvers(base: Resolvers, *, keep_base: bool = True) -> Resolvers:
    """Implicit resolvers with YAML 1.2's core types: added to ``base`` (a writer that quotes
    whatever either version would read as something other than text), or, without
    ``keep_base``, instead of YAML 1.1's booleans, numbers, timestamps and ``=`` (a reader)."""
    replaced = (_BOOL, _INT, _FLOAT, _TIMESTAMP, _VALUE)
    merged: Resolvers = {
        first: [(tag, pattern) for tag, pattern in resolvers if keep_base or tag not in replaced]
        for first, resolvers in base.items()
    }
    for tag, pattern, firsts in _CORE:
        for first in firsts:
            merged.setdefault(first, []).append((tag, pattern))
    return merged


_Loader.yaml_implicit_resolvers = yaml_resolvers(
    yaml.SafeLoader.yaml_implicit_resolvers, keep_base=False
)


class _Frame:
    """A mapping or a list being read, and where in it the reader is."""

    __slots__ = ("container", "index", "key", "path")

    def __init__(self, container: dict[Any, Any] | list[Any], path: tuple[Any, ...] = ()) -> None:
        self.container = container
        self.path = path
        self.key: Any = _NO_KEY
        self.index = -1

    @property
    def expects_key(self) -> bool:
        return isinstance(self.container, dict) and self.key is _NO_KEY

    def step(self) -> Any:
        """Where the next value goes: its key, or its index."""
        if isinstance(self.container, list):
            self.index += 1
            return self.index
        return self.key


_NO_KEY = object()
_COLLECTION_STARTS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_NODE_EVENTS = (yaml.ScalarEvent, yaml.AliasEvent, *_COLLECTION_STARTS)
_COLLECTION_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def stream_events(text: Any) -> Iterator[tuple["_Loader", yaml.Event]]:
    """The parser's events, each with the loader (which resolves plain values' types); a
    stream is read a piece at a time."""
    loader = _Loader(text)
    try:
        while loader.check_event():
            yield loader, loader.get_event()
    finally:
        loader.dispose()


class Unreadable(Exception):
    """YAML the parser accepts but this reader does not."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def _line(event: yaml.Event) -> int | None:
    return event.start_mark.line + 1 if event.start_mark is not None else None


def _problem(message: str, event: yaml.Event) -> Unreadable:
    return Unreadable(message, _line(event))


def load_yaml(text: str) -> Any:
    """The data of a YAML document, built straight from the parser's events: unlike
    ``yaml.load``, no tree of nodes as large as the file is built first."""
    anchors: dict[str, Any] = {}
    root: Any = None
    documents = 0
    events = stream_events(text)
    for loader, event in events:
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise _problem("the file holds more than one document", event)
        elif isinstance(event, _NODE_EVENTS):
            root, _end = build_node(loader, event, events, anchors)
    return root


def build_node(
    loader: "_Loader",
    event: yaml.Event,
    events: Iterator[tuple["_Loader", yaml.Event]],
    anchors: dict[str, Any],
) -> tuple[Any, int]:
    """The value of the node that starts with ``event``, read from ``events`` up to its end,
    and the line it ends on."""
    if not isinstance(event, _NODE_EVENTS):
        raise _problem("a value is missing", event)
    value = _value(loader, event, anchors)
    if not isinstance(event, _COLLECTION_STARTS):
        return value, _end_line(event)
    frames = [_Frame(value)]
    while frames:
        loader, event = next(events)
        if isinstance(event, _COLLECTION_ENDS):
            frames.pop()
            if frames and isinstance(frames[-1].container, dict):
                frames[-1].key = _NO_KEY
            continue
        if not isinstance(event, _NODE_EVENTS):
            raise _problem("a value is missing", event)
        child = _value(loader, event, anchors)
        opens = isinstance(event, _COLLECTION_STARTS)
        if frames[-1].expects_key:
            if opens or isinstance(child, dict | list):
                raise _problem("a key must be text, not a mapping or a list", event)
            if child in frames[-1].container:
                raise DuplicateKey(str(child), _line(event))
            frames[-1].key = child
            continue
        _store(frames[-1], child, closes=not opens)
        if opens:
            frames.append(_Frame(child))
    return value, _end_line(event)


def _end_line(event: yaml.Event) -> int:
    mark = event.end_mark
    return int(mark.line) + 1 if mark is not None else 0


def _store(frame: _Frame, value: Any, *, closes: bool) -> None:
    """Put ``value`` in the frame's list, or under the frame's pending key."""
    container = frame.container
    if isinstance(container, list):
        container.append(value)
        return
    container[frame.key] = value
    if closes:
        frame.key = _NO_KEY


def _value(loader: "_Loader", event: yaml.NodeEvent, anchors: dict[str, Any]) -> Any:
    value: Any
    if isinstance(event, yaml.AliasEvent):
        if event.anchor not in anchors:
            raise _problem(f"unknown alias *{event.anchor}", event)
        return anchors[event.anchor]
    if isinstance(event, yaml.ScalarEvent):
        value = _scalar(loader, event)
    else:
        value = {} if isinstance(event, yaml.MappingStartEvent) else []
    if event.anchor:
        anchors[event.anchor] = value
    return value


_SCALARS: dict[str, Callable[[str], Any]] = {
    "tag:yaml.org,2002:str": str,
    "tag:yaml.org,2002:null": lambda _text: None,
    _BOOL: lambda text: text.lower() == "true",
    _INT: int,
    _FLOAT: lambda text: float(text.lower().replace(".inf", "inf").replace(".nan", "nan")),
}


def _scalar(loader: "_Loader", event: yaml.ScalarEvent) -> Any:
    tag = event.tag
    if tag is None or tag == "!":
        tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
    make = _SCALARS.get(tag)
    if make is None:
        raise _problem(f"values tagged {tag} are not supported", event)
    try:
        return make(event.value)
    except ValueError:
        raise _problem(f"{event.value!r} is not a {tag.rsplit(':', 1)[-1]}", event) from None


def yaml_line(text: str, path: Sequence[str | int]) -> int | None:
    """The line of the node at ``path``, or of the deepest node on the way to it."""
    target = tuple(path)
    frames: list[_Frame] = []
    line = None
    for _loader, event in stream_events(text):
        if isinstance(event, _COLLECTION_ENDS):
            frames.pop()
            if frames and isinstance(frames[-1].container, dict):
                frames[-1].key = _NO_KEY
            continue
        if not isinstance(event, _NODE_EVENTS):
            continue
        opens = isinstance(event, _COLLECTION_STARTS)
        if frames and frames[-1].expects_key:
            if opens:
                return line
            frames[-1].key = event.value if isinstance(event, yaml.ScalarEvent) else None
            continue
        here = (*frames[-1].path, frames[-1].step()) if frames else ()
        if here == target[: len(here)]:
            line = _line(event)
            if here == target:
                return line
        if opens:
            frames.append(_Frame({} if isinstance(event, yaml.MappingStartEvent) else [], here))
        elif frames and isinstance(frames[-1].container, dict):
            frames[-1].key = _NO_KEY
    return line
