"""``factcheck scale``: the rating scales verdicts are given on."""

from typing import Annotated, Any

import typer

from factcheck.cli.output import FormatOption, OutputFormat, emit, render_record, render_rows

app = typer.Typer(help="List rating scales and show their ratings.", no_args_is_help=True)

COLUMNS = ["id", "slug", "name", "description", "publisher", "publisher_id", "is_builtin", "levels"]
TABLE_COLUMNS = ["slug", "name", "levels"]
LEVEL_COLUMNS = ["position", "label", "score", "bucket", "aliases"]


def _level_labels(record: dict[str, Any]) -> dict[str, Any]:
    return {**record, "levels": [level["label"] for level in record["levels"]]}


@app.command("list")
def list_(ctx: typer.Context, fmt: FormatOption = OutputFormat.TABLE) -> None:
    """List the rating scales, built-in ones first.

    Example: factcheck scale list --format json
    """
    from factcheck.cli.state import session
    from factcheck.services import ratings

    with session(ctx, write=False) as db:
        rows = [ratings.scale_view(scale) for scale in ratings.list_scales(db)]
    if fmt in (OutputFormat.TABLE, OutputFormat.CSV):
        rows = [_level_labels(row) for row in rows]
    emit(render_rows(rows, COLUMNS, fmt, table_columns=TABLE_COLUMNS))


@app.command()
def show(
    ctx: typer.Context,
    slug: Annotated[str, typer.Argument(metavar="SLUG", help="The scale's slug, e.g. politifact.")],
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Show a scale's ratings, best first, with score, bucket and aliases.

    The table and CSV list one rating a row; JSON gives the whole scale.

    Example: factcheck scale show politifact
    """
    from factcheck.cli.state import session
    from factcheck.services import ratings

    with session(ctx, write=False) as db:
        record = ratings.scale_view(ratings.get_scale(db, slug))
    if fmt in (OutputFormat.JSON, OutputFormat.JSONL):
        emit(render_record(record, fmt))
        return
    emit(render_rows(record["levels"], LEVEL_COLUMNS, fmt))
