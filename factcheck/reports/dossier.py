"""A claim's dossier: the claim with all it carries, its links, contradictions and history."""

from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, aliased

from factcheck.models import (
    Actor,
    Appearance,
    ChangeLogEntry,
    Claim,
    ClaimLink,
    ClaimStance,
    ClaimStatus,
    Correction,
    Evidence,
    Verdict,
)
from factcheck.reports.contradictions import Filters, brief, find_contradictions
from factcheck.reports.records import load_claims
from factcheck.services.changelog import change_view
from factcheck.services.dates import format_date

# How a link reads from each end: (from claim_a, from claim_b).
_RELATIONS = {
    "contradicts": ("contradicts", "contradicts"),
    "same-as": ("is the same as", "is the same as"),
    "repeats": ("repeats", "is repeated by"),
    "supports": ("supports", "is supported by"),
    "clarifies": ("clarifies", "is clarified by"),
}


def claim_report(session: Session, claim: Claim) -> dict[str, Any]:
    """The dossier of one claim, retracted or not (docs/json/report-claim.md).

    ``claim.verdicts`` holds the current verdicts and ``verdict_history`` every verdict;
    ``contradictions`` counts suggested links too (marked), and takes in retracted claims only
    when the claim itself is retracted.
    """
    loaded = load_claims(
        session,
        [claim.id],
        include_retracted=True,
        verdict_history=True,
    )
    record = loaded.claims[claim.id]
    history = record["verdicts"]
    record = record | {"verdicts": [verdict for verdict in history if verdict["is_current"]]}
    contradictions = find_contradictions(
        session,
        Filters(
            claim_id=claim.id,
            include_suggested=True,
            include_retracted=claim.status is ClaimStatus.RETRACTED,
        ),
    )
    return {
        "report": "claim",
        "claim": record,
        "links": _links(session, claim.id),
        "contradictions": [brief(item) for item in contradictions],
        "verdict_history": history,
        "changes": _changes(session, claim.id),
    }


def _links(session: Session, claim_id: int) -> list[dict[str, Any]]:
    """Every link of the claim, of any kind and status, as read from the claim."""
    first, second = aliased(Claim), aliased(Claim)
    first_speaker, second_speaker = aliased(Actor), aliased(Actor)
    rows = session.execute(
        select(ClaimLink, first, first_speaker.name, second, second_speaker.name)
        .join(first, first.id == ClaimLink.claim_a_id)
        .join(first_speaker, first_speaker.id == first.speaker_id)
        .join(second, second.id == ClaimLink.claim_b_id)
        .join(second_speaker, second_speaker.id == second.speaker_id)
        .where(or_(ClaimLink.claim_a_id == claim_id, ClaimLink.claim_b_id == claim_id))
        .order_by(ClaimLink.id)
    )
    found = []
    for link, claim_a, speaker_a, claim_b, speaker_b in rows:
        outgoing = claim_a.id == claim_id
        other, speaker = (claim_b, speaker_b) if outgoing else (claim_a, speaker_a)
        relation = _RELATIONS[link.kind.value][0 if outgoing else 1]
        found.append(
            {
                "id": link.id,
                "kind": link.kind.value,
                "relation": relation,
                "status": link.status.value,
                "method": link.method.value,
                "score": link.score,
                "reason": link.reason,
                "note": link.note,
                "claim": {
                    "id": other.id,
                    "text": other.text,
                    "wording": other.wording.value,
                    "speaker": speaker,
                    "speaker_id": other.speaker_id,
                    "said": format_date(other.stated_on, other.stated_precision),
                    "status": other.status.value,
                },
            }
        )
    return found


def _changes(session: Session, claim_id: int) -> list[dict[str, Any]]:
    """The change-log rows of the claim and of everything that hangs off it, oldest first."""
    verdicts = select(Verdict.id).where(Verdict.claim_id == claim_id)
    owned = {
        "claims": select(Claim.id).where(Claim.id == claim_id),
        "claim_stances": select(ClaimStance.id).where(ClaimStance.claim_id == claim_id),
        "appearances": select(Appearance.id).where(Appearance.claim_id == claim_id),
        "evidence": select(Evidence.id).where(Evidence.claim_id == claim_id),
        "claim_links": select(ClaimLink.id).where(
            or_(ClaimLink.claim_a_id == claim_id, ClaimLink.claim_b_id == claim_id)
        ),
        "verdicts": verdicts,
        "corrections": select(Correction.id).where(
            or_(Correction.claim_id == claim_id, Correction.verdict_id.in_(verdicts))
        ),
    }
    entries = session.scalars(
        select(ChangeLogEntry)
        .where(
            or_(
                *(
                    and_(ChangeLogEntry.object_type == table, ChangeLogEntry.object_id.in_(ids))
                    for table, ids in owned.items()
                )
            )
        )
        .order_by(ChangeLogEntry.id)
    )
    return [change_view(entry) for entry in entries]
