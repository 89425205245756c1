"""Deterministic synthetic data: a native-format file, or the same records written straight
into a migrated SQLite database.

Seeded, so every run and every machine sees the same claims. The shape follows what the
issue asks for: claim texts of 100-300 characters, a skewed (Zipf-like) choice of speakers,
topics and words so that a few speakers say most things, a verdict on about 30% of claims and
confirmed ``contradicts`` links between about 5% of them (one link per 20 claims).
"""

import json
import random
import sqlite3
from bisect import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any

SEED = 20190228
# Part of the names of the files made from this data: change it when the data changes.
DATA_VERSION = 1
VERDICT_SHARE = 0.30
CLAIMS_PER_CONTRADICTION = 20
RATINGS = ("True", "Mostly True", "Half True", "Mostly False", "False", "Pants on Fire")
REVIEWERS = ("PolitiFact", "The Washington Post", "Full Fact", "AFP Fact Check")
VENUES = ("Press conference", "Interview", "Rally", "Television debate", "Social media post")
# The syllables the made-up words are built from.
_SYLLABLE_TEXT = (
    "ka ri mo na le sa to vi en ar ul po de ti ga ho mi re la su ne ko ba zi fa el in or an us"
    " tre gro pla vel mor sen dur cas lin tor pen wal"
)
SYLLABLES = tuple(_SYLLABLE_TEXT.split())
FIRST_DAY = date(2015, 1, 1)
DAYS = 3650


