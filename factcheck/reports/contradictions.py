"""The contradiction report: where two claims conflict, side by side, and what the record says.

A contradiction is a pair of claims joined by a confirmed ``contradicts`` link, or taking
opposite stances (one asserts, the other denies) on one proposition; a pair found both ways is
one contradiction. Suggested links count only when asked for, and are marked; rejected links
never count. Contradictions are grouped by proposition, else by a topic, and each carries the
assessment of ``factcheck.reports.assessment``.
"""

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, or_, select, union
from sqlalchemy.orm import Session, aliased

from factcheck.errors import InvalidInput
from factcheck.models import (
    Actor,
    Claim,
    ClaimLink,
    ClaimStance,
    ClaimStatus,
    LinkKind,
    Proposition,
    Stance,
    Topic,
)
from factcheck.reports.assessment import assess
from factcheck.reports.periods import period
from factcheck.reports.records import ClaimIds, Loaded, link_statuses, load_claims, tagged_claims
from factcheck.services.dates import PartialDate


@dataclass(frozen=True)
class Filters:
    """Which contradictions a report shows; every filter narrows, none widens."""

    topic: Topic | None = None
    speaker: Actor | None = None
    proposition: Proposition | None = None
    since: PartialDate | None = None
    until: PartialDate | None = None
    self_only: bool = False
    include_suggested: bool = False
    include_retracted: bool = False
    claim_id: int | None = None

    def view(self) -> dict[str, Any]:
        return {
            "topic": self.topic.name if self.topic else None,
            "speaker": self.speaker.name if self.speaker else None,
            "proposition": self.proposition.id if self.proposition else None,
            "since": str(self.since) if self.since else None,
            "until": str(self.until) if self.until else None,
            "self": self.self_only,
            "include_suggested": self.include_suggested,
            "include_retracted": self.include_retracted,
        }


@dataclass
class _Pair:
    links: list[dict[str, Any]] = field(default_factory=list)
    propositions: set[int] = field(default_factory=set)


def contradiction_report(
    session: Session,
    *,
    topic: Topic | None = None,
    speaker: Actor | None = None,
    proposition: Proposition | None = None,
    since: PartialDate | None = None,
    until: PartialDate | None = None,
    self_only: bool = False,
    include_suggested: bool = False,
    include_retracted: bool = False,
) -> dict[str, Any]:
    """Every contradiction the filters let through, grouped (docs/json/report-contradictions.md).

    ``since`` and ``until`` take whole periods, and a contradiction is in the range when either
    of its claims was said in it. ``speaker`` and ``topic`` match either claim (a topic also
    matches through the propositions a claim takes a stance on); ``proposition`` needs both
    claims to take a stance on it.
    """
    filters = Filters(
        topic=topic,
        speaker=speaker,
        proposition=proposition,
        since=since,
        until=until,
        self_only=self_only,
        include_suggested=include_suggested,
        include_retracted=include_retracted,
    )
    contradictions = find_contradictions(session, filters)
    return {
        "report": "contradictions",
        "filters": filters.view(),
        "count": len(contradictions),
        "groups": group(contradictions),
    }


def find_contradictions(session: Session, filters: Filters) -> list[dict[str, Any]]:
    """The contradictions, each with its sides, basis, group and assessment, in report order.

    Twelve queries, however many there are: two for the pairs, ten for what their claims carry.
    """
    if filters.since and filters.until:
        since, until = (
            period(filters.since.value, filters.since.precision),
            period(filters.until.value, filters.until.precision),
        )
        if since and until and until[1] < since[0]:
            raise InvalidInput(f"--until {filters.until} is before --since {filters.since}")
    pairs = _pairs(session, filters)
    if not pairs:
        return []
    loaded = load_claims(
        session,
        _claim_ids(filters),
        include_suggested=filters.include_suggested,
        include_retracted=filters.include_retracted,
    )
    shown = _without_repeats(pairs, loaded)
    found = [_contradiction(key, pair, loaded, filters) for key, pair in shown.items()]
    found.sort(
        key=lambda item: (item["group"]["key"], _first_side(item["sides"][0]), item["claims"])
    )
    return found


def _without_repeats(
    pairs: dict[tuple[int, int], _Pair], loaded: Loaded
) -> dict[tuple[int, int], _Pair]:
    """Leave out a pair that only restates another: one side repeats a claim that already
    contradicts the other side, and no link of its own joins the two. The repeat is shown
    with the claim it repeats."""

    def restates(repeat: int, other: int) -> bool:
        return any(
            _key(original["claim_id"], other) in pairs
            for original in loaded.claims[repeat]["repeat_of"]
        )

    return {
        key: pair
        for key, pair in pairs.items()
        if pair.links or not (restates(key[0], key[1]) or restates(key[1], key[0]))
    }


