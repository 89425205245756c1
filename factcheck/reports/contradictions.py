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
from datetime import date
from typing import Any

from sqlalchemy import BindParameter, TextClause, bindparam, text
from sqlalchemy.orm import Session

from factcheck.errors import InvalidInput
from factcheck.models import Actor, Proposition, Topic
from factcheck.reports import json_text
from factcheck.reports.assessment import assess
from factcheck.reports.periods import period
from factcheck.reports.queries import (
    DATE,
    PRECISION,
    TAGGED,
    TIME,
    ids_select,
    ids_value,
    joined_numbers,
    link_statuses_sql,
)
from factcheck.reports.records import Loaded, clock, date_text, load_claims
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
    alone, one more for a topic), held as a few numbers each; then, batch by batch of
    ``BATCH`` pairs in report order, their links and their claims with all they carry (eleven
    queries a batch).
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
        for topic_id, slug, name in session.execute(text("SELECT id, slug, name FROM topics"))
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

    query = _Query(session, filters)
    by_stances: dict[tuple[int, int], tuple[set[int], tuple[_Side, _Side]]] = {}
    for proposition_id, claim_a, claim_b, *row in query.streamed(query.stance_pairs()):
        key = _key(claim_a, claim_b)
        if key in by_stances:
            by_stances[key][0].add(proposition_id)
        else:
            sides = (_side(row[:5]), _side(row[5:]))
            by_stances[key] = ({proposition_id}, sides if key[0] == claim_a else sides[::-1])
    order: list[_Entry] = []
    linked: set[int] = set()
    for claim_a, claim_b, *row in query.streamed(query.link_pairs()):
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
    active = "" if filters.include_retracted else " AND original.status = 'active'"
    rows = session.execute(
        text(
            "SELECT l.claim_a_id, l.claim_b_id FROM claim_links l"
            " JOIN claims original ON original.id = l.claim_b_id"
            " WHERE l.kind = 'repeats'"
            f" AND l.status IN {link_statuses_sql(filters.include_suggested)}"
            f" AND l.claim_a_id IN ({ids_select(session)}){active}"
        ),
        {"ids": ids_value(session, {c for key in unlinked for c in key})},
    )
    for repeat, original_id in rows:
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
    links = text(
        "SELECT id, claim_a_id, claim_b_id, status, method, score, reason, note"
        " FROM claim_links WHERE kind = 'contradicts'"
        f" AND status IN {link_statuses_sql(filters.include_suggested)}"
        # The other side is checked here: SQLite would pair every id with every id.
        f" AND claim_a_id IN ({ids_select(session)}) ORDER BY id"
    )
    for start in range(0, len(order), BATCH):
        batch = [_key(*entry[-2:]) for entry in order[start : start + BATCH]]
        ids = {claim_id for key in batch for claim_id in key}
        pairs = {key: _Pair(propositions=by_stances.pop(key, set())) for key in batch}
        for link_id, claim_a, claim_b, *link in session.execute(
            links, {"ids": ids_value(session, ids)}
        ):
            pair = pairs.get(_key(claim_a, claim_b))
            if pair is not None:
                pair.links.append((link_id, *link))
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


