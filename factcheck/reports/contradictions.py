"""The contradiction report: where two claims conflict, side by side, and what the record says.

A contradiction is a pair of claims joined by a confirmed ``contradicts`` link, or taking
opposite stances (one asserts, the other denies) on one proposition; a pair found both ways is
one contradiction. Suggested links count only when asked for, and are marked; rejected links
never count. Contradictions are grouped by proposition, else by a topic, and each carries the
assessment of ``factcheck.reports.assessment``.
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import ColumnElement, Select, String, and_, cast, func, or_, select, union_all
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
from factcheck.reports import json_text
from factcheck.reports.assessment import assess
from factcheck.reports.periods import period
from factcheck.reports.records import (
    Loaded,
    clock,
    date_text,
    link_statuses,
    listed,
    load_claims,
    tagged_claims,
)
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
    text = json_text.dumps(head, 0)
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
                + json_text.dumps(heading["proposition"], 3)
                + ',\n      "topic": '
                + json_text.dumps(heading["topic"], 3)
                + ',\n      "contradictions": [\n        '
            )
        else:
            pieces.append(",\n        ")
        shown = {key: value for key, value in item.items() if key != "group"}
        pieces.append(json_text.dumps(shown, 4))
        if len(pieces) >= 200:
            yield json_safe("".join(pieces))
            pieces = []
    pieces.append("\n      ]\n    }\n  ]\n}\n")
    yield json_safe("".join(pieces))


def find_contradictions(session: Session, filters: Filters) -> list[dict[str, Any]]:
    """The contradictions, each with its sides, basis, group and assessment, in report order."""
    _, contradictions = planned_contradictions(session, filters)
    return list(contradictions)


def planned_contradictions(
    session: Session, filters: Filters
) -> tuple[int, Iterator[dict[str, Any]]]:
    """How many contradictions there are, and the contradictions in report order, read as
    they are iterated.

    First the pairs, with what orders them (three queries, four with pairs found by stances
    alone), held as a few numbers each; then, batch by batch of ``BATCH`` pairs in report
    order, their links and their claims with all they carry (eleven queries a batch).
    """
    if filters.since and filters.until:
        since, until = (
            period(filters.since.value, filters.since.precision),
            period(filters.until.value, filters.until.precision),
        )
        if since and until and until[1] < since[0]:
            raise InvalidInput(f"--until {filters.until} is before --since {filters.since}")
    order, by_stances = _order(session, filters)
    return len(order), _read(session, order, by_stances, filters)


# A pair in report order: its group's key, then the earlier claim (``_first_side``: undated,
# date, time, id), then the other claim's id.
_Entry = tuple[tuple[Any, ...], bool, str, str, int, int]
# What orders a claim: (``_first_side`` without the id, its topic ids, its propositions).
_Side = tuple[tuple[bool, str, str], str | None, str | None]


def _order(
    session: Session, filters: Filters
) -> tuple[list[_Entry], dict[tuple[int, int], set[int]]]:
    """The pairs the report shows, in report order, and the propositions each pair found by
    stances opposes its claims on. The pairs are read as they come, and only a few numbers
    are kept of each."""
    topics = {
        topic_id: (slug, name)
        for topic_id, slug, name in session.execute(select(Topic.id, Topic.slug, Topic.name))
    }
    headings: dict[tuple[Any, ...], tuple[Any, ...]] = {}

    def entry(key: tuple[int, int], sides: tuple[_Side, _Side], propositions: set[int]) -> _Entry:
        (said_a, topics_a, stances_a), (said_b, topics_b, stances_b) = sides
        claim_a, claim_b = key
        if (*said_b, claim_b) < (*said_a, claim_a):
            claim_a, claim_b, said_a = claim_b, claim_a, said_b
            topics_a, topics_b, stances_a, stances_b = topics_b, topics_a, stances_b, stances_a
        heading, _, _ = _heading(
            _Pair(propositions=propositions),
            (_numbers(stances_a), _numbers(stances_b)),
            (_names(topics_a, topics), _names(topics_b, topics)),
            filters,
        )
        return (headings.setdefault(heading, heading), *said_a, claim_a, claim_b)

    by_stances: dict[tuple[int, int], tuple[set[int], tuple[_Side, _Side]]] = {}
    for proposition_id, claim_a, claim_b, *row in _streamed(session, _stance_pairs(filters)):
        key = _key(claim_a, claim_b)
        if key in by_stances:
            by_stances[key][0].add(proposition_id)
        else:
            sides = (_side(row[:5]), _side(row[5:]))
            by_stances[key] = ({proposition_id}, sides if key[0] == claim_a else sides[::-1])
    order: list[_Entry] = []
    linked: set[int] = set()
    for claim_a, claim_b, *row in _streamed(session, _link_pairs(filters)):
        key = _key(claim_a, claim_b)
        if _number(key) in linked:
            continue
        linked.add(_number(key))
        sides = (_side(row[:5]), _side(row[5:]))
        found = by_stances.get(key)
        order.append(
            entry(key, sides if key[0] == claim_a else sides[::-1], found[0] if found else set())
        )
    unlinked = [key for key in by_stances if _number(key) not in linked]
    restating = _restating(session, unlinked, by_stances.keys() | _keys(linked), filters)
    for key in unlinked:
        if key not in restating:
            propositions, sides = by_stances[key]
            order.append(entry(key, sides, propositions))
    order.sort()
    return order, {key: propositions for key, (propositions, _) in by_stances.items()}


def _streamed(session: Session, statement: Select[Any]) -> Iterator[Any]:
    return iter(session.execute(statement, execution_options={"yield_per": BATCH}))


def _side(row: list[Any]) -> _Side:
    stated_on, precision, stated_time, topic_ids, proposition_ids = row
    said = date_text(stated_on, precision)
    return (said is None, said or "", clock(stated_time) or ""), topic_ids, proposition_ids


def _numbers(listed_ids: str | None) -> set[int]:
    return {int(number) for number in listed_ids.split(",")} if listed_ids else set()


def _names(topic_ids: str | None, topics: dict[int, tuple[str, str]]) -> list[str]:
    """The names of the topics, in the order of their slugs."""
    return [topics[topic_id][1] for topic_id in sorted(_numbers(topic_ids), key=topics.__getitem__)]


def _number(key: tuple[int, int]) -> int:
    """A pair as one number, smaller to keep than a tuple."""
    return key[0] << 64 | key[1]


def _keys(numbers: set[int]) -> set[tuple[int, int]]:
    return {(number >> 64, number & (1 << 64) - 1) for number in numbers}


def _restating(
    session: Session,
    unlinked: list[tuple[int, int]],
    pairs: Any,
    filters: Filters,
) -> set[tuple[int, int]]:
    """Of the pairs no link joins, those that only restate another: one side repeats a claim
    that already contradicts the other side. The repeat is shown with the claim it repeats."""
    if not unlinked:
        return set()
    repeat_of: dict[int, list[int]] = defaultdict(list)
    original = aliased(Claim)
    statement = (
        select(ClaimLink.claim_a_id, ClaimLink.claim_b_id)
        .join(original, original.id == ClaimLink.claim_b_id)
        .where(
            ClaimLink.kind == LinkKind.REPEATS,
            ClaimLink.status.in_(link_statuses(filters.include_suggested)),
            ClaimLink.claim_a_id.in_(listed(session, {c for key in unlinked for c in key})),
        )
    )
    if not filters.include_retracted:
        statement = statement.where(original.status == ClaimStatus.ACTIVE)
    for repeat, original_id in session.execute(statement):
        repeat_of[repeat].append(original_id)

    def restates(repeat: int, other: int) -> bool:
        return any(_key(original, other) in pairs for original in repeat_of.get(repeat, ()))

    return {key for key in unlinked if restates(key[0], key[1]) or restates(key[1], key[0])}


def _read(
    session: Session,
    order: list[_Entry],
    by_stances: dict[tuple[int, int], set[int]],
    filters: Filters,
) -> Iterator[dict[str, Any]]:
    for start in range(0, len(order), BATCH):
        batch = [_key(*entry[-2:]) for entry in order[start : start + BATCH]]
        ids = {claim_id for key in batch for claim_id in key}
        pairs = {key: _Pair(propositions=by_stances.pop(key, set())) for key in batch}
        chosen = listed(session, ids)
        for link_id, claim_a, claim_b, status, method, score, reason, note in session.execute(
            select(
                ClaimLink.id,
                ClaimLink.claim_a_id,
                ClaimLink.claim_b_id,
                ClaimLink.status,
                ClaimLink.method,
                ClaimLink.score,
                ClaimLink.reason,
                ClaimLink.note,
            )
            .where(
                ClaimLink.kind == LinkKind.CONTRADICTS,
                ClaimLink.status.in_(link_statuses(filters.include_suggested)),
                # The other side is checked here: SQLite would pair every id with every id.
                ClaimLink.claim_a_id.in_(chosen),
            )
            .order_by(ClaimLink.id)
        ):
            pair = pairs.get(_key(claim_a, claim_b))
            if pair is not None:
                pair.links.append((link_id, status.value, method.value, score, reason, note))
        loaded = load_claims(
            session,
            ids,
            include_suggested=filters.include_suggested,
            include_retracted=filters.include_retracted,
        )
        for key in batch:
            yield _contradiction(key, pairs[key], loaded, filters)


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


def _key(claim_a: int, claim_b: int) -> tuple[int, int]:
    return (claim_a, claim_b) if claim_a < claim_b else (claim_b, claim_a)


def _said(claim: Any) -> tuple[Any, ...]:
    """What orders a claim and groups its pairs: its date and time, and the ids of its topics
    and of the propositions it takes a stance on, each list as one text."""
    return (
        claim.stated_on,
        claim.stated_precision,
        claim.stated_time,
        _joined(select(ClaimTopic.topic_id).where(ClaimTopic.claim_id == claim.id)),
        _joined(select(ClaimStance.proposition_id).where(ClaimStance.claim_id == claim.id)),
    )


def _joined(numbers: Select[Any]) -> Any:
    """The numbers a SELECT of one column gives, as one comma-separated text (or NULL)."""
    column = cast(numbers.selected_columns[0], String)
    return numbers.with_only_columns(func.aggregate_strings(column, ",")).scalar_subquery()


def _link_pairs(filters: Filters) -> Select[Any]:
    first, second = aliased(Claim), aliased(Claim)
    return (
        select(ClaimLink.claim_a_id, ClaimLink.claim_b_id, *_said(first), *_said(second))
        .select_from(ClaimLink)
        .join(first, first.id == ClaimLink.claim_a_id)
        .join(second, second.id == ClaimLink.claim_b_id)
        .where(
            ClaimLink.kind == LinkKind.CONTRADICTS,
            ClaimLink.status.in_(link_statuses(filters.include_suggested)),
            *_link_conditions(filters, first, second),
        )
        .order_by(ClaimLink.id)
    )


def _link_conditions(filters: Filters, first: Any, second: Any) -> list[ColumnElement[bool]]:
    """``_conditions`` for the links, where a filter on either claim (the claim, the topic or
    the speaker) becomes: the links from its claims, or to them. That finds them through the
    indexes, where an OR of the two sides would read every link."""
    if filters.claim_id is not None:
        claims = select(Claim.id.label("claim_id")).where(Claim.id == filters.claim_id)
        rest = replace(filters, claim_id=None)
    elif filters.topic is not None:
        claims = select(tagged_claims(filters.topic).subquery().c.claim_id)
        rest = replace(filters, topic=None)
    elif filters.speaker is not None:
        claims = select(Claim.id.label("claim_id")).where(Claim.speaker_id == filters.speaker.id)
        rest = replace(filters, speaker=None)
    else:
        return _conditions(filters, first, second)
    chosen = claims.cte("chosen")
    from_them, to_them = aliased(ClaimLink), aliased(ClaimLink)
    links = union_all(
        select(from_them.id).where(from_them.claim_a_id.in_(select(chosen.c.claim_id))),
        select(to_them.id).where(to_them.claim_b_id.in_(select(chosen.c.claim_id))),
    )
    return [ClaimLink.id.in_(links), *_conditions(rest, first, second)]


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
