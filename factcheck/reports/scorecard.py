"""A speaker's scorecard: claims, verdicts, contradictions and corrections, counted."""

from collections import Counter
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from factcheck.models import (
    Actor,
    ActorAlias,
    Affiliation,
    Bucket,
    Claim,
    ClaimStatus,
    Correction,
    CorrectionKind,
    RatingLevel,
    RatingScale,
    Source,
    Verdict,
)
from factcheck.reports.contradictions import Filters, brief, find_contradictions
from factcheck.reports.records import source_ref
from factcheck.reports.roles import role_view
from factcheck.services.dates import format_date


def speaker_report(session: Session, speaker: Actor) -> dict[str, Any]:
    """The scorecard of one speaker (docs/json/report-speaker.md).

    Retracted claims are counted as such and left out of everything else; verdicts are the
    current ones.
    """
    contradictions = [
        brief(item) for item in find_contradictions(session, Filters(speaker=speaker))
    ]
    corrections = _corrections(session, speaker)
    return {
        "report": "speaker",
        "speaker": _speaker(session, speaker),
        "claims": _claim_counts(session, speaker),
        "verdicts": _verdicts(session, speaker),
        "contradictions": _contradiction_counts(contradictions, speaker.id),
        "corrections": {
            "total": len(corrections),
            "by_kind": {
                kind.value: sum(1 for item in corrections if item["kind"] == kind.value)
                for kind in CorrectionKind
            },
            "items": corrections,
        },
    }


def _speaker(session: Session, speaker: Actor) -> dict[str, Any]:
    aliases = session.scalars(
        select(ActorAlias.alias).where(ActorAlias.actor_id == speaker.id).order_by(ActorAlias.id)
    ).all()
    organization = aliased(Actor)
    roles = session.execute(
        select(Affiliation, organization.name)
        .outerjoin(organization, organization.id == Affiliation.organization_id)
        .where(Affiliation.actor_id == speaker.id)
        .order_by(Affiliation.started_on, Affiliation.id)
    ).all()
    return {
        "id": speaker.id,
        "name": speaker.name,
        "kind": speaker.kind.value,
        "description": speaker.description,
        "aliases": list(aliases),
        "roles": [role_view(affiliation, name) for affiliation, name in roles],
    }


def _current(statement: Any) -> Any:
    successor = aliased(Verdict)
    return statement.outerjoin(successor, successor.supersedes_id == Verdict.id).where(
        successor.id.is_(None)
    )


def _active_claims(speaker: Actor) -> Any:
    return select(Claim.id).where(
        Claim.speaker_id == speaker.id, Claim.status == ClaimStatus.ACTIVE
    )


def _claim_counts(session: Session, speaker: Actor) -> dict[str, int]:
    by_status = dict(
        session.execute(
            select(Claim.status, func.count())
            .where(Claim.speaker_id == speaker.id)
            .group_by(Claim.status)
        ).all()
    )
    rated = session.scalar(
        _current(
            select(func.count(func.distinct(Verdict.claim_id))).where(
                Verdict.claim_id.in_(_active_claims(speaker))
            )
        )
    )
    active = by_status.get(ClaimStatus.ACTIVE, 0)
    return {
        "total": sum(by_status.values()),
        "active": active,
        "retracted": by_status.get(ClaimStatus.RETRACTED, 0),
        "rated": rated or 0,
        "unrated": active - (rated or 0),
    }


def _verdicts(session: Session, speaker: Actor) -> dict[str, Any]:
    """Current verdicts on the speaker's active claims, by bucket and by rating level."""
    rows = session.execute(
        _current(
            select(
                RatingScale.slug,
                RatingLevel.label,
                RatingLevel.position,
                RatingLevel.bucket,
                RatingLevel.score,
                func.count(Verdict.id),
            )
            .join(RatingScale, RatingScale.id == Verdict.scale_id)
            .join(RatingLevel, RatingLevel.id == Verdict.level_id)
            .where(Verdict.claim_id.in_(_active_claims(speaker)))
        )
        .group_by(
            RatingScale.slug,
            RatingLevel.label,
            RatingLevel.position,
            RatingLevel.bucket,
            RatingLevel.score,
        )
        .order_by(RatingScale.slug, RatingLevel.position)
    ).all()
    buckets: Counter[str] = Counter()
    levels = []
    for scale, label, position, bucket, score, count in rows:
        buckets[bucket.value] += count
        levels.append(
            {
                "scale": scale,
                "rating": label,
                "position": position,
                "bucket": bucket.value,
                "score": score,
                "count": count,
            }
        )
    return {
        "total": sum(buckets.values()),
        "by_bucket": {bucket.value: buckets[bucket.value] for bucket in Bucket},
        "by_level": levels,
    }


def _contradiction_counts(items: list[dict[str, Any]], speaker_id: int) -> dict[str, Any]:
    """How many contradictions set the speaker against others, and how the record fell."""
    others = [item for item in items if not item["self"]]
    outcomes: Counter[str] = Counter()
    for item in others:
        favoured = item["assessment"]["favoured_claim_id"]
        if favoured is None:
            outcomes["unresolved"] += 1
            continue
        mine = next(side["id"] for side in item["sides"] if side["speaker_id"] == speaker_id)
        outcomes["favoured" if favoured == mine else "disfavoured"] += 1
    return {
        "with_others": len(others),
        "self": len(items) - len(others),
        "favoured": outcomes["favoured"],
        "disfavoured": outcomes["disfavoured"],
        "unresolved": outcomes["unresolved"],
        "items": items,
    }


def _corrections(session: Session, speaker: Actor) -> list[dict[str, Any]]:
    """Corrections of the speaker's active claims, in the order they were issued."""
    issuer, publisher = aliased(Actor), aliased(Actor)
    rows = session.execute(
        select(Correction, Claim.text, issuer.name, Source, publisher.name)
        .join(Claim, Claim.id == Correction.claim_id)
        .join(issuer, issuer.id == Correction.issued_by_id)
        .outerjoin(Source, Source.id == Correction.source_id)
        .outerjoin(publisher, publisher.id == Source.publisher_id)
        .where(Correction.claim_id.in_(_active_claims(speaker)))
        .order_by(Correction.issued_on.is_(None), Correction.issued_on, Correction.id)
    )
    return [
        {
            "id": correction.id,
            "claim_id": correction.claim_id,
            "claim_text": claim_text,
            "target": f"claim:{correction.claim_id}",
            "kind": correction.kind.value,
            "issued_by": {"id": correction.issued_by_id, "name": issuer_name},
            "date": format_date(correction.issued_on, correction.issued_precision),
            "text": correction.text,
            "source": source_ref(source, publisher_name),
        }
        for correction, claim_text, issuer_name, source, publisher_name in rows
    ]
