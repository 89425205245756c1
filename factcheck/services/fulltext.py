"""The full-text indexes behind one small interface: FTS5 on SQLite, tsvector on PostgreSQL.

Migration 0003 builds them. Queries reach the engine only as terms this module spells itself
from words of letters and digits (factcheck.services.search parses what users type), so no
query can be a syntax error. Relevance is BM25 on SQLite and ``ts_rank`` on PostgreSQL: not
the same numbers, the same idea (more, and more telling, matches first).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

from sqlalchemy import Float, Integer, Subquery, bindparam, text
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


_SQLITE_HITS = """
SELECT rowid AS claim_id, -bm25(claims_fts, 1.0, 0.5) AS relevance, {claim} AS tier
FROM claims_fts WHERE claims_fts MATCH :query
UNION ALL
SELECT s.claim_id, -bm25(propositions_fts), {proposition}
FROM propositions_fts JOIN claim_stances AS s ON s.proposition_id = propositions_fts.rowid
WHERE propositions_fts MATCH :query
UNION ALL
SELECT e.claim_id, -bm25(evidence_fts, 1.0, 0.5), {evidence}
FROM evidence_fts JOIN evidence AS e ON e.id = evidence_fts.rowid
WHERE evidence_fts MATCH :query
UNION ALL
SELECT c.id, -bm25(sources_fts), {source}
FROM sources_fts JOIN claims AS c ON c.first_source_id = sources_fts.rowid
WHERE sources_fts MATCH :query
UNION ALL
SELECT a.claim_id, -bm25(sources_fts), {source}
FROM sources_fts JOIN appearances AS a ON a.source_id = sources_fts.rowid
WHERE sources_fts MATCH :query
UNION ALL
SELECT e.claim_id, -bm25(sources_fts), {source}
FROM sources_fts JOIN evidence AS e ON e.source_id = sources_fts.rowid
WHERE sources_fts MATCH :query
"""

_POSTGRESQL_HITS = """
SELECT c.id AS claim_id, ts_rank(c.search_vector, q) AS relevance, {claim} AS tier
FROM claims AS c, to_tsquery('english', :query) AS q WHERE c.search_vector @@ q
UNION ALL
SELECT s.claim_id, ts_rank(p.search_vector, q), {proposition}
FROM propositions AS p JOIN claim_stances AS s ON s.proposition_id = p.id,
    to_tsquery('english', :query) AS q
WHERE p.search_vector @@ q
UNION ALL
SELECT e.claim_id, ts_rank(e.search_vector, q), {evidence}
FROM evidence AS e, to_tsquery('english', :query) AS q WHERE e.search_vector @@ q
UNION ALL
SELECT c.id, ts_rank(s.search_vector, q), {source}
FROM sources AS s JOIN claims AS c ON c.first_source_id = s.id,
    to_tsquery('english', :query) AS q
WHERE s.search_vector @@ q
UNION ALL
SELECT a.claim_id, ts_rank(s.search_vector, q), {source}
FROM sources AS s JOIN appearances AS a ON a.source_id = s.id,
    to_tsquery('english', :query) AS q
WHERE s.search_vector @@ q
UNION ALL
SELECT e.claim_id, ts_rank(s.search_vector, q), {source}
FROM sources AS s JOIN evidence AS e ON e.source_id = s.id,
    to_tsquery('english', :query) AS q
WHERE s.search_vector @@ q
"""


def hits(session: Session, terms: Sequence[Term]) -> Subquery:
    """Every claim whose text or venue, proposition, evidence or source title contains all
    ``terms``: rows ``(claim_id, relevance, tier)``, a claim once for each place it matched;
    ``relevance`` is 0 or more."""
    if session.get_bind().dialect.name == "sqlite":
        sql = _SQLITE_HITS
    else:
        sql = _POSTGRESQL_HITS
        # The six branches' row estimates lead the planner to start parallel workers, whose
        # start-up (some 15 ms) costs far more than the index lookups; for this transaction
        # only, it does without them.
        session.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))
    tiers = {tier.name.lower(): int(tier) for tier in Tier}
    statement = (
        text(sql.format(**tiers))
        .bindparams(bindparam("query", _expression(session, terms, "AND")))
        .columns(claim_id=Integer, relevance=Float, tier=Integer)
    )
    return statement.subquery("hits")


_SQLITE_CANDIDATES = """
SELECT f.rowid FROM claims_fts AS f JOIN claims AS c ON c.id = f.rowid
WHERE claims_fts MATCH :query AND c.status = :status
ORDER BY bm25(claims_fts, 1.0, 0.0), f.rowid LIMIT :limit
"""
_POSTGRESQL_CANDIDATES = """
SELECT c.id FROM claims AS c, to_tsquery('english', :query) AS q
WHERE c.search_vector @@ q AND c.status = :status
ORDER BY ts_rank(c.search_vector, q) DESC, c.id LIMIT :limit
"""


def candidates(
    session: Session, words: Sequence[str], *, limit: int, every: bool = False
) -> list[int]:
    """Active claims whose text has any of ``words`` (``every``: all of them), the most
    relevant first."""
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
    rows = session.execute(
        text(sql), {"query": query, "status": ClaimStatus.ACTIVE.value, "limit": limit}
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
        sql, query = _SQLITE_COUNT, _fts5(Term((word,)))
    else:
        sql, query = _POSTGRESQL_COUNT, _tsquery(Term((word,)))
    return int(session.execute(text(sql), {"query": query, "cap": cap}).scalar_one())


def claim_count_estimate(session: Session) -> int:
    """About how many claims there are (the largest id), without counting them."""
    return int(session.execute(text("SELECT coalesce(max(id), 0) FROM claims")).scalar_one())
