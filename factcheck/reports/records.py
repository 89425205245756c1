"""Everything the reports show about a set of claims, read with a fixed number of queries.

The claims are named by a SELECT of claim ids, or by a list of ids sent as one parameter (a
JSON array on SQLite, an array on PostgreSQL), and every query below filters with
``IN (that select)``: the number of statements a report runs does not depend on how many
claims it covers.
"""

import json
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, time
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    CompoundSelect,
    Integer,
    Select,
    String,
    cast,
    func,
    literal,
    or_,
    select,
    type_coerce,
    union,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session, aliased

from factcheck.models import (
    Actor,
    Affiliation,
    Appearance,
    Claim,
    ClaimLink,
    ClaimStance,
    ClaimStatus,
    ClaimTopic,
    Correction,
    DatePrecision,
    Evidence,
    LinkKind,
    LinkStatus,
    Proposition,
    PropositionTopic,
    RatingLevel,
    RatingScale,
    Source,
    Topic,
    Verdict,
)
from factcheck.reports.roles import Role, roles_at
from factcheck.services.dates import format_date

ClaimIds = Select[Any] | CompoundSelect[Any]


def listed(session: Session, ids: Collection[int]) -> Select[Any]:
    """A SELECT of the claim ids ``ids``, sent as one parameter whatever their number."""
    if session.get_bind().dialect.name == "postgresql":
        return select(func.unnest(cast(literal(sorted(ids), ARRAY(Integer)), ARRAY(Integer))))
    values = func.json_each(literal(json.dumps(sorted(ids)))).table_valued("value")
    return select(values.c.value)


@dataclass(frozen=True)
class Loaded:
    """The claims by id (each the ``claim`` object of docs/json/report-claim.md), and the topic
    names of every proposition they take a stance on."""

    claims: dict[int, dict[str, Any]]
    proposition_topics: dict[int, list[str]] = field(default_factory=dict)


def link_statuses(include_suggested: bool) -> tuple[LinkStatus, ...]:
    """The link statuses that count: confirmed, and suggested when asked for."""
    if include_suggested:
        return (LinkStatus.CONFIRMED, LinkStatus.SUGGESTED)
    return (LinkStatus.CONFIRMED,)


def load_claims(
    session: Session,
    ids: ClaimIds | Collection[int],
    *,
    include_suggested: bool = False,
    include_retracted: bool = False,
    verdict_history: bool = False,
) -> Loaded:
    """The claims ``ids`` selects, with all they carry; ten queries whatever their number.

    ``verdicts`` holds the current verdicts, or every verdict with ``verdict_history``.
    Repeats by retracted claims are left out unless ``include_retracted``.
    """
    if not isinstance(ids, Select | CompoundSelect):
        ids = listed(session, ids)
    claims, said = _claims(session, ids)
    for claim_id, name in session.execute(
        select(ClaimTopic.claim_id, Topic.name)
        .join(Topic, Topic.id == ClaimTopic.topic_id)
        .where(ClaimTopic.claim_id.in_(ids))
        .order_by(ClaimTopic.claim_id, Topic.slug)
    ):
        claims[claim_id]["topics"].append(name)
    for claim_id, stance in _stances(session, ids):
        claims[claim_id]["stances"].append(stance)
    for claim_id, appearance in _appearances(session, ids):
        claims[claim_id]["appearances"].append(appearance)
    _add_repeats(session, ids, claims, include_suggested, include_retracted)
    for claim_id, evidence in _evidence(session, ids):
        claims[claim_id]["evidence"].append(evidence)
    for claim_id, verdict in _verdicts(session, ids, history=verdict_history):
        claims[claim_id]["verdicts"].append(verdict)
    corrections = list(_corrections(session, ids))
    roles = _affiliations(session, ids)
    for claim_id, correction, issued in corrections:
        issuer = correction["issued_by"]
        issuer["roles"] = roles_at(roles.get(issuer["id"], []), *issued)
        claims[claim_id]["corrections"].append(correction)
    for claim_id, record in claims.items():
        speaker = record["speaker"]
        speaker["roles"] = roles_at(roles.get(speaker["id"], []), *said[claim_id])
    return Loaded(claims, _proposition_topics(session, ids))


