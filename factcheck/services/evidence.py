"""Evidence: a source excerpt that supports, refutes or gives context to a claim."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from factcheck.errors import Conflict, NotFound
from factcheck.models import Claim, Evidence, EvidenceStance, Source
from factcheck.services.appearances import source_reference
from factcheck.services.lookup import parse_id
from factcheck.services.text import MAX_NAME_LENGTH, clean_optional, enum_member


def parse_evidence_stance(value: EvidenceStance | str) -> EvidenceStance:
    return enum_member(EvidenceStance, value, "stance")


def get_evidence(session: Session, reference: str | int) -> Evidence:
    number = reference if isinstance(reference, int) else parse_id(reference, kind="evidence")
    evidence = session.get(Evidence, number)
    if evidence is None:
        raise NotFound(f"no evidence #{number}", "see: factcheck evidence list CLAIM")
    return evidence


def add_evidence(
    session: Session,
    *,
    claim: Claim,
    source: Source,
    stance: EvidenceStance | str,
    excerpt: str | None = None,
    locator: str | None = None,
    note: str | None = None,
) -> Evidence:
    """Record evidence bearing on ``claim``; the same record twice is an error.

    A retracted claim still takes evidence: what was known about it stays part of its history.
    """
    stance = parse_evidence_stance(stance)
    excerpt = clean_optional(excerpt, field="excerpt")
    locator = clean_optional(locator, field="locator", limit=MAX_NAME_LENGTH)
    note = clean_optional(note, field="note")
    duplicate = session.scalar(
        select(Evidence.id).where(
            Evidence.claim_id == claim.id,
            Evidence.source_id == source.id,
            Evidence.stance == stance,
            Evidence.excerpt.is_not_distinct_from(excerpt),
            Evidence.locator.is_not_distinct_from(locator),
        )
    )
    if duplicate is not None:
        raise Conflict(
            f"evidence #{duplicate} already records this",
            f"see: factcheck evidence show {duplicate}",
        )
    evidence = Evidence(
        claim=claim, source=source, stance=stance, excerpt=excerpt, locator=locator, note=note
    )
    session.add(evidence)
    session.flush()
    return evidence


def list_evidence(
    session: Session, claim: Claim, *, stance: EvidenceStance | str | None = None
) -> list[Evidence]:
    """The evidence on ``claim``, in the order it was recorded."""
    statement = (
        select(Evidence)
        .where(Evidence.claim_id == claim.id)
        .options(selectinload(Evidence.source))
        .order_by(Evidence.id)
    )
    if stance is not None:
        statement = statement.where(Evidence.stance == parse_evidence_stance(stance))
    return list(session.scalars(statement))


def evidence_view(evidence: Evidence) -> dict[str, Any]:
    """The stable JSON shape of a piece of evidence."""
    return {
        "id": evidence.id,
        "claim_id": evidence.claim_id,
        "stance": evidence.stance.value,
        "source": source_reference(evidence.source),
        "excerpt": evidence.excerpt,
        "locator": evidence.locator,
        "note": evidence.note,
        "created_at": evidence.created_at.isoformat(),
        "updated_at": evidence.updated_at.isoformat(),
    }
