"""Claims with their current verdicts as CSV (docs/csv.md): one row per claim, in id order,
with the columns of ``COLUMNS``.

Rows are read and written a batch at a time, so memory stays flat however many claims there
are. Cells that a spreadsheet would run as formulas are neutralised as in the reports.
"""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import ColumnElement, RowMapping, exists, select, true
from sqlalchemy.orm import Session, aliased

from factcheck.exporters.native import said_text, snapshot
from factcheck.exporters.selection import ACTORS, CLAIMS, SOURCES, VERDICTS
from factcheck.exporters.writing import Write
from factcheck.importers.bulk import BATCH_SIZE, table_of
from factcheck.models import ClaimTopic, RatingLevel, RatingScale, Topic
from factcheck.reports.render_csv import ITEM_SEPARATOR, cell
from factcheck.services.dates import format_date

COLUMNS = (
    "claim_id",
    "key",
    "speaker_id",
    "speaker",
    "said",
    "wording",
    "text",
    "venue",
    "language",
    "topics",
    "status",
    "first_source",
    "verdict_id",
    "rating",
    "bucket",
    "score",
    "scale",
    "reviewer",
    "verdict_date",
    "verdict_url",
    "current_verdicts",
)

LEVELS = table_of(RatingLevel)
SCALES = table_of(RatingScale)
TOPICS = table_of(Topic)
CLAIM_TOPICS = table_of(ClaimTopic)


def export(
    session: Session, write: Write, *, condition: ColumnElement[bool] | None = None
) -> dict[str, int]:
    """Write the claims ``condition`` selects (all, when None) to ``write`` as CSV, the header
    first. Returns how many claims were written."""
    snapshot(session)
    write(_lines([COLUMNS]))
    count = 0
    for batch in _batches(session, condition):
        write(_lines(_records(session, batch)))
        count += len(batch)
    return {"claims": count}


def _lines(rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows([cell(value) for value in row] for row in rows)
    return buffer.getvalue()


def _batches(session: Session, condition: ColumnElement[bool] | None) -> Iterator[list[RowMapping]]:
    """The selected claims, in id order, a batch at a time (each batch its own query, so that
    no result stays open while the caller writes)."""
    where = true() if condition is None else condition
    last = 0
    while True:
        query = select(CLAIMS).where(where, CLAIMS.c.id > last).order_by(CLAIMS.c.id)
        batch = list(session.execute(query.limit(BATCH_SIZE)).mappings())
        if not batch:
            return
        yield batch
        last = batch[-1]["id"]


def _records(session: Session, claims: list[RowMapping]) -> Iterator[tuple[Any, ...]]:
    ids = [row["id"] for row in claims]
    speakers = _names(session, ACTORS, {row["speaker_id"] for row in claims})
    sources = _sources(session, {row["first_source_id"] for row in claims} - {None})
    topics = _topics(session, ids)
    verdicts = _current_verdicts(session, ids)
    for row in claims:
        claim_id = row["id"]
        current = verdicts.get(claim_id, [])
        verdict: dict[str, Any] = max(current, key=_recency) if current else {}
        yield (
            claim_id,
            row["import_key"],
            row["speaker_id"],
            speakers[row["speaker_id"]],
            said_text(row),
            row["wording"].value,
            row["text"],
            row["venue"],
            row["language"],
            ITEM_SEPARATOR.join(topics.get(claim_id, [])),
            row["status"].value,
            sources.get(row["first_source_id"]),
            verdict.get("id"),
            verdict.get("label"),
            verdict.get("bucket"),
            verdict.get("score"),
            verdict.get("slug"),
            verdict.get("reviewer"),
            format_date(verdict.get("reviewed_on"), verdict.get("reviewed_precision")),
            verdict.get("review_url"),
            len(current),
        )


def _recency(verdict: dict[str, Any]) -> tuple[Any, ...]:
    """Latest first: by review date (undated ones count as oldest), then by id."""
    reviewed = verdict["reviewed_on"]
    return (reviewed is not None, reviewed.toordinal() if reviewed else 0, verdict["id"])


def _names(session: Session, table: Any, ids: set[int]) -> dict[int, str]:
    query = select(table.c.id, table.c.name).where(table.c.id.in_(ids))
    return dict(session.execute(query).all())


def _sources(session: Session, ids: set[int]) -> dict[int, str]:
    """A source's URL, else its title."""
    query = select(SOURCES.c.id, SOURCES.c.url, SOURCES.c.title).where(SOURCES.c.id.in_(ids))
    return {row.id: row.url or row.title for row in session.execute(query)}


def _topics(session: Session, ids: list[int]) -> dict[int, list[str]]:
    query = (
        select(CLAIM_TOPICS.c.claim_id, TOPICS.c.name)
        .join(TOPICS, TOPICS.c.id == CLAIM_TOPICS.c.topic_id)
        .where(CLAIM_TOPICS.c.claim_id.in_(ids))
        .order_by(TOPICS.c.slug)
    )
    names: dict[int, list[str]] = {}
    for claim_id, name in session.execute(query):
        names.setdefault(claim_id, []).append(name)
    return names


def _current_verdicts(session: Session, ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The verdicts no other supersedes, of each claim, with their levels, scales and
    reviewers."""
    successor = aliased(VERDICTS)
    query = (
        select(
            VERDICTS.c.id,
            VERDICTS.c.claim_id,
            VERDICTS.c.reviewed_on,
            VERDICTS.c.reviewed_precision,
            VERDICTS.c.review_url,
            LEVELS.c.label,
            LEVELS.c.bucket,
            LEVELS.c.score,
            SCALES.c.slug,
            ACTORS.c.name.label("reviewer"),
        )
        .join(LEVELS, LEVELS.c.id == VERDICTS.c.level_id)
        .join(SCALES, SCALES.c.id == VERDICTS.c.scale_id)
        .join(ACTORS, ACTORS.c.id == VERDICTS.c.reviewer_id)
        .where(
            VERDICTS.c.claim_id.in_(ids),
            ~exists().where(successor.c.supersedes_id == VERDICTS.c.id),
        )
    )
    found: dict[int, list[dict[str, Any]]] = {}
    for row in session.execute(query).mappings():
        found.setdefault(row["claim_id"], []).append(dict(row))
    return found
