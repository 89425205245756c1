"""Reports as Markdown. Every value from the database is escaped: Markdown's punctuation with
backslashes, and ``<``, ``>`` and ``&`` as entities, so no text becomes markup or HTML."""

import re
from collections.abc import Iterable
from typing import Any

from factcheck.reports.phrases import (
    OPTIONAL_FIELDS,
    basis_text,
    brief_text,
    change_text,
    claim_fields,
    contradiction_marks,
    contradiction_title,
    correction_text,
    event_text,
    event_title,
    event_when,
    group_title,
    link_text,
    plural,
    report_note,
    role_span,
    role_text,
    side_fields,
    verdict_text,
)
from factcheck.terminal import UNSAFE

# Inline markup: code, emphasis, links and images, table cells, strikethrough.
_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
# What starts a block when it starts a line: a list item, a heading, a rule, a quote.
_BLOCK_START = re.compile(r"^([-+#=]|\d+[.)])")


def escape(value: object) -> str:
    """``value`` as inline Markdown text that renders as itself, on one line."""
    flat = " ".join(str(value).split())
    escaped = _SPECIAL.sub(r"\\\1", flat)
    escaped = _BLOCK_START.sub(lambda m: m.group()[:-1] + "\\" + m.group()[-1], escaped)
    escaped = escaped.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # Character references: a viewer shows the character, a terminal never gets it raw.
    return UNSAFE.sub(lambda m: f"&#x{ord(m.group()):X};", escaped)


def _list(lines: Iterable[str], indent: str = "") -> list[str]:
    return [f"{indent}- {escape(line)}" for line in lines]


def _field(label: str, lines: list[str]) -> list[str]:
    """``- **Label:** value``, or the label over a nested list."""
    if len(lines) > 1:
        return [f"- **{label}:**", *_list(lines, "  ")]
    return [f"- **{label}:** {escape(lines[0]) if lines else 'none'}"]


def _join(lines: list[str]) -> str:
    """Several lines in one table cell."""
    if not lines:
        return "none"
    if len(lines) == 1:
        return escape(lines[0])
    return " ".join(f"• {escape(line)}" for line in lines)


def _document(lines: list[str]) -> str:
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return text.strip("\n") + "\n"


def contradictions(report: dict[str, Any]) -> str:
    count = report["count"]
    out = ["# Contradictions", "", escape(report_note(report)), ""]
    number = 0
    for group in report["groups"]:
        out += [f"## {escape(group_title(group))}", ""]
        if group["proposition"] and group["proposition"]["topics"]:
            out += [f"Topics: {escape(', '.join(group['proposition']['topics']))}", ""]
        for item in group["contradictions"]:
            number += 1
            marks = "".join(f" \\[{mark}\\]" for mark in contradiction_marks(item))
            title = escape(contradiction_title(item))
            out += [
                f"### Contradiction {number} of {count}: {title}{marks}",
                "",
                f"Found by: {escape(basis_text(item))}",
                "",
                *_side_by_side(item["sides"]),
                "",
                f"**Assessment:** {escape(item['assessment']['summary'])}",
                "",
            ]
    return _document(out)


def _side_by_side(sides: list[dict[str, Any]]) -> list[str]:
    heads = [escape(f"{side['speaker']['name']}, claim #{side['id']}") for side in sides]
    rows = [f"| | {heads[0]} | {heads[1]} |", "|---|---|---|"]
    per_side = [side_fields(side) for side in sides]
    for position, (label, _lines) in enumerate(per_side[0]):
        values = [fields[position][1] for fields in per_side]
        if label in OPTIONAL_FIELDS and not any(values):
            continue
        rows.append(f"| {label} | {_join(values[0])} | {_join(values[1])} |")
    return rows


