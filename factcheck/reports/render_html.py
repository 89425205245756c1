"""Reports as one self-contained HTML page: inline CSS, no script, nothing fetched from the
network (a Content-Security-Policy says so too). Every value from the database goes through
``html.escape``; http(s) addresses in it become links."""

import re
from collections.abc import Iterable
from html import escape
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

_URL = re.compile(r"https?://[^\s<>\"']+")

STYLE = """
body { font: 16px/1.45 system-ui, sans-serif; margin: 0; color: #1d1d1f; background: #fafafa; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; border-bottom: 1px solid #ccc; }
h3 { font-size: 1.1rem; margin-top: 2rem; }
.note, .basis { color: #555; }
.mark { font-size: .8rem; background: #eee; border-radius: .3rem; padding: .1rem .4rem; }
.sides { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
.side { background: #fff; border: 1px solid #ccc; border-radius: .4rem; padding: .5rem 1rem; }
.side h4 { margin: .3rem 0 .6rem; font-size: 1.05rem; }
.side.favoured { border: 2px solid #2e7d32; }
dl { margin: 0; } dt { font-weight: 600; font-size: .85rem; color: #444; margin-top: .5rem; }
dd { margin: 0; overflow-wrap: anywhere; } dd ul, li { margin: 0; padding-left: 1rem; }
.assessment { background: #fff; border-left: 4px solid #2e7d32; padding: .5rem 1rem; }
.assessment.unresolved { border-left-color: #8a6d00; }
table { border-collapse: collapse; width: 100%; } td, th { text-align: left;
  vertical-align: top; padding: .3rem .5rem; border-bottom: 1px solid #ddd; }
.chart text { font: 13px system-ui, sans-serif; fill: #1d1d1f; }
.bar-true { fill: #2e7d32; } .bar-mixture { fill: #b8860b; } .bar-false { fill: #c62828; }
.bar-other { fill: #777; } .bar-level { fill: #455a64; }
@media (max-width: 48rem) { .sides { grid-template-columns: 1fr; } }
"""


def text(value: object) -> str:
    """Escaped text, with http(s) addresses as links."""
    escaped = escape(str(value))
    return _URL.sub(lambda m: f'<a href="{m.group()}" rel="noreferrer">{m.group()}</a>', escaped)


def page(title: str, body: Iterable[str]) -> str:
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\';'
            " style-src 'unsafe-inline'\">",
            f"<title>{escape(title)}</title>",
            f"<style>{STYLE}</style>",
            "</head>",
            "<body>",
            "<main>",
            *body,
            "</main>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _value(lines: list[str]) -> str:
    if not lines:
        return "none"
    if len(lines) == 1:
        return text(lines[0])
    return "<ul>" + "".join(f"<li>{text(line)}</li>" for line in lines) + "</ul>"


def _definitions(fields: Iterable[tuple[str, list[str]]]) -> str:
    rows = "".join(f"<dt>{escape(label)}</dt><dd>{_value(lines)}</dd>" for label, lines in fields)
    return f"<dl>{rows}</dl>"


def _list(lines: Iterable[str]) -> str:
    items = "".join(f"<li>{text(line)}</li>" for line in lines)
    return f"<ul>{items}</ul>" if items else "<p>None.</p>"


def contradictions(report: dict[str, Any]) -> str:
    count = report["count"]
    body = ["<h1>Contradictions</h1>", f'<p class="note">{escape(report_note(report))}</p>']
    number = 0
    for group in report["groups"]:
        body.append(f"<section><h2>{text(group_title(group))}</h2>")
        if group["proposition"] and group["proposition"]["topics"]:
            topics = ", ".join(group["proposition"]["topics"])
            body.append(f'<p class="note">Topics: {text(topics)}</p>')
        for item in group["contradictions"]:
            number += 1
            body += _contradiction(item, number, count)
        body.append("</section>")
    return page("Contradictions", body)


def _contradiction(item: dict[str, Any], number: int, count: int) -> list[str]:
    assessment = item["assessment"]
    marks = "".join(f' <span class="mark">{mark}</span>' for mark in contradiction_marks(item))
    sides = []
    for side in item["sides"]:
        fields = [
            (label, lines)
            for label, lines in side_fields(side)
            if label != "Speaker" and (lines or label not in OPTIONAL_FIELDS)
        ]
        favoured = " favoured" if assessment["favoured_claim_id"] == side["id"] else ""
        sides.append(
            f'<article class="side{favoured}"><h4>{text(side["speaker"]["name"])}'
            f" <small>claim #{side['id']}</small></h4>{_definitions(fields)}</article>"
        )
    return [
        '<section class="contradiction">',
        f"<h3>Contradiction {number} of {count}: {text(contradiction_title(item))}{marks}</h3>",
        f'<p class="basis">Found by: {text(basis_text(item))}</p>',
        f'<div class="sides">{"".join(sides)}</div>',
        f'<p class="assessment {assessment["outcome"]}">{text(assessment["summary"])}</p>',
        "</section>",
    ]


