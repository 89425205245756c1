"""Search over the large data set: the first page of ``factcheck search WORD`` (milliseconds)
and its speed-up over a ``LIKE '%word%'`` scan of the claims; ``factcheck match TEXT``
(milliseconds). The commands run inside this process through the command line (modules
imported once, before the clock starts).

Skipped while the commands are not there.
"""

import sqlite3
import time
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
        figures += _search(database, url, data.search_word(shape), size, repeats)
    if "match" not in missing:
        figures.append(_match(database, url, size, repeats))
    for name in missing:
        say(f"   factcheck {name} is not available: its figure is left out")
    return figures


def _search(database: Path, url: str, word: str, size: int, repeats: int) -> list[Figure]:
    command = ["--db", url, "search", word]
    _check(command)
    say(f"   search {word!r}, {repeats} runs")
    subjects, baselines = interleaved(
        lambda: _timed_cli(command), lambda: _like_scan(database, word), repeats
    )
    subject, base = median(subjects), median(baselines)
    return [
        Figure(
            name=f"search, first page, over {size:,} claims",
            value=subject * 1000,
            unit="ms",
            target=FIRST_PAGE_TARGET_MS,
            detail=f"factcheck search {word}, in-process",
            runs=repeats,
        ),
        Figure(
            name=f"search speed-up over a LIKE '%word%' scan of {size:,} claims",
            value=base / subject,
            unit="x",
            target=SPEEDUP_TARGET,
            higher=True,
            detail=f"search {subject * 1000:.1f} ms, LIKE {base * 1000:.0f} ms",
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


def _like_scan(database: Path, word: str) -> float:
    """The baseline: the newest page of claims containing the word, found by scanning."""
    connection = sqlite3.connect(database)
    try:
        started = time.perf_counter()
        connection.execute(
            "SELECT id, text FROM claims WHERE text LIKE ? ORDER BY stated_on DESC, id DESC"
            " LIMIT ?",
            (f"%{word}%", PAGE),
        ).fetchall()
        return time.perf_counter() - started
    finally:
        connection.close()


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
