"""The baseline a native import is measured against: the same JSON file parsed with the
standard library (``json.load``) and the same rows (actors, topics, claims, their topics,
verdicts) inserted with ``sqlite3.executemany`` into the same schema, foreign keys on, in one
transaction. No change log, no checks of the records: the floor an import cannot go below.

``python -m bench.import_baseline FILE.json DATABASE`` (a migrated, empty database).
"""

import json
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path


def run(path: Path, database: Path) -> int:
    """Import ``path`` into ``database``; the number of claims."""
    with path.open(encoding="utf-8") as handle:
        data = json.load(handle)
    now = datetime.now(UTC).replace(tzinfo=None).isoformat(" ")
    connection = sqlite3.connect(database, isolation_level=None)
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("BEGIN IMMEDIATE")
    connection.executemany(
        "INSERT INTO actors (name, name_key, kind, import_key, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [
            (actor["name"], actor["name"].lower(), actor["kind"], actor["key"], now, now)
            for actor in data["actors"]
        ],
    )
    actors = dict(connection.execute("SELECT import_key, id FROM actors"))
    claims = data["claims"]
    slugs = sorted({topic for claim in claims for topic in claim["topics"]})
    connection.executemany(
        "INSERT INTO topics (name, slug, created_at, updated_at) VALUES (?, ?, ?, ?)",
        [(slug, slug, now, now) for slug in slugs],
    )
    topics = dict(connection.execute("SELECT slug, id FROM topics"))
    connection.executemany(
        "INSERT INTO claims (text, wording, speaker_id, stated_on, stated_precision, status,"
        " import_key, created_at, updated_at) VALUES (?, ?, ?, ?, 'day', ?, ?, ?, ?)",
        [
            (
                claim["text"],
                claim["wording"],
                actors[claim["speaker"]],
                claim["said"],
                claim["status"],
                claim["key"],
                now,
                now,
            )
            for claim in claims
        ],
    )
    claim_ids = dict(connection.execute("SELECT import_key, id FROM claims"))
    connection.executemany(
        "INSERT INTO claim_topics (claim_id, topic_id, created_at, updated_at) VALUES (?, ?, ?, ?)",
        [
            (claim_ids[claim["key"]], topics[topic], now, now)
            for claim in claims
            for topic in claim["topics"]
        ],
    )
    levels = {
        label: (scale_id, level_id)
        for label, scale_id, level_id in connection.execute(
            "SELECT l.label, l.scale_id, l.id FROM rating_levels l"
            " JOIN rating_scales s ON s.id = l.scale_id WHERE s.slug = 'politifact'"
        )
    }
    connection.executemany(
        "INSERT INTO verdicts (claim_id, reviewer_id, scale_id, level_id, import_key,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                claim_ids[verdict["claim"]],
                actors[verdict["reviewer"]],
                *levels[verdict["rating"]],
                verdict["key"],
                now,
                now,
            )
            for verdict in data["verdicts"]
        ],
    )
    connection.execute("COMMIT")
    connection.close()
    return len(claims)


if __name__ == "__main__":
    print(run(Path(sys.argv[1]), Path(sys.argv[2])))
