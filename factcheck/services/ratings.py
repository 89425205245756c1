"""Rating scales and their levels: find a scale by slug and a rating by label or alias."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from factcheck.errors import InvalidInput, NotFound
from factcheck.models import RatingLevel, RatingScale
from factcheck.services.text import normalize_key, slugify

DEFAULT_SCALE = "basic"


def _with_levels() -> Any:
    return select(RatingScale).options(
        selectinload(RatingScale.levels).selectinload(RatingLevel.aliases)
    )


def list_scales(session: Session) -> list[RatingScale]:
    """Every scale, built-in ones first, then by slug."""
    statement = _with_levels().order_by(RatingScale.is_builtin.desc(), RatingScale.slug)
    return list(session.scalars(statement))


def get_scale(session: Session, slug: str) -> RatingScale:
    """The scale called ``slug`` (its slug or name, case-insensitive), or an error listing them."""
    if not slug or not slug.strip():
        raise InvalidInput("scale is empty", "give a scale's slug, e.g. politifact")
    wanted = slugify(slug)
    scales = list_scales(session)
    for scale in scales:
        if scale.slug == slug.strip() or wanted in (slugify(scale.slug), slugify(scale.name)):
            return scale
    known = ", ".join(scale.slug for scale in scales)
    raise NotFound(f"no rating scale {slug!r}", f"scales: {known}")


def find_level(scale: RatingScale, label: str) -> RatingLevel:
    """The level of ``scale`` whose label, else whose alias, is ``label`` (case-, accent- and
    punctuation-insensitive: ``barely-true`` finds Mostly False)."""
    key = normalize_key(label)
    if not key:
        raise InvalidInput("rating is empty", f"ratings on {scale.slug}: {_labels(scale)}")
    for level in scale.levels:
        if level.label_key == key:
            return level
    for level in scale.levels:
        if any(alias.alias_key == key for alias in level.aliases):
            return level
    raise InvalidInput(
        f"no rating {label!r} on {scale.slug}; ratings: {_labels(scale)}",
        "give one of these, or another scale with --scale",
    )


def _labels(scale: RatingScale) -> str:
    return ", ".join(level.label for level in scale.levels)


def level_view(level: RatingLevel) -> dict[str, Any]:
    """The stable JSON shape of one rating of a scale."""
    return {
        "position": level.position,
        "label": level.label,
        "score": level.score,
        "bucket": level.bucket.value,
        "aliases": [alias.alias for alias in level.aliases],
    }


def scale_view(scale: RatingScale) -> dict[str, Any]:
    """The stable JSON shape of a rating scale, with its levels best first."""
    return {
        "id": scale.id,
        "slug": scale.slug,
        "name": scale.name,
        "description": scale.description,
        "publisher": scale.publisher.name if scale.publisher else None,
        "publisher_id": scale.publisher_id,
        "is_builtin": scale.is_builtin,
        "levels": [level_view(level) for level in scale.levels],
    }