@lru_cache(maxsize=4096)
def date_text(value: date | None, precision: DatePrecision | None) -> str | None:
    """``format_date``, remembered: many records share a date, and reports show thousands."""
    return format_date(value, precision)


def source_ref(source: Source | None, publisher: str | None) -> dict[str, Any] | None:
    """How a report names a source."""
    if source is None:
        return None
    return {
        "id": source.id,
        "url": source.url,
        "title": source.title,
        "kind": source.kind.value,
        "publisher": publisher,
        "published": format_date(source.published_on, source.published_precision),
    }


def clock(value: time | None) -> str | None:
    if value is None:
        return None
    return value.strftime("%H:%M:%S" if value.second else "%H:%M")


Said = tuple[date | None, DatePrecision | None]


def _claims(session: Session, ids: ClaimIds) -> tuple[dict[int, dict[str, Any]], dict[int, Said]]:
    """The claims by id, and the date each was said."""
    publisher = aliased(Actor)
    rows = session.execute(
        select(
            Claim.id,
            Claim.text,
            # The stored text of an enumeration is its value: no need to make a member of it.
            type_coerce(Claim.wording, String),
            type_coerce(Claim.status, String),
            Claim.retracted_at,
            Claim.retraction_reason,
            Claim.speaker_id,
            Claim.stated_on,
            Claim.stated_precision,
            Claim.stated_time,
            Claim.venue,
            Claim.language,
            Actor.name,
            Source,
            publisher.name,
        )
        .join(Actor, Actor.id == Claim.speaker_id)
        .outerjoin(Source, Source.id == Claim.first_source_id)
        .outerjoin(publisher, publisher.id == Source.publisher_id)
        .where(Claim.id.in_(ids))
        .order_by(Claim.id)
    )
    found: dict[int, dict[str, Any]] = {}
    said: dict[int, Said] = {}
    for (
        claim_id,
        text,
        wording,
        status,
        retracted_at,
        retraction_reason,
        speaker_id,
        stated_on,
        precision,
        stated_time,
        venue,
        language,
        speaker,
        source,
        publisher_name,
    ) in rows:
        said[claim_id] = (stated_on, precision)
        found[claim_id] = {
            "id": claim_id,
            "text": text,
            "wording": wording,
            "status": status,
            "retracted_at": retracted_at.isoformat() if retracted_at else None,
            "retraction_reason": retraction_reason,
            "speaker": {"id": speaker_id, "name": speaker, "roles": []},
            "said": date_text(stated_on, precision),
            "said_precision": str(precision) if precision else None,
            "said_time": clock(stated_time),
            "venue": venue,
            "language": language,
            "topics": [],
            "stances": [],
            "first_source": source_ref(source, publisher_name),
            "appearances": [],
            "repeats": [],
            "repeat_of": [],
            "evidence": [],
            "verdicts": [],
            "corrections": [],
        }
    return found, said


def _stances(session: Session, ids: ClaimIds) -> Any:
    rows = session.execute(
        select(
            ClaimStance.claim_id, ClaimStance.proposition_id, ClaimStance.stance, Proposition.text
        )
        .join(Proposition, Proposition.id == ClaimStance.proposition_id)
        .where(ClaimStance.claim_id.in_(ids))
        .order_by(ClaimStance.claim_id, ClaimStance.proposition_id)
    )
    for claim_id, proposition_id, stance, text in rows:
        yield (
            claim_id,
            {"proposition_id": proposition_id, "proposition": text, "stance": stance.value},
        )


def _proposition_topics(session: Session, ids: ClaimIds) -> dict[int, list[str]]:
    taken = select(ClaimStance.proposition_id).where(ClaimStance.claim_id.in_(ids))
    rows = session.execute(
        select(PropositionTopic.proposition_id, Topic.name)
        .join(Topic, Topic.id == PropositionTopic.topic_id)
        .where(PropositionTopic.proposition_id.in_(taken))
        .order_by(PropositionTopic.proposition_id, Topic.slug)
    )
    found: dict[int, list[str]] = defaultdict(list)
    for proposition_id, name in rows:
        found[proposition_id].append(name)
    return dict(found)


