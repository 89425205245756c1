"""What the change log records of a row, shared by the ORM's log (models/changelog.py) and
the writes spelled out as SQL (the importers, services/rows.py).

An entry's ``changes`` maps each field to ``[old, new]`` as JSON: enums by value, dates and
times in ISO form. This module imports no SQLAlchemy.
"""

from collections.abc import Mapping
from datetime import date, datetime, time
from enum import StrEnum
from typing import Any

# The columns every row has, which the log leaves out.
UNLOGGED_COLUMNS = frozenset({"id", "created_at", "updated_at"})

# Types the change log stores as they are: most values, checked first and cheaply.
_AS_IS = frozenset({str, int, float, bool, type(None)})


def log_value(value: Any) -> Any:
    """A value as the change log stores it (JSON)."""
    if type(value) in _AS_IS:
        return value
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, date | time | datetime):
        return value.isoformat()
    return value


def inserted(values: Mapping[str, Any]) -> dict[str, list[Any]]:
    """The ``changes`` of a row inserted with ``values``: each logged column that is not
    null, as ``[null, value]``."""
    return {
        name: [None, log_value(value)]
        for name, value in values.items()
        if value is not None and name not in UNLOGGED_COLUMNS
    }


def deleted(values: Mapping[Any, Any]) -> dict[str, list[Any]]:
    """The ``changes`` of a deleted row that held ``values``."""
    return {
        name: [log_value(value), None]
        for name, value in values.items()
        if value is not None and name not in UNLOGGED_COLUMNS
    }
