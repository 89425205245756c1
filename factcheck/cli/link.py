"""``factcheck link``: typed links between claims (contradicts, supports, repeats, ...)."""

from typing import Annotated, Any

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
    say,
    shaped,
)
from factcheck.cli.state import session
from factcheck.enums import LinkKind, LinkStatus

app = typer.Typer(
    help="Link claims; list, show, confirm, reject and remove links; suggest contradictions.",
    no_args_is_help=True,
)

COLUMNS = [
    "id",
    "kind",
    "claim_a_id",
    "claim_a_text",
    "claim_a_speaker",
    "claim_a_status",
    "claim_b_id",
    "claim_b_text",
    "claim_b_speaker",
    "claim_b_status",
    "status",
    "method",
    "score",
    "reason",
    "note",
]
TABLE_COLUMNS = ["id", "claim_a", "kind", "claim_b", "status", "method", "note"]
SUGGEST_COLUMNS = ["id", "claim_a", "claim_b", "score", "method", "reason"]


def _claim_label(claim: dict[str, Any]) -> str:
    retracted = " [retracted]" if claim["status"] == "retracted" else ""
    return f"#{claim['id']} {claim['speaker']}{retracted}"


def _table_row(record: dict[str, Any]) -> dict[str, Any]:
    row = flatten(record)
    row["claim_a"] = _claim_label(record["claim_a"])
    row["claim_b"] = _claim_label(record["claim_b"])
    return row


def _sentence(record: dict[str, Any]) -> str:
    return f"claim #{record['claim_a']['id']} {record['kind']} claim #{record['claim_b']['id']}"


