"""The ``sources`` and ``propositions`` sections, and the topics that tag propositions and
claims (named, not keyed: found by slug, created when new)."""

from collections.abc import Sequence
from functools import partial
from typing import Any

from sqlalchemy import Table, select

from factcheck.errors import Conflict
from factcheck.importers.bulk import Change, table_of
from factcheck.importers.native import Context, Parsed
from factcheck.importers.records import Record
from factcheck.models import Proposition, PropositionTopic, Source, SourceKind, Topic
from factcheck.services.lookup import normalize_url, topic_name
from factcheck.services.text import clean_language

SOURCE_FIELDS = (
    "key",
    "url",
    "title",
    "kind",
    "publisher",
    "published",
    "archive_url",
    "content_hash",
    "licence",
    "language",
)
PROPOSITION_FIELDS = ("key", "text", "topics")
CONTENT_HASH_LENGTH = 128

SOURCES = table_of(Source)
PROPOSITIONS = table_of(Proposition)
PROPOSITION_TOPICS = table_of(PropositionTopic)
TOPICS = table_of(Topic)


def import_sources(context: Context) -> None:
    # URL -> the number of the source that gives it, across the pieces of the file.
    urls: dict[str, int] = context.memo.setdefault("sources.urls", {})
    for batch in context.records("sources"):
        parsed = [_parse_source(record) for record in batch]
        for item in parsed:
            position = int(item.record.path[1])
            url = item.values["url"]
            if url is not None and urls.setdefault(url, position) != position:
                item.record.fail(
                    "url",
                    f"url {url} is also the URL of sources[{urls[url]}]",
                    "a URL belongs to one source",
                    error_class=Conflict,
                )
        _check_urls_free(context, parsed)
        context.resolve(parsed)
        context.count("sources", context.write(SOURCES, "sources", parsed))
        context.writer.flush_log()


def _parse_source(record: Record) -> Parsed:
    record.only(SOURCE_FIELDS)
    key = record.key()
    url = record.string("url")
    archive_url = record.string("archive_url")
    published = record.date("published")
    values = {
        "url": record.check("url", normalize_url, url, field="url") if url else None,
        "title": record.text("title"),
        "kind": record.choice("kind", SourceKind, SourceKind.ARTICLE),
        "published_on": published.value if published else None,
        "published_precision": published.precision if published else None,
        "archive_url": (
            record.check("archive_url", normalize_url, archive_url, field="archive_url")
            if archive_url
            else None
        ),
        "content_hash": record.text("content_hash", limit=CONTENT_HASH_LENGTH),
        "licence": record.name("licence"),
        "language": record.check("language", clean_language, record.string("language")),
    }
    if values["url"] is None and values["title"] is None:
        record.fail(None, "a source needs a url or a title", "give one, or both")
    refs = {"publisher_id": ("publisher", "actors", record.reference("publisher"))}
    return Parsed(record, key, values, refs)


def _check_urls_free(context: Context, parsed: Sequence[Parsed]) -> None:
    """An error when a source the file does not hold already has a URL the batch gives."""
    urls = {item.values["url"]: item for item in parsed if item.values["url"] is not None}
    if not urls:
        return
    query = select(SOURCES.c.id, SOURCES.c.import_key, SOURCES.c.url).where(
        SOURCES.c.url.in_(list(urls))
    )
    defined = context.keys["sources"].defined
    for row in context.writer.connection.execute(query):
        item = urls[row.url]
        if row.import_key != item.key and (row.import_key is None or row.import_key not in defined):
            item.record.fail(
                "url",
                f"source #{row.id} already has the URL {row.url}",
                "refer to that source, or leave the URL out",
                error_class=Conflict,
            )


def import_propositions(context: Context) -> None:
    for batch in context.records("propositions"):
        parsed = [_parse_proposition(record) for record in batch]
        wanted = topic_ids(context, parsed)
        changes = context.write(
            PROPOSITIONS,
            "propositions",
            parsed,
            before=partial(
                log_topics, context, PROPOSITION_TOPICS, "proposition_id", wanted=wanted
            ),
        )
        write_topics(context, PROPOSITION_TOPICS, "proposition_id", changes, wanted)
        context.count("propositions", changes)
        context.writer.flush_log()


