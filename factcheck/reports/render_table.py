"""Reports as text for a terminal (Rich), wrapped to a width; claims side by side from
``SIDE_BY_SIDE`` columns on, one after the other below that."""

import io
from collections.abc import Iterable
from typing import Any

from rich import box
from rich.console import Console, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

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
from factcheck.terminal import terminal_safe

SIDE_BY_SIDE = 80
BAR_WIDTH = 40


def text(value: str) -> Text:
    return Text(terminal_safe(value), overflow="fold")


class Page:
    """A console that writes into a string at a fixed width, with no markup or colour."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.console = Console(
            file=io.StringIO(),
            width=width,
            force_terminal=False,
            color_system=None,
            markup=False,
            emoji=False,
            highlight=False,
            soft_wrap=False,
        )

    def print(self, *items: RenderableType | str) -> None:
        for item in items:
            self.console.print(text(item) if isinstance(item, str) else item)

    def gap(self) -> None:
        self.console.print()

    def rule(self) -> None:
        self.console.print(Rule(characters="─"))

    def value(self) -> str:
        output = str(self.console.file.getvalue())  # type: ignore[attr-defined]
        return "".join(line.rstrip() + "\n" for line in output.splitlines())


def cell(label: str, lines: list[str], *, empty: str = "none") -> Text:
    """``Label: line``, or the label over bulleted lines when there are several; the words
    carry their own label (``Quote:`` or ``Paraphrase:``)."""
    if label == "Words":
        return text(lines[0])
    if len(lines) > 1:
        return text(f"{label}:\n" + "\n".join(f"• {line}" for line in lines))
    return text(f"{label}: {lines[0] if lines else empty}")


def fields_grid(fields: Iterable[tuple[str, list[str]]]) -> Table:
    """Labels on the left, values (one a line) on the right."""
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(no_wrap=True, max_width=18, overflow="fold")
    grid.add_column(ratio=1, overflow="fold")
    for label, lines in fields:
        if len(lines) > 1:
            value = "\n".join(f"• {line}" for line in lines)
        else:
            value = lines[0] if lines else "none"
        grid.add_row(text(label + ":"), text(value))
    return grid


def bullets(lines: Iterable[str]) -> Table:
    """Bulleted lines with a hanging indent."""
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(no_wrap=True, width=1)
    grid.add_column(ratio=1, overflow="fold")
    for line in lines:
        grid.add_row("•", text(line))
    return grid


def contradictions(report: dict[str, Any], width: int) -> str:
    page = Page(width)
    count = report["count"]
    groups = report["groups"]
    page.print(f"CONTRADICTIONS: {count}", report_note(report))
    number = 0
    for group in groups:
        page.gap()
        page.rule()
        page.print(group_title(group))
        if group["proposition"] and group["proposition"]["topics"]:
            page.print("Topics: " + ", ".join(group["proposition"]["topics"]))
        page.rule()
        for item in group["contradictions"]:
            number += 1
            page.gap()
            marks = "".join(f" [{mark}]" for mark in contradiction_marks(item))
            page.print(f"CONTRADICTION {number} of {count}: {contradiction_title(item)}{marks}")
            page.print(f"Found by: {basis_text(item)}")
            for block in _sides(item, width):
                page.print(block)
            page.print(item["assessment"]["summary"])
    return page.value()


def _header(side: dict[str, Any]) -> Text:
    return text(f"{side['speaker']['name']} · claim #{side['id']}")


def _rows(sides: list[dict[str, Any]]) -> list[tuple[str, list[list[str]]]]:
    """The fields of the sides, aligned, without the speaker (it heads each column) and
    without optional fields no side has."""
    per_side = [side_fields(side) for side in sides]
    rows = []
    for position, (label, _lines) in enumerate(per_side[0]):
        values = [fields[position][1] for fields in per_side]
        if label == "Speaker" or (label in OPTIONAL_FIELDS and not any(values)):
            continue
        rows.append((label, values))
    return rows


def _sides(item: dict[str, Any], width: int) -> list[RenderableType]:
    sides = item["sides"]
    if width >= SIDE_BY_SIDE:
        table = Table(box=box.SQUARE, expand=True, show_lines=True, padding=(0, 1))
        for side in sides:
            table.add_column(_header(side), ratio=1, overflow="fold")
        for label, values in _rows(sides):
            table.add_row(*(cell(label, lines) for lines in values))
        return [table]
    blocks: list[RenderableType] = []
    for index, side in enumerate(sides):
        table = Table(box=box.SQUARE, expand=True, show_lines=True, padding=(0, 1))
        table.add_column(_header(side), ratio=1, overflow="fold")
        for label, values in _rows([side]):
            table.add_row(cell(label, values[0]))
        if index:
            blocks.append(text("versus"))
        blocks.append(table)
    return blocks


def _section(page: Page, title: str, lines: list[str], empty: str = "none") -> None:
    page.gap()
    page.print(f"{title} ({len(lines)})" if lines else f"{title}: {empty}")
    if lines:
        page.print(bullets(lines))


def claim(report: dict[str, Any], width: int) -> str:
    page = Page(width)
    record = report["claim"]
    page.print(f"CLAIM #{record['id']} by {record['speaker']['name']}")
    page.print(fields_grid(claim_fields(record)))
    _section(page, "LINKS", [link_text(link) for link in report["links"]])
    _section(
        page,
        "CONTRADICTIONS",
        [brief_text(item, claim_id=record["id"]) for item in report["contradictions"]],
    )
    history = [f"verdict #{v['id']}: {verdict_text(v)}" for v in report["verdict_history"]]
    _section(page, "VERDICT HISTORY", history)
    _section(page, "CHANGES", [change_text(change) for change in report["changes"]])
    return page.value()


def bar_chart(counts: list[tuple[str, int]], width: int) -> Table:
    """Labelled bars of ``█`` scaled to the largest count."""
    label_width = max((len(label) for label, _ in counts), default=0)
    count_width = max((len(str(count)) for _, count in counts), default=1)
    room = max(min(width - label_width - count_width - 4, BAR_WIDTH), 1)
    largest = max((count for _, count in counts), default=0) or 1
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True, justify="right")
    grid.add_column(no_wrap=True)
    for label, count in counts:
        grid.add_row(text(label), str(count), "█" * round(room * count / largest))
    return grid


def speaker(report: dict[str, Any], width: int) -> str:
    page = Page(width)
    who = report["speaker"]
    claims, verdicts = report["claims"], report["verdicts"]
    page.print(f"SCORECARD: {who['name']} (actor #{who['id']}, {who['kind']})")
    if who["description"]:
        page.print(who["description"])
    if who["aliases"]:
        page.print("Also known as: " + ", ".join(who["aliases"]))
    for role in who["roles"]:
        page.print(f"Role: {role_text([role])}{role_span(role)}")
    page.gap()
    page.print(
        f"CLAIMS: {claims['total']} ({claims['active']} active, {claims['retracted']} retracted);"
        f" {claims['rated']} of the active rated, {claims['unrated']} unrated"
    )
    page.gap()
    page.print(f"VERDICTS: {verdicts['total']} current, on active claims")
    page.print(bar_chart(list(verdicts["by_bucket"].items()), width))
    if verdicts["by_level"]:
        page.print("By rating:")
        page.print(
            bar_chart(
                [
                    (f"{row['scale']}: {row['rating']}", row["count"])
                    for row in verdicts["by_level"]
                ],
                width,
            )
        )
    found = report["contradictions"]
    items = found["items"]
    page.gap()
    page.print(
        f"CONTRADICTIONS WITH OTHERS: {found['with_others']} (the record favours"
        f" {who['name']} in {found['favoured']}, the other side in {found['disfavoured']};"
        f" {found['unresolved']} unresolved)"
    )
    if found["with_others"]:
        page.print(
            bullets(brief_text(item, speaker_id=who["id"]) for item in items if not item["self"])
        )
    page.print(f"SELF-CONTRADICTIONS: {found['self']}")
    if found["self"]:
        page.print(bullets(brief_text(item) for item in items if item["self"]))
    corrections = report["corrections"]
    kinds = ", ".join(f"{kind} {n}" for kind, n in corrections["by_kind"].items() if n)
    page.gap()
    page.print(f"CORRECTIONS RECEIVED: {corrections['total']}" + (f" ({kinds})" if kinds else ""))
    if corrections["items"]:
        page.print(
            bullets(
                f"claim #{item['claim_id']}: {correction_text(item)}"
                for item in corrections["items"]
            )
        )
    return page.value()


def timeline(report: dict[str, Any], width: int) -> str:
    page = Page(width)
    page.print(f"TIMELINE: {report['topic']}, {plural(report['count'], 'event')}")
    filters = report["filters"]
    span = [f"{key} {filters[key]}" for key in ("since", "until") if filters[key]]
    if span:
        page.print("Filters: " + "; ".join(span) + ".")
    if not report["events"]:
        page.print("No claims, verdicts or corrections found.")
        return page.value()
    table = Table(box=box.SIMPLE_HEAD, expand=True, padding=(0, 1), pad_edge=False)
    table.add_column("When", no_wrap=True, max_width=16)
    table.add_column("What", ratio=1, overflow="fold")
    for event in report["events"]:
        table.add_row(text(event_when(event)), text(f"{event_title(event)}: {event_text(event)}"))
    page.print(table)
    return page.value()


RENDERERS = {
    "contradictions": contradictions,
    "claim": claim,
    "speaker": speaker,
    "timeline": timeline,
}
