"""Reading the change log: who changed what, and when."""

from collections.abc import Sequence
from datetime import UTC, datetime, time
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from factcheck.errors import InvalidInput
from factcheck.models import Base, ChangeLogEntry
from factcheck.services.dates import PartialDate
from factcheck.services.lookup import MAX_ID, id_number

# The names users know objects by, and the tables they live in.
NOUN_TABLES = {
    "actor": "actors",
    "source": "sources",
    "claim": "claims",
    "proposition": "propositions",
    "appearance": "appearances",
    "evidence": "evidence",
    "link": "claim_links",
    "verdict": "verdicts",
    "correction": "corrections",
    "topic": "topics",
}
TABLE_NOUNS = {table: noun for noun, table in NOUN_TABLES.items()}

ObjectFilter = tuple[str, int | None]

_OBJECT_FORMS = "give TYPE:ID or TYPE, e.g. claim:3; types: " + ", ".join(NOUN_TABLES)


def parse_object(text: str) -> ObjectFilter:
    """``claim:3`` as ``("claims", 3)``; a bare ``claim`` as ``("claims", None)``.

    The types are the nouns of the command line; table names (``claim_topics``) work too.
    """
    kind, separator, number = text.strip().partition(":")
    kind = kind.strip().lower()
    table = NOUN_TABLES.get(kind) or (kind if kind in Base.metadata.tables else None)
    if table is None:
        raise InvalidInput(f"unknown object type in {text!r}", _OBJECT_FORMS)
    if not separator:
        return table, None
    object_id = id_number(number)
    if object_id is None:
        raise InvalidInput(f"object {text!r} has no id after the colon", _OBJECT_FORMS)
    return table, object_id


def object_label(table: str, object_id: int) -> str:
    return f"{TABLE_NOUNS.get(table, table)}:{object_id}"


def start_of(moment: PartialDate) -> datetime:
    """The first instant (UTC) of a day, month or year, or the given time on that day."""
    return datetime.combine(moment.value, moment.clock or time(0), tzinfo=UTC)


def list_changes(
    session: Session,
    *,
    objects: Sequence[ObjectFilter] = (),
    user: str | None = None,
    since: datetime | None = None,
    limit: int | None = None,
) -> list[ChangeLogEntry]:
    """Changes oldest first; with ``limit``, the latest ``limit`` of those that match.

    ``objects`` are alternatives: a change to any of them matches.
    """
    if limit is not None and limit < 0:
        raise InvalidInput(f"limit {limit} is negative", "give 0 for all, or a positive number")
    statement = select(ChangeLogEntry)
    if objects:
        statement = statement.where(
            or_(
                *(
                    ChangeLogEntry.object_type == table
                    if object_id is None
                    else and_(
                        ChangeLogEntry.object_type == table, ChangeLogEntry.object_id == object_id
                    )
                    for table, object_id in objects
                )
            )
        )
    if user is not None:
        statement = statement.where(ChangeLogEntry.user_name == user.strip())
    if since is not None:
        statement = statement.where(ChangeLogEntry.created_at >= since)
    statement = statement.order_by(ChangeLogEntry.id.desc())
    if limit:
        # A limit beyond any table's size means all (and SQLite binds no larger integer).
        statement = statement.limit(min(limit, MAX_ID))
    return list(reversed(session.scalars(statement).all()))


def change_view(entry: ChangeLogEntry) -> dict[str, Any]:
    """The stable JSON shape of a change: ``changes`` maps each field to ``[old, new]``."""
    return {
        "id": entry.id,
        "at": entry.created_at.isoformat(),
        "user": entry.user_name,
        "action": entry.action.value,
        "object": object_label(entry.object_type, entry.object_id),
        "object_type": TABLE_NOUNS.get(entry.object_type, entry.object_type),
        "object_id": entry.object_id,
        "changes": entry.changes,
    }