@dataclass(frozen=True)
class Shape:
    """How many of each thing a data set of ``claims`` claims has."""

    claims: int

    @property
    def speakers(self) -> int:
        return max(20, self.claims // 200)

    @property
    def topics(self) -> int:
        return max(20, min(500, self.claims // 1000))

    @property
    def words(self) -> int:
        return 2000

    @property
    def contradictions(self) -> int:
        return self.claims // CLAIMS_PER_CONTRADICTION


class Zipf:
    """Ranks 0..n-1 drawn with weight 1/(rank+1)^s: the first few take most of the draws."""

    def __init__(self, n: int, s: float = 1.07) -> None:
        self.cumulative = list(accumulate(1 / (rank + 1) ** s for rank in range(n)))
        self.total = self.cumulative[-1]

    def draw(self, rng: random.Random) -> int:
        return bisect(self.cumulative, rng.random() * self.total)


def vocabulary(count: int) -> list[str]:
    """``count`` distinct pronounceable words, the same ones on every run."""
    rng = random.Random(SEED)
    words: list[str] = []
    seen: set[str] = set()
    while len(words) < count:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def topic_name(rank: int) -> str:
    return f"Topic {rank + 1:03d}"


def speaker_name(rank: int) -> str:
    return f"Speaker {rank + 1:05d}"


def search_word(shape: Shape) -> str:
    """A word of middling frequency (about 1 claim in 200): what a user looks up. It is the
    first word, from a third of the way down the ranks, that is part of no other word, so that
    a ``LIKE '%word%'`` scan finds the very claims that have the word."""
    words = vocabulary(shape.words)
    return next(
        word
        for word in words[shape.words // 3 :]
        if not any(word in other for other in words if other != word)
    )


def common_word(shape: Shape) -> str:
    """The most frequent word, found in nearly every claim."""
    return vocabulary(shape.words)[0]


def report_topic(shape: Shape) -> str:
    """A topic of median size: the one the single-topic report benchmark asks for. Topics are
    drawn with a Zipf-like skew, so the few first ones hold most claims (Topic 001 is on nearly a
    third of them) and a typical topic a user asks for is far smaller: the middle rank is the
    median topic (Topic 251 at 1M claims: 969 claims, 93 contradictions)."""
    return topic_name(shape.topics // 2)


def big_report_topic(shape: Shape) -> str:
    """A big topic, the 25th by size (Topic 025 at 1M claims: 11,537 claims, 1,123
    contradictions): the single-topic report benchmark gives its time too, so that a report
    slow on big topics does not hide behind the typical one."""
    return topic_name(min(shape.topics - 1, 24))


@dataclass(frozen=True)
class Claim:
    number: int
    text: str
    speaker: int
    said: date
    venue: str
    topics: tuple[int, ...]


def claims(shape: Shape) -> Iterator[Claim]:
    rng = random.Random(SEED + 1)
    words = vocabulary(shape.words)
    word_rank = Zipf(len(words), 1.0)
    speaker_rank = Zipf(shape.speakers)
    topic_rank = Zipf(shape.topics)
    for number in range(1, shape.claims + 1):
        length = rng.randint(100, 300)
        parts: list[str] = []
        size = -1
        while size < length - 1:
            word = words[word_rank.draw(rng)]
            parts.append(word)
            size += len(word) + 1
        text = " ".join(parts)[: length - 1].rstrip()
        topics = {topic_rank.draw(rng) for _ in range(rng.randint(1, 3))}
        yield Claim(
            number=number,
            text=text[0].upper() + text[1:] + ".",
            speaker=speaker_rank.draw(rng),
            said=FIRST_DAY + timedelta(days=rng.randrange(DAYS)),
            venue=rng.choice(VENUES),
            topics=tuple(sorted(topics)),
        )


def verdicts(shape: Shape) -> Iterator[tuple[int, int, str, date]]:
    """(claim number, reviewer index, rating, date) for about 30% of claims."""
    rng = random.Random(SEED + 2)
    for number in range(1, shape.claims + 1):
        if rng.random() < VERDICT_SHARE:
            reviewed = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
            yield number, rng.randrange(len(REVIEWERS)), rng.choice(RATINGS), reviewed


def contradictions(shape: Shape) -> Iterator[tuple[int, int]]:
    """Pairs of distinct claim numbers, lower first, each pair once. The skewed speakers make
    some of them self-contradictions (one speaker on both sides)."""
    rng = random.Random(SEED + 3)
    seen: set[tuple[int, int]] = set()
    while len(seen) < shape.contradictions:
        first = rng.randint(1, shape.claims)
        second = rng.randint(1, shape.claims)
        pair = (min(first, second), max(first, second))
        if first != second and pair not in seen:
            seen.add(pair)
            yield pair


def document(shape: Shape) -> Iterator[str]:
    """The native-format JSON document, in pieces (the 1M-claim file is ~400 MB)."""
    yield '{"factcheck": 1,\n"actors": [\n'
    actors = [
        {"key": f"speaker-{rank + 1}", "name": speaker_name(rank)} for rank in range(shape.speakers)
    ] + [
        {"key": f"reviewer-{index + 1}", "name": name, "kind": "organization"}
        for index, name in enumerate(REVIEWERS)
    ]
    yield ",\n".join(json.dumps(actor) for actor in actors)
    yield '\n],\n"claims": [\n'
    first = True
    for claim in claims(shape):
        record = {
            "key": f"claim-{claim.number}",
            "text": claim.text,
            "speaker": f"speaker-{claim.speaker + 1}",
            "said": claim.said.isoformat(),
            "venue": claim.venue,
            "language": "en",
            "topics": [topic_name(rank) for rank in claim.topics],
        }
        yield ("" if first else ",\n") + json.dumps(record)
        first = False
    yield '\n],\n"links": [\n'
    yield ",\n".join(
        json.dumps(
            {
                "key": f"link-{a}-{b}",
                "from": f"claim-{a}",
                "to": f"claim-{b}",
                "kind": "contradicts",
            }
        )
        for a, b in contradictions(shape)
    )
    yield '\n],\n"verdicts": [\n'
    yield ",\n".join(
        json.dumps(
            {
                "key": f"verdict-{number}",
                "claim": f"claim-{number}",
                "reviewer": f"reviewer-{reviewer + 1}",
                "scale": "politifact",
                "rating": rating,
                "date": reviewed.isoformat(),
            }
        )
        for number, reviewer, rating, reviewed in verdicts(shape)
    )
    yield "\n]}\n"


def write_native(shape: Shape, path: Path) -> Path:
    """The data set as a native-format JSON file at ``path`` (reused when already there)."""
    if path.exists():
        return path
    partial = path.with_suffix(".partial")
    with partial.open("w", encoding="utf-8") as out:
        for piece in document(shape):
            out.write(piece)
    partial.rename(path)
    return path


STAMP = "2026-01-01 00:00:00.000000"


def fill_sqlite(shape: Shape, database: Path) -> None:
    """Write the data set straight into a migrated, empty SQLite database with bulk SQL:
    the rows ``factcheck import`` would make, without the change log (minutes faster at 1M)."""
    connection = sqlite3.connect(database)
    try:
        with connection:
            _fill(connection, shape)
    finally:
        connection.close()


def _fill(connection: sqlite3.Connection, shape: Shape) -> None:
    execute = connection.executemany
    actors = [
        (speaker_name(rank), "person", f"speaker-{rank + 1}") for rank in range(shape.speakers)
    ]
    actors += [(name, "organization", f"reviewer-{i + 1}") for i, name in enumerate(REVIEWERS)]
    first_actor = _next_id(connection, "actors")
    execute(
        "INSERT INTO actors (id, name, name_key, kind, import_key, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (first_actor + i, name, name.lower(), kind, key, STAMP, STAMP)
            for i, (name, kind, key) in enumerate(actors)
        ],
    )
    first_topic = _next_id(connection, "topics")
    execute(
        "INSERT INTO topics (id, name, slug, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
        [
            (
                first_topic + rank,
                topic_name(rank),
                topic_name(rank).lower().replace(" ", "-"),
                STAMP,
                STAMP,
            )
            for rank in range(shape.topics)
        ],
    )
    first_claim = _next_id(connection, "claims")
    batch: list[tuple[Any, ...]] = []
    tags: list[tuple[int, int, str, str]] = []
    for claim in claims(shape):
        claim_id = first_claim + claim.number - 1
        batch.append(
            (
                *(claim_id, claim.text, "paraphrase", first_actor + claim.speaker),
                *(claim.said.isoformat(), "day", claim.venue, "en", "active"),
                *(f"claim-{claim.number}", STAMP, STAMP),
            )
        )
        tags.extend((claim_id, first_topic + rank, STAMP, STAMP) for rank in claim.topics)
        if len(batch) >= 10_000:
            _insert_claims(connection, batch, tags)
            batch, tags = [], []
    _insert_claims(connection, batch, tags)
    execute(
        "INSERT INTO claim_links (claim_a_id, claim_b_id, kind, status, method, import_key,"
        " created_at, updated_at) VALUES (?, ?, 'contradicts', 'confirmed', 'manual', ?, ?, ?)",
        [
            (first_claim + a - 1, first_claim + b - 1, f"link-{a}-{b}", STAMP, STAMP)
            for a, b in contradictions(shape)
        ],
    )
    scale, levels = _politifact(connection)
    reviewer_base = first_actor + shape.speakers
    execute(
        "INSERT INTO verdicts (claim_id, reviewer_id, scale_id, level_id, reviewed_on,"
        " reviewed_precision, import_key, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, 'day', ?, ?, ?)",
        [
            (
                *(first_claim + number - 1, reviewer_base + reviewer, scale, levels[rating]),
                *(reviewed.isoformat(), f"verdict-{number}", STAMP, STAMP),
            )
            for number, reviewer, rating, reviewed in verdicts(shape)
        ],
    )


def _insert_claims(
    connection: sqlite3.Connection,
    batch: list[tuple[Any, ...]],
    tags: list[tuple[int, int, str, str]],
) -> None:
    connection.executemany(
        "INSERT INTO claims (id, text, wording, speaker_id, stated_on, stated_precision, venue,"
        " language, status, import_key, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        batch,
    )
    connection.executemany(
        "INSERT INTO claim_topics (claim_id, topic_id, created_at, updated_at) VALUES (?, ?, ?, ?)",
        tags,
    )


def _next_id(connection: sqlite3.Connection, table: str) -> int:
    return int(connection.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0])


def _politifact(connection: sqlite3.Connection) -> tuple[int, dict[str, int]]:
    rows = connection.execute(
        "SELECT s.id, l.label, l.id FROM rating_scales s"
        " JOIN rating_levels l ON l.scale_id = s.id WHERE s.slug = 'politifact'"
    ).fetchall()
    return rows[0][0], {label: level for _, label, level in rows}
