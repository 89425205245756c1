"""``factcheck verdict``: reviewers' ratings of claims, and their revisions."""

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
from factcheck.enums import Bucket

app = typer.Typer(
    help="Rate claims on a rating scale; a new verdict by the same reviewer supersedes the old.",
    no_args_is_help=True,
)

COLUMNS = [
    "id",
    "claim_id",
    "claim_text",
    "reviewer",
    "reviewer_id",
    "scale",
    "rating",
    "bucket",
    "score",
    "explanation",
    "url",
    "review_source_id",
    "date",
    "supersedes_id",
    "superseded_by_id",
    "is_current",
    "created_at",
]
LIST_TABLE = ["id", "claim_id", "reviewer", "rating", "scale", "bucket", "date"]
HISTORY_TABLE = [
    "id",
    "reviewer",
    "rating",
    "scale",
    "date",
    "supersedes_id",
    "superseded_by_id",
    "is_current",
]


@app.command()
def add(
    ctx: typer.Context,
    claim: Annotated[str, typer.Argument(metavar="CLAIM", help="The claim's id.")],
    by: Annotated[str | None, typer.Option("--by", help="The reviewer: name, alias or id.")] = None,
    rating: Annotated[
        str | None, typer.Option(help="A label or alias of the scale, e.g. barely-true.")
    ] = None,
    scale: Annotated[
        str | None,
        typer.Option(
            help="Rating scale slug; default: the reviewer's last scale, else basic.",
            show_default=False,
        ),
    ] = None,
    explanation: Annotated[str | None, typer.Option(help="Why this rating.")] = None,
    url: Annotated[str | None, typer.Option(help="Where the review is published.")] = None,
    source: Annotated[
        str | None, typer.Option(help="The review as a recorded source: URL or id.")
    ] = None,
    date: Annotated[str | None, typer.Option(help="When it was reviewed: YYYY[-MM[-DD]].")] = None,
    new: Annotated[bool, typer.Option("--new", help="Create the reviewer if unknown.")] = False,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Rate a claim; a reviewer's new verdict supersedes their current one on the claim.

    The superseded verdict stays, and `verdict history` shows both.

    Without --scale: the scale of the reviewer's latest verdict, else the one they publish,
    else basic.

    Example: factcheck verdict add 12 --by PolitiFact --scale politifact --rating barely-true
    """
    from factcheck.services import lookup, verdicts
    from factcheck.services.dates import parse_optional_date

    reviewer_name = prompts.required(by, "reviewer", "--by REVIEWER")
    label = prompts.required(rating, "rating", "--rating LABEL")
    reviewed = parse_optional_date(date, field="--date")
    with session(ctx) as db:
        target = lookup.get_claim(db, claim)
        reviewer = prompts.actor(db, reviewer_name, role="reviewer", create=new)
        level = verdicts.resolve_rating(db, reviewer, label, scale=scale)
        verdict = verdicts.add_verdict(
            db,
            claim=target,
            reviewer=reviewer,
            level=level,
            explanation=explanation,
            review_url=url,
            reviewed=reviewed,
            review_source=lookup.get_source(db, source) if source else None,
        )
        record = verdicts.verdict_view(verdict)
    message = f"{record['reviewer']} rated claim #{record['claim_id']} {record['rating']!r}"
    if record["supersedes_id"] is not None:
        message += f", superseding verdict #{record['supersedes_id']}"
    created(record["id"], f"{message} (verdict #{record['id']}).", record, fmt)


@app.command()
def history(
    ctx: typer.Context,
    claim: Annotated[str, typer.Argument(metavar="CLAIM", help="The claim's id.")],
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Every verdict on a claim, superseded ones included, oldest first.

    Example: factcheck verdict history 12 --format json
    """
    from factcheck.services import lookup, verdicts

    with session(ctx, write=False) as db:
        target = lookup.get_claim(db, claim)
        rows = verdicts.verdict_views(db, verdicts.verdict_history(db, target))
    emit(render_rows(rows, COLUMNS, fmt, table_columns=HISTORY_TABLE))


@app.command("list")
def list_(
    ctx: typer.Context,
    reviewer: Annotated[str | None, typer.Option(help="Only this reviewer's verdicts.")] = None,
    scale: Annotated[str | None, typer.Option(help="Only verdicts on this scale.")] = None,
    bucket: Annotated[Bucket | None, typer.Option(help="Only ratings in this bucket.")] = None,
    claim: Annotated[str | None, typer.Option(help="Only verdicts on this claim.")] = None,
    include_retracted: Annotated[
        bool, typer.Option(help="Include verdicts on retracted claims.")
    ] = False,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """List current verdicts (superseded ones are in `verdict history`).

    Example: factcheck verdict list --reviewer PolitiFact --bucket false --format csv
    """
    from factcheck.services import actors, lookup, ratings, verdicts

    with session(ctx, write=False) as db:
        found = verdicts.list_verdicts(
            db,
            reviewer=actors.resolve_actor(db, reviewer) if reviewer else None,
            scale=ratings.get_scale(db, scale) if scale else None,
            bucket=bucket,
            claim=lookup.get_claim(db, claim) if claim else None,
            include_retracted=include_retracted,
        )
        rows = verdicts.verdict_views(db, found)
    emit(render_rows(rows, COLUMNS, fmt, table_columns=LIST_TABLE))


@app.command()
def show(
    ctx: typer.Context,
    verdict: Annotated[str, typer.Argument(metavar="VERDICT", help="The verdict's id.")],
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Show one verdict, with what it supersedes and what superseded it.

    Example: factcheck verdict show 3 --format json
    """
    from factcheck.services import verdicts

    with session(ctx, write=False) as db:
        [record] = verdicts.verdict_views(db, [verdicts.get_verdict(db, verdict)])
    emit(render_record(record, fmt))
