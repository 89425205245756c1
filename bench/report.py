"""The contradiction report over the large data set: one topic of median size (milliseconds,
with a big topic's time beside it); the whole report as JSON against a hand-written SQL query
that fetches the same pairs and fields and dumps them as JSON; and the report's peak memory at
the large size against the main size.

The hand-written query fetches every field the report prints of a pair and of its two claims
(all they carry, as the report's JSON lists them), so that the comparison is of the same
work; only what the report computes from them (the assessment, the grouping, the roles held
on the day) is left out.

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
    shape = data.Shape(size)
    topic, big_topic = data.report_topic(shape), data.big_report_topic(shape)
    report = ["--db", url, "report", "contradictions", "--format", "json"]
    repeats = max(options.repeats, 5)
    say(f"   one topic, {repeats} runs; a big topic, {repeats} runs")
    topic_ms, pairs = _topic_times(report, topic, repeats)
    big_ms, big_pairs = _topic_times(report, big_topic, repeats)
    figures = [
        Figure(
            name=f"contradictions on one topic ({pairs:,} pairs) over {size:,} claims",
            value=topic_ms,
            unit="ms",
            target=TOPIC_TARGET_MS,
            detail=(
                f"{topic}, in-process, JSON; a big topic ({big_topic}, {big_pairs:,} pairs):"
                f" {big_ms:.0f} ms"
            ),
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


def _topic_times(report: list[str], topic: str, repeats: int) -> tuple[float, int]:
    """The median time in milliseconds of the report on ``topic``, after an untimed run, and
    how many contradictions it has."""
    code, output = invoke_cli([*report, "--topic", topic])
    if code != 0:
        raise Skipped(f"report contradictions --topic failed with exit code {code}")
    times = [_timed_cli([*report, "--topic", topic]) for _ in range(repeats)]
    return median(times) * 1000, json.loads(output)["count"]


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


def _source(alias: str) -> str:
    """A source as a report names it (NULL for none), with its publisher's name."""
    return f"""(SELECT json_object(
        'id', src.id, 'url', src.url, 'title', src.title, 'kind', src.kind,
        'publisher', (SELECT p.name FROM actors p WHERE p.id = src.publisher_id),
        'published', src.published_on, 'published_precision', src.published_precision)
        FROM sources src WHERE src.id = {alias})"""


def _repeat(link: str, claim: str) -> str:
    """A claim repeating, or repeated by, a side."""
    return f"""json_object(
        'link_id', {link}.id, 'link_status', {link}.status, 'claim_id', {claim}.id,
        'text', {claim}.text, 'wording', {claim}.wording,
        'speaker', (SELECT a.name FROM actors a WHERE a.id = {claim}.speaker_id),
        'speaker_id', {claim}.speaker_id, 'said', {claim}.stated_on,
        'said_precision', {claim}.stated_precision, 'venue', {claim}.venue,
        'status', {claim}.status)"""


def _roles(actor: str) -> str:
    """Every affiliation of an actor (the report keeps those held at the time)."""
    return f"""(SELECT json_group_array(json_object(
        'role', f.role,
        'organization', (SELECT o.name FROM actors o WHERE o.id = f.organization_id),
        'organization_id', f.organization_id, 'from', f.started_on,
        'from_precision', f.started_precision, 'until', f.ended_on,
        'until_precision', f.ended_precision))
        FROM affiliations f WHERE f.actor_id = {actor})"""


