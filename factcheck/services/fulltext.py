"""The full-text indexes behind one small interface: FTS5 on SQLite, tsvector on PostgreSQL.

Migration 0003 builds them. Queries reach the engine only as terms this module spells itself
from words of letters and digits (factcheck.services.search parses what users type), so no
query can be a syntax error. Relevance is BM25 on SQLite and ``ts_rank`` on PostgreSQL: not
the same numbers, the same idea (more, and more telling, matches first).
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, and_, bindparam, text
from sqlalchemy.orm import Session

from factcheck.enums import ClaimStatus


@dataclass(frozen=True)
class Term:
    """One thing every result contains: a word, a phrase (several words in order), or either
    with its last word taken as a prefix. Words are letters and digits only."""

    words: tuple[str, ...]
    prefix: bool = False


class Tier(IntEnum):
    """Where a search hit was found; a claim's own words count most."""

    SOURCE = 0
    EVIDENCE = 1
    PROPOSITION = 2
    CLAIM = 3


def _fts5(term: Term) -> str:
    return f'"{" ".join(term.words)}"' + (" *" if term.prefix else "")


def _tsquery(term: Term, weight: str = "") -> str:
    last = len(term.words) - 1
    return " <-> ".join(
        f"'{word}':{'*' if term.prefix and i == last else ''}{weight}".rstrip(":")
        for i, word in enumerate(term.words)
    )


def _expression(session: Session, terms: Sequence[Term], joiner: str) -> str:
    if session.get_bind().dialect.name == "sqlite":
        return f" {joiner} ".join(_fts5(term) for term in terms)
    operator = {"AND": " & ", "OR": " | "}[joiner]
    return operator.join(f"({_tsquery(term)})" for term in terms)


# Each place a search looks: a full-text index and the way from its rows to claims. Every
# branch takes the rows the index yields first (those added last) and stops at :cap, so a word
# found in most claims costs no more than a rare one; only those rows are ranked.
_SQLITE_PLACES = (
    """SELECT claims_fts.rowid AS claim_id, -bm25(claims_fts, 1.0, 0.5) AS relevance,
    {claim} AS tier
FROM claims_fts JOIN claims ON claims.id = claims_fts.rowid
WHERE claims_fts MATCH :query AND {filters} ORDER BY claims_fts.rowid DESC LIMIT :cap""",
    """SELECT s.claim_id, -bm25(propositions_fts), {proposition}
FROM propositions_fts JOIN claim_stances AS s ON s.proposition_id = propositions_fts.rowid
JOIN claims ON claims.id = s.claim_id
WHERE propositions_fts MATCH :query AND {filters}
ORDER BY propositions_fts.rowid DESC LIMIT :cap""",
    """SELECT e.claim_id, -bm25(evidence_fts, 1.0, 0.5), {evidence}
FROM evidence_fts JOIN evidence AS e ON e.id = evidence_fts.rowid
JOIN claims ON claims.id = e.claim_id
WHERE evidence_fts MATCH :query AND {filters} ORDER BY evidence_fts.rowid DESC LIMIT :cap""",
    """SELECT claims.id, -bm25(sources_fts), {source}
FROM sources_fts JOIN claims ON claims.first_source_id = sources_fts.rowid
WHERE sources_fts MATCH :query AND {filters} ORDER BY sources_fts.rowid DESC LIMIT :cap""",
    """SELECT a.claim_id, -bm25(sources_fts), {source}
FROM sources_fts JOIN appearances AS a ON a.source_id = sources_fts.rowid
JOIN claims ON claims.id = a.claim_id
WHERE sources_fts MATCH :query AND {filters} ORDER BY sources_fts.rowid DESC LIMIT :cap""",
    """SELECT e.claim_id, -bm25(sources_fts), {source}
FROM sources_fts JOIN evidence AS e ON e.source_id = sources_fts.rowid
JOIN claims ON claims.id = e.claim_id
WHERE sources_fts MATCH :query AND {filters} ORDER BY sources_fts.rowid DESC LIMIT :cap""",
)

