"""Text cues that two statements on one subject say opposite things.

Plain functions of text, no database: a statement's words (contractions spelt out, crude
stems for comparing), the sides it takes on a few opposing word classes (all vs some,
increased vs decreased, ...), whether it is negated, and the numbers it gives with the word
they count. ``compare`` sets two statements side by side; ``factcheck.services.suggest`` turns
that into a score and a reason.
"""

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

_WORD = re.compile(r"\d+(?:[.,]\d+)*|[a-z]+(?:'[a-z]+)?")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})

# Contractions, with and without their apostrophe ("won't", "wont"): negation must survive
# the stripped spelling of sloppy transcripts.
_CONTRACTIONS = {
    "won't": ("will", "not"),
    "wont": ("will", "not"),
    "can't": ("can", "not"),
    "cant": ("can", "not"),
    "cannot": ("can", "not"),
    "shan't": ("shall", "not"),
}
_NT_STEMS = {
    "do",
    "does",
    "did",
    "is",
    "are",
    "was",
    "were",
    "has",
    "have",
    "had",
    "would",
    "should",
    "could",
    "must",
    "need",
    "ain",
}

NEGATIONS = frozenset({"not", "no", "never", "none", "nobody", "nothing", "neither", "nor"})

# Word classes with opposite sides. A word sits on one side of one axis; two statements
# contrast on an axis when the sides they take there differ.
_AXES: dict[str, dict[int, str]] = {
    "extent": {
        1: "all every entire entirety entirely whole wholly total totally complete completely"
        " full fully always everyone everybody everything everywhere each",
        0: "some partial partially part only few several portion fraction limited sometimes"
        " selected most half",
        -1: "none never nobody nothing",
    },
    "direction": {
        1: "increase increased increases increasing rise rose risen rises rising grew grow"
        " grows grown growing growth up higher highest high more gain gained gains expand"
        " expanded expanding boost boosted raise raised raising soar soared soaring doubled"
        " tripled climbed jumped surged surge record",
        -1: "decrease decreased decreases decreasing fall fell fallen falls falling decline"
        " declined declines declining drop dropped drops dropping shrank shrink shrunk"
        " shrinking down lower lowest low less fewer loss losses cut cuts cutting reduced"
        " reduce reduces reduction plunged plummeted slumped halved",
    },
    "support": {
        1: "support supports supported supporting favor favors favored favour favoured"
        " endorse endorsed endorses approve approved approves backed backs welcomed praised",
        -1: "oppose opposed opposes opposing against reject rejected rejects veto vetoed"
        " condemn condemned condemns disapprove disapproved criticized criticised",
    },
    "truth": {
        1: "true accurate correct confirmed confirms real genuine admitted admits acknowledged",
        -1: "false inaccurate incorrect wrong fake untrue denied denies deny hoax fabricated",
    },
    "outcome": {
        1: "win won wins winning victory succeed succeeded success successful passed worked",
        -1: "lose lost loses losing defeat defeated fail failed fails failure collapsed",
    },
    "legality": {
        1: "legal lawful allowed allow allows permitted permit legalized legalised",
        -1: "illegal unlawful banned ban bans forbidden prohibited outlawed",
    },
    "safety": {
        1: "safe safer safest harmless secure",
        -1: "dangerous unsafe harmful risky deadly hazardous",
    },
    "openness": {
        1: "open opened opens reopen reopened",
        -1: "closed close closes closing shut",
    },
    "quality": {
        1: "improve improved improves improving better best stronger strengthened strong"
        " booming thriving",
        -1: "worsen worsened worsens worse worst weaker weakened weak struggling",
    },
    "agreement": {
        1: "agree agreed agrees accept accepted accepts",
        -1: "disagree disagreed disagrees refuse refused refuses",
    },
    "length": {
        1: "long longer longest",
        -1: "short shorter shortest",
    },
    "timing": {
        1: "early earlier ahead",
        -1: "late later delayed behind",
    },
    "cost": {
        1: "expensive costlier pricier",
        -1: "cheap cheaper cheapest",
    },
    "presence": {
        1: "remain remains remained stay stays stayed",
        -1: "withdrawn withdrew withdraw withdrawing abolished scrapped",
    },
}
# Axes whose two sides are opposites, so that "not safe" says what "dangerous" says; on the
# extent axis "not all" is not "none".
_POLAR_AXES = frozenset(_AXES) - {"extent"}
AXIS_SIDES: dict[str, tuple[str, int]] = {
    word: (axis, side)
    for axis, sides in _AXES.items()
    for side, words in sides.items()
    for word in words.split()
}

