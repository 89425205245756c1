"""The command-line front end: parse, open one unit of work, call a service, render.

``main`` answers ``--version`` and the top-level ``--help`` before importing Typer, and
``app`` is imported on first use, so that those two start as fast as Python itself.
"""

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from factcheck.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    from factcheck.cli.commands import answer_without_typer

    code = answer_without_typer(sys.argv[1:])
    if code is not None:
        sys.exit(code)
    _load_app()
    from factcheck.cli.app import main as run

    run()


def _load_app() -> Any:
    from factcheck.cli.app import app

    # Importing the submodule binds the name ``app`` here to the module; the Typer app is
    # what ``from factcheck.cli import app`` has always meant.
    globals()["app"] = app
    return app


def __getattr__(name: str) -> Any:
    if name == "app":
        return _load_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
