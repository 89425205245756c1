"""Asking the person at the terminal, only when there is one."""

import sys
from enum import StrEnum
from typing import TYPE_CHECKING, TypeVar

import typer

from factcheck.errors import InvalidInput, NotFound

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from factcheck.models import Actor, ActorKind

E = TypeVar("E", bound=StrEnum)


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


def actor(
    session: "Session",
    name: str,
    *,
    role: str,
    create: bool = False,
    kind: "ActorKind | None" = None,
) -> "Actor":
    """The actor ``name`` denotes; creates one (a person unless ``kind`` says otherwise) with
    ``--new``, or after a yes at a prompt."""
    from factcheck.services import actors

    try:
        return actors.resolve_actor(session, name, role=role)
    except NotFound as error:
        if not create and not (
            interactive() and typer.confirm(f"{error}. Create {role} {name!r}?", err=True)
        ):
            raise
    if kind is None:
        return actors.add_actor(session, name=name)
    return actors.add_actor(session, name=name, kind=kind)


def choice(value: E | None, enum_class: type[E], label: str, option: str) -> E:
    """``value``, or one of ``enum_class`` typed at a prompt on a terminal; else an error."""
    if value is not None:
        return value
    answer = required(None, label, option).strip().lower()
    try:
        return enum_class(answer)
    except ValueError:
        choices = ", ".join(member.value for member in enum_class)
        raise InvalidInput(f"{label} {answer!r} is not known", f"use one of: {choices}") from None
