"""Propositions: neutral, checkable statements, and the stances claims take on them."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, object_session, selectinload

from factcheck.errors import Conflict, NotFound
from factcheck.models import Claim, ClaimStance, ClaimStatus, Proposition, Stance
from factcheck.services import lookup
from factcheck.services.rows import parse_stance
from factcheck.services.text import clean_text


def get_proposition(session: Session, reference: str | int) -> Proposition:
    """The proposition with this id (``12`` or ``#12``)."""
    number = (
        reference if isinstance(reference, int) else lookup.parse_id(reference, kind="proposition")
    )
    proposition = session.get(Proposition, number)
    if proposition is None:
        raise NotFound(f"no proposition #{number}", "see: factcheck proposition list")
    return proposition


def add_proposition(session: Session, *, text: str, topics: Sequence[str] = ()) -> Proposition:
    """A new proposition; an error if one with exactly this text exists."""
    text = clean_text(text, field="proposition text")
    existing = session.scalar(
        select(Proposition).where(Proposition.text == text).order_by(Proposition.id)
    )
    if existing is not None:
        raise Conflict(
            f"proposition #{existing.id} already says this",
            f"use it: factcheck proposition show {existing.id}",
        )
    tags = {tag.id: tag for tag in (lookup.topic(session, name) for name in topics)}
    proposition = Proposition(text=text, topics=list(tags.values()))
    session.add(proposition)
    session.flush()
    return proposition


def set_stance(
    session: Session,
    claim: Claim,
    proposition: Proposition,
    stance: Stance | str,
    *,
    replace: bool = False,
) -> ClaimStance:
    """Record that ``claim`` takes ``stance`` on ``proposition``.

    A claim takes one stance on a proposition: a second one is an error, unless ``replace``
    asks to change the stance recorded (the change log keeps the old one).
    """
    stance = parse_stance(stance)
    existing = session.scalar(
        select(ClaimStance).where(
            ClaimStance.claim_id == claim.id, ClaimStance.proposition_id == proposition.id
        )
    )
    if existing is None:
        record = ClaimStance(claim=claim, proposition=proposition, stance=stance)
        session.add(record)
        session.flush()
        return record
    if existing.stance is stance:
        raise Conflict(
            f"claim #{claim.id} already {stance.value} proposition #{proposition.id}",
            "nothing to change",
        )
    if not replace:
        raise Conflict(
            f"claim #{claim.id} already {existing.stance.value} proposition #{proposition.id}",
            "pass --replace to change its stance",
        )
    existing.stance = stance
    session.flush()
    return existing


@dataclass(frozen=True)
class PropositionSummary:
    """A proposition and how many claims take each stance on it."""

    proposition: Proposition
    counts: dict[Stance, int]


def list_propositions(
    session: Session, *, topic: str | None = None, include_retracted: bool = False
) -> list[PropositionSummary]:
    """Every proposition (optionally of one topic), oldest first, with stance counts.

    Retracted claims are not counted unless ``include_retracted``.
    """
    statement = select(Proposition).options(selectinload(Proposition.topics))
    if topic is not None:
        statement = statement.where(Proposition.topics.contains(lookup.get_topic(session, topic)))
    propositions = list(session.scalars(statement.order_by(Proposition.id)))
    counted = (
        select(ClaimStance.proposition_id, ClaimStance.stance, func.count())
        .join(Claim, Claim.id == ClaimStance.claim_id)
        .group_by(ClaimStance.proposition_id, ClaimStance.stance)
    )
    if not include_retracted:
        counted = counted.where(Claim.status == ClaimStatus.ACTIVE)
    counts: dict[int, dict[Stance, int]] = {}
    for proposition_id, stance, number in session.execute(counted):
        counts.setdefault(proposition_id, {})[stance] = number
    return [
        PropositionSummary(p, {s: counts.get(p.id, {}).get(s, 0) for s in Stance})
        for p in propositions
    ]


def stances_of(session: Session, proposition: Proposition) -> list[ClaimStance]:
    """The stances taken on ``proposition``, in the order they were recorded."""
    statement = (
        select(ClaimStance)
        .where(ClaimStance.proposition_id == proposition.id)
        .options(selectinload(ClaimStance.claim).selectinload(Claim.speaker))
        .order_by(ClaimStance.id)
    )
    return list(session.scalars(statement))


def summary_view(summary: PropositionSummary) -> dict[str, Any]:
    """The stable JSON shape of a row of ``proposition list``."""
    proposition = summary.proposition
    return {
        "id": proposition.id,
        "text": proposition.text,
        "topics": [tag.name for tag in proposition.topics],
        **{stance.value: summary.counts[stance] for stance in Stance},
        "claims": sum(summary.counts.values()),
    }


def stance_view(record: ClaimStance) -> dict[str, Any]:
    """The stable JSON shape of one claim's stance on a proposition."""
    claim = record.claim
    return {
        "id": record.id,
        "proposition_id": record.proposition_id,
        "claim_id": claim.id,
        "stance": record.stance.value,
        "speaker": claim.speaker.name,
        "speaker_id": claim.speaker_id,
        "text": claim.text,
        "status": claim.status.value,
    }


def proposition_view(proposition: Proposition) -> dict[str, Any]:
    """The stable JSON shape of a proposition with the stances claims take on it."""
    session = object_session(proposition)
    stances = stances_of(session, proposition) if session is not None else []
    return {
        "id": proposition.id,
        "text": proposition.text,
        "topics": [tag.name for tag in proposition.topics],
        "stances": [stance_view(record) for record in stances],
        "created_at": proposition.created_at.isoformat(),
        "updated_at": proposition.updated_at.isoformat(),
    }