def _appearances(session: Session, ids: ClaimIds) -> Any:
    publisher = aliased(Actor)
    rows = session.execute(
        select(Appearance, Source, publisher.name)
        .join(Source, Source.id == Appearance.source_id)
        .outerjoin(publisher, publisher.id == Source.publisher_id)
        .where(Appearance.claim_id.in_(ids))
        .order_by(Appearance.appeared_on.is_(None), Appearance.appeared_on, Appearance.id)
    )
    for appearance, source, publisher_name in rows:
        yield (
            appearance.claim_id,
            {
                "id": appearance.id,
                "date": format_date(appearance.appeared_on, appearance.appeared_precision),
                "locator": appearance.locator,
                "excerpt": appearance.excerpt,
                "source": source_ref(source, publisher_name),
            },
        )


def _add_repeats(
    session: Session,
    ids: ClaimIds,
    claims: dict[int, dict[str, Any]],
    include_suggested: bool,
    include_retracted: bool,
) -> None:
    """``repeats``: the claims that say a claim again; ``repeat_of``: those it says again."""
    later, earlier = aliased(Claim), aliased(Claim)
    later_speaker, earlier_speaker = aliased(Actor), aliased(Actor)
    rows = session.execute(
        select(ClaimLink, later, later_speaker.name, earlier, earlier_speaker.name)
        .join(later, later.id == ClaimLink.claim_a_id)
        .join(later_speaker, later_speaker.id == later.speaker_id)
        .join(earlier, earlier.id == ClaimLink.claim_b_id)
        .join(earlier_speaker, earlier_speaker.id == earlier.speaker_id)
        .where(
            ClaimLink.kind == LinkKind.REPEATS,
            ClaimLink.status.in_(link_statuses(include_suggested)),
            or_(ClaimLink.claim_a_id.in_(ids), ClaimLink.claim_b_id.in_(ids)),
        )
        .order_by(later.stated_on.is_(None), later.stated_on, ClaimLink.id)
    )
    for link, repeat, repeat_speaker, original, original_speaker in rows:
        if original.id in claims and (include_retracted or repeat.status is ClaimStatus.ACTIVE):
            claims[original.id]["repeats"].append(_related(link, repeat, repeat_speaker))
        if repeat.id in claims and (include_retracted or original.status is ClaimStatus.ACTIVE):
            claims[repeat.id]["repeat_of"].append(_related(link, original, original_speaker))


def _related(link: ClaimLink, claim: Claim, speaker: str) -> dict[str, Any]:
    return {
        "link_id": link.id,
        "link_status": link.status.value,
        "claim_id": claim.id,
        "text": claim.text,
        "wording": claim.wording.value,
        "speaker": speaker,
        "speaker_id": claim.speaker_id,
        "said": format_date(claim.stated_on, claim.stated_precision),
        "venue": claim.venue,
        "status": claim.status.value,
    }


def _evidence(session: Session, ids: ClaimIds) -> Any:
    publisher = aliased(Actor)
    rows = session.execute(
        select(Evidence, Source, publisher.name)
        .join(Source, Source.id == Evidence.source_id)
        .outerjoin(publisher, publisher.id == Source.publisher_id)
        .where(Evidence.claim_id.in_(ids))
        .order_by(Evidence.id)
    )
    for evidence, source, publisher_name in rows:
        yield (
            evidence.claim_id,
            {
                "id": evidence.id,
                "stance": evidence.stance.value,
                "excerpt": evidence.excerpt,
                "locator": evidence.locator,
                "note": evidence.note,
                "source": source_ref(source, publisher_name),
            },
        )