_POSTGRESQL_PLACES = (
    """SELECT claims.id AS claim_id, ts_rank(claims.search_vector, q) AS relevance,
    {claim} AS tier
FROM claims, to_tsquery('english', :query) AS q
WHERE claims.search_vector @@ q AND {filters} ORDER BY claims.id DESC LIMIT :cap""",
    """SELECT s.claim_id, ts_rank(p.search_vector, q), {proposition}
FROM propositions AS p JOIN claim_stances AS s ON s.proposition_id = p.id
JOIN claims ON claims.id = s.claim_id, to_tsquery('english', :query) AS q
WHERE p.search_vector @@ q AND {filters} ORDER BY p.id DESC LIMIT :cap""",
    """SELECT e.claim_id, ts_rank(e.search_vector, q), {evidence}
FROM evidence AS e JOIN claims ON claims.id = e.claim_id, to_tsquery('english', :query) AS q
WHERE e.search_vector @@ q AND {filters} ORDER BY e.id DESC LIMIT :cap""",
    """SELECT claims.id, ts_rank(s.search_vector, q), {source}
FROM sources AS s JOIN claims ON claims.first_source_id = s.id,
    to_tsquery('english', :query) AS q
WHERE s.search_vector @@ q AND {filters} ORDER BY s.id DESC LIMIT :cap""",
    """SELECT a.claim_id, ts_rank(s.search_vector, q), {source}
FROM sources AS s JOIN appearances AS a ON a.source_id = s.id
JOIN claims ON claims.id = a.claim_id, to_tsquery('english', :query) AS q
WHERE s.search_vector @@ q AND {filters} ORDER BY s.id DESC LIMIT :cap""",
    """SELECT e.claim_id, ts_rank(s.search_vector, q), {source}
FROM sources AS s JOIN evidence AS e ON e.source_id = s.id
JOIN claims ON claims.id = e.claim_id, to_tsquery('english', :query) AS q
WHERE s.search_vector @@ q AND {filters} ORDER BY s.id DESC LIMIT :cap""",
)

# A claim's score is the best of its places: the tier, plus the relevance squeezed into
# [0, 1), so that a higher tier always ranks first.
_RANKED = """
SELECT claim_id, max(tier + relevance / (1.0 + relevance)) AS score, {flags}
FROM ({places}) AS hits
GROUP BY claim_id ORDER BY score DESC, claim_id {ties} LIMIT :limit
"""
# BM25 weighs each term by how few rows have it, which SQLite's FTS5 finds by reading the
# term's every entry: some 15 ms for a word in most of a million claims, and it says nothing
# then (such a word's weight is nil). A query with a term in this many claims is ranked by
# place, then newest first.
COMMON_MATCHES = 20_000
_BM25 = re.compile(r"-bm25\([^)]*\)")


def _filters(
    session: Session, conditions: Sequence[ColumnElement[bool]]
) -> tuple[str, list[BindParameter[Any]]]:
    """``conditions`` on ``claims`` as a piece of SQL and the values it binds (each with its
    type, so that it is stored the way the column stores it). Spelled once here, the piece is
    repeated in every branch: far cheaper than compiling six branches of expressions."""
    if not conditions:
        return "1 = 1", []
    # The session's dialect, with binds spelled :name as text() reads them.
    dialect: Any = type(session.get_bind().dialect)
    named = dialect(paramstyle="named")
    compiled = and_(*conditions).compile(dialect=named)
    binds = [
        bindparam(name, parameter.effective_value, type_=parameter.type)
        for parameter, name in compiled.bind_names.items()
    ]
    # PostgreSQL's casts (::VARCHAR) are escaped, for text() not to read them as binds.
    return compiled.string.replace("::", "\\:\\:"), binds


def ranked_hits(
    session: Session,
    terms: Sequence[Term],
    conditions: Sequence[ColumnElement[bool]] = (),
    *,
    cap: int,
    limit: int,
) -> list[tuple[int, frozenset[Tier]]]:
    """The ``limit`` best claims meeting ``conditions`` whose text or venue, proposition,
    evidence or source title contains all ``terms``, each with the places it matched in.

    A claim's own words rank first, then a proposition's, its evidence's, its sources'; within
    each, the engine's relevance (BM25 on SQLite, ``ts_rank`` on PostgreSQL), then the id.
    Each place ranks at most ``cap`` of its matches: those added last. On SQLite, a query
    with a term in ``COMMON_MATCHES`` claims or more is ranked by place, then newest first.
    """
    sqlite = session.get_bind().dialect.name == "sqlite"
    if not sqlite:
        # The planner's row estimates lead it to start parallel workers, whose start-up
        # (some 15 ms) costs far more than the index lookups; for this transaction only, it
        # does without them.
        session.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))
    filters, binds = _filters(session, conditions)
    tiers = {tier.name.lower(): int(tier) for tier in Tier}
    common = sqlite and any(
        _claim_matches(session, _fts5(term), cap=COMMON_MATCHES) >= COMMON_MATCHES for term in terms
    )
    places = " UNION ALL ".join(
        f"SELECT * FROM ({place.format(filters=filters, **tiers)}) AS p{number}"
        for number, place in enumerate(_SQLITE_PLACES if sqlite else _POSTGRESQL_PLACES)
    )
    if common:
        places = _BM25.sub("0.0", places)
    flags = ", ".join(
        f"max(CASE WHEN tier = {int(tier)} THEN 1 ELSE 0 END) AS {tier.name.lower()}"
        for tier in Tier
    )
    ties = "DESC" if common else "ASC"
    statement = text(_RANKED.format(places=places, flags=flags, ties=ties)).bindparams(
        *binds,
        bindparam("query", _expression(session, terms, "AND")),
        bindparam("cap", cap),
        bindparam("limit", limit),
    )
    return [
        (row[0], frozenset(tier for tier in Tier if row[2 + int(tier)]))
        for row in session.execute(statement)
    ]


