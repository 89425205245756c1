"""Deterministic synthetic files in the native format, for measuring imports.

``python -m bench.native_data N FILE`` writes N claims: texts of 100 to 300 characters,
speakers and topics drawn with a skew (a few speakers say most things), about 30% of the
claims with a verdict on PolitiFact's scale. JSON for a ``.json`` FILE, else YAML.
"""

import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

WORDS = " ".join(
    (
        "sanctions nuclear summit budget deficit taxes wages border trade tariffs election votes",
        "million billion percent jobs growth crime rates schools health insurance climate energy",
        "oil prices inflation military troops treaty agreement report statement the a of in on",
        "and to was were has have said more less than every year since never always",
    )
).split()
RATINGS = ("True", "Mostly True", "Half True", "Mostly False", "False", "Pants on Fire")


def _text(rng: random.Random) -> str:
    length = rng.randint(100, 300)
    words: list[str] = []
    size = 0
    while size < length:
        word = rng.choice(WORDS)
        words.append(word)
        size += len(word) + 1
    return " ".join(words)[:length].strip().capitalize() + "."


def _skewed(rng: random.Random, count: int) -> int:
    """An index below ``count``, small ones far more often (about Zipf's law)."""
    return min(int(rng.paretovariate(1.2)) - 1, count - 1)


def document(claims: int, seed: int = 7) -> Iterator[tuple[str, list[dict[str, object]]]]:
    """The sections of a document of ``claims`` claims, in the order the exporter writes."""
    rng = random.Random(seed)
    speakers = max(10, claims // 50)
    topics = max(5, min(200, claims // 100))
    actors: list[dict[str, object]] = [
        {"key": f"speaker-{number}", "name": f"Speaker {number}", "kind": "person"}
        for number in range(speakers)
    ]
    actors.append({"key": "reviewer", "name": "The Review Desk", "kind": "organization"})
    yield "actors", actors
    claim_records: list[dict[str, object]] = []
    verdicts: list[dict[str, object]] = []
    for number in range(claims):
        claim: dict[str, object] = {
            "key": f"claim-{number}",
            "text": _text(rng),
            "wording": "paraphrase",
            "speaker": f"speaker-{_skewed(rng, speakers)}",
            "said": f"20{rng.randint(10, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "topics": [f"topic-{_skewed(rng, topics)}"],
            "status": "active",
        }
        claim_records.append(claim)
        if rng.random() < 0.3:
            verdicts.append(
                {
                    "key": f"verdict-{number}",
                    "claim": f"claim-{number}",
                    "reviewer": "reviewer",
                    "scale": "politifact",
                    "rating": rng.choice(RATINGS),
                }
            )
    yield "claims", claim_records
    yield "verdicts", verdicts


def write(path: Path, claims: int, seed: int = 7) -> None:
    """Write the document, a record a line (JSON) or in block style (YAML)."""
    is_json = path.suffix.lower() == ".json"
    with path.open("w", encoding="utf-8") as out:
        out.write('{"factcheck": 1' if is_json else "factcheck: 1\n")
        for name, records in document(claims, seed):
            if is_json:
                out.write(f',\n"{name}": [\n')
                out.write(",\n".join(json.dumps(record, ensure_ascii=False) for record in records))
                out.write("\n]")
                continue
            out.write(f"{name}:\n")
            for record in records:
                out.write("  - " + json.dumps(record, ensure_ascii=False) + "\n")
        out.write("}\n" if is_json else "")


if __name__ == "__main__":
    write(Path(sys.argv[2]), int(sys.argv[1]))
