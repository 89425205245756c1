"""The native interchange format, written (docs/native-format.md).

Records are built a batch of rows at a time and written as they come, so memory stays flat
however large the database. The output depends only on the rows: sections in a fixed order,
records in id order, fields in a fixed order, null fields and empty lists left out.
"""

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, time
from typing import Any

from sqlalchemy import ColumnElement, RowMapping, Table, select
from sqlalchemy.orm import Session

from factcheck.exporters import ExportFormat
from factcheck.exporters.selection import (
    ACTORS,
    APPEARANCES,
    CLAIMS,
    CORRECTIONS,
    EVIDENCE,
    LINKS,
    PROPOSITIONS,
    SCALES,
    SOURCES,
    VERDICTS,
    KeyNamer,
    Selection,
    select_rows,
)
from factcheck.exporters.writing import Record, Write, write_json, write_yaml
from factcheck.importers.bulk import BATCH_SIZE, batches, table_of
from factcheck.models import (
    ActorAlias,
    Affiliation,
    ClaimStance,
    ClaimTopic,
    PropositionTopic,
    RatingLevel,
    RatingLevelAlias,
    Topic,
)
from factcheck.services.dates import format_date


def snapshot(session: Session) -> None:
    """Read what follows from one snapshot of the database, so that rows written meanwhile
    cannot break the references between sections. Call before the session's first query;
    SQLite's read transactions are snapshots already."""
    if session.get_bind().dialect.name == "postgresql" and not session.in_transaction():
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def export(
    session: Session,
    write: Write,
    *,
    condition: ColumnElement[bool] | None = None,
    fmt: ExportFormat = ExportFormat.NATIVE_YAML,
) -> dict[str, int]:
    """Write the claims ``condition`` selects (everything, when None) and all they need, in
    pieces, to ``write``. Returns how many records each section got."""
    snapshot(session)
    selection = select_rows(session, condition)
    sections = [
        ("actors", _actors(selection)),
        ("scales", _scales(selection)),
        ("sources", _sources(selection)),
        ("propositions", _propositions(selection)),
        ("claims", _claims(selection)),
        ("links", _links(selection)),
        ("verdicts", _verdicts(selection)),
        ("corrections", _corrections(selection)),
    ]
    writer = write_json if fmt is ExportFormat.NATIVE_JSON else write_yaml
    return writer(sections, write)


def compact(record: Record) -> Record:
    """``record`` without its null fields and empty lists."""
    return {name: value for name, value in record.items() if value is not None and value != []}


def _rows(
    session: Session, table: Table, ids: Sequence[int], order: Any = None
) -> list[RowMapping]:
    query = (
        select(table).where(table.c.id.in_(ids)).order_by(table.c.id if order is None else order)
    )
    return list(session.execute(query).mappings())


def _grouped(
    session: Session, table: Table, parent: str, ids: Sequence[int], *columns: Any
) -> dict[int, list[RowMapping]]:
    """The rows of ``table`` under each of the parents ``ids``, in id order."""
    grouped: dict[int, list[RowMapping]] = {}
    query = select(table).where(table.c[parent].in_(ids)).order_by(table.c.id)
    for row in session.execute(query).mappings():
        grouped.setdefault(row[parent], []).append(row)
    return grouped


def _topics(
    session: Session, table: Table, parent: str, ids: Sequence[int]
) -> dict[int, list[str]]:
    """The names of the topics of each parent, by slug."""
    topics = table_of(Topic)
    query = (
        select(table.c[parent], topics.c.name)
        .join(topics, topics.c.id == table.c.topic_id)
        .where(table.c[parent].in_(ids))
        .order_by(topics.c.slug)
    )
    names: dict[int, list[str]] = {}
    for parent_id, name in session.execute(query):
        names.setdefault(parent_id, []).append(name)
    return names