_SQLITE_CANDIDATES = """
SELECT f.rowid FROM claims_fts AS f JOIN claims AS c ON c.id = f.rowid
WHERE claims_fts MATCH :query AND c.status = :status
ORDER BY {order} LIMIT :limit
"""
_POSTGRESQL_CANDIDATES = """
SELECT c.id FROM claims AS c, to_tsquery('english', :query) AS q
WHERE c.search_vector @@ q AND c.status = :status
ORDER BY {order} LIMIT :limit
"""
# Words found in most claims weigh nothing in BM25 but cost a read of their every entry, and
# all of them may match most claims: ``every`` takes the claims added last, which the index
# yields first, and stops at the limit.
_CANDIDATE_ORDER = {
    ("sqlite", False): "bm25(claims_fts, 1.0, 0.0), f.rowid",
    ("sqlite", True): "f.rowid DESC",
    ("postgresql", False): "ts_rank(c.search_vector, q) DESC, c.id",
    ("postgresql", True): "c.id DESC",
}


def candidates(
    session: Session, words: Sequence[str], *, limit: int, every: bool = False
) -> list[int]:
    """Active claims whose text has any of ``words``, the most relevant first; or (``every``)
    those that have all of them, the newest first."""
    if not words:
        return []
    terms = [Term((word,)) for word in words]
    joiner = "AND" if every else "OR"
    if session.get_bind().dialect.name == "sqlite":
        sql, query = _SQLITE_CANDIDATES, "{text} : (" + _expression(session, terms, joiner) + ")"
    else:
        # Weight A is the claim's text (migration 0003), as against its venue.
        operator = " & " if every else " | "
        sql, query = _POSTGRESQL_CANDIDATES, operator.join(_tsquery(term, "A") for term in terms)
    sqlite = session.get_bind().dialect.name == "sqlite"
    order = _CANDIDATE_ORDER["sqlite" if sqlite else "postgresql", every]
    rows = session.execute(
        text(sql.format(order=order)),
        {"query": query, "status": ClaimStatus.ACTIVE.value, "limit": limit},
    )
    return [row[0] for row in rows]


_SQLITE_COUNT = (
    "SELECT count(*) FROM (SELECT 1 FROM claims_fts"
    " WHERE claims_fts MATCH :query LIMIT :cap) AS found"
)
_POSTGRESQL_COUNT = (
    "SELECT count(*) FROM (SELECT 1 FROM claims"
    " WHERE search_vector @@ to_tsquery('english', :query) LIMIT :cap) AS found"
)


def claim_frequency(session: Session, word: str, *, cap: int) -> int:
    """How many claims have ``word`` in their text or venue, counted up to ``cap``."""
    if session.get_bind().dialect.name == "sqlite":
        return _claim_matches(session, _fts5(Term((word,))), cap=cap)
    query = _tsquery(Term((word,)))
    return int(session.execute(text(_POSTGRESQL_COUNT), {"query": query, "cap": cap}).scalar_one())


def _claim_matches(session: Session, query: str, *, cap: int) -> int:
    return int(session.execute(text(_SQLITE_COUNT), {"query": query, "cap": cap}).scalar_one())


def claim_count_estimate(session: Session) -> int:
    """About how many claims there are (the largest id), without counting them."""
    return int(session.execute(text("SELECT coalesce(max(id), 0) FROM claims")).scalar_one())
