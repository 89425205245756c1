"""The change log of inserted rows, written as JSON text at once on SQLite: the very text that
``json.dumps`` of the ``{column: [None, value]}`` mapping gives."""

import json
from datetime import UTC, date, datetime, time
from typing import Any

import pytest

from factcheck.changes import inserted
from factcheck.enums import ClaimStatus, DatePrecision, Wording
from factcheck.importers.logged import EncodedJSON, inserted_changes

ROWS: list[dict[str, Any]] = [
    {
        "id": 7,
        "text": 'Quotes " and \\ backslashes, tabs\t and newlines\n',
        "wording": Wording.PARAPHRASE,
        "stated_on": date(2019, 2, 28),
        "stated_precision": DatePrecision.DAY,
        "stated_time": time(23, 5),
        "venue": None,
        "status": ClaimStatus.RETRACTED,
        "retracted_at": datetime(2019, 3, 4, 10, 0, tzinfo=UTC),
        "speaker_id": 12,
        "created_at": datetime(2020, 1, 1, tzinfo=UTC),
    },
    {"name": "리용호 — Ri Yong Ho, é 😀", "score": 0.1 + 0.2, "is_builtin": False, "count": 0},
    {"score": 1.0, "is_builtin": True, "ids": [3, 1], "empty": ""},
]


def dumped(values: dict[str, Any], extra: dict[str, Any] | None = None) -> str:
    """What the log held before: the mapping built value by value, then ``json.dumps``."""
    return json.dumps(inserted(values) | (extra or {}))


@pytest.mark.parametrize("values", ROWS)
def test_an_inserted_row_is_logged_as_json_dumps_writes_it(values: dict[str, Any]) -> None:
    encoded = inserted_changes(values)
    assert type(encoded) is EncodedJSON
    assert encoded == dumped(values)


@pytest.mark.parametrize(
    "extra",
    [{"topics": [None, [1, 7]]}, {"topics": [None, []], "note": [None, "é"]}, {"text": [1, 2]}],
)
def test_extra_entries_follow_the_columns_or_replace_them(extra: dict[str, Any]) -> None:
    values = ROWS[0]
    assert inserted_changes(values, extra) == dumped(values, extra)


def test_a_row_with_nothing_to_log_logs_nothing() -> None:
    assert inserted_changes({"id": 1, "venue": None}) is None
    assert inserted_changes({"id": 1}, {"topics": [None, [2]]}) == '{"topics": [null, [2]]}'
