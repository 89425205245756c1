"""The ``factcheck`` command: global options, error reporting, and the sub-commands."""

from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from factcheck import __version__, config
from factcheck.cli import (
    actor,
    appearance,
    claim,
    correction,
    db,
    demo,
    evidence,
    interchange,
    link,
    log,
    proposition,
    report,
    scale,
    source,
    topic,
    verdict,
)
from factcheck.cli.state import State
from factcheck.errors import FactcheckError
from factcheck.terminal import terminal_safe


class FactcheckGroup(TyperGroup):
    """Turns domain errors into one line on stderr and their exit code, in one place."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except FactcheckError as error:
            url = ctx.obj.url if isinstance(ctx.obj, State) else config.database_url()
            message = terminal_safe(config.mask_secrets(str(error), url), one_line=True)
            typer.echo(f"Error: {message}", err=True)
            raise typer.Exit(int(error.exit_code)) from None


app = typer.Typer(
    cls=FactcheckGroup,
    name="factcheck",
    help="Record who said what, where and when; check it; see where accounts conflict.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.command("demo")(demo.demo)
app.add_typer(actor.app, name="actor")
app.add_typer(db.app, name="db")
app.add_typer(source.app, name="source")
app.add_typer(claim.app, name="claim")
app.add_typer(topic.app, name="topic")
app.add_typer(verdict.app, name="verdict")
app.add_typer(correction.app, name="correction")
app.add_typer(scale.app, name="scale")
app.add_typer(proposition.app, name="proposition")
app.add_typer(appearance.app, name="appearance")
app.add_typer(evidence.app, name="evidence")
app.add_typer(link.app, name="link")
app.add_typer(report.app, name="report")
app.command("log")(log.log)
app.command("import")(interchange.import_)
app.command("export")(interchange.export)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"factcheck {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    db_url: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="URL",
            help=f"Database URL; default: ${config.DATABASE_URL_ENV}, else a file in your data"
            " directory.",
            show_default=False,
        ),
    ] = None,
    as_user: Annotated[
        str | None,
        typer.Option(
            "--as",
            metavar="NAME",
            help=f"Who the change log records; default: ${config.USER_ENV}, else your login.",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
) -> None:
    ctx.obj = State(db_option=db_url, user_option=as_user)


def main() -> None:
    app(prog_name="factcheck")
