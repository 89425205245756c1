"""The contradiction report over the large data set: one topic (milliseconds); the whole
report as JSON against a hand-written SQL query that fetches the same pairs and fields and
dumps them as JSON; and the report's peak memory at the large size against the main size.

The report runs inside this process through the command line (modules imported once,
before the clock starts); the memory figure runs it as its own process.
"""

import json
import sqlite3
import time
from pathlib import Path

from bench import data
from bench.common import (
    Figure,
    Options,
    Skipped,
    factcheck_command,
    filled_sqlite,
    interleaved,
    invoke_cli,
    median,
    run_measured,
    say,
)

NAME = "report"
TOPIC_TARGET_MS = 50.0
FULL_TARGET = 1.5
MEMORY_TARGET = 1.3


def measure(options: Options) -> list[Figure]:
    size = options.large
    database = filled_sqlite(options, size)
    url = f"sqlite:///{database}"
    topic = data.report_topic(data.Shape(size))
    report = ["--db", url, "report", "contradictions", "--format", "json"]
    code, _ = invoke_cli([*report, "--topic", topic])
    if code != 0:
        raise Skipped(f"report contradictions --topic failed with exit code {code}")
    repeats = max(options.repeats, 5)
    say(f"   one topic, {repeats} runs")
    topic_times = [_timed_cli([*report, "--topic", topic]) for _ in range(repeats)]
    _, topic_output = invoke_cli([*report, "--topic", topic])
    pairs = json.loads(topic_output)["count"]
    figures = [
        Figure(
            name=f"contradictions on one topic ({pairs:,} pairs) over {size:,} claims",
            value=median(topic_times) * 1000,
            unit="ms",
            target=TOPIC_TARGET_MS,
            detail="in-process, JSON",
            runs=repeats,
        )
    ]
    full_repeats = options.large_repeats
    say(f"   whole report, {full_repeats} runs")
    subjects, baselines = interleaved(
        lambda: _timed_cli(report), lambda: _timed(lambda: hand_written(database)), full_repeats
    )
    subject, base = median(subjects), median(baselines)
    figures.append(
        Figure(
            name=f"whole contradiction report as JSON over {size:,} claims vs hand-written SQL",
            value=subject / base,
            unit="x",
            target=FULL_TARGET,
            detail=f"factcheck {subject:.2f} s, SQL {base:.2f} s",
            runs=full_repeats,
        )
    )
    figures.append(_memory(options, report[2:]))
    return figures


def _memory(options: Options, report: list[str]) -> Figure:
    peaks = {}
    for size in (options.size, options.large):
        database = filled_sqlite(options, size)
        command = [*factcheck_command(), "--db", f"sqlite:///{database}", *report]
        peaks[size] = run_measured(command).peak_mib
    return Figure(
        name=f"peak memory of the whole report, {options.large:,} vs {options.size:,} claims",
        value=peaks[options.large] / peaks[options.size],
        unit="x",
        target=MEMORY_TARGET,
        detail=f"{peaks[options.large]:.0f} MiB vs {peaks[options.size]:.0f} MiB",
        runs=1,
    )


def _timed_cli(args: list[str]) -> float:
    started = time.perf_counter()
    code, _ = invoke_cli(args)
    elapsed = time.perf_counter() - started
    if code != 0:
        raise RuntimeError(f"factcheck {' '.join(args)} exited with {code}")
    return elapsed


def _timed(action: object) -> float:
    started = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - started


def _side(alias: str) -> str:
    """One claim of a pair as a JSON object: what a side of the report shows."""
    return f"""json_object(
        'id', {alias}.id, 'text', {alias}.text, 'wording', {alias}.wording,
        'said', {alias}.stated_on, 'said_precision', {alias}.stated_precision,
        'said_time', {alias}.stated_time, 'venue', {alias}.venue,
        'language', {alias}.language, 'status', {alias}.status,
        'speaker', (SELECT json_object('id', s.id, 'name', s.name) FROM actors s
                    WHERE s.id = {alias}.speaker_id),
        'first_source', (SELECT json_object('url', src.url, 'title', src.title)
                         FROM sources src WHERE src.id = {alias}.first_source_id),
        'topics', (SELECT json_group_array(t.name) FROM claim_topics ct
                   JOIN topics t ON t.id = ct.topic_id WHERE ct.claim_id = {alias}.id),
        'verdicts', (SELECT json_group_array(json_object(
                        'reviewer', r.name, 'rating', lv.label, 'bucket', lv.bucket,
                        'date', v.reviewed_on, 'url', v.review_url,
                        'explanation', v.explanation))
                     FROM verdicts v JOIN actors r ON r.id = v.reviewer_id
                     JOIN rating_levels lv ON lv.id = v.level_id
                     WHERE v.claim_id = {alias}.id
                     AND NOT EXISTS (SELECT 1 FROM verdicts w WHERE w.supersedes_id = v.id)),
        'corrections', (SELECT json_group_array(json_object(
                           'kind', k.kind, 'by', b.name, 'date', k.issued_on, 'text', k.text))
                        FROM corrections k JOIN actors b ON b.id = k.issued_by_id
                        WHERE k.claim_id = {alias}.id),
        'evidence', (SELECT json_group_array(json_object(
                        'stance', e.stance, 'excerpt', e.excerpt, 'source', e.source_id))
                     FROM evidence e WHERE e.claim_id = {alias}.id))"""


HAND_WRITTEN = f"""
WITH pairs AS (
    SELECT l.claim_a_id AS a, l.claim_b_id AS b, l.id AS link_id, l.status, l.method,
           l.score, l.reason, l.note, NULL AS proposition_id
    FROM claim_links l WHERE l.kind = 'contradicts' AND l.status = 'confirmed'
    UNION ALL
    SELECT x.claim_id, y.claim_id, NULL, NULL, NULL, NULL, NULL, NULL, x.proposition_id
    FROM claim_stances x JOIN claim_stances y
      ON y.proposition_id = x.proposition_id AND x.stance = 'asserts' AND y.stance = 'denies'
)
SELECT p.link_id, p.status, p.method, p.score, p.reason, p.note, p.proposition_id,
       {_side("ca")}, {_side("cb")}
FROM pairs p JOIN claims ca ON ca.id = p.a JOIN claims cb ON cb.id = p.b
WHERE ca.status = 'active' AND cb.status = 'active'
ORDER BY p.a, p.b
"""


def hand_written(database: Path) -> str:
    """The baseline: the same pairs and fields in one query, dumped as one JSON document."""
    connection = sqlite3.connect(database)
    try:
        pairs = [
            {
                "basis": {
                    "link_id": row[0],
                    "status": row[1],
                    "method": row[2],
                    "score": row[3],
                    "reason": row[4],
                    "note": row[5],
                    "proposition_id": row[6],
                },
                "sides": [json.loads(row[7]), json.loads(row[8])],
            }
            for row in connection.execute(HAND_WRITTEN)
        ]
    finally:
        connection.close()
    return json.dumps({"count": len(pairs), "contradictions": pairs}, indent=2)
