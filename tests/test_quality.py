"""The labelled pairs of tests/eval/contradictions.yaml: ``link suggest`` meets its target."""

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from bench.quality import (
    CONTRADICTIONS,
    TARGET_PRECISION,
    TARGET_RECALL,
    evaluate_contradictions,
)


def test_evaluation_set_is_large_and_varied(engine: Engine) -> None:
    with Session(engine, info={"user": "tester"}) as session:
        evaluation = evaluate_contradictions(session, CONTRADICTIONS)
    labels = list(evaluation.labels.values())
    assert len(labels) >= 60
    assert {label: labels.count(label) >= 15 for label in set(labels)} == {
        "contradiction": True,
        "paraphrase": True,
        "unrelated": True,
    }
    best = evaluation.best_at_recall(TARGET_RECALL)
    assert best is not None
    assert best[0] >= TARGET_PRECISION
