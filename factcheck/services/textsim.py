"""Text as words, for search and for matching: pure functions, no database.

Case, accents, punctuation and apostrophes do not count ("Bush's", "BUSHS" and "Bushs" are the
same word), nor do plural endings ("sanctions" and "sanction").
"""

import re
import unicodedata
from collections.abc import Iterable, Sequence

# PostgreSQL's English stop words (tsearch_data/english.stop, from Snowball): the words its
# full-text search leaves out. Search and matching leave them out on SQLite too, so that the
# two backends answer alike.
_STOPWORDS = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
    she her hers herself it its itself they them their theirs themselves what which who whom
    this that these those am is are was were be been being have has had having do does did
    doing a an the and but if or because as until while of at by for with about against
    between into through during before after above below to from up down in out on off over
    under again further then once here there when where why how all any both each few more
    most other some such no nor not only own same so than too very s t can will just don
    should now
"""
STOPWORDS = frozenset(_STOPWORDS.split())

_APOSTROPHES = re.compile(r"['\u2019\u02bc`\u00b4]")
_NOT_WORD = re.compile(r"[\W_]+")
_KEEP_FINAL_S = ("ss", "us", "is", "ous")
_ES_PLURALS = ("sses", "shes", "ches", "xes", "zes")


def fold(text: str) -> str:
    """``text`` case-folded, without accents, without apostrophes."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _APOSTROPHES.sub("", unicodedata.normalize("NFC", stripped).casefold())


def words(text: str) -> list[str]:
    """The words of ``text`` as written, folded: no stemming, stop words kept."""
    return [word for word in _NOT_WORD.split(fold(text)) if word]


def stem(word: str) -> str:
    """A plural's singular, by the spelling rules that cover most English plurals."""
    if len(word) <= 3 or not word.endswith("s") or word.isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(_ES_PLURALS):
        return word[:-2]
    if word.endswith(_KEEP_FINAL_S):
        return word
    return word[:-1]


def tokens(text: str) -> list[str]:
    """The words of ``text``, folded and singular, in order; stop words kept."""
    return [stem(word) for word in words(text)]


def normalize(text: str) -> str:
    """``text`` as its tokens joined by single spaces."""
    return " ".join(tokens(text))


def significant(items: Iterable[str]) -> list[str]:
    """The words that are not stop words, in order, each once."""
    return list(dict.fromkeys(word for word in items if word not in STOPWORDS))


def trigrams(text: str) -> set[str]:
    """The character trigrams of each word of ``text`` (padded, as PostgreSQL's pg_trgm
    does), so that word order does not count and word endings count a little."""
    grams: set[str] = set()
    for word in text.split():
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def dice(first: set[str], second: set[str]) -> float:
    """Sørensen-Dice similarity of two sets: 1 for equal sets, 0 for disjoint ones."""
    if not first or not second:
        return 0.0
    return 2 * len(first & second) / (len(first) + len(second))


def word_count(text: str) -> int:
    return len(words(text))


def weighted_cosine(
    first: Sequence[str], second: Sequence[str], weights: dict[str, float], default: float
) -> float:
    """Cosine similarity of two sets of words, each word weighted (by its rarity)."""
    left, right = set(first), set(second)
    if not left or not right:
        return 0.0
    shared = sum(weights.get(word, default) ** 2 for word in left & right)
    norm_left = sum(weights.get(word, default) ** 2 for word in left) ** 0.5
    norm_right = sum(weights.get(word, default) ** 2 for word in right) ** 0.5
    return float(shared / (norm_left * norm_right))
