"""The contradiction report: where two claims conflict, side by side, and what the record says.

A contradiction is a pair of claims joined by a confirmed ``contradicts`` link, or taking
opposite stances (one asserts, the other denies) on one proposition; a pair found both ways is
one contradiction. Suggested links count only when asked for, and are marked; rejected links
never count. Contradictions are grouped by proposition, else by a topic, and each carries the
assessment of ``factcheck.reports.assessment``.
"""

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, or_, select
from sqlalchemy.orm import Session, aliased

from factcheck.errors import InvalidInput
from factcheck.models import (
    Actor,
    Claim,
    ClaimLink,
    ClaimStance,
    ClaimStatus,
    ClaimTopic,
    LinkKind,
    Proposition,
    Stance,
    Topic,
)
from factcheck.reports.assessment import assess
from factcheck.reports.periods import period
from factcheck.reports.records import (
    Loaded,
    clock,
    link_statuses,
    listed,
    load_claims,
    tagged_claims,
)
from factcheck.services.dates import PartialDate, format_date


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


@dataclass(slots=True)
class _Pair:
    # (link id, status, method, score, reason, note) of each link joining the two claims.
    links: list[tuple[Any, ...]] = field(default_factory=list)
    propositions: set[int] = field(default_factory=set)


# The pairs whose claims are loaded together: the report holds one batch of claims at a time.
BATCH = 1000


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
    return filtered_report(session, filters)


def filtered_report(session: Session, filters: Filters) -> dict[str, Any]:
    """The report of ``contradiction_report`` for ``filters``."""
    contradictions = find_contradictions(session, filters)
    return {
        "report": "contradictions",
        "filters": filters.view(),
        "count": len(contradictions),
        "groups": group(contradictions),
    }


def contradiction_report_json(session: Session, filters: Filters) -> Iterator[str]:
    """The report of ``contradiction_report`` as JSON text, in pieces as its contradictions are
    read: the same text as ``render(report, "json")``, without holding the whole report."""
    from factcheck.terminal import json_safe

    count, contradictions = planned_contradictions(session, filters)
    head = {"report": "contradictions", "filters": filters.view(), "count": count}
    text = _json(head, 0)
    if not count:
        yield json_safe(text[: -len("\n}")] + ',\n  "groups": []\n}\n')
        return
    pieces = [text[: -len("\n}")] + ',\n  "groups": [']
    current: tuple[Any, ...] | None = None
    for item in contradictions:
        heading = item["group"]
        if heading["key"] != current:
            if current is not None:
                pieces.append("\n      ]\n    },")
            current = heading["key"]
            pieces.append(
                '\n    {\n      "proposition": '
                + _json(heading["proposition"], 3)
                + ',\n      "topic": '
                + _json(heading["topic"], 3)
                + ',\n      "contradictions": [\n        '
            )
        else:
            pieces.append(",\n        ")
        pieces.append(_json({key: value for key, value in item.items() if key != "group"}, 4))
        if len(pieces) >= 200:
            yield json_safe("".join(pieces))
            pieces = []
    pieces.append("\n      ]\n    }\n  ]\n}\n")
    yield json_safe("".join(pieces))


