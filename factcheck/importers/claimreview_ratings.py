"""Which scale level a ClaimReview rating is (docs/claimreview.md, "Ratings").

In order: a level (label or alias) of a scale the publisher publishes, its imported scale
included; else a level of a built-in scale whose numbers agree with the rating's
(``ratingValue``, ``bestRating``, ``worstRating``), ``basic`` first when the rating has no
numbers; else a new level, the rating's words verbatim with bucket ``other``, on the scale
``claimreview-<publisher>``, which the piece then defines with all its levels.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from factcheck.enums import Bucket
from factcheck.importers.claimreview_records import Party, Rating, same_numbers
from factcheck.models import Actor, RatingLevel, RatingScale
from factcheck.services.ratings import DEFAULT_SCALE
from factcheck.services.text import MAX_NAME_LENGTH, normalize_key


def rating_numbers(
    levels: Sequence[RatingLevel], level: RatingLevel
) -> tuple[int, int, int] | None:
    """``ratingValue``, ``bestRating`` and ``worstRating`` of ``level``: its rank among the
    scale's levels that have a score, counted from the worst (1). None for a level without a
    score (Unproven), or on a scale with fewer than two scored levels."""
    scored = [
        item.id for item in sorted(levels, key=lambda item: item.position) if item.score is not None
    ]
    if level.score is None or len(scored) < 2:
        return None
    return (len(scored) - scored.index(level.id), len(scored), 1)


def _matches(level: RatingLevel, key: str) -> bool:
    return level.label_key == key or any(alias.alias_key == key for alias in level.aliases)


@dataclass
class _Imported:
    """A publisher's imported scale as this piece defines it."""

    slug: str
    name: str
    description: str | None
    publisher: str
    levels: list[dict[str, Any]] = field(default_factory=list)
    grown: bool = False

    def find(self, key: str) -> str | None:
        for level in self.levels:
            keys = [normalize_key(level["label"]), *map(normalize_key, level.get("aliases", []))]
            if key in keys:
                return str(level["label"])
        return None

    def record(self) -> dict[str, Any]:
        record = {
            "slug": self.slug,
            "name": self.name,
            "description": self.description,
            "publisher": self.publisher,
            "levels": self.levels,
        }
        return {name: value for name, value in record.items() if value is not None}


class Placer:
    """Chooses the scale level of each rating of a piece, and the scales it must define."""

    def __init__(self, session: Session, actors: dict[str, str] | None = None) -> None:
        self.session = session
        # A publisher's key -> the key of the actor of the database it is.
        self.actors = actors or {}
        self.imported: dict[str, _Imported] = {}
        self.published: dict[str, list[RatingScale]] = {}
        builtin = self.session.scalars(
            _with_levels().where(RatingScale.is_builtin).order_by(RatingScale.slug)
        ).all()
        self.builtin = sorted(builtin, key=lambda scale: scale.slug != DEFAULT_SCALE)

    def place(self, reviewer: Party, rating: Rating) -> tuple[str, str]:
        """The slug of the scale and the label of the level that ``rating`` is."""
        key = normalize_key(rating.label)
        for scale in self._published(reviewer):
            for level in scale.levels:
                if _matches(level, key):
                    return scale.slug, level.label
        own = self._imported(reviewer)
        label = own.find(key)
        if label is not None:
            return own.slug, label
        for scale in self.builtin:
            for level in scale.levels:
                numbers = rating_numbers(scale.levels, level)
                fits = rating.numbers is None or same_numbers(numbers, rating.numbers)
                if _matches(level, key) and fits:
                    return scale.slug, level.label
        own.levels.append(
            {"label": rating.label, "score": _score(rating), "bucket": Bucket.OTHER.value}
        )
        own.levels[-1] = {
            name: value for name, value in own.levels[-1].items() if value is not None
        }
        own.grown = True
        return own.slug, rating.label

    def scale_records(self) -> list[dict[str, Any]]:
        """The imported scales that gained levels, each with all of its levels."""
        return [scale.record() for scale in self.imported.values() if scale.grown]

    def prefetch(self, reviewers: Sequence[Party]) -> None:
        """Read the scales of ``reviewers`` (those they publish, and their imported scales)
        in one query."""
        wanted = {reviewer.key: reviewer for reviewer in reviewers}
        keys = {self.actors.get(key, key): key for key in wanted}
        slugs = {reviewer.scale_slug: key for key, reviewer in wanted.items()}
        for key in wanted:
            self.published.setdefault(key, [])
        query = (
            _with_levels()
            .outerjoin(Actor, Actor.id == RatingScale.publisher_id)
            .where(Actor.import_key.in_(list(keys)) | RatingScale.slug.in_(list(slugs)))
            .order_by(RatingScale.id)
        )
        for scale in self.session.scalars(query):
            owners = {slugs.get(scale.slug)}
            if scale.publisher is not None and scale.publisher.import_key is not None:
                owners.add(keys.get(scale.publisher.import_key))
            for owner in owners:
                if owner is not None:
                    self.published[owner].append(scale)

    def _published(self, reviewer: Party) -> list[RatingScale]:
        """The scales in the database whose publisher is ``reviewer``, or with its imported
        scale's slug."""
        if reviewer.key not in self.published:
            self.prefetch([reviewer])
        return self.published[reviewer.key]

    def _imported(self, reviewer: Party) -> _Imported:
        slug = reviewer.scale_slug
        if slug in self.imported:
            return self.imported[slug]
        existing = self.session.scalar(_with_levels().where(RatingScale.slug == slug))
        if existing is None:
            name = f"{reviewer.name[: MAX_NAME_LENGTH - 14]} (ClaimReview)"
            scale = _Imported(slug, name, None, self.actors.get(reviewer.key, reviewer.key))
        else:
            publisher = existing.publisher.import_key if existing.publisher else None
            scale = _Imported(
                slug,
                existing.name,
                existing.description,
                publisher or self.actors.get(reviewer.key, reviewer.key),
                [_level_record(level) for level in existing.levels],
            )
        self.imported[slug] = scale
        return scale


def _with_levels() -> Any:
    return select(RatingScale).options(
        selectinload(RatingScale.levels).selectinload(RatingLevel.aliases),
        selectinload(RatingScale.publisher),
    )


def _level_record(level: RatingLevel) -> dict[str, Any]:
    record = {
        "label": level.label,
        "score": level.score,
        "bucket": level.bucket.value,
        "aliases": [alias.alias for alias in level.aliases],
    }
    return {name: value for name, value in record.items() if value is not None and value != []}


def _score(rating: Rating) -> float | None:
    """The rating's place between worst (0) and best (1), when its numbers say."""
    if rating.numbers is None:
        return None
    value, best, worst = rating.numbers
    if best == worst:
        return None
    return min(1.0, max(0.0, (value - worst) / (best - worst)))
