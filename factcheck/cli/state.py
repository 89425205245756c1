"""What the top-level options decide for every command, and the unit of work they open."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

import typer

from factcheck import config

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class State:
    db_option: str | None = None
    user_option: str | None = None

    @property
    def url(self) -> str:
        return config.database_url(self.db_option)

    @property
    def user(self) -> str:
        return config.current_user(self.user_option)


def state(ctx: typer.Context) -> State:
    root = ctx.find_root()
    return root.obj if isinstance(root.obj, State) else State()


@contextmanager
def session(ctx: typer.Context, *, write: bool = True) -> Iterator["Session"]:
    """One command's transaction: committed when the block ends, rolled back on any error."""
    from factcheck.db import unit_of_work

    current = state(ctx)
    with unit_of_work(current.url, user=current.user, write=write) as db_session:
        yield db_session
