"""Which side of a contradiction the record favours, by a rule simple enough to check by hand.

Each claim scores the sum of its items:

- a current verdict in the ``true`` bucket +1, in the ``false`` bucket -1 (``mixture`` and
  ``other`` 0; superseded verdicts do not count);
- evidence that ``supports`` it +1, that ``refutes`` it -1 (``context`` 0);
- a correction of the claim itself -1, whoever issued it (corrections of its verdicts are about
  the verdicts, not the claim, and do not count).

The claim with the higher score is favoured; equal scores leave the contradiction unresolved.
The reason names the decisive items, those that point the favoured way: the favoured claim's
items scoring +1 and the other claim's scoring -1, corrections first, then verdicts, then
evidence.
"""

from typing import Any

from factcheck.reports.phrases import (
    actor_text,
    date_phrase,
    plural,
    quoted,
    signed,
    source_name,
    truncate,
)

VERDICT_POINTS = {"true": 1, "false": -1}
EVIDENCE_POINTS = {"supports": 1, "refutes": -1}
CORRECTION_POINTS = -1
NAMED_ITEMS = 3
_ORDER = {"correction": 0, "verdict": 1, "evidence": 2}
_CORRECTION_VERBS = {"retraction": "retracted", "clarification": "clarified"}
_EVIDENCE_VERBS = {"supports": "supports", "refutes": "refutes", "context": "gives context to"}


def labels(first: dict[str, Any], second: dict[str, Any]) -> tuple[list[str], list[str]]:
    """How the reason names each claim (``Donald Trump's claim``) and each account (``Ri Yong
    Ho's account``); claims by one speaker are told apart by date, else by id."""
    names = [first["speaker"]["name"], second["speaker"]["name"]]
    if first["speaker"]["id"] != second["speaker"]["id"]:
        return [f"{name}'s claim" for name in names], [f"{name}'s account" for name in names]
    if first["said"] and second["said"] and first["said"] != second["said"]:
        whens = [f"of {first['said']}", f"of {second['said']}"]
    else:
        whens = [f"#{first['id']}", f"#{second['id']}"]
    return (
        [f"the claim {when}" for when in whens],
        [f"{name}'s claim {when}" for name, when in zip(names, whens, strict=True)],
    )


def score_items(claim: dict[str, Any], label: str) -> list[dict[str, Any]]:
    """The claim's items under the rule above, each with its points and a phrase."""
    found = []
    for correction in claim["corrections"]:
        if correction["target"] != f"claim:{claim['id']}":
            continue
        verb = _CORRECTION_VERBS.get(correction["kind"], "corrected")
        when = date_phrase(correction["date"])
        found.append(
            _item(
                claim,
                "correction",
                correction["id"],
                CORRECTION_POINTS,
                f"{actor_text(correction['issued_by'])} {verb} {label}"
                f"{' ' + when if when else ''}: {quoted(correction['text'], 140)}",
            )
        )
    for verdict in claim["verdicts"]:
        if not verdict["is_current"]:
            continue
        when = date_phrase(verdict["date"])
        found.append(
            _item(
                claim,
                "verdict",
                verdict["id"],
                VERDICT_POINTS.get(verdict["bucket"], 0),
                f"{verdict['reviewer']} rated {label} {verdict['rating']}"
                f"{' ' + when if when else ''}",
            )
        )
    for evidence in claim["evidence"]:
        verb = _EVIDENCE_VERBS[evidence["stance"]]
        found.append(
            _item(
                claim,
                "evidence",
                evidence["id"],
                EVIDENCE_POINTS.get(evidence["stance"], 0),
                f"evidence from {source_name(evidence['source'])} {verb} {label}"
                + _evidence_detail(evidence),
            )
        )
    return found


def _evidence_detail(evidence: dict[str, Any]) -> str:
    """The excerpt in quotes, else the note in parentheses, else nothing."""
    if evidence["excerpt"]:
        return f": {quoted(evidence['excerpt'], 140)}"
    if evidence["note"]:
        return f" ({truncate(evidence['note'], 140).rstrip('.')})"
    return ""


def _item(claim: dict[str, Any], kind: str, item_id: int, points: int, text: str) -> dict[str, Any]:
    return {"claim_id": claim["id"], "kind": kind, "id": item_id, "points": points, "text": text}


def assess(first: dict[str, Any], second: dict[str, Any]) -> dict[str, Any]:
    """The assessment of a contradiction between two claims (docs/json/report-contradictions.md)."""
    claim_labels, account_labels = labels(first, second)
    items = [
        score_items(claim, label)
        for claim, label in zip((first, second), claim_labels, strict=True)
    ]
    scores = [sum(item["points"] for item in side) for side in items]
    base = {"scores": scores}
    if scores[0] == scores[1]:
        reason = _unresolved_reason(items, scores, claim_labels)
        return {
            "outcome": "unresolved",
            "favoured_claim_id": None,
            **base,
            "reason": reason,
            "summary": f"Unresolved: {reason}.",
            "items": [item | {"decisive": False} for side in items for item in side],
        }
    winner = 0 if scores[0] > scores[1] else 1
    loser = 1 - winner
    decisive = [item for item in items[winner] if item["points"] > 0] + [
        item for item in items[loser] if item["points"] < 0
    ]
    decisive.sort(key=lambda item: _ORDER[item["kind"]])
    named = [item["text"] for item in decisive[:NAMED_ITEMS]]
    if len(decisive) > NAMED_ITEMS:
        named.append(f"and {plural(len(decisive) - NAMED_ITEMS, 'more item')}")
    reason = "; ".join(named)
    chosen = {_key(item) for item in decisive}
    return {
        "outcome": "favours",
        "favoured_claim_id": (first, second)[winner]["id"],
        **base,
        "reason": reason,
        "summary": f"The record favours {account_labels[winner]}: {reason}.",
        "items": [item | {"decisive": _key(item) in chosen} for side in items for item in side],
    }


def _key(item: dict[str, Any]) -> tuple[int, str, int]:
    return item["claim_id"], item["kind"], item["id"]


def _unresolved_reason(
    items: list[list[dict[str, Any]]], scores: list[int], claim_labels: list[str]
) -> str:
    if not items[0] and not items[1]:
        return "neither claim has a verdict, evidence or a correction on record"
    return (
        f"the record does not decide between them ({claim_labels[0]} scores {signed(scores[0])},"
        f" {claim_labels[1]} {signed(scores[1])})"
    )
