"""Has this been checked? The known claims closest to a new text.

The full-text index finds candidates: active claims whose text shares any telling word with the
new text, the most relevant few hundred. Python then scores each candidate from 0 to 1: mostly
the cosine of the two texts' sets of words, each word weighted by how rare it is among claims
(so that sharing "Yongbyon" counts for more than sharing "said"), and partly the overlap of their
character trigrams, which forgives changed word endings and small misspellings. Case, accents,
punctuation, apostrophes, plural endings and word order do not count.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from factcheck.errors import InvalidInput
from factcheck.models import Claim, Verdict
from factcheck.services import claims, fulltext, textsim, verdicts
from factcheck.services.text import clean_text

# A text this short matches too much by chance for its matches to be trusted.
MIN_CONFIDENT_WORDS = 6
CANDIDATES = 300
# The candidate query uses at most this many of the text's words, the rarest.
MAX_QUERY_WORDS = 16
# Words are counted among claims up to this many. A word this common finds too many claims to
# rank quickly and says little about which is meant: it counts in the score, but finds
# candidates only when every word of the text is as common (and then all of the rarest few
# must be there, and the claims added last that have them are the candidates).
FREQUENCY_CAP = 2000
COMMON_FALLBACK_WORDS = 3
# A long text has its frequencies counted for this many words, the longest (long words tend to
# be the rare ones); the others weigh as much as those do on average.
MAX_COUNTED_WORDS = 48
TOKEN_WEIGHT = 0.8
TRIGRAM_WEIGHT = 1 - TOKEN_WEIGHT
MAX_LIMIT = 1000


@dataclass(frozen=True)
class Match:
    """A known claim close to the text, with a similarity from 0 (nothing alike) to 1."""

    claim_id: int
    score: float
    low_confidence: bool


@dataclass(frozen=True)
class _Text:
    tokens: tuple[str, ...]
    grams: frozenset[str]

    @classmethod
    def of(cls, text: str) -> "_Text":
        words = textsim.significant(textsim.tokens(text))
        return cls(tuple(words), frozenset(textsim.trigrams(" ".join(words))))


def _weights(session: Session, frequencies: dict[str, int]) -> dict[str, float]:
    """Each word's inverse claim frequency (a smoothed IDF)."""
    total = max(fulltext.claim_count_estimate(session), 1)
    return {
        word: math.log(1 + (total + 1) / (frequency + 0.5))
        for word, frequency in frequencies.items()
    }


def _similarity(new: _Text, known: _Text, weights: dict[str, float], default: float) -> float:
    """How alike two texts are, from 0 to 1 (1 for the same words)."""
    words = textsim.weighted_cosine(new.tokens, known.tokens, weights, default)
    grams = textsim.dice(set(new.grams), set(known.grams))
    return TOKEN_WEIGHT * words + TRIGRAM_WEIGHT * grams


def match_claims(
    session: Session, text: str, *, limit: int = 10, min_score: float = 0.0
) -> list[Match]:
    """The active claims most like ``text``, best first (ties by id), at most ``limit``, none
    scoring below ``min_score``. Every match of a text under six words is low-confidence."""
    text = clean_text(text, field="text")
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit {limit} is out of range", f"give 1 to {MAX_LIMIT}")
    if not 0 <= min_score <= 1:
        raise InvalidInput(f"minimum score {min_score} is out of range", "give 0 to 1")
    new = _Text.of(text)
    if not new.tokens:
        return []
    counted = sorted(new.tokens, key=lambda word: (-len(word), word))[:MAX_COUNTED_WORDS]
    frequencies = {
        word: fulltext.claim_frequency(session, word, cap=FREQUENCY_CAP) for word in counted
    }
    weights = _weights(session, frequencies)
    rarest = sorted(counted, key=lambda word: (frequencies[word], word))
    telling = [word for word in rarest if frequencies[word] < FREQUENCY_CAP]
    if telling:
        found = fulltext.candidates(session, telling[:MAX_QUERY_WORDS], limit=CANDIDATES)
    else:
        words = rarest[:COMMON_FALLBACK_WORDS]
        found = fulltext.candidates(session, words, limit=CANDIDATES, every=True)
    if not found:
        return []
    texts = session.execute(select(Claim.id, Claim.text).where(Claim.id.in_(found)))
    # A word whose frequency is not known (a candidate's word that the new text lacks, or one
    # past MAX_COUNTED_WORDS) weighs as much as the counted words do on average.
    default = sum(weights.values()) / len(weights)
    low = textsim.word_count(text) < MIN_CONFIDENT_WORDS
    scored = [
        Match(claim_id, round(_similarity(new, _Text.of(known), weights, default), 4), low)
        for claim_id, known in texts
    ]
    scored = [match for match in scored if match.score >= min_score and match.score > 0]
    scored.sort(key=lambda match: (-match.score, match.claim_id))
    return scored[:limit]


def match_views(session: Session, matches: Sequence[Match]) -> list[dict[str, Any]]:
    """Each match as its score and confidence, the claim (docs/json/claim.md), and the
    claim's current verdicts."""
    ids = [match.claim_id for match in matches]
    loaded = session.scalars(
        select(Claim)
        .where(Claim.id.in_(ids))
        .options(
            selectinload(Claim.speaker),
            selectinload(Claim.topics),
            selectinload(Claim.first_source),
        )
    )
    by_id = {claim.id: claim for claim in loaded}
    ordered = [by_id[claim_id] for claim_id in ids]
    views = claims.claim_views(session, ordered)
    rated = verdicts.current_verdicts_of(session, ids)
    return [
        {
            "score": match.score,
            "low_confidence": match.low_confidence,
            **view,
            "verdicts": [_verdict(verdict) for verdict in rated.get(match.claim_id, [])],
        }
        for match, view in zip(matches, views, strict=True)
    ]


def _verdict(verdict: Verdict) -> dict[str, Any]:
    view = verdicts.verdict_view(verdict)
    keep = ("id", "reviewer", "reviewer_id", "scale", "rating", "bucket", "date", "url")
    return {key: view[key] for key in keep}