# Side words a reason names only when the statement has no more telling one.
_VAGUE = frozenset({"only", "up", "down", "more", "less", "high", "low", "most", "part"})

_STOP_WORDS = """
a an the and or but if of to in on at by for from with as into onto than then that this
these those it its it's they them their there here he him his she her we us our you your
i me my be been being is are was were am do does did done has have had having will would
shall should can could may might must said says say told tell about over under after
before again also just very so such what which who whom whose when where why how while
because until upon out off own same other another one's there's that's what's
"""
_STOP = frozenset(_STOP_WORDS.split())

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "dozen": 12,
}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_YEAR = "<year>"


def words(text: str) -> list[str]:
    """Lower-case words of ``text`` (accents folded), contractions spelt out."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    found: list[str] = []
    for word in _WORD.findall(folded):
        if word in _CONTRACTIONS:
            found.extend(_CONTRACTIONS[word])
        elif word.endswith("n't"):
            found.extend((word[:-3], "not"))
        elif word.endswith("nt") and word[:-2] in _NT_STEMS:
            found.extend((word[:-2], "not"))
        elif word.endswith("'s"):
            found.append(word[:-2])
        else:
            found.append(word.replace("'", ""))
    return found


def stem(word: str) -> str:
    """A crude suffix-stripped form, good enough to tell that two words are the same."""
    for suffix, replacement, shortest in (
        ("ies", "y", 5),
        ("sses", "ss", 5),
        ("ing", "", 6),
        ("ed", "", 5),
        ("es", "", 5),
        ("s", "", 4),
    ):
        if word.endswith(suffix) and len(word) >= shortest and not word.endswith("ss"):
            return word[: len(word) - len(suffix)] + replacement
    return word


def _number(word: str) -> float | None:
    if word in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[word])
    if word[0].isdigit():
        try:
            return float(word.replace(",", ""))
        except ValueError:
            return None
    return None


@dataclass(frozen=True)
class Quantity:
    """A number as given, and the word it counts or measures (``<year>`` for years)."""

    value: float
    unit: str

    @property
    def is_year(self) -> bool:
        return self.unit == _YEAR

    def label(self) -> str:
        if self.is_year:
            return f"{self.value:.0f}"
        for name, size in sorted(_SCALES.items(), key=lambda item: -item[1]):
            if size >= 1e6 and self.value >= size:
                return f"{self.value / size:,.4g} {name} {self.unit}"
        return f"{self.value:,.10g} {self.unit}"


@dataclass(frozen=True)
class Features:
    """What ``compare`` needs to know of one statement."""

    content: frozenset[str]
    negations: tuple[str, ...]
    sides: Mapping[str, Mapping[int, str]]
    quantities: tuple[Quantity, ...]


def features(text: str) -> Features:
    found = words(text)
    content: list[str] = []
    sides: dict[str, dict[int, str]] = {}
    for word in found:
        if word in AXIS_SIDES:
            axis, side = AXIS_SIDES[word]
            shown = sides.setdefault(axis, {})
            if side not in shown or (shown[side] in _VAGUE and word not in _VAGUE):
                shown[side] = word
        elif word not in _STOP and word not in NEGATIONS and _number(word) is None:
            content.append(stem(word))
    return Features(
        content=frozenset(content),
        negations=tuple(word for word in found if word in NEGATIONS),
        sides=sides,
        quantities=tuple(_quantities(found)),
    )


def _quantities(found: list[str]) -> Iterable[Quantity]:
    for index, word in enumerate(found):
        value = _number(word)
        if value is None or (index > 0 and _number(found[index - 1]) is not None):
            continue
        after = index + 1
        if after < len(found) and found[after] in _SCALES:
            value *= _SCALES[found[after]]
            after += 1
        if word.isdigit() and len(word) == 4 and 1800 <= value <= 2100:
            yield Quantity(value, _YEAR)
            continue
        unit = _unit(found[after:]) or _unit(reversed(found[:index]))
        if unit is not None:
            yield Quantity(value, unit)


def _unit(nearby: Iterable[str]) -> str | None:
    """The first content word among the two next to a number."""
    for count, word in enumerate(nearby):
        if count == 2:
            break
        if word == "percent" or word == "per":
            return "percent"
        if word not in _STOP and word not in AXIS_SIDES and _number(word) is None:
            return stem(word)
    return None


@dataclass(frozen=True)
class Cue:
    """One way two statements differ: ``kind`` is an axis, ``negation``, ``numbers`` or
    ``years``; ``first`` and ``second`` are what each statement says."""

    kind: str
    first: str | Quantity
    second: str | Quantity

    def describe(self) -> str:
        first, second = (
            side.label() if isinstance(side, Quantity) else side
            for side in (self.first, self.second)
        )
        if self.kind == "numbers":
            return f"different numbers for the same quantity ({first} vs {second})"
        if self.kind == "years":
            return f"different years ({first} vs {second})"
        if self.kind == "negation":
            return f"negated in one only ('{first or second}')"
        return f"'{first}' vs '{second}'"


_AXIS_ORDER = {axis: number for number, axis in enumerate(_AXES)}


def cues(first: Features, second: Features) -> list[Cue]:
    """The contrasts between two statements, strongest kinds first."""
    found: list[Cue] = []
    for axis in sorted(first.sides.keys() & second.sides.keys(), key=_AXIS_ORDER.__getitem__):
        mine, theirs = first.sides[axis], second.sides[axis]
        if mine.keys() != theirs.keys():
            side = min(mine.keys() - theirs.keys() or mine.keys())
            other = min(theirs.keys() - {side} or theirs.keys())
            found.append(Cue(axis, mine[side], theirs[other]))
    if bool(first.negations) != bool(second.negations):
        polar = [cue for cue in found if cue.kind in _POLAR_AXES]
        if polar:
            # "not allowed" vs "banned": the negation and the antonym cancel out.
            found.remove(polar[0])
        else:
            found.append(Cue("negation", " ".join(first.negations), " ".join(second.negations)))
    if first.quantities and second.quantities:
        for years in (False, True):
            differing = _differing_numbers(first.quantities, second.quantities, years=years)
            if differing is not None:
                found.append(Cue("years" if years else "numbers", *differing))
    return found


def _differing_numbers(
    first: tuple[Quantity, ...], second: tuple[Quantity, ...], *, years: bool
) -> tuple[Quantity, Quantity] | None:
    """Two quantities of one unit whose values the other statement never gives."""
    for mine in first:
        if mine.is_year != years:
            continue
        theirs = [q for q in second if q.unit == mine.unit]
        values = {q.value for q in first if q.unit == mine.unit}
        if theirs and not values & {q.value for q in theirs}:
            return mine, theirs[0]
    return None


def weights(documents: Iterable[frozenset[str]]) -> dict[str, float]:
    """Inverse document frequencies of the content words of ``documents``: words that most
    statements in a group share (the group's own subject) weigh less than the rest."""
    counts: Counter[str] = Counter()
    total = 0
    for content in documents:
        counts.update(content)
        total += 1
    return {word: math.log(1 + total / count) for word, count in counts.items()}


def weight(content: Iterable[str], idf: Mapping[str, float]) -> float:
    return sum(idf.get(word, 1.0) for word in content)


def overlap(
    first: frozenset[str],
    second: frozenset[str],
    idf: Mapping[str, float],
    *,
    totals: tuple[float, float] | None = None,
) -> float:
    """How much two statements share their subject, 0 to 1: the weighted share of the
    shorter statement's words found in the other, averaged with the weighted Dice.
    ``totals`` are the two statements' own weights, when known already."""
    if not first or not second:
        return 0.0
    mine, theirs = totals or (weight(first, idf), weight(second, idf))
    shared = weight(first & second, idf)
    smaller = min(mine, theirs)
    return (shared / smaller + 2 * shared / (mine + theirs)) / 2 if smaller else 0.0
