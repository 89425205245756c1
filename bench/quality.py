"""How good are suggested contradictions and matches? ``python -m bench.quality [-v]``

Loads the labelled pairs of tests/eval/contradictions.yaml into a temporary SQLite database
through the native importer, runs ``link suggest`` over them with no minimum score, and
prints the precision and recall of contradictions at the default minimum score, and the best
precision at recall 0.5 or more over every threshold. Target: precision 0.7 at recall 0.5.

Precision counts the suggestions among labelled pairs. A suggestion between claims of two
different pairs has no label; those are counted and shown apart (with ``-v``), and a second
precision counts them all as wrong.

Then the match evaluation of tests/eval/paraphrases.yaml: how often ``match`` puts the
expected known claim first for a reworded text. Target: 90%.

Exits 1 when a target is missed.
"""

import argparse
import json
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck import schema
from factcheck.db import make_engine
from factcheck.importers import ImportFormat, import_text
from factcheck.models import Claim
from factcheck.services.suggest import DEFAULT_MIN_SCORE, suggest_contradictions
from factcheck.services.text import slugify

EVAL_DIR = Path(__file__).resolve().parent.parent / "tests" / "eval"
CONTRADICTIONS = EVAL_DIR / "contradictions.yaml"
PARAPHRASES = EVAL_DIR / "paraphrases.yaml"
TARGET_RECALL = 0.5
TARGET_PRECISION = 0.7
TARGET_TOP1 = 0.9

Pair = tuple[int, int]


@dataclass
class Evaluation:
    """Scores of every suggested pair, and what the labelled pairs say about them."""

    labels: dict[Pair, str]
    scores: dict[Pair, float]
    reasons: dict[Pair, str] = field(default_factory=dict)
    texts: dict[int, str] = field(default_factory=dict)

    @property
    def positives(self) -> set[Pair]:
        return {pair for pair, label in self.labels.items() if label == "contradiction"}

    def at(self, threshold: float) -> tuple[float, float, int]:
        """Precision over labelled pairs, recall, and unlabelled suggestions at ``threshold``."""
        chosen = {pair for pair, score in self.scores.items() if score >= threshold}
        labelled = chosen & self.labels.keys()
        hits = len(labelled & self.positives)
        precision = hits / len(labelled) if labelled else 1.0
        return precision, hits / len(self.positives), len(chosen - self.labels.keys())

    def strict_precision(self, threshold: float) -> float:
        """Precision with every unlabelled suggestion counted as wrong."""
        chosen = [pair for pair, score in self.scores.items() if score >= threshold]
        hits = sum(1 for pair in chosen if pair in self.positives)
        return hits / len(chosen) if chosen else 1.0

    def best_at_recall(self, recall: float) -> tuple[float, float] | None:
        """The best precision, and its threshold, among thresholds reaching ``recall``."""
        best: tuple[float, float] | None = None
        for threshold in sorted(set(self.scores.values()), reverse=True):
            precision, reached, _ = self.at(threshold)
            if reached >= recall and (best is None or precision > best[0]):
                best = (precision, threshold)
        return best


def _key(a: int, b: int) -> Pair:
    return (a, b) if a < b else (b, a)


def native_document(labelled: dict[str, Any]) -> dict[str, Any]:
    """The evaluation set as a native import document; claim keys are ``pair-N-a``/``-b``."""
    claims = []
    for number, pair in enumerate(labelled["pairs"], start=1):
        for side in ("a", "b"):
            claim = pair[side]
            record: dict[str, Any] = {
                "key": f"pair-{number}-{side}",
                "text": claim["text"],
                "speaker": claim["speaker"],
                "topics": [pair["topic"]],
            }
            if "stance" in claim:
                record["stances"] = [claim["stance"]]
            claims.append(record)
    return {
        "factcheck": 1,
        "actors": labelled["speakers"],
        "propositions": labelled.get("propositions", []),
        "claims": claims,
    }


def load_pairs(session: Session, labelled: dict[str, Any]) -> dict[Pair, str]:
    """Import the evaluation set; the label of each pair of claim ids."""
    text = json.dumps(native_document(labelled))
    import_text(session, "contradictions.json", text, fmt=ImportFormat.NATIVE)
    ids = dict(session.execute(select(Claim.import_key, Claim.id)).all())
    return {
        _key(ids[f"pair-{n}-a"], ids[f"pair-{n}-b"]): pair["label"]
        for n, pair in enumerate(labelled["pairs"], start=1)
    }


def evaluate_contradictions(session: Session, path: Path = CONTRADICTIONS) -> Evaluation:
    """Load the labelled pairs into an empty database and score every suggestion."""
    labels = load_pairs(session, yaml.safe_load(path.read_text(encoding="utf-8")))
    found = suggest_contradictions(session, min_score=0.0)
    evaluation = Evaluation(labels=labels, scores={})
    for item in found.suggestions:
        pair = (item.claim_a.id, item.claim_b.id)
        evaluation.scores[pair] = item.score
        evaluation.reasons[pair] = item.reason
    evaluation.texts = dict(session.execute(select(Claim.id, Claim.text)).all())
    return evaluation


