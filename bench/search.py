"""Search over the large data set: the first page of ``factcheck search WORD`` (milliseconds;
the detail gives it for a word in nearly every claim too) and the speed-up of search's query
over a ``LIKE '%word%'`` scan that finds the same claims; ``factcheck match TEXT``
(milliseconds). The commands run inside this process through the command line (modules
imported once, before the clock starts).

Skipped while the commands are not there.
"""

import re
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from bench import data
from bench.common import (
    Figure,
    Options,
    Skipped,
    filled_sqlite,
    interleaved,
    invoke_cli,
    median,
    say,
)

NAME = "search"
FIRST_PAGE_TARGET_MS = 20.0
SPEEDUP_TARGET = 50.0
MATCH_TARGET_MS = 300.0
PAGE = 20


def measure(options: Options) -> list[Figure]:
    missing = [name for name in ("search", "match") if invoke_cli([name, "--help"])[0] != 0]
    if len(missing) == 2:
        raise Skipped("factcheck search and factcheck match are not available")
    size = options.large
    shape = data.Shape(size)
    database = filled_sqlite(options, size)
    url = f"sqlite:///{database}"
    repeats = max(options.repeats, 5)
    figures: list[Figure] = []
    if "search" not in missing:
        figures += _search(database, url, shape, size, repeats)
    if "match" not in missing:
        figures.append(_match(database, url, size, repeats))
    for name in missing:
        say(f"   factcheck {name} is not available: its figure is left out")
    return figures


def _search(database: Path, url: str, shape: data.Shape, size: int, repeats: int) -> list[Figure]:
    word, common = data.search_word(shape), data.common_word(shape)
    command = ["--db", url, "search", word]
    _check(command)
    matches = _check_same_matches(database, word)
    say(f"   search {word!r} ({matches:,} claims have it), {repeats} runs")
    queries, baselines = interleaved(
        lambda: _after_one(lambda: _timed_query(url, word)),
        lambda: _after_one(lambda: _like_scan(database, word)),
        repeats,
    )
    commands = [_timed_cli(command) for _ in range(repeats)]
    common_command = ["--db", url, "search", common]
    _check(common_command)
    say(f"   search {common!r} (in nearly every claim), {repeats} runs")
    common_times = [_timed_cli(common_command) for _ in range(repeats)]
    subject, query, base = median(commands), median(queries), median(baselines)
    return [
        Figure(
            name=f"search, first page, over {size:,} claims",
            value=subject * 1000,
            unit="ms",
            target=FIRST_PAGE_TARGET_MS,
            detail=(
                f"factcheck search {word}, in-process; a word in nearly every claim"
                f" ({common}): {median(common_times) * 1000:.1f} ms"
            ),
            runs=repeats,
        ),
        Figure(
            name=f"search speed-up over a LIKE '%word%' scan of {size:,} claims",
            value=base / query,
            unit="x",
            target=SPEEDUP_TARGET,
            higher=True,
            detail=(
                f"search's query {query * 1000:.1f} ms, LIKE {base * 1000:.0f} ms;"
                f" the whole command {subject * 1000:.1f} ms, {base / subject:.1f}x"
            ),
            runs=repeats,
        ),
    ]


def _match(database: Path, url: str, size: int, repeats: int) -> Figure:
    text = _altered_claim(database)
    command = ["--db", url, "match", text]
    _check(command)
    say(f"   match, {repeats} runs")
    times = [_timed_cli(command) for _ in range(repeats)]
    return Figure(
        name=f"match a new text against {size:,} claims",
        value=median(times) * 1000,
        unit="ms",
        target=MATCH_TARGET_MS,
        detail="factcheck match, in-process",
        runs=repeats,
    )


def _check(command: list[str]) -> None:
    """One untimed run: a warm start for the runs timed, and a failure shown as one."""
    code, _ = invoke_cli(command)
    if code != 0:
        raise RuntimeError(f"factcheck {' '.join(command[2:])} exited with {code}")


def _timed_cli(command: list[str]) -> float:
    started = time.perf_counter()
    invoke_cli(command)
    return time.perf_counter() - started


def _after_one(run: Callable[[], float]) -> float:
    """The time of ``run`` right after an untimed run of its own: the query and the scan
    alternate, and each would otherwise start in the caches the other one left."""
    run()
    return run()


def _timed_query(url: str, word: str) -> float:
    """Search's own work for the first page, in a session opened before the clock starts (as
    the baseline's connection is): the index lookup and ranking, and the page's claims loaded
    with their speakers, topics and sources. Each run opens a new engine, so its statements
    are compiled afresh, as in a command."""
    from factcheck.db import unit_of_work
    from factcheck.services.search import hit_views, search_claims

    with unit_of_work(url, user="bench", write=False) as session:
        started = time.perf_counter()
        hit_views(session, search_claims(session, word, limit=PAGE))
        return time.perf_counter() - started


def _like_matches(connection: sqlite3.Connection, word: str) -> list[tuple[float, int]]:
    """Every active claim whose text or venue has the word, with a relevance: LIKE cannot
    rank, so it must find every match (the whole table is read) before it can order them;
    a LIKE hit inside a longer word is no match."""
    whole = re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE)
    rows = connection.execute(
        "SELECT id, text, venue FROM claims WHERE status = 'active'"
        " AND (text LIKE ? OR venue LIKE ?)",
        (f"%{word}%", f"%{word}%"),
    )
    found: list[tuple[float, int]] = []
    for claim_id, text, venue in rows:
        hits = len(whole.findall(text)) + len(whole.findall(venue or "")) / 2
        if hits:
            found.append((-hits / len(text), claim_id))
    return found


def _like_scan(database: Path, word: str) -> float:
    """The baseline: the best page of the claims that have the word, found by scanning."""
    connection = sqlite3.connect(database)
    try:
        started = time.perf_counter()
        sorted(_like_matches(connection, word))[:PAGE]
        return time.perf_counter() - started
    finally:
        connection.close()


def _check_same_matches(database: Path, word: str) -> int:
    """The scan finds the very claims the word index finds (untimed): both answer the same
    question. Their number."""
    connection = sqlite3.connect(database)
    try:
        scanned = {claim_id for _, claim_id in _like_matches(connection, word)}
        indexed = {
            row[0]
            for row in connection.execute(
                "SELECT c.id FROM claims_fts JOIN claims AS c ON c.id = claims_fts.rowid"
                " WHERE claims_fts MATCH ? AND c.status = 'active'",
                (f'"{word}"',),
            )
        }
    finally:
        connection.close()
    if scanned != indexed:
        raise RuntimeError(
            f"LIKE finds {len(scanned):,} claims with {word!r}, the index {len(indexed):,}"
        )
    return len(indexed)


def _altered_claim(database: Path) -> str:
    """A known claim reworded a little: a new text that has been checked before."""
    connection = sqlite3.connect(database)
    try:
        row = connection.execute(
            "SELECT text FROM claims ORDER BY id LIMIT 1 OFFSET (SELECT count(*) / 2 FROM claims)"
        ).fetchone()
    finally:
        connection.close()
    words = str(row[0]).rstrip(".").split()
    return " ".join(words[1:-1])
