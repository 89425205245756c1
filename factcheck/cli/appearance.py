"""``factcheck appearance``: where a claim was said or printed again."""

from typing import TYPE_CHECKING, Annotated, Any

import typer

from factcheck.cli import prompts
from factcheck.cli.output import (
    FormatOption,
    OutputFormat,
    created,
    emit,
    flatten,
    render_record,
    render_rows,
    shaped,
)
from factcheck.cli.state import session
from factcheck.enums import ClaimStatus

if TYPE_CHECKING:
    from factcheck.models import Claim

app = typer.Typer(help="Record and list where a claim appears.", no_args_is_help=True)

COLUMNS = [
    "id",
    "claim_id",
    "source_id",
    "source_url",
    "source_title",
    "date",
    "locator",
    "excerpt",
]
TABLE_COLUMNS = ["id", "date", "source", "locator", "excerpt"]


def with_source_label(record: dict[str, Any]) -> dict[str, Any]:
    """``record`` flattened, with its source as one short label for a table."""
    row = flatten(record)
    row["source"] = f"#{row['source_id']} {row['source_url'] or row['source_title']}"
    return row


def retracted_note(claim: "Claim") -> str:
    """A reminder, when a record is added to a retracted claim."""
    return f" (claim #{claim.id} is retracted)" if claim.status is ClaimStatus.RETRACTED else ""


@app.command()
def add(
    ctx: typer.Context,
    claim: Annotated[str, typer.Argument(help="The claim's id.")],
    source: Annotated[
        str | None, typer.Option(help="Where it appears: the source's URL or id.")
    ] = None,
    date: Annotated[str | None, typer.Option(help="When: YYYY[-MM[-DD]].")] = None,
    locator: Annotated[
        str | None, typer.Option(help="Where in the source: page, line, timestamp.")
    ] = None,
    excerpt: Annotated[str | None, typer.Option(help="The words as they appear there.")] = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Record that a claim was said or printed again in a source.

    The source must exist (add it with: factcheck source add URL).

    Example: factcheck appearance add 3 --source https://foreignpolicy.com/2019/03/silver-lining
    --date 2019-03 --excerpt "they were willing to do much less on the sanction front"
    """
    from factcheck.services import appearances, lookup
    from factcheck.services.dates import parse_optional_date

    source = prompts.required(source, "source", "--source URL|ID")
    appeared = parse_optional_date(date, field="--date")
    with session(ctx) as db:
        record = lookup.get_claim(db, claim)
        appearance = appearances.add_appearance(
            db,
            claim=record,
            source=lookup.get_source(db, source),
            appeared=appeared,
            locator=locator,
            excerpt=excerpt,
        )
        view = appearances.appearance_view(appearance)
        note = retracted_note(record)
    message = f"Added appearance #{view['id']} of claim #{view['claim_id']}{note}."
    created(view["id"], message, shaped(view, fmt), fmt)


@app.command("list")
def list_(
    ctx: typer.Context,
    claim: Annotated[str, typer.Argument(help="The claim's id.")],
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """List where a claim appears, in date order.

    Example: factcheck appearance list 3 --format json
    """
    from factcheck.services import appearances, lookup

    with session(ctx, write=False) as db:
        found = appearances.list_appearances(db, lookup.get_claim(db, claim))
        rows = [appearances.appearance_view(appearance) for appearance in found]
    shown = [
        with_source_label(row) if fmt is OutputFormat.TABLE else shaped(row, fmt) for row in rows
    ]
    emit(render_rows(shown, COLUMNS, fmt, table_columns=TABLE_COLUMNS))


@app.command()
def show(
    ctx: typer.Context,
    appearance: Annotated[str, typer.Argument(help="The appearance's id.")],
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Show one appearance.

    Example: factcheck appearance show 1
    """
    from factcheck.services import appearances

    with session(ctx, write=False) as db:
        record = appearances.appearance_view(appearances.get_appearance(db, appearance))
    emit(render_record(shaped(record, fmt), fmt))
