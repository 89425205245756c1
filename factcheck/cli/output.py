"""Renderers: pure functions from rows (dicts) and columns to text in one output format."""

import csv
import io
import json
from enum import StrEnum
from typing import Annotated, Any

import typer

from factcheck.terminal import json_safe, terminal_safe


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"


FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help="Output format.", case_sensitive=False),
]

_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def cell_text(value: Any) -> str:
    """One value as plain text: lists joined with '; ', missing values empty."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(cell_text(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def to_json(value: Any) -> str:
    return json_safe(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def render_json(rows: list[dict[str, Any]]) -> str:
    return to_json(rows) + "\n"


def render_jsonl(rows: list[dict[str, Any]]) -> str:
    lines = (json.dumps(row, ensure_ascii=False, default=str) + "\n" for row in rows)
    return json_safe("".join(lines))


def csv_safe(text: str) -> str:
    """Neutralise spreadsheet formulas (OWASP "CSV Injection")."""
    return "'" + text if text.startswith(_FORMULA_PREFIXES) else text


def render_csv(rows: list[dict[str, Any]], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_safe(cell_text(row.get(column))) for column in columns])
    return buffer.getvalue()


def render_table(
    rows: list[dict[str, Any]], columns: list[str], *, width: int | None = None
) -> str:
    from factcheck.cli.table_text import plain_table

    headers = [column.replace("_", " ") for column in columns]
    texts = [[terminal_safe(cell_text(row.get(c))) for c in columns] for row in rows]
    plain = plain_table(headers, texts, width or 100)
    if plain is not None:
        return plain
    return rich_table(headers, texts, width or 100)


def rich_table(headers: list[str], rows: list[list[str]], width: int) -> str:
    """The table ``render_table`` prints, laid out by Rich: for text beyond printable ASCII
    (wide characters, line breaks), which ``plain_table`` leaves to it."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(show_edge=False, header_style="bold", pad_edge=False)
    for header in headers:
        table.add_column(header, overflow="fold")
    for row in rows:
        table.add_row(*(Text(text) for text in row))
    console = Console(file=io.StringIO(), width=width, force_terminal=False)
    console.print(table)
    output = console.file.getvalue()  # type: ignore[attr-defined]
    return str(output)


def render_record_table(record: dict[str, Any], *, width: int | None = None) -> str:
    """One object as a two-column table of fields and values."""
    rows = [{"field": key, "value": value} for key, value in record.items()]
    return render_table(rows, ["field", "value"], width=width)


def render_rows(
    rows: list[dict[str, Any]],
    columns: list[str],
    fmt: OutputFormat,
    *,
    table_columns: list[str] | None = None,
) -> str:
    """Rows in ``fmt``; the table may show fewer columns than JSON and CSV carry."""
    if fmt is OutputFormat.JSON:
        return render_json(rows)
    if fmt is OutputFormat.JSONL:
        return render_jsonl(rows)
    if fmt is OutputFormat.CSV:
        return render_csv(rows, columns)
    return render_table(rows, table_columns or columns, width=terminal_width())


def render_record(record: dict[str, Any], fmt: OutputFormat) -> str:
    if fmt is OutputFormat.JSON:
        return to_json(record) + "\n"
    if fmt is OutputFormat.JSONL:
        return render_jsonl([record])
    if fmt is OutputFormat.CSV:
        return render_csv([record], list(record))
    return render_record_table(record, width=terminal_width())


def terminal_width() -> int:
    import shutil

    return max(60, shutil.get_terminal_size((100, 24)).columns)


def emit(text: str) -> None:
    """Data on stdout."""
    typer.echo(text, nl=False)


def say(message: str) -> None:
    """A message for the person at the terminal, on stderr."""
    typer.echo(terminal_safe(message), err=True)


def created(object_id: int, message: str, record: dict[str, Any], fmt: OutputFormat) -> None:
    """What a command that creates something prints: the id (or the object) and a sentence."""
    if fmt is OutputFormat.TABLE:
        emit(f"{object_id}\n")
    else:
        emit(render_record(record, fmt))
    say(message)


def flatten(record: dict[str, Any]) -> dict[str, Any]:
    """Nested objects as prefixed fields (``{"source": {"id": 1}}`` -> ``source_id``), for
    tables and CSV."""
    flat: dict[str, Any] = {}
    for key, value in record.items():
        if isinstance(value, dict):
            flat.update({f"{key}_{inner}": item for inner, item in flatten(value).items()})
        else:
            flat[key] = value
    return flat


def shaped(record: dict[str, Any], fmt: OutputFormat) -> dict[str, Any]:
    """``record`` as ``fmt`` shows it: nested in JSON, flattened in tables and CSV."""
    return record if fmt in (OutputFormat.JSON, OutputFormat.JSONL) else flatten(record)