def _verdicts(session: Session, ids: ClaimIds, *, history: bool) -> Any:
    successor = aliased(Verdict)
    statement = (
        select(
            Verdict.id,
            Verdict.claim_id,
            Verdict.reviewer_id,
            Verdict.reviewed_on,
            Verdict.reviewed_precision,
            Verdict.explanation,
            Verdict.review_url,
            Verdict.supersedes_id,
            Actor.name,
            RatingScale.slug,
            RatingLevel.label,
            type_coerce(RatingLevel.bucket, String),
            RatingLevel.score,
            successor.id,
        )
        .join(Actor, Actor.id == Verdict.reviewer_id)
        .join(RatingScale, RatingScale.id == Verdict.scale_id)
        .join(RatingLevel, RatingLevel.id == Verdict.level_id)
        .outerjoin(successor, successor.supersedes_id == Verdict.id)
        .where(Verdict.claim_id.in_(ids))
        .order_by(Verdict.id)
    )
    if not history:
        statement = statement.where(successor.id.is_(None))
    for (
        verdict_id,
        claim_id,
        reviewer_id,
        reviewed_on,
        reviewed_precision,
        explanation,
        url,
        supersedes_id,
        reviewer,
        scale,
        rating,
        bucket,
        score,
        superseded_by,
    ) in session.execute(statement):
        yield (
            claim_id,
            {
                "id": verdict_id,
                "reviewer": reviewer,
                "reviewer_id": reviewer_id,
                "scale": scale,
                "rating": rating,
                "bucket": bucket,
                "score": score,
                "date": date_text(reviewed_on, reviewed_precision),
                "explanation": explanation,
                "url": url,
                "supersedes_id": supersedes_id,
                "superseded_by_id": superseded_by,
                "is_current": superseded_by is None,
            },
        )


def _corrections(session: Session, ids: ClaimIds) -> Any:
    """(claim id, correction, (issued on, precision)) for corrections of the claims and of
    their verdicts."""
    publisher = aliased(Actor)
    rows = session.execute(
        select(Correction, Actor.name, Source, publisher.name, Verdict.claim_id)
        .join(Actor, Actor.id == Correction.issued_by_id)
        .outerjoin(Source, Source.id == Correction.source_id)
        .outerjoin(publisher, publisher.id == Source.publisher_id)
        .outerjoin(Verdict, Verdict.id == Correction.verdict_id)
        .where(or_(Correction.claim_id.in_(ids), Verdict.claim_id.in_(ids)))
        .order_by(Correction.issued_on.is_(None), Correction.issued_on, Correction.id)
    )
    for correction, issuer, source, publisher_name, verdict_claim in rows:
        on_verdict = correction.verdict_id is not None
        claim_id = verdict_claim if on_verdict else correction.claim_id
        yield (
            claim_id,
            {
                "id": correction.id,
                "target": f"verdict:{correction.verdict_id}"
                if on_verdict
                else f"claim:{correction.claim_id}",
                "kind": correction.kind.value,
                "issued_by": {"id": correction.issued_by_id, "name": issuer, "roles": []},
                "date": format_date(correction.issued_on, correction.issued_precision),
                "text": correction.text,
                "source": source_ref(source, publisher_name),
            },
            (correction.issued_on, correction.issued_precision),
        )


def _affiliations(session: Session, ids: ClaimIds) -> dict[int, list[Role]]:
    """The affiliations of the claims' speakers and of the issuers of their corrections."""
    of_verdicts = select(Verdict.id).where(Verdict.claim_id.in_(ids))
    actors = union(
        select(Claim.speaker_id).where(Claim.id.in_(ids)),
        select(Correction.issued_by_id).where(
            or_(Correction.claim_id.in_(ids), Correction.verdict_id.in_(of_verdicts))
        ),
    )
    organization = aliased(Actor)
    rows = session.execute(
        select(Affiliation, organization.name)
        .outerjoin(organization, organization.id == Affiliation.organization_id)
        .where(Affiliation.actor_id.in_(actors))
        .order_by(Affiliation.actor_id, Affiliation.started_on, Affiliation.id)
    )
    found: dict[int, list[Role]] = defaultdict(list)
    for affiliation, organization_name in rows:
        found[affiliation.actor_id].append((affiliation, organization_name))
    return dict(found)


def tagged_claims(topic: Topic) -> ClaimIds:
    """The claims that carry ``topic``, or take a stance on a proposition that does."""
    return union(
        select(ClaimTopic.claim_id).where(ClaimTopic.topic_id == topic.id),
        select(ClaimStance.claim_id)
        .join(PropositionTopic, PropositionTopic.proposition_id == ClaimStance.proposition_id)
        .where(PropositionTopic.topic_id == topic.id),
    )
