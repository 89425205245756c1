"""``factcheck db``: where the database is, its schema revision, backups."""

from pathlib import Path
from typing import Annotated

import typer

from factcheck.cli.output import say
from factcheck.cli.state import state
from factcheck.terminal import terminal_safe

app = typer.Typer(
    help="Show, migrate and check the database schema; back up and restore.",
    no_args_is_help=True,
)


@app.command()
def current(ctx: typer.Context) -> None:
    """Show the database in use and its schema revision.

    Example: factcheck db current
    """
    from factcheck.db import make_engine, translate_errors
    from factcheck.schema import HEAD, REVISIONS, stored_revision

    url = state(ctx).url
    with translate_errors(url):
        engine = make_engine(url, write=False)
        try:
            with engine.connect() as connection:
                revision = stored_revision(connection)
        finally:
            engine.dispose()
    if revision == HEAD:
        status = "up to date"
    elif revision is None:
        status = "not migrated yet (the next command brings it to head)"
    elif revision in REVISIONS:
        status = "behind (run: factcheck db upgrade)"
    else:
        status = "ahead of this program"
    from factcheck.config import mask_url

    typer.echo(f"database: {terminal_safe(mask_url(url))}")
    typer.echo(f"revision: {revision or '-'}")
    typer.echo(f"head:     {HEAD}")
    typer.echo(f"status:   {status}")


@app.command()
def upgrade(
    ctx: typer.Context,
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "head",
) -> None:
    """Bring the database schema up to REVISION (the newest by default).

    Example: factcheck db upgrade
    """
    from factcheck import schema
    from factcheck.db import translate_errors

    url = state(ctx).url
    with translate_errors(url):
        schema.upgrade(url, revision)
    say(f"Database upgraded to {revision}.")


@app.command()
def downgrade(
    ctx: typer.Context,
    revision: Annotated[str, typer.Argument(help="Target revision, e.g. 0001 or base.")],
) -> None:
    """Take the database schema back to REVISION.

    Example: factcheck db downgrade 0001
    """
    from factcheck import schema
    from factcheck.db import translate_errors

    url = state(ctx).url
    with translate_errors(url):
        schema.downgrade(url, revision)
    say(f"Database downgraded to {revision}.")


@app.command()
def check(ctx: typer.Context) -> None:
    """Compare the database schema with the models; fail if they differ.

    Example: factcheck db check
    """
    from factcheck import schema
    from factcheck.db import make_engine, translate_errors
    from factcheck.errors import SchemaMismatch

    url = state(ctx).url
    with translate_errors(url):
        engine = make_engine(url, write=False)
        try:
            schema.ensure_current(engine, url)
            differences = schema.check(engine)
        finally:
            engine.dispose()
    if differences:
        for difference in differences:
            typer.echo(difference)
        raise SchemaMismatch(
            f"the database schema differs from the models in {len(differences)} places",
            "run: factcheck db upgrade",
        )
    typer.echo("No drift: the database schema matches the models.")


@app.command()
def history() -> None:
    """List the schema revisions, oldest first.

    Example: factcheck db history
    """
    from factcheck import schema

    for revision, message in schema.history():
        typer.echo(f"{revision}  {message}")


@app.command()
def backup(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The backup file to write.")],
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
) -> None:
    """Copy the SQLite database into FILE, consistent even while others write to it.

    FILE is a SQLite database, written under a temporary name and renamed when whole.

    On PostgreSQL use pg_dump, or factcheck export.

    Example: factcheck db backup ~/backups/factcheck-2024-05-01.db
    """
    from factcheck.services.backup import backup as copy_database

    url = state(ctx).url
    copied = copy_database(url, file, overwrite=force)
    say(f"Backed up to {copied.path} ({copied.size:,} bytes, revision {copied.revision or '-'}).")


@app.command()
def restore(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="A backup written by factcheck db backup.")
    ],
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace a database that is not empty (kept as a copy)."),
    ] = False,
) -> None:
    """Replace the SQLite database with the backup FILE.

    A database that is not empty is replaced only with --force, after a copy of it is kept
    next to it as NAME.replaced-<UTC time>.

    Example: factcheck --db sqlite:///restored.db db restore ~/backups/factcheck-2024-05-01.db
    """
    from factcheck.schema import HEAD
    from factcheck.services.backup import restore as restore_database

    url = state(ctx).url
    copied = restore_database(url, file, overwrite=force)
    if copied.replaced is not None:
        say(f"The database it replaced is kept in {copied.replaced}.")
    say(f"Restored {copied.path} from {file} (revision {copied.revision}).")
    if copied.revision != HEAD:
        say(f"Its schema is not this program's ({HEAD}): run factcheck db upgrade.")