@contextmanager
def temporary_database() -> Iterator[Session]:
    with tempfile.TemporaryDirectory() as directory:
        url = f"sqlite:///{Path(directory) / 'quality.db'}"
        schema.upgrade(url)
        engine = make_engine(url)
        try:
            with Session(engine, info={"user": "bench"}) as session:
                yield session
                session.commit()
        finally:
            engine.dispose()


def report_contradictions(evaluation: Evaluation, *, verbose: bool) -> bool:
    counts = Counter(evaluation.labels.values())
    print(
        "contradictions: "
        + ", ".join(f"{counts[label]} {label}" for label in sorted(counts))
        + f" pairs; {len(evaluation.scores)} suggestions at any score"
    )
    precision, recall, unlabelled = evaluation.at(DEFAULT_MIN_SCORE)
    strict = evaluation.strict_precision(DEFAULT_MIN_SCORE)
    print(
        f"  at the default minimum score {DEFAULT_MIN_SCORE}: precision {precision:.2f},"
        f" recall {recall:.2f}; {unlabelled} unlabelled suggestions"
        f" (precision {strict:.2f} counting them wrong)"
    )
    best = evaluation.best_at_recall(TARGET_RECALL)
    met = best is not None and best[0] >= TARGET_PRECISION
    verdict = "PASS" if met else "FAIL"
    if best is None:
        print(f"  recall {TARGET_RECALL} is never reached: {verdict}")
    else:
        print(
            f"  precision at recall >= {TARGET_RECALL}: {best[0]:.2f} (minimum score"
            f" {best[1]:.3f}); target >= {TARGET_PRECISION}: {verdict}"
        )
    if verbose:
        _details(evaluation)
    return met


def _details(evaluation: Evaluation) -> None:
    def line(pair: Pair) -> str:
        score = evaluation.scores.get(pair)
        shown = "  -  " if score is None else f"{score:.3f}"
        a, b = (evaluation.texts[claim] for claim in pair)
        reason = evaluation.reasons.get(pair, "")
        return f"    {shown} {a!r} / {b!r}" + (f"\n          {reason}" if reason else "")

    for label in ("contradiction", "paraphrase", "unrelated"):
        print(f"  {label}:")
        pairs = [pair for pair, found in evaluation.labels.items() if found == label]
        for pair in sorted(pairs, key=lambda p: -evaluation.scores.get(p, 0.0)):
            print(line(pair))
    unlabelled = [pair for pair in evaluation.scores if pair not in evaluation.labels]
    if unlabelled:
        print("  unlabelled:")
        for pair in sorted(unlabelled, key=lambda p: -evaluation.scores[p]):
            print(line(pair))


def evaluate_matches(path: Path = PARAPHRASES) -> bool:
    """Whether ``match`` puts the expected known claim first for enough reworded texts."""
    from factcheck.services import matching

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    known, paraphrases = _known_claims(data), _paraphrases(data)
    with temporary_database() as session:
        speakers = sorted({speaker for _, _, speaker in known})
        document = {
            "factcheck": 1,
            "actors": [{"key": slugify(name), "name": name} for name in speakers],
            "claims": [
                {"key": f"known-{key}", "text": text, "speaker": slugify(speaker)}
                for key, text, speaker in known
            ],
        }
        import_text(session, "known.json", json.dumps(document), fmt=ImportFormat.NATIVE)
        ids = dict(session.execute(select(Claim.import_key, Claim.id)).all())
        right = 0
        for text, expected in paraphrases:
            found = matching.match_claims(session, text, limit=1)
            right += bool(found) and found[0].claim_id == ids.get(f"known-{expected}")
    accuracy = right / len(paraphrases)
    met = accuracy >= TARGET_TOP1
    print(
        f"match: right claim first for {right} of {len(paraphrases)} paraphrases"
        f" ({accuracy:.0%}); target >= {TARGET_TOP1:.0%}: {'PASS' if met else 'FAIL'}"
    )
    return met


def _known_claims(data: Any) -> list[tuple[str, str, str]]:
    """(key, text, speaker) of each known claim."""
    items = data.get("claims", []) if isinstance(data, dict) else []
    return [
        (str(item["key"]), str(item["text"]), str(item.get("speaker", "Unknown speaker")))
        for item in items
        if isinstance(item, dict) and "key" in item and "text" in item
    ]


def _paraphrases(data: Any) -> list[tuple[str, str]]:
    """(text, key of the known claim expected first) of each reworded text: a paraphrase
    expects the claim it is listed under."""
    items = data.get("claims", []) if isinstance(data, dict) else []
    return [
        (str(text), str(item["key"]))
        for item in items
        if isinstance(item, dict) and "key" in item
        for text in item.get("paraphrases") or []
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.quality", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="show every pair")
    arguments = parser.parse_args(argv)
    with temporary_database() as session:
        evaluation = evaluate_contradictions(session)
    met = report_contradictions(evaluation, verbose=arguments.verbose)
    matched = evaluate_matches()
    return 0 if met and matched else 1


if __name__ == "__main__":
    sys.exit(main())
