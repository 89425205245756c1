"""Rows of the database that a ClaimReview file names again: an actor of the same name and
kind, a source with the same URL, imported before under a key of their own (from a native
file, say). A piece refers to them by that key instead of adding them a second time; their
records are left out of the piece, so that what the database says of them stays as it is."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Actor, Source
from factcheck.services.text import normalize_key


def _missing(session: Session, model: type[Actor] | type[Source], keys: list[str]) -> set[str]:
    """Those of ``keys`` that no row has as its import key."""
    found = set(session.scalars(select(model.import_key).where(model.import_key.in_(keys))))
    return set(keys) - found


def known_actors(session: Session, records: list[dict[str, Any]]) -> dict[str, str]:
    """The piece's actor key -> the import key of the actor of the database it is."""
    new = _missing(session, Actor, [record["key"] for record in records])
    wanted = {
        (normalize_key(record["name"]), record["kind"]): record["key"]
        for record in records
        if record["key"] in new
    }
    if not wanted:
        return {}
    query = (
        select(Actor.name_key, Actor.kind, Actor.import_key)
        .where(
            Actor.name_key.in_([name for name, _kind in wanted]),
            Actor.import_key.is_not(None),
            Actor.merged_into_id.is_(None),
        )
        .order_by(Actor.id)
    )
    found: dict[str, str] = {}
    for name_key, kind, import_key in session.execute(query):
        key = wanted.get((name_key, kind.value))
        if key is not None and import_key is not None:
            found.setdefault(key, import_key)
    return found


def known_sources(session: Session, records: list[dict[str, Any]]) -> dict[str, str]:
    """The piece's source key -> the import key of the source of the database with its URL."""
    new = _missing(session, Source, [record["key"] for record in records])
    wanted = {
        record["url"]: record["key"]
        for record in records
        if record["key"] in new and "url" in record
    }
    if not wanted:
        return {}
    query = select(Source.url, Source.import_key).where(
        Source.url.in_(list(wanted)), Source.import_key.is_not(None)
    )
    return {
        wanted[url]: import_key
        for url, import_key in session.execute(query)
        if url is not None and import_key is not None
    }


def rekeyed(
    data: dict[str, Any], actors: dict[str, str], sources: dict[str, str]
) -> dict[str, Any]:
    """``data`` referring to known rows by their keys, their own records left out."""

    def actor(key: str | None) -> str | None:
        return None if key is None else actors.get(key, key)

    def source(key: str | None) -> str | None:
        return None if key is None else sources.get(key, key)

    claims = []
    for claim in data["claims"]:
        changed = {**claim, "speaker": actor(claim["speaker"])}
        if "source" in claim:
            changed["source"] = source(claim["source"])
        if "appearances" in claim:
            changed["appearances"] = [
                {**item, "source": source(item["source"])} for item in claim["appearances"]
            ]
        claims.append(changed)
    return {
        **data,
        "actors": [record for record in data["actors"] if record["key"] not in actors],
        "sources": [
            {**record, "publisher": actor(record["publisher"])} if "publisher" in record else record
            for record in data["sources"]
            if record["key"] not in sources
        ],
        "claims": claims,
        "verdicts": [
            {**record, "reviewer": actor(record["reviewer"])} for record in data["verdicts"]
        ],
    }