def _parse_proposition(record: Record) -> Parsed:
    record.only(PROPOSITION_FIELDS)
    values = {"text": record.required_text("text")}
    return Parsed(record, record.key(), values, extra={"topics": topic_slugs(record)})


def topic_slugs(record: Record) -> dict[str, str]:
    """The topics ``record`` names, each once: slug -> name."""
    slugs: dict[str, str] = {}
    for text in record.strings("topics"):
        known = _TOPIC_NAMES.get(text)
        if known is None:
            known = record.check("topics", topic_name, text)
            if len(_TOPIC_NAMES) >= _TOPIC_NAMES_KEPT:
                _TOPIC_NAMES.clear()
            _TOPIC_NAMES[text] = known
        name, slug = known
        slugs.setdefault(slug, name)
    return slugs


# Topic names as given -> (name, slug): a few topics tag many records, and finding a slug
# costs more than the rest of a claim's fields. Bounded, so memory stays flat.
_TOPIC_NAMES: dict[str, tuple[str, str]] = {}
_TOPIC_NAMES_KEPT = 10_000


def topic_ids(context: Context, items: Sequence[Parsed]) -> dict[str, list[int]]:
    """The ids of the topics each item names (``extra["topics"]``), by the item's key; the
    topics not in the database are created, all at once."""
    names: dict[str, str] = {}
    for item in items:
        for slug, name in item.extra["topics"].items():
            if slug not in context.topics:
                names.setdefault(slug, name)
    if names:
        query = select(TOPICS.c.slug, TOPICS.c.id).where(TOPICS.c.slug.in_(list(names)))
        found: dict[str, int] = dict(context.writer.connection.execute(query).all())
        new = [{"name": name, "slug": slug} for slug, name in names.items() if slug not in found]
        ids = context.writer.insert_rows(TOPICS, new)
        found.update({row["slug"]: topic_id for row, topic_id in zip(new, ids, strict=True)})
        context.topics.update(found)
        context.summary["topics"].add("unchanged", len(names) - len(new))
        context.summary["topics"].add("created", len(new))
    return {item.key: [context.topics[slug] for slug in item.extra["topics"]] for item in items}


def log_topics(
    context: Context,
    table: Table,
    parent: str,
    changes: Sequence[Change],
    wanted: dict[str, list[int]],
) -> None:
    """Record a change of topics with the row it tags, as the ORM does: ``topics``: the
    topic ids before and after."""
    existing = [change.id for change in changes if change.id is not None]
    current: dict[int, list[int]] = {}
    if existing:
        query = select(table.c[parent], table.c.topic_id).where(table.c[parent].in_(existing))
        for parent_id, topic_id in context.writer.connection.execute(query):
            current.setdefault(parent_id, []).append(topic_id)
    for change in changes:
        after = sorted(wanted[change.key])
        if change.id is None:
            if after:
                change.changes["topics"] = [None, after]
            continue
        before = sorted(current.get(change.id, []))
        if before != after:
            change.changes["topics"] = [before, after]


def write_topics(
    context: Context,
    table: Table,
    parent: str,
    changes: Sequence[Change],
    wanted: dict[str, list[int]],
) -> None:
    """Tag each row with the topics the file gives it, and with no others."""
    if all(change.is_new for change in changes):
        # New rows have no topics yet: theirs are inserted, as ``mirror`` would.
        tags = [
            {parent: change.row_id, "topic_id": topic_id}
            for change in changes
            if "topics" in change.changes
            for topic_id in wanted[change.key]
        ]
        context.writer.insert_plain(table, tags)
        return
    rows: dict[int, list[dict[str, Any]]] = {
        change.row_id: [{"topic_id": topic_id} for topic_id in wanted[change.key]]
        for change in changes
        if "topics" in change.changes
    }
    new = {change.row_id for change in changes if change.is_new}
    context.writer.mirror(table, parent, rows, ("topic_id",), log=False, created=new)
