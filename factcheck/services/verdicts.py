"""Verdicts: a reviewer's rating of a claim; a revision supersedes, never overwrites.

A claim's *current* verdicts are those no later verdict supersedes: at most one per reviewer
when entered through ``add_verdict``, which makes a reviewer's new verdict on a claim supersede
the reviewer's current one.
"""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, aliased, selectinload

from factcheck.errors import Conflict, NotFound
from factcheck.models import (
    Actor,
    Bucket,
    Claim,
    ClaimStatus,
    RatingLevel,
    RatingScale,
    Source,
    Verdict,
)
from factcheck.services.dates import PartialDate, format_date
from factcheck.services.lookup import normalize_url, parse_id
from factcheck.services.ratings import DEFAULT_SCALE, find_level, get_scale
from factcheck.services.text import clean_optional


def _loaded() -> Any:
    return select(Verdict).options(
        selectinload(Verdict.reviewer),
        selectinload(Verdict.scale),
        selectinload(Verdict.level),
        selectinload(Verdict.claim),
    )


def _is_current() -> Any:
    successor = aliased(Verdict)
    return ~exists().where(successor.supersedes_id == Verdict.id)


def default_scale(session: Session, reviewer: Actor) -> RatingScale:
    """The scale a reviewer rates with when none is named: the scale of the reviewer's latest
    verdict, else the one scale the reviewer publishes, else ``basic``."""
    last = session.scalar(
        select(Verdict.scale_id)
        .where(Verdict.reviewer_id == reviewer.id)
        .order_by(Verdict.id.desc())
        .limit(1)
    )
    if last is not None:
        return session.get_one(RatingScale, last)
    published = session.scalars(
        select(RatingScale).where(RatingScale.publisher_id == reviewer.id).limit(2)
    ).all()
    if len(published) == 1:
        return published[0]
    return get_scale(session, DEFAULT_SCALE)


def resolve_rating(
    session: Session, reviewer: Actor, label: str, *, scale: str | None = None
) -> RatingLevel:
    """The level ``label`` names on ``scale``, or on the reviewer's default scale."""
    chosen = get_scale(session, scale) if scale is not None else default_scale(session, reviewer)
    return find_level(chosen, label)


def get_verdict(session: Session, reference: str | int) -> Verdict:
    verdict_id = reference if isinstance(reference, int) else parse_id(reference, kind="verdict")
    verdict = session.get(Verdict, verdict_id)
    if verdict is None:
        raise NotFound(f"no verdict #{verdict_id}", "see: factcheck verdict list")
    return verdict


def current_verdict_by(session: Session, claim: Claim, reviewer: Actor) -> Verdict | None:
    """The reviewer's current verdict on the claim (the latest, should there be several)."""
    return session.scalar(
        select(Verdict)
        .where(Verdict.claim_id == claim.id, Verdict.reviewer_id == reviewer.id, _is_current())
        .order_by(Verdict.id.desc())
        .limit(1)
    )


def ensure_open(claim: Claim) -> None:
    """An error when ``claim`` is retracted: nothing new hangs off a retracted claim."""
    if claim.status is ClaimStatus.RETRACTED:
        raise Conflict(
            f"claim #{claim.id} is retracted ({claim.retraction_reason})",
            "retracted claims keep their history but take no new verdicts or corrections",
        )


def add_verdict(
    session: Session,
    *,
    claim: Claim,
    reviewer: Actor,
    level: RatingLevel,
    explanation: str | None = None,
    review_url: str | None = None,
    reviewed: PartialDate | None = None,
    review_source: Source | None = None,
) -> Verdict:
    """A new verdict; it supersedes the reviewer's current verdict on the claim, if any."""
    ensure_open(claim)
    explanation = clean_optional(explanation, field="explanation")
    url = normalize_url(review_url, field="review URL") if review_url else None
    previous = current_verdict_by(session, claim, reviewer)
    verdict = Verdict(
        claim_id=claim.id,
        reviewer_id=reviewer.id,
        scale_id=level.scale_id,
        level_id=level.id,
        explanation=explanation,
        review_url=url,
        review_source_id=review_source.id if review_source else None,
        reviewed_on=reviewed.value if reviewed else None,
        reviewed_precision=reviewed.precision if reviewed else None,
        supersedes_id=previous.id if previous else None,
    )
    if previous is not None and _same_content(previous, verdict):
        raise Conflict(
            f"{reviewer.name} (#{reviewer.id}) already rated claim #{claim.id}"
            f" {level.label!r} in verdict #{previous.id} with the same details",
            "change the rating, explanation, URL or date to record a revision",
        )
    session.add(verdict)
    session.flush()
    return verdict


