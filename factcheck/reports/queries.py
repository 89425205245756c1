"""The reports' statements as SQL text.

A report is one command, and a command opens its own engine: every statement built with
SQLAlchemy's expression language would be compiled afresh each time, which takes longer than
running it. SQL text is sent as written. It names no value: values go in bound parameters,
a list of ids as one parameter whatever its length (a JSON array on SQLite, an array on
PostgreSQL).
"""

import json
from collections.abc import Collection
from typing import Any

from sqlalchemy import Date, TextClause, TextualSelect, Time, text
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeEngine

from factcheck.db import StrEnumType, UTCDateTime
from factcheck.enums import DatePrecision

# The types of the columns whose stored form is not what the reports read.
DATE: TypeEngine[Any] = Date()
TIME: TypeEngine[Any] = Time()
STAMP: TypeEngine[Any] = UTCDateTime()
PRECISION: TypeEngine[Any] = StrEnumType(DatePrecision)


def postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def ids_select(session: Session, name: str = "ids") -> str:
    """A SELECT of the ids in the parameter ``name`` (see ``ids_value``)."""
    if postgres(session):
        return f"SELECT unnest(CAST(:{name} AS INTEGER[]))"
    return f"SELECT value FROM json_each(:{name})"


def ids_value(session: Session, ids: Collection[int]) -> Any:
    """The value of a parameter of ``ids_select`` holding ``ids``."""
    numbers = sorted(ids)
    return numbers if postgres(session) else json.dumps(numbers)


def joined_numbers(session: Session, column: str, rest: str) -> str:
    """A scalar subquery of the numbers ``SELECT column rest`` gives, as one comma-separated
    text (or NULL)."""
    function = "string_agg" if postgres(session) else "group_concat"
    return f"(SELECT {function}(CAST({column} AS VARCHAR), ',') {rest})"


def link_statuses_sql(include_suggested: bool) -> str:
    """The link statuses that count, as an SQL list: confirmed, and suggested when asked."""
    return "('confirmed', 'suggested')" if include_suggested else "('confirmed')"


def statement(sql: str, **types: TypeEngine[Any]) -> TextClause | TextualSelect:
    """``sql`` as a statement, its columns named in ``types`` read as those types."""
    clause = text(sql)
    return clause.columns(**types) if types else clause


def source_columns(alias: str, publisher: str) -> str:
    """The columns of a source that ``records.source_view`` takes, its publisher's name last;
    their types are ``source_types``."""
    return (
        f"{alias}.id, {alias}.url, {alias}.title, {alias}.kind,"
        f" {alias}.published_on AS {alias}_published_on,"
        f" {alias}.published_precision AS {alias}_published_precision, {publisher}.name"
    )


def source_types(alias: str) -> dict[str, TypeEngine[Any]]:
    return {f"{alias}_published_on": DATE, f"{alias}_published_precision": PRECISION}


# The claims that carry the topic ``:topic``, or take a stance on a proposition that does.
TAGGED = (
    "SELECT claim_id FROM claim_topics WHERE topic_id = :topic"
    " UNION SELECT cs.claim_id FROM claim_stances cs"
    " JOIN proposition_topics pt ON pt.proposition_id = cs.proposition_id"
    " WHERE pt.topic_id = :topic"
)