@app.command()
def add(
    ctx: typer.Context,
    claim_a: Annotated[str, typer.Argument(help="The first claim's id.")],
    claim_b: Annotated[str, typer.Argument(help="The second claim's id.")],
    kind: Annotated[
        LinkKind | None,
        typer.Option(help="How CLAIM_A relates to CLAIM_B; contradicts and same-as go both ways."),
    ] = None,
    note: Annotated[str | None, typer.Option(help="Why they are linked.")] = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Link two claims; the link is confirmed.

    A contradicts or same-as link is stored once whichever way round the claims are given.
    Adding a link that was suggested or rejected before confirms that link.

    Example: factcheck link add 1 2 --kind contradicts --note "all sanctions vs five resolutions"
    """
    from factcheck.services import links, lookup

    link_kind = prompts.choice(kind, LinkKind, "kind", "--kind")
    with session(ctx) as db:
        added = links.add_link(
            db,
            claim_a=lookup.get_claim(db, claim_a),
            claim_b=lookup.get_claim(db, claim_b),
            kind=link_kind,
            note=note,
        )
        record = links.link_view(added.link)
    if added.revived_from is None:
        message = f"Added link #{record['id']}: {_sentence(record)}."
    else:
        message = (
            f"Confirmed link #{record['id']} (was {added.revived_from.value}): {_sentence(record)}."
        )
    created(record["id"], message, shaped(record, fmt), fmt)


@app.command("list")
def list_(
    ctx: typer.Context,
    status: Annotated[LinkStatus | None, typer.Option(help="Only this status.")] = None,
    kind: Annotated[LinkKind | None, typer.Option(help="Only this kind.")] = None,
    claim: Annotated[
        str | None, typer.Option(help="Only the links of this claim (id), retracted or not.")
    ] = None,
    include_retracted: Annotated[
        bool, typer.Option(help="Also links that touch a retracted claim.")
    ] = False,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """List links between claims, oldest first.

    Example: factcheck link list --status suggested --kind contradicts
    """
    from factcheck.services import links, lookup

    with session(ctx, write=False) as db:
        found = links.list_links(
            db,
            status=status,
            kind=kind,
            claim=lookup.get_claim(db, claim) if claim is not None else None,
            include_retracted=include_retracted,
        )
        rows = [links.link_view(link) for link in found]
    shown = [_table_row(row) if fmt is OutputFormat.TABLE else shaped(row, fmt) for row in rows]
    emit(render_rows(shown, COLUMNS, fmt, table_columns=TABLE_COLUMNS))


@app.command()
def show(
    ctx: typer.Context,
    link: Annotated[str, typer.Argument(help="The link's id.")],
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Show one link with both claims.

    Example: factcheck link show 1 --format json
    """
    from factcheck.services import links

    with session(ctx, write=False) as db:
        record = links.link_view(links.get_link(db, link))
    emit(render_record(shaped(record, fmt), fmt))


def _change_status(
    ctx: typer.Context, link: str, status: LinkStatus, note: str | None, fmt: OutputFormat
) -> None:
    from factcheck.services import links

    with session(ctx) as db:
        found = links.get_link(db, link)
        previous = found.status.value
        record = links.link_view(links.set_status(db, found, status, note=note))
    message = (
        f"Link #{record['id']} is now {record['status']} (was {previous}): {_sentence(record)}."
    )
    created(record["id"], message, shaped(record, fmt), fmt)


@app.command()
def confirm(
    ctx: typer.Context,
    link: Annotated[str, typer.Argument(help="The link's id.")],
    note: Annotated[str | None, typer.Option(help="Why; replaces the link's note.")] = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Confirm a suggested (or earlier rejected) link, so that it counts.

    Example: factcheck link confirm 4
    """
    _change_status(ctx, link, LinkStatus.CONFIRMED, note, fmt)


@app.command()
def reject(
    ctx: typer.Context,
    link: Annotated[str, typer.Argument(help="The link's id.")],
    note: Annotated[str | None, typer.Option(help="Why; replaces the link's note.")] = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Reject a link: it stays on record but no longer counts.

    Example: factcheck link reject 4 --note "different summits"
    """
    _change_status(ctx, link, LinkStatus.REJECTED, note, fmt)


@app.command()
def remove(
    ctx: typer.Context,
    link: Annotated[str, typer.Argument(help="The link's id.")],
) -> None:
    """Delete a link entered by mistake; the change log keeps what it was.

    To keep a link on record but stop it counting, reject it instead: a rejected pair is
    also never suggested again, while a removed one may be.

    Example: factcheck link remove 4
    """
    from factcheck.services import links

    with session(ctx) as db:
        found = links.get_link(db, link)
        record = links.link_view(found)
        links.remove_link(db, found)
    say(f"Removed link #{record['id']}: {_sentence(record)}.")


@app.command()
def suggest(
    ctx: typer.Context,
    topic: Annotated[
        str | None, typer.Option(help="Only claims with this topic, and its propositions.")
    ] = None,
    limit: Annotated[
        int | None, typer.Option(min=1, help="At most this many suggestions, best first.")
    ] = None,
    min_score: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Leave out suggestions scored lower.")
    ] = 0.5,
    dry_run: Annotated[bool, typer.Option(help="Print the suggestions without storing them.")] = (
        False
    ),
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Suggest contradictions among claims that share a topic or a proposition.

    Each suggestion is stored as a suggested contradicts link with a score (0 to 1), a method
    (rule: opposite stances on a proposition; similarity: the texts) and a one-line reason;
    a pair by one speaker is marked as a self-contradiction. Suggestions count in reports only
    once confirmed (factcheck link confirm ID); a rejected pair, or one linked already, is
    never suggested again, so running this twice adds nothing the second time.

    Example: factcheck link suggest --topic "Hanoi summit" --min-score 0.6 --dry-run
    """
    from factcheck.services import lookup
    from factcheck.services import suggest as suggesting

    with session(ctx, write=not dry_run) as db:
        found = suggesting.suggest_contradictions(
            db,
            topic=lookup.get_topic(db, topic) if topic is not None else None,
            limit=limit,
            min_score=min_score,
            dry_run=dry_run,
        )
        rows = [suggesting.suggestion_view(item) for item in found.suggestions]
    shown = [_table_row(row) if fmt is OutputFormat.TABLE else shaped(row, fmt) for row in rows]
    emit(render_rows(shown, COLUMNS, fmt, table_columns=SUGGEST_COLUMNS))
    verb = "Would suggest" if dry_run else "Suggested"
    say(
        f"{verb} {len(rows)} contradiction{'s' if len(rows) != 1 else ''} from"
        f" {found.candidates} candidate pairs ({found.known} linked already)."
    )