def claim(report: dict[str, Any]) -> str:
    record = report["claim"]
    title = f"Claim #{record['id']} by {record['speaker']['name']}"
    history = [f"verdict #{v['id']}: {verdict_text(v)}" for v in report["verdict_history"]]
    body = [
        f"<h1>{text(title)}</h1>",
        f'<article class="side">{_definitions(claim_fields(record))}</article>',
        "<h2>Links</h2>",
        _list(link_text(link) for link in report["links"]),
        "<h2>Contradictions</h2>",
        _list(brief_text(item, claim_id=record["id"]) for item in report["contradictions"]),
        "<h2>Verdict history</h2>",
        _list(history),
        "<h2>Changes</h2>",
        _list(change_text(change) for change in report["changes"]),
    ]
    return page(title, body)


def bar_chart(title: str, bars: list[tuple[str, int, str]]) -> str:
    """An inline SVG bar chart: one labelled bar a row, ``(label, count, css class)``."""
    label_width, bar_width, row, top = 190, 360, 26, 8
    largest = max((count for _, count, _ in bars), default=0) or 1
    height = top * 2 + row * len(bars)
    parts = [
        f'<svg class="chart" role="img"'
        f' width="{label_width + bar_width + 60}" height="{height}"'
        f' viewBox="0 0 {label_width + bar_width + 60} {height}">',
        f"<title>{escape(title)}</title>",
    ]
    for index, (label, count, css) in enumerate(bars):
        y = top + index * row
        length = round(bar_width * count / largest)
        parts += [
            f'<text x="0" y="{y + 15}">{escape(label)}</text>',
            f'<rect class="{escape(css)}" x="{label_width}" y="{y + 2}" width="{length}"'
            ' height="18"/>',
            f'<text x="{label_width + length + 6}" y="{y + 15}">{count}</text>',
        ]
    parts.append("</svg>")
    return "".join(parts)


def speaker(report: dict[str, Any]) -> str:
    who = report["speaker"]
    claims, verdicts = report["claims"], report["verdicts"]
    found, corrections = report["contradictions"], report["corrections"]
    title = f"Scorecard: {who['name']}"
    body = [f"<h1>{text(title)}</h1>"]
    if who["description"]:
        body.append(f"<p>{text(who['description'])}</p>")
    if who["aliases"]:
        body.append(f"<p>Also known as: {text(', '.join(who['aliases']))}</p>")
    body.append(_list(f"Role: {role_text([role])}{role_span(role)}" for role in who["roles"]))
    body += [
        "<h2>Claims</h2>",
        f"<p>{plural(claims['total'], 'claim')}: {claims['active']} active,"
        f" {claims['retracted']} retracted; {claims['rated']} of the active rated,"
        f" {claims['unrated']} unrated.</p>",
        "<h2>Verdicts</h2>",
        f"<p>{plural(verdicts['total'], 'current verdict')} on active claims.</p>",
        bar_chart(
            "Current verdicts by bucket",
            [(bucket, count, f"bar-{bucket}") for bucket, count in verdicts["by_bucket"].items()],
        ),
    ]
    if verdicts["by_level"]:
        body.append(
            bar_chart(
                "Current verdicts by rating",
                [
                    (f"{row['scale']}: {row['rating']}", row["count"], f"bar-{row['bucket']}")
                    for row in verdicts["by_level"]
                ],
            )
        )
    items = found["items"]
    body += [
        "<h2>Contradictions with others</h2>",
        f"<p>{plural(found['with_others'], 'contradiction')} with others: the record favours"
        f" {text(who['name'])} in {found['favoured']}, the other side in"
        f" {found['disfavoured']}; {found['unresolved']} unresolved.</p>",
        _list(brief_text(item, speaker_id=who["id"]) for item in items if not item["self"]),
        "<h2>Self-contradictions</h2>",
        _list(brief_text(item) for item in items if item["self"]),
        "<h2>Corrections received</h2>",
        f"<p>{plural(corrections['total'], 'correction')} received.</p>",
        _list(
            f"claim #{item['claim_id']}: {correction_text(item)}" for item in corrections["items"]
        ),
    ]
    return page(title, body)


def timeline(report: dict[str, Any]) -> str:
    title = f"Timeline: {report['topic']}"
    rows = "".join(
        f"<tr><td>{escape(event_when(event))}</td><td><strong>{text(event_title(event))}:"
        f"</strong> {text(event_text(event))}</td></tr>"
        for event in report["events"]
    )
    body = [
        f"<h1>{text(title)}</h1>",
        f'<p class="note">{plural(report["count"], "event")}.</p>',
        f"<table><thead><tr><th>When</th><th>What</th></tr></thead><tbody>{rows}</tbody></table>"
        if rows
        else "<p>No claims, verdicts or corrections found.</p>",
    ]
    return page(title, body)


RENDERERS = {
    "contradictions": contradictions,
    "claim": claim,
    "speaker": speaker,
    "timeline": timeline,
}