def _actors(selection: Selection) -> Iterator[Record]:
    session, keys = selection.session, selection.actors
    for chunk in batches(list(keys)):
        aliases = _grouped(session, table_of(ActorAlias), "actor_id", chunk)
        affiliations = _grouped(session, table_of(Affiliation), "actor_id", chunk)
        for row in _rows(session, ACTORS, chunk):
            yield compact(
                {
                    "key": keys[row["id"]],
                    "name": row["name"],
                    "kind": row["kind"].value,
                    "aliases": [alias["alias"] for alias in aliases.get(row["id"], [])],
                    "description": row["description"],
                    "affiliations": [
                        compact(
                            {
                                "organization": keys.get(aff["organization_id"]),
                                "role": aff["role"],
                                "from": format_date(aff["started_on"], aff["started_precision"]),
                                "until": format_date(aff["ended_on"], aff["ended_precision"]),
                            }
                        )
                        for aff in affiliations.get(row["id"], [])
                    ],
                    "merged_into": keys.get(row["merged_into_id"]),
                }
            )


def _scales(selection: Selection) -> Iterator[Record]:
    session = selection.session
    levels = table_of(RatingLevel)
    for row in _rows(session, SCALES, selection.scales):
        scale_levels = list(
            session.execute(
                select(levels).where(levels.c.scale_id == row["id"]).order_by(levels.c.position)
            ).mappings()
        )
        aliases = _grouped(
            session, table_of(RatingLevelAlias), "level_id", [level["id"] for level in scale_levels]
        )
        yield compact(
            {
                "slug": row["slug"],
                "name": row["name"],
                "description": row["description"],
                "publisher": selection.actors.get(row["publisher_id"]),
                "levels": [
                    compact(
                        {
                            "label": level["label"],
                            "score": level["score"],
                            "bucket": level["bucket"].value,
                            "aliases": [alias["alias"] for alias in aliases.get(level["id"], [])],
                        }
                    )
                    for level in scale_levels
                ],
            }
        )


def _sources(selection: Selection) -> Iterator[Record]:
    for chunk in batches(list(selection.sources)):
        for row in _rows(selection.session, SOURCES, chunk):
            yield compact(
                {
                    "key": selection.sources[row["id"]],
                    "url": row["url"],
                    "title": row["title"],
                    "kind": row["kind"].value,
                    "publisher": selection.actors.get(row["publisher_id"]),
                    "published": format_date(row["published_on"], row["published_precision"]),
                    "archive_url": row["archive_url"],
                    "content_hash": row["content_hash"],
                    "licence": row["licence"],
                    "language": row["language"],
                }
            )


def _propositions(selection: Selection) -> Iterator[Record]:
    session = selection.session
    for chunk in batches(list(selection.propositions)):
        topics = _topics(session, table_of(PropositionTopic), "proposition_id", chunk)
        for row in _rows(session, PROPOSITIONS, chunk):
            yield compact(
                {
                    "key": selection.propositions[row["id"]],
                    "text": row["text"],
                    "topics": topics.get(row["id"], []),
                }
            )


def _clock(value: time | None) -> str | None:
    if value is None:
        return None
    return value.strftime("%H:%M:%S" if value.second else "%H:%M")


def said_text(row: RowMapping) -> str | None:
    """When a claim was said: its date, and its time when known."""
    day = format_date(row["stated_on"], row["stated_precision"])
    clock = _clock(row["stated_time"])
    return f"{day} {clock}" if day and clock else day