class _Query:
    """The statements that find the pairs the filters let through, with their parameters.

    A filter on either claim (the claim, the topic or the speaker) names a set of claims, the
    chosen ones, and both statements start from them.
    """

    def __init__(self, session: Session, filters: Filters) -> None:
        self.session = session
        self.filters = filters
        self.parameters: dict[str, Any] = {
            "topic": filters.topic.id if filters.topic else None,
            "speaker": filters.speaker.id if filters.speaker else None,
            "proposition": filters.proposition.id if filters.proposition else None,
            "claim": filters.claim_id,
            "since": filters.since.value if filters.since else None,
            "until": _last_day(filters.until),
        }
        chosen, self.rest = self._chosen()
        self.with_chosen = "" if chosen is None else f"WITH chosen(claim_id) AS ({chosen}) "
        if chosen == TAGGED:
            # The claims of a topic are read once, not by each statement: they are found by
            # rows of claim_topics spread all over the table, where a claim or a speaker names
            # its claims through an index alone.
            ids = session.scalars(self._statement(chosen)).all()
            self.parameters["chosen"] = ids_value(session, ids)
            self.with_chosen = f"WITH chosen(claim_id) AS ({ids_select(session, 'chosen')}) "

    def _statement(self, sql: str) -> TextClause:
        # Each parameter the text uses, of the type of its value (dates are text on SQLite).
        used: list[BindParameter[Any]] = [
            bindparam(name, value) for name, value in self.parameters.items() if f":{name}" in sql
        ]
        return text(sql).bindparams(*used)

    def streamed(self, sql: str) -> Iterator[Any]:
        types = {
            f"{side}_{name}": kind
            for side in ("first", "second")
            for name, kind in (("stated_on", DATE), ("precision", PRECISION), ("time", TIME))
        }
        statement = self._statement(sql).columns(**types)
        return iter(self.session.execute(statement, execution_options={"yield_per": BATCH}))

    def _said(self, claim: str) -> str:
        """What orders a claim and groups its pairs: its date and time, and the ids of its
        topics and of the propositions it takes a stance on, each list as one text."""
        return (
            f"{claim}.stated_on AS {claim}_stated_on,"
            f" {claim}.stated_precision AS {claim}_precision,"
            f" {claim}.stated_time AS {claim}_time, "
            + joined_numbers(
                self.session, "topic_id", f"FROM claim_topics WHERE claim_id = {claim}.id"
            )
            + ", "
            + joined_numbers(
                self.session, "proposition_id", f"FROM claim_stances WHERE claim_id = {claim}.id"
            )
        )

    def _chosen(self) -> tuple[str | None, Filters]:
        """The SELECT of the chosen claims, and the filters left; None when no filter names
        claims."""
        filters = self.filters
        if filters.claim_id is not None:
            return "SELECT id FROM claims WHERE id = :claim", replace(filters, claim_id=None)
        if filters.topic is not None:
            return TAGGED, replace(filters, topic=None)
        if filters.speaker is not None:
            return "SELECT id FROM claims WHERE speaker_id = :speaker", replace(
                filters, speaker=None
            )
        return None, filters

    def link_pairs(self) -> str:
        """The pairs joined by links, with what orders them, in the order of the links. With
        chosen claims: the links from them, or to them, found through the indexes, where an OR
        of the two sides would read every link."""
        conditions = [
            "l.kind = 'contradicts'",
            f"l.status IN {link_statuses_sql(self.filters.include_suggested)}",
        ]
        if self.with_chosen:
            conditions.append(
                "l.id IN (SELECT id FROM claim_links"
                " WHERE claim_a_id IN (SELECT claim_id FROM chosen)"
                " UNION ALL SELECT id FROM claim_links"
                " WHERE claim_b_id IN (SELECT claim_id FROM chosen))"
            )
        conditions += _conditions(self.rest)
        return (
            f"{self.with_chosen}SELECT l.claim_a_id, l.claim_b_id,"
            f" {self._said('first')}, {self._said('second')} FROM claim_links l"
            " JOIN claims first ON first.id = l.claim_a_id"
            " JOIN claims second ON second.id = l.claim_b_id"
            f" WHERE {' AND '.join(conditions)} ORDER BY l.id"
        )

    def stance_pairs(self) -> str:
        """The pairs of claims taking opposite stances on a proposition, by proposition. With
        chosen claims: only on the propositions they take a stance on, read through the index
        rather than every stance."""
        conditions = ["asserting.stance = 'asserts'"]
        if self.with_chosen:
            conditions += [
                "asserting.proposition_id IN (SELECT proposition_id FROM claim_stances"
                " WHERE claim_id IN (SELECT claim_id FROM chosen))",
                "(first.id IN (SELECT claim_id FROM chosen)"
                " OR second.id IN (SELECT claim_id FROM chosen))",
            ]
        conditions += _conditions(self.rest)
        return (
            f"{self.with_chosen}SELECT asserting.proposition_id, asserting.claim_id,"
            f" denying.claim_id, {self._said('first')}, {self._said('second')}"
            " FROM claim_stances asserting JOIN claim_stances denying"
            " ON denying.proposition_id = asserting.proposition_id"
            " AND denying.stance = 'denies'"
            " JOIN claims first ON first.id = asserting.claim_id"
            " JOIN claims second ON second.id = denying.claim_id"
            f" WHERE {' AND '.join(conditions)}"
            " ORDER BY asserting.proposition_id, asserting.claim_id, denying.claim_id"
        )


def _last_day(until: PartialDate | None) -> date | None:
    if until is None:
        return None
    end = period(until.value, until.precision)
    assert end is not None
    return end[1]


def _conditions(filters: Filters) -> list[str]:
    """The filters as conditions on the two claims, ``first`` and ``second``."""
    conditions: list[str] = []
    if not filters.include_retracted:
        conditions += ["first.status = 'active'", "second.status = 'active'"]
    if filters.speaker is not None:
        conditions.append("(first.speaker_id = :speaker OR second.speaker_id = :speaker)")
    if filters.self_only:
        conditions.append("first.speaker_id = second.speaker_id")
    if filters.claim_id is not None:
        conditions.append("(first.id = :claim OR second.id = :claim)")
    if filters.since is not None or filters.until is not None:
        conditions.append(
            f"({_said_within('first', filters)} OR {_said_within('second', filters)})"
        )
    if filters.topic is not None:
        conditions.append(f"(first.id IN ({TAGGED}) OR second.id IN ({TAGGED}))")
    if filters.proposition is not None:
        taking = "SELECT claim_id FROM claim_stances WHERE proposition_id = :proposition"
        conditions.append(f"first.id IN ({taking}) AND second.id IN ({taking})")
    return conditions


def _said_within(claim: str, filters: Filters) -> str:
    conditions = [f"{claim}.stated_on IS NOT NULL"]
    if filters.since is not None:
        conditions.append(f"{claim}.stated_on >= :since")
    if filters.until is not None:
        conditions.append(f"{claim}.stated_on <= :until")
    return "(" + " AND ".join(conditions) + ")"


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