def _json(value: Any, level: int) -> str:
    """``value`` as ``json.dumps(..., indent=2)`` writes it ``level`` levels deep."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * level)


def find_contradictions(session: Session, filters: Filters) -> list[dict[str, Any]]:
    """The contradictions, each with its sides, basis, group and assessment, in report order."""
    _, contradictions = planned_contradictions(session, filters)
    return list(contradictions)


def planned_contradictions(
    session: Session, filters: Filters
) -> tuple[int, Iterator[dict[str, Any]]]:
    """How many contradictions there are, and the contradictions in report order, read as
    they are iterated.

    The pairs and what orders them are read first (four or five queries); then the claims of each
    batch of ``BATCH`` pairs, in report order, with all they carry (ten queries a batch).
    """
    if filters.since and filters.until:
        since, until = (
            period(filters.since.value, filters.since.precision),
            period(filters.until.value, filters.until.precision),
        )
        if since and until and until[1] < since[0]:
            raise InvalidInput(f"--until {filters.until} is before --since {filters.since}")
    pairs, sides = _pairs(session, filters)
    order = _order(session, pairs, sides, filters) if pairs else []
    return len(order), _read(session, pairs, order, filters)


def _read(
    session: Session,
    pairs: dict[tuple[int, int], "_Pair"],
    order: list[tuple[int, int]],
    filters: Filters,
) -> Iterator[dict[str, Any]]:
    for start in range(0, len(order), BATCH):
        batch = order[start : start + BATCH]
        loaded = load_claims(
            session,
            {claim_id for key in batch for claim_id in key},
            include_suggested=filters.include_suggested,
            include_retracted=filters.include_retracted,
        )
        for key in batch:
            yield _contradiction(key, pairs.pop(key), loaded, filters)


def _order(
    session: Session, pairs: dict[tuple[int, int], "_Pair"], sides: "Sides", filters: Filters
) -> list[tuple[int, int]]:
    """The pairs the report shows, in report order: by group, then by the earlier claim."""
    chosen = listed(session, sides)
    names: dict[str, str] = {}
    topics: dict[int, list[str]] = defaultdict(list)
    for claim_id, name in session.execute(
        select(ClaimTopic.claim_id, Topic.name)
        .join(Topic, Topic.id == ClaimTopic.topic_id)
        .where(ClaimTopic.claim_id.in_(chosen))
        .order_by(ClaimTopic.claim_id, Topic.slug)
    ):
        topics[claim_id].append(names.setdefault(name, name))
    stances: dict[int, set[int]] = defaultdict(set)
    for claim_id, proposition_id in session.execute(
        select(ClaimStance.claim_id, ClaimStance.proposition_id).where(
            ClaimStance.claim_id.in_(chosen)
        )
    ):
        stances[claim_id].add(proposition_id)
    shown = _without_repeats(session, pairs, filters)
    keyed = []
    for key in shown:
        first, second = sorted(key, key=sides.__getitem__)
        heading, _, _ = _heading(
            pairs[key], (stances[first], stances[second]), (topics[first], topics[second]), filters
        )
        keyed.append((heading, sides[first], (first, second), key))
    keyed.sort()
    return [key for *_, key in keyed]


def _without_repeats(
    session: Session, pairs: dict[tuple[int, int], "_Pair"], filters: Filters
) -> list[tuple[int, int]]:
    """Leave out a pair that only restates another: one side repeats a claim that already
    contradicts the other side, and no link of its own joins the two. The repeat is shown
    with the claim it repeats."""
    unlinked = {claim_id for key, pair in pairs.items() if not pair.links for claim_id in key}
    repeat_of: dict[int, list[int]] = defaultdict(list)
    if unlinked:
        original = aliased(Claim)
        statement = (
            select(ClaimLink.claim_a_id, ClaimLink.claim_b_id)
            .join(original, original.id == ClaimLink.claim_b_id)
            .where(
                ClaimLink.kind == LinkKind.REPEATS,
                ClaimLink.status.in_(link_statuses(filters.include_suggested)),
                ClaimLink.claim_a_id.in_(listed(session, unlinked)),
            )
        )
        if not filters.include_retracted:
            statement = statement.where(original.status == ClaimStatus.ACTIVE)
        for repeat, original_id in session.execute(statement):
            repeat_of[repeat].append(original_id)

    def restates(repeat: int, other: int) -> bool:
        return any(_key(original, other) in pairs for original in repeat_of.get(repeat, ()))

    return [
        key
        for key, pair in pairs.items()
        if pair.links or not (restates(key[0], key[1]) or restates(key[1], key[0]))
    ]


def _first_side(claim: dict[str, Any]) -> tuple[Any, ...]:
    """Earlier claims first, undated ones last."""
    return (claim["said"] is None, claim["said"] or "", claim["said_time"] or "", claim["id"])


def _contradiction(
    key: tuple[int, int], pair: "_Pair", loaded: Loaded, filters: Filters
) -> dict[str, Any]:
    first, second = sorted((loaded.claims[key[0]], loaded.claims[key[1]]), key=_first_side)
    basis = [
        {
            "kind": "link",
            "link_id": link_id,
            "status": status,
            "method": method,
            "score": score,
            "reason": reason,
            "note": note,
        }
        for link_id, status, method, score, reason, note in pair.links
    ] + [
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
    confirmed = bool(pair.propositions) or any(
        status == "confirmed" for _, status, *_ in pair.links
    )
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
    pair: "_Pair",
    loaded: Loaded,
    filters: Filters,
) -> dict[str, Any]:
    texts = {s["proposition_id"]: s["proposition"] for s in first["stances"] + second["stances"]}
    key, chosen, topic = _heading(
        pair,
        (
            {s["proposition_id"] for s in first["stances"]},
            {s["proposition_id"] for s in second["stances"]},
        ),
        (first["topics"], second["topics"]),
        filters,
    )
    proposition = None
    if chosen is not None:
        proposition = {
            "id": chosen,
            "text": texts[chosen],
            "topics": loaded.proposition_topics.get(chosen, []),
        }
    return {"key": key, "proposition": proposition, "topic": topic}


def _heading(
    pair: "_Pair",
    stances: tuple[set[int], set[int]],
    topics: tuple[list[str], list[str]],
    filters: Filters,
) -> tuple[tuple[Any, ...], int | None, str | None]:
    """The group of a pair of claims (earlier first), its proposition and its topic: the
    proposition the two claims oppose each other on (the one filtered on, else the first),
    else one both take a stance on, else a topic they share, else a topic of either."""
    candidates = sorted(pair.propositions) or sorted(stances[0] & stances[1])
    wanted = filters.proposition.id if filters.proposition else None
    if candidates:
        chosen = wanted if wanted in candidates else candidates[0]
        return (0, chosen, ""), chosen, None
    shared = [name for name in topics[0] if name in topics[1]]
    either = shared or sorted({*topics[0], *topics[1]}, key=str.casefold)
    if either:
        return (1, 0, either[0].casefold()), None, either[0]
    return (2, 0, ""), None, None


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


Sides = dict[int, tuple[Any, ...]]


def _pairs(session: Session, filters: Filters) -> tuple[dict[tuple[int, int], _Pair], Sides]:
    """The pairs, and the claims on their sides as ``_first_side`` orders them."""
    pairs: dict[tuple[int, int], _Pair] = {}
    sides: Sides = {}
    for link_id, claim_a, claim_b, status, method, score, reason, note, *said in session.execute(
        _link_pairs(filters)
    ):
        pairs.setdefault(_key(claim_a, claim_b), _Pair()).links.append(
            (link_id, status.value, method.value, score, reason, note)
        )
        _add_sides(sides, claim_a, claim_b, said)
    for proposition_id, claim_a, claim_b, *said in session.execute(_stance_pairs(filters)):
        pairs.setdefault(_key(claim_a, claim_b), _Pair()).propositions.add(proposition_id)
        _add_sides(sides, claim_a, claim_b, said)
    return pairs, sides


def _add_sides(sides: Sides, claim_a: int, claim_b: int, said: list[Any]) -> None:
    for claim_id, (stated_on, precision, stated_time) in (
        (claim_a, said[:3]),
        (claim_b, said[3:]),
    ):
        if claim_id not in sides:
            text = format_date(stated_on, precision)
            sides[claim_id] = (text is None, text or "", clock(stated_time) or "", claim_id)


def _key(claim_a: int, claim_b: int) -> tuple[int, int]:
    return (claim_a, claim_b) if claim_a < claim_b else (claim_b, claim_a)


def _said(claim: Any) -> tuple[Any, ...]:
    return (claim.stated_on, claim.stated_precision, claim.stated_time)


def _link_pairs(filters: Filters) -> Select[Any]:
    first, second = aliased(Claim), aliased(Claim)
    return (
        select(
            ClaimLink.id,
            ClaimLink.claim_a_id,
            ClaimLink.claim_b_id,
            ClaimLink.status,
            ClaimLink.method,
            ClaimLink.score,
            ClaimLink.reason,
            ClaimLink.note,
            *_said(first),
            *_said(second),
        )
        .select_from(ClaimLink)
        .join(first, first.id == ClaimLink.claim_a_id)
        .join(second, second.id == ClaimLink.claim_b_id)
        .where(
            ClaimLink.kind == LinkKind.CONTRADICTS,
            ClaimLink.status.in_(link_statuses(filters.include_suggested)),
            *_conditions(filters, first, second),
        )
        .order_by(ClaimLink.id)
    )


def _stance_pairs(filters: Filters) -> Select[Any]:
    asserting, denying = aliased(ClaimStance), aliased(ClaimStance)
    first, second = aliased(Claim), aliased(Claim)
    return (
        select(
            asserting.proposition_id,
            asserting.claim_id,
            denying.claim_id,
            *_said(first),
            *_said(second),
        )
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
        .order_by(asserting.proposition_id, asserting.claim_id, denying.claim_id)
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