_CONTENT = (
    "scale_id",
    "level_id",
    "explanation",
    "review_url",
    "review_source_id",
    "reviewed_on",
    "reviewed_precision",
)


def _same_content(old: Verdict, new: Verdict) -> bool:
    return all(getattr(old, field) == getattr(new, field) for field in _CONTENT)


def current_verdicts(session: Session, claim: Claim) -> list[Verdict]:
    """The claim's verdicts that nothing supersedes, oldest first."""
    statement = _loaded().where(Verdict.claim_id == claim.id, _is_current())
    return list(session.scalars(statement.order_by(Verdict.id)))


def current_verdicts_of(session: Session, claim_ids: Sequence[int]) -> dict[int, list[Verdict]]:
    """The current verdicts of several claims at once, by claim id, oldest first."""
    found: dict[int, list[Verdict]] = {}
    if not claim_ids:
        return found
    statement = _loaded().where(Verdict.claim_id.in_(claim_ids), _is_current())
    for verdict in session.scalars(statement.order_by(Verdict.id)):
        found.setdefault(verdict.claim_id, []).append(verdict)
    return found


def verdict_history(session: Session, claim: Claim) -> list[Verdict]:
    """Every verdict on the claim, superseded ones included, oldest first."""
    statement = _loaded().where(Verdict.claim_id == claim.id)
    return list(session.scalars(statement.order_by(Verdict.id)))


def list_verdicts(
    session: Session,
    *,
    reviewer: Actor | None = None,
    scale: RatingScale | None = None,
    bucket: Bucket | None = None,
    claim: Claim | None = None,
    include_retracted: bool = False,
) -> list[Verdict]:
    """Current verdicts, oldest first; those on retracted claims only when asked for."""
    statement = _loaded().join(Verdict.claim).where(_is_current())
    if reviewer is not None:
        statement = statement.where(Verdict.reviewer_id == reviewer.id)
    if scale is not None:
        statement = statement.where(Verdict.scale_id == scale.id)
    if bucket is not None:
        levels = select(RatingLevel.id).where(RatingLevel.bucket == bucket)
        statement = statement.where(Verdict.level_id.in_(levels))
    if claim is not None:
        statement = statement.where(Verdict.claim_id == claim.id)
    if not include_retracted:
        statement = statement.where(Claim.status == ClaimStatus.ACTIVE)
    return list(session.scalars(statement.order_by(Verdict.id)))


def successors(session: Session, verdicts: Sequence[Verdict]) -> dict[int, int]:
    """Verdict id -> the id of the verdict that supersedes it, for those superseded."""
    ids = [verdict.id for verdict in verdicts]
    if not ids:
        return {}
    rows = session.execute(
        select(Verdict.supersedes_id, Verdict.id).where(Verdict.supersedes_id.in_(ids))
    ).all()
    return {old: new for old, new in rows if old is not None}


def verdict_views(session: Session, verdicts: Sequence[Verdict]) -> list[dict[str, Any]]:
    """``verdict_view`` of each verdict, with what supersedes it looked up at once."""
    later = successors(session, verdicts)
    return [verdict_view(verdict, superseded_by_id=later.get(verdict.id)) for verdict in verdicts]


def verdict_view(verdict: Verdict, *, superseded_by_id: int | None = None) -> dict[str, Any]:
    """The stable JSON shape of a verdict."""
    return {
        "id": verdict.id,
        "claim_id": verdict.claim_id,
        "claim_text": verdict.claim.text,
        "reviewer": verdict.reviewer.name,
        "reviewer_id": verdict.reviewer_id,
        "scale": verdict.scale.slug,
        "rating": verdict.level.label,
        "bucket": verdict.level.bucket.value,
        "score": verdict.level.score,
        "explanation": verdict.explanation,
        "url": verdict.review_url,
        "review_source_id": verdict.review_source_id,
        "date": format_date(verdict.reviewed_on, verdict.reviewed_precision),
        "supersedes_id": verdict.supersedes_id,
        "superseded_by_id": superseded_by_id,
        "is_current": superseded_by_id is None,
        "created_at": verdict.created_at.isoformat(),
    }