def _first_side(claim: dict[str, Any]) -> tuple[Any, ...]:
    """Earlier claims first, undated ones last."""
    return (claim["said"] is None, claim["said"] or "", claim["said_time"] or "", claim["id"])


def _contradiction(
    key: tuple[int, int], pair: _Pair, loaded: Loaded, filters: Filters
) -> dict[str, Any]:
    first, second = sorted((loaded.claims[key[0]], loaded.claims[key[1]]), key=_first_side)
    basis = list(pair.links) + [
        {"kind": "stances", "proposition_id": proposition_id}
        for proposition_id in sorted(pair.propositions)
    ]
    heading = _group(first, second, pair, loaded, filters)
    proposition_id = heading["proposition"]["id"] if heading["proposition"] else None
    assessment = assess(first, second)
    sides = [
        claim | {"stance": _stance(claim, proposition_id), "score": score}
        for claim, score in zip((first, second), assessment["scores"], strict=True)
    ]
    confirmed = bool(pair.propositions) or any(link["status"] == "confirmed" for link in pair.links)
    return {
        "claims": [first["id"], second["id"]],
        "self": first["speaker"]["id"] == second["speaker"]["id"],
        "suggested": not confirmed,
        "basis": basis,
        "group": heading,
        "sides": sides,
        "assessment": assessment,
    }


def _stance(claim: dict[str, Any], proposition_id: int | None) -> str | None:
    for stance in claim["stances"]:
        if stance["proposition_id"] == proposition_id:
            return str(stance["stance"])
    return None


def _group(
    first: dict[str, Any],
    second: dict[str, Any],
    pair: _Pair,
    loaded: Loaded,
    filters: Filters,
) -> dict[str, Any]:
    """The proposition the two claims oppose each other on (the one filtered on, else the
    first), else one both take a stance on, else a topic they share, else a topic of either."""
    texts = {s["proposition_id"]: s["proposition"] for s in first["stances"] + second["stances"]}
    common = {s["proposition_id"] for s in first["stances"]} & {
        s["proposition_id"] for s in second["stances"]
    }
    candidates = sorted(pair.propositions) or sorted(common)
    wanted = filters.proposition.id if filters.proposition else None
    if candidates:
        chosen = wanted if wanted in candidates else candidates[0]
        return {
            "key": (0, chosen, ""),
            "proposition": {
                "id": chosen,
                "text": texts[chosen],
                "topics": loaded.proposition_topics.get(chosen, []),
            },
            "topic": None,
        }
    shared = [name for name in first["topics"] if name in second["topics"]]
    either = shared or sorted({*first["topics"], *second["topics"]}, key=str.casefold)
    if either:
        return {"key": (1, 0, either[0].casefold()), "proposition": None, "topic": either[0]}
    return {"key": (2, 0, ""), "proposition": None, "topic": None}