def utc_text(moment: datetime) -> str:
    """An instant in ISO 8601, in UTC, with ``Z``."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _claims(selection: Selection) -> Iterator[Record]:
    session, sources = selection.session, selection.sources
    appearance_key = selection.namer(APPEARANCES, selection.child_filter(APPEARANCES))
    evidence_key = selection.namer(EVIDENCE, selection.child_filter(EVIDENCE))
    for chunk in batches(list(selection.claims)):
        topics = _topics(session, table_of(ClaimTopic), "claim_id", chunk)
        stances = _grouped(session, table_of(ClaimStance), "claim_id", chunk)
        appearances = _grouped(session, APPEARANCES, "claim_id", chunk)
        evidence = _grouped(session, EVIDENCE, "claim_id", chunk)
        for row in _rows(session, CLAIMS, chunk):
            claim_id = row["id"]
            retraction = None
            if row["retracted_at"] is not None:
                retraction = {
                    "at": utc_text(row["retracted_at"]),
                    "reason": row["retraction_reason"],
                }
            yield compact(
                {
                    "key": selection.claims[claim_id],
                    "text": row["text"],
                    "wording": row["wording"].value,
                    "speaker": selection.actors[row["speaker_id"]],
                    "said": said_text(row),
                    "venue": row["venue"],
                    "language": row["language"],
                    "source": sources.get(row["first_source_id"]),
                    "topics": topics.get(claim_id, []),
                    "stances": [
                        {
                            "proposition": selection.propositions[stance["proposition_id"]],
                            "stance": stance["stance"].value,
                        }
                        for stance in stances.get(claim_id, [])
                    ],
                    "status": row["status"].value,
                    "retraction": retraction,
                    "appearances": [
                        _appearance(item, appearance_key, sources)
                        for item in appearances.get(claim_id, [])
                    ],
                    "evidence": [
                        _evidence(item, evidence_key, sources)
                        for item in evidence.get(claim_id, [])
                    ],
                }
            )


def _appearance(row: RowMapping, key: KeyNamer, sources: dict[int, str]) -> Record:
    return compact(
        {
            "key": key(row["id"], row["import_key"]),
            "source": sources[row["source_id"]],
            "date": format_date(row["appeared_on"], row["appeared_precision"]),
            "locator": row["locator"],
            "excerpt": row["excerpt"],
        }
    )


def _evidence(row: RowMapping, key: KeyNamer, sources: dict[int, str]) -> Record:
    return compact(
        {
            "key": key(row["id"], row["import_key"]),
            "source": sources[row["source_id"]],
            "stance": row["stance"].value,
            "excerpt": row["excerpt"],
            "locator": row["locator"],
            "note": row["note"],
        }
    )


def _pages(session: Session, table: Table, condition: ColumnElement[bool]) -> Iterator[RowMapping]:
    """The rows of ``table`` that meet ``condition``, in id order, a page at a time."""
    last = 0
    while True:
        query = (
            select(table).where(condition, table.c.id > last).order_by(table.c.id).limit(BATCH_SIZE)
        )
        page = list(session.execute(query).mappings())
        yield from page
        if len(page) < BATCH_SIZE:
            return
        last = page[-1]["id"]


def _links(selection: Selection) -> Iterator[Record]:
    condition = selection.link_filter()
    key = selection.namer(LINKS, condition)
    for row in _pages(selection.session, LINKS, condition):
        yield compact(
            {
                "key": key(row["id"], row["import_key"]),
                "from": selection.claims[row["claim_a_id"]],
                "to": selection.claims[row["claim_b_id"]],
                "kind": row["kind"].value,
                "status": row["status"].value,
                "method": row["method"].value,
                "score": row["score"],
                "reason": row["reason"],
                "note": row["note"],
            }
        )


def _verdicts(selection: Selection) -> Iterator[Record]:
    session = selection.session
    slugs = dict(session.execute(select(SCALES.c.id, SCALES.c.slug)).all())
    levels = table_of(RatingLevel)
    labels = dict(session.execute(select(levels.c.id, levels.c.label)).all())
    for chunk in batches(list(selection.verdicts)):
        for row in _rows(session, VERDICTS, chunk):
            yield compact(
                {
                    "key": selection.verdicts[row["id"]],
                    "claim": selection.claims[row["claim_id"]],
                    "reviewer": selection.actors[row["reviewer_id"]],
                    "scale": slugs[row["scale_id"]],
                    "rating": labels[row["level_id"]],
                    "explanation": row["explanation"],
                    "url": row["review_url"],
                    "date": format_date(row["reviewed_on"], row["reviewed_precision"]),
                    "source": selection.sources.get(row["review_source_id"]),
                    "supersedes": selection.verdicts.get(row["supersedes_id"]),
                }
            )


def _corrections(selection: Selection) -> Iterator[Record]:
    condition = selection.correction_filter()
    key = selection.namer(CORRECTIONS, condition)
    for row in _pages(selection.session, CORRECTIONS, condition):
        yield compact(
            {
                "key": key(row["id"], row["import_key"]),
                "claim": selection.claims.get(row["claim_id"]),
                "verdict": selection.verdicts.get(row["verdict_id"]),
                "kind": row["kind"].value,
                "by": selection.actors[row["issued_by_id"]],
                "date": format_date(row["issued_on"], row["issued_precision"]),
                "text": row["text"],
                "source": selection.sources.get(row["source_id"]),
            }
        )
