"""Suggested contradictions: claims on one subject that seem to say opposite things.

Candidates come only from claims that share a proposition or a topic, the latest
``group_cap`` claims of each group, so the work grows with the size of the groups and not
with the square of the database. Each candidate pair is scored from the stances its claims
take on shared propositions (asserts vs denies is strong evidence) and from the cues of
``factcheck.services.contrast`` (all vs some, will vs will not, increased vs decreased,
different numbers for one quantity), weighed by how much the two texts share their subject.
Pairs that share their subject without any contrast are repeats, not contradictions, and
are not proposed.

Proposals are stored as ``suggested`` ``contradicts`` links; they count in reports only once
a person confirms them. A pair that already has a ``contradicts`` link of any status
(suggested, confirmed or rejected), or a ``repeats`` or ``same-as`` link that was not
rejected, is never proposed again.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from factcheck.errors import InvalidInput
from factcheck.models import (
    Claim,
    ClaimLink,
    ClaimStance,
    ClaimStatus,
    ClaimTopic,
    LinkKind,
    LinkMethod,
    LinkStatus,
    PropositionTopic,
    Stance,
    Topic,
)
from factcheck.services import contrast, links
from factcheck.services.text import MAX_NAME_LENGTH

DEFAULT_MIN_SCORE = 0.5
DEFAULT_GROUP_CAP = 100

# How strongly each kind of cue alone suggests a contradiction between two statements that
# share their subject; several cues combine as independent evidence.
CUE_WEIGHTS = {
    "extent": 0.8,
    "direction": 0.75,
    "support": 0.75,
    "truth": 0.7,
    "outcome": 0.75,
    "legality": 0.75,
    "safety": 0.75,
    "openness": 0.6,
    "quality": 0.7,
    "agreement": 0.7,
    "length": 0.7,
    "timing": 0.6,
    "cost": 0.7,
    "presence": 0.6,
    "negation": 0.7,
    "numbers": 0.75,
    "years": 0.5,
}
# The subject overlap (contrast.overlap) from which two statements are about the same thing.
SAME_SUBJECT = 0.4
# A negation or a number in one statement and not the other is common between statements
# that agree ("at no cost" vs "free"), so these cues count fully only on a closer overlap.
CLOSE_SUBJECT = 0.75
_NEEDS_CLOSE = frozenset({"negation", "numbers", "years"})
# Stance pairs on one proposition, and the score they give on their own.
OPPOSITE_STANCES = 0.9
QUALIFIED_STANCES = 0.45


@dataclass
class _Candidate:
    propositions: dict[int, tuple[Stance, Stance]] = field(default_factory=dict)
    topics: int = 0


@dataclass
class _Text:
    speaker_id: int
    features: contrast.Features
    # The weight of the content words, set once the group's word weights are known.
    weight: float = 0.0


@dataclass(frozen=True)
class Suggestion:
    """A proposed contradiction between two claims (lower id first); ``link`` is the stored
    link, None on a dry run."""

    claim_a: Claim
    claim_b: Claim
    score: float
    method: LinkMethod
    reason: str
    link: ClaimLink | None = None

    @property
    def self_contradiction(self) -> bool:
        return self.claim_a.speaker_id == self.claim_b.speaker_id


@dataclass(frozen=True)
class Suggested:
    """What a run proposed, best first, and how many pairs it looked at."""

    suggestions: list[Suggestion]
    candidates: int
    known: int


def suggest_contradictions(
    session: Session,
    *,
    topic: Topic | None = None,
    limit: int | None = None,
    min_score: float = DEFAULT_MIN_SCORE,
    dry_run: bool = False,
    group_cap: int = DEFAULT_GROUP_CAP,
) -> Suggested:
    """Propose contradictions among active claims that share a proposition or a topic (with
    ``topic``, only within that topic and the propositions it tags), best first, at most
    ``limit`` of them; store them as suggested links unless ``dry_run``."""
    if not 0 <= min_score <= 1:
        raise InvalidInput(f"minimum score {min_score} is out of range", "give 0 to 1")
    if limit is not None and limit < 1:
        raise InvalidInput(f"limit {limit} is not positive", "give 1 or more")
    candidates = _candidates(session, topic, group_cap)
    known = _known_pairs(session)
    fresh = {pair: found for pair, found in candidates.items() if pair not in known}
    texts = _texts(session, {claim for pair in fresh for claim in pair})
    idf = contrast.weights(text.features.content for text in texts.values())
    for text in texts.values():
        text.weight = contrast.weight(text.features.content, idf)
    scored: list[tuple[float, tuple[int, int], LinkMethod, str]] = []
    for pair, found in fresh.items():
        result = _score(texts[pair[0]], texts[pair[1]], found, idf, min_score)
        if result is not None:
            scored.append((result[0], pair, result[1], result[2]))
    scored.sort(key=lambda item: (-item[0], item[1]))
    chosen = scored[:limit] if limit is not None else scored
    claims = _claims(session, {claim for _, pair, _, _ in chosen for claim in pair})
    suggestions = [
        Suggestion(claims[pair[0]], claims[pair[1]], score, method, reason)
        for score, pair, method, reason in chosen
    ]
    if not dry_run:
        suggestions = [_store(session, suggestion) for suggestion in suggestions]
    return Suggested(suggestions, candidates=len(candidates), known=len(candidates) - len(fresh))


def _score(
    first: _Text,
    second: _Text,
    found: _Candidate,
    idf: dict[str, float],
    min_score: float,
) -> tuple[float, LinkMethod, str] | None:
    """The score, method and one-line reason for a candidate pair; None when nothing in the
    pair suggests a contradiction, or too little."""
    stance_score, stance_reason = _stances(found.propositions)
    contrasts = contrast.cues(first.features, second.features)
    if stance_score is None and (
        not contrasts or first.features.content.isdisjoint(second.features.content)
    ):
        # Nothing opposes them, or nothing says they are about the same thing.
        return None
    subject = contrast.overlap(
        first.features.content,
        second.features.content,
        idf,
        totals=(first.weight, second.weight),
    )
    text_score = 1 - math.prod(
        1
        - CUE_WEIGHTS[cue.kind]
        * min(1.0, subject / (CLOSE_SUBJECT if cue.kind in _NEEDS_CLOSE else SAME_SUBJECT))
        for cue in contrasts
    )
    if stance_score is None:
        score = text_score
    elif stance_score >= OPPOSITE_STANCES:
        score = stance_score + (1 - stance_score) * text_score
    elif stance_score > 0:
        score = max(text_score, stance_score + 0.5 * text_score)
    else:
        # Both take the same side of a proposition: they agree on the point it makes.
        score = 0.5 * text_score
    score = round(min(score, 1.0), 3)
    if score <= 0 or score < min_score:
        return None
    parts = ["self-contradiction (same speaker)"] if first.speaker_id == second.speaker_id else []
    if stance_reason and stance_score:
        parts.append(stance_reason)
    if contrasts:
        parts.append("same subject" if subject >= SAME_SUBJECT / 2 else "shared topic")
        parts.extend(cue.describe() for cue in contrasts[:3])
    method = LinkMethod.RULE if stance_score else LinkMethod.SIMILARITY
    return score, method, "; ".join(parts)[:MAX_NAME_LENGTH]


def _stances(propositions: dict[int, tuple[Stance, Stance]]) -> tuple[float | None, str]:
    """The strongest evidence the shared propositions give: opposite stances, a qualified
    one, or agreement (0)."""
    best: tuple[float, str] | None = None
    for proposition_id, (mine, theirs) in sorted(propositions.items()):
        sides = {mine, theirs}
        if sides == {Stance.ASSERTS, Stance.DENIES}:
            found = (OPPOSITE_STANCES, f"opposite stances on proposition {proposition_id}")
        elif Stance.QUALIFIES in sides and len(sides) == 2:
            found = (
                QUALIFIED_STANCES,
                f"one qualifies what the other {(sides - {Stance.QUALIFIES}).pop().value}"
                f" on proposition {proposition_id}",
            )
        else:
            found = (0.0, "")
        if best is None or found[0] > best[0]:
            best = found
    return (None, "") if best is None else best


def _members(session: Session, topic: Topic | None, group_cap: int) -> Iterable[Any]:
    """(group, claim id, stance) rows: the latest ``group_cap`` active claims of every
    proposition and topic, the proposition groups first."""
    by_proposition = select(
        ClaimStance.proposition_id.label("group_id"),
        ClaimStance.claim_id,
        ClaimStance.stance,
        func.row_number()
        .over(partition_by=ClaimStance.proposition_id, order_by=ClaimStance.claim_id.desc())
        .label("rank"),
    ).join(Claim, Claim.id == ClaimStance.claim_id)
    by_topic = select(
        ClaimTopic.topic_id.label("group_id"),
        ClaimTopic.claim_id,
        func.row_number()
        .over(partition_by=ClaimTopic.topic_id, order_by=ClaimTopic.claim_id.desc())
        .label("rank"),
    ).join(Claim, Claim.id == ClaimTopic.claim_id)
    by_proposition = by_proposition.where(Claim.status == ClaimStatus.ACTIVE)
    by_topic = by_topic.where(Claim.status == ClaimStatus.ACTIVE)
    if topic is not None:
        tagged = select(PropositionTopic.proposition_id).where(
            PropositionTopic.topic_id == topic.id
        )
        by_proposition = by_proposition.where(ClaimStance.proposition_id.in_(tagged))
        by_topic = by_topic.where(ClaimTopic.topic_id == topic.id)
    for kind, statement in (("proposition", by_proposition), ("topic", by_topic)):
        ranked = statement.subquery()
        columns = [ranked.c.group_id, ranked.c.claim_id]
        if kind == "proposition":
            columns.append(ranked.c.stance)
        rows = session.execute(
            select(*columns)
            .where(ranked.c.rank <= group_cap)
            .order_by(ranked.c.group_id, ranked.c.claim_id)
        )
        for row in rows:
            yield (kind, row[0]), row[1], row[2] if kind == "proposition" else None


def _candidates(
    session: Session, topic: Topic | None, group_cap: int
) -> dict[tuple[int, int], _Candidate]:
    if group_cap < 2:
        raise InvalidInput(f"group cap {group_cap} is too small", "give 2 or more")
    groups: dict[tuple[str, int], list[tuple[int, Any]]] = {}
    for group, claim_id, stance in _members(session, topic, group_cap):
        groups.setdefault(group, []).append((claim_id, stance))
    candidates: dict[tuple[int, int], _Candidate] = {}
    for (kind, group_id), members in groups.items():
        for (first, first_stance), (second, second_stance) in combinations(members, 2):
            found = candidates.setdefault((first, second), _Candidate())
            if kind == "proposition":
                found.propositions[group_id] = (first_stance, second_stance)
            else:
                found.topics += 1
    return candidates


def _known_pairs(session: Session) -> set[tuple[int, int]]:
    """Pairs already linked as contradicting (whatever the status), or as one claim
    repeating or being the same as the other (unless that was rejected)."""
    rows = session.execute(
        select(ClaimLink.claim_a_id, ClaimLink.claim_b_id).where(
            (ClaimLink.kind == LinkKind.CONTRADICTS)
            | (
                ClaimLink.kind.in_((LinkKind.REPEATS, LinkKind.SAME_AS))
                & (ClaimLink.status != LinkStatus.REJECTED)
            )
        )
    )
    return {(min(a, b), max(a, b)) for a, b in rows}


def _chunks(ids: set[int], size: int = 500) -> Iterable[list[int]]:
    ordered = sorted(ids)
    for start in range(0, len(ordered), size):
        yield ordered[start : start + size]


def _texts(session: Session, claim_ids: set[int]) -> dict[int, _Text]:
    texts: dict[int, _Text] = {}
    for chunk in _chunks(claim_ids):
        statement = select(Claim.id, Claim.speaker_id, Claim.text).where(Claim.id.in_(chunk))
        for claim_id, speaker_id, text in session.execute(statement):
            texts[claim_id] = _Text(speaker_id, contrast.features(text))
    return texts


def _claims(session: Session, claim_ids: set[int]) -> dict[int, Claim]:
    claims: dict[int, Claim] = {}
    for chunk in _chunks(claim_ids):
        statement = select(Claim).where(Claim.id.in_(chunk)).options(selectinload(Claim.speaker))
        claims.update((claim.id, claim) for claim in session.scalars(statement))
    return claims


def _store(session: Session, suggestion: Suggestion) -> Suggestion:
    added = links.add_link(
        session,
        claim_a=suggestion.claim_a,
        claim_b=suggestion.claim_b,
        kind=LinkKind.CONTRADICTS,
        status=LinkStatus.SUGGESTED,
        method=suggestion.method,
        score=suggestion.score,
        reason=suggestion.reason,
    )
    return Suggestion(
        suggestion.claim_a,
        suggestion.claim_b,
        suggestion.score,
        suggestion.method,
        suggestion.reason,
        added.link,
    )


def suggestion_view(suggestion: Suggestion) -> dict[str, Any]:
    """A suggestion in the JSON shape of a link (docs/json/link.md); a dry run's has no id
    and no timestamps."""
    if suggestion.link is not None:
        return links.link_view(suggestion.link)
    return {
        "id": None,
        "kind": LinkKind.CONTRADICTS.value,
        "claim_a": links.claim_reference(suggestion.claim_a),
        "claim_b": links.claim_reference(suggestion.claim_b),
        "status": LinkStatus.SUGGESTED.value,
        "method": suggestion.method.value,
        "score": suggestion.score,
        "reason": suggestion.reason,
        "note": None,
        "created_at": None,
        "updated_at": None,
    }
