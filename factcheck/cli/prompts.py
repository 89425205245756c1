"""Asking the person at the terminal, only when there is one."""

import sys
from typing import TYPE_CHECKING

import typer

from factcheck.errors import InvalidInput, NotFound

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from factcheck.models import Actor


def interactive() -> bool:
    return sys.stdin.isatty()


def required(value: str | None, label: str, option: str) -> str:
    """``value``, or the answer to a prompt on a terminal; otherwise an error."""
    if value is not None and value.strip():
        return value
    if interactive():
        answer: str = typer.prompt(label)
        return answer
    raise InvalidInput(f"{label} is missing", f"give {option}")


def actor(session: "Session", name: str, *, role: str, create: bool = False) -> "Actor":
    """The actor ``name`` denotes; creates one with ``--new``, or after a yes at a prompt."""
    from factcheck.services import actors

    try:
        return actors.resolve_actor(session, name, role=role)
    except NotFound as error:
        if not create and not (
            interactive() and typer.confirm(f"{error}. Create {role} {name!r}?", err=True)
        ):
            raise
    return actors.add_actor(session, name=name)
