"""The start-up baseline for ``factcheck claim add``: the least a program built on the same
libraries does to add one claim. It imports SQLAlchemy's ORM and Typer, maps the one table it
writes, and inserts one row into an existing database in one transaction.

Usage: python bench/minimal_insert.py URL SPEAKER_ID TEXT
"""

from datetime import UTC, datetime
from typing import Annotated

import typer
from sqlalchemy import create_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Claim(Base):
    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str]
    wording: Mapped[str]
    speaker_id: Mapped[int]
    status: Mapped[str]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


def add(
    url: str,
    speaker_id: int,
    text: Annotated[str, typer.Argument(help="What was said.")],
) -> None:
    now = datetime.now(UTC).replace(tzinfo=None)
    engine = create_engine(url)
    with Session(engine) as session:
        claim = Claim(
            text=text,
            wording="paraphrase",
            speaker_id=speaker_id,
            status="active",
            created_at=now,
            updated_at=now,
        )
        session.add(claim)
        session.commit()
        print(claim.id)
    engine.dispose()


if __name__ == "__main__":
    typer.run(add)