def claim(report: dict[str, Any]) -> str:
    record = report["claim"]
    out = [f"# Claim #{record['id']} by {escape(record['speaker']['name'])}", ""]
    for label, lines in claim_fields(record):
        out += _field(label, lines)
    sections = [
        ("Links", [link_text(link) for link in report["links"]]),
        (
            "Contradictions",
            [brief_text(item, claim_id=record["id"]) for item in report["contradictions"]],
        ),
        (
            "Verdict history",
            [f"verdict #{v['id']}: {verdict_text(v)}" for v in report["verdict_history"]],
        ),
        ("Changes", [change_text(change) for change in report["changes"]]),
    ]
    for title, lines in sections:
        out += ["", f"## {title}", "", *(_list(lines) or ["None."])]
    return _document(out)


def _bar(count: int, largest: int) -> str:
    return "█" * round(20 * count / largest) if largest else ""


def speaker(report: dict[str, Any]) -> str:
    who = report["speaker"]
    claims, verdicts = report["claims"], report["verdicts"]
    out = [f"# Scorecard: {escape(who['name'])}", ""]
    if who["description"]:
        out += [escape(who["description"]), ""]
    if who["aliases"]:
        out += [f"Also known as: {escape(', '.join(who['aliases']))}", ""]
    out += _list(f"Role: {role_text([role])}{role_span(role)}" for role in who["roles"])
    out += [
        "",
        "## Claims",
        "",
        f"{plural(claims['total'], 'claim')}: {claims['active']} active,"
        f" {claims['retracted']} retracted; {claims['rated']} of the active rated,"
        f" {claims['unrated']} unrated.",
        "",
        "## Verdicts",
        "",
        f"{plural(verdicts['total'], 'current verdict')} on active claims.",
        "",
        "| Bucket | Count | |",
        "|---|---:|---|",
    ]
    largest = max(verdicts["by_bucket"].values(), default=0)
    for bucket, count in verdicts["by_bucket"].items():
        out.append(f"| {bucket} | {count} | {_bar(count, largest)} |")
    if verdicts["by_level"]:
        out += ["", "| Scale | Rating | Count |", "|---|---|---:|"]
        out += [
            f"| {escape(row['scale'])} | {escape(row['rating'])} | {row['count']} |"
            for row in verdicts["by_level"]
        ]
    found = report["contradictions"]
    items = found["items"]
    out += [
        "",
        "## Contradictions with others",
        "",
        f"{plural(found['with_others'], 'contradiction')} with others: the record favours"
        f" {escape(who['name'])} in {found['favoured']}, the other side in"
        f" {found['disfavoured']}; {found['unresolved']} unresolved.",
        "",
        *_list(brief_text(item, speaker_id=who["id"]) for item in items if not item["self"]),
        "",
        "## Self-contradictions",
        "",
        f"{plural(found['self'], 'self-contradiction')}.",
        "",
        *_list(brief_text(item) for item in items if item["self"]),
    ]
    corrections = report["corrections"]
    kinds = ", ".join(f"{kind} {n}" for kind, n in corrections["by_kind"].items() if n)
    out += [
        "",
        "## Corrections received",
        "",
        f"{plural(corrections['total'], 'correction')} received{f' ({kinds})' if kinds else ''}.",
        "",
        *_list(
            f"claim #{item['claim_id']}: {correction_text(item)}" for item in corrections["items"]
        ),
    ]
    return _document(out)


def timeline(report: dict[str, Any]) -> str:
    filters = report["filters"]
    span = [f"{key} {filters[key]}" for key in ("since", "until") if filters[key]]
    out = [
        f"# Timeline: {escape(report['topic'])}",
        "",
        escape(
            f"{plural(report['count'], 'event')}" + (f"; {'; '.join(span)}" if span else "") + "."
        ),
        "",
    ]
    if report["events"]:
        out += ["| When | What |", "|---|---|"]
        out += [
            f"| {escape(event_when(event))} |"
            f" **{escape(event_title(event))}:** {escape(event_text(event))} |"
            for event in report["events"]
        ]
    return _document(out)


RENDERERS = {
    "contradictions": contradictions,
    "claim": claim,
    "speaker": speaker,
    "timeline": timeline,
}
