"""Asking the person at the terminal, only when there is one."""

import sys
from enum import StrEnum
from typing import TYPE_CHECKING, TypeVar

from factcheck.errors import InvalidInput, NotFound

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from factcheck.models import Actor, ActorKind
    from factcheck.services.rows import Named

E = TypeVar("E", bound=StrEnum)


def interactive() -> bool:
    return sys.stdin.isatty()


def ask(question: str) -> str:
    """One line typed at the terminal. The question goes to stderr, so that stdout carries
    data alone (Click's prompts write a space to stdout)."""
    sys.stderr.write(f"{question} ")
    sys.stderr.flush()
    line = sys.stdin.readline()
    if not line:
        raise InvalidInput("no answer was typed", "give the value as an argument or option")
    return line.rstrip("\r\n")


def confirm(question: str) -> bool:
    return ask(f"{question} [y/N]").strip().lower() in ("y", "yes")


def required(value: str | None, label: str, option: str) -> str:
    """``value``, or the answer to a prompt on a terminal; otherwise an error."""
    if value is not None and value.strip():
        return value
    while interactive():
        answer = ask(f"{label}:")
        if answer.strip():
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
    """The actor ``name`` denotes, as ``named_actor`` finds or creates it."""
    from factcheck.models import Actor

    found = named_actor(session, name, role=role, create=create, kind=kind)
    return session.get_one(Actor, found.id)


def named_actor(
    session: "Session",
    name: str,
    *,
    role: str,
    create: bool = False,
    kind: "ActorKind | None" = None,
) -> "Named":
    """The id and name of the actor ``name`` denotes; creates one (a person unless ``kind``
    says otherwise) with ``--new``, or after a yes at a prompt."""
    from factcheck.enums import ActorKind
    from factcheck.services import rows

    try:
        return rows.resolve_actor(session, name, role=role)
    except NotFound as error:
        if not create and not (interactive() and confirm(f"{error}. Create {role} {name!r}?")):
            raise
    from factcheck.services import actors

    added = actors.add_actor(session, name=name, kind=kind or ActorKind.PERSON)
    return rows.Named(added.id, added.name)


def choice(value: E | None, enum_class: type[E], label: str, option: str) -> E:
    """``value``, or one of ``enum_class`` typed at a prompt on a terminal; else an error."""
    if value is not None:
        return value
    from factcheck.services.text import enum_member

    return enum_member(enum_class, required(None, label, option).strip().lower(), label)
