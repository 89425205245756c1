"""Appearances: a claim said or printed again somewhere."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from factcheck.errors import Conflict, NotFound
from factcheck.models import Appearance, Claim, Source
from factcheck.services.dates import PartialDate, format_date
from factcheck.services.lookup import parse_id
from factcheck.services.text import MAX_NAME_LENGTH, clean_optional


def get_appearance(session: Session, reference: str | int) -> Appearance:
    number = reference if isinstance(reference, int) else parse_id(reference, kind="appearance")
    appearance = session.get(Appearance, number)
    if appearance is None:
        raise NotFound(f"no appearance #{number}", "see: factcheck appearance list CLAIM")
    return appearance


def add_appearance(
    session: Session,
    *,
    claim: Claim,
    source: Source,
    appeared: PartialDate | None = None,
    locator: str | None = None,
    excerpt: str | None = None,
) -> Appearance:
    """Record that ``claim`` appears in ``source``; the same record twice is an error.

    A retracted claim still takes appearances: where it was said stays part of its history.
    """
    locator = clean_optional(locator, field="locator", limit=MAX_NAME_LENGTH)
    excerpt = clean_optional(excerpt, field="excerpt")
    appeared_on = appeared.value if appeared else None
    precision = appeared.precision if appeared else None
    duplicate = session.scalar(
        select(Appearance.id).where(
            Appearance.claim_id == claim.id,
            Appearance.source_id == source.id,
            Appearance.appeared_on.is_not_distinct_from(appeared_on),
            Appearance.appeared_precision.is_not_distinct_from(precision),
            Appearance.locator.is_not_distinct_from(locator),
            Appearance.excerpt.is_not_distinct_from(excerpt),
        )
    )
    if duplicate is not None:
        raise Conflict(
            f"appearance #{duplicate} already records this",
            f"see: factcheck appearance show {duplicate}",
        )
    appearance = Appearance(
        claim=claim,
        source=source,
        appeared_on=appeared_on,
        appeared_precision=precision,
        locator=locator,
        excerpt=excerpt,
    )
    session.add(appearance)
    session.flush()
    return appearance


def list_appearances(session: Session, claim: Claim) -> list[Appearance]:
    """Where ``claim`` appears: dated ones first, in date order, then the undated."""
    statement = (
        select(Appearance)
        .where(Appearance.claim_id == claim.id)
        .options(selectinload(Appearance.source))
        .order_by(Appearance.appeared_on.is_(None), Appearance.appeared_on, Appearance.id)
    )
    return list(session.scalars(statement))


def source_reference(source: Source) -> dict[str, Any]:
    """How appearances and evidence name their source."""
    return {"id": source.id, "url": source.url, "title": source.title}


def appearance_view(appearance: Appearance) -> dict[str, Any]:
    """The stable JSON shape of an appearance."""
    return {
        "id": appearance.id,
        "claim_id": appearance.claim_id,
        "source": source_reference(appearance.source),
        "date": format_date(appearance.appeared_on, appearance.appeared_precision),
        "locator": appearance.locator,
        "excerpt": appearance.excerpt,
        "created_at": appearance.created_at.isoformat(),
        "updated_at": appearance.updated_at.isoformat(),
    }
