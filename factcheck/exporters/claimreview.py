"""Current verdicts as schema.org ClaimReview JSON-LD: a DataFeed whose ``dataFeedElement``
holds one ClaimReview per current verdict (docs/claimreview.md).

A verdict without what Google requires of a ClaimReview (the review's ``url``; the claim's
words and the rating's label are always there) is left out and named in a warning, never
written incomplete. The output depends only on the rows: reviews by claim, then verdict id;
fields in a fixed order, missing values left out.
"""

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import time
from typing import Any

from sqlalchemy import ColumnElement, exists, select, true
from sqlalchemy.orm import Session, aliased, selectinload

from factcheck.enums import ActorKind, SourceKind
from factcheck.exporters.selection import CLAIMS
from factcheck.exporters.writing import Write
from factcheck.importers.bulk import BATCH_SIZE
from factcheck.importers.claimreview_ratings import rating_numbers
from factcheck.models import Actor, Appearance, Claim, RatingLevel, RatingScale, Source, Verdict
from factcheck.services.dates import format_date

CONTEXT = "https://schema.org"
# The schema.org type each kind of source is written as.
WORK_TYPES = {
    SourceKind.ARTICLE: "Article",
    SourceKind.VIDEO: "VideoObject",
    SourceKind.AUDIO: "AudioObject",
    SourceKind.SOCIAL_POST: "SocialMediaPosting",
    SourceKind.DATASET: "Dataset",
    SourceKind.REVIEW: "Review",
}


@dataclass(frozen=True)
class Outcome:
    """How many ClaimReviews were written, and a line for each verdict left out."""

    written: int
    left_out: list[str]


def export(
    session: Session, write: Write, *, condition: ColumnElement[bool] | None = None
) -> Outcome:
    """Write the current verdicts on the claims ``condition`` selects (all, when None)."""
    write(f'{{\n  "@context": "{CONTEXT}",\n  "@type": "DataFeed",\n  "dataFeedElement": [')
    written = 0
    left_out: list[str] = []
    for verdicts, appearances in _batches(session, condition):
        for verdict in verdicts:
            if verdict.review_url is None:
                left_out.append(_missing(verdict, "url", "the review's web address"))
                continue
            record = claim_review(verdict, appearances.get(verdict.claim_id, []))
            text = json.dumps(record, indent=2, ensure_ascii=False)
            separator = ",\n" if written else "\n"
            write(separator + "\n".join("    " + line for line in text.split("\n")))
            written += 1
    write("\n  ]\n}\n" if written else "]\n}\n")
    return Outcome(written, left_out)


def _missing(verdict: Verdict, field: str, what: str) -> str:
    return (
        f"verdict #{verdict.id} by {verdict.reviewer.name} on claim #{verdict.claim_id}"
        f" left out: no {field} ({what}); record a revision with"
        f" factcheck verdict add {verdict.claim_id} --by {verdict.reviewer_id}"
        f" --rating {json.dumps(verdict.level.label, ensure_ascii=False)} --url URL"
    )


def _batches(
    session: Session, condition: ColumnElement[bool] | None
) -> Iterator[tuple[Sequence[Verdict], dict[int, list[Source]]]]:
    """Current verdicts, a batch at a time, with the sources their claims appeared in."""
    successor = aliased(Verdict)
    claims = select(CLAIMS.c.id).where(true() if condition is None else condition)
    ids_query = (
        select(Verdict.id)
        .where(Verdict.claim_id.in_(claims), ~exists().where(successor.supersedes_id == Verdict.id))
        .order_by(Verdict.claim_id, Verdict.id)
    )
    ids = list(session.scalars(ids_query))
    for start in range(0, len(ids), BATCH_SIZE):
        chunk = ids[start : start + BATCH_SIZE]
        query = (
            select(Verdict)
            .where(Verdict.id.in_(chunk))
            .options(
                selectinload(Verdict.reviewer),
                selectinload(Verdict.level),
                selectinload(Verdict.scale)
                .selectinload(RatingScale.levels)
                .selectinload(RatingLevel.aliases),
                selectinload(Verdict.claim).selectinload(Claim.speaker),
                selectinload(Verdict.claim)
                .selectinload(Claim.first_source)
                .selectinload(Source.publisher),
            )
            .order_by(Verdict.claim_id, Verdict.id)
        )
        verdicts = session.scalars(query).all()
        claim_ids = sorted({verdict.claim_id for verdict in verdicts})
        found = session.scalars(
            select(Appearance)
            .where(Appearance.claim_id.in_(claim_ids))
            .options(selectinload(Appearance.source).selectinload(Source.publisher))
            .order_by(Appearance.id)
        )
        appearances: dict[int, list[Source]] = {}
        for appearance in found:
            appearances.setdefault(appearance.claim_id, []).append(appearance.source)
        yield verdicts, appearances
        session.expunge_all()


def claim_review(verdict: Verdict, appearances: Sequence[Source]) -> dict[str, Any]:
    """The ClaimReview of one verdict."""
    claim = verdict.claim
    rating: dict[str, Any] = {"@type": "Rating"}
    numbers = rating_numbers(verdict.scale.levels, verdict.level)
    if numbers is not None:
        rating.update(zip(("ratingValue", "bestRating", "worstRating"), numbers, strict=True))
    rating["alternateName"] = verdict.level.label
    if verdict.explanation:
        rating["ratingExplanation"] = verdict.explanation
    reviewed: dict[str, Any] = {
        "@type": "Claim",
        "author": _party(claim.speaker),
        "datePublished": _said(claim),
        "inLanguage": claim.language,
        "appearance": [_work(source) for source in appearances],
        "firstAppearance": _work(claim.first_source) if claim.first_source else None,
    }
    record = {
        "@type": "ClaimReview",
        "url": verdict.review_url,
        "claimReviewed": claim.text,
        "author": _party(verdict.reviewer),
        "datePublished": format_date(verdict.reviewed_on, verdict.reviewed_precision),
        "reviewRating": rating,
        "itemReviewed": _compact(reviewed),
    }
    return _compact(record)


def _compact(record: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in record.items() if value is not None and value != []}


def _party(actor: Actor) -> dict[str, Any]:
    kind = "Organization" if actor.kind is ActorKind.ORGANIZATION else "Person"
    return {"@type": kind, "name": actor.name}


def _work(source: Source) -> dict[str, Any]:
    return _compact(
        {
            "@type": WORK_TYPES.get(source.kind, "CreativeWork"),
            "url": source.url,
            "name": source.title,
            "datePublished": format_date(source.published_on, source.published_precision),
            "publisher": _party(source.publisher) if source.publisher else None,
        }
    )


def _said(claim: Claim) -> str | None:
    day = format_date(claim.stated_on, claim.stated_precision)
    clock: time | None = claim.stated_time
    if day is None or clock is None:
        return day
    return f"{day}T{clock.strftime('%H:%M:%S' if clock.second else '%H:%M')}"
