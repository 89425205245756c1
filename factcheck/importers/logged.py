"""The change log's ``changes`` of an inserted row, written straight to the JSON text that the
column stores, for bulk writes on SQLite.

Every row an import inserts gets a change-log row: building its ``{column: [None, value]}``
mapping and encoding it cost more than the insert itself. Here the text is put together
from each value's encoding, and comes out exactly as ``json.dumps`` of that mapping.
"""

import json
from collections.abc import Mapping
from datetime import date, datetime, time
from enum import StrEnum
from json.encoder import encode_basestring_ascii
from typing import Any

from factcheck.changes import UNLOGGED_COLUMNS as UNLOGGED


class EncodedJSON(str):
    """A value of a JSON column, already encoded as ``json.dumps`` encodes it."""

    __slots__ = ()


# Members of the enums of columns -> their encoding.
_MEMBERS: dict[StrEnum, str] = {}

# A column's name -> the start of its entry: '"name": [null, '.
_HEADS: dict[str, str] = {}


def _head(name: str) -> str:
    head = _HEADS.get(name)
    if head is None:
        head = _HEADS[name] = f"{encode_basestring_ascii(name)}: [null, "
    return head


def _encoded(value: Any) -> str:
    """``value`` as ``json.dumps`` writes the change log's form of it."""
    kind = type(value)
    if kind is str:
        return str(encode_basestring_ascii(value))
    if kind is int:
        return int.__repr__(value)
    if isinstance(value, StrEnum):
        encoded = _MEMBERS.get(value)
        if encoded is None:
            encoded = _MEMBERS[value] = encode_basestring_ascii(value.value)
        return encoded
    if isinstance(value, date | time | datetime):
        return str(encode_basestring_ascii(value.isoformat()))
    return json.dumps(value)


def inserted_changes(
    values: Mapping[str, Any], extra: Mapping[str, Any] | None = None
) -> EncodedJSON | None:
    """The ``changes`` of a row inserted with ``values``, ``extra`` entries after its
    columns: each column that is not null as ``[null, value]``; None when there are none."""
    parts = []
    for name, value in values.items():
        if value is None or name in UNLOGGED:
            continue
        # Most values are text, spelled out here: this runs for every column of every row.
        head = _HEADS.get(name) or _head(name)
        if type(value) is str:
            parts.append(head + encode_basestring_ascii(value) + "]")
        else:
            parts.append(head + _encoded(value) + "]")
    if extra:
        if not extra.keys().isdisjoint(values):
            return _merged(values, extra)
        parts.extend(
            f"{encode_basestring_ascii(name)}: {_entry(entry)}" for name, entry in extra.items()
        )
    if not parts:
        return None
    return EncodedJSON("{" + ", ".join(parts) + "}")


def _entry(entry: Any) -> str:
    """An ``extra`` entry as ``json.dumps`` writes it; quickly for ``[None, [ids]]``."""
    if type(entry) is list and len(entry) == 2 and entry[0] is None and type(entry[1]) is list:
        ids = entry[1]
        if all(type(item) is int for item in ids):
            return "[null, [" + ", ".join(map(int.__repr__, ids)) + "]]"
    return json.dumps(entry)


def _merged(values: Mapping[str, Any], extra: Mapping[str, Any]) -> EncodedJSON:
    """The rare case of ``extra`` naming a column: its entry replaces the column's."""
    changes: dict[str, Any] = {
        name: [None, json.loads(_encoded(value))]
        for name, value in values.items()
        if value is not None and name not in UNLOGGED
    }
    changes.update(extra)
    return EncodedJSON(json.dumps(changes))
