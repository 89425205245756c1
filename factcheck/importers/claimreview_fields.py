"""Reading the fields of a JSON-LD object: values that may be lists, ``@value`` objects or
``@id`` references, checked with errors that name the field's path (``itemReviewed.author``)."""

import math
import re
from collections.abc import Callable
from typing import Any

from factcheck.errors import InvalidInput
from factcheck.services.dates import parse_date
from factcheck.services.lookup import normalize_url
from factcheck.services.text import clean_language

_PARTIAL_DATE = re.compile(r"^\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?$")
_DATE_TIME = re.compile(
    r"^(?P<day>\d{4}-\d{2}-\d{2})[T ](?P<clock>\d{2}:\d{2}(?::\d{2})?)(?P<fraction>\.\d+)?"
    r"(?P<zone>Z|[+-]\d{2}:?\d{2})?$"
)


class FieldError(Exception):
    """A field of a record is wrong: which one, what is wrong, how to fix it."""

    def __init__(self, field: str, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.hint = hint


class Fields:
    """The fields of one JSON object, read with errors that name the field's path."""

    def __init__(self, node: dict[str, Any], prefix: str, nodes: dict[str, Any]) -> None:
        self.node = node
        self.prefix = prefix
        self.nodes = nodes

    def name(self, field: str) -> str:
        return f"{self.prefix}{field}"

    def value(self, field: str) -> Any:
        """The value of ``field``: the first of a list, a node given by ``@id`` looked up."""
        value = self.node.get(field)
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, dict):
            if "@value" in value:
                return value["@value"]
            if set(value) == {"@id"} and value["@id"] in self.nodes:
                return self.nodes[value["@id"]]
        return value

    def values(self, field: str) -> list[Any]:
        value = self.node.get(field)
        return value if isinstance(value, list) else [] if value is None else [value]

    def child(self, field: str, value: Any | None = None) -> "Fields | None":
        found = self.value(field) if value is None else value
        if isinstance(found, dict) and set(found) == {"@id"}:
            found = self.nodes.get(found["@id"], found)
        return (
            Fields(found, f"{self.name(field)}.", self.nodes) if isinstance(found, dict) else None
        )

    def text(self, field: str, *, limit: int | None = None) -> str | None:
        value = self.value(field)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise FieldError(self.name(field), f"is {describe(value)}, not text")
        text = str(value).strip()
        if "\x00" in text:
            raise FieldError(self.name(field), "contains a NUL character")
        if limit is not None and len(text) > limit:
            raise FieldError(
                self.name(field), f"is {len(text):,} characters long", f"at most {limit}"
            )
        return text or None

    def url(self, field: str) -> str | None:
        text = self.text(field)
        return None if text is None else self.check(field, normalize_url, text, field="url")

    def date(self, field: str, *, keep_time: bool = False) -> str | None:
        text = self.text(field)
        return None if text is None else read_date(self.name(field), text, keep_time=keep_time)

    def number(self, field: str) -> float | None:
        value = self.value(field)
        if isinstance(value, str):
            try:
                value = float(value.strip().replace(",", "."))
            except ValueError:
                return None
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            return None
        return float(value)

    def check(self, name: str, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """``function(*args, **kwargs)``; its error as the error of the field ``name``."""
        try:
            return function(*args, **kwargs)
        except InvalidInput as error:
            raise FieldError(self.name(name), _unprefixed(error.message), error.hint) from None


def describe(value: Any) -> str:
    return {dict: "an object", list: "a list", bool: "true or false"}.get(type(value), "a value")


def _unprefixed(message: str) -> str:
    """A service's message without the field name it starts with (the caller names it)."""
    return re.sub(r"^(url|date|language) ", "", message)


def read_date(field: str, text: str, *, keep_time: bool) -> str:
    """An ISO 8601 date (``2019-09-20``, ``2019-09``, ``2019``) or date and time, as the
    native format writes it. A time with a UTC offset is left out: the native format keeps
    local times of day only."""
    if _PARTIAL_DATE.match(text):
        try:
            return str(parse_date(text, field="date"))
        except InvalidInput as error:
            raise FieldError(field, _unprefixed(error.message), error.hint) from None
    found = _DATE_TIME.match(text)
    if found is None:
        raise FieldError(field, f"{text!r} is not an ISO 8601 date", "use YYYY-MM-DD")
    try:
        day = parse_date(found["day"], field="date")
    except InvalidInput as error:
        raise FieldError(field, _unprefixed(error.message), error.hint) from None
    if keep_time and not found["zone"] and not found["fraction"]:
        return f"{day} {found['clock']}"
    return str(day)


def read_language(field: str, text: str | None) -> str | None:
    if text is None:
        return None
    try:
        return clean_language(text, field="language")
    except InvalidInput as error:
        raise FieldError(field, _unprefixed(error.message), error.hint) from None
