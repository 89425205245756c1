"""``factcheck actor``: people and organisations that speak, publish, review or correct."""

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
    say,
)
from factcheck.cli.state import session
from factcheck.enums import ActorKind

app = typer.Typer(help="Add, list, show, alias and merge actors.", no_args_is_help=True)

COLUMNS = ["id", "name", "kind", "aliases", "affiliations", "description"]
TABLE_COLUMNS = ["id", "name", "kind", "aliases", "affiliations"]


def _affiliation_text(affiliation: dict[str, str | None]) -> str:
    where = " at ".join(part for part in (affiliation["role"], affiliation["organization"]) if part)
    since, until = affiliation["from"], affiliation["until"]
    span = f" ({since or '?'} to {until or 'now'})" if since or until else ""
    return where + span


@app.command()
def add(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(help="The actor's name.")] = None,
    kind: Annotated[ActorKind, typer.Option(help="Person or organisation.")] = ActorKind.PERSON,
    alias: Annotated[list[str] | None, typer.Option(help="Another name (repeatable).")] = None,
    description: Annotated[str | None, typer.Option(help="Who or what this is.")] = None,
    member_of: Annotated[
        str | None, typer.Option(help="Organisation the actor belongs to (name, alias or id).")
    ] = None,
    role: Annotated[str | None, typer.Option(help="Role held, e.g. 'Foreign Minister'.")] = None,
    since: Annotated[
        str | None, typer.Option("--from", help="Start of the role: YYYY[-MM[-DD]].")
    ] = None,
    until: Annotated[str | None, typer.Option(help="End of the role: YYYY[-MM[-DD]].")] = None,
    new: Annotated[bool, typer.Option("--new", help="Create the organisation if unknown.")] = False,
    allow_duplicate: Annotated[
        bool, typer.Option(help="Add even if an actor of this name exists.")
    ] = False,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Add a person or an organisation.

    Example: factcheck actor add "Ri Yong Ho" --alias "리용호" --member-of DPRK
    --role "Foreign Minister" --from 2016-05 --until 2020-01
    """
    from factcheck.models import ActorKind as Kind
    from factcheck.services import actors
    from factcheck.services.dates import parse_optional_date

    name = prompts.required(name, "name", "NAME")
    started = parse_optional_date(since, field="--from")
    ended = parse_optional_date(until, field="--until")
    if (role or since or until) and not member_of and not role:
        raise _usage("--from and --until describe a role", "give --role or --member-of")
    with session(ctx) as db:
        actor = actors.add_actor(
            db,
            name=name,
            kind=kind,
            aliases=alias or [],
            description=description,
            allow_duplicate=allow_duplicate,
        )
        if member_of or role:
            organization = (
                prompts.actor(db, member_of, role="organisation", create=new) if member_of else None
            )
            if organization is not None and organization.kind is not Kind.ORGANIZATION and new:
                organization.kind = Kind.ORGANIZATION
            actors.add_affiliation(
                db, actor, organization=organization, role=role, started=started, ended=ended
            )
        db.refresh(actor)
        record = actors.actor_view(actor)
    message = f"Added {record['kind']} {record['name']} (#{record['id']})."
    created(record["id"], message, record, fmt)


def _usage(message: str, hint: str) -> Exception:
    from factcheck.errors import InvalidInput

    return InvalidInput(message, hint)


@app.command("list")
def list_(
    ctx: typer.Context,
    kind: Annotated[ActorKind | None, typer.Option(help="Only this kind.")] = None,
    search: Annotated[str | None, typer.Option(help="Name or alias contains this.")] = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """List actors (merged duplicates are left out).

    Example: factcheck actor list --kind organization --format csv
    """
    from factcheck.services import actors

    with session(ctx, write=False) as db:
        rows = [actors.actor_view(a) for a in actors.list_actors(db, kind=kind, search=search)]
    if fmt in (OutputFormat.TABLE, OutputFormat.CSV):
        for row in rows:
            row["affiliations"] = [_affiliation_text(a) for a in row["affiliations"]]
    emit(render_rows(rows, COLUMNS, fmt, table_columns=TABLE_COLUMNS))


@app.command()
def show(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Name, alias or id.")],
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Show one actor with aliases and affiliations.

    Example: factcheck actor show "President Trump" --format json
    """
    from factcheck.services import actors

    with session(ctx, write=False) as db:
        record = actors.actor_view(actors.resolve_actor(db, name))
    if fmt is OutputFormat.TABLE:
        record["affiliations"] = [_affiliation_text(a) for a in record["affiliations"]]
    emit(render_record(record, fmt))


@app.command()
def alias(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Name, alias or id of the actor.")],
    alias: Annotated[str, typer.Argument(help="The other name.")],
) -> None:
    """Give an actor another name.

    Example: factcheck actor alias "Donald Trump" donald-trump
    """
    from factcheck.services import actors

    with session(ctx) as db:
        actor = actors.resolve_actor(db, name)
        alias_id = actors.add_alias(db, actor, alias).id
        label = f"{actor.name} (#{actor.id})"
    emit(f"{alias_id}\n")
    say(f"{label} now also goes by {alias!r}.")


@app.command()
def merge(
    ctx: typer.Context,
    keep: Annotated[str, typer.Argument(help="The actor to keep.")],
    duplicate: Annotated[str, typer.Argument(help="The duplicate to fold into it.")],
) -> None:
    """Fold a duplicate into another actor; the duplicate's name becomes an alias.

    Everything that pointed at the duplicate (claims, sources, verdicts, corrections,
    affiliations) then points at the actor kept; the duplicate stays as a redirect.

    Example: factcheck actor merge "Donald Trump" "D. Trump"
    """
    from factcheck.services import actors

    with session(ctx) as db:
        kept = actors.resolve_actor(db, keep)
        dup = actors.resolve_actor(db, duplicate, role="duplicate")
        moved = actors.merge_actors(db, kept, dup)
        message = f"Merged {dup.name} (#{dup.id}) into {kept.name} (#{kept.id})"
        kept_id = kept.id
    total = sum(moved.values())
    emit(f"{kept_id}\n")
    say(f"{message}; {total} references moved.")
