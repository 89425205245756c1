"""``factcheck source``: the documents claims, evidence and verdicts come from."""

from typing import Annotated

import typer

from factcheck.cli import prompts
from factcheck.cli.output import (
    FormatOption,
    OutputFormat,
    created,
    emit,
    render_record,
    render_rows,
)
from factcheck.cli.state import session
from factcheck.enums import ActorKind, SourceKind

app = typer.Typer(help="Add, list and show sources.", no_args_is_help=True)

COLUMNS = [
    "id",
    "kind",
    "url",
    "title",
    "publisher",
    "publisher_id",
    "published",
    "archive_url",
    "language",
]
TABLE_COLUMNS = ["id", "kind", "url", "title", "publisher", "published"]


@app.command()
def add(
    ctx: typer.Context,
    url: Annotated[str | None, typer.Argument(help="The document's http(s) address.")] = None,
    title: Annotated[str | None, typer.Option(help="The document's title.")] = None,
    publisher: Annotated[
        str | None, typer.Option(help="Who published it (name, alias or id).")
    ] = None,
    new: Annotated[bool, typer.Option("--new", help="Create the publisher if unknown.")] = False,
    published: Annotated[str | None, typer.Option(help="Publication date: YYYY[-MM[-DD]].")] = None,
    kind: Annotated[SourceKind, typer.Option(help="What kind of document.")] = SourceKind.ARTICLE,
    archive_url: Annotated[
        str | None, typer.Option(help="A copy in a web archive, e.g. web.archive.org.")
    ] = None,
    language: Annotated[
        str | None, typer.Option(help="Language of the document: en, ko, en-US, ...")
    ] = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Add a source. Its URL is normalised (lower-case host, no tracking parameters, no
    fragment) and must be new.

    Example: factcheck source add https://foreignpolicy.com/2019/03/05/silver-lining/
    --title "There's a Silver Lining in the Clouds" --publisher "Foreign Policy" --new
    --published 2019-03
    """
    from factcheck.services import sources
    from factcheck.services.dates import parse_optional_date

    url = prompts.required(url, "URL", "URL")
    date = parse_optional_date(published, field="--published")
    with session(ctx) as db:
        organization = (
            prompts.actor(db, publisher, role="publisher", create=new, kind=ActorKind.ORGANIZATION)
            if publisher
            else None
        )
        source = sources.add_source(
            db,
            url=url,
            title=title,
            publisher=organization,
            published=date,
            kind=kind,
            archive_url=archive_url,
            language=language,
        )
        record = sources.source_view(source)
        label = sources.source_label(source)
    created(record["id"], f"Added {record['kind']} source {label}.", record, fmt)


@app.command("list")
def list_(
    ctx: typer.Context,
    publisher: Annotated[str | None, typer.Option(help="Only this publisher's.")] = None,
    kind: Annotated[SourceKind | None, typer.Option(help="Only this kind.")] = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """List sources, oldest first.

    Example: factcheck source list --publisher "Foreign Policy" --format csv
    """
    from factcheck.services import actors, sources

    with session(ctx, write=False) as db:
        organization = actors.resolve_actor(db, publisher, role="publisher") if publisher else None
        rows = [
            sources.source_view(source)
            for source in sources.list_sources(db, publisher=organization, kind=kind)
        ]
    emit(render_rows(rows, COLUMNS, fmt, table_columns=TABLE_COLUMNS))


@app.command()
def show(
    ctx: typer.Context,
    reference: Annotated[str, typer.Argument(metavar="URL|ID", help="The source's URL or id.")],
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Show one source.

    Example: factcheck source show https://foreignpolicy.com/2019/03/05/silver-lining/
    """
    from factcheck.services import lookup, sources

    with session(ctx, write=False) as db:
        record = sources.source_view(lookup.get_source(db, reference))
    emit(render_record(record, fmt))
