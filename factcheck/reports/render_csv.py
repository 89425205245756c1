"""Reports as CSV: one row per side of each contradiction, per item of a dossier, per count
of a scorecard, per event of a timeline. Cells that a spreadsheet would run as formulas are
prefixed with ``'`` (OWASP, "CSV Injection")."""

import csv
import io
from collections.abc import Iterable
from typing import Any

from factcheck.reports.phrases import (
    appearance_text,
    basis_text,
    brief_text,
    change_text,
    correction_text,
    evidence_text,
    link_text,
    related_text,
    role_text,
    verdict_text,
)

_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
ITEM_SEPARATOR = " | "


def cell(value: Any) -> str:
    """A value as a CSV cell; text a spreadsheet would run as a formula starts with ``'``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_PREFIXES) else text


def _table(columns: list[str], rows: Iterable[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell(row.get(column)) for column in columns])
    return buffer.getvalue()


def _items(lines: Iterable[str]) -> str:
    return ITEM_SEPARATOR.join(lines)


CONTRADICTION_COLUMNS = [
    "contradiction",
    "proposition_id",
    "proposition",
    "topic",
    "found_by",
    "self",
    "suggested",
    "side",
    "claim_id",
    "speaker",
    "speaker_id",
    "role",
    "said",
    "said_precision",
    "said_time",
    "venue",
    "stance",
    "wording",
    "text",
    "status",
    "first_source_url",
    "first_source_title",
    "appearances",
    "repeats",
    "repeat_of",
    "evidence",
    "verdicts",
    "corrections",
    "score",
    "favoured",
    "outcome",
    "assessment",
]


def contradictions(report: dict[str, Any]) -> str:
    rows = []
    number = 0
    for group in report["groups"]:
        proposition = group["proposition"] or {}
        for item in group["contradictions"]:
            number += 1
            assessment = item["assessment"]
            for position, side in enumerate(item["sides"], 1):
                source = side["first_source"] or {}
                rows.append(
                    {
                        "contradiction": number,
                        "proposition_id": proposition.get("id"),
                        "proposition": proposition.get("text"),
                        "topic": group["topic"],
                        "found_by": basis_text(item),
                        "self": item["self"],
                        "suggested": item["suggested"],
                        "side": position,
                        "claim_id": side["id"],
                        "speaker": side["speaker"]["name"],
                        "speaker_id": side["speaker"]["id"],
                        "role": role_text(side["speaker"]["roles"]),
                        "said": side["said"],
                        "said_precision": side["said_precision"],
                        "said_time": side["said_time"],
                        "venue": side["venue"],
                        "stance": side["stance"],
                        "wording": side["wording"],
                        "text": side["text"],
                        "status": side["status"],
                        "first_source_url": source.get("url"),
                        "first_source_title": source.get("title"),
                        "appearances": _items(map(appearance_text, side["appearances"])),
                        "repeats": _items(map(related_text, side["repeats"])),
                        "repeat_of": _items(map(related_text, side["repeat_of"])),
                        "evidence": _items(map(evidence_text, side["evidence"])),
                        "verdicts": _items(map(verdict_text, side["verdicts"])),
                        "corrections": _items(map(correction_text, side["corrections"])),
                        "score": side["score"],
                        "favoured": assessment["favoured_claim_id"] == side["id"],
                        "outcome": assessment["outcome"],
                        "assessment": assessment["summary"],
                    }
                )
    return _table(CONTRADICTION_COLUMNS, rows)


CLAIM_COLUMNS = ["section", "id", "date", "who", "detail"]


def claim(report: dict[str, Any]) -> str:
    record = report["claim"]
    rows: list[dict[str, Any]] = [
        {
            "section": "claim",
            "id": record["id"],
            "date": record["said"],
            "who": record["speaker"]["name"],
            "detail": f"{record['wording']}: {record['text']}",
        }
    ]

    def add(section: str, items: Iterable[tuple[Any, Any, Any, str]]) -> None:
        rows.extend(
            {"section": section, "id": i, "date": d, "who": w, "detail": t} for i, d, w, t in items
        )

    add(
        "role",
        [
            (None, record["said"], record["speaker"]["name"], role_text([r]))
            for r in record["speaker"]["roles"]
        ],
    )
    add(
        "stance",
        [
            (s["proposition_id"], None, None, f"{s['stance']}: {s['proposition']}")
            for s in record["stances"]
        ],
    )
    add(
        "appearance",
        [(a["id"], a["date"], None, appearance_text(a)) for a in record["appearances"]],
    )
    add(
        "repeated-by",
        [(r["claim_id"], r["said"], r["speaker"], related_text(r)) for r in record["repeats"]],
    )
    add(
        "repeats",
        [(r["claim_id"], r["said"], r["speaker"], related_text(r)) for r in record["repeat_of"]],
    )
    add("evidence", [(e["id"], None, None, evidence_text(e)) for e in record["evidence"]])
    add(
        "verdict",
        [(v["id"], v["date"], v["reviewer"], verdict_text(v)) for v in report["verdict_history"]],
    )
    add(
        "correction",
        [
            (c["id"], c["date"], c["issued_by"]["name"], correction_text(c))
            for c in record["corrections"]
        ],
    )
    add("link", [(link["id"], None, None, link_text(link)) for link in report["links"]])
    add(
        "contradiction",
        [
            (None, None, None, brief_text(item, claim_id=record["id"]))
            for item in report["contradictions"]
        ],
    )
    add("change", [(c["id"], c["at"], c["user"], change_text(c)) for c in report["changes"]])
    return _table(CLAIM_COLUMNS, rows)


SPEAKER_COLUMNS = ["section", "item", "value"]


def speaker(report: dict[str, Any]) -> str:
    who = report["speaker"]
    rows: list[dict[str, Any]] = [{"section": "speaker", "item": "name", "value": who["name"]}]
    rows += [
        {"section": "claims", "item": key, "value": value}
        for key, value in report["claims"].items()
    ]
    verdicts = report["verdicts"]
    rows.append({"section": "verdicts", "item": "total", "value": verdicts["total"]})
    rows += [
        {"section": "verdicts by bucket", "item": bucket, "value": count}
        for bucket, count in verdicts["by_bucket"].items()
    ]
    rows += [
        {
            "section": "verdicts by rating",
            "item": f"{row['scale']}: {row['rating']}",
            "value": row["count"],
        }
        for row in verdicts["by_level"]
    ]
    found = report["contradictions"]
    rows += [
        {"section": "contradictions", "item": key, "value": found[key]}
        for key in ("with_others", "self", "favoured", "disfavoured", "unresolved")
    ]
    rows += [
        {
            "section": "self-contradiction" if item["self"] else "contradiction",
            "item": " vs ".join(f"claim #{claim_id}" for claim_id in item["claims"]),
            "value": brief_text(item, speaker_id=who["id"]),
        }
        for item in found["items"]
    ]
    corrections = report["corrections"]
    rows.append({"section": "corrections", "item": "total", "value": corrections["total"]})
    rows += [
        {"section": "corrections by kind", "item": kind, "value": count}
        for kind, count in corrections["by_kind"].items()
    ]
    rows += [
        {
            "section": "correction",
            "item": f"claim #{item['claim_id']}",
            "value": correction_text(item),
        }
        for item in corrections["items"]
    ]
    return _table(SPEAKER_COLUMNS, rows)


TIMELINE_COLUMNS = [
    "date",
    "date_precision",
    "time",
    "kind",
    "id",
    "claim_id",
    "claim_speaker",
    "actor",
    "role",
    "text",
    "detail",
]


def timeline(report: dict[str, Any]) -> str:
    rows = []
    for event in report["events"]:
        if event["kind"] == "claim":
            detail = f"{event['wording']}; {event['venue'] or 'no venue'}; {event['status']}"
        elif event["kind"] == "verdict":
            current = "current" if event["is_current"] else "superseded"
            detail = f"{event['scale']}; {event['bucket']}; {current}"
        else:
            detail = f"{event['correction_kind']}; {event['target']}"
        rows.append(
            {
                **event,
                "actor": event["actor"]["name"],
                "role": role_text(event["actor"]["roles"]),
                "detail": detail,
            }
        )
    return _table(TIMELINE_COLUMNS, rows)


RENDERERS = {
    "contradictions": contradictions,
    "claim": claim,
    "speaker": speaker,
    "timeline": timeline,
}