def _side(alias: str) -> str:
    """One claim of a pair as a JSON object: every field a side of the report shows, and all
    it carries (stances, sources, appearances, repeats, evidence, current verdicts,
    corrections of the claim and of its verdicts, the roles of speakers and issuers)."""
    return f"""json_object(
        'id', {alias}.id, 'text', {alias}.text, 'wording', {alias}.wording,
        'status', {alias}.status, 'retracted_at', {alias}.retracted_at,
        'retraction_reason', {alias}.retraction_reason,
        'speaker', (SELECT json_object('id', s.id, 'name', s.name, 'roles', {_roles("s.id")})
                    FROM actors s WHERE s.id = {alias}.speaker_id),
        'said', {alias}.stated_on, 'said_precision', {alias}.stated_precision,
        'said_time', {alias}.stated_time, 'venue', {alias}.venue,
        'language', {alias}.language,
        'topics', (SELECT json_group_array(t.name) FROM claim_topics ct
                   JOIN topics t ON t.id = ct.topic_id WHERE ct.claim_id = {alias}.id),
        'stances', (SELECT json_group_array(json_object(
                       'proposition_id', st.proposition_id, 'proposition', pr.text,
                       'stance', st.stance))
                    FROM claim_stances st JOIN propositions pr ON pr.id = st.proposition_id
                    WHERE st.claim_id = {alias}.id),
        'first_source', {_source(f"{alias}.first_source_id")},
        'appearances', (SELECT json_group_array(json_object(
                           'id', ap.id, 'date', ap.appeared_on,
                           'date_precision', ap.appeared_precision, 'locator', ap.locator,
                           'excerpt', ap.excerpt, 'source', {_source("ap.source_id")}))
                        FROM appearances ap WHERE ap.claim_id = {alias}.id),
        'repeats', (SELECT json_group_array({_repeat("rl", "rc")})
                    FROM claim_links rl JOIN claims rc ON rc.id = rl.claim_a_id
                    WHERE rl.claim_b_id = {alias}.id AND rl.kind = 'repeats'
                    AND rl.status = 'confirmed' AND rc.status = 'active'),
        'repeat_of', (SELECT json_group_array({_repeat("ol", "oc")})
                      FROM claim_links ol JOIN claims oc ON oc.id = ol.claim_b_id
                      WHERE ol.claim_a_id = {alias}.id AND ol.kind = 'repeats'
                      AND ol.status = 'confirmed' AND oc.status = 'active'),
        'evidence', (SELECT json_group_array(json_object(
                        'id', e.id, 'stance', e.stance, 'excerpt', e.excerpt,
                        'locator', e.locator, 'note', e.note, 'source', {_source("e.source_id")}))
                     FROM evidence e WHERE e.claim_id = {alias}.id),
        'verdicts', (SELECT json_group_array(json_object(
                        'id', v.id, 'reviewer', r.name, 'reviewer_id', v.reviewer_id,
                        'scale', sc.slug, 'rating', lv.label, 'bucket', lv.bucket,
                        'score', lv.score, 'date', v.reviewed_on,
                        'date_precision', v.reviewed_precision, 'explanation', v.explanation,
                        'url', v.review_url, 'supersedes_id', v.supersedes_id))
                     FROM verdicts v JOIN actors r ON r.id = v.reviewer_id
                     JOIN rating_scales sc ON sc.id = v.scale_id
                     JOIN rating_levels lv ON lv.id = v.level_id
                     WHERE v.claim_id = {alias}.id
                     AND NOT EXISTS (SELECT 1 FROM verdicts w WHERE w.supersedes_id = v.id)),
        'corrections', (SELECT json_group_array(json_object(
                           'id', k.id, 'claim_id', k.claim_id, 'verdict_id', k.verdict_id,
                           'kind', k.kind,
                           'issued_by', json_object('id', b.id, 'name', b.name,
                                                    'roles', {_roles("b.id")}),
                           'date', k.issued_on, 'date_precision', k.issued_precision,
                           'text', k.text, 'source', {_source("k.source_id")}))
                        FROM corrections k JOIN actors b ON b.id = k.issued_by_id
                        WHERE k.claim_id = {alias}.id OR k.verdict_id IN
                            (SELECT id FROM verdicts WHERE claim_id = {alias}.id)))"""


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
       (SELECT json_object('id', pr.id, 'text', pr.text,
                           'topics', (SELECT json_group_array(t.name) FROM proposition_topics pt
                                      JOIN topics t ON t.id = pt.topic_id
                                      WHERE pt.proposition_id = pr.id))
        FROM propositions pr WHERE pr.id = p.proposition_id),
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
                "proposition": json.loads(row[7]) if row[7] else None,
                "sides": [json.loads(row[8]), json.loads(row[9])],
            }
            for row in connection.execute(HAND_WRITTEN)
        ]
    finally:
        connection.close()
    return json.dumps({"count": len(pairs), "contradictions": pairs}, indent=2)
