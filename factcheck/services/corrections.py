"""Corrections: later statements that correct a claim or a verdict.

When no kind is given, it follows from who issues the correction: the speaker correcting
their own claim issues a ``clarification``; a reviewer correcting their own verdict issues a
``newsroom`` correction; anyone else issues a ``third-party`` correction. A ``retraction`` is
always stated explicitly.
"""

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from factcheck.errors import Conflict, InvalidInput, NotFound
from factcheck.models import Actor, Claim, Correction, CorrectionKind, Source, Verdict
from factcheck.services.dates import PartialDate, format_date
from factcheck.services.lookup import get_claim, parse_id
from factcheck.services.text import clean_text, normalize_key
from factcheck.services.verdicts import ensure_open, get_verdict

Target = Claim | Verdict

TARGET_FORMS = "give CLAIM_ID, claim:ID or verdict:ID"


def resolve_target(session: Session, reference: str) -> Target:
    """The claim or verdict ``reference`` names: ``12``, ``#12``, ``claim:12`` or ``verdict:7``."""
    text = reference.strip()
    kind, separator, number = text.partition(":")
    if not separator:
        return get_claim(session, text)
    kind = kind.strip().lower()
    if kind == "claim":
        return get_claim(session, parse_id(number, kind="claim"))
    if kind == "verdict":
        return get_verdict(session, parse_id(number, kind="verdict"))
    raise InvalidInput(f"correction target {reference!r} is not a claim or a verdict", TARGET_FORMS)


def target_claim(target: Target) -> Claim:
    return target if isinstance(target, Claim) else target.claim


def default_kind(target: Target, issued_by: Actor) -> CorrectionKind:
    """Clarification by the claim's speaker, newsroom correction by the verdict's reviewer,
    third-party correction by anyone else."""
    if isinstance(target, Claim):
        own = target.speaker_id == issued_by.id
        return CorrectionKind.CLARIFICATION if own else CorrectionKind.THIRD_PARTY
    own = target.reviewer_id == issued_by.id
    return CorrectionKind.NEWSROOM if own else CorrectionKind.THIRD_PARTY


def _target_filter(target: Target) -> Any:
    if isinstance(target, Claim):
        return Correction.claim_id == target.id
    return Correction.verdict_id == target.id


def _label(target: Target) -> str:
    return f"claim #{target.id}" if isinstance(target, Claim) else f"verdict #{target.id}"


def add_correction(
    session: Session,
    *,
    target: Target,
    issued_by: Actor,
    text: str,
    issued: PartialDate | None = None,
    source: Source | None = None,
    kind: CorrectionKind | None = None,
) -> Correction:
    """A new correction of a claim or a verdict; the same words by the same issuer twice are
    an error."""
    ensure_open(target_claim(target))
    text = clean_text(text, field="correction text")
    same_issuer = select(Correction).where(
        _target_filter(target), Correction.issued_by_id == issued_by.id
    )
    for existing in session.scalars(same_issuer):
        if normalize_key(existing.text) == normalize_key(text):
            raise Conflict(
                f"{issued_by.name} (#{issued_by.id}) already corrected {_label(target)}"
                f" with these words in correction #{existing.id}",
            )
    correction = Correction(
        claim_id=target.id if isinstance(target, Claim) else None,
        verdict_id=target.id if isinstance(target, Verdict) else None,
        kind=kind or default_kind(target, issued_by),
        issued_by_id=issued_by.id,
        issued_on=issued.value if issued else None,
        issued_precision=issued.precision if issued else None,
        text=text,
        source_id=source.id if source else None,
    )
    session.add(correction)
    session.flush()
    return correction


def _loaded() -> Any:
    return select(Correction).options(
        selectinload(Correction.issued_by),
        selectinload(Correction.source),
        selectinload(Correction.verdict),
    )


def get_correction(session: Session, reference: str | int) -> Correction:
    number = reference if isinstance(reference, int) else parse_id(reference, kind="correction")
    correction = session.get(Correction, number)
    if correction is None:
        raise NotFound(f"no correction #{number}", "see: factcheck correction list")
    return correction


def corrections_for(session: Session, claim: Claim) -> list[Correction]:
    """Corrections of the claim and of any of its verdicts, oldest first."""
    return list_corrections(session, claim=claim)


def list_corrections(
    session: Session,
    *,
    claim: Claim | None = None,
    kind: CorrectionKind | None = None,
    issued_by: Actor | None = None,
) -> list[Correction]:
    """Corrections, oldest first; with ``claim``, those of it and of its verdicts."""
    statement = _loaded()
    if claim is not None:
        of_verdicts = select(Verdict.id).where(Verdict.claim_id == claim.id)
        statement = statement.where(
            or_(Correction.claim_id == claim.id, Correction.verdict_id.in_(of_verdicts))
        )
    if kind is not None:
        statement = statement.where(Correction.kind == kind)
    if issued_by is not None:
        statement = statement.where(Correction.issued_by_id == issued_by.id)
    return list(session.scalars(statement.order_by(Correction.id)))


def correction_view(correction: Correction) -> dict[str, Any]:
    """The stable JSON shape of a correction; ``claim_id`` is the claim it bears on, also when
    it corrects one of the claim's verdicts."""
    verdict = correction.verdict
    target = (
        f"verdict:{correction.verdict_id}"
        if verdict is not None
        else f"claim:{correction.claim_id}"
    )
    return {
        "id": correction.id,
        "target": target,
        "claim_id": verdict.claim_id if verdict is not None else correction.claim_id,
        "verdict_id": correction.verdict_id,
        "kind": correction.kind.value,
        "issued_by": correction.issued_by.name,
        "issued_by_id": correction.issued_by_id,
        "date": format_date(correction.issued_on, correction.issued_precision),
        "text": correction.text,
        "source_id": correction.source_id,
        "source_url": correction.source.url if correction.source else None,
        "created_at": correction.created_at.isoformat(),
    }
