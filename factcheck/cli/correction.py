"""``factcheck correction``: later statements that correct a claim or a verdict."""

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
from factcheck.enums import CorrectionKind

app = typer.Typer(help="Record and list corrections of claims and verdicts.", no_args_is_help=True)

COLUMNS = [
    "id",
    "target",
    "claim_id",
    "verdict_id",
    "kind",
    "issued_by",
    "issued_by_id",
    "date",
    "text",
    "source_id",
    "source_url",
    "created_at",
]
TABLE_COLUMNS = ["id", "target", "kind", "issued_by", "date", "text"]


@app.command()
def add(
    ctx: typer.Context,
    target: Annotated[
        str,
        typer.Argument(
            metavar="TARGET",
            help="What is corrected: a claim (12, claim:12) or a verdict (verdict:7).",
        ),
    ],
    by: Annotated[
        str | None, typer.Option("--by", help="Who issued it: name, alias or id.")
    ] = None,
    text: Annotated[str | None, typer.Option(help="What the correction says.")] = None,
    date: Annotated[str | None, typer.Option(help="When it was issued: YYYY[-MM[-DD]].")] = None,
    source: Annotated[str | None, typer.Option(help="Where it was reported: URL or id.")] = None,
    kind: Annotated[
        CorrectionKind | None,
        typer.Option(
            help="Default: clarification by the claim's speaker, newsroom by the verdict's"
            " reviewer, else third-party.",
            show_default=False,
        ),
    ] = None,
    new: Annotated[bool, typer.Option("--new", help="Create the issuer if unknown.")] = False,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Record a correction of a claim (12 or claim:12) or of a verdict (verdict:7).

    Without --kind: clarification by the claim's speaker, newsroom by the verdict's reviewer,
    else third-party.

    Example: factcheck correction add 12 --by "US official" --text "Ri's account was right."

    Example: factcheck correction add verdict:7 --by PolitiFact --text "Date fixed."
    """
    from factcheck.services import corrections, lookup
    from factcheck.services.dates import parse_optional_date

    issuer_name = prompts.required(by, "issued by", "--by NAME")
    words = prompts.required(text, "correction text", "--text T")
    issued = parse_optional_date(date, field="--date")
    with session(ctx) as db:
        corrected = corrections.resolve_target(db, target)
        issuer = prompts.actor(db, issuer_name, role="issuer", create=new)
        correction = corrections.add_correction(
            db,
            target=corrected,
            issued_by=issuer,
            text=words,
            issued=issued,
            source=lookup.get_source(db, source) if source else None,
            kind=kind,
        )
        record = corrections.correction_view(correction)
    target_label = record["target"].replace(":", " #")
    message = f"Recorded {record['kind']} correction #{record['id']} of {target_label}."
    created(record["id"], message, record, fmt)


@app.command("list")
def list_(
    ctx: typer.Context,
    claim: Annotated[
        str | None,
        typer.Argument(
            metavar="[CLAIM]", help="Only corrections of this claim and of its verdicts."
        ),
    ] = None,
    kind: Annotated[CorrectionKind | None, typer.Option(help="Only this kind.")] = None,
    by: Annotated[str | None, typer.Option("--by", help="Only those issued by this actor.")] = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """List corrections, oldest first.

    Example: factcheck correction list 12 --format json
    """
    from factcheck.services import actors, corrections, lookup

    with session(ctx, write=False) as db:
        found = corrections.list_corrections(
            db,
            claim=lookup.get_claim(db, claim) if claim else None,
            kind=kind,
            issued_by=actors.resolve_actor(db, by) if by else None,
        )
        rows = [corrections.correction_view(correction) for correction in found]
    emit(render_rows(rows, COLUMNS, fmt, table_columns=TABLE_COLUMNS))


@app.command()
def show(
    ctx: typer.Context,
    correction: Annotated[str, typer.Argument(metavar="CORRECTION", help="The correction's id.")],
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Show one correction.

    Example: factcheck correction show 2 --format json
    """
    from factcheck.services import corrections

    with session(ctx, write=False) as db:
        record = corrections.correction_view(corrections.get_correction(db, correction))
    emit(render_record(record, fmt))
