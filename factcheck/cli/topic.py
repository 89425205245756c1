"""``factcheck topic``: the tags on claims and propositions."""

import typer

from factcheck.cli.output import FormatOption, OutputFormat, emit, render_rows
from factcheck.cli.state import session

app = typer.Typer(help="List topics.", no_args_is_help=True)

COLUMNS = ["id", "name", "slug", "claims"]


@app.command("list")
def list_(ctx: typer.Context, fmt: FormatOption = OutputFormat.TABLE) -> None:
    """List topics by slug, with how many active claims each tags.

    Topics are created by --topic on claims and propositions.

    Example: factcheck topic list --format csv
    """
    from factcheck.services import claims

    with session(ctx, write=False) as db:
        rows = claims.list_topics(db)
    emit(render_rows(rows, COLUMNS, fmt))