def group(contradictions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Contradictions (in report order) under their proposition or topic headings."""
    groups: list[dict[str, Any]] = []
    for item in contradictions:
        heading = item["group"]
        if not groups or groups[-1]["_key"] != heading["key"]:
            groups.append(
                {
                    "_key": heading["key"],
                    "proposition": heading["proposition"],
                    "topic": heading["topic"],
                    "contradictions": [],
                }
            )
        groups[-1]["contradictions"].append(
            {key: value for key, value in item.items() if key != "group"}
        )
    return [{key: value for key, value in g.items() if key != "_key"} for g in groups]


def _pairs(session: Session, filters: Filters) -> dict[tuple[int, int], _Pair]:
    pairs: dict[tuple[int, int], _Pair] = {}
    link_rows = session.execute(
        _link_pairs(
            filters,
            ClaimLink.id,
            ClaimLink.claim_a_id,
            ClaimLink.claim_b_id,
            ClaimLink.status,
            ClaimLink.method,
            ClaimLink.score,
            ClaimLink.reason,
            ClaimLink.note,
        ).order_by(ClaimLink.id)
    )
    for link_id, claim_a, claim_b, status, method, score, reason, note in link_rows:
        pairs.setdefault(_key(claim_a, claim_b), _Pair()).links.append(
            {
                "kind": "link",
                "link_id": link_id,
                "status": status.value,
                "method": method.value,
                "score": score,
                "reason": reason,
                "note": note,
            }
        )
    asserting, denying = aliased(ClaimStance), aliased(ClaimStance)
    stance_rows = session.execute(
        _stance_pairs(filters, asserting, denying).order_by(
            asserting.proposition_id, asserting.claim_id, denying.claim_id
        )
    )
    for proposition_id, claim_a, claim_b in stance_rows:
        pairs.setdefault(_key(claim_a, claim_b), _Pair()).propositions.add(proposition_id)
    return pairs


def _key(claim_a: int, claim_b: int) -> tuple[int, int]:
    return (claim_a, claim_b) if claim_a < claim_b else (claim_b, claim_a)


def _link_pairs(filters: Filters, *columns: Any) -> Select[Any]:
    first, second = aliased(Claim), aliased(Claim)
    return (
        select(*columns)
        .select_from(ClaimLink)
        .join(first, first.id == ClaimLink.claim_a_id)
        .join(second, second.id == ClaimLink.claim_b_id)
        .where(
            ClaimLink.kind == LinkKind.CONTRADICTS,
            ClaimLink.status.in_(link_statuses(filters.include_suggested)),
            *_conditions(filters, first, second),
        )
    )


def _stance_pairs(filters: Filters, asserting: Any, denying: Any, *columns: Any) -> Select[Any]:
    first, second = aliased(Claim), aliased(Claim)
    chosen = columns or (asserting.proposition_id, asserting.claim_id, denying.claim_id)
    return (
        select(*chosen)
        .select_from(asserting)
        .join(
            denying,
            and_(
                denying.proposition_id == asserting.proposition_id,
                denying.stance == Stance.DENIES,
            ),
        )
        .join(first, first.id == asserting.claim_id)
        .join(second, second.id == denying.claim_id)
        .where(asserting.stance == Stance.ASSERTS, *_conditions(filters, first, second))
    )


def _claim_ids(filters: Filters) -> ClaimIds:
    """Every claim on either side of a contradiction the filters let through, as a SELECT."""
    asserting, denying = aliased(ClaimStance), aliased(ClaimStance)
    return union(
        _link_pairs(filters, ClaimLink.claim_a_id),
        _link_pairs(filters, ClaimLink.claim_b_id),
        _stance_pairs(filters, asserting, denying, asserting.claim_id),
        _stance_pairs(filters, asserting, denying, denying.claim_id),
    )


def _conditions(filters: Filters, first: Any, second: Any) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if not filters.include_retracted:
        conditions += [first.status == ClaimStatus.ACTIVE, second.status == ClaimStatus.ACTIVE]
    if filters.speaker is not None:
        speaker_id = filters.speaker.id
        conditions.append(or_(first.speaker_id == speaker_id, second.speaker_id == speaker_id))
    if filters.self_only:
        conditions.append(first.speaker_id == second.speaker_id)
    if filters.claim_id is not None:
        conditions.append(or_(first.id == filters.claim_id, second.id == filters.claim_id))
    if filters.since is not None or filters.until is not None:
        conditions.append(or_(_said_within(first, filters), _said_within(second, filters)))
    if filters.topic is not None:
        tagged = tagged_claims(filters.topic)
        conditions.append(or_(first.id.in_(tagged), second.id.in_(tagged)))
    if filters.proposition is not None:
        proposition_id = filters.proposition.id
        conditions.append(
            and_(_takes_stance(first, proposition_id), _takes_stance(second, proposition_id))
        )
    return conditions


def _said_within(claim: Any, filters: Filters) -> ColumnElement[bool]:
    conditions = [claim.stated_on.is_not(None)]
    if filters.since is not None:
        conditions.append(claim.stated_on >= filters.since.value)
    if filters.until is not None:
        end = period(filters.until.value, filters.until.precision)
        assert end is not None
        conditions.append(claim.stated_on <= end[1])
    return and_(*conditions)


def _takes_stance(claim: Any, proposition_id: int) -> ColumnElement[bool]:
    taking = select(ClaimStance.claim_id).where(ClaimStance.proposition_id == proposition_id)
    condition: ColumnElement[bool] = claim.id.in_(taking)
    return condition


def brief(contradiction: dict[str, Any]) -> dict[str, Any]:
    """A contradiction in short, as the dossier and the scorecard list it."""
    heading = contradiction["group"]
    assessment = contradiction["assessment"]
    return {
        "claims": contradiction["claims"],
        "sides": [
            {
                "id": side["id"],
                "text": side["text"],
                "wording": side["wording"],
                "speaker": side["speaker"]["name"],
                "speaker_id": side["speaker"]["id"],
                "said": side["said"],
                "status": side["status"],
            }
            for side in contradiction["sides"]
        ],
        "self": contradiction["self"],
        "suggested": contradiction["suggested"],
        "proposition": heading["proposition"],
        "topic": heading["topic"],
        "assessment": {
            key: assessment[key] for key in ("outcome", "favoured_claim_id", "scores", "summary")
        },
    }
