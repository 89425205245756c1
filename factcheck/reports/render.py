"""Reports in each output format: one entry point for the command line and for callers."""

from enum import StrEnum
from typing import Any


class ReportFormat(StrEnum):
    TABLE = "table"
    MARKDOWN = "markdown"
    JSON = "json"
    CSV = "csv"
    HTML = "html"


DEFAULT_WIDTH = 100


def render(report: dict[str, Any], fmt: ReportFormat | str, *, width: int = DEFAULT_WIDTH) -> str:
    """``report`` (any of the report shapes in docs/json/report-*.md) as text in ``fmt``;
    ``width`` is the line width of the table format."""
    fmt = ReportFormat(fmt)
    kind = report["report"]
    if fmt is ReportFormat.JSON:
        from factcheck.reports import json_text
        from factcheck.terminal import json_safe

        return json_safe(json_text.dumps(report)) + "\n"
    if fmt is ReportFormat.TABLE:
        from factcheck.reports import render_table

        return render_table.RENDERERS[kind](report, width)
    if fmt is ReportFormat.MARKDOWN:
        from factcheck.reports import render_markdown

        return render_markdown.RENDERERS[kind](report)
    if fmt is ReportFormat.CSV:
        from factcheck.reports import render_csv

        return render_csv.RENDERERS[kind](report)
    from factcheck.reports import render_html

    return render_html.RENDERERS[kind](report)
