"""Sources: the documents claims, evidence and verdicts come from."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from factcheck.errors import Conflict
from factcheck.models import Actor, Source, SourceKind
from factcheck.services.dates import PartialDate, format_date
from factcheck.services.lookup import (
    find_source,
    found_or_created,
    get_source,
    looks_like_id,
    normalize_url,
)
from factcheck.services.text import clean_language, clean_optional


def add_source(
    session: Session,
    *,
    url: str,
    title: str | None = None,
    publisher: Actor | None = None,
    published: PartialDate | None = None,
    kind: SourceKind = SourceKind.ARTICLE,
    archive_url: str | None = None,
    language: str | None = None,
) -> Source:
    """A new source at ``url`` (normalised); an error if a source already has that URL."""
    normalized = normalize_url(url)
    existing = session.scalar(select(Source).where(Source.url == normalized))
    if existing is not None:
        raise Conflict(
            f"source #{existing.id} already has the URL {normalized}",
            f"use --source {existing.id}, or see: factcheck source show {existing.id}",
        )
    return _flushed(
        session,
        Source(
            url=normalized,
            title=clean_optional(title, field="title"),
            publisher=publisher,
            published_on=published.value if published else None,
            published_precision=published.precision if published else None,
            kind=SourceKind(kind),
            archive_url=normalize_url(archive_url, field="archive URL") if archive_url else None,
            language=clean_language(language),
        ),
    )


def _flushed(session: Session, source: Source) -> Source:
    session.add(source)
    session.flush()
    return source


def source_for(session: Session, reference: str) -> tuple[Source, bool]:
    """The source an id or a URL denotes; an unknown URL becomes a new source.

    Returns the source and whether it was created. An unknown id is an error: an id
    cannot say what the document is.
    """
    if looks_like_id(reference):
        return get_source(session, reference), False
    return found_or_created(
        session,
        lambda: find_source(session, reference),
        # Not add_source: a source another writer has just added is found, not refused.
        lambda: _flushed(session, Source(url=normalize_url(reference), kind=SourceKind.ARTICLE)),
    )


def list_sources(
    session: Session, *, publisher: Actor | None = None, kind: SourceKind | None = None
) -> list[Source]:
    statement = select(Source).options(selectinload(Source.publisher))
    if publisher is not None:
        statement = statement.where(Source.publisher_id == publisher.id)
    if kind is not None:
        statement = statement.where(Source.kind == kind)
    return list(session.scalars(statement.order_by(Source.id)))


def source_label(source: Source) -> str:
    """How a message names a source: its URL, else its title, with the id."""
    return f"{source.url or source.title} (#{source.id})"


def source_view(source: Source) -> dict[str, Any]:
    """The stable JSON shape of a source."""
    return {
        "id": source.id,
        "url": source.url,
        "title": source.title,
        "kind": source.kind.value,
        "publisher": source.publisher.name if source.publisher else None,
        "publisher_id": source.publisher_id,
        "published": format_date(source.published_on, source.published_precision),
        "archive_url": source.archive_url,
        "language": source.language,
        "licence": source.licence,
        "content_hash": source.content_hash,
        "created_at": source.created_at.isoformat(),
        "updated_at": source.updated_at.isoformat(),
    }
