"""The ``factcheck`` command: global options, error reporting, and the sub-commands.

Sub-commands are listed in ``factcheck.cli.commands`` and imported only when one is used
(Click docs, "Advanced Groups: Lazily Loading Subcommands"), so that a command pays for its
own module and no other.
"""

import importlib
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from factcheck import config
from factcheck.cli import commands
from factcheck.cli.state import State
from factcheck.errors import FactcheckError
from factcheck.terminal import terminal_safe


class FactcheckGroup(TyperGroup):
    """Loads sub-commands on demand and turns domain errors into one line on stderr and their
    exit code, in one place."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except FactcheckError as error:
            url = ctx.obj.url if isinstance(ctx.obj, State) else config.database_url()
            message = terminal_safe(config.mask_secrets(str(error), url), one_line=True)
            typer.echo(f"Error: {message}", err=True)
            raise typer.Exit(int(error.exit_code)) from None

    def list_commands(self, ctx: Any) -> list[str]:
        registered = super().list_commands(ctx)
        return [*commands.COMMANDS, *(name for name in registered if name not in commands.COMMANDS)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        entry = commands.COMMANDS.get(cmd_name)
        if entry is None or cmd_name in self.commands:
            return super().get_command(ctx, cmd_name)
        command = load_command(cmd_name, entry.target)
        self.commands[cmd_name] = command
        return command

    def format_help(self, ctx: Any, formatter: Any) -> None:
        # The same text `factcheck --help` prints without Typer (see factcheck.cli.commands).
        formatter.write(commands.root_help(commands.terminal_width()) + "\n")


def load_command(name: str, target: str) -> Any:
    """The Click command for ``target`` ("module:attribute"), built as ``add_typer`` or
    ``app.command`` would have built it."""
    module_name, _, attribute = target.partition(":")
    found = getattr(importlib.import_module(module_name), attribute)
    holder = typer.Typer()
    if isinstance(found, typer.Typer):
        holder.add_typer(found, name=name)
        group = typer.main.get_command(holder)
        assert isinstance(group, TyperGroup)
        return group.commands[name]
    holder.command(name)(found)
    return typer.main.get_command(holder)


app = typer.Typer(
    cls=FactcheckGroup,
    name="factcheck",
    help=commands.DESCRIPTION,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": list(commands.HELP_OPTIONS)},
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(commands.version_line())
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    db_url: Annotated[
        str | None,
        typer.Option("--db", metavar="URL", help=commands.DB_HELP, show_default=False),
    ] = None,
    as_user: Annotated[
        str | None,
        typer.Option("--as", metavar="NAME", help=commands.AS_HELP, show_default=False),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help=commands.VERSION_HELP
        ),
    ] = False,
) -> None:
    ctx.obj = State(db_option=db_url, user_option=as_user)


def main() -> None:
    app(prog_name="factcheck")
