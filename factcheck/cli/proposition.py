"""``factcheck proposition``: neutral statements that claims assert, deny or qualify."""

from typing import Annotated, Any

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
from factcheck.enums import Stance

app = typer.Typer(
    help="Add, list and show propositions; record the stance a claim takes on one.",
    no_args_is_help=True,
)

LIST_COLUMNS = ["id", "text", "topics", "asserts", "denies", "qualifies", "claims"]


def _stance_line(stance: dict[str, Any]) -> str:
    retracted = " [retracted]" if stance["status"] == "retracted" else ""
    return f"claim #{stance['claim_id']} {stance['stance']} ({stance['speaker']}){retracted}"


@app.command()
def add(
    ctx: typer.Context,
    text: Annotated[str | None, typer.Argument(help="The neutral, checkable statement.")] = None,
    topic: Annotated[list[str] | None, typer.Option(help="A topic tag (repeatable).")] = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Add a proposition that claims can take a side on.

    Example: factcheck proposition add "North Korea asked for all sanctions to be lifted
    in exchange for Yongbyon" --topic "North Korea" --topic sanctions
    """
    from factcheck.services import propositions

    text = prompts.required(text, "text", "TEXT")
    with session(ctx) as db:
        proposition = propositions.add_proposition(db, text=text, topics=topic or [])
        record = propositions.proposition_view(proposition)
    created(record["id"], f"Added proposition #{record['id']}.", record, fmt)


@app.command("list")
def list_(
    ctx: typer.Context,
    topic: Annotated[str | None, typer.Option(help="Only propositions with this topic.")] = None,
    include_retracted: Annotated[bool, typer.Option(help="Count retracted claims too.")] = False,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """List propositions with how many claims assert, deny or qualify each.

    Example: factcheck proposition list --topic sanctions --format csv
    """
    from factcheck.services import propositions

    with session(ctx, write=False) as db:
        summaries = propositions.list_propositions(
            db, topic=topic, include_retracted=include_retracted
        )
        rows = [propositions.summary_view(summary) for summary in summaries]
    emit(render_rows(rows, LIST_COLUMNS, fmt))


@app.command()
def show(
    ctx: typer.Context,
    proposition: Annotated[str, typer.Argument(help="The proposition's id.")],
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Show a proposition and the stance each claim takes on it.

    Example: factcheck proposition show 1 --format json
    """
    from factcheck.services import propositions

    with session(ctx, write=False) as db:
        record = propositions.proposition_view(propositions.get_proposition(db, proposition))
    if fmt is OutputFormat.TABLE:
        record["stances"] = "\n".join(_stance_line(stance) for stance in record["stances"])
    elif fmt is OutputFormat.CSV:
        record["stances"] = [_stance_line(stance) for stance in record["stances"]]
    emit(render_record(record, fmt))


@app.command()
def stance(
    ctx: typer.Context,
    claim: Annotated[str, typer.Argument(help="The claim's id.")],
    proposition: Annotated[str, typer.Argument(help="The proposition's id.")],
    stance: Annotated[
        Stance | None, typer.Option("--stance", help="The side the claim takes.")
    ] = None,
    replace: Annotated[
        bool, typer.Option(help="Change the stance the claim already takes.")
    ] = False,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Record that a claim asserts, denies or qualifies a proposition.

    Example: factcheck proposition stance 2 1 --stance denies
    """
    from factcheck.services import lookup, propositions

    side = prompts.choice(stance, Stance, "stance", "--stance")
    with session(ctx) as db:
        record = propositions.set_stance(
            db,
            lookup.get_claim(db, claim),
            propositions.get_proposition(db, proposition),
            side,
            replace=replace,
        )
        view = propositions.stance_view(record)
    message = (
        f"Claim #{view['claim_id']} ({view['speaker']}) {view['stance']}"
        f" proposition #{view['proposition_id']}."
    )
    created(view["id"], message, view, fmt)
