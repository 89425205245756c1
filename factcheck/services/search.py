"""Full-text search over claims: their text and venue, the propositions they take a side on,
their evidence, and the titles of their sources.

A query is words (all must match), phrases in double quotes and prefixes (``sanction*``).
Everything else is read as plain text: operators (AND, OR, NOT, -, :, parentheses) are words
or separators, an unbalanced quote runs to the end, and characters that are neither letters
nor digits separate words. So any query is either searched or refused with a clear message.
"""

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from factcheck.errors import InvalidInput
from factcheck.models import Actor, ClaimStatus, Source, Topic
from factcheck.services import claims, fulltext, rows
from factcheck.services.dates import PartialDate
from factcheck.services.fulltext import Term, Tier
from factcheck.services.textsim import STOPWORDS

MAX_QUERY_LENGTH = 1000
MAX_TERMS = 32
MIN_PREFIX = 2
DEFAULT_LIMIT = 20
# Each place a search looks (claims, propositions, evidence, sources) ranks at most this many
# of its matches, those added last: a word found in most claims costs no more than a rare one.
MAX_RANKED = 1000

_POSSESSIVE = re.compile(r"['\u2019\u02bc]s\b")
_SEPARATORS = re.compile(r"[\W_]+")


def _pieces(chunk: str) -> list[str]:
    """The words of a piece of query text, as the indexes split words: case and accents
    folded, a possessive 's dropped, any other character a separator."""
    decomposed = unicodedata.normalize("NFKD", chunk)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = _POSSESSIVE.sub("", unicodedata.normalize("NFKC", stripped).casefold())
    return [word for word in _SEPARATORS.split(folded) if word]


def _term(chunk: str, *, query: str) -> Term | None:
    prefix = chunk.rstrip().endswith("*")
    pieces = _pieces(chunk)
    if not pieces or all(word in STOPWORDS for word in pieces):
        return None
    if prefix and len(pieces[-1]) < MIN_PREFIX:
        raise InvalidInput(
            f"the prefix {pieces[-1]}* in {query!r} is too short",
            f"give at least {MIN_PREFIX} letters before the *",
        )
    return Term(tuple(pieces), prefix)


def parse_query(query: str) -> list[Term]:
    """The terms of a search query; an error when it has nothing to search for."""
    if len(query) > MAX_QUERY_LENGTH:
        raise InvalidInput(
            f"the query is {len(query):,} characters long", f"the limit is {MAX_QUERY_LENGTH:,}"
        )
    chunks: list[str] = []
    for position, part in enumerate(query.split('"')):
        if position % 2:
            chunks.append(part)
        else:
            chunks.extend(part.split())
    terms = list(dict.fromkeys(t for chunk in chunks if (t := _term(chunk, query=query))))
    if not terms:
        raise InvalidInput(
            f"nothing to search for in {query!r}",
            "give a word of letters or digits that is not a common word such as 'the'",
        )
    if len(terms) > MAX_TERMS:
        raise InvalidInput(f"the query has {len(terms)} terms", f"the limit is {MAX_TERMS}")
    return terms


_BEST_FIRST = sorted(Tier, reverse=True)


@dataclass(frozen=True)
class Hit:
    claim_id: int
    # Where the query matched, most telling first: claim, proposition, evidence, source.
    matched: tuple[str, ...]


def search_claims(
    session: Session,
    query: str,
    *,
    speaker: Actor | None = None,
    topic: Topic | None = None,
    since: PartialDate | None = None,
    until: PartialDate | None = None,
    status: ClaimStatus | None = ClaimStatus.ACTIVE,
    source: Source | None = None,
    limit: int = DEFAULT_LIMIT,
) -> list[Hit]:
    """The claims that match ``query``, the most relevant first, with the filters of
    ``claims.list_claims``.

    A claim whose own text or venue matches comes before one found through a proposition it
    takes a side on, which comes before one found through its evidence, then its sources;
    within each, the engine's relevance decides, then the claim's id. Each of those places
    ranks at most ``MAX_RANKED`` of its matches (or ``limit``, if more), those added last.
    """
    if limit < 1:
        raise InvalidInput(f"limit {limit} is not positive", "give 1 or more")
    terms = parse_query(query)
    conditions = claims.claim_filters(
        speaker=speaker, topic=topic, since=since, until=until, status=status, source=source
    )
    ranked = fulltext.ranked_hits(
        session, terms, conditions, cap=max(MAX_RANKED, limit), limit=limit
    )
    return [
        Hit(claim_id, tuple(tier.name.lower() for tier in _BEST_FIRST if tier in places))
        for claim_id, places in ranked
    ]


def hit_views(session: Session, found: Sequence[Hit]) -> list[dict[str, Any]]:
    """Each hit as a claim (docs/json/claim.md) with ``matched``: where the query matched."""
    views = rows.claim_views_of(session, [hit.claim_id for hit in found])
    return [{**view, "matched": list(hit.matched)} for view, hit in zip(views, found, strict=True)]
