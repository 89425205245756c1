"""One record of an imported file: its fields, checked one at a time, and errors that say
which record and which field was wrong."""

import functools
import math
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import Any, NoReturn, TypeVar

from factcheck.errors import FactcheckError, InvalidInput
from factcheck.models.base import IMPORT_KEY_LENGTH
from factcheck.services.dates import PartialDate, parse_optional_date
from factcheck.services.text import MAX_NAME_LENGTH, MAX_TEXT_LENGTH, clean_optional, clean_text

E = TypeVar("E", bound=StrEnum)
T = TypeVar("T")
Step = str | int


class RecordError(Exception):
    """A record of the file is wrong: ``path`` leads to the value in the document, ``where``
    names the record, and ``error`` says what is wrong."""

    def __init__(self, path: tuple[Step, ...], where: str, error: FactcheckError) -> None:
        super().__init__(f"{where}: {error}")
        self.path = path
        self.where = where
        self.error = error


def kind_of(value: Any) -> str:
    """How an error names the type of a value that has the wrong one."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "text" if isinstance(value, str) else type(value).__name__


def is_key(value: Any) -> bool:
    return (
        isinstance(value, str)
        and 0 < len(value) <= IMPORT_KEY_LENGTH
        and value == value.strip()
        and value.isprintable()
    )


class Record:
    """A mapping of the file, with where it is, and typed access to its fields."""

    __slots__ = ("data", "path", "where")

    def __init__(self, data: dict[str, Any], path: tuple[Step, ...], where: str) -> None:
        self.data = data
        self.path = path
        self.where = where

    @classmethod
    def at(cls, value: Any, path: tuple[Step, ...], label: str, *, key: str = "key") -> "Record":
        """The record ``value`` at ``path``, labelled ``label`` and its key when it has one."""
        if isinstance(value, dict):
            own = value.get(key)
            where = f"{label} ({key} {own})" if is_key(own) else label
            return cls(value, path, where)
        error = InvalidInput(f"the record is {kind_of(value)}, not a mapping of fields")
        raise RecordError(path, label, error)

    def fail(
        self,
        field: str | None,
        message: str,
        hint: str | None = None,
        *,
        error_class: type[FactcheckError] = InvalidInput,
    ) -> NoReturn:
        path = self.path if field is None else (*self.path, field)
        raise RecordError(path, self.where, error_class(message, hint))

    @contextmanager
    def guard(self, field: str | None) -> Iterator[None]:
        """Errors that a service raises inside the block are about ``field`` of this record."""
        try:
            yield
        except FactcheckError as error:
            path = self.path if field is None else (*self.path, field)
            raise RecordError(path, self.where, error) from None

    def check(self, field: str, function: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """``function(*args, **kwargs)``, its errors about ``field``."""
        # As ``guard`` does, without a context manager's cost: this runs for most fields.
        try:
            return function(*args, **kwargs)
        except FactcheckError as error:
            raise RecordError((*self.path, field), self.where, error) from None

    def only(self, fields: Collection[str]) -> None:
        """An error for the first field that is not one of ``fields``: a typo must not pass."""
        known = _FIELD_SETS.get(fields) if isinstance(fields, tuple) else None
        if known is None:
            known = frozenset(fields)
            if isinstance(fields, tuple) and len(_FIELD_SETS) < _FIELD_SETS_KEPT:
                _FIELD_SETS[fields] = known
        if self.data.keys() <= known:
            return
        for name in self.data:
            if name not in fields:
                self.fail(str(name), f"unknown field {name!r}", "fields: " + ", ".join(fields))

    def raw(self, field: str) -> Any:
        return self.data.get(field)

    def string(self, field: str) -> str | None:
        """The field as text; None when it is missing or null."""
        value = self.data.get(field)
        if value is not None and not isinstance(value, str):
            self.fail(field, f"{field} must be text, not {kind_of(value)}", "put it in quotes")
        return value

    def key(self, field: str = "key") -> str:
        value = self.data.get(field)
        if value is None:
            self.fail(field, f"{field} is missing", f"give each record a unique {field}")
        if not is_key(value):
            self.fail(
                field,
                f"{field} {value!r} is not a key",
                f"give text of 1 to {IMPORT_KEY_LENGTH} printable characters,"
                " without spaces at either end",
            )
        return str(value)

    def text(self, field: str, *, limit: int = MAX_TEXT_LENGTH) -> str | None:
        """The field's text, stripped; None when it is missing or blank."""
        return self.check(field, clean_optional, self.string(field), field=field, limit=limit)

    def required_text(self, field: str, *, limit: int = MAX_TEXT_LENGTH) -> str:
        """The field's text, stripped; an error when it is missing or blank."""
        return self.check(field, clean_text, self.string(field), field=field, limit=limit)

    def name(self, field: str) -> str | None:
        return self.text(field, limit=MAX_NAME_LENGTH)

    def required_name(self, field: str) -> str:
        return self.required_text(field, limit=MAX_NAME_LENGTH)

    def date(self, field: str, *, allow_time: bool = False) -> PartialDate | None:
        value = self.data.get(field)
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if value is not None and not isinstance(value, str):
            self.fail(field, f"{field} must be a date, not {kind_of(value)}", "use YYYY-MM-DD")
        return self.check(field, parse_optional_date, value, field=field, allow_time=allow_time)

    def choice(self, field: str, enum_class: type[E], default: E | None = None) -> E:
        value = self.data.get(field)
        if value is None:
            if default is None:
                self.fail(field, f"{field} is missing", "give one of: " + _choices(enum_class))
            return default
        if isinstance(value, bool):
            value = "true" if value else "false"
        known: dict[str, E] = _members(enum_class)
        found = known.get(value.strip().lower()) if isinstance(value, str) else None
        if found is None:
            self.fail(field, f"{field} {value!r} is not known", "use one of: " + ", ".join(known))
        return found

    def optional_choice(self, field: str, enum_class: type[E]) -> E | None:
        return None if self.data.get(field) is None else self.choice(field, enum_class)

    def score(self, field: str) -> float | None:
        """A number from 0 to 1, or None."""
        value = self.data.get(field)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
            self.fail(field, f"{field} must be a number, not {kind_of(value)}")
        if not 0 <= value <= 1:
            self.fail(field, f"{field} {value} is out of range", "give a number from 0 to 1")
        return float(value)

    def strings(self, field: str) -> list[str]:
        """A list of texts; empty when missing or null."""
        value = self.data.get(field)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(field, f"{field} must be a list, not {kind_of(value)}", "use [a, b]")
        for item in value:
            if not isinstance(item, str):
                self.fail(field, f"{field} must hold text, not {kind_of(item)}", "quote it")
        return value

    def children(self, field: str, *, key: str = "key") -> list["Record"]:
        """The records of a nested list; empty when missing or null."""
        value = self.data.get(field)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(field, f"{field} must be a list, not {kind_of(value)}")
        return [
            Record.at(item, (*self.path, field, index), f"{self.where}: {field}[{index}]", key=key)
            for index, item in enumerate(value)
        ]

    def mapping(self, field: str) -> "Record | None":
        """A nested mapping, or None."""
        value = self.data.get(field)
        if value is None:
            return None
        return Record.at(value, (*self.path, field), f"{self.where}: {field}", key="")

    def reference(self, field: str, *, required: bool = False) -> str | None:
        """The key another record is referred to by."""
        value = self.data.get(field)
        if value is None:
            if required:
                self.fail(field, f"{field} is missing", "give the key of the record meant")
            return None
        if not is_key(value):
            self.fail(field, f"{field} {value!r} is not a key", "give the key of the record meant")
        return str(value)


# Each record's fields are checked against one of a few tuples of names: as sets, once.
_FIELD_SETS: dict[tuple[str, ...], frozenset[str]] = {}
_FIELD_SETS_KEPT = 100


@functools.cache
def _members(enum_class: type[E]) -> dict[str, E]:
    """An enum's members by value (asked for with most fields of most records)."""
    return {member.value: member for member in enum_class}


def _choices(enum_class: type[StrEnum]) -> str:
    return ", ".join(member.value for member in enum_class)
