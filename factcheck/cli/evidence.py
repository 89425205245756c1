"""``factcheck evidence``: source excerpts that support, refute or give context to a claim."""

from typing import Annotated

import typer

from factcheck.cli import prompts
from factcheck.cli.appearance import retracted_note, with_source_label
from factcheck.cli.output import (
    FormatOption,
    OutputFormat,
    created,
    emit,
    render_record,
    render_rows,
    shaped,
)
from factcheck.cli.state import session
from factcheck.enums import EvidenceStance

app = typer.Typer(help="Record and list the evidence on a claim.", no_args_is_help=True)

COLUMNS = [
    "id",
    "claim_id",
    "stance",
    "source_id",
    "source_url",
    "source_title",
    "excerpt",
    "locator",
    "note",
]
TABLE_COLUMNS = ["id", "stance", "source", "excerpt", "locator", "note"]


@app.command()
def add(
    ctx: typer.Context,
    claim: Annotated[str, typer.Argument(help="The claim's id.")],
    source: Annotated[str | None, typer.Option(help="The source's URL or id.")] = None,
    stance: Annotated[
        EvidenceStance | None, typer.Option(help="What the excerpt does to the claim.")
    ] = None,
    excerpt: Annotated[str | None, typer.Option(help="The words that bear on it.")] = None,
    locator: Annotated[
        str | None, typer.Option(help="Where in the source: page, line, timestamp.")
    ] = None,
    note: Annotated[str | None, typer.Option(help="Why it matters, in your words.")] = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Record evidence that supports, refutes or gives context to a claim.

    The source must exist (add it with: factcheck source add URL).

    Example: factcheck evidence add 1 --source https://foreignpolicy.com/2019/03/silver-lining
    --stance refutes --excerpt "an official confirmed Ri's account"
    """
    from factcheck.services import evidence, lookup

    source = prompts.required(source, "source", "--source URL|ID")
    side = prompts.choice(stance, EvidenceStance, "stance", "--stance")
    with session(ctx) as db:
        record = lookup.get_claim(db, claim)
        added = evidence.add_evidence(
            db,
            claim=record,
            source=lookup.get_source(db, source),
            stance=side,
            excerpt=excerpt,
            locator=locator,
            note=note,
        )
        view = evidence.evidence_view(added)
        reminder = retracted_note(record)
    message = (
        f"Added evidence #{view['id']} on claim #{view['claim_id']} ({view['stance']}){reminder}."
    )
    created(view["id"], message, shaped(view, fmt), fmt)


@app.command("list")
def list_(
    ctx: typer.Context,
    claim: Annotated[str, typer.Argument(help="The claim's id.")],
    stance: Annotated[EvidenceStance | None, typer.Option(help="Only this stance.")] = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """List the evidence on a claim, in the order it was recorded.

    Example: factcheck evidence list 1 --stance refutes --format csv
    """
    from factcheck.services import evidence, lookup

    with session(ctx, write=False) as db:
        found = evidence.list_evidence(db, lookup.get_claim(db, claim), stance=stance)
        rows = [evidence.evidence_view(item) for item in found]
    shown = [
        with_source_label(row) if fmt is OutputFormat.TABLE else shaped(row, fmt) for row in rows
    ]
    emit(render_rows(shown, COLUMNS, fmt, table_columns=TABLE_COLUMNS))


@app.command()
def show(
    ctx: typer.Context,
    evidence_id: Annotated[str, typer.Argument(metavar="ID", help="The evidence's id.")],
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Show one piece of evidence.

    Example: factcheck evidence show 1 --format json
    """
    from factcheck.services import evidence

    with session(ctx, write=False) as db:
        record = evidence.evidence_view(evidence.get_evidence(db, evidence_id))
    emit(render_record(shaped(record, fmt), fmt))
